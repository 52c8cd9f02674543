// The plans and work items tables, and the number of tasks of each work item for the plan views.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, type DeepPartial } from 'typeorm';
import { dialectOf } from '../database/sql';
import { Task } from '../tasks/task.entity';
import { Plan } from './plan.entity';
import { WorkItem } from './work-item.entity';

@Injectable()
export class PlansRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get plans() {
    return this.txHost.tx.getRepository(Plan);
  }

  private get workItems() {
    return this.txHost.tx.getRepository(WorkItem);
  }

  // --- plans ---

  allPlans(): Promise<Plan[]> {
    return this.plans.find({ order: { id: 'ASC' } });
  }

  findPlan(id: number): Promise<Plan | null> {
    return this.plans.findOneBy({ id });
  }

  planExists(id: number): Promise<boolean> {
    return this.plans.existsBy({ id });
  }

  findPlanByCode(code: string): Promise<Plan | null> {
    return this.plans.findOneBy({ code });
  }

  planCodeTaken(code: string): Promise<boolean> {
    return this.plans.existsBy({ code });
  }

  /** A taken code fails on the unique index. */
  insertPlan(fields: DeepPartial<Plan>): Promise<Plan> {
    return this.plans.save(this.plans.create(fields));
  }

  savePlan(plan: Plan): Promise<Plan> {
    return this.plans.save(plan);
  }

  // --- work items ---

  /** Work items in plan order: one plan's, or all of them. */
  workItemsOf(planId?: number): Promise<WorkItem[]> {
    return this.workItems.find({
      where: planId !== undefined ? { planId } : {},
      order: { planId: 'ASC', seq: 'ASC', id: 'ASC' },
    });
  }

  workItemsByIds(ids: number[]): Promise<WorkItem[]> {
    return ids.length ? this.workItems.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  findWorkItem(id: number): Promise<WorkItem | null> {
    return this.workItems.findOneBy({ id });
  }

  /**
   * Holds the work item's task codes until the transaction ends, so two tasks created at once get different codes:
   * on PostgreSQL by locking the work item's row; a SQLite write transaction holds the whole file already.
   */
  async lockWorkItem(workItemId: number): Promise<void> {
    if (dialectOf(this.txHost.tx) !== 'postgres') return;
    await this.workItems
      .createQueryBuilder('w')
      .select('w.id')
      .where('w.id = :id', { id: workItemId })
      .setLock('pessimistic_write')
      .getOne();
  }

  workItemCodeTaken(planId: number, code: string): Promise<boolean> {
    return this.workItems.existsBy({ planId, code });
  }

  /** The highest sequence number of the plan's work items, 0 when it has none. */
  async lastWorkItemSeq(planId: number): Promise<number> {
    const last = await this.workItems
      .createQueryBuilder('w')
      .select('MAX(w.seq)', 'max')
      .where('w.planId = :planId', { planId })
      .getRawOne<{ max: number | string | null }>();
    return Number(last?.max ?? 0);
  }

  /** A taken code fails on the unique index. */
  insertWorkItem(fields: DeepPartial<WorkItem>): Promise<WorkItem> {
    return this.workItems.save(this.workItems.create(fields));
  }

  saveWorkItem(item: WorkItem): Promise<WorkItem> {
    return this.workItems.save(item);
  }

  /** The number of tasks (subtasks included) of each work item, by work item id; none for those without. */
  async taskCounts(workItemIds: number[]): Promise<Map<number, number>> {
    if (!workItemIds.length) return new Map();
    const rows = await this.txHost.tx
      .getRepository(Task)
      .createQueryBuilder('t')
      .select('t.workItemId', 'workItemId')
      .addSelect('COUNT(*)', 'count')
      .where('t.workItemId IN (:...ids)', { ids: workItemIds })
      .groupBy('t.workItemId')
      .getRawMany<{ workItemId: number | string; count: number | string }>();
    return new Map(rows.map((r) => [Number(r.workItemId), Number(r.count)]));
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  /** The plan loaded first (the default plan when none is named). */
  firstPlan(): Promise<Plan | null> {
    return this.plans.findOne({ where: {}, order: { id: 'ASC' } });
  }

  /** Id, plan, code, sequence and titles of every work item, in plan order. */
  workItemBriefs(): Promise<WorkItem[]> {
    return this.workItems
      .createQueryBuilder('w')
      .select(['w.id', 'w.planId', 'w.code', 'w.seq', 'w.title', 'w.titleEn'])
      .orderBy('w.planId')
      .addOrderBy('w.seq')
      .getMany();
  }

  async hasNoPlan(): Promise<boolean> {
    return (await this.plans.count()) === 0;
  }

  /** Deletes the plan's work items (the plan is being replaced; its tasks are gone); their ids. */
  async deleteWorkItemsOf(planId: number): Promise<number[]> {
    const ids = (await this.workItems.find({ where: { planId }, select: { id: true } })).map((w) => w.id);
    await this.workItems.delete({ planId });
    return ids;
  }

  /** Deletes the plan's row (the plan is being replaced; nothing points to it any more). */
  async deletePlan(planId: number): Promise<void> {
    await this.plans.delete({ id: planId });
  }

  // --- read by dispatch, bulletins and the dashboard ---

  plansByIds(ids: number[]): Promise<Plan[]> {
    return ids.length ? this.plans.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /**
   * Holds the plan's bulletin numbering until the transaction ends, so two bulletins of a plan are numbered one
   * after the other: on PostgreSQL by locking the plan's row; a SQLite write transaction holds the whole file already.
   */
  async lockForNumbering(planId: number): Promise<void> {
    if (dialectOf(this.txHost.tx) !== 'postgres') return;
    await this.plans
      .createQueryBuilder('p')
      .select('p.id')
      .where('p.id = :planId', { planId })
      .setLock('pessimistic_write')
      .getOne();
  }
}
