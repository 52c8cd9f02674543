// The users table: accounts by id and by email (compared case-insensitively), with or without the password
// hash, and the active accounts mail goes to.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, type DeepPartial } from 'typeorm';
import { dialectOf, numbered, preparedRead } from '../database/sql';
import { User, type Role } from './user.entity';

/** What a request's actor is made of, and what limits its sign-in. */
export type ActorFields = Pick<
  User,
  'id' | 'email' | 'displayName' | 'role' | 'unitId' | 'active' | 'tokenVersion' | 'passwordChangedAt'
> & { totpEnabled: boolean };

/** A timestamp read without an entity: SQLite gives UTC text, PostgreSQL a Date. */
function rawDate(value: Date | string | null): Date | null {
  if (value === null || value instanceof Date) return value;
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`);
}

@Injectable()
export class UsersRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(User);
  }

  /** Accounts with their unit, in id order: all of them, or one unit's. */
  listWithUnit(unitId?: number): Promise<User[]> {
    return this.repo.find({
      where: unitId !== undefined ? { unitId } : {},
      relations: { unit: true },
      order: { id: 'ASC' },
    });
  }

  findWithUnit(id: number): Promise<User | null> {
    return this.repo.findOne({ where: { id }, relations: { unit: true } });
  }

  /** Display names by id (to name who did what in a record). */
  async displayNamesOf(ids: number[]): Promise<Map<number, string>> {
    const unique = [...new Set(ids.filter((id): id is number => typeof id === 'number'))];
    if (!unique.length) return new Map();
    const rows = await this.repo.find({ select: { id: true, displayName: true }, where: { id: In(unique) } });
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }

  findById(id: number): Promise<User | null> {
    return this.repo.findOneBy({ id });
  }

  /**
   * The fields a request's actor is made of, by id: read on every signed-in request, so one narrow statement
   * without an entity to build.
   */
  async actorFieldsById(id: number): Promise<ActorFields | null> {
    const tx = this.txHost.tx;
    // read on every request: prepared once per connection on PostgreSQL
    const [row] = (await preparedRead(
      tx,
      numbered(
        dialectOf(tx),
        'SELECT "id", "email", "displayName", "role", "unitId", "active", "tokenVersion", "passwordChangedAt",' +
          ' "totpEnabledAt" IS NOT NULL AS "totpEnabled" FROM "user" WHERE "id" = $1',
      ),
      [id],
    )) as {
      id: number | string;
      email: string;
      displayName: string;
      role: Role;
      unitId: number | string | null;
      active: unknown;
      tokenVersion: number | string;
      passwordChangedAt: Date | string | null;
      totpEnabled: unknown;
    }[];
    if (!row) return null;
    return {
      id: Number(row.id),
      email: row.email,
      displayName: row.displayName,
      role: row.role,
      unitId: row.unitId === null ? null : Number(row.unitId),
      active: row.active === true || Number(row.active) === 1,
      tokenVersion: Number(row.tokenVersion),
      passwordChangedAt: rawDate(row.passwordChangedAt),
      totpEnabled: row.totpEnabled === true || Number(row.totpEnabled) === 1,
    };
  }

  exists(id: number): Promise<boolean> {
    return this.repo.existsBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.repo.createQueryBuilder('u').where('LOWER(u.email) = LOWER(:email)', { email }).getOne();
  }

  emailTaken(email: string): Promise<boolean> {
    return this.repo.createQueryBuilder('u').where('LOWER(u.email) = LOWER(:email)', { email }).getExists();
  }

  /** The account with its password hash (never selected otherwise), by email. */
  findByEmailWithPassword(email: string): Promise<User | null> {
    return this.repo
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .addSelect('u.tokenVersion')
      .addSelect(['u.failedLogins', 'u.firstFailedLoginAt', 'u.lockedUntil', 'u.passwordChangedAt'])
      .addSelect(['u.totpSecret', 'u.totpEnabledAt', 'u.totpLastStep', 'u.totpRecoveryCodes'])
      .where('LOWER(u.email) = LOWER(:email)', { email })
      .getOne();
  }

  /** The account with its password hash and the hashes of the passwords before, by id. */
  findWithPassword(id: number): Promise<User | null> {
    return this.repo
      .createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.previousPasswordHashes', 'u.passwordChangedAt'])
      .where('u.id = :id', { id })
      .getOne();
  }

  /** The account with its password hash and its second factor (secret, last step used, recovery code hashes). */
  findWithSecondFactor(id: number): Promise<User | null> {
    return this.repo
      .createQueryBuilder('u')
      .addSelect(['u.passwordHash', 'u.totpSecret', 'u.totpEnabledAt', 'u.totpLastStep', 'u.totpRecoveryCodes'])
      .where('u.id = :id', { id })
      .getOne();
  }

  /** Sets (or with nulls clears) the second factor of an account. */
  async setSecondFactor(
    id: number,
    fields: Partial<Pick<User, 'totpSecret' | 'totpEnabledAt' | 'totpLastStep' | 'totpRecoveryCodes'>>,
  ): Promise<void> {
    await this.repo.update(id, fields);
  }

  /**
   * Marks a TOTP step used, if no later or equal one was: false when it was (a code used twice, even by two
   * requests at once, passes once).
   */
  async useTotpStep(id: number, step: number): Promise<boolean> {
    const res = await this.repo
      .createQueryBuilder()
      .update(User)
      .set({ totpLastStep: step })
      .where('id = :id', { id })
      .andWhere('("totpLastStep" IS NULL OR "totpLastStep" < :step)', { step })
      .execute();
    return (res.affected ?? 0) === 1;
  }

  /** Replaces the recovery code hashes if they are still those read: false when another request changed them. */
  async replaceRecoveryCodes(id: number, before: string[], after: string[]): Promise<boolean> {
    const res = await this.repo
      .createQueryBuilder()
      .update(User)
      .set({ totpRecoveryCodes: after })
      .where('id = :id', { id })
      .andWhere('"totpRecoveryCodes" = :before', { before: JSON.stringify(before) })
      .execute();
    return (res.affected ?? 0) === 1;
  }

  anyWithRole(role: Role): Promise<boolean> {
    return this.repo.existsBy({ role });
  }

  /** The sign-in failures and lock of an account. */
  async setSignInFailures(
    id: number,
    fields: Pick<User, 'failedLogins' | 'firstFailedLoginAt' | 'lockedUntil'>,
  ): Promise<void> {
    await this.repo.update(id, fields);
  }

  /** Whether the account is locked now, and until when. */
  async lockedUntil(id: number): Promise<Date | null> {
    const row = await this.repo
      .createQueryBuilder('u')
      .select('u.id')
      .addSelect('u.lockedUntil')
      .where('u.id = :id', { id })
      .getOne();
    return row?.lockedUntil ?? null;
  }

  /** Ends every token of the user signed so far (signing out, everywhere). */
  async endTokens(id: number): Promise<void> {
    await this.repo.increment({ id }, 'tokenVersion', 1);
  }

  async recordLogin(id: number, at: Date): Promise<void> {
    await this.repo.update(id, { lastLoginAt: at });
  }

  /** A taken email fails on the unique index. */
  insert(fields: DeepPartial<User>): Promise<User> {
    return this.repo.save(this.repo.create(fields));
  }

  /** Writes a loaded account back. */
  save(user: User): Promise<User> {
    return this.repo.save(user);
  }

  /** Active liaisons of the given units, in id order. */
  activeLiaisonsOf(unitIds: number[]): Promise<User[]> {
    if (!unitIds.length) return Promise.resolve([]);
    return this.repo.find({ where: { role: 'liaison', active: true, unitId: In(unitIds) }, order: { id: 'ASC' } });
  }

  activeWithRoles(roles: Role[]): Promise<User[]> {
    return this.repo.find({ where: { role: In(roles), active: true }, order: { id: 'ASC' } });
  }

  activeWantingDigest(): Promise<User[]> {
    return this.repo.find({ where: { wantsDigest: true, active: true }, order: { id: 'ASC' } });
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  /** Id and language of the users. */
  localesOf(ids: number[]): Promise<Pick<User, 'id' | 'locale'>[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({ select: { id: true, locale: true }, where: { id: In(ids) } });
  }

  /** Id and display name of every user. */
  displayNames(): Promise<Pick<User, 'id' | 'displayName'>[]> {
    return this.repo.find({ select: { id: true, displayName: true } });
  }

  /** The account of an email address, compared as stored (lower-cased). */
  findByStoredEmail(email: string): Promise<User | null> {
    return this.repo.findOneBy({ email: email.toLowerCase() });
  }

  /** Every account's email, lower-cased. */
  async lowerCasedEmails(): Promise<string[]> {
    const rows = await this.repo
      .createQueryBuilder('u')
      .select('LOWER(u.email)', 'email')
      .getRawMany<{ email: string }>();
    return rows.map((r) => r.email);
  }

  /** Inserts an account without reading it back; a taken email fails on the unique index. */
  async insertRow(fields: Partial<User>): Promise<void> {
    await this.repo.insert(fields);
  }

  /**
   * Who files a closing request for a unit: its liaison first, else its secretariat, else its first user; a lead
   * last, since a lead decides closing requests and, with separation of duties, not one of its own.
   */
  closingRequesterOf(unitId: number): Promise<User | null> {
    return this.repo
      .createQueryBuilder('u')
      .where('u.unitId = :unitId', { unitId })
      .orderBy("CASE u.role WHEN 'liaison' THEN 0 WHEN 'secretariat' THEN 1 WHEN 'lead' THEN 3 ELSE 2 END")
      .addOrderBy('u.id')
      .getOne();
  }

  // --- read by dispatch, bulletins and the dashboard ---

  /** The id and display name of the given accounts (who opened a round, for instance). */
  namesByIds(ids: number[]): Promise<User[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({ select: { id: true, displayName: true }, where: { id: In(ids) } });
  }
}
