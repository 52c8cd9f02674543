// Every query on dispatch rounds and their scope (dispatch_round_unit, dispatch_round_task); the plans, units, tasks
// and reports a round is shown from are read through their own repositories. A round's scope is written in
// batches, a few hundred rows a statement, in the transaction that opens it. The round queries join the plan table
// in the same statement, only to leave out the rounds of a deleted plan.
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Plan } from '../plans/plan.entity';
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

/** A round as a bulletin lists it: its period, title and due date, and the tasks in its scope. */
export interface RoundWithTasks {
  id: number;
  period: string;
  title: string;
  dueDate: string;
  taskIds: number[];
}

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
  async scopeLinks(
    roundIds: number[],
    what: { tasks: boolean } = { tasks: true },
  ): Promise<{ units: ScopeLink[]; tasks: ScopeLink[] }> {
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
      tasks: what.tasks ? await links('dispatch_round_task', 'taskId') : [],
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

  // --- read by dispatch, bulletins and the dashboard ---

  /** The plan's dispatch rounds due in the period, with the tasks in their scope, by due date. */
  async dueBetweenWithTasks(planId: number, periodStart: string, periodEnd: string): Promise<RoundWithTasks[]> {
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
