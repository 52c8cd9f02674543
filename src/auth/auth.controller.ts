import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';
import { UsersService } from '../users/users.service';
import type { Actor } from './actor';
import { CurrentActor, Public } from './auth.decorators';
import { AuthService } from './auth.service';
import { ApiErrors } from '../common/responses';
import { UserResponseDto } from '../users/user-response.dto';
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
  password: string;
}

@ApiTags('auth')
@Controller('auth')
@ApiErrors(400, 401)
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  /** Signs in; returns a bearer token. Rate-limited per client address. */
  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiOkResponse({ type: LoginResponseDto })
  @Post('login')
  @HttpCode(200)
  login(@Body() dto: LoginDto) {
    return this.auth.login(dto.email, dto.password);
  }

  @ApiBearerAuth()
  @ApiOkResponse({ type: UserResponseDto })
  @Get('me')
  me(@CurrentActor() actor: Actor) {
    return this.users.get(actor, actor.id);
  }
}
