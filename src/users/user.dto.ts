import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  MaxLength,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { IfPresent, NotBlank, RequiredLine } from '../common/validation';
import { roleNeedsUnit } from '../access/roles';
import { ROLES, type Role } from './user.entity';

export class CreateUserDto {
  @ApiProperty({ example: 'liaison@tianshui.example.cn' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: '王敏' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @RequiredLine()
  displayName: string;

  @ApiProperty({ enum: ROLES })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ description: "the user's unit; required for a liaison", nullable: true })
  @ValidateIf((o: CreateUserDto) => roleNeedsUnit(o.role) || (o.unitId !== undefined && o.unitId !== null))
  @IsInt()
  @IsPositive()
  unitId?: number | null;

  @ApiProperty({
    minLength: 12,
    description:
      'at least 12 characters of three of: lower case, upper case, digits, other; not the email or name; not easy to guess',
  })
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  @NotBlank()
  password: string;

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] })
  @IfPresent()
  @IsIn(['zh-CN', 'en'])
  locale?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean()
  wantsDigest?: boolean;
}

export class UpdateUserDto extends PartialType(OmitType(CreateUserDto, ['email', 'unitId'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_: unknown, v: unknown) => v !== null)
  @IsInt()
  @IsPositive()
  unitId?: number | null;

  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean()
  active?: boolean;
}

/** What a user may change of their own account. */
export class UpdateMeDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @RequiredLine()
  displayName?: string;

  @ApiPropertyOptional({ enum: ['zh-CN', 'en'] })
  @IfPresent()
  @IsIn(['zh-CN', 'en'])
  locale?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean()
  wantsDigest?: boolean;

  @ApiPropertyOptional({ description: 'required to set a new password' })
  @ValidateIf((o: UpdateMeDto) => o.newPassword !== undefined || o.currentPassword !== undefined)
  @IsString()
  @MaxLength(200)
  currentPassword?: string;

  @ApiPropertyOptional({ minLength: 12, description: 'as a new account’s password' })
  @IfPresent()
  @IsString()
  @MinLength(12)
  @MaxLength(200)
  newPassword?: string;
}
