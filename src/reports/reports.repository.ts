// The progress reports table: filing (one live report per task, unit and period, by a partial unique index),
// review, and the report lists; also the dispatch rounds a report answers, read for the reports' own views.
import { OPEN_COORDINATION_PARAMS, openCoordinationSql } from './open-coordination';
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Brackets, type DeepPartial, In, type SelectQueryBuilder } from 'typeorm';
import { col, insertEntityRows } from '../database/sql';
import { DispatchRound } from '../dispatch/dispatch-round.entity';
import { User } from '../users/user.entity';
import { ProgressReport, type ReportStatus } from './progress-report.entity';

/** Reports a statement inserts at most (about 15 columns a row). */
const INSERT_BATCH = 500;

/** Task ids a statement names at most. */
const TASK_ID_BATCH = 500;

/** Task ids a statement names at most when a replaced plan's reports are deleted. */
const DELETE_BATCH = 300;

export interface ReportFilter {
  /** The caller's list scope (src/access): only the reports it may read. */
  scope?: SqlScope | null;
  unitId?: number;
  taskId?: number;
  status?: ReportStatus;
  period?: string;
  needsCoordination?: boolean;
}

/** A report as a dispatch round counts it. */
export interface PeriodReportRow {
  id: number;
  taskId: number;
  unitId: number;
  period: string;
  filedOn: string;
  status: string;
}

/** A report as the views read it: its task (id, code, title, lead unit), unit, filer and reviewer. */
export type LoadedReport = ProgressReport & { reviewedBy?: User | null };

@Injectable()
export class ReportsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(ProgressReport);
  }

  private loaded(): SelectQueryBuilder<ProgressReport> {
    return this.repo
      .createQueryBuilder('r')
      .innerJoin('r.task', 't')
      .addSelect(['t.id', 't.code', 't.title', 't.leadUnitId'])
      .innerJoinAndSelect('r.unit', 'u')
      .leftJoin('r.filedBy', 'fb')
      .addSelect(['fb.id', 'fb.displayName'])
      .leftJoinAndMapOne('r.reviewedBy', User, 'rb', 'rb.id = r.reviewedById');
  }

  /** A unit's reports on a task for a period, newest first. */
  filingsOf(taskId: number, unitId: number, period: string): Promise<ProgressReport[]> {
    return this.repo.find({ where: { taskId, unitId, period }, order: { id: 'DESC' } });
  }

  /** Inserts a report; a second live report for the same task, unit and period fails on the unique index. */
  insert(fields: DeepPartial<ProgressReport>): Promise<ProgressReport> {
    return this.repo.save(this.repo.create(fields));
  }

  /** Inserts many reports, a few hundred rows a statement, in the order given, without reading them back. */
  async insertMany(rows: DeepPartial<ProgressReport>[]): Promise<void> {
    await insertEntityRows(this.txHost.tx, ProgressReport, rows, INSERT_BATCH);
  }

  findById(id: number): Promise<ProgressReport | null> {
    return this.repo.findOneBy({ id });
  }

  async update(id: number, patch: Partial<ProgressReport>): Promise<void> {
    await this.repo.update(id, patch);
  }

  findLoaded(id: number): Promise<LoadedReport | null> {
    return this.loaded().where('r.id = :id', { id }).getOne();
  }

  /** A task's reports, newest first. */
  ofTask(taskId: number): Promise<LoadedReport[]> {
    return this.loaded()
      .where('r.taskId = :taskId', { taskId })
      .orderBy('r.filedAt', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .getMany();
  }

  /** One page of the matching reports, newest first, with the count of all of them. */
  pageOf(filter: ReportFilter, page: { page: number; pageSize: number }): Promise<[LoadedReport[], number]> {
    const qb = this.loaded().orderBy('r.filedAt', 'DESC').addOrderBy('r.id', 'DESC');
    if (filter.scope) qb.andWhere(filter.scope.where, filter.scope.params);
    if (filter.unitId !== undefined) qb.andWhere('r.unitId = :unitId', { unitId: filter.unitId });
    if (filter.taskId) qb.andWhere('r.taskId = :taskId', { taskId: filter.taskId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.period) qb.andWhere('r.period = :period', { period: filter.period });
    if (filter.needsCoordination !== undefined) {
      qb.andWhere('r.needsCoordination = :nc', { nc: filter.needsCoordination });
    }
    return qb
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
  }

  /** The open dispatch round of the plan for the period whose scope holds the task and the unit, if any. */
  answeredRound(planId: number, taskId: number, unitId: number, period: string): Promise<DispatchRound | null> {
    return this.txHost.tx
      .getRepository(DispatchRound)
      .createQueryBuilder('d')
      .innerJoin('dispatch_round_task', 'dt', `${col('dt', 'roundId')} = d.id AND ${col('dt', 'taskId')} = :taskId`, {
        taskId,
      })
      .innerJoin('dispatch_round_unit', 'du', `${col('du', 'roundId')} = d.id AND ${col('du', 'unitId')} = :unitId`, {
        unitId,
      })
      .where('d.planId = :planId AND d.period = :period AND d.status = :open', { planId, period, open: 'open' })
      .getOne();
  }

  /** The due dates of the given dispatch rounds, by round id. */
  async roundDueDates(roundIds: number[]): Promise<Map<number, string>> {
    if (!roundIds.length) return new Map();
    const rounds = await this.txHost.tx
      .getRepository(DispatchRound)
      .find({ select: { id: true, dueDate: true }, where: { id: In(roundIds) } });
    return new Map(rounds.map((d) => [d.id, d.dueDate]));
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  findByIds(ids: number[]): Promise<ProgressReport[]> {
    return ids.length ? this.repo.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /**
   * Reports on the plan's tasks that ask for coordination, filed after `since` and by `asOf`, not returned; joins
   * the task for its plan, in one query (the question is about reports).
   */
  coordinationRequests(planId: number, since: Date, asOf: string): Promise<ProgressReport[]> {
    return this.repo
      .createQueryBuilder('r')
      .innerJoin('r.task', 't')
      .where('t.planId = :planId', { planId })
      .andWhere('r.needsCoordination = :yes', { yes: true })
      .andWhere('r.status != :returned', { returned: 'returned' })
      .andWhere('r.filedAt > :since', { since })
      .andWhere('r.filedOn <= :asOf', { asOf })
      .orderBy('r.filedAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  /** (task, unit, period) of the reports of these periods that stand (not returned). */
  async standingIn(periods: string[]): Promise<{ taskId: number; unitId: number; period: string }[]> {
    if (!periods.length) return [];
    const rows = await this.repo
      .createQueryBuilder('r')
      .select('r.taskId', 'taskId')
      .addSelect('r.unitId', 'unitId')
      .addSelect('r.period', 'period')
      .where('r.period IN (:...periods)', { periods })
      .andWhere('r.status != :returned', { returned: 'returned' })
      .getRawMany<{ taskId: number | string; unitId: number | string; period: string }>();
    return rows.map((r) => ({ taskId: Number(r.taskId), unitId: Number(r.unitId), period: r.period }));
  }

  /** The reports on the tasks, newest first within each batch of task ids. */
  async ofTasks(taskIds: number[]): Promise<ProgressReport[]> {
    const out: ProgressReport[] = [];
    for (let i = 0; i < taskIds.length; i += TASK_ID_BATCH) {
      out.push(
        ...(await this.repo.find({
          where: { taskId: In(taskIds.slice(i, i + TASK_ID_BATCH)) },
          order: { filedAt: 'DESC', id: 'DESC' },
        })),
      );
    }
    return out;
  }

  /** The reports, in the order they were filed. */
  findByIdsAsFiled(ids: number[]): Promise<ProgressReport[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({ where: { id: In(ids) }, order: { filedAt: 'ASC', id: 'ASC' } });
  }

  /** Ids of the reports on the tasks, in batches of task ids. */
  async idsOfTasks(taskIds: number[]): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < taskIds.length; i += DELETE_BATCH) {
      const rows = await this.repo.find({
        where: { taskId: In(taskIds.slice(i, i + DELETE_BATCH)) },
        select: { id: true },
      });
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  }

  /** Deletes the reports on the tasks (their plan is being replaced), in batches. */
  async deleteOfTasks(taskIds: number[]): Promise<void> {
    for (let i = 0; i < taskIds.length; i += DELETE_BATCH) {
      await this.repo.delete({ taskId: In(taskIds.slice(i, i + DELETE_BATCH)) });
    }
  }

  // --- read by dispatch, bulletins and the dashboard ---

  /** Links the period's reports already filed by the units on the tasks to a dispatch round; their ids. */
  async linkFiledToRound(roundId: number, period: string): Promise<number[]> {
    // the round's scope is written already: name it by subqueries, not by lists of ids
    const inScope = (qb: SelectQueryBuilder<ProgressReport>) =>
      qb
        .where('period = :period AND "dispatchRoundId" IS NULL', { period })
        .andWhere('"taskId" IN (SELECT rt."taskId" FROM "dispatch_round_task" rt WHERE rt."roundId" = :roundId)', {
          roundId,
        })
        .andWhere('"unitId" IN (SELECT ru."unitId" FROM "dispatch_round_unit" ru WHERE ru."roundId" = :roundId)');
    const rows = await inScope(this.repo.createQueryBuilder().select('id', 'id'))
      .orderBy('id', 'ASC')
      .getRawMany<{ id: number | string }>();
    if (rows.length) {
      await this.repo
        .createQueryBuilder()
        .update(ProgressReport)
        .set({ dispatchRoundId: roundId })
        .where('period = :period AND "dispatchRoundId" IS NULL', { period })
        .andWhere('"taskId" IN (SELECT rt."taskId" FROM "dispatch_round_task" rt WHERE rt."roundId" = :roundId)', {
          roundId,
        })
        .andWhere('"unitId" IN (SELECT ru."unitId" FROM "dispatch_round_unit" ru WHERE ru."roundId" = :roundId)')
        .execute();
    }
    return rows.map((r) => Number(r.id));
  }

  /**
   * The reports of each round's period on the tasks in its scope (id, task, unit, filing date and status), by
   * round, in id order: joined to the round's scope, not named by lists of ids.
   */
  async ofRoundsScope(roundIds: number[]): Promise<(PeriodReportRow & { roundId: number })[]> {
    if (!roundIds.length) return [];
    const rows = await this.repo
      .createQueryBuilder('r')
      .select('r.id', 'id')
      .addSelect('r.taskId', 'taskId')
      .addSelect('r.unitId', 'unitId')
      .addSelect('r.period', 'period')
      .addSelect('r.filedOn', 'filedOn')
      .addSelect('r.status', 'status')
      .addSelect('d.id', 'roundId')
      .innerJoin('dispatch_round_task', 'rt', 'rt."taskId" = r."taskId"')
      .innerJoin(DispatchRound, 'd', 'd.id = rt."roundId" AND d.period = r.period')
      .where('rt."roundId" IN (:...roundIds)', { roundIds })
      .orderBy('r.id', 'ASC')
      .getRawMany<Record<string, string | number>>();
    return rows.map((r) => ({
      id: Number(r.id),
      taskId: Number(r.taskId),
      unitId: Number(r.unitId),
      period: String(r.period),
      filedOn: String(r.filedOn),
      status: String(r.status),
      roundId: Number(r.roundId),
    }));
  }

  /** The reports of these periods on these tasks (id, task, unit, period, filing date and status), in id order. */
  ofTasksInPeriods(taskIds: number[], periods: string[]): Promise<ProgressReport[]> {
    if (!taskIds.length || !periods.length) return Promise.resolve([]);
    return this.txHost.tx
      .createQueryBuilder(ProgressReport, 'r')
      .select(['r.id', 'r.taskId', 'r.unitId', 'r.period', 'r.filedOn', 'r.status'])
      .where('r.taskId IN (:...taskIds) AND r.period IN (:...periods)', { taskIds, periods })
      .orderBy('r.id', 'ASC')
      .getMany();
  }

  /** The id, task and filing date of the given reports, in id order. */
  filedOnByIds(ids: number[]): Promise<ProgressReport[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({
      select: { id: true, taskId: true, filedOn: true },
      where: { id: In(ids) },
      order: { id: 'ASC' },
    });
  }

  /**
   * The reports on the plan's tasks filed in the period, and those of the given periods (the periods of the
   * dispatch rounds due in it), with their text, in id order. Joins the task table for its plan, in this one query.
   */
  filedInPeriodOrFor(
    planId: number,
    periodStart: string,
    periodEnd: string,
    periods: string[],
  ): Promise<ProgressReport[]> {
    return this.txHost.tx
      .createQueryBuilder(ProgressReport, 'r')
      .innerJoin('r.task', 't')
      .select([
        'r.id',
        'r.taskId',
        'r.unitId',
        'r.period',
        'r.filedOn',
        'r.status',
        'r.needsCoordination',
        'r.problems',
        'r.text',
        'r.nextSteps',
      ])
      .where('t.planId = :planId', { planId })
      .andWhere(
        new Brackets((w) => {
          w.where('r.filedOn >= :periodStart AND r.filedOn <= :periodEnd', { periodStart, periodEnd });
          if (periods.length) w.orWhere('r.period IN (:...periods)', { periods });
        }),
      )
      .orderBy('r.id', 'ASC')
      .getMany();
  }

  // --- read by meetings: matters needing coordination, grouped in SQL ---

  /** The coordination requests of a plan filed in (since, asOf] that are still open on asOf (open-coordination.ts). */
  private coordination(planId: number, since: Date, asOf: string, finished: readonly string[]) {
    return this.repo
      .createQueryBuilder('r')
      .innerJoin('r.task', 't')
      .where('t.planId = :planId', { planId })
      .andWhere('t.status NOT IN (:...finished)', { finished })
      .andWhere(openCoordinationSql('r', 't', ':asOf'), { ...OPEN_COORDINATION_PARAMS, asOf })
      .andWhere('r.filedAt > :since', { since });
  }

  /** Those requests counted per reporting unit, with the first filing of each. */
  async coordinationCountsByUnit(
    planId: number,
    since: Date,
    asOf: string,
    finished: readonly string[],
  ): Promise<{ unitId: number; count: number; firstFiledOn: string }[]> {
    const rows = await this.coordination(planId, since, asOf, finished)
      .select('r.unitId', 'unitId')
      .addSelect('COUNT(*)', 'count')
      .addSelect('MIN(r.filedOn)', 'firstFiledOn')
      .groupBy('r.unitId')
      .getRawMany<{ unitId: number | string; count: number | string; firstFiledOn: string }>();
    return rows.map((r) => ({ unitId: Number(r.unitId), count: Number(r.count), firstFiledOn: r.firstFiledOn }));
  }

  /** The first `perUnit` of those requests of each of the units, in the order filed, with their tasks. */
  async firstCoordinationOfUnits(
    planId: number,
    since: Date,
    asOf: string,
    finished: readonly string[],
    unitIds: number[],
    perUnit: number,
  ): Promise<ProgressReport[]> {
    if (!unitIds.length) return [];
    const [sql, params] = this.coordination(planId, since, asOf, finished)
      .select('r.id', 'id')
      .addSelect('ROW_NUMBER() OVER (PARTITION BY r.unitId ORDER BY r.filedAt ASC, r.id ASC)', 'n')
      .andWhere('r.unitId IN (:...unitIds)', { unitIds })
      .getQueryAndParameters();
    const ids: { id: number | string }[] = await this.txHost.tx.query(
      `SELECT ranked."id" AS "id" FROM (${sql}) ranked WHERE ranked."n" <= ${Math.floor(perUnit)}`,
      params,
    );
    if (!ids.length) return [];
    return this.repo
      .createQueryBuilder('r')
      .innerJoinAndSelect('r.task', 't')
      .where('r.id IN (:...ids)', { ids: ids.map((r) => Number(r.id)) })
      .orderBy('r.filedAt', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }
}
