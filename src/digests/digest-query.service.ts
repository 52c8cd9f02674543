// What digests and escalation are made of, assembled once from their repository's queries: every task of the
// plans with its supporting units, the open dispatch rounds and the reports they await, the audit rows of tasks
// since a cutoff and the last digest of each recipient.
import { Inject, Injectable } from '@nestjs/common';
import { AuditRepository } from '../audit/audit.repository';
import { WorkingDaysService } from '../calendar/working-days.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { OutboxService, toInstant } from '../mail/outbox.service';
import { PlansRepository } from '../plans/plans.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { gradeTask, type TaskState } from '../tasks/grades';
import { OPEN_STATUSES } from '../tasks/status-machine';
import type { Recurrence, TaskStatus } from '../tasks/task.entity';
import { TasksRepository } from '../tasks/tasks.repository';
import type { Unit } from '../units/unit.entity';
import { UnitsRepository } from '../units/units.repository';
import { UsersRepository } from '../users/users.repository';
import { groupEvents, type AuditRow, type ChangeEvent } from './change-lines';

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

/** A report a unit owes in an open dispatch round: it leads the task in scope and has filed nothing that stands. */
export interface AwaitedReport {
  roundId: number;
  roundTitle: string;
  period: string;
  dueDate: string;
  unitId: number;
  taskId: number;
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
  tasks: Map<number, TaskRow>;
  /** Supporting unit ids by task id. */
  supporting: Map<number, number[]>;
  flagged: FlaggedTask[];
  awaited: AwaitedReport[];
  /** Changes to tasks since the cutoff asked for, newest first. */
  events: ChangeEvent[];
  units: Map<number, Unit>;
  workItems: Map<number, WorkItemRow>;
  userNames: Map<number, string>;
}

/** Statuses in which a task still owes a report. */
const REPORTABLE: TaskStatus[] = ['assigned', 'in_progress', 'blocked', 'submitted'];

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

@Injectable()
export class DigestQueryService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly calendar: WorkingDaysService,
    private readonly outbox: OutboxService,
    private readonly taskRecords: TasksRepository,
    private readonly units: UnitsRepository,
    private readonly users: UsersRepository,
    private readonly plans: PlansRepository,
    private readonly rounds: DispatchRepository,
    private readonly reports: ReportsRepository,
    private readonly auditEntries: AuditRepository,
  ) {}

  /**
   * Everything the digests of a run need. `changesSince` is the earliest cutoff of the recipients (null: no
   * changes are needed); each recipient then keeps the events after its own cutoff.
   */
  async load(today: string, changesSince: Date | null): Promise<DigestData> {
    const tasks = await this.tasks();
    const supporting = await this.supportingUnits();
    const flagged = this.flag([...tasks.values()], today);
    const awaited = await this.awaitedReports(tasks);
    const events = changesSince ? groupEvents(await this.auditRows(changesSince, tasks)) : [];
    const units = new Map((await this.units.all()).map((u) => [u.id, u]));
    const workItems = new Map((await this.plans.workItemBriefs()).map((w) => [w.id, w as WorkItemRow]));
    const userNames = new Map((await this.users.displayNames()).map((u) => [u.id, u.displayName]));
    return { today, tasks, supporting, flagged, awaited, events, units, workItems, userNames };
  }

  /** The time of the last digest queued for each recipient key (unit:12, user:3). */
  lastDigests(recipientKeys?: string[]): Promise<Map<string, Date>> {
    return this.outbox.lastQueuedAt('digest', recipientKeys);
  }

  /** Open tasks whose deadline has passed. */
  async overdueTasks(today: string): Promise<TaskRow[]> {
    return [...(await this.tasks(today)).values()];
  }

  /** Every task of every plan; with `overdueOn`, only open tasks whose deadline is before that date. */
  private async tasks(overdueOn?: string): Promise<Map<number, TaskRow>> {
    const rows = await this.taskRecords.digestRows(overdueOn);
    const out = new Map<number, TaskRow>();
    for (const r of rows) {
      const id = Number(r.id);
      out.set(id, {
        id,
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
      });
    }
    return out;
  }

  private async supportingUnits(): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>();
    for (const l of await this.taskRecords.supportingLinks()) {
      const list = out.get(l.taskId);
      if (list) list.push(l.unitId);
      else out.set(l.taskId, [l.unitId]);
    }
    return out;
  }

  /**
   * Open tasks overdue or due within config.digest.dueSoonWorkingDays, graded as TasksService.state grades them.
   * Only candidates are graded: a one-off task whose deadline is past the horizon can be neither.
   */
  flag(tasks: TaskRow[], today: string): FlaggedTask[] {
    const horizon = this.config.digest.dueSoonWorkingDays;
    // the first day that is more than `horizon` working days away
    const beyond = this.calendar.addWorkingDays(today, horizon + 1);
    const calendar = memoisedCalendar(this.calendar);
    const out: FlaggedTask[] = [];
    for (const task of tasks) {
      if (!OPEN_STATUSES.includes(task.status)) continue;
      if (!task.recurrence && task.deadline >= beyond) continue;
      const state = gradeTask(task, today, calendar, this.config.grades);
      const due = state.nextDueDate ?? task.deadline;
      const dueSoon = !state.overdue && due >= today && state.workingDaysLeft <= horizon;
      if (state.overdue || dueSoon) out.push({ task, state, overdue: state.overdue, dueSoon, due });
    }
    return out.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : a.task.code.localeCompare(b.task.code)));
  }

  /** Reports awaited in open dispatch rounds: three small queries for the rounds, one for their reports. */
  private async awaitedReports(tasks: Map<number, TaskRow>): Promise<AwaitedReport[]> {
    const rounds = await this.rounds.openRoundBriefs();
    if (!rounds.length) return [];
    const roundIds = rounds.map((r) => r.id);
    const scope = await this.rounds.scopeLinks(roundIds);
    const roundUnits = byRound(scope.units);
    const roundTasks = byRound(scope.tasks);
    const reports = await this.reports.standingIn([...new Set(rounds.map((r) => r.period))]);
    const filed = new Set(reports.map((r) => `${r.period}|${r.taskId}|${r.unitId}`));
    const out: AwaitedReport[] = [];
    for (const round of rounds) {
      const units = new Set(roundUnits.get(round.id) ?? []);
      for (const taskId of roundTasks.get(round.id) ?? []) {
        const task = tasks.get(taskId);
        if (!task || !REPORTABLE.includes(task.status) || !units.has(task.leadUnitId)) continue;
        if (filed.has(`${round.period}|${taskId}|${task.leadUnitId}`)) continue;
        out.push({
          roundId: round.id,
          roundTitle: round.title,
          period: round.period,
          dueDate: round.dueDate,
          unitId: task.leadUnitId,
          taskId,
        });
      }
    }
    return out;
  }

  private async auditRows(since: Date, tasks: Map<number, TaskRow>): Promise<AuditRow[]> {
    const rows = await this.auditEntries.taskEntriesSince(since);
    return rows
      .filter((r) => tasks.has(Number(r.taskId)))
      .map((r) => ({
        id: Number(r.id),
        at: toInstant(r.at),
        actorId: r.actorId === null ? null : Number(r.actorId),
        actorEmail: (r.actorEmail as string | null) ?? null,
        taskId: Number(r.taskId),
        action: String(r.action),
        field: (r.field as string | null) ?? null,
        oldValue: (r.oldValue as string | null) ?? null,
        newValue: (r.newValue as string | null) ?? null,
      }));
  }
}

/** The ids linked to each round, by round id. */
function byRound(links: { roundId: number; id: number }[]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  // appended in place: copying the list per link made a round of n tasks cost n² (39 s at 100,000 tasks)
  for (const l of links) {
    const list = out.get(l.roundId);
    if (list) list.push(l.id);
    else out.set(l.roundId, [l.id]);
  }
  return out;
}
