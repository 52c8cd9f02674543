import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { can, roleNeedsUnit, scopeOf, unitsObject } from '../access';
import type { Actor } from '../auth/actor';
import { hashPassword, verifyPassword } from '../auth/passwords';
import { AuditService } from '../audit/audit.service';
import { ConflictError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { UnitsService } from '../units/units.service';
import { User } from './user.entity';
import type { CreateUserDto, UpdateMeDto, UpdateUserDto } from './user.dto';

const AUDITED: (keyof User)[] = ['email', 'displayName', 'role', 'unitId', 'active', 'locale', 'wantsDigest'];

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
  ) {}

  /** Admins, leads and the secretariat see every account; a liaison sees its unit's. */
  list(actor: Actor): Promise<User[]> {
    const scope = scopeOf(actor, 'user.read');
    if (scope === 'none') throw new ForbiddenError();
    const where = scope === 'all' ? {} : { unitId: actor.unitId ?? -1 };
    return this.users.find({ where, relations: { unit: true }, order: { id: 'ASC' } });
  }

  async get(actor: Actor, id: number): Promise<User> {
    const user = await this.users.findOne({ where: { id }, relations: { unit: true } });
    if (!user) throw new NotFoundError('User', id, '用户');
    const mayRead = actor.id === id || can(actor, 'user.read', unitsObject(user.unitId === null ? [] : [user.unitId]));
    if (!mayRead) throw new NotFoundError('User', id, '用户');
    return user;
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<User> {
    if (dto.unitId) await this.units.requireIds([dto.unitId], 'unitId');
    const passwordHash = await hashPassword(dto.password);
    const id = await this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      const taken = await em
        .createQueryBuilder(User, 'u')
        .where('LOWER(u.email) = LOWER(:email)', { email: dto.email })
        .getExists();
      if (taken)
        throw new ConflictError(
          `A user with email ${dto.email} exists`,
          `邮箱 ${dto.email} 已被使用`,
          'duplicate_email',
        );
      const user = em.create(User, {
        email: dto.email.toLowerCase(),
        displayName: dto.displayName,
        role: dto.role,
        unitId: dto.unitId ?? null,
        passwordHash,
        locale: dto.locale ?? 'zh-CN',
        wantsDigest: dto.wantsDigest ?? false,
      });
      await em.save(user);
      await this.audit.recordCreate(em, actor, 'user', user.id, user, AUDITED);
      return user.id;
    });
    return this.get(actor, id);
  }

  async update(actor: Actor, id: number, dto: UpdateUserDto): Promise<User> {
    if (dto.unitId) await this.units.requireIds([dto.unitId], 'unitId');
    const passwordHash = dto.password ? await hashPassword(dto.password) : undefined;
    await this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      const user = await em.findOneBy(User, { id });
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
      if (passwordHash) user.passwordHash = passwordHash;
      await em.save(user);
      await this.audit.recordUpdate(em, actor, 'user', id, before, user, AUDITED);
      if (passwordHash) await this.audit.record(em, actor, 'user', id, 'password.reset');
    });
    return this.get(actor, id);
  }

  async updateMe(actor: Actor, dto: UpdateMeDto): Promise<User> {
    const user = await this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.id = :id', { id: actor.id })
      .getOneOrFail();
    let passwordHash: string | undefined;
    if (dto.newPassword) {
      if (!(await verifyPassword(user.passwordHash, dto.currentPassword ?? ''))) {
        throw new InvalidFieldError('currentPassword', 'is wrong', '当前密码错误', 'wrong_password');
      }
      passwordHash = await hashPassword(dto.newPassword);
    }
    await this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      const before = { ...user };
      const { currentPassword: _c, newPassword: _n, ...fields } = dto;
      Object.assign(user, fields);
      if (passwordHash) user.passwordHash = passwordHash;
      await em.save(user);
      await this.audit.recordUpdate(em, actor, 'user', user.id, before, user, AUDITED);
      if (passwordHash) await this.audit.record(em, actor, 'user', user.id, 'password.change');
    });
    return this.get(actor, actor.id);
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
      const existing = await this.users
        .createQueryBuilder('u')
        .where('LOWER(u.email) = LOWER(:email)', { email })
        .getOne();
      if (existing) return null;
      await this.create(actor, { email, password, role: 'admin', displayName: 'Administrator' });
      return null;
    }
    if (await this.users.existsBy({ role: 'admin' })) return null;
    const generated = { email: email ?? 'admin@zhuanban.local', password: randomBytes(12).toString('base64url') };
    await this.create(actor, { ...generated, role: 'admin', displayName: 'Administrator' });
    return generated;
  }
}
