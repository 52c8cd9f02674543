// Tasks: listing with filters, creation and editing by the planners, status changes through the status
// machine, and what other features need of a task (who may see it, progress from a report).
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { assertCan, can, isSystem, listScope, loadedTaskObject } from '../access';
import { AuditService, createChanges, diff } from '../audit/audit.service';
import { WorkingDaysService } from '../calendar/working-days.service';
import { type Page } from '../common/pagination';
import { ClockService } from '../common/clock.service';
import { ConflictError, DomainError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { isUniqueViolation } from '../database/sql';
import type { Indicator } from '../indicators/indicator.entity';
import { IndicatorsRepository } from '../indicators/indicators.repository';
import type { WorkItem } from '../plans/work-item.entity';
import type { Unit } from '../units/unit.entity';
import { UnitsRepository } from '../units/units.repository';
import { UnitsService } from '../units/units.service';
import { UsersRepository } from '../users/users.repository';
import { gradeTask, type TaskState } from './grades';
import { assertTransition, CLOSING_STATUSES, OPEN_STATUSES } from './status-machine';
import type { CreateTaskDto, StatusChangeDto, TaskQueryDto, UpdateTaskDto } from './task.dto';
import { Task, type TaskStatus } from './task.entity';
import { taskView, type TaskView } from './task.view';
import { PlansRepository } from '../plans/plans.repository';
import { TaskRequestsRepository } from './task-requests.repository';
import { TaskStateSqlFactory } from './task-state-sql.factory';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import { UrgingsRepository } from '../followup/urgings.repository';
import type { TaskStateSql } from './task-state.sql';
import { TasksRepository, type SortKey, type TaskFilter } from './tasks.repository';

const AUDITED = [
  'workItemId',
  'code',
  'title',
  'titleEn',
  'description',
  'leadUnitId',
  'supportingUnitIds',
  'ownerId',
  'ownerName',
  'startDate',
  'deadline',
  'recurrence',
  'priority',
  'status',
  'progress',
  'tags',
  'indicatorIds',
] as const;
type Snapshot = Record<(typeof AUDITED)[number], unknown>;

function snapshot(t: Task): Snapshot {
  return {
    workItemId: t.workItemId,
    code: t.code,
    title: t.title,
    titleEn: t.titleEn,
    description: t.description,
    leadUnitId: t.leadUnitId,
    supportingUnitIds: (t.supportingUnits ?? []).map((u) => u.id).sort((a, b) => a - b),
    ownerId: t.ownerId,
    ownerName: t.ownerName,
    startDate: t.startDate,
    deadline: t.deadline,
    recurrence: t.recurrence,
    priority: t.priority,
    status: t.status,
    progress: t.progress,
    tags: t.tags,
    indicatorIds: (t.indicators ?? []).map((i) => i.id).sort((a, b) => a - b),
  };
}

/** The fields of a task sheet's new task (no sub-tasks, accounts, indicators or recurrence). */
export type BulkCreateFields = Pick<
  CreateTaskDto,
  | 'code'
  | 'workItemId'
  | 'title'
  | 'titleEn'
  | 'description'
  | 'leadUnitId'
  | 'supportingUnitIds'
  | 'ownerName'
  | 'startDate'
  | 'deadline'
  | 'priority'
  | 'status'
  | 'progress'
  | 'tags'
> & { deadline: string };

/** The columns written as given by updateMany (the work item, units and supporting units are checked first). */
const BULK_UPDATE_COLUMNS = [
  'title',
  'workItemId',
  'leadUnitId',
  'ownerName',
  'startDate',
  'deadline',
  'progress',
  'tags',
] as const;

/** The reason of a re-plan made by a task sheet import. */
// a sheet has no reason column: the re-plan says where it came from, in the office's language
const IMPORT_REPLAN_REASON = '导入任务表时调整';

/** The fields of a task sheet an existing task takes. */
export type BulkUpdateFields = Pick<UpdateTaskDto, (typeof BULK_UPDATE_COLUMNS)[number] | 'supportingUnitIds'>;

/** One task of a batch, with how an error names it (e.g. its row in a sheet). */
export interface BulkItem<T> {
  dto: T;
  label: { en: string; zh: string };
}

/** Runs a check for one item of a batch; a domain error it throws names the item. */
function labelled<T>(label: BulkItem<unknown>['label'], check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    throw new DomainError(e.status, e.code, `${label.en}: ${e.messageEn}`, `${label.zh}:${e.messageZh}`, e.errors);
  }
}

/** The units with these ids, in the order given; an unknown one names the field. */
function requireUnits(units: Map<number, Unit>, ids: number[], field: string): Unit[] {
  const unique = [...new Set(ids)];
  const missing = unique.filter((id) => !units.has(id));
  if (missing.length) {
    throw new InvalidFieldError(
      field,
      `unknown unit ${missing.join(', ')}`,
      `单位 ${missing.join('、')} 不存在`,
      'unknown_unit',
    );
  }
  return unique.map((id) => units.get(id) as Unit);
}

/** The list's query without its page: what an export takes. */
export type TaskListQuery = Omit<TaskQueryDto, 'page' | 'pageSize'>;

function sortOf(q: TaskListQuery, state: TaskStateSql): { key: SortKey; desc: boolean; state: TaskStateSql } {
  const sort = q.sort ?? 'deadline';
  const desc = sort.startsWith('-');
  return { key: (desc ? sort.slice(1) : sort) as SortKey, desc, state };
}

function duplicateCode(code: string): ConflictError {
  return new ConflictError(
    `A task with code ${code} exists in this plan`,
    `本计划已有编号为 ${code} 的任务`,
    'duplicate_code',
    'code',
  );
}

@Injectable()
export class TasksService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tasks: TasksRepository,
    private readonly plans: PlansRepository,
    private readonly units: UnitsService,
    private readonly unitRows: UnitsRepository,
    private readonly users: UsersRepository,
    private readonly indicators: IndicatorsRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly calendar: WorkingDaysService,
    private readonly stateSql: TaskStateSqlFactory,
    private readonly requests: TaskRequestsRepository,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly urgings: UrgingsRepository,
  ) {}

  /** Today's derived state of a task. */
  state(task: Task, today = this.clock.today()): TaskState {
    return gradeTask(task, today, this.calendar, this.config.grades);
  }

  view(actor: Actor, task: Task, today = this.clock.today()): TaskView {
    return taskView(actor, task, this.state(task, today), today);
  }

  /** The list's filter for a query, in the actor's scope. */
  private filterOf(actor: Actor, q: TaskListQuery, today: string): TaskFilter {
    return {
      scope: listScope(actor, 'task.read'),
      planId: q.planId,
      workItemId: q.workItemId,
      unit: q.unitId ? { id: q.unitId, role: q.unitRole ?? 'any' } : undefined,
      ownerId: q.ownerId,
      statuses: q.status,
      priority: q.priority,
      parentId: q.parentId,
      topLevel: q.topLevel,
      dueBefore: q.dueBefore,
      dueAfter: q.dueAfter,
      tag: q.tag,
      text: q.q,
      overdue: q.overdue !== undefined ? { value: q.overdue, open: OPEN_STATUSES, today } : undefined,
      // Colour, due soon and pro-rata are derived for today by the database (task-state.sql.ts).
      state: this.stateSql.forDay(today),
      colours: q.colour,
      dueSoon: q.dueSoon,
    };
  }

  async list(actor: Actor, q: TaskQueryDto): Promise<Page<TaskView>> {
    const today = this.clock.today();
    const filter = this.filterOf(actor, q, today);
    const [rows, total] = await this.tasks.pageOf(filter, sortOf(q, filter.state!), q);
    return { items: rows.map((t) => this.view(actor, t, today)), total, page: q.page, pageSize: q.pageSize };
  }

  /**
   * The ids of every task the list would show for the query, all pages, in its order: what an export reads, a
   * batch at a time.
   */
  async orderedIds(actor: Actor, q: TaskListQuery): Promise<number[]> {
    const filter = this.filterOf(actor, q, this.clock.today());
    return this.tasks.idsInOrder(filter, sortOf(q, filter.state!));
  }

  /**
   * The task with its relations, if the actor may see it: 404 when it does not exist, 403 when it is another
   * unit's. Read in the ambient transaction, if any (`_em` is kept for callers).
   */
  async findReadable(actor: Actor, id: number): Promise<Task> {
    const task = await this.tasks.findWithRelations(id);
    if (!task) throw new NotFoundError('Task', id, '任务');
    assertCan(actor, 'task.read', loadedTaskObject(task), {
      en: 'This task belongs to other units',
      zh: '该任务不属于本单位',
    });
    return task;
  }

  async get(
    actor: Actor,
    id: number,
  ): Promise<
    TaskView & {
      subtasks: { id: number; code: string; title: string; status: TaskStatus; progress: number }[];
      urgingCount: number;
      urgingsByUnit: { unitId: number; count: number }[];
    }
  > {
    const task = await this.findReadable(actor, id);
    const subtasks = await this.tasks.subtasksOf(id);
    const urgingsByUnit = await this.urgings.countsForTask(id);
    const urgingCount = urgingsByUnit.reduce((n, u) => n + u.count, 0);
    return { ...this.view(actor, task), subtasks, urgingCount, urgingsByUnit };
  }

  private async resolveReferences(planId: number | null, dto: Partial<CreateTaskDto>) {
    let workItem: WorkItem | null = null;
    if (dto.workItemId !== undefined) {
      workItem = await this.plans.findWorkItem(dto.workItemId);
      if (!workItem || (planId !== null && workItem.planId !== planId)) {
        throw new InvalidFieldError(
          'workItemId',
          `unknown work item ${dto.workItemId}`,
          `工作事项 ${dto.workItemId} 不存在`,
          'unknown_work_item',
        );
      }
    }
    let supporting: Unit[] | undefined;
    if (dto.leadUnitId !== undefined) await this.units.requireIds([dto.leadUnitId], 'leadUnitId');
    if (dto.supportingUnitIds !== undefined)
      supporting = await this.units.requireIds(dto.supportingUnitIds, 'supportingUnitIds');
    if (dto.ownerId != null && !(await this.users.exists(dto.ownerId))) {
      throw new InvalidFieldError(
        'ownerId',
        `unknown user ${dto.ownerId}`,
        `用户 ${dto.ownerId} 不存在`,
        'unknown_user',
      );
    }
    let indicators: Indicator[] | undefined;
    if (dto.indicatorIds !== undefined) {
      indicators = await this.indicators.findByIds(dto.indicatorIds);
      const plan = planId ?? workItem?.planId;
      const missing = dto.indicatorIds.filter((id) => !indicators!.some((i) => i.id === id && i.planId === plan));
      if (missing.length) {
        throw new InvalidFieldError(
          'indicatorIds',
          `unknown indicator ${missing.join(', ')}`,
          `指标 ${missing.join('、')} 不存在`,
          'unknown_indicator',
        );
      }
    }
    return { workItem, supporting, indicators };
  }

  private checkDates(task: { startDate: string | null; deadline: string }): void {
    if (task.startDate && task.deadline < task.startDate) {
      throw new InvalidFieldError(
        'deadline',
        'must not be before startDate',
        '完成时限不能早于开始日期',
        'before_start',
      );
    }
  }

  private checkUnits(task: Task): void {
    if (task.supportingUnits?.some((u) => u.id === task.leadUnitId)) {
      throw new InvalidFieldError(
        'supportingUnitIds',
        'must not include the lead unit',
        '配合单位不能包含牵头单位',
        'lead_unit_supporting',
      );
    }
  }

  async create(actor: Actor, dto: CreateTaskDto): Promise<TaskView> {
    assertCan(actor, 'task.create');
    const id = await this.txHost.withTransaction(async () => {
      const { workItem, supporting, indicators } = await this.resolveReferences(null, dto);
      const wi = workItem as WorkItem;
      let parent: Task | null = null;
      if (dto.parentId !== undefined) {
        parent = await this.tasks.findById(dto.parentId);
        if (!parent || parent.workItemId !== wi.id) {
          throw new InvalidFieldError(
            'parentId',
            `unknown task ${dto.parentId} in this work item`,
            `该工作事项下不存在任务 ${dto.parentId}`,
            'unknown_parent',
          );
        }
        if (parent.parentId !== null) {
          throw new InvalidFieldError(
            'parentId',
            'a sub-task cannot have sub-tasks',
            '子任务不能再有子任务',
            'nested_subtask',
          );
        }
      }
      if (dto.deadline !== undefined && dto.deadlineWorkingDays !== undefined) {
        throw new InvalidFieldError(
          'deadline',
          'give either deadline or deadlineWorkingDays, not both',
          '完成时限与工作日数只能填一个',
          'deadline_twice',
        );
      }
      let deadline = dto.deadline;
      if (dto.deadlineWorkingDays !== undefined) {
        if (!dto.startDate) {
          throw new InvalidFieldError(
            'startDate',
            'is required when the deadline is a number of working days',
            '按工作日计算时限时必须填写开始日期',
            'required',
          );
        }
        deadline = this.calendar.addWorkingDays(dto.startDate, dto.deadlineWorkingDays);
      }
      // Codes are allocated one creation at a time per work item; the unique index (planId, code) backs it.
      await this.plans.lockWorkItem(wi.id);
      const code =
        dto.code ??
        (parent
          ? await this.tasks.nextCodeFor(wi.planId, `${parent.code}.`, { parentId: parent.id })
          : await this.tasks.nextCodeFor(wi.planId, `${wi.code}-`, { workItemId: wi.id }));
      if (await this.tasks.codeTaken(wi.planId, code)) throw duplicateCode(code);
      const task = this.tasks.build({
        planId: wi.planId,
        workItemId: wi.id,
        parentId: parent?.id ?? null,
        code,
        title: dto.title,
        titleEn: dto.titleEn ?? null,
        description: dto.description ?? '',
        leadUnitId: dto.leadUnitId,
        supportingUnits: supporting ?? [],
        ownerId: dto.ownerId ?? null,
        ownerName: dto.ownerName ?? null,
        startDate: dto.startDate ?? null,
        deadline: deadline as string,
        originalDeadline: deadline as string,
        deadlineWorkingDays: dto.deadlineWorkingDays ?? null,
        recurrence: dto.recurrence ? { freq: dto.recurrence.freq, day: dto.recurrence.day } : null,
        priority: dto.priority ?? 'normal',
        status: dto.status ?? 'assigned',
        progress: dto.progress ?? 0,
        tags: dto.tags ?? [],
        indicators: indicators ?? [],
        source: 'user',
        createdById: actor.id || null,
      });
      this.checkDates(task);
      this.checkUnits(task);
      await this.save(task);
      await this.requestAcknowledgements([task]);
      const snap = snapshot(task);
      await this.audit.recordCreate(actor, 'task', task.id, snap, [...AUDITED]);
      return task.id;
    });
    return this.get(actor, id);
  }

  /** A code taken by a concurrent request is caught by the unique index: a 409 naming `code`. */
  private async save(task: Task): Promise<void> {
    try {
      await this.tasks.save(task);
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateCode(task.code);
      throw e;
    }
  }

  async update(actor: Actor, id: number, dto: UpdateTaskDto): Promise<TaskView> {
    assertCan(actor, 'task.update');
    await this.txHost.withTransaction(async () => {
      const task = await this.findReadable(actor, id);
      if (task.status === 'closed' || task.status === 'cancelled') {
        throw new ConflictError(
          `A ${task.status} task cannot be edited`,
          `任务已${task.status === 'closed' ? '办结' : '取消'}，不能修改`,
          'task_finished',
        );
      }
      const before = snapshot(task);
      const { workItem, supporting, indicators } = await this.resolveReferences(task.planId, dto);
      if (dto.code !== undefined && dto.code !== task.code && (await this.tasks.codeTaken(task.planId, dto.code))) {
        throw duplicateCode(dto.code);
      }
      const previousDeadline = task.deadline;
      const replan = this.replanOf(task, dto, actor);
      const { supportingUnitIds: _s, indicatorIds: _i, recurrence, replanReason: _r, ...plain } = dto;
      Object.assign(task, plain);
      if (workItem) task.workItem = workItem;
      if (recurrence !== undefined) task.recurrence = recurrence && { freq: recurrence.freq, day: recurrence.day };
      if (supporting) task.supportingUnits = supporting;
      if (indicators) task.indicators = indicators;
      if (dto.leadUnitId !== undefined) task.leadUnit = (await this.unitRows.findById(dto.leadUnitId)) as Unit;
      // The loaded relation wins over the column when saving: keep them in step.
      if (dto.ownerId !== undefined) task.owner = dto.ownerId === null ? null : await this.users.findById(dto.ownerId);
      if (dto.deadline !== undefined) task.deadlineWorkingDays = null;
      this.checkDates(task);
      this.checkUnits(task);
      await this.save(task);
      await this.requestAcknowledgements([task]);
      // A re-plan records the deadline's move as its own entry, with the reason; the other fields as an update.
      const fields = replan ? AUDITED.filter((f) => f !== 'deadline') : [...AUDITED];
      await this.audit.recordUpdate(actor, 'task', id, before, snapshot(task), fields);
      if (replan) await this.recordReplan(actor, task, previousDeadline, replan.reason);
    });
    return this.get(actor, id);
  }

  /**
   * Whether a PATCH moves the deadline of an assigned task, and why: such a move is a re-plan, on record beside the
   * extension requests, not a silent edit. "Assigned" means issued to its lead unit: any status but draft (a draft
   * is still the planners' to shape; a closed or cancelled task is not edited at all). With separation of duties
   * on, the move needs a reason (replanReason, 400 when missing); with it off, a move without one is a plain edit
   * as before, and one with a reason is still recorded as a re-plan.
   */
  private replanOf(task: Task, dto: UpdateTaskDto, actor: Actor): { reason: string } | null {
    // the system actor (no person: it cannot be on an extension row) is exempt, as from every duty rule
    if (isSystem(actor)) return null;
    if (dto.deadline === undefined || dto.deadline === task.deadline || task.status === 'draft') return null;
    if (dto.replanReason !== undefined) return { reason: dto.replanReason };
    if (!this.config.security.separationOfDuties) return null;
    throw new InvalidFieldError(
      'replanReason',
      'is required when the deadline of an assigned task changes (recorded as a re-plan)',
      '调整已下达任务的完成时限须填写调整理由（记为计划调整）',
      'required',
    );
  }

  /** The re-plan as an extension record decided by the planner at once, and its audit entry. */
  private async recordReplan(actor: Actor, task: Task, previousDeadline: string, reason: string): Promise<void> {
    const now = this.clock.now();
    await this.requests.insertExtension({
      taskId: task.id,
      requestedById: actor.id,
      previousDeadline,
      requestedDeadline: task.deadline,
      reason,
      status: 'replanned',
      requestedAt: now,
      decidedById: actor.id,
      decidedAt: now,
      decisionNote: null,
    });
    await this.audit.record(actor, 'task', task.id, 'deadline.replan', [
      { field: 'deadline', from: previousDeadline, to: task.deadline },
      { field: 'reason', from: null, to: reason },
    ]);
  }

  // --- many tasks at once (a task sheet's import) ---

  /**
   * Creates many top-level tasks in the ambient transaction with the rules of create(): references checked with
   * one query each, codes allocated as one create() after another would (given ones first, then generated ones in
   * order), rows, links and audit entries inserted in batches. An error names the item by its label.
   */
  async createMany(actor: Actor, items: BulkItem<BulkCreateFields>[]): Promise<{ id: number; code: string }[]> {
    assertCan(actor, 'task.create');
    if (!items.length) return [];
    return this.txHost.withTransaction(async () => {
      const workItems = new Map(
        (await this.plans.workItemsByIds([...new Set(items.map((i) => i.dto.workItemId))])).map((w) => [w.id, w]),
      );
      const units = await this.unitsById(items.flatMap((i) => [i.dto.leadUnitId, ...(i.dto.supportingUnitIds ?? [])]));
      const tasks = items.map(({ dto, label }) =>
        labelled(label, () => {
          const wi = workItems.get(dto.workItemId);
          if (!wi) {
            throw new InvalidFieldError(
              'workItemId',
              `unknown work item ${dto.workItemId}`,
              `工作事项 ${dto.workItemId} 不存在`,
              'unknown_work_item',
            );
          }
          const supporting = requireUnits(units, dto.supportingUnitIds ?? [], 'supportingUnitIds');
          requireUnits(units, [dto.leadUnitId], 'leadUnitId');
          const task = this.tasks.build({
            planId: wi.planId,
            workItemId: wi.id,
            parentId: null,
            code: dto.code,
            title: dto.title,
            titleEn: dto.titleEn ?? null,
            description: dto.description ?? '',
            leadUnitId: dto.leadUnitId,
            supportingUnits: supporting,
            ownerId: null,
            ownerName: dto.ownerName ?? null,
            startDate: dto.startDate ?? null,
            deadline: dto.deadline,
            originalDeadline: dto.deadline,
            deadlineWorkingDays: null,
            recurrence: null,
            priority: dto.priority ?? 'normal',
            status: dto.status ?? 'assigned',
            progress: dto.progress ?? 0,
            tags: dto.tags ?? [],
            indicators: [],
            source: 'user',
            createdById: actor.id || null,
          });
          this.checkDates(task);
          this.checkUnits(task);
          return task;
        }),
      );
      for (const id of new Set(tasks.map((t) => t.workItemId))) await this.plans.lockWorkItem(id);
      // Given codes first: they count among their work item's tasks when the others' codes are generated.
      const given = tasks.filter((t) => t.code !== undefined);
      for (const planId of new Set(given.map((t) => t.planId))) {
        const mine = given.filter((t) => t.planId === planId);
        const taken = await this.tasks.codesTaken(
          planId,
          mine.map((t) => t.code),
        );
        const clash = mine.findIndex((t) => taken.has(t.code));
        if (clash >= 0)
          labelled(items[tasks.indexOf(mine[clash])].label, () => {
            throw duplicateCode(mine[clash].code);
          });
      }
      await this.insertTasks(given);
      const generated = tasks.filter((t) => t.code === undefined);
      const counts = await this.plans.taskCounts([...new Set(generated.map((t) => t.workItemId))]);
      const takenByPrefix = new Map<string, Set<string>>();
      for (const task of generated) {
        const wi = workItems.get(task.workItemId) as WorkItem;
        const prefix = `${wi.code}-`;
        let taken = takenByPrefix.get(prefix);
        if (!taken) takenByPrefix.set(prefix, (taken = await this.tasks.codesStartingWith(wi.planId, prefix)));
        let n = (counts.get(wi.id) ?? 0) + 1;
        while (taken.has(`${prefix}${n}`)) n++;
        task.code = `${prefix}${n}`;
        taken.add(task.code);
        counts.set(wi.id, (counts.get(wi.id) ?? 0) + 1);
      }
      await this.insertTasks(generated);
      await this.requestAcknowledgements(tasks);
      await this.audit.recordAll(
        actor,
        tasks.map((t) => ({
          entityType: 'task',
          entityId: t.id,
          action: 'create',
          changes: createChanges(snapshot(t), [...AUDITED]),
        })),
      );
      return tasks.map((t) => ({ id: t.id, code: t.code }));
    });
  }

  /** Inserts built tasks and their supporting units, and reads back their ids (codes are unique in a plan). */
  private async insertTasks(tasks: Task[]): Promise<void> {
    if (!tasks.length) return;
    try {
      await this.tasks.insertMany(tasks.map(({ supportingUnits: _s, indicators: _i, ...columns }) => columns));
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicateCode(tasks.map((t) => t.code).join(', '));
      throw e;
    }
    for (const planId of new Set(tasks.map((t) => t.planId))) {
      const mine = tasks.filter((t) => t.planId === planId);
      const ids = await this.tasks.idsByCodes(
        planId,
        mine.map((t) => t.code),
      );
      for (const t of mine) t.id = ids.get(t.code) as number;
    }
    const links = tasks.flatMap((t) => t.supportingUnits.map((u) => ({ taskId: t.id, unitId: u.id })));
    await this.tasks.replaceSupportingLinks([], links);
  }

  /**
   * Edits many tasks in the ambient transaction with the rules of update(), for the fields a task sheet holds:
   * the tasks, work items and units read once, one UPDATE per task, links and audit entries written in batches.
   * An error names the item by its label.
   */
  async updateMany(actor: Actor, items: (BulkItem<BulkUpdateFields> & { id: number })[]): Promise<void> {
    assertCan(actor, 'task.update');
    if (!items.length) return;
    await this.txHost.withTransaction(async () => {
      const found = new Map((await this.tasks.byIdsWithSupportingUnits(items.map((i) => i.id))).map((t) => [t.id, t]));
      const wiIds = items.flatMap((i) => (i.dto.workItemId !== undefined ? [i.dto.workItemId] : []));
      const workItems = new Map((await this.plans.workItemsByIds([...new Set(wiIds)])).map((w) => [w.id, w]));
      const units = await this.unitsById(
        items.flatMap((i) => [
          ...(i.dto.leadUnitId !== undefined ? [i.dto.leadUnitId] : []),
          ...(i.dto.supportingUnitIds ?? []),
        ]),
      );
      const records: Parameters<AuditService['recordAll']>[1] = [];
      const relinked: Task[] = [];
      for (const { id, dto, label } of items) {
        const task = labelled(label, () => {
          const task = found.get(id);
          if (!task) throw new NotFoundError('Task', id, '任务');
          assertCan(actor, 'task.read', loadedTaskObject(task), {
            en: 'This task belongs to other units',
            zh: '该任务不属于本单位',
          });
          if (task.status === 'closed' || task.status === 'cancelled') {
            throw new ConflictError(
              `A ${task.status} task cannot be edited`,
              `任务已${task.status === 'closed' ? '办结' : '取消'}，不能修改`,
              'task_finished',
            );
          }
          return task;
        });
        const before = snapshot(task);
        const previousDeadline = task.deadline;
        const patch: Partial<Task> = {};
        labelled(label, () => {
          if (dto.workItemId !== undefined) {
            const wi = workItems.get(dto.workItemId);
            if (!wi || wi.planId !== task.planId) {
              throw new InvalidFieldError(
                'workItemId',
                `unknown work item ${dto.workItemId}`,
                `工作事项 ${dto.workItemId} 不存在`,
                'unknown_work_item',
              );
            }
          }
          if (dto.leadUnitId !== undefined) requireUnits(units, [dto.leadUnitId], 'leadUnitId');
          if (dto.supportingUnitIds !== undefined) {
            task.supportingUnits = requireUnits(units, dto.supportingUnitIds, 'supportingUnitIds');
            relinked.push(task);
          }
          for (const field of BULK_UPDATE_COLUMNS) {
            if (dto[field] !== undefined) Object.assign(patch, { [field]: dto[field] });
          }
          if (dto.deadline !== undefined) patch.deadlineWorkingDays = null;
          Object.assign(task, patch);
          this.checkDates(task);
          this.checkUnits(task);
        });
        if (Object.keys(patch).length) await this.tasks.patch(id, patch);
        const changes = diff(before, snapshot(task), [...AUDITED]);
        if (changes.length) records.push({ entityType: 'task', entityId: id, action: 'update', changes });
        // A sheet has no reason column: with separation of duties on, a moved deadline of an assigned task is
        // still a re-plan on record, its reason naming the import.
        if (
          this.config.security.separationOfDuties &&
          !isSystem(actor) &&
          before.status !== 'draft' &&
          task.deadline !== previousDeadline
        ) {
          await this.recordReplan(actor, task, previousDeadline, IMPORT_REPLAN_REASON);
        }
      }
      await this.tasks.replaceSupportingLinks(
        relinked.map((t) => t.id),
        relinked.flatMap((t) => t.supportingUnits.map((u) => ({ taskId: t.id, unitId: u.id }))),
      );
      await this.requestAcknowledgements([...found.values()]);
      await this.audit.recordAll(actor, records);
    });
  }

  /**
   * Asks each unit of these tasks (lead and supporting) that was not asked yet to acknowledge its assignment (签收),
   * in batches; a draft is not assigned yet, and a closed or cancelled task asks nobody.
   */
  private async requestAcknowledgements(tasks: Task[]): Promise<void> {
    const open = tasks.filter((t) => t.status !== 'draft' && t.status !== 'closed' && t.status !== 'cancelled');
    await this.acknowledgements.requestMany(
      open.map((t) => ({
        kind: 'task' as const,
        subjectId: t.id,
        taskId: t.id,
        unitIds: [t.leadUnitId, ...(t.supportingUnits ?? []).map((u) => u.id)],
      })),
    );
  }

  /** The units among these ids, read once, by id. */
  private async unitsById(ids: number[]): Promise<Map<number, Unit>> {
    return new Map((await this.unitRows.findByIds([...new Set(ids)])).map((u) => [u.id, u]));
  }

  async changeStatus(actor: Actor, id: number, dto: StatusChangeDto): Promise<TaskView> {
    await this.txHost.withTransaction(async () => {
      const task = await this.findReadable(actor, id);
      if (!can(actor, 'task.status', loadedTaskObject(task), dto.status)) {
        // a role that reaches some tasks with task.status is limited in what it may set (a liaison starts or blocks)
        const limited = can(actor, 'task.status');
        throw new ForbiddenError(
          limited
            ? "A liaison may start or block its own unit's tasks only"
            : 'Only leads and the secretariat change task status',
          limited ? '联络员只能开始或挂起本单位牵头的任务' : '只有专班负责人和专班办公室可以变更任务状态',
        );
      }
      if (CLOSING_STATUSES.includes(dto.status)) {
        throw new ConflictError(
          `A task is ${dto.status === 'closed' ? 'closed when a lead accepts its closing request' : 'submitted for closing with a closing request'}: POST /api/tasks/${id}/closing`,
          dto.status === 'closed' ? '任务需经专班负责人同意办结申请后办结' : '请通过办结申请提交办结',
          'use_closing_request',
        );
      }
      if (task.status === dto.status) return;
      assertTransition(task.status, dto.status);
      await this.setStatus(actor, task, dto.status, `status.${dto.status}`, dto.reason);
    });
    return this.get(actor, id);
  }

  /** Moves a task to a status (already checked by the caller) and records it, in the ambient transaction. */
  async setStatus(actor: Actor, task: Task, to: TaskStatus, action: string, reason?: string | null): Promise<void> {
    const from = task.status;
    const changes: { field: string; from: unknown; to: unknown }[] = [{ field: 'status', from, to }];
    const patch: Partial<Task> = { status: to };
    if (to === 'closed') {
      patch.closedAt = this.clock.now();
      patch.closedOn = this.clock.today();
      if (task.progress !== 100) {
        patch.progress = 100;
        changes.push({ field: 'progress', from: task.progress, to: 100 });
      }
    }
    if (reason) changes.push({ field: 'reason', from: null, to: reason });
    await this.tasks.patch(task.id, patch);
    Object.assign(task, patch);
    if (from === 'draft') await this.requestAcknowledgements([task]);
    await this.audit.record(actor, 'task', task.id, action, changes);
  }

  /**
   * A progress report by the lead unit moves the task's progress (and starts an assigned task).
   * Returns the progress before, so a report sent back can restore it.
   */
  async applyReportProgress(actor: Actor, task: Task, percent: number): Promise<number> {
    const before = task.progress;
    const changes: { field: string; from: unknown; to: unknown }[] = [];
    const patch: Partial<Task> = {};
    if (percent !== before) {
      patch.progress = percent;
      changes.push({ field: 'progress', from: before, to: percent });
    }
    if (task.status === 'assigned') {
      patch.status = 'in_progress';
      changes.push({ field: 'status', from: 'assigned', to: 'in_progress' });
    }
    if (changes.length) {
      await this.tasks.patch(task.id, patch);
      Object.assign(task, patch);
      await this.audit.record(actor, 'task', task.id, 'report.progress', changes);
    }
    return before;
  }

  /** Restores the progress a sent-back report had set, unless a later change moved it since. */
  async revertReportProgress(actor: Actor, taskId: number, reportPercent: number, before: number): Promise<void> {
    const task = await this.tasks.findById(taskId);
    if (!task) throw new NotFoundError('Task', taskId, '任务');
    if (task.progress !== reportPercent || task.progress === before) return;
    await this.tasks.patch(taskId, { progress: before });
    await this.audit.record(actor, 'task', taskId, 'report.returned', [
      { field: 'progress', from: reportPercent, to: before },
    ]);
  }

  async auditTrail(actor: Actor, id: number) {
    await this.findReadable(actor, id);
    return this.audit.query({ entityType: 'task', entityId: id, page: 1, pageSize: 500 });
  }
}
