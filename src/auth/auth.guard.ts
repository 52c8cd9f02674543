// Every route needs a signed-in user unless marked @Public(); @Can(action) narrows it to the roles the policy gives
// the action. A route with no action of its own reads the task force's shared data (`workspace.read`), unless it
// serves the person's own account (@SelfService()).
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ACTION_KEY, assertCan, type Action } from '../access';
import { UnauthorizedError } from '../common/errors';
import type { Actor } from './actor';
import { DURING_LIMITED_SIGN_IN, IS_PUBLIC, IS_SELF_SERVICE } from './auth.decorators';
import { AuthService, signInLimitError, type SignInLimit } from './auth.service';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & { actor?: Actor; signInLimit?: SignInLimit | null }>();
    const header = req.headers.authorization;
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : null;
    if (!token) throw new UnauthorizedError();
    const { actor, renewed, limit } = await this.auth.actorFromToken(token);
    req.actor = actor;
    req.signInLimit = limit;
    // the web client keeps the renewed token: a sign-in in use does not time out
    if (renewed) void ctx.switchToHttp().getResponse<FastifyReply>().header('x-auth-token', renewed);
    if (limit && !this.reflector.getAllAndOverride<boolean>(DURING_LIMITED_SIGN_IN, targets)) {
      throw signInLimitError(limit);
    }
    const action = this.reflector.getAllAndOverride<Action | undefined>(ACTION_KEY, targets);
    if (action) assertCan(req.actor, action);
    else if (!this.reflector.getAllAndOverride<boolean>(IS_SELF_SERVICE, targets)) assertCan(actor, 'workspace.read');
    return true;
  }
}
