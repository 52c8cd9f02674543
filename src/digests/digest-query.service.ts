// What digests and escalation are made of, assembled once per run from grouped queries (digest-figures.repository):
// per unit the tasks it leads and supports that are overdue or due soon, per work item and plan-wide the same
// counts, the reports awaited in open dispatch rounds, each recipient's changes since its cutoff — every list the
// first digest.maxListedTasks (MAX_CHANGES) with its total — and the rows of the tasks listed, graded here as
// TasksService grades them. Nothing here grows with the plan beyond the lists' caps.
import { Inject, Injectable } from '@nestjs/common';
import { WorkingDaysService } from '../calendar/working-days.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { OutboxService, toInstant } from '../mail/outbox.service';
import { PlansRepository } from '../plans/plans.repository';
import { gradeTask, type TaskState } from '../tasks/grades';
import type { Recurrence, TaskStatus } from '../tasks/task.entity';
import type { Unit } from '../units/unit.entity';
import { UnitsRepository } from '../units/units.repository';
import { UsersRepository } from '../users/users.repository';
import { groupEvents, type AuditRow, type ChangeEvent } from './change-lines';
import { DigestFiguresRepository, type ChangeCutoff, type FlagRow } from './digest-figures.repository';

export type { ChangeCutoff } from './digest-figures.repository';

/** At most this many changes; the rest are counted. Task lists hold config digest.maxListedTasks. */
export const MAX_CHANGES = 30;

/** The columns of a task a digest needs. */
export interface TaskRow {
  id: number;
  planId: number;
  workItemId: number;
  parentId: number | null;
  code: string;
  title: string;
  titleEn: string | null;
  leadUnitId: number;
  status: TaskStatus;
  progress: number;
  startDate: string | null;
  deadline: string;
  originalDeadline: string;
  recurrence: Recurrence | null;
}

/** An open task that is overdue or due within the digest's horizon, with its grade for today. */
export interface FlaggedTask {
  task: TaskRow;
  state: TaskState;
  overdue: boolean;
  dueSoon: boolean;
  /** The date the work is due by: the deadline, or the next due date of a recurring task. */
  due: string;
}

/** A list of flagged tasks: how many there are, and the first digest.maxListedTasks by due date and code. */
export interface FlaggedList {
  count: number;
  items: FlaggedTask[];
}

export interface Flags {
  overdue: FlaggedList;
  dueSoon: FlaggedList;
}

/** How many rows a figure has, and the ids of the first of them. */
export interface IdCount {
  count: number;
  ids: number[];
}

/** A report a unit owes in an open dispatch round: it leads the task in scope and has filed nothing that stands. */
export interface AwaitedReport {
  roundId: number;
  roundTitle: string;
  period: string;
  dueDate: string;
  unitId: number;
  taskId: number;
}

export interface AwaitedList {
  count: number;
  /** The first digest.maxListedTasks, by round due date. */
  items: AwaitedReport[];
  /** Every round the unit owes a report in. */
  rounds: number[];
}

/** A recipient's changes since its cutoff: how many events and audit rows, and the newest MAX_CHANGES events. */
export interface ChangeList {
  count: number;
  rows: number;
  events: ChangeEvent[];
}

export interface WorkItemRow {
  id: number;
  planId: number;
  code: string;
  seq: number;
  title: string;
  titleEn: string | null;
}

export interface DigestData {
  today: string;
  /** The rows of the tasks listed anywhere (not of every task). */
  tasks: Map<number, TaskRow>;
  /** By unit id: the tasks it leads, and those it supports. */
  lead: Map<number, Flags>;
  supporting: Map<number, Flags>;
  /** By work item id: the counts and first ids. */
  byWorkItem: Map<number, { overdue: IdCount; dueSoon: IdCount }>;
  /** Every flagged task of every plan. */
  plan: Flags;
  /** By unit id. */
  awaited: Map<number, AwaitedList>;
  /** By recipient key (as the cutoffs asked). */
  changes: Map<string, ChangeList>;
  units: Map<number, Unit>;
  workItems: Map<number, WorkItemRow>;
  userNames: Map<number, string>;
}

export { toInstant };

function parseRecurrence(value: unknown): Recurrence | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'object') return value as Recurrence;
  try {
    return JSON.parse(String(value)) as Recurrence;
  } catch {
    return null;
  }
}

export function taskRowOf(r: Record<string, unknown>): TaskRow {
  return {
    id: Number(r.id),
    planId: Number(r.planId),
    workItemId: Number(r.workItemId),
    parentId: r.parentId === null ? null : Number(r.parentId),
    code: String(r.code),
    title: String(r.title),
    titleEn: (r.titleEn as string | null) ?? null,
    leadUnitId: Number(r.leadUnitId),
    status: r.status as TaskStatus,
    progress: Number(r.progress),
    startDate: (r.startDate as string | null) ?? null,
    deadline: String(r.deadline),
    originalDeadline: String(r.originalDeadline),
    recurrence: parseRecurrence(r.recurrence),
  };
}

/**
 * Working-day spans memoised for one computation: many tasks share a deadline, and the calendar counts day by day.
 * The wrapper keeps the calendar's own rules; only repeated questions are answered from memory.
 */
export function memoisedCalendar(calendar: WorkingDaysService): WorkingDaysService {
  const spans = new Map<string, number>();
  const previous = new Map<string, string>();
  const memo = Object.create(calendar) as WorkingDaysService;
  memo.workingDaysBetween = (from: string, to: string) => {
    const key = `${from}|${to}`;
    let n = spans.get(key);
    if (n === undefined) spans.set(key, (n = calendar.workingDaysBetween(from, to)));
    return n;
  };
  memo.onOrBeforeWorkingDay = (date: string) => {
    let d = previous.get(date);
    if (d === undefined) previous.set(date, (d = calendar.onOrBeforeWorkingDay(date)));
    return d;
  };
  return memo;
}

const emptyFlags = (): Flags => ({ overdue: { count: 0, items: [] }, dueSoon: { count: 0, items: [] } });

/** By due date, then code: the order every list shows. */
const byDue = (a: FlaggedTask, b: FlaggedTask) =>
  a.due < b.due ? -1 : a.due > b.due ? 1 : a.task.code.localeCompare(b.task.code);

@Injectable()
export class DigestQueryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendar: WorkingDaysService,
    private readonly outbox: OutboxService,
    private readonly figures: DigestFiguresRepository,
    private readonly units: UnitsRepository,
    private readonly users: UsersRepository,
    private readonly plans: PlansRepository,
    private readonly rounds: DispatchRepository,
  ) {}

  /** Everything the digests of a run need; changes only for the recipients in `cutoffs`, each after its own. */
  async load(today: string, cutoffs: ChangeCutoff[]): Promise<DigestData> {
    const max = this.config.digest.maxListedTasks;
    const flagRows = await this.figures.flagged(today, this.config.digest.dueSoonWorkingDays, max);
    const awaitedRows = await this.figures.awaited(max);
    const eventRows = await this.figures.events(cutoffs, MAX_CHANGES);

    const listedIds = new Set<number>();
    for (const f of flagRows) if (f.list !== 'workItem') listedIds.add(f.taskId);
    for (const a of awaitedRows.listed) listedIds.add(a.taskId);
    for (const e of eventRows) listedIds.add(e.taskId);
    const tasks = new Map((await this.figures.taskRows([...listedIds])).map((r) => [Number(r.id), taskRowOf(r)]));

    const grade = this.grader(today, tasks);
    const lead = new Map<number, Flags>();
    const supporting = new Map<number, Flags>();
    const byWorkItem = new Map<number, { overdue: IdCount; dueSoon: IdCount }>();
    const plan = emptyFlags();
    for (const f of flagRows) {
      if (f.list === 'workItem') {
        let cell = byWorkItem.get(f.key);
        if (!cell) byWorkItem.set(f.key, (cell = { overdue: { count: 0, ids: [] }, dueSoon: { count: 0, ids: [] } }));
        const c = f.overdue ? cell.overdue : cell.dueSoon;
        c.count = f.total;
        c.ids.push(f.taskId);
        continue;
      }
      const flags = f.list === 'plan' ? plan : flagsOf(f.list === 'lead' ? lead : supporting, f.key);
      const list = f.overdue ? flags.overdue : flags.dueSoon;
      list.count = f.total;
      const graded = grade(f);
      if (graded) list.items.push(graded);
    }
    for (const flags of [plan, ...lead.values(), ...supporting.values()]) {
      flags.overdue.items.sort(byDue);
      flags.dueSoon.items.sort(byDue);
    }

    const awaited = await this.awaitedLists(awaitedRows);
    const changes = await this.changeLists(cutoffs, eventRows);
    const units = new Map((await this.units.all()).map((u) => [u.id, u]));
    const workItems = new Map((await this.plans.workItemBriefs()).map((w) => [w.id, w as WorkItemRow]));
    const userNames = new Map((await this.users.displayNames()).map((u) => [u.id, u.displayName]));
    return { today, tasks, lead, supporting, byWorkItem, plan, awaited, changes, units, workItems, userNames };
  }

  /** The time of the last digest queued for each recipient key (unit:12, user:3). */
  lastDigests(recipientKeys?: string[]): Promise<Map<string, Date>> {
    return this.outbox.lastQueuedAt('digest', recipientKeys);
  }

  /** Open tasks overdue by at least `minDays` working days, by deadline and code, with how many. */
  async overdueTasks(today: string, minDays: number): Promise<{ task: TaskRow; overdueDays: number }[]> {
    return (await this.figures.overdueBy(today, minDays)).map((r) => ({
      task: taskRowOf(r),
      overdueDays: r.overdueDays,
    }));
  }

  /** Grades a listed task for today: its state, due date and whether it is overdue or due soon. */
  private grader(today: string, tasks: Map<number, TaskRow>) {
    const calendar = memoisedCalendar(this.calendar);
    const cache = new Map<number, FlaggedTask>();
    return (f: FlagRow): FlaggedTask | null => {
      let found = cache.get(f.taskId);
      if (!found) {
        const task = tasks.get(f.taskId);
        if (!task) return null;
        const state = gradeTask(task, today, calendar, this.config.grades);
        found = { task, state, overdue: f.overdue, dueSoon: !f.overdue, due: state.nextDueDate ?? task.deadline };
        cache.set(f.taskId, found);
      }
      return found;
    };
  }

  private async awaitedLists(rows: Awaited<ReturnType<DigestFiguresRepository['awaited']>>) {
    const out = new Map<number, AwaitedList>();
    const list = (unitId: number) => {
      let found = out.get(unitId);
      if (!found) out.set(unitId, (found = { count: 0, items: [], rounds: [] }));
      return found;
    };
    if (!rows.byRound.length) return out;
    const rounds = new Map((await this.rounds.openRoundBriefs()).map((r) => [r.id, r]));
    for (const c of rows.byRound) {
      const l = list(c.unitId);
      l.count += c.count;
      l.rounds.push(c.roundId);
    }
    for (const l of out.values()) l.rounds.sort((x, y) => x - y);
    for (const a of rows.listed) {
      const round = rounds.get(a.roundId);
      if (!round) continue;
      list(a.unitId).items.push({
        roundId: a.roundId,
        roundTitle: round.title,
        period: round.period,
        dueDate: round.dueDate,
        unitId: a.unitId,
        taskId: a.taskId,
      });
    }
    return out;
  }

  /** The listed events of each recipient, made from their audit rows as groupEvents makes them. */
  private async changeLists(
    cutoffs: ChangeCutoff[],
    rows: Awaited<ReturnType<DigestFiguresRepository['events']>>,
  ): Promise<Map<string, ChangeList>> {
    const out = new Map<string, ChangeList>(cutoffs.map((c) => [c.key, { count: 0, rows: 0, events: [] }]));
    if (!rows.length) return out;
    const earliest = new Date(Math.min(...cutoffs.map((c) => c.since.getTime())));
    const audit = await this.figures.auditRowsOf([...new Set(rows.map((r) => r.taskId))], earliest);
    const byLastId = new Map<number, ChangeEvent>();
    for (const e of groupEvents(audit.map(auditRowOf))) byLastId.set(Math.max(...e.auditIds), e);
    for (const r of rows) {
      const list = out.get(r.key) as ChangeList;
      list.count = r.events;
      list.rows = r.rows;
      const event = byLastId.get(r.lastId);
      if (event) list.events.push(event);
    }
    return out;
  }
}

function flagsOf(map: Map<number, Flags>, key: number): Flags {
  let found = map.get(key);
  if (!found) map.set(key, (found = emptyFlags()));
  return found;
}

function auditRowOf(r: Record<string, unknown>): AuditRow {
  return {
    id: Number(r.id),
    at: toInstant(r.at as Date | string),
    actorId: r.actorId === null ? null : Number(r.actorId),
    actorEmail: (r.actorEmail as string | null) ?? null,
    taskId: Number(r.taskId),
    action: String(r.action),
    field: (r.field as string | null) ?? null,
    oldValue: (r.oldValue as string | null) ?? null,
    newValue: (r.newValue as string | null) ?? null,
  };
}
