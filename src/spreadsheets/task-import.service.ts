// Importing a task breakdown (任务分解表) from .xlsx in two steps: a preview that reads the sheet, checks every row
// as the task API would and says what each row would do, changing nothing; then a commit that applies the valid
// rows in one transaction through TasksService, so the task rules and the audit log apply as for any edit.
import { StatisticsService } from '../database/statistics';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../auth/actor';
import { assertCan } from '../access';
import { ClockService } from '../common/clock.service';
import { ConflictError, DomainError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { createValidationPipe, isIsoDate } from '../common/validation';
import type { Plan } from '../plans/plan.entity';
import type { WorkItem } from '../plans/work-item.entity';
import { PlansRepository } from '../plans/plans.repository';
import { CreateTaskDto, UpdateTaskDto } from '../tasks/task.dto';
import type { Task } from '../tasks/task.entity';
import { TasksRepository } from '../tasks/tasks.repository';
import { TasksService, type BulkCreateFields } from '../tasks/tasks.service';
import type { Unit } from '../units/unit.entity';
import { UnitsRepository } from '../units/units.repository';
import { TASK_COLUMNS, columnTitle, parseStatus, splitList, statusLabel, type TaskColumnKey } from './task-columns';
import { readTaskSheet, type SheetRow, type TaskSheet } from './task-sheet';
import { readWorkbook } from './xlsx';

export interface RowChange {
  field: TaskColumnKey;
  from: unknown;
  to: unknown;
}

export interface RowMessage {
  field: TaskColumnKey;
  /** The column's header as written in the file. */
  column: string;
  message: string;
  messageZh: string;
}

export interface ImportRow {
  /** The row number in the workbook. */
  row: number;
  action: 'create' | 'update' | 'unchanged';
  /** The task's code; null for a new task whose code is generated when it is created. */
  code: string | null;
  taskId: number | null;
  changes: RowChange[];
  /** Why the row cannot be applied; a row with errors is skipped by the commit. */
  errors: RowMessage[];
  /** Cells that are read but not applied, e.g. a status change (statuses move through their own actions). */
  notes: RowMessage[];
}

export interface ImportSummary {
  create: number;
  update: number;
  unchanged: number;
  rejected: number;
}

export interface ImportPreview {
  importId: string;
  plan: { id: number; code: string; title: string };
  sheet: string;
  columns: Partial<Record<TaskColumnKey, string>>;
  ignoredColumns: string[];
  expiresAt: Date;
  rows: ImportRow[];
  summary: ImportSummary;
}

export interface ImportResult {
  importId: string;
  plan: { id: number; code: string; title: string };
  committedAt: Date;
  created: { row: number; id: number; code: string; title: string }[];
  updated: { row: number; id: number; code: string; changes: RowChange[] }[];
  unchanged: { row: number; id: number; code: string }[];
  skipped: { row: number; code: string | null; errors: RowMessage[] }[];
  summary: { created: number; updated: number; unchanged: number; skipped: number };
}

/** What the commit does with a valid row: the request it sends to TasksService. */
interface RowPlan {
  row: number;
  action: ImportRow['action'];
  taskId: number | null;
  dto: CreateTaskDto | UpdateTaskDto | null;
}

interface StoredImport {
  id: string;
  actorId: number;
  planId: number;
  sheet: TaskSheet;
  /** The preview's validated requests, by request. */
  validated: Map<string, Validated>;
  preview: ImportPreview;
  state: 'previewed' | 'committing' | 'committed';
  expiresAt: number;
  result?: ImportResult;
}

/** Imports are kept in memory for this long after the preview. */
export const IMPORT_TTL_MS = 30 * 60 * 1000;
const MAX_KEPT = 100;

/** What a row's cells are checked against: the plan's work items, tasks, and the units. */
/** A row's request as validated: the DTO, or what is wrong with it by field. */
type Validated = { dto: CreateTaskDto | UpdateTaskDto } | { errors: DomainError['errors'] };

interface Context {
  validated: Map<string, Validated>;
  plan: Plan;
  workItems: WorkItem[];
  /** The first work item (in plan order) with a code, title or English title of this key. */
  workItemsByKey: Map<string, WorkItem>;
  units: Unit[];
  /** The first unit (in id order) with a name, code or English name of this key. */
  unitsByKey: Map<string, Unit>;
  tasksByCode: Map<string, Task>;
}

const key = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Each key of the items, to the first item that has it. */
function firstByKey<T>(items: T[], names: (item: T) => (string | null)[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const item of items) {
    for (const name of names(item)) {
      if (!name) continue;
      const k = key(name);
      if (!out.has(k)) out.set(k, item);
    }
  }
  return out;
}

/** DTO fields and the columns they come from. */
const DTO_COLUMN: Record<string, TaskColumnKey> = {
  workItemId: 'workItem',
  leadUnitId: 'leadUnit',
  supportingUnitIds: 'supportingUnits',
  ownerName: 'owner',
  ownerId: 'owner',
};

const sameList = (a: readonly unknown[], b: readonly unknown[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

@Injectable()
export class TaskImportService {
  private readonly imports = new Map<string, StoredImport>();
  private readonly pipe = createValidationPipe();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly statistics: StatisticsService,
    private readonly plans: PlansRepository,
    private readonly units: UnitsRepository,
    private readonly taskRecords: TasksRepository,
    private readonly tasks: TasksService,
    private readonly clock: ClockService,
  ) {}

  // --- preview ---

  async preview(actor: Actor, content: Buffer, planId?: number): Promise<ImportPreview> {
    assertCan(actor, 'tasks.import');
    if (!content.length) {
      throw new InvalidFieldError('file', 'the request has no file', '请求中没有文件', 'required');
    }
    const wb = await readWorkbook(content);
    if (!wb) {
      throw new InvalidFieldError('file', 'is not a valid .xlsx workbook', '不是有效的 .xlsx 工作簿', 'invalid_file');
    }
    const sheet = readTaskSheet(wb);
    const validated = new Map<string, Validated>();
    const { plan, rows } = await this.analyze(planId, sheet, validated);
    this.purge();
    const id = randomUUID();
    const expiresAt = this.clock.now().getTime() + IMPORT_TTL_MS;
    const preview: ImportPreview = {
      importId: id,
      plan: { id: plan.id, code: plan.code, title: plan.title },
      sheet: sheet.sheetName,
      columns: sheet.columns,
      ignoredColumns: sheet.ignoredColumns,
      expiresAt: new Date(expiresAt),
      rows,
      summary: summarize(rows),
    };
    this.imports.set(id, {
      id,
      actorId: actor.id,
      planId: plan.id,
      sheet,
      validated,
      preview,
      state: 'previewed',
      expiresAt,
    });
    return preview;
  }

  /** The preview of an import that is still kept (for the person who made it). */
  get(actor: Actor, importId: string): ImportPreview & { state: StoredImport['state']; result?: ImportResult } {
    const entry = this.entry(actor, importId);
    return { ...entry.preview, state: entry.state, result: entry.result };
  }

  // --- commit ---

  async commit(actor: Actor, importId: string): Promise<ImportResult> {
    assertCan(actor, 'tasks.import');
    const entry = this.entry(actor, importId);
    if (entry.state !== 'previewed') {
      throw new ConflictError(
        entry.state === 'committed'
          ? `Import ${importId} is already committed`
          : `Import ${importId} is being committed`,
        entry.state === 'committed' ? `导入 ${importId} 已提交` : `导入 ${importId} 正在提交`,
        'import_committed',
      );
    }
    entry.state = 'committing';
    try {
      // TasksService's writes join this transaction: the rows are applied all together or not at all.
      const result = await this.txHost.withTransaction(() => this.apply(actor, entry));
      // The tables an import writes: analysing the whole database took a third of a commit's time at 100,000 tasks.
      await this.statistics.refresh(['task', 'task_supporting_unit', 'audit_entry']);
      entry.state = 'committed';
      entry.result = result;
      return result;
    } catch (e) {
      entry.state = 'previewed';
      throw e;
    }
  }

  private async apply(actor: Actor, entry: StoredImport): Promise<ImportResult> {
    const { rows, plans } = await this.analyze(entry.planId, entry.sheet, entry.validated);
    if (JSON.stringify(rows) !== JSON.stringify(entry.preview.rows)) {
      throw new ConflictError(
        'The tasks or units changed since the preview: preview the file again',
        '预览之后任务或单位已有变动，请重新预览',
        'import_stale',
      );
    }
    const result: ImportResult = {
      importId: entry.id,
      plan: entry.preview.plan,
      committedAt: this.clock.now(),
      created: [],
      updated: [],
      unchanged: [],
      skipped: [],
      summary: { created: 0, updated: 0, unchanged: 0, skipped: 0 },
    };
    const byRow = new Map(rows.map((r) => [r.row, r]));
    const label = (row: number) => ({ en: `row ${row}`, zh: `第 ${row} 行` });
    // Updates first, then the new tasks (TasksService allocates codes as one creation after another in row order,
    // given codes first): a generated code never takes one that a later row of the file names.
    const valid = plans.filter((p) => p.dto !== null).sort((a, b) => a.row - b.row);
    const updates = valid.filter((p) => p.action !== 'create');
    await this.tasks.updateMany(
      actor,
      updates.map((p) => ({ id: p.taskId as number, dto: p.dto as UpdateTaskDto, label: label(p.row) })),
    );
    for (const p of updates) {
      const row = byRow.get(p.row) as ImportRow;
      result.updated.push({ row: p.row, id: p.taskId as number, code: row.code as string, changes: row.changes });
    }
    const creates = valid.filter((p) => p.action === 'create');
    const created = await this.tasks.createMany(
      actor,
      creates.map((p) => ({ dto: p.dto as BulkCreateFields, label: label(p.row) })),
    );
    creates.forEach((p, i) => {
      const { id, code } = created[i];
      result.created.push({ row: p.row, id, code, title: (p.dto as CreateTaskDto).title });
    });
    for (const r of rows) {
      if (r.errors.length) result.skipped.push({ row: r.row, code: r.code, errors: r.errors });
      else if (r.action === 'unchanged')
        result.unchanged.push({ row: r.row, id: r.taskId as number, code: r.code as string });
    }
    result.summary = {
      created: result.created.length,
      updated: result.updated.length,
      unchanged: result.unchanged.length,
      skipped: result.skipped.length,
    };
    return result;
  }

  // --- the kept imports ---

  private entry(actor: Actor, importId: string): StoredImport {
    this.purge();
    const entry = this.imports.get(importId);
    if (!entry) throw new NotFoundError('Import', importId, '导入');
    if (entry.actorId !== actor.id) {
      throw new ForbiddenError('This import was previewed by someone else', '此导入由他人预览，不能由您提交');
    }
    return entry;
  }

  /** Drops expired imports, and the oldest ones beyond the number kept. */
  private purge(): void {
    const now = this.clock.now().getTime();
    for (const [id, entry] of this.imports) if (entry.expiresAt <= now) this.imports.delete(id);
    const excess = this.imports.size - MAX_KEPT;
    if (excess > 0) for (const id of [...this.imports.keys()].slice(0, excess)) this.imports.delete(id);
  }

  // --- checking the rows ---

  /** The plan, its work items, every unit, and the plan's tasks whose codes the sheet names: read once. */
  private async context(planId: number | undefined, sheet: TaskSheet): Promise<Omit<Context, 'validated'>> {
    const plan = planId ? await this.plans.findPlan(planId) : await this.plans.firstPlan();
    if (!plan) {
      throw planId
        ? new InvalidFieldError('planId', `unknown plan ${planId}`, `计划 ${planId} 不存在`, 'unknown')
        : new InvalidFieldError('planId', 'no plan is loaded', '尚未载入工作计划', 'required');
    }
    const workItems = await this.plans.workItemsOf(plan.id);
    const units = await this.units.all();
    const codes = sheet.rows.flatMap((r) =>
      r.cells.code === null || r.cells.code === undefined ? [] : [String(r.cells.code)],
    );
    const tasks = await this.taskRecords.byCodesWithLinks(plan.id, codes);
    return {
      plan,
      workItems,
      workItemsByKey: firstByKey(workItems, (w) => [w.code, w.title, w.titleEn]),
      units,
      unitsByKey: firstByKey(units, (u) => [u.name, u.code, u.nameEn]),
      tasksByCode: new Map(tasks.map((t) => [t.code, t])),
    };
  }

  /**
   * A row's request validated as the API would. The commit checks the same requests as the preview did: their
   * answers are kept with the import rather than worked out again (validation is most of a large preview's time).
   */
  private async validated(
    ctx: Context,
    metatype: typeof CreateTaskDto | typeof UpdateTaskDto,
    plain: Record<string, unknown>,
  ): Promise<Validated> {
    const cacheKey = `${metatype.name}:${JSON.stringify(plain)}`;
    const known = ctx.validated.get(cacheKey);
    if (known) return known;
    let checked: Validated;
    try {
      checked = {
        dto: (await this.pipe.transform(plain, { type: 'body', metatype })) as CreateTaskDto | UpdateTaskDto,
      };
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      checked = { errors: e.errors };
    }
    ctx.validated.set(cacheKey, checked);
    return checked;
  }

  async analyze(
    planId: number | undefined,
    sheet: TaskSheet,
    validated = new Map<string, Validated>(),
  ): Promise<{ plan: Plan; rows: ImportRow[]; plans: RowPlan[] }> {
    const ctx = { ...(await this.context(planId, sheet)), validated };
    const rows: ImportRow[] = [];
    const plans: RowPlan[] = [];
    const seen = new Map<string, number>();
    for (const sheetRow of sheet.rows) {
      const checked = await this.checkRow(ctx, sheet, sheetRow, seen);
      rows.push(checked.row);
      plans.push(checked.plan);
    }
    return { plan: ctx.plan, rows, plans };
  }

  private async checkRow(
    ctx: Context,
    sheet: TaskSheet,
    { row, cells }: SheetRow,
    seen: Map<string, number>,
  ): Promise<{ row: ImportRow; plan: RowPlan }> {
    const errors: RowMessage[] = [];
    const notes: RowMessage[] = [];
    const changes: RowChange[] = [];
    const column = (field: TaskColumnKey) => sheet.columns[field] ?? columnTitle(field, 'zh-CN');
    const fail = (field: TaskColumnKey, message: string, messageZh: string) =>
      errors.push({ field, column: column(field), message, messageZh });
    const note = (field: TaskColumnKey, message: string, messageZh: string) =>
      notes.push({ field, column: column(field), message, messageZh });
    const has = (field: TaskColumnKey) => field in sheet.columns;
    const text = (field: TaskColumnKey): string | null => {
      const v = cells[field];
      return v === null || v === undefined ? null : String(v);
    };
    const required = (field: TaskColumnKey) => fail(field, 'is required', '必填');

    const code = text('code');
    if (code !== null) {
      const first = seen.get(code);
      if (first !== undefined) {
        fail('code', `${code} appears again (first in row ${first})`, `编号 ${code} 重复（首次出现在第 ${first} 行）`);
      } else seen.set(code, row);
    }
    const task = code !== null ? ctx.tasksByCode.get(code) : undefined;

    const workItem = (): WorkItem | null | undefined => {
      const v = text('workItem');
      if (v === null) return null;
      const k = key(v);
      const found = ctx.workItemsByKey.get(k) ?? ctx.workItems.find((w) => k.startsWith(`${key(w.code)} `));
      if (!found) fail('workItem', `unknown work item "${v}" in plan ${ctx.plan.code}`, `工作事项“${v}”不存在`);
      return found;
    };
    const unitByName = (name: string): Unit | undefined => {
      return ctx.unitsByKey.get(key(name));
    };
    const leadUnit = (): Unit | null | undefined => {
      const v = text('leadUnit');
      if (v === null) return null;
      const found = unitByName(v);
      if (!found) fail('leadUnit', `unknown unit "${v}"`, `单位“${v}”不存在`);
      return found;
    };
    /** Supporting units, split on 、;；and line breaks first, then on commas for names that do not match whole. */
    const supportingUnits = (): Unit[] | undefined => {
      const v = text('supportingUnits');
      if (v === null) return [];
      const found: Unit[] = [];
      const unknown: string[] = [];
      for (const piece of splitList(v, /[、;；\n\r]+/)) {
        const whole = unitByName(piece);
        if (whole) {
          found.push(whole);
          continue;
        }
        for (const part of splitList(piece)) {
          const unit = unitByName(part);
          if (unit) found.push(unit);
          else unknown.push(part);
        }
      }
      if (unknown.length) {
        fail('supportingUnits', `unknown units: ${unknown.join(', ')}`, `单位不存在：${unknown.join('、')}`);
        return undefined;
      }
      return [...new Map(found.map((u) => [u.id, u])).values()];
    };
    const tags = (): string[] => splitList(text('tags') ?? '');
    const unitNames = (units: Unit[]) => units.map((u) => u.name);

    let plain: Record<string, unknown>;
    let action: ImportRow['action'];
    let startDate: string | null | undefined;
    let deadline: string | null | undefined;
    let leadId: number | undefined;
    let supportingIds: number[] | undefined;

    if (!task) {
      action = 'create';
      plain = {};
      if (code !== null) plain.code = code;
      const title = text('title');
      if (title === null) required('title');
      else plain.title = title;
      const wi = workItem();
      if (wi === null) required('workItem');
      else if (wi) plain.workItemId = wi.id;
      const lead = leadUnit();
      if (lead === null) required('leadUnit');
      else if (lead) plain.leadUnitId = leadId = lead.id;
      const supporting = supportingUnits();
      if (supporting?.length) plain.supportingUnitIds = supportingIds = supporting.map((u) => u.id);
      const owner = text('owner');
      if (owner !== null) plain.ownerName = owner;
      startDate = text('startDate');
      if (startDate !== null) plain.startDate = startDate;
      deadline = text('deadline');
      if (deadline === null) required('deadline');
      else plain.deadline = deadline;
      const statusText = text('status');
      if (statusText !== null) {
        const status = parseStatus(statusText);
        if (status === 'draft' || status === 'assigned') plain.status = status;
        else {
          fail(
            'status',
            `"${statusText}": a new task starts as ${statusLabel('draft', 'en')} or ${statusLabel('assigned', 'en')}`,
            `“${statusText}”：新任务的状态只能是${statusLabel('draft', 'zh-CN')}或${statusLabel('assigned', 'zh-CN')}`,
          );
        }
      }
      const progress = cells.progress;
      if (progress !== null && progress !== undefined) plain.progress = progress;
      const tagList = tags();
      if (tagList.length) plain.tags = tagList;
      for (const [field, to] of [
        ['code', code],
        ['workItem', wi?.title ?? null],
        ['title', title],
        ['leadUnit', lead?.name ?? null],
        ['supportingUnits', supporting?.length ? unitNames(supporting) : null],
        ['owner', owner],
        ['startDate', startDate],
        ['deadline', deadline],
        ['status', (plain.status as string | undefined) ?? null],
        ['progress', progress ?? null],
        ['tags', tagList.length ? tagList : null],
      ] as [TaskColumnKey, unknown][]) {
        if (to !== null && to !== undefined) changes.push({ field, from: null, to });
      }
    } else {
      plain = {};
      const change = (field: TaskColumnKey, from: unknown, to: unknown) => changes.push({ field, from, to });
      if (has('title')) {
        const title = text('title');
        if (title === null) required('title');
        else if (title !== task.title) {
          change('title', task.title, title);
          plain.title = title;
        }
      }
      if (has('workItem')) {
        const wi = workItem();
        if (wi === null) required('workItem');
        else if (wi && wi.id !== task.workItemId) {
          change('workItem', task.workItem.title, wi.title);
          plain.workItemId = wi.id;
        }
      }
      if (has('leadUnit')) {
        const lead = leadUnit();
        if (lead === null) required('leadUnit');
        else if (lead && lead.id !== task.leadUnitId) {
          change('leadUnit', task.leadUnit.name, lead.name);
          plain.leadUnitId = leadId = lead.id;
        }
      }
      if (has('supportingUnits')) {
        const supporting = supportingUnits();
        const before = [...task.supportingUnits].sort((a, b) => a.id - b.id);
        if (supporting) {
          const after = [...supporting].sort((a, b) => a.id - b.id);
          if (
            !sameList(
              before.map((u) => u.id),
              after.map((u) => u.id),
            )
          ) {
            change('supportingUnits', unitNames(before), unitNames(supporting));
            plain.supportingUnitIds = supportingIds = supporting.map((u) => u.id);
          }
        }
      }
      if (has('owner')) {
        const owner = text('owner');
        const current = task.ownerName ?? task.owner?.displayName ?? null;
        if (owner === null && task.ownerId !== null && current !== null) {
          // A named person stands in for an account; an account is changed on the task itself.
          note(
            'owner',
            `the owner ${current} has an account and stays; change it on the task`,
            `责任人 ${current} 为系统用户，导入不清除，请在任务中修改`,
          );
        } else if (owner !== current) {
          change('owner', current, owner);
          plain.ownerName = owner;
        }
      }
      if (has('startDate')) {
        startDate = text('startDate');
        if (startDate !== task.startDate) {
          change('startDate', task.startDate, startDate);
          plain.startDate = startDate;
        }
      }
      if (has('deadline')) {
        deadline = text('deadline');
        if (deadline === null) required('deadline');
        else if (deadline !== task.deadline) {
          change('deadline', task.deadline, deadline);
          plain.deadline = deadline;
        }
      }
      if (has('progress')) {
        const progress = cells.progress ?? null;
        if (progress === null) required('progress');
        else if (progress !== task.progress) {
          change('progress', task.progress, progress);
          plain.progress = progress;
        }
      }
      if (has('tags')) {
        const tagList = tags();
        if (!sameList(tagList, task.tags)) {
          change('tags', task.tags, tagList);
          plain.tags = tagList;
        }
      }
      const statusText = text('status');
      if (statusText !== null) {
        const status = parseStatus(statusText);
        if (status !== task.status) {
          note(
            'status',
            `status changes are not imported: the task stays ${statusLabel(task.status, 'en')} ` +
              `("${statusText}" ignored; use the task's status actions)`,
            `状态变更不通过导入办理：任务仍为“${statusLabel(task.status, 'zh-CN')}”（已忽略“${statusText}”，请在任务中办理）`,
          );
        }
      }
      const original = text('originalDeadline');
      if (original !== null && original !== task.originalDeadline) {
        note(
          'originalDeadline',
          `the original deadline stays on record as ${task.originalDeadline} ("${original}" ignored)`,
          `原定时限保留为 ${task.originalDeadline}（已忽略“${original}”）`,
        );
      }
      action = changes.length || errors.length ? 'update' : 'unchanged';
      if (changes.length && (task.status === 'closed' || task.status === 'cancelled')) {
        fail(
          'status',
          `the task is ${task.status}: a ${task.status} task cannot be edited`,
          `任务已${task.status === 'closed' ? '办结' : '取消'}，不能修改`,
        );
      }
    }

    // The request as the API would validate it, then the rules TasksService checks across fields.
    let dto: CreateTaskDto | UpdateTaskDto | null = null;
    if (action !== 'unchanged') {
      const checked = await this.validated(ctx, task ? UpdateTaskDto : CreateTaskDto, plain);
      if ('dto' in checked) dto = checked.dto;
      else {
        for (const err of checked.errors) {
          const field = (DTO_COLUMN[err.field.split(/[.[]/)[0]] ?? err.field.split(/[.[]/)[0]) as TaskColumnKey;
          if (!errors.some((x) => x.field === field)) fail(field, err.message, err.messageZh);
        }
      }
      const start = startDate === undefined ? (task?.startDate ?? null) : startDate;
      const end = deadline === undefined ? (task?.deadline ?? null) : deadline;
      if (start && end && isIsoDate(start) && isIsoDate(end) && end < start) {
        fail('deadline', `${end} is before the start date ${start}`, `完成时限 ${end} 早于开始日期 ${start}`);
      }
      const lead = leadId ?? task?.leadUnitId;
      const supporting = supportingIds ?? task?.supportingUnits.map((u) => u.id) ?? [];
      if (lead !== undefined && supporting.includes(lead)) {
        fail('supportingUnits', 'must not include the lead unit', '配合单位不能包含牵头单位');
      }
    }
    const ordered = (list: RowMessage[]) =>
      list.sort((a, b) => columnOrder(a.field) - columnOrder(b.field) || a.message.localeCompare(b.message));
    return {
      row: {
        row,
        action,
        code: task?.code ?? code,
        taskId: task?.id ?? null,
        changes,
        errors: ordered(errors),
        notes,
      },
      plan: { row, action, taskId: task?.id ?? null, dto: errors.length || action === 'unchanged' ? null : dto },
    };
  }
}

const COLUMN_ORDER = new Map(TASK_COLUMNS.map((c, i) => [c.key, i]));
const columnOrder = (k: TaskColumnKey) => COLUMN_ORDER.get(k) ?? TASK_COLUMNS.length;

export function summarize(rows: ImportRow[]): ImportSummary {
  const ok = rows.filter((r) => !r.errors.length);
  return {
    create: ok.filter((r) => r.action === 'create').length,
    update: ok.filter((r) => r.action === 'update').length,
    unchanged: ok.filter((r) => r.action === 'unchanged').length,
    rejected: rows.length - ok.length,
  };
}

/** The preview as lines of text, for the command line. */
export function previewLines(p: ImportPreview): string[] {
  const lines = [['row', 'action', 'code', 'details'].join('\t')];
  const show = (v: unknown) =>
    v === null || v === undefined || v === '' ? '-' : Array.isArray(v) ? v.join('、') || '-' : String(v);
  for (const r of p.rows) {
    const details = r.errors.length
      ? r.errors.map((e) => `${e.column}: ${e.message}`)
      : r.changes.map((c) =>
          r.action === 'create' ? `${c.field}=${show(c.to)}` : `${c.field}: ${show(c.from)} → ${show(c.to)}`,
        );
    for (const n of r.notes) details.push(`(${n.column}: ${n.message})`);
    const action = r.errors.length ? `rejected (${r.action})` : r.action;
    lines.push([r.row, action, r.code ?? '(new)', details.join('; ')].join('\t'));
  }
  const s = p.summary;
  lines.push(`${s.create} to create, ${s.update} to update, ${s.unchanged} unchanged, ${s.rejected} rejected`);
  return lines;
}
