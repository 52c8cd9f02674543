// User accounts: who sees which, creating and editing them (by an admin) and one's own (password, language),
// each change audited; a taken email is a 409 naming `email`.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClockService } from '../common/clock.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { can, isPrivilegedRole, isSystem, roleNeedsUnit, scopeOf, unitsObject } from '../access';
import type { Actor } from '../auth/actor';
import { assertPasswordPolicy, generatedPassword } from '../auth/password-policy';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { AuditService } from '../audit/audit.service';
import { ConflictError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { isUniqueViolation } from '../database/sql';
import { UnitsService } from '../units/units.service';
import { User, type Role } from './user.entity';
import type { CreateUserDto, UpdateMeDto, UpdateUserDto } from './user.dto';
import { UsersRepository } from './users.repository';

const AUDITED: (keyof User)[] = ['email', 'displayName', 'role', 'unitId', 'active', 'locale', 'wantsDigest'];

/**
 * 三员分立: the administrators' accounts (system, audit, security) are the operator's to make and change (plan
 * file, command line); through the API nobody grants such a role or changes such an account but its holder (own
 * password and language at /users/me), so that none of the three can take over another's account.
 */
function assertNotPrivileged(actor: Actor, ...roles: Role[]): void {
  if (isSystem(actor) || !roles.some(isPrivilegedRole)) return;
  throw new ForbiddenError(
    'The accounts of the administrator, auditor and security administrator are managed from the command line',
    '系统管理员、审计管理员、安全管理员账号只能通过命令行管理',
    'privileged_account',
  );
}

function duplicateEmail(email: string): ConflictError {
  return new ConflictError(`A user with email ${email} exists`, `邮箱 ${email} 已被使用`, 'duplicate_email', 'email');
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly users: UsersRepository,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The hashes to keep of the passwords before a new one: the one it replaces first, as many as auth.passwordHistory
   * compares beside the current one.
   */
  private previousHashes(user: Pick<User, 'passwordHash' | 'previousPasswordHashes'>): string[] | null {
    const keep = this.config.auth.passwordHistory - 1;
    if (keep <= 0) return null;
    return [user.passwordHash, ...(user.previousPasswordHashes ?? [])].slice(0, keep);
  }

  /** Refuses a new password that is one of the account's last auth.passwordHistory passwords (the current one too). */
  private async assertNotRecent(
    user: Pick<User, 'passwordHash' | 'previousPasswordHashes'>,
    password: string,
  ): Promise<void> {
    const n = this.config.auth.passwordHistory;
    if (n <= 0) return;
    for (const hash of [user.passwordHash, ...(user.previousPasswordHashes ?? [])].slice(0, n)) {
      if (await verifyPassword(hash, password)) {
        throw new InvalidFieldError(
          'newPassword',
          `must not be one of the last ${n} passwords of the account`,
          `不得与最近${n}次使用的密码相同`,
          'password_reused',
        );
      }
    }
  }

  /** Admins, leads and the secretariat see every account; a liaison sees its unit's. */
  list(actor: Actor): Promise<User[]> {
    const scope = scopeOf(actor, 'user.read');
    if (scope === 'none') throw new ForbiddenError();
    return this.users.listWithUnit(scope === 'all' ? undefined : (actor.unitId ?? -1));
  }

  async get(actor: Actor, id: number): Promise<User> {
    const user = await this.users.findWithUnit(id);
    if (!user) throw new NotFoundError('User', id, '用户');
    const mayRead = actor.id === id || can(actor, 'user.read', unitsObject(user.unitId === null ? [] : [user.unitId]));
    if (!mayRead) throw new NotFoundError('User', id, '用户');
    return user;
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<User> {
    assertNotPrivileged(actor, dto.role);
    assertPasswordPolicy('password', dto.password, { email: dto.email, name: dto.displayName });
    if (dto.unitId) await this.units.requireIds([dto.unitId], 'unitId');
    const passwordHash = await hashPassword(dto.password);
    const id = await this.txHost.withTransaction(async () => {
      if (await this.users.emailTaken(dto.email)) throw duplicateEmail(dto.email);
      const user = await this.unique(dto.email, () =>
        this.users.insert({
          email: dto.email.toLowerCase(),
          displayName: dto.displayName,
          role: dto.role,
          unitId: dto.unitId ?? null,
          passwordHash,
          passwordChangedAt: this.clock.now(),
          locale: dto.locale ?? 'zh-CN',
          wantsDigest: dto.wantsDigest ?? false,
        }),
      );
      await this.audit.recordCreate(actor, 'user', user.id, user, AUDITED);
      return user.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: number, dto: UpdateUserDto): Promise<User> {
    if (dto.unitId) await this.units.requireIds([dto.unitId], 'unitId');
    if (dto.password) {
      const current = await this.users.findById(id);
      if (current) {
        assertPasswordPolicy('password', dto.password, {
          email: current.email,
          name: dto.displayName ?? current.displayName,
        });
      }
    }
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    await this.txHost.withTransaction(async () => {
      const user = passwordHash ? await this.users.findWithPassword(id) : await this.users.findById(id);
      if (!user) throw new NotFoundError('User', id, '用户');
      const before = { ...user };
      const { password: _password, ...fields } = dto;
      Object.assign(user, fields);
      if (roleNeedsUnit(user.role) && !user.unitId) {
        throw new InvalidFieldError(
          'unitId',
          'a liaison must belong to a unit',
          '联络员必须属于一个单位',
          'unit_required',
        );
      }
      if (id === actor.id && (!can({ ...actor, role: user.role }, 'user.manage') || !user.active)) {
        throw new ConflictError(
          'You cannot remove your own admin role or deactivate yourself',
          '不能取消自己的管理员角色或停用自己',
        );
      }
      assertNotPrivileged(actor, before.role, user.role);
      if (passwordHash) {
        user.previousPasswordHashes = this.previousHashes(user);
        user.passwordHash = passwordHash;
        user.passwordChangedAt = this.clock.now();
      }
      await this.unique(user.email, () => this.users.save(user));
      // a reset password, a deactivation or another role ends the tokens signed before
      if (passwordHash || (before.active && !user.active) || before.role !== user.role) await this.users.endTokens(id);
      await this.audit.recordUpdate(actor, 'user', id, before, user, AUDITED);
      if (passwordHash) await this.audit.record(actor, 'user', id, 'password.reset');
    });
    return this.get(actor, id);
  }

  async updateMe(actor: Actor, dto: UpdateMeDto): Promise<User> {
    const user = await this.users.findWithPassword(actor.id);
    if (!user) throw new NotFoundError('User', actor.id, '用户');
    let passwordHash: string | undefined;
    if (dto.newPassword) {
      if (!(await verifyPassword(user.passwordHash, dto.currentPassword ?? ''))) {
        throw new InvalidFieldError('currentPassword', 'is wrong', '当前密码错误', 'wrong_password');
      }
      assertPasswordPolicy('newPassword', dto.newPassword, {
        email: user.email,
        name: dto.displayName ?? user.displayName,
      });
      await this.assertNotRecent(user, dto.newPassword);
      passwordHash = await hashPassword(dto.newPassword);
    }
    await this.txHost.withTransaction(async () => {
      const before = { ...user };
      const { currentPassword: _c, newPassword: _n, ...fields } = dto;
      Object.assign(user, fields);
      if (passwordHash) {
        user.previousPasswordHashes = this.previousHashes(user);
        user.passwordHash = passwordHash;
        user.passwordChangedAt = this.clock.now();
      }
      await this.users.save(user);
      if (passwordHash) await this.users.endTokens(user.id);
      await this.audit.recordUpdate(actor, 'user', user.id, before, user, AUDITED);
      if (passwordHash) await this.audit.record(actor, 'user', user.id, 'password.change');
    });
    return this.get(actor, actor.id);
  }

  /** Unlocks an account locked by wrong passwords (the security administrator's action), recorded in the audit. */
  async unlock(actor: Actor, id: number): Promise<User> {
    await this.txHost.withTransaction(async () => {
      if (!(await this.users.findById(id))) throw new NotFoundError('User', id, '用户');
      const until = await this.users.lockedUntil(id);
      await this.users.setSignInFailures(id, { failedLogins: 0, firstFailedLoginAt: null, lockedUntil: null });
      await this.audit.record(actor, 'user', id, 'login.unlock', [
        { field: 'lockedUntil', from: until ? until.toISOString() : null, to: null },
      ]);
    });
    return this.get(actor, id);
  }

  /** Ends every session of the account at once (a lost phone, a leaving person), recorded in the audit. */
  async endSessions(actor: Actor, id: number): Promise<void> {
    await this.txHost.withTransaction(async () => {
      if (!(await this.users.findById(id))) throw new NotFoundError('User', id, '用户');
      await this.users.endTokens(id);
      await this.audit.record(actor, 'user', id, 'sessions.end');
    });
  }

  /**
   * Makes sure an admin can sign in: the configured one, or on a database with no admin a generated password
   * printed once.
   */
  async ensureAdmin(
    actor: Actor,
    email: string | null,
    password: string | null,
  ): Promise<{ email: string; password: string } | null> {
    if (email && password) {
      if (await this.users.findByEmail(email)) return null;
      await this.create(actor, { email, password, role: 'admin', displayName: 'Administrator' });
      return null;
    }
    if (await this.users.anyWithRole('admin')) return null;
    const generated = { email: email ?? 'admin@zhuanban.local', password: generatedPassword() };
    await this.create(actor, { ...generated, role: 'admin', displayName: 'Administrator' });
    return generated;
  }

  /** An email taken by a concurrent request is caught by the unique index. */
  private async unique<T>(email: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateEmail(email);
      throw e;
    }
  }
}
