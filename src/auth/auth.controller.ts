// Signing in and who the signed-in user is.
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsEmail, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { roleAccess } from '../access';
import { UsersService } from '../users/users.service';
import type { Actor } from './actor';
import { CurrentActor, CurrentSignInLimit, DuringLimitedSignIn, Public, SelfService } from './auth.decorators';
import { IfPresent } from '../common/validation';
import { SECOND_FACTOR_CODE_PATTERN } from './totp';
import { AuthService } from './auth.service';
import { ApiErrors } from '../common/responses';
import { NotBlank } from '../common/validation';
import { SignedInUserResponseDto } from '../users/user-response.dto';
import { LoginResponseDto } from './auth-response.dto';

export class LoginDto {
  @ApiProperty({ example: 'lead@tianshui.example.cn' })
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Demo-lead-2023' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @NotBlank()
  password: string;

  @ApiPropertyOptional({
    description:
      'for an account with a second factor: the code its authenticator app shows, or one of its recovery codes ' +
      '(each works once). Without it such an account is answered 401 totp_required; a wrong one counts toward the lockout',
    pattern: SECOND_FACTOR_CODE_PATTERN.source,
    example: '123456',
  })
  @IfPresent()
  @IsString()
  @Matches(SECOND_FACTOR_CODE_PATTERN, { message: 'code must be 6 digits or a recovery code such as abcde-23456' })
  code?: string;
}

@ApiTags('auth')
@SelfService()
@Controller('auth')
@ApiErrors(400, 401)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /**
   * Signs in; returns a bearer token. Rate-limited per client address and per account. An account with a second
   * factor gives its code in the same request (401 totp_required without one).
   */
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: LoginResponseDto })
  @Post('login')
  @HttpCode(200)
  async login(@Body() dto: LoginDto) {
    const res = await this.auth.login(dto.email, dto.password, dto.code);
    return { ...res, user: { ...res.user, ...roleAccess(res.user) } };
  }

  /** Signs out: ends this token and every other token of the account, on every device. */
  @ApiBearerAuth()
  @DuringLimitedSignIn()
  @ApiNoContentResponse({ description: 'signed out; the token given, and every earlier one, is refused from now on' })
  @Post('logout')
  @HttpCode(204)
  async logout(@CurrentActor() actor: Actor): Promise<void> {
    await this.auth.logout(actor);
  }

  /** The signed-in user, with the actions its role may take on some object (what the interface offers). */
  @ApiBearerAuth()
  @DuringLimitedSignIn()
  @ApiOkResponse({ type: SignedInUserResponseDto })
  @Get('me')
  async me(@CurrentActor() actor: Actor, @CurrentSignInLimit() limit: string | null) {
    return { ...(await this.users.get(actor, actor.id)), ...roleAccess(actor), limit };
  }
}
