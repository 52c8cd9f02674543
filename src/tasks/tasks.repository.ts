// The tasks table and its links (supporting units, indicators): the task list with its filters, sort and paging,
// a task with its relations, code allocation, and the writes of the tasks feature. Also the work item a task is
// filed under, read for the tasks feature's own checks.
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Brackets, type DeepPartial, In, type SelectQueryBuilder } from 'typeorm';
import { col, containsInsensitive, containsPattern } from '../database/sql';
import { OPEN_STATUSES } from './status-machine';
import type { Priority, TaskStatus } from './task.entity';
import { Task } from './task.entity';

/** The list's sort keys that the database orders by; the others are sorted on the graded rows. */
export const SQL_SORT = {
  code: 't.code',
  deadline: 't.deadline',
  startDate: 't.startDate',
  progress: 't.progress',
  status: 't.status',
  title: 't.title',
  updatedAt: 't.updatedAt',
} as const;
export type SqlSortKey = keyof typeof SQL_SORT;

export type UnitRole = 'lead' | 'supporting' | 'any';

export interface TaskFilter {
  /** The caller's list scope (src/access) over the task, aliased t. */
  scope?: SqlScope | null;
  planId?: number;
  workItemId?: number;
  unit?: { id: number; role: UnitRole };
  ownerId?: number;
  statuses?: TaskStatus[];
  priority?: Priority;
  parentId?: number;
  topLevel?: boolean;
  dueBefore?: string;
  dueAfter?: string;
  tag?: string;
  /** Case-insensitive text in the code, title, English title or description. */
  text?: string;
  /** Open and past its deadline on `today` (true), or not (false). */
  overdue?: { value: boolean; open: readonly TaskStatus[]; today: string };
}

export type SubtaskRow = Pick<Task, 'id' | 'code' | 'title' | 'status' | 'progress'>;

@Injectable()
export class TasksRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Task);
  }

  /** Tasks with the relations every view of a task shows. */
  private withRelations(): SelectQueryBuilder<Task> {
    return this.repo
      .createQueryBuilder('t')
      .leftJoinAndSelect('t.workItem', 'wi')
      .leftJoinAndSelect('t.leadUnit', 'lu')
      .leftJoinAndSelect('t.supportingUnits', 'su')
      .leftJoinAndSelect('t.owner', 'ow')
      .leftJoinAndSelect('t.indicators', 'ind');
  }

  /** Restricts a query to tasks a unit leads or supports. */
  private whereUnit(qb: SelectQueryBuilder<Task>, unitId: number, part: UnitRole, param: string): void {
    const supports =
      `EXISTS (SELECT 1 FROM "task_supporting_unit" s ` +
      `WHERE ${col('s', 'taskId')} = t.id AND ${col('s', 'unitId')} = :${param})`;
    const cond =
      part === 'lead'
        ? `t.leadUnitId = :${param}`
        : part === 'supporting'
          ? supports
          : `(t.leadUnitId = :${param} OR ${supports})`;
    qb.andWhere(cond, { [param]: unitId });
  }

  private filtered(f: TaskFilter): SelectQueryBuilder<Task> {
    return this.applyFilter(this.withRelations(), f);
  }

  /** Restricts a query over tasks (aliased t) to those matching the filter. */
  private applyFilter(qb: SelectQueryBuilder<Task>, f: TaskFilter): SelectQueryBuilder<Task> {
    if (f.scope) qb.andWhere(f.scope.where, f.scope.params);
    if (f.planId) qb.andWhere('t.planId = :planId', { planId: f.planId });
    if (f.workItemId) qb.andWhere('t.workItemId = :wi', { wi: f.workItemId });
    if (f.unit) this.whereUnit(qb, f.unit.id, f.unit.role, 'unitId');
    if (f.ownerId) qb.andWhere('t.ownerId = :ownerId', { ownerId: f.ownerId });
    if (f.statuses?.length) qb.andWhere('t.status IN (:...statuses)', { statuses: f.statuses });
    if (f.priority) qb.andWhere('t.priority = :priority', { priority: f.priority });
    if (f.parentId) qb.andWhere('t.parentId = :parentId', { parentId: f.parentId });
    if (f.topLevel) qb.andWhere('t.parentId IS NULL');
    if (f.dueBefore) qb.andWhere('t.deadline <= :dueBefore', { dueBefore: f.dueBefore });
    if (f.dueAfter) qb.andWhere('t.deadline >= :dueAfter', { dueAfter: f.dueAfter });
    // Tags are stored as a JSON array: look for the quoted tag in its text.
    if (f.tag) qb.andWhere(containsInsensitive('t.tags', 'tag'), { tag: containsPattern(JSON.stringify(f.tag)) });
    if (f.text) {
      const like = containsPattern(f.text);
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(containsInsensitive('t.code', 'like'), { like })
            .orWhere(containsInsensitive('t.title', 'like'))
            .orWhere(containsInsensitive('t.titleEn', 'like'))
            .orWhere(containsInsensitive('t.description', 'like')),
        ),
      );
    }
    if (f.overdue) {
      const cond = `(t.status IN (:...open) AND t.deadline < :today)`;
      qb.andWhere(f.overdue.value ? cond : `NOT ${cond}`, { open: f.overdue.open, today: f.overdue.today });
    }
    return qb;
  }

  /** One page of the matching tasks in the database's order (then by code), with the count of all of them. */
  pageOf(
    filter: TaskFilter,
    sort: { key: SqlSortKey; desc: boolean },
    page: { page: number; pageSize: number },
  ): Promise<[Task[], number]> {
    return this.filtered(filter)
      .orderBy(SQL_SORT[sort.key], sort.desc ? 'DESC' : 'ASC')
      .addOrderBy('t.code', 'ASC')
      .skip((page.page - 1) * page.pageSize)
      .take(page.pageSize)
      .getManyAndCount();
  }

  /** Every matching task, for filters and sorts on derived figures. */
  allMatching(filter: TaskFilter): Promise<Task[]> {
    return this.filtered(filter).getMany();
  }

  // --- read by the spreadsheet export, a batch of ids at a time ---

  /** The ids of every matching task in the list's order (then by code, then id), without paging. */
  async idsInOrder(filter: TaskFilter, sort: { key: SqlSortKey; desc: boolean }): Promise<number[]> {
    const rows = await this.applyFilter(this.repo.createQueryBuilder('t').select('t.id', 'id'), filter)
      .orderBy(SQL_SORT[sort.key], sort.desc ? 'DESC' : 'ASC')
      .addOrderBy('t.code', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /** Every matching task with only the columns the list grades and sorts on, for orders on derived figures. */
  gradingRowsMatching(filter: TaskFilter): Promise<Task[]> {
    return this.applyFilter(
      this.repo
        .createQueryBuilder('t')
        .select([
          't.id',
          't.code',
          't.title',
          't.status',
          't.priority',
          't.progress',
          't.startDate',
          't.deadline',
          't.recurrence',
          't.updatedAt',
        ]),
      filter,
    ).getMany();
  }

  /** The columns a task sheet shows, of the tasks with these ids (in no particular order). */
  sheetRowsByIds(ids: number[]): Promise<Task[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({
      select: {
        id: true,
        code: true,
        title: true,
        workItemId: true,
        leadUnitId: true,
        ownerId: true,
        ownerName: true,
        startDate: true,
        deadline: true,
        originalDeadline: true,
        status: true,
        progress: true,
        recurrence: true,
        tags: true,
      },
      where: { id: In(ids) },
    });
  }

  /** The supporting units of these tasks, by task, in unit id order. */
  async supportingUnitIdsOf(taskIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    for (const chunk of batches(taskIds, READ_BATCH)) {
      const links = await this.txHost.tx
        .createQueryBuilder()
        .select('s."taskId"', 'taskId')
        .addSelect('s."unitId"', 'unitId')
        .from('task_supporting_unit', 's')
        .where('s."taskId" IN (:...chunk)', { chunk })
        .orderBy('s."unitId"', 'ASC')
        .getRawMany<{ taskId: number | string; unitId: number | string }>();
      for (const l of links) {
        const list = out.get(Number(l.taskId));
        if (list) list.push(Number(l.unitId));
        else out.set(Number(l.taskId), [Number(l.unitId)]);
      }
    }
    return out;
  }

  findWithRelations(id: number): Promise<Task | null> {
    return this.withRelations().where('t.id = :id', { id }).getOne();
  }

  findById(id: number): Promise<Task | null> {
    return this.repo.findOneBy({ id });
  }

  subtasksOf(parentId: number): Promise<SubtaskRow[]> {
    return this.repo.find({
      where: { parentId },
      select: { id: true, code: true, title: true, status: true, progress: true },
      order: { code: 'ASC' },
    });
  }

  codeTaken(planId: number, code: string): Promise<boolean> {
    return this.repo.existsBy({ planId, code });
  }

  /**
   * The next free code after `prefix` (W1- for a work item's tasks, W1-2. for a task's subtasks): the number
   * of tasks under it plus one, past any code already taken in the plan. Call under PlansRepository.lockWorkItem.
   */
  async nextCodeFor(planId: number, prefix: string, under: { parentId: number } | { workItemId: number }) {
    let n = (await this.repo.countBy('parentId' in under ? { parentId: under.parentId } : under)) + 1;
    while (await this.codeTaken(planId, `${prefix}${n}`)) n++;
    return `${prefix}${n}`;
  }

  build(fields: DeepPartial<Task>): Task {
    return this.repo.create(fields);
  }

  /** Inserts or writes back a task with its links; a code taken in the plan fails on the unique index. */
  save(task: Task): Promise<Task> {
    return this.repo.save(task);
  }

  /** Writes some columns of a task, without its links. */
  async patch(id: number, patch: Partial<Task>): Promise<void> {
    await this.repo.update(id, patch);
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  findByIds(ids: number[]): Promise<Task[]> {
    return ids.length ? this.repo.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Id and plan of the tasks. */
  plansOf(ids: number[]): Promise<Pick<Task, 'id' | 'planId'>[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({ select: { id: true, planId: true }, where: { id: In(ids) } });
  }

  /** The plan's tasks (subtasks included) in code order. */
  ofPlan(planId: number): Promise<Task[]> {
    return this.repo.find({ where: { planId }, order: { code: 'ASC' } });
  }

  /** The columns of every task a digest needs, as raw rows; with `overdueOn`, open tasks due before that date. */
  digestRows(overdueOn?: string): Promise<Record<string, unknown>[]> {
    const qb = this.repo
      .createQueryBuilder('t')
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
    const rows = await this.txHost.tx
      .createQueryBuilder()
      .select('s."taskId"', 'taskId')
      .addSelect('s."unitId"', 'unitId')
      .from('task_supporting_unit', 's')
      .getRawMany<{ taskId: number | string; unitId: number | string }>();
    return rows.map((r) => ({ taskId: Number(r.taskId), unitId: Number(r.unitId) }));
  }

  // --- the set-based writes of an import ---

  /** The plan's tasks with these codes, with their supporting units, owner, work item and lead unit. */
  async byCodesWithLinks(planId: number, codes: string[]): Promise<Task[]> {
    const out: Task[] = [];
    for (const chunk of batches([...new Set(codes)], READ_BATCH)) {
      out.push(
        ...(await this.repo.find({
          where: { planId, code: In(chunk) },
          relations: { supportingUnits: true, owner: true, workItem: true, leadUnit: true },
        })),
      );
    }
    return out;
  }

  /** Which of these codes the plan's tasks hold. */
  async codesTaken(planId: number, codes: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const chunk of batches([...new Set(codes)], READ_BATCH)) {
      const rows = await this.repo.find({ select: { code: true }, where: { planId, code: In(chunk) } });
      for (const r of rows) out.add(r.code);
    }
    return out;
  }

  /** The plan's task codes that start with `prefix` (W1- for a work item's tasks). */
  async codesStartingWith(planId: number, prefix: string): Promise<Set<string>> {
    const rows = await this.repo
      .createQueryBuilder('t')
      .select('t.code', 'code')
      .where('t.planId = :planId', { planId })
      .andWhere('SUBSTR(t.code, 1, :len) = :prefix', { len: prefix.length, prefix })
      .getRawMany<{ code: string }>();
    return new Set(rows.map((r) => r.code));
  }

  /** Ids of the plan's tasks with these codes, by code. */
  async idsByCodes(planId: number, codes: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const chunk of batches(codes, READ_BATCH)) {
      const rows = await this.repo.find({ select: { id: true, code: true }, where: { planId, code: In(chunk) } });
      for (const r of rows) out.set(r.code, r.id);
    }
    return out;
  }

  /** Inserts task rows (their columns only, no links) in batches; a code taken fails on the unique index. */
  async insertMany(rows: DeepPartial<Task>[]): Promise<void> {
    for (const chunk of batches(rows, INSERT_BATCH)) {
      await this.repo.createQueryBuilder().insert().into(Task).values(chunk).updateEntity(false).execute();
    }
  }

  /** Replaces the supporting units of these tasks with the given links, in batches. */
  async replaceSupportingLinks(taskIds: number[], links: { taskId: number; unitId: number }[]): Promise<void> {
    for (const chunk of batches(taskIds, READ_BATCH)) {
      await this.txHost.tx
        .createQueryBuilder()
        .delete()
        .from('task_supporting_unit')
        .where('"taskId" IN (:...chunk)', { chunk })
        .execute();
    }
    for (const chunk of batches(links, READ_BATCH)) {
      await this.txHost.tx.createQueryBuilder().insert().into('task_supporting_unit').values(chunk).execute();
    }
  }

  /** The plan's tasks with their supporting units, owner, work item and lead unit. */
  ofPlanWithLinks(planId: number): Promise<Task[]> {
    return this.repo.find({
      where: { planId },
      relations: { supportingUnits: true, owner: true, workItem: true, leadUnit: true },
    });
  }

  /** Ids of the plan's tasks. */
  async idsOfPlan(planId: number): Promise<number[]> {
    return (await this.repo.find({ where: { planId }, select: { id: true } })).map((t) => t.id);
  }

  /** Deletes the tasks' links to units and indicators, and every link to the indicators, in batches. */
  async deleteLinks(taskIds: number[], indicatorIds: number[]): Promise<void> {
    for (const chunk of batches(taskIds)) {
      for (const table of ['task_supporting_unit', 'task_indicator']) {
        await this.txHost.tx
          .createQueryBuilder()
          .delete()
          .from(table)
          .where('"taskId" IN (:...chunk)', { chunk })
          .execute();
      }
    }
    for (const chunk of batches(indicatorIds)) {
      await this.txHost.tx
        .createQueryBuilder()
        .delete()
        .from('task_indicator')
        .where('"indicatorId" IN (:...chunk)', { chunk })
        .execute();
    }
  }

  /** Deletes the plan's tasks, sub-tasks before their parents (a parent row cannot go while a child points to it). */
  async deleteOfPlan(planId: number, count: number): Promise<void> {
    let remaining = count;
    while (remaining > 0) {
      const leaves = await this.repo
        .createQueryBuilder('t')
        .select('t.id', 'id')
        .where('t.planId = :planId', { planId })
        .andWhere('NOT EXISTS (SELECT 1 FROM "task" c WHERE c."parentId" = t.id)')
        .getRawMany<{ id: number | string }>();
      if (!leaves.length) break;
      for (const chunk of batches(leaves.map((l) => Number(l.id)))) await this.repo.delete({ id: In(chunk) });
      remaining -= leaves.length;
    }
  }

  // --- read by dispatch, bulletins and the dashboard ---

  /** Tasks with the ids of their supporting units, in id order. */
  private withSupportingUnitIds(): SelectQueryBuilder<Task> {
    return this.repo
      .createQueryBuilder('t')
      .leftJoin('t.supportingUnits', 'su')
      .addSelect(['su.id'])
      .orderBy('t.id', 'ASC');
  }

  /** The plan's open top-level tasks (sub-tasks are reported through their parent), with supporting unit ids. */
  openTopLevelOf(planId: number): Promise<Task[]> {
    return this.withSupportingUnitIds()
      .where('t.planId = :planId AND t.parentId IS NULL AND t.status IN (:...open)', { planId, open: OPEN_STATUSES })
      .getMany();
  }

  countOpenTopLevelOf(planId: number): Promise<number> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.planId = :planId AND t.parentId IS NULL AND t.status IN (:...open)', { planId, open: OPEN_STATUSES })
      .getCount();
  }

  /** The tasks with the given ids, with supporting unit ids, in id order. */
  byIdsWithSupportingUnits(ids: number[]): Promise<Task[]> {
    return ids.length
      ? this.withSupportingUnitIds().where('t.id IN (:...ids)', { ids }).getMany()
      : Promise.resolve([]);
  }

  /** Every task of the plan, sub-tasks included, with the columns a bulletin lists and grades, in id order. */
  summaryRowsOfPlan(planId: number): Promise<Task[]> {
    return this.repo
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

  /** The plan's top-level tasks (sub-tasks are parts of their parent's count), with the columns graded. */
  topLevelGradingRowsOf(planId: number): Promise<Task[]> {
    return this.repo
      .createQueryBuilder('t')
      .select([
        't.id',
        't.workItemId',
        't.leadUnitId',
        't.status',
        't.progress',
        't.startDate',
        't.deadline',
        't.originalDeadline',
        't.recurrence',
        't.closedOn',
      ])
      .where('t.planId = :planId AND t.parentId IS NULL', { planId })
      .getMany();
  }

  /** The supporting units of the plan's top-level tasks, by task. */
  async supportingUnitsOfTopLevel(planId: number): Promise<Map<number, number[]>> {
    const links: { taskId: number | string; unitId: number | string }[] = await this.txHost.tx
      .createQueryBuilder()
      .select(['s."taskId" AS "taskId"', 's."unitId" AS "unitId"'])
      .from('task_supporting_unit', 's')
      .innerJoin(Task, 't', 't.id = s."taskId"')
      .where('t.planId = :planId AND t.parentId IS NULL', { planId })
      .getRawMany();
    const out = new Map<number, number[]>();
    for (const l of links) out.set(Number(l.taskId), [...(out.get(Number(l.taskId)) ?? []), Number(l.unitId)]);
    return out;
  }
}

/** Ids a statement names at most when a replaced plan's tasks are deleted. */
const DELETE_BATCH = 300;

/** Ids or codes a read names at most (both databases take many more parameters than this). */
const READ_BATCH = 1000;
/** Task rows per INSERT: about 25 columns each, well under either database's parameter limit. */
const INSERT_BATCH = 300;

function batches<T>(list: T[], size = DELETE_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
