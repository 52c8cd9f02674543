// The acknowledgement table: requests written in batches (a plan of 100,000 tasks asks its units at once), the
// lists with the names of tasks, units and people, and the per-unit figures of bulletins and assessments.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, IsNull } from 'typeorm';
import { insertEntityRows } from '../database/sql';
import { Acknowledgement, type AcknowledgementKind } from './acknowledgement.entity';

/** Subjects one statement names at most when existing requests are looked up. */
const LOOKUP_BATCH = 500;

export type NewAcknowledgement = Pick<
  Acknowledgement,
  'kind' | 'subjectId' | 'taskId' | 'unitId' | 'requestedAt' | 'dueAt'
>;

export type AcknowledgementState = 'pending' | 'overdue' | 'done';

export interface AcknowledgementFilter {
  unitId?: number;
  taskId?: number;
  kind?: AcknowledgementKind;
  state?: AcknowledgementState;
  now: Date;
}

/** A row as listed, with the names a reader needs. */
export interface AcknowledgementRow {
  id: number;
  kind: AcknowledgementKind;
  subjectId: number;
  taskId: number;
  taskCode: string;
  taskTitle: string;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitNameEn: string | null;
  requestedAt: Date;
  dueAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedById: number | null;
  acknowledgedByName: string | null;
  remindedAt: Date | null;
}

export interface UnitAcknowledgementFigures {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitNameEn: string | null;
  requested: number;
  onTime: number;
  late: number;
  pending: number;
}

const asDate = (v: unknown): Date | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v
      : new Date(typeof v === 'string' && !/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? `${v.replace(' ', 'T')}Z` : (v as string));

@Injectable()
export class AcknowledgementsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Acknowledgement);
  }

  /** Writes requests known to be new (the things were created in this transaction), without looking first. */
  async insertNew(rows: NewAcknowledgement[]): Promise<number> {
    if (rows.length) await insertEntityRows(this.txHost.tx, Acknowledgement, rows);
    return rows.length;
  }

  /** Writes the requests not there yet (same kind, subject and unit), a few hundred rows a statement. */
  async insertMissing(rows: NewAcknowledgement[]): Promise<number> {
    let written = 0;
    for (let i = 0; i < rows.length; i += LOOKUP_BATCH) {
      const chunk = rows.slice(i, i + LOOKUP_BATCH);
      const seen = new Set<string>();
      for (const kind of new Set(chunk.map((r) => r.kind))) {
        const subjects = [...new Set(chunk.filter((r) => r.kind === kind).map((r) => r.subjectId))];
        const existing = await this.repo.find({
          select: { subjectId: true, unitId: true },
          where: { kind, subjectId: In(subjects) },
        });
        for (const e of existing) seen.add(`${kind}:${e.subjectId}:${e.unitId}`);
      }
      const fresh = chunk.filter((r) => {
        const key = `${r.kind}:${r.subjectId}:${r.unitId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      if (fresh.length) await insertEntityRows(this.txHost.tx, Acknowledgement, fresh);
      written += fresh.length;
    }
    return written;
  }

  findById(id: number): Promise<Acknowledgement | null> {
    return this.repo.findOneBy({ id });
  }

  /** Marks open items acknowledged; returns how many changed (an item acknowledged already is left as it was). */
  async markAcknowledged(ids: number[], at: Date, byId: number | null): Promise<number> {
    if (!ids.length) return 0;
    const result = await this.repo
      .createQueryBuilder()
      .update(Acknowledgement)
      .set({ acknowledgedAt: at, acknowledgedById: byId })
      .where({ id: In(ids) })
      .andWhere('"acknowledgedAt" IS NULL')
      .execute();
    return result.affected ?? 0;
  }

  async markReminded(ids: number[], at: Date): Promise<void> {
    if (!ids.length) return;
    await this.repo.update({ id: In(ids) }, { remindedAt: at });
  }

  /** Open items of a unit on a task. */
  openIdsOf(taskId: number, unitId: number): Promise<number[]> {
    return this.repo
      .find({ select: { id: true }, where: { taskId, unitId, acknowledgedAt: IsNull() } })
      .then((rows) => rows.map((r) => r.id));
  }

  async list(filter: AcknowledgementFilter, limit = 1000): Promise<AcknowledgementRow[]> {
    const qb = this.repo
      .createQueryBuilder('a')
      .innerJoin('a.task', 't')
      .innerJoin('a.unit', 'u')
      .leftJoin('user', 'p', 'p."id" = a."acknowledgedById"')
      .select([
        'a."id" AS "id"',
        'a."kind" AS "kind"',
        'a."subjectId" AS "subjectId"',
        'a."taskId" AS "taskId"',
        't."code" AS "taskCode"',
        't."title" AS "taskTitle"',
        'a."unitId" AS "unitId"',
        'u."code" AS "unitCode"',
        'u."name" AS "unitName"',
        'u."nameEn" AS "unitNameEn"',
        'a."requestedAt" AS "requestedAt"',
        'a."dueAt" AS "dueAt"',
        'a."acknowledgedAt" AS "acknowledgedAt"',
        'a."acknowledgedById" AS "acknowledgedById"',
        'p."displayName" AS "acknowledgedByName"',
        'a."remindedAt" AS "remindedAt"',
      ])
      .orderBy('a."dueAt"', 'ASC')
      .addOrderBy('a."id"', 'ASC')
      .limit(limit);
    if (filter.unitId !== undefined) qb.andWhere('a."unitId" = :unitId', { unitId: filter.unitId });
    if (filter.taskId !== undefined) qb.andWhere('a."taskId" = :taskId', { taskId: filter.taskId });
    if (filter.kind !== undefined) qb.andWhere('a."kind" = :kind', { kind: filter.kind });
    if (filter.state === 'done') qb.andWhere('a."acknowledgedAt" IS NOT NULL');
    if (filter.state === 'pending')
      qb.andWhere('a."acknowledgedAt" IS NULL AND a."dueAt" >= :now', { now: filter.now });
    if (filter.state === 'overdue') qb.andWhere('a."acknowledgedAt" IS NULL AND a."dueAt" < :now', { now: filter.now });
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      ...(r as unknown as AcknowledgementRow),
      id: Number(r.id),
      subjectId: Number(r.subjectId),
      taskId: Number(r.taskId),
      unitId: Number(r.unitId),
      acknowledgedById: r.acknowledgedById === null ? null : Number(r.acknowledgedById),
      requestedAt: asDate(r.requestedAt) as Date,
      dueAt: asDate(r.dueAt) as Date,
      acknowledgedAt: asDate(r.acknowledgedAt),
      remindedAt: asDate(r.remindedAt),
    }));
  }

  /** Open items past due that were not reminded yet, oldest first. */
  dueForReminder(now: Date, limit: number): Promise<Acknowledgement[]> {
    return this.repo
      .createQueryBuilder('a')
      .innerJoinAndSelect('a.task', 't')
      .where('a."acknowledgedAt" IS NULL AND a."remindedAt" IS NULL AND a."dueAt" < :now', { now })
      .orderBy('a."dueAt"', 'ASC')
      .limit(limit)
      .getMany();
  }

  /**
   * Per unit, the items requested between two instants: acknowledged by their due time, acknowledged after it or
   * still open past due by `now` (late), and still open. One grouped query.
   */
  async figuresByUnit(from: Date, to: Date, now: Date, planId?: number): Promise<UnitAcknowledgementFigures[]> {
    const qb = this.repo
      .createQueryBuilder('a')
      .innerJoin('a.unit', 'u')
      .select('a."unitId"', 'unitId')
      .addSelect('u."code"', 'unitCode')
      .addSelect('u."name"', 'unitName')
      .addSelect('u."nameEn"', 'unitNameEn')
      .addSelect('COUNT(*)', 'requested')
      .addSelect(
        'SUM(CASE WHEN a."acknowledgedAt" IS NOT NULL AND a."acknowledgedAt" <= a."dueAt" THEN 1 ELSE 0 END)',
        'onTime',
      )
      .addSelect(
        'SUM(CASE WHEN (a."acknowledgedAt" IS NOT NULL AND a."acknowledgedAt" > a."dueAt") OR ' +
          '(a."acknowledgedAt" IS NULL AND a."dueAt" < :now) THEN 1 ELSE 0 END)',
        'late',
      )
      .addSelect('SUM(CASE WHEN a."acknowledgedAt" IS NULL THEN 1 ELSE 0 END)', 'pending')
      .where('a."requestedAt" >= :from AND a."requestedAt" < :to', { from, to, now })
      .groupBy('a."unitId"')
      .addGroupBy('u."code"')
      .addGroupBy('u."name"')
      .addGroupBy('u."nameEn"')
      .orderBy('u."code"', 'ASC');
    if (planId !== undefined) qb.innerJoin('a.task', 't', 't."planId" = :planId', { planId });
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      unitId: Number(r.unitId),
      unitCode: r.unitCode as string,
      unitName: r.unitName as string,
      unitNameEn: (r.unitNameEn as string | null) ?? null,
      requested: Number(r.requested),
      onTime: Number(r.onTime),
      late: Number(r.late),
      pending: Number(r.pending),
    }));
  }

  /** The items requested in [from, to) acknowledged after their due time, or still open past it at `now`. */
  lateRows(
    from: Date,
    to: Date,
    now: Date,
    unitId?: number,
  ): Promise<Pick<Acknowledgement, 'id' | 'kind' | 'taskId' | 'unitId' | 'dueAt' | 'acknowledgedAt'>[]> {
    const qb = this.repo
      .createQueryBuilder('a')
      .select(['a.id', 'a.kind', 'a.taskId', 'a.unitId', 'a.dueAt', 'a.acknowledgedAt'])
      .where('a."requestedAt" >= :from AND a."requestedAt" < :to', { from, to })
      .andWhere(
        '((a."acknowledgedAt" IS NOT NULL AND a."acknowledgedAt" > a."dueAt") OR ' +
          '(a."acknowledgedAt" IS NULL AND a."dueAt" < :now))',
        { now },
      );
    if (unitId !== undefined) qb.andWhere('a."unitId" = :unitId', { unitId });
    return qb.orderBy('a.id', 'ASC').getMany();
  }
}
