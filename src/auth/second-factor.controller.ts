// The signed-in user's second factor: its state, enrolment (setup, then enable with a code) and turning it off.
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/responses';
import type { Actor } from './actor';
import { CurrentActor, DuringLimitedSignIn, SelfService } from './auth.decorators';
import {
  DisableTotpDto,
  EnableTotpDto,
  TotpEnabledResponseDto,
  TotpSetupResponseDto,
  TotpStatusResponseDto,
} from './second-factor.dto';
import { SecondFactorService } from './second-factor.service';

@ApiTags('auth')
@ApiBearerAuth()
@SelfService()
@Controller('auth/totp')
@ApiErrors(400, 401, 409)
export class SecondFactorController {
  constructor(private readonly secondFactor: SecondFactorService) {}

  /** Whether the signed-in user's sign-in asks for a code, and how many recovery codes are left. */
  @DuringLimitedSignIn()
  @ApiOkResponse({ type: TotpStatusResponseDto })
  @Get()
  status(@CurrentActor() actor: Actor) {
    return this.secondFactor.status(actor);
  }

  /** A new secret for an authenticator app; not in force until enabled with a code of it. */
  @DuringLimitedSignIn()
  @ApiOkResponse({ type: TotpSetupResponseDto })
  @Post('setup')
  @HttpCode(200)
  setup(@CurrentActor() actor: Actor) {
    return this.secondFactor.setup(actor);
  }

  /** Puts the secret in force with the code the app shows now; answers ten recovery codes, shown only this once. */
  @DuringLimitedSignIn()
  @ApiOkResponse({ type: TotpEnabledResponseDto })
  @Post('enable')
  @HttpCode(200)
  enable(@CurrentActor() actor: Actor, @Body() dto: EnableTotpDto) {
    return this.secondFactor.enable(actor, dto.code);
  }

  /** Turns the second factor off, on the password or a code; ends every sign-in of the account. */
  @ApiNoContentResponse({ description: 'turned off; sign in again with the password alone' })
  @Post('disable')
  @HttpCode(204)
  async disable(@CurrentActor() actor: Actor, @Body() dto: DisableTotpDto): Promise<void> {
    await this.secondFactor.disable(actor, dto);
  }
}
