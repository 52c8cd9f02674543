// What enrolling in, turning off and answering for a second factor (TOTP) take and give.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { IfPresent, NotBlank } from '../common/validation';
import { SECOND_FACTOR_CODE_PATTERN, TOTP_PATTERN } from './totp';

export class EnableTotpDto {
  @ApiProperty({ description: 'the code the authenticator app shows now', pattern: TOTP_PATTERN.source })
  @IsString()
  @Matches(TOTP_PATTERN, { message: 'code must be the 6 digits the authenticator app shows' })
  code: string;
}

export class DisableTotpDto {
  @ApiPropertyOptional({ description: 'the account’s password; or give `code`' })
  @ValidateIf((o: DisableTotpDto) => o.code === undefined || o.password !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NotBlank()
  password?: string;

  @ApiPropertyOptional({
    description: 'a code of the authenticator app, or a recovery code; or give `password`',
    pattern: SECOND_FACTOR_CODE_PATTERN.source,
  })
  @IfPresent()
  @IsString()
  @Matches(SECOND_FACTOR_CODE_PATTERN, { message: 'code must be 6 digits or a recovery code such as abcde-23456' })
  code?: string;
}

export class TotpSetupResponseDto {
  @ApiProperty({ description: 'the secret (base32), to type into an authenticator app; shown once' })
  secret: string;

  @ApiProperty({ description: 'the otpauth:// address of the secret, for a QR code' })
  uri: string;
}

export class TotpEnabledResponseDto {
  @ApiProperty({
    type: [String],
    description: 'ten one-time recovery codes, each signing in once in place of a code; shown only now',
  })
  recoveryCodes: string[];
}

export class TotpStatusResponseDto {
  @ApiProperty({ description: 'whether sign-in asks for a code' })
  enabled: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  enabledAt: Date | null;

  @ApiProperty({ description: 'recovery codes not used yet' })
  recoveryCodesLeft: number;

  @ApiProperty({ description: 'whether the role must sign in with a second factor (auth.totpRequiredRoles)' })
  required: boolean;
}
