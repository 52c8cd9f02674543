// The second factor of an account: enrolment (a secret, active once a code of it is given), recovery codes kept as
// password hashes, turning it off, an administrator's reset, and the check of a sign-in's code. Codes are checked
// against the wall clock, not the service's clock (which a demo may set): the authenticator app counts real time.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { Role, User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import type { Actor } from './actor';
import { hashPassword, verifyPassword } from './passwords';
import { matchTotp, newRecoveryCodes, newTotpSecret, normalRecoveryCode, TOTP_PATTERN, totpUri } from './totp';
import type { TotpStatusResponseDto } from './second-factor.dto';

const ISSUER = 'Zhuanban';

type WithSecondFactor = Pick<User, 'id' | 'totpSecret' | 'totpEnabledAt' | 'totpRecoveryCodes'>;

@Injectable()
export class SecondFactorService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /** Whether the role must sign in with a second factor. */
  requiredFor(role: Role): boolean {
    return this.config.auth.totpRequiredRoles.includes(role);
  }

  private async account(id: number): Promise<User> {
    const user = await this.users.findWithSecondFactor(id);
    if (!user) throw new NotFoundError('User', id, '用户');
    return user;
  }

  async status(actor: Actor): Promise<TotpStatusResponseDto> {
    const user = await this.account(actor.id);
    return {
      enabled: user.totpEnabledAt !== null,
      enabledAt: user.totpEnabledAt,
      recoveryCodesLeft: user.totpEnabledAt ? (user.totpRecoveryCodes?.length ?? 0) : 0,
      required: this.requiredFor(actor.role),
    };
  }

  /** A new secret for the signed-in user, not in force until a code of it is given (enable). */
  async setup(actor: Actor): Promise<{ secret: string; uri: string }> {
    const user = await this.account(actor.id);
    if (user.totpEnabledAt) {
      throw new ConflictError(
        'A second factor is already on; turn it off first to enrol another device',
        '已启用双因素认证；如需更换设备，请先关闭',
        'totp_enabled',
      );
    }
    const secret = newTotpSecret();
    await this.users.setSecondFactor(actor.id, { totpSecret: secret, totpLastStep: null, totpRecoveryCodes: null });
    return { secret, uri: totpUri(secret, user.email, ISSUER) };
  }

  /** Puts the secret set up in force with a current code of it; answers the recovery codes, shown only now. */
  async enable(actor: Actor, code: string): Promise<{ recoveryCodes: string[] }> {
    const user = await this.account(actor.id);
    if (user.totpEnabledAt)
      throw new ConflictError('A second factor is already on', '已启用双因素认证', 'totp_enabled');
    if (!user.totpSecret) {
      throw new ConflictError('Set up a second factor first', '请先设置双因素认证', 'totp_not_set_up');
    }
    const step = matchTotp(user.totpSecret, code, Date.now());
    if (step === null || !(await this.users.useTotpStep(user.id, step))) throw wrongCode('code');
    const recoveryCodes = newRecoveryCodes();
    const hashes = await Promise.all(recoveryCodes.map((c) => hashPassword(normalRecoveryCode(c))));
    await this.txHost.withTransaction(async () => {
      await this.users.setSecondFactor(user.id, { totpEnabledAt: this.clock.now(), totpRecoveryCodes: hashes });
      await this.audit.record(actor, 'user', user.id, 'totp.enable');
    });
    return { recoveryCodes };
  }

  /** Turns the second factor off, on the account's password or a code; not for a role that must have one. */
  async disable(actor: Actor, proof: { password?: string; code?: string }): Promise<void> {
    const user = await this.account(actor.id);
    if (!user.totpEnabledAt) throw new ConflictError('No second factor is on', '未启用双因素认证', 'totp_not_enabled');
    if (this.requiredFor(actor.role)) {
      throw new ConflictError(
        `The role ${actor.role} must sign in with a second factor; it cannot be turned off`,
        `角色 ${actor.role} 必须使用双因素认证登录，不能关闭`,
        'totp_required_for_role',
      );
    }
    if (proof.password !== undefined) {
      if (!(await verifyPassword(user.passwordHash, proof.password))) {
        throw new InvalidFieldError('password', 'is wrong', '密码错误', 'wrong_password');
      }
    } else if (!(await this.checkCode(user, proof.code ?? ''))) {
      throw wrongCode('code');
    }
    await this.clear(actor, user.id, 'totp.disable');
  }

  /** An administrator's reset (a lost phone): the second factor off and the account's tokens ended. */
  async reset(actor: Actor, id: number): Promise<void> {
    if (!(await this.users.exists(id))) throw new NotFoundError('User', id, '用户');
    await this.clear(actor, id, 'totp.reset');
  }

  private async clear(actor: Actor, id: number, action: string): Promise<void> {
    await this.txHost.withTransaction(async () => {
      await this.users.setSecondFactor(id, {
        totpSecret: null,
        totpEnabledAt: null,
        totpLastStep: null,
        totpRecoveryCodes: null,
      });
      await this.users.endTokens(id);
      await this.audit.record(actor, 'user', id, action);
    });
  }

  /**
   * Whether a code is right for the account's second factor, using it up: a TOTP code of a step not used before,
   * or one of the recovery codes (then removed). 'recovery' when a recovery code was used.
   */
  async checkCode(user: WithSecondFactor, code: string): Promise<false | 'totp' | 'recovery'> {
    if (!user.totpSecret || !user.totpEnabledAt) return false;
    if (TOTP_PATTERN.test(code)) {
      const step = matchTotp(user.totpSecret, code, Date.now());
      return step !== null && (await this.users.useTotpStep(user.id, step)) ? 'totp' : false;
    }
    const hashes = user.totpRecoveryCodes ?? [];
    const typed = normalRecoveryCode(code);
    for (const hash of hashes) {
      if (await verifyPassword(hash, typed)) {
        const left = hashes.filter((h) => h !== hash);
        return (await this.users.replaceRecoveryCodes(user.id, hashes, left)) ? 'recovery' : false;
      }
    }
    return false;
  }
}

function wrongCode(field: string): InvalidFieldError {
  return new InvalidFieldError(field, 'is wrong, expired or already used', '验证码错误、已过期或已使用', 'wrong_code');
}
