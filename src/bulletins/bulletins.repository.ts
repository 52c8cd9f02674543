// Every query on the bulletin table, and the read model a bulletin's snapshot is built from (the plan's work items,
// tasks, headline indicators, units, dispatch rounds and reports): a handful of queries for the whole plan, none
// per task, all through the transaction in progress so a bulletin generated and sent at once sees one state.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Brackets } from 'typeorm';
import { dialectOf } from '../database/sql';
import { DispatchRound } from '../dispatch/dispatch-round.entity';
import { Indicator } from '../indicators/indicator.entity';
import { Plan } from '../plans/plan.entity';
import { WorkItem } from '../plans/work-item.entity';
import { ProgressReport } from '../reports/progress-report.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import type { SnapshotReportRow, SnapshotRoundRow } from './bulletin-snapshot';
import { Bulletin, type BulletinStatus } from './bulletin.entity';

/** Every column but the snapshot: what a list shows. */
const SUMMARY_COLUMNS = [
  'b.id',
  'b.planId',
  'b.number',
  'b.period',
  'b.periodStart',
  'b.periodEnd',
  'b.status',
  'b.generatedAt',
  'b.generatedById',
  'b.sentAt',
  'b.sentById',
  'b.createdAt',
];

@Injectable()
export class BulletinsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Bulletin);
  }

  // --- bulletins ---

  summaries(filter: { planId?: number; status?: BulletinStatus }): Promise<Bulletin[]> {
    const qb = this.repo
      .createQueryBuilder('b')
      .select(SUMMARY_COLUMNS)
      .orderBy('b.planId', 'ASC')
      .addOrderBy('b.number', 'DESC');
    if (filter.planId) qb.andWhere('b.planId = :planId', { planId: filter.planId });
    if (filter.status) qb.andWhere('b.status = :status', { status: filter.status });
    return qb.getMany();
  }

  findById(id: number): Promise<Bulletin | null> {
    return this.repo.findOneBy({ id });
  }

  draftOf(planId: number): Promise<Bulletin | null> {
    return this.repo.findOneBy({ planId, status: 'draft' });
  }

  forPeriod(planId: number, period: string): Promise<Bulletin | null> {
    return this.repo.findOneBy({ planId, period });
  }

  /** The plan's next issue number (第N期): one more than the highest. */
  async nextNumber(planId: number): Promise<number> {
    const max = await this.repo
      .createQueryBuilder('b')
      .select('MAX(b.number)', 'max')
      .where('b.planId = :planId', { planId })
      .getRawOne<{ max: number | string | null }>();
    return Number(max?.max ?? 0) + 1;
  }

  /**
   * Holds the plan's numbering until the transaction ends, so two bulletins of a plan are numbered one after the
   * other: on PostgreSQL by locking the plan's row; a SQLite write transaction holds the whole file already.
   */
  async lockNumbering(planId: number): Promise<void> {
    if (dialectOf(this.txHost.tx) !== 'postgres') return;
    await this.txHost.tx
      .getRepository(Plan)
      .createQueryBuilder('p')
      .select('p.id')
      .where('p.id = :planId', { planId })
      .setLock('pessimistic_write')
      .getOne();
  }

  insert(fields: Omit<Bulletin, 'id' | 'createdAt'>): Promise<Bulletin> {
    return this.repo.save(this.repo.create(fields));
  }

  async saveSnapshot(bulletin: Bulletin): Promise<void> {
    await this.repo.save(bulletin);
  }

  /** Marks a draft sent; false when it is no longer a draft (another sender got there first). */
  async markSent(id: number, sentAt: Date, sentById: number | null): Promise<boolean> {
    const result = await this.repo.update({ id, status: 'draft' }, { status: 'sent', sentAt, sentById });
    return (result.affected ?? 0) > 0;
  }

  async deleteDraft(id: number): Promise<void> {
    await this.repo.delete({ id, status: 'draft' });
  }

  /** Deletes the plan's bulletins (the plan is being replaced); their ids, for what was written about them. */
  async deleteByPlan(planId: number): Promise<number[]> {
    const ids = (await this.repo.find({ select: { id: true }, where: { planId } })).map((b) => b.id);
    if (ids.length) await this.repo.delete({ planId });
    return ids;
  }

  // --- the plans a bulletin is for (read model) ---

  planById(id: number): Promise<Plan | null> {
    return this.txHost.tx.getRepository(Plan).findOneBy({ id });
  }

  firstPlan(): Promise<Plan | null> {
    return this.txHost.tx.getRepository(Plan).findOne({ where: {}, order: { id: 'ASC' } });
  }

  allPlans(): Promise<Plan[]> {
    return this.txHost.tx.getRepository(Plan).find({ order: { id: 'ASC' } });
  }

  // --- the snapshot's rows (read model) ---

  snapshotWorkItems(planId: number): Promise<WorkItem[]> {
    return this.txHost.tx.getRepository(WorkItem).find({ where: { planId }, order: { seq: 'ASC', id: 'ASC' } });
  }

  snapshotTasks(planId: number): Promise<Task[]> {
    return this.txHost.tx
      .getRepository(Task)
      .createQueryBuilder('t')
      .select([
        't.id',
        't.code',
        't.title',
        't.titleEn',
        't.workItemId',
        't.parentId',
        't.leadUnitId',
        't.status',
        't.progress',
        't.startDate',
        't.deadline',
        't.originalDeadline',
        't.recurrence',
        't.closedOn',
      ])
      .where('t.planId = :planId', { planId })
      .orderBy('t.id', 'ASC')
      .getMany();
  }

  snapshotHeadlineIndicators(planId: number): Promise<Indicator[]> {
    return this.txHost.tx.getRepository(Indicator).find({ where: { planId, headline: true }, order: { id: 'ASC' } });
  }

  snapshotUnits(): Promise<Unit[]> {
    return this.txHost.tx.getRepository(Unit).find({ order: { id: 'ASC' } });
  }

  /** The plan's dispatch rounds due in the period, with the tasks in their scope. */
  async snapshotRounds(planId: number, periodStart: string, periodEnd: string): Promise<SnapshotRoundRow[]> {
    const em = this.txHost.tx;
    const rounds = await em
      .createQueryBuilder(DispatchRound, 'd')
      .select(['d.id', 'd.period', 'd.title', 'd.dueDate'])
      .where('d.planId = :planId AND d.dueDate >= :periodStart AND d.dueDate <= :periodEnd', {
        planId,
        periodStart,
        periodEnd,
      })
      .orderBy('d.dueDate', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    if (!rounds.length) return [];
    const scope: { roundId: number | string; taskId: number | string }[] = await em
      .createQueryBuilder()
      .select(['rt."roundId" AS "roundId"', 'rt."taskId" AS "taskId"'])
      .from('dispatch_round_task', 'rt')
      .where('rt."roundId" IN (:...ids)', { ids: rounds.map((r) => r.id) })
      .getRawMany();
    return rounds.map((r) => ({
      id: r.id,
      period: r.period,
      title: r.title,
      dueDate: r.dueDate,
      taskIds: scope.filter((s) => Number(s.roundId) === r.id).map((s) => Number(s.taskId)),
    }));
  }

  /** Reports filed in the period, and those answering the rounds due in it. */
  async snapshotReports(
    planId: number,
    periodStart: string,
    periodEnd: string,
    roundPeriods: string[],
  ): Promise<SnapshotReportRow[]> {
    const rows = await this.txHost.tx
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
          if (roundPeriods.length) w.orWhere('r.period IN (:...periods)', { periods: roundPeriods });
        }),
      )
      .orderBy('r.id', 'ASC')
      .getMany();
    return rows.map((r) => ({
      id: r.id,
      taskId: r.taskId,
      unitId: r.unitId,
      period: r.period,
      filedOn: r.filedOn,
      status: r.status,
      needsCoordination: r.needsCoordination,
      problems: r.problems,
      text: r.text,
      nextSteps: r.nextSteps,
    }));
  }
}
