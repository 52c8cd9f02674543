import { Can } from '../access';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { AuthService } from '../auth/auth.service';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, DuringLimitedSignIn, SelfService } from '../auth/auth.decorators';
import { SecondFactorService } from '../auth/second-factor.service';
import { IdPipe } from '../common/id.pipe';
import { CreateUserDto, UpdateMeDto, UpdateUserDto } from './user.dto';
import { UsersService } from './users.service';
import { ApiErrors } from '../common/responses';
import { UserResponseDto } from './user-response.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@ApiErrors(400, 401, 403, 404, 409)
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly auth: AuthService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  @Can('user.read')
  @ApiOkResponse({ type: [UserResponseDto] })
  @Get()
  list(@CurrentActor() actor: Actor) {
    return this.users.list(actor);
  }

  @SelfService()
  @DuringLimitedSignIn()
  @ApiOkResponse({ type: UserResponseDto })
  @Patch('me')
  async updateMe(
    @CurrentActor() actor: Actor,
    @Body() dto: UpdateMeDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const user = await this.users.updateMe(actor, dto);
    // a new password ends every earlier token, this one too: the answer carries the one to go on with
    if (dto.newPassword) {
      const token = await this.auth.issue(actor.id);
      if (token) void reply.header('x-auth-token', token);
    }
    return user;
  }

  @Can('user.read')
  @ApiOkResponse({ type: UserResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.users.get(actor, id);
  }

  @Can('user.manage')
  @ApiCreatedResponse({ type: UserResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto) {
    return this.users.create(actor, dto);
  }

  /** Unlocks an account locked after too many wrong passwords (the security administrator's). */
  @Can('account.security')
  @ApiOkResponse({ type: UserResponseDto })
  @Post(':id/unlock')
  @HttpCode(200)
  unlock(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.users.unlock(actor, id);
  }

  /** Ends every session of the account: each token signed for it so far is refused from now on. */
  @Can('account.security')
  @ApiNoContentResponse({ description: 'every token of the account signed so far is refused from now on' })
  @Post(':id/sessions/end')
  @HttpCode(204)
  async endSessions(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<void> {
    await this.users.endSessions(actor, id);
  }

  /** Turns off a user's second factor (a lost phone; the security administrator's) and ends the account's sign-ins; the user may enrol again. */
  @Can('account.security')
  @ApiOkResponse({ type: UserResponseDto })
  @Post(':id/totp/reset')
  @HttpCode(200)
  async resetSecondFactor(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.secondFactor.reset(actor, id);
    return this.users.get(actor, id);
  }

  @Can('user.manage')
  @ApiOkResponse({ type: UserResponseDto })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateUserDto) {
    return this.users.update(actor, id, dto);
  }
}
