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

export const DURING_LIMITED_SIGN_IN = 'zhuanban:during-limited-sign-in';
/**
 * The route is open to a sign-in limited to changing an expired password or enrolling a second factor (the
 * account's own page, signing out, the password change, the enrolment).
 */
export const DuringLimitedSignIn = () => SetMetadata(DURING_LIMITED_SIGN_IN, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});

/** What the request's sign-in is limited to (null: nothing), see SignInLimit. */
export const CurrentSignInLimit = createParamDecorator((_: unknown, ctx: ExecutionContext): string | null => {
  return ctx.switchToHttp().getRequest<{ signInLimit?: string | null }>().signInLimit ?? null;
});
