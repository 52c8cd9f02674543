// The read model of digests and escalation: every task with its supporting units, the open dispatch rounds and
// their scope, the reports those rounds await, the audit rows of tasks since a cutoff, units, work items and
// people, and the digest job's previous slot — a fixed handful of queries for all units together, never one per
// unit. Digests own no table; these are reads of the other features' tables, in the transaction in progress.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { AuditEntry } from '../audit/audit-entry.entity';
import { DispatchRound } from '../dispatch/dispatch-round.entity';
import { WorkItem } from '../plans/work-item.entity';
import { ProgressReport } from '../reports/progress-report.entity';
import { JobRun } from '../scheduler/job-run.entity';
import { OPEN_STATUSES } from '../tasks/status-machine';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';

/** Ids a statement names at most. */
const BATCH = 500;

@Injectable()
export class DigestsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get em() {
    return this.txHost.tx;
  }

  /** The columns of every task a digest needs, as raw rows; with `overdueOn`, open tasks due before that date. */
  taskRows(overdueOn?: string): Promise<Record<string, unknown>[]> {
    const qb = this.em
      .createQueryBuilder(Task, 't')
      .select('t.id', 'id')
      .addSelect('t.planId', 'planId')
      .addSelect('t.workItemId', 'workItemId')
      .addSelect('t.parentId', 'parentId')
      .addSelect('t.code', 'code')
      .addSelect('t.title', 'title')
      .addSelect('t.titleEn', 'titleEn')
      .addSelect('t.leadUnitId', 'leadUnitId')
      .addSelect('t.status', 'status')
      .addSelect('t.progress', 'progress')
      .addSelect('t.startDate', 'startDate')
      .addSelect('t.deadline', 'deadline')
      .addSelect('t.originalDeadline', 'originalDeadline')
      .addSelect('t.recurrence', 'recurrence');
    if (overdueOn) {
      qb.where('t.status IN (:...open)', { open: OPEN_STATUSES }).andWhere('t.deadline < :today', { today: overdueOn });
    }
    return qb.getRawMany<Record<string, unknown>>();
  }

  /** Every (task, supporting unit) pair. */
  async supportingLinks(): Promise<{ taskId: number; unitId: number }[]> {
    const rows = await this.em
      .createQueryBuilder()
      .select('s."taskId"', 'taskId')
      .addSelect('s."unitId"', 'unitId')
      .from('task_supporting_unit', 's')
      .getRawMany<{ taskId: number | string; unitId: number | string }>();
    return rows.map((r) => ({ taskId: Number(r.taskId), unitId: Number(r.unitId) }));
  }

  allUnits(): Promise<Unit[]> {
    return this.em.getRepository(Unit).find({ order: { id: 'ASC' } });
  }

  unitsByIds(ids: number[]): Promise<Unit[]> {
    return ids.length ? this.em.getRepository(Unit).findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  unitByCode(code: string): Promise<Unit | null> {
    return this.em.getRepository(Unit).findOneBy({ code });
  }

  unitById(id: number): Promise<Unit | null> {
    return this.em.getRepository(Unit).findOneBy({ id });
  }

  userById(id: number): Promise<User | null> {
    return this.em.getRepository(User).findOneBy({ id });
  }

  workItems(): Promise<WorkItem[]> {
    return this.em
      .createQueryBuilder(WorkItem, 'w')
      .select(['w.id', 'w.planId', 'w.code', 'w.seq', 'w.title', 'w.titleEn'])
      .orderBy('w.planId')
      .addOrderBy('w.seq')
      .getMany();
  }

  userNames(): Promise<User[]> {
    return this.em.getRepository(User).find({ select: { id: true, displayName: true } });
  }

  /** Active people who asked for a personal digest. */
  digestPeople(): Promise<User[]> {
    return this.em.getRepository(User).find({ where: { wantsDigest: true, active: true }, order: { id: 'ASC' } });
  }

  openRounds(): Promise<DispatchRound[]> {
    return this.em.getRepository(DispatchRound).find({
      select: { id: true, title: true, period: true, dueDate: true },
      where: { status: 'open' },
      order: { dueDate: 'ASC', id: 'ASC' },
    });
  }

  /** The units or the tasks in scope of the rounds, by round. */
  async roundScope(roundIds: number[], of: 'units' | 'tasks'): Promise<Map<number, number[]>> {
    const [table, column] = of === 'units' ? ['dispatch_round_unit', 'unitId'] : ['dispatch_round_task', 'taskId'];
    const rows = roundIds.length
      ? await this.em
          .createQueryBuilder()
          .select('l."roundId"', 'roundId')
          .addSelect(`l."${column}"`, 'id')
          .from(table, 'l')
          .where('l."roundId" IN (:...roundIds)', { roundIds })
          .getRawMany<{ roundId: number | string; id: number | string }>()
      : [];
    const out = new Map<number, number[]>();
    for (const r of rows) out.set(Number(r.roundId), [...(out.get(Number(r.roundId)) ?? []), Number(r.id)]);
    return out;
  }

  /** (task, unit, period) of the reports of these periods that stand (not returned). */
  async standingReports(periods: string[]): Promise<{ taskId: number; unitId: number; period: string }[]> {
    if (!periods.length) return [];
    const rows = await this.em
      .createQueryBuilder(ProgressReport, 'r')
      .select('r.taskId', 'taskId')
      .addSelect('r.unitId', 'unitId')
      .addSelect('r.period', 'period')
      .where('r.period IN (:...periods)', { periods })
      .andWhere('r.status != :returned', { returned: 'returned' })
      .getRawMany<{ taskId: number | string; unitId: number | string; period: string }>();
    return rows.map((r) => ({ taskId: Number(r.taskId), unitId: Number(r.unitId), period: r.period }));
  }

  /** The reports on the tasks, newest first. */
  async reportsOfTasks(taskIds: number[]): Promise<ProgressReport[]> {
    const out: ProgressReport[] = [];
    for (let i = 0; i < taskIds.length; i += BATCH) {
      out.push(
        ...(await this.em.getRepository(ProgressReport).find({
          where: { taskId: In(taskIds.slice(i, i + BATCH)) },
          order: { filedAt: 'DESC', id: 'DESC' },
        })),
      );
    }
    return out;
  }

  /** The audit rows about tasks recorded after the instant, as raw rows. */
  taskAuditSince(since: Date): Promise<Record<string, unknown>[]> {
    return this.em
      .createQueryBuilder(AuditEntry, 'a')
      .select('a.id', 'id')
      .addSelect('a.at', 'at')
      .addSelect('a.actorId', 'actorId')
      .addSelect('a.actorEmail', 'actorEmail')
      .addSelect('a.entityId', 'taskId')
      .addSelect('a.action', 'action')
      .addSelect('a.field', 'field')
      .addSelect('a.oldValue', 'oldValue')
      .addSelect('a.newValue', 'newValue')
      .where('a.entityType = :type', { type: 'task' })
      .andWhere('a.at > :since', { since })
      .getRawMany<Record<string, unknown>>();
  }

  /** The slot of the digest job's last scheduled run (done or skipped) before this slot key. */
  async lastScheduledSlotBefore(job: string, slotKey: string): Promise<string | null> {
    const row = await this.em
      .createQueryBuilder(JobRun, 'r')
      .select('MAX(r.slot)', 'slot')
      .where('r.job = :job', { job })
      .andWhere('r.status IN (:...statuses)', { statuses: ['done', 'skipped'] })
      .andWhere('r.slot NOT LIKE :manual', { manual: 'manual:%' })
      .andWhere('r.slot < :slot', { slot: slotKey })
      .getRawOne<{ slot: string | null }>();
    return row?.slot ?? null;
  }
}
