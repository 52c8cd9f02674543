import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor } from './actor';

export const IS_PUBLIC = 'zhuanban:public';

/** The route needs no sign-in. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const IS_SELF_SERVICE = 'zhuanban:self-service';

/**
 * The route serves the signed-in person's own account (who am I, sign-out, own password and language): open to
 * every role. Any other route without an action of its own needs `workspace.read`.
 */
export const SelfService = () => SetMetadata(IS_SELF_SERVICE, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
