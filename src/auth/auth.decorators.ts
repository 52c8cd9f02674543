import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../users/user.entity';
import type { Actor } from './actor';

export const IS_PUBLIC = 'zhuanban:public';
export const ROLES_KEY = 'zhuanban:roles';

/** The route needs no sign-in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** Only these roles may call the route (object-level rules are checked in the services). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
