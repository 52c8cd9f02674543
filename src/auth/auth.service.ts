// Sign-in and bearer tokens: a password checked against the account, a signed token, and the actor behind it.
// A token carries the account's token version (a password change or reset, deactivation, a new role and sign-out
// raise it, ending every earlier token), when the sign-in began and an expiry the idle timeout away; a request made
// with it in the second half of that time gets a renewed token (X-Auth-Token), never past the absolute lifetime.
// An account with a second factor signs in with a code as well; a sign-in whose password has expired, or of a role
// that must have a second factor and has none yet, is limited to putting that right (see SignInLimit).
import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ClockService } from '../common/clock.service';
import { DomainError, UnauthorizedError } from '../common/errors';
import { AuditService } from '../audit/audit.service';
import { dateTimeInZone } from '../common/clock.service';
import { SettingsService } from '../database/settings.service';
import type { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { SYSTEM_ACTOR, type Actor } from './actor';
import { hashPassword, verifyPassword } from './passwords';
import { SecondFactorService } from './second-factor.service';

/**
 * What a sign-in is limited to until the user puts it right: changing an expired password (auth.passwordMaxAgeDays),
 * or enrolling in a second factor that the role requires (auth.totpRequiredRoles). Read from the account on each
 * request, so the limit ends the moment it is put right, and begins when the configuration asks for it.
 */
export type SignInLimit = 'password_expired' | 'totp_enrolment_required';

export function signInLimitError(limit: SignInLimit): DomainError {
  return limit === 'password_expired'
    ? new DomainError(
        403,
        'password_expired',
        'The password has expired: change it (PATCH /api/users/me) before anything else',
        '密码已过期，请先修改密码',
      )
    : new DomainError(
        403,
        'totp_enrolment_required',
        'Your role must sign in with a second factor: enrol an authenticator app (POST /api/auth/totp/setup) first',
        '您的角色须使用双因素认证登录，请先绑定身份验证器应用',
      );
}

/** What signing in answers. */
export interface SignIn {
  token: string;
  expiresIn: number;
  user: Actor;
  limit: SignInLimit | null;
}

interface TokenPayload {
  sub: number;
  role: string;
  /** The account's token version when it was signed. */
  ver: number;
  /** When the sign-in began (seconds since the epoch): the absolute lifetime counts from it. */
  auth: number;
  exp?: number;
}

/** The actor behind a token, and a renewed token when the one given is past half its idle time. */
export interface TokenActor {
  actor: Actor;
  renewed: string | null;
  limit: SignInLimit | null;
}

const EXPIRED = () =>
  new UnauthorizedError('The sign-in has expired or is invalid; sign in again', '登录已失效，请重新登录');

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  private key: KeyObject | null = null;
  // Compared against when the email is unknown, so a wrong email and a wrong password take the same time.
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly jwt: JwtService,
    private readonly settings: SettingsService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly secondFactor: SecondFactorService,
  ) {}

  /** What limits a sign-in of the account now, if anything. */
  limitOf(user: Pick<User, 'role' | 'passwordChangedAt'> & { totpEnabled: boolean }): SignInLimit | null {
    const { passwordMaxAgeDays } = this.config.auth;
    if (passwordMaxAgeDays > 0) {
      const changed = user.passwordChangedAt?.getTime() ?? 0;
      if (this.clock.now().getTime() - changed >= passwordMaxAgeDays * 86_400_000) return 'password_expired';
    }
    if (!user.totpEnabled && this.secondFactor.requiredFor(user.role)) return 'totp_enrolment_required';
    return null;
  }

  /** A locked account's refusal: until when, in the task force's time. */
  private locked(until: Date): DomainError {
    const at = dateTimeInZone(until, this.config.clock.timeZone).slice(0, 16);
    return new DomainError(
      401,
      'account_locked',
      `The account is locked after too many wrong passwords until ${at}; wait, or ask an administrator to unlock it`,
      `密码错误次数过多，账号已锁定至${at}；请稍后再试，或请管理员解锁`,
    );
  }

  /** A wrong password for an existing account: counted within the window, the account locked past the threshold. */
  private async failed(
    user: Pick<User, 'id' | 'email' | 'failedLogins' | 'firstFailedLoginAt'>,
    now: Date,
  ): Promise<Date | null> {
    const { lockoutThreshold, lockoutWindowSeconds, lockoutSeconds } = this.config.auth;
    const within =
      user.firstFailedLoginAt && now.getTime() - user.firstFailedLoginAt.getTime() < lockoutWindowSeconds * 1000;
    const failedLogins = within ? user.failedLogins + 1 : 1;
    const firstFailedLoginAt = within ? user.firstFailedLoginAt : now;
    const lockedUntil = failedLogins >= lockoutThreshold ? new Date(now.getTime() + lockoutSeconds * 1000) : null;
    await this.users.setSignInFailures(user.id, {
      failedLogins: lockedUntil ? 0 : failedLogins,
      firstFailedLoginAt: lockedUntil ? null : firstFailedLoginAt,
      lockedUntil,
    });
    await this.audit.record(SYSTEM_ACTOR, 'user', user.id, 'login.failure', [
      { field: 'failedLogins', from: within ? user.failedLogins : 0, to: failedLogins },
    ]);
    if (lockedUntil) {
      await this.audit.record(SYSTEM_ACTOR, 'user', user.id, 'login.lockout', [
        { field: 'lockedUntil', from: null, to: lockedUntil.toISOString() },
      ]);
    }
    return lockedUntil;
  }

  /**
   * The signing key, made once: given as a key object, jsonwebtoken does not first try (and fail) to read the
   * secret as a public key on every request.
   */
  private async signingSecret(): Promise<string> {
    this.key ??= createSecretKey(
      Buffer.from(
        this.config.auth.jwtSecret ??
          (await this.settings.getOrCreate('jwt_secret', () => randomBytes(48).toString('base64url'))),
        'utf8',
      ),
    );
    return this.key as unknown as string;
  }

  /**
   * Signs in with a password, and a code (TOTP or recovery code) when the account has a second factor: without one
   * it answers 401 totp_required, and a wrong code counts toward the lockout as a wrong password does.
   */
  async login(email: string, password: string, code?: string): Promise<SignIn> {
    const user = await this.users.findByEmailWithPassword(email);
    const now = this.clock.now();
    if (user?.lockedUntil && user.lockedUntil > now) {
      await verifyPassword(await this.dummyHash, password);
      throw this.locked(user.lockedUntil);
    }
    const ok = user
      ? await verifyPassword(user.passwordHash, password)
      : (await verifyPassword(await this.dummyHash, password), false);
    if (user && !ok) {
      const lockedUntil = await this.failed(user, now);
      if (lockedUntil) throw this.locked(lockedUntil);
    }
    if (!user || !ok || !user.active) {
      throw new UnauthorizedError('Wrong email or password', '邮箱或密码错误');
    }
    // the failures are cleared only once both factors are right: a right password with wrong codes keeps counting
    if (user.totpEnabledAt) {
      if (code === undefined) {
        throw new DomainError(
          401,
          'totp_required',
          'Enter the code your authenticator app shows, or a recovery code',
          '请输入身份验证器应用显示的验证码，或一个恢复码',
          [{ field: 'code', code: 'totp_required', message: 'is required', messageZh: '必填' }],
        );
      }
      const used = await this.secondFactor.checkCode(user, code);
      if (!used) {
        const lockedUntil = await this.failed(user, now);
        if (lockedUntil) throw this.locked(lockedUntil);
        throw new DomainError(
          401,
          'wrong_code',
          'The code is wrong, expired or already used',
          '验证码错误、已过期或已使用',
          [
            {
              field: 'code',
              code: 'wrong_code',
              message: 'is wrong, expired or already used',
              messageZh: '验证码错误、已过期或已使用',
            },
          ],
        );
      }
      if (used === 'recovery') await this.audit.record(toActor(user), 'user', user.id, 'login.recovery_code');
    }
    if (user.failedLogins || user.lockedUntil) {
      await this.users.setSignInFailures(user.id, { failedLogins: 0, firstFailedLoginAt: null, lockedUntil: null });
    }
    await this.users.recordLogin(user.id, now);
    await this.audit.record(toActor(user), 'user', user.id, 'login');
    const seconds = Math.floor(Date.now() / 1000);
    const { token, expiresIn } = await this.sign(user, seconds, seconds);
    const limit = this.limitOf({ ...user, totpEnabled: user.totpEnabledAt !== null });
    return { token, expiresIn, user: toActor(user), limit };
  }

  /** A new token for the account as it stands, its sign-in beginning now (after the user changed their password). */
  async issue(userId: number): Promise<string | null> {
    const user = await this.users.actorFieldsById(userId);
    if (!user || !user.active) return null;
    const now = Math.floor(Date.now() / 1000);
    return (await this.sign(user, now, now)).token;
  }

  /** Ends every token of the account (sign-out, on every device). */
  async logout(actor: Actor): Promise<void> {
    await this.users.endTokens(actor.id);
  }

  private async sign(
    user: Pick<User, 'id' | 'role' | 'tokenVersion'>,
    began: number,
    now: number,
  ): Promise<{ token: string; expiresIn: number }> {
    const { idleTimeoutSeconds, tokenTtlSeconds } = this.config.auth;
    const expiresIn = Math.max(0, Math.min(idleTimeoutSeconds, began + tokenTtlSeconds - now));
    const payload: TokenPayload = { sub: user.id, role: user.role, ver: user.tokenVersion, auth: began };
    const token = await this.jwt.signAsync(payload, { secret: await this.signingSecret(), expiresIn });
    return { token, expiresIn };
  }

  /**
   * The actor behind a bearer token; the account is read again so a deactivated user, and a token signed before
   * the account's last password change or sign-out, is refused at once. A token without an expiry is refused.
   */
  async actorFromToken(token: string): Promise<TokenActor> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token, { secret: await this.signingSecret() });
    } catch {
      throw EXPIRED();
    }
    if (typeof payload.exp !== 'number' || typeof payload.auth !== 'number' || typeof payload.ver !== 'number') {
      throw EXPIRED();
    }
    const user = await this.users.actorFieldsById(payload.sub);
    if (!user || !user.active) throw new UnauthorizedError('The account is not active', '账号不可用');
    if (payload.ver !== user.tokenVersion) {
      throw new UnauthorizedError(
        'This sign-in has ended (signed out, or the password changed); sign in again',
        '本次登录已结束（已退出或密码已更改），请重新登录',
      );
    }
    const now = Math.floor(Date.now() / 1000);
    const { idleTimeoutSeconds, tokenTtlSeconds } = this.config.auth;
    const end = payload.auth + tokenTtlSeconds;
    const renew = payload.exp - now < idleTimeoutSeconds / 2 && payload.exp < end && end > now;
    return {
      actor: toActor(user),
      renewed: renew ? (await this.sign(user, payload.auth, now)).token : null,
      limit: this.limitOf(user),
    };
  }
}

export function toActor(user: Pick<User, 'id' | 'email' | 'displayName' | 'role' | 'unitId'>): Actor {
  return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, unitId: user.unitId };
}
