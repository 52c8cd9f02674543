// Every query on dispatch rounds and their scope (dispatch_round_unit, dispatch_round_task), and the read model a
// round is shown from: the plan, the units and tasks in scope and the reports of the period. A round's scope is
// written in batches, a few hundred rows a statement, in the transaction that opens it.
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Plan } from '../plans/plan.entity';
import { ProgressReport } from '../reports/progress-report.entity';
import { OPEN_STATUSES } from '../tasks/status-machine';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { DispatchRound, type RoundStatus } from './dispatch-round.entity';

/** Rows a statement inserts at most when a round's scope is written. */
const BATCH = 300;

export interface RoundFilter {
  planId?: number;
  status?: RoundStatus;
  period?: string;
  /** The caller's list scope (src/access). */
  scope?: SqlScope | null;
  page: number;
  pageSize: number;
}

export interface ScopeLink {
  roundId: number;
  id: number;
}

export type NewRound = Omit<DispatchRound, 'id' | 'units' | 'tasks' | 'createdAt'>;

@Injectable()
export class DispatchRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(DispatchRound);
  }

  // --- rounds ---

  roundFor(planId: number, period: string): Promise<DispatchRound | null> {
    return this.repo.findOneBy({ planId, period });
  }

  findById(id: number): Promise<DispatchRound | null> {
    return this.repo.findOneBy({ id });
  }

  /** The round, unless its plan was deleted (loaded again with --replace). */
  findShown(id: number): Promise<DispatchRound | null> {
    return this.repo
      .createQueryBuilder('r')
      .innerJoin(Plan, 'p', 'p.id = r.planId')
      .where('r.id = :id', { id })
      .getOne();
  }

  page(filter: RoundFilter): Promise<[DispatchRound[], number]> {
    const qb = this.repo
      .createQueryBuilder('r')
      // rounds of a plan that was deleted are not shown
      .innerJoin(Plan, 'p', 'p.id = r.planId')
      .orderBy('r.period', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize);
    if (filter.scope) qb.andWhere(filter.scope.where, filter.scope.params);
    if (filter.planId) qb.andWhere('r.planId = :planId', { planId: filter.planId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.period) qb.andWhere('r.period = :period', { period: filter.period });
    return qb.getManyAndCount();
  }

  /** Open rounds with their plan (rounds of a deleted plan are left out). */
  openRoundsWithPlan(): Promise<(DispatchRound & { plan: Plan })[]> {
    return this.repo
      .createQueryBuilder('r')
      .innerJoinAndMapOne('r.plan', Plan, 'p', 'p.id = r.planId')
      .where('r.status = :open', { open: 'open' })
      .orderBy('r.id', 'ASC')
      .getMany() as Promise<(DispatchRound & { plan: Plan })[]>;
  }

  /** Writes the round and its scope: the round, then its units and tasks in batches. */
  async insertRound(round: NewRound, unitIds: number[], taskIds: number[]): Promise<DispatchRound> {
    const saved = await this.repo.save(this.repo.create(round));
    await this.insertLinks(
      'dispatch_round_unit',
      unitIds.map((unitId) => ({ roundId: saved.id, unitId })),
    );
    await this.insertLinks(
      'dispatch_round_task',
      taskIds.map((taskId) => ({ roundId: saved.id, taskId })),
    );
    return saved;
  }

  private async insertLinks(table: string, rows: Record<string, number>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) {
      await this.txHost.tx
        .createQueryBuilder()
        .insert()
        .into(table)
        .values(rows.slice(i, i + BATCH))
        .execute();
    }
  }

  /** Closes an open round; false when it was not open any more. */
  async close(id: number, closedAt: Date): Promise<boolean> {
    const result = await this.repo.update({ id, status: 'open' }, { status: 'closed', closedAt });
    return (result.affected ?? 0) > 0;
  }

  /** The units and the tasks in scope of each round, as (roundId, id) pairs. */
  async scopeLinks(roundIds: number[]): Promise<{ units: ScopeLink[]; tasks: ScopeLink[] }> {
    const links = async (table: string, column: string) =>
      (
        await this.txHost.tx
          .createQueryBuilder()
          .select('x."roundId"', 'roundId')
          .addSelect(`x."${column}"`, 'id')
          .from(table, 'x')
          .where('x."roundId" IN (:...roundIds)', { roundIds })
          .getRawMany<{ roundId: number | string; id: number | string }>()
      ).map((row) => ({ roundId: Number(row.roundId), id: Number(row.id) }));
    if (!roundIds.length) return { units: [], tasks: [] };
    return {
      units: await links('dispatch_round_unit', 'unitId'),
      tasks: await links('dispatch_round_task', 'taskId'),
    };
  }

  /** Deletes the plan's rounds (the plan is being replaced; their scope rows go with them); their ids. */
  async deleteByPlan(planId: number): Promise<number[]> {
    const ids = (await this.repo.find({ select: { id: true }, where: { planId } })).map((r) => r.id);
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      for (const table of ['dispatch_round_unit', 'dispatch_round_task']) {
        await this.txHost.tx
          .createQueryBuilder()
          .delete()
          .from(table)
          .where('"roundId" IN (:...chunk)', { chunk })
          .execute();
      }
      await this.repo.delete({ id: In(chunk) });
    }
    return ids;
  }

  // --- plans, units and people (read model) ---

  planById(id: number): Promise<Plan | null> {
    return this.txHost.tx.getRepository(Plan).findOneBy({ id });
  }

  firstPlan(): Promise<Plan | null> {
    return this.txHost.tx.getRepository(Plan).findOne({ where: {}, order: { id: 'ASC' } });
  }

  allPlans(): Promise<Plan[]> {
    return this.txHost.tx.getRepository(Plan).find({ order: { id: 'ASC' } });
  }

  plansByIds(ids: number[]): Promise<Plan[]> {
    return ids.length ? this.txHost.tx.getRepository(Plan).find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  unitsByIds(ids: number[], activeOnly = false): Promise<Unit[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.txHost.tx.getRepository(Unit).find({
      where: activeOnly ? { id: In(ids), active: true } : { id: In(ids) },
      order: { id: 'ASC' },
    });
  }

  openersByIds(ids: number[]): Promise<User[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.txHost.tx.getRepository(User).find({ select: { id: true, displayName: true }, where: { id: In(ids) } });
  }

  // --- tasks in scope (read model) ---

  private taskQuery() {
    return this.txHost.tx
      .getRepository(Task)
      .createQueryBuilder('t')
      .leftJoin('t.supportingUnits', 'su')
      .addSelect(['su.id'])
      .orderBy('t.id', 'ASC');
  }

  /** The plan's open top-level tasks (sub-tasks are reported through their parent), with supporting units. */
  openTopLevelTasks(planId: number): Promise<Task[]> {
    return this.taskQuery()
      .where('t.planId = :planId AND t.parentId IS NULL AND t.status IN (:...open)', { planId, open: OPEN_STATUSES })
      .getMany();
  }

  countOpenTopLevelTasks(planId: number): Promise<number> {
    return this.txHost.tx
      .getRepository(Task)
      .createQueryBuilder('t')
      .where('t.planId = :planId AND t.parentId IS NULL AND t.status IN (:...open)', { planId, open: OPEN_STATUSES })
      .getCount();
  }

  tasksByIds(ids: number[]): Promise<Task[]> {
    return ids.length ? this.taskQuery().where('t.id IN (:...ids)', { ids }).getMany() : Promise.resolve([]);
  }

  // --- reports (read model, and the link of a report to the round it answers) ---

  /** Links the period's reports already filed by the units on the tasks to the round; their ids. */
  async linkFiledReports(roundId: number, period: string, taskIds: number[], unitIds: number[]): Promise<number[]> {
    if (!taskIds.length || !unitIds.length) return [];
    const rows = await this.txHost.tx
      .createQueryBuilder(ProgressReport, 'r')
      .select(['r.id'])
      .where('r.period = :period AND r.dispatchRoundId IS NULL', { period })
      .andWhere('r.taskId IN (:...taskIds)', { taskIds })
      .andWhere('r.unitId IN (:...unitIds)', { unitIds })
      .orderBy('r.id', 'ASC')
      .getMany();
    const ids = rows.map((r) => r.id);
    if (ids.length) {
      await this.txHost.tx.getRepository(ProgressReport).update({ id: In(ids) }, { dispatchRoundId: roundId });
    }
    return ids;
  }

  /** The reports of these periods on these tasks. */
  periodReports(taskIds: number[], periods: string[]): Promise<ProgressReport[]> {
    if (!taskIds.length || !periods.length) return Promise.resolve([]);
    return this.txHost.tx
      .createQueryBuilder(ProgressReport, 'r')
      .select(['r.id', 'r.taskId', 'r.unitId', 'r.period', 'r.filedOn', 'r.status'])
      .where('r.taskId IN (:...taskIds) AND r.period IN (:...periods)', { taskIds, periods })
      .orderBy('r.id', 'ASC')
      .getMany();
  }

  reportsFiledOn(ids: number[]): Promise<ProgressReport[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.txHost.tx.getRepository(ProgressReport).find({
      select: { id: true, taskId: true, filedOn: true },
      where: { id: In(ids) },
      order: { id: 'ASC' },
    });
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  /** Id, title, period and due date of the open rounds, soonest due first. */
  openRoundBriefs(): Promise<DispatchRound[]> {
    return this.repo.find({
      select: { id: true, title: true, period: true, dueDate: true },
      where: { status: 'open' },
      order: { dueDate: 'ASC', id: 'ASC' },
    });
  }
}
