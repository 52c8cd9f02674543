// The frozen content of a bulletin (通报), assembled from its figures: counted in the database for a plan of any size
// (bulletin-figures.repository.ts), or from rows in memory (buildSnapshot, the reference the SQL is held equal to).
// Every figure carries the ids of the rows it came from — the first `maxListed` of them by id, with the count of all —
// and the lists of tasks hold at most `maxListed` rows: a bulletin is read by people, the task list has the rest.
import type { IndicatorStatus } from '../indicators/indicator-metrics';
import type { Direction } from '../indicators/indicator.entity';
import { openCoordination } from '../reports/open-coordination';
import { isCountedTask } from '../tasks/counted-tasks';
import type { TaskState } from '../tasks/grades';
import { TASK_STATUSES, type Recurrence, type TaskStatus } from '../tasks/task.entity';
import { rankUnits } from './unit-ranking';

/** 2: counted tasks include sub-tasks and leave out drafts; open coordination requests; the ranking rule. */
export const SNAPSHOT_VERSION = 2;

/** A count and the tasks it counts (the first `maxListed` ids in id order when there are more). */
export interface TaskCount {
  count: number;
  taskIds: number[];
}

/** Rows a list of a bulletin holds, and ids a figure carries, unless configured (bulletins.maxListedTasks). */
export const DEFAULT_MAX_LISTED = 50;

export type ColourKey = 'red' | 'yellow' | 'blue' | 'none';

export interface UnitRef {
  unitId: number;
  code: string;
  name: string;
  nameEn: string | null;
}

export interface TaskRef {
  taskId: number;
  code: string;
  title: string;
  titleEn: string | null;
}

export interface SnapshotIndicator {
  indicatorId: number;
  code: string;
  name: string;
  nameEn: string | null;
  measure: string;
  measureEn: string | null;
  baseline: number;
  baselineDate: string;
  target: number;
  targetDate: string;
  direction: Direction;
  latestValue: number | null;
  latestOn: string | null;
  achievementPercent: number | null;
  /** The share of the time from baseline date to target date elapsed at asOf (序时进度). */
  proRataPercent: number;
  proRataAtLatest: number | null;
  gap: number | null;
  status: IndicatorStatus;
  onTrack: boolean | null;
  targetReached: boolean | null;
  /** The indicator_value rows the figures come from (the latest value observed on or before asOf). */
  valueIds: number[];
}

export interface WorkItemProgress {
  workItemId: number;
  code: string;
  seq: number;
  title: string;
  titleEn: string | null;
  tasks: TaskCount;
  byStatus: Record<TaskStatus, TaskCount>;
  byColour: Record<ColourKey, TaskCount>;
  overdue: TaskCount;
  /** Mean progress of the work item's tasks that are not cancelled, in percent. */
  meanProgress: number | null;
  meanProgressTaskIds: number[];
}

export interface ClosedTask extends TaskRef {
  workItemId: number;
  leadUnit: UnitRef;
  closedOn: string;
  deadline: string;
  originalDeadline: string;
  /** Closed on or before its deadline in force. */
  onTime: boolean;
  /** Its deadline was moved by an extension. */
  replanned: boolean;
}

export interface OverdueTask extends TaskRef {
  leadUnit: UnitRef;
  status: TaskStatus;
  deadline: string;
  progress: number;
  workingDaysOverdue: number;
}

export interface UnitGrades extends UnitRef {
  open: TaskCount;
  overdue: TaskCount;
  red: TaskCount;
  yellow: TaskCount;
  blue: TaskCount;
}

export interface ReportingFigures {
  /** Reports expected: one per (task in a round's scope, its lead unit), in rounds due in the period. */
  expected: number;
  expectedTaskIds: number[];
  onTime: number;
  onTimeReportIds: number[];
  rate: number | null;
  roundIds: number[];
}

export interface UnitRanking extends UnitRef {
  /** 1, 1, 3 … by the rule of unit-ranking.ts (equal units share a rank); null when the unit leads too few tasks. */
  rank: number | null;
  /** Counted tasks the unit leads. */
  ledTasks: number;
  /** Its overdue tasks: the last metric of the ranking. */
  overdue: number;
  closing: { closed: TaskCount; onTime: TaskCount; rate: number | null };
  reporting: ReportingFigures;
}

export interface LateUnit extends UnitRef {
  /** Tasks the unit leads in the round's scope with no report standing. */
  missing: TaskCount;
  /** Reports filed after the due date. */
  late: { count: number; taskIds: number[]; reportIds: number[] };
}

export interface LateReportingRound {
  roundId: number;
  period: string;
  title: string;
  dueDate: string;
  units: LateUnit[];
}

export interface CoordinationMatter {
  reportId: number;
  task: TaskRef;
  unit: UnitRef;
  period: string;
  filedOn: string;
  problems: string;
  text: string;
  nextSteps: string;
}

export interface BulletinSnapshot {
  version: number;
  plan: { planId: number; code: string; title: string; titleEn: string | null };
  number: number;
  period: string;
  periodStart: string;
  periodEnd: string;
  /** The date the figures are computed for: the generation date, or the period's end if that is earlier. */
  asOf: string;
  generatedOn: string;
  summary: {
    tasks: TaskCount;
    open: TaskCount;
    closedThisPeriod: TaskCount;
    overdue: TaskCount;
    red: TaskCount;
    yellow: TaskCount;
    blue: TaskCount;
    coordination: { count: number; reportIds: number[] };
    lateUnits: { count: number; unitIds: number[] };
  };
  indicators: SnapshotIndicator[];
  /** Per work item, its counted tasks (sub-tasks included, drafts left out). */
  workItems: WorkItemProgress[];
  closedThisPeriod: { tasks: ClosedTask[]; total: TaskCount; onTime: TaskCount; replanned: TaskCount };
  /** Per lead unit with open tasks, its overdue tasks and colour grades; sub-tasks count for their own lead unit. */
  unitGrades: UnitGrades[];
  overdueTasks: OverdueTask[];
  ranking: UnitRanking[];
  lateReporting: { rounds: LateReportingRound[]; roundIds: number[] };
  coordination: CoordinationMatter[];
  /**
   * Years the bulletin's dates reach (period, generation, deadlines and due dates it lists) that had no working-day
   * calendar when it was generated: its working-day figures there count Monday to Friday. Absent when there are none
   * (and in snapshots older than the field).
   */
  calendarMissingYears?: number[];
  /** The unit assessment (考评) of the period as it stood at generation; absent in snapshots older than the field. */
  assessment?: SnapshotAssessment;
  /**
   * Follow-up in the period: per unit, the acknowledgements (签收) requested and how many came on time, late or are
   * still awaited; the urgings (催办) each unit received. Absent in snapshots older than the field.
   */
  followUp?: {
    acknowledgements: (UnitRef & { requested: number; onTime: number; late: number; pending: number })[];
    urgings: (UnitRef & { count: number })[];
  };
}

/** The assessment's ranking kept in a bulletin: the points in force and each unit's score and rank. */
export interface SnapshotAssessment {
  from: string;
  to: string;
  kinds: { kind: string; label: string; labelEn: string; points: number }[];
  units: { unitId: number; code: string; name: string; nameEn: string | null; score: number; rank: number }[];
}

// --- input ---

export interface SnapshotTaskRow {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  workItemId: number;
  parentId: number | null;
  leadUnitId: number;
  status: TaskStatus;
  progress: number;
  startDate: string | null;
  deadline: string;
  originalDeadline: string;
  recurrence: Recurrence | null;
  closedOn: string | null;
}

export interface SnapshotUnitRow {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
}

export interface SnapshotIndicatorRow {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  measure: string;
  measureEn: string | null;
  baseline: number;
  baselineDate: string;
  target: number;
  targetDate: string;
  direction: Direction;
  metrics: {
    latestValue: number | null;
    latestOn: string | null;
    latestValueId: number | null;
    achievementPercent: number | null;
    proRataToday: number;
    proRataAtLatest: number | null;
    gap: number | null;
    status: IndicatorStatus;
    onTrack: boolean | null;
    targetReached: boolean | null;
  };
}

export interface SnapshotRoundRow {
  id: number;
  period: string;
  title: string;
  dueDate: string;
  taskIds: number[];
}

export interface SnapshotReportRow {
  id: number;
  taskId: number;
  unitId: number;
  period: string;
  filedOn: string;
  status: 'submitted' | 'accepted' | 'returned';
  needsCoordination: boolean;
  problems: string;
  text: string;
  nextSteps: string;
}

export interface SnapshotInput<T extends SnapshotTaskRow = SnapshotTaskRow> {
  plan: { id: number; code: string; title: string; titleEn: string | null };
  number: number;
  period: string;
  periodStart: string;
  periodEnd: string;
  generatedOn: string;
  workItems: { id: number; code: string; seq: number; title: string; titleEn: string | null }[];
  /** Every task of the plan, sub-tasks included. */
  tasks: T[];
  /** Every unit a task, report or round refers to. */
  units: SnapshotUnitRow[];
  /** The plan's headline indicators with their metrics as of asOf. */
  indicators: SnapshotIndicatorRow[];
  /** The plan's dispatch rounds (those due in the period are used). */
  rounds: SnapshotRoundRow[];
  /** Progress reports filed by asOf (the open coordination requests are among them) and those answering the rounds. */
  reports: SnapshotReportRow[];
  /** The derived state of a task as of a date (overdue, colour grade). */
  grade: (task: T, asOf: string) => TaskState;
  /** Rows per list and ids per figure (DEFAULT_MAX_LISTED). */
  maxListed?: number;
}

// --- figures: what the snapshot is assembled from ---

/** The figures of one work item's counted tasks. */
export interface WorkItemFigures {
  tasks: TaskCount;
  byStatus: Record<TaskStatus, TaskCount>;
  byColour: Record<ColourKey, TaskCount>;
  overdue: TaskCount;
  /** Its tasks that are not cancelled, and the sum of their progress. */
  live: TaskCount;
  liveProgress: number;
}

export interface UnitGradeFigures {
  open: TaskCount;
  overdue: TaskCount;
  red: TaskCount;
  yellow: TaskCount;
  blue: TaskCount;
}

/** Expected reports of one round from one lead unit, by what answered them. */
export interface ExpectationFigures {
  expected: TaskCount;
  /** Distinct tasks of all expectations (the same as expected within one round). */
  missing: TaskCount;
  late: { count: number; taskIds: number[]; reportIds: number[] };
  onTime: { count: number; reportIds: number[] };
}

export interface ClosedRow {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  workItemId: number;
  leadUnitId: number;
  closedOn: string;
  deadline: string;
  originalDeadline: string;
}

export interface OverdueRow {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  leadUnitId: number;
  status: TaskStatus;
  deadline: string;
  progress: number;
  workingDaysLeft: number;
}

export interface CoordinationRow extends SnapshotReportRow {
  task: TaskRef;
}

export interface SnapshotFigures {
  maxListed: number;
  /** The counted tasks of the plan (counted-tasks.ts): sub-tasks included, drafts left out. */
  summary: {
    tasks: TaskCount;
    open: TaskCount;
    overdue: TaskCount;
    red: TaskCount;
    yellow: TaskCount;
    blue: TaskCount;
  };
  /** By work item id: its counted tasks. */
  workItems: Map<number, WorkItemFigures>;
  /** By lead unit id: its open tasks (not draft, closed or cancelled). */
  unitGrades: Map<number, UnitGradeFigures>;
  /** By lead unit id: its tasks closed on or before asOf, and those closed by their deadline. */
  closing: Map<number, { closed: TaskCount; onTime: TaskCount }>;
  /** By lead unit id: how many counted tasks it leads. */
  ledTasks: Map<number, number>;
  /** Closed in the period: the first rows by closing date and code, and the counts of all. */
  closed: { rows: ClosedRow[]; total: TaskCount; onTime: TaskCount; replanned: TaskCount };
  /** Overdue tasks: the first rows by deadline and code (the count is summary.overdue). */
  overdue: OverdueRow[];
  /** Rounds due in the period by asOf, in due order, with their expectations by lead unit id. */
  rounds: { round: Omit<SnapshotRoundRow, 'taskIds'>; units: Map<number, ExpectationFigures> }[];
  /** Coordination requests open on asOf (open-coordination.ts): the first rows by date and id, and the count. */
  coordination: { rows: CoordinationRow[]; count: number; reportIds: number[] };
}

// --- building ---

/** The date a bulletin's figures are computed for. */
export function snapshotAsOf(generatedOn: string, periodEnd: string): string {
  return periodEnd < generatedOn ? periodEnd : generatedOn;
}

const byId = (a: number, b: number) => a - b;

/** A count of ids, keeping the first `max` in id order. */
export function countOf(ids: number[], max: number): TaskCount {
  return { count: ids.length, taskIds: [...ids].sort(byId).slice(0, max) };
}

/** The union of counts of disjoint sets: the sum, and the first `max` ids of them all. */
export function mergeCounts(parts: TaskCount[], max: number): TaskCount {
  return {
    count: parts.reduce((n, p) => n + p.count, 0),
    taskIds: firstIds(
      parts.map((p) => p.taskIds),
      max,
    ),
  };
}

/** The first `max` distinct ids of several lists, in id order. */
export function firstIds(lists: number[][], max: number): number[] {
  return [...new Set(lists.flat())].sort(byId).slice(0, max);
}

function rate(part: number, whole: number): number | null {
  return whole ? Math.round((part / whole) * 1000) / 10 : null;
}

const FINISHED: TaskStatus[] = ['closed', 'cancelled'];
const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);

/** The snapshot from rows in memory: the reference the database's figures are held equal to. */
export function buildSnapshot<T extends SnapshotTaskRow>(input: SnapshotInput<T>): BulletinSnapshot {
  return assembleSnapshot(input, figuresOf(input));
}

/** The figures of rows in memory: every task graded here. */
export function figuresOf<T extends SnapshotTaskRow>(input: SnapshotInput<T>): SnapshotFigures {
  const max = input.maxListed ?? DEFAULT_MAX_LISTED;
  const asOf = snapshotAsOf(input.generatedOn, input.periodEnd);
  const { periodStart, periodEnd } = input;
  const count = (ids: number[]) => countOf(ids, max);
  const tasks = new Map(input.tasks.map((t) => [t.id, t]));
  const counted = input.tasks.filter(isCountedTask);
  const graded = counted.map((task) => ({ task, state: input.grade(task, asOf) }));
  type Graded = (typeof graded)[number];
  const ids = (rows: Graded[]) => rows.map((g) => g.task.id);
  const colourCounts = (rows: Graded[]) => ({
    red: count(ids(rows.filter((g) => g.state.colour === 'red'))),
    yellow: count(ids(rows.filter((g) => g.state.colour === 'yellow'))),
    blue: count(ids(rows.filter((g) => g.state.colour === 'blue'))),
  });

  const workItems = new Map<number, WorkItemFigures>();
  for (const wi of input.workItems) {
    const mine = graded.filter((g) => g.task.workItemId === wi.id);
    const live = mine.filter((g) => g.task.status !== 'cancelled');
    workItems.set(wi.id, {
      tasks: count(ids(mine)),
      byStatus: Object.fromEntries(
        TASK_STATUSES.map((s) => [s, count(ids(mine.filter((g) => g.task.status === s)))]),
      ) as Record<TaskStatus, TaskCount>,
      byColour: { ...colourCounts(mine), none: count(ids(mine.filter((g) => g.state.colour === null))) },
      overdue: count(ids(mine.filter((g) => g.state.overdue))),
      live: count(ids(live)),
      liveProgress: live.reduce((a, g) => a + g.task.progress, 0),
    });
  }

  const open = graded.filter((g) => !FINISHED.includes(g.task.status) && g.task.status !== 'draft');
  const unitGrades = new Map<number, UnitGradeFigures>();
  for (const unitId of new Set(open.map((g) => g.task.leadUnitId))) {
    const led = open.filter((g) => g.task.leadUnitId === unitId);
    unitGrades.set(unitId, {
      open: count(ids(led)),
      overdue: count(ids(led.filter((g) => g.state.overdue))),
      ...colourCounts(led),
    });
  }

  const closedSoFar = graded.filter(
    (g) => g.task.status === 'closed' && g.task.closedOn !== null && g.task.closedOn <= asOf,
  );
  const closing = new Map<number, { closed: TaskCount; onTime: TaskCount }>();
  for (const unitId of new Set(closedSoFar.map((g) => g.task.leadUnitId))) {
    const closed = closedSoFar.filter((g) => g.task.leadUnitId === unitId);
    closing.set(unitId, {
      closed: count(ids(closed)),
      onTime: count(ids(closed.filter((g) => (g.task.closedOn as string) <= g.task.deadline))),
    });
  }

  const closedRows = counted
    .filter((t) => t.status === 'closed' && t.closedOn !== null && t.closedOn >= periodStart && t.closedOn <= periodEnd)
    .sort((a, b) => (a.closedOn as string).localeCompare(b.closedOn as string) || byCode(a, b));
  const overdue = graded.filter((g) => g.state.overdue);

  // Dispatch rounds due in the period, by the date the figures are computed for.
  const rounds = input.rounds
    .filter((r) => r.dueDate >= periodStart && r.dueDate <= periodEnd && r.dueDate <= asOf)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.id - b.id);
  const standing = input.reports.filter((r) => r.status !== 'returned');
  // The first standing report per (task, unit, period): what answers an expected report.
  const firstReport = new Map<string, SnapshotReportRow>();
  for (const r of standing) {
    const key = `${r.taskId}:${r.unitId}:${r.period}`;
    const seen = firstReport.get(key);
    if (!seen || r.filedOn < seen.filedOn || (r.filedOn === seen.filedOn && r.id < seen.id)) firstReport.set(key, r);
  }
  const roundFigures = rounds.map((round) => {
    const byUnit = new Map<number, { taskId: number; report: SnapshotReportRow | null }[]>();
    for (const taskId of [...new Set(round.taskIds)].sort(byId)) {
      const task = tasks.get(taskId);
      // No report is taken on a draft, cancelled or closed task, so none is expected.
      if (!task || task.status === 'draft' || task.status === 'cancelled') continue;
      if (task.status === 'closed' && task.closedOn !== null && task.closedOn <= round.dueDate) continue;
      const report = firstReport.get(`${taskId}:${task.leadUnitId}:${round.period}`) ?? null;
      const list = byUnit.get(task.leadUnitId);
      if (list) list.push({ taskId, report });
      else byUnit.set(task.leadUnitId, [{ taskId, report }]);
    }
    const units = new Map<number, ExpectationFigures>();
    for (const [unitId, mine] of byUnit) {
      const onTime = mine.filter((e) => e.report !== null && e.report.filedOn <= round.dueDate);
      const late = mine.filter((e) => e.report !== null && e.report.filedOn > round.dueDate);
      units.set(unitId, {
        expected: count(mine.map((e) => e.taskId)),
        missing: count(mine.filter((e) => e.report === null).map((e) => e.taskId)),
        late: {
          count: late.length,
          taskIds: late.map((e) => e.taskId).slice(0, max),
          reportIds: late
            .map((e) => (e.report as SnapshotReportRow).id)
            .sort(byId)
            .slice(0, max),
        },
        onTime: {
          count: onTime.length,
          reportIds: onTime
            .map((e) => (e.report as SnapshotReportRow).id)
            .sort(byId)
            .slice(0, max),
        },
      });
    }
    const { taskIds: _taskIds, ...brief } = round;
    return { round: brief, units };
  });

  const coordination = openCoordination(input.reports, (id) => tasks.get(id)?.status, asOf).sort(
    (a, b) => a.filedOn.localeCompare(b.filedOn) || a.id - b.id,
  );
  const taskRef = (t: SnapshotTaskRow): TaskRef => ({ taskId: t.id, code: t.code, title: t.title, titleEn: t.titleEn });

  return {
    maxListed: max,
    summary: {
      tasks: count(ids(graded)),
      open: count(ids(open)),
      overdue: count(ids(overdue)),
      ...colourCounts(graded),
    },
    workItems,
    unitGrades,
    closing,
    ledTasks: counted.reduce((m, t) => m.set(t.leadUnitId, (m.get(t.leadUnitId) ?? 0) + 1), new Map<number, number>()),
    closed: {
      rows: closedRows.slice(0, max).map((t) => ({ ...t, closedOn: t.closedOn as string })),
      total: count(closedRows.map((t) => t.id)),
      onTime: count(closedRows.filter((t) => (t.closedOn as string) <= t.deadline).map((t) => t.id)),
      replanned: count(closedRows.filter((t) => t.deadline !== t.originalDeadline).map((t) => t.id)),
    },
    overdue: overdue
      .map((g) => ({ ...g.task, workingDaysLeft: g.state.workingDaysLeft }))
      .sort((a, b) => a.deadline.localeCompare(b.deadline) || byCode(a, b))
      .slice(0, max),
    rounds: roundFigures,
    coordination: {
      rows: coordination.slice(0, max).map((r) => ({ ...r, task: taskRef(tasks.get(r.taskId) as SnapshotTaskRow) })),
      count: coordination.length,
      reportIds: coordination
        .map((r) => r.id)
        .sort(byId)
        .slice(0, max),
    },
  };
}

/** The head of a snapshot (what it is of) and the rows that are not counted (work items, units, indicators). */
export type SnapshotFrame = Pick<
  SnapshotInput,
  'plan' | 'number' | 'period' | 'periodStart' | 'periodEnd' | 'generatedOn' | 'workItems' | 'units' | 'indicators'
>;

/** The snapshot from its figures: the sorting, ranking and naming every path shares. */
export function assembleSnapshot(input: SnapshotFrame, f: SnapshotFigures): BulletinSnapshot {
  const max = f.maxListed;
  const asOf = snapshotAsOf(input.generatedOn, input.periodEnd);
  const { periodStart, periodEnd } = input;
  const units = new Map(input.units.map((u) => [u.id, u]));
  const unitRef = (id: number): UnitRef => {
    const u = units.get(id);
    return { unitId: id, code: u?.code ?? String(id), name: u?.name ?? String(id), nameEn: u?.nameEn ?? null };
  };
  const none = (): TaskCount => ({ count: 0, taskIds: [] });

  const indicators: SnapshotIndicator[] = input.indicators.map((i) => ({
    indicatorId: i.id,
    code: i.code,
    name: i.name,
    nameEn: i.nameEn,
    measure: i.measure,
    measureEn: i.measureEn,
    baseline: i.baseline,
    baselineDate: i.baselineDate,
    target: i.target,
    targetDate: i.targetDate,
    direction: i.direction,
    latestValue: i.metrics.latestValue,
    latestOn: i.metrics.latestOn,
    achievementPercent: i.metrics.achievementPercent,
    proRataPercent: i.metrics.proRataToday,
    proRataAtLatest: i.metrics.proRataAtLatest,
    gap: i.metrics.gap,
    status: i.metrics.status,
    onTrack: i.metrics.onTrack,
    targetReached: i.metrics.targetReached,
    valueIds: i.metrics.latestValueId === null ? [] : [i.metrics.latestValueId],
  }));

  // Progress by work item: top-level tasks, as on the dashboard.
  const workItems: WorkItemProgress[] = [...input.workItems]
    .sort((a, b) => a.seq - b.seq || a.id - b.id)
    .map((wi) => {
      const w = f.workItems.get(wi.id);
      return {
        workItemId: wi.id,
        code: wi.code,
        seq: wi.seq,
        title: wi.title,
        titleEn: wi.titleEn,
        tasks: w?.tasks ?? none(),
        byStatus: Object.fromEntries(TASK_STATUSES.map((s) => [s, w?.byStatus[s] ?? none()])) as Record<
          TaskStatus,
          TaskCount
        >,
        byColour: {
          red: w?.byColour.red ?? none(),
          yellow: w?.byColour.yellow ?? none(),
          blue: w?.byColour.blue ?? none(),
          none: w?.byColour.none ?? none(),
        },
        overdue: w?.overdue ?? none(),
        meanProgress: w?.live.count ? Math.round((w.liveProgress / w.live.count) * 10) / 10 : null,
        meanProgressTaskIds: w?.live.taskIds ?? [],
      };
    });

  const closedTasks: ClosedTask[] = f.closed.rows.map((t) => ({
    taskId: t.id,
    code: t.code,
    title: t.title,
    titleEn: t.titleEn,
    workItemId: t.workItemId,
    leadUnit: unitRef(t.leadUnitId),
    closedOn: t.closedOn,
    deadline: t.deadline,
    originalDeadline: t.originalDeadline,
    onTime: t.closedOn <= t.deadline,
    replanned: t.deadline !== t.originalDeadline,
  }));

  const overdueTasks: OverdueTask[] = f.overdue
    .map((t) => ({
      taskId: t.id,
      code: t.code,
      title: t.title,
      titleEn: t.titleEn,
      leadUnit: unitRef(t.leadUnitId),
      status: t.status,
      deadline: t.deadline,
      progress: t.progress,
      workingDaysOverdue: Math.max(0, -t.workingDaysLeft),
    }))
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || byCode(a, b));
  const unitGrades: UnitGrades[] = [...f.unitGrades]
    .map(([unitId, g]) => ({ ...unitRef(unitId), ...g }))
    .sort(
      (a, b) =>
        b.red.count - a.red.count || b.yellow.count - a.yellow.count || b.blue.count - a.blue.count || byCode(a, b),
    );

  const lateRounds: LateReportingRound[] = f.rounds.map(({ round, units: byUnit }) => ({
    roundId: round.id,
    period: round.period,
    title: round.title,
    dueDate: round.dueDate,
    units: [...byUnit]
      .map(([unitId, e]) => ({ ...unitRef(unitId), missing: e.missing, late: e.late }))
      .filter((u) => u.missing.count + u.late.count > 0)
      .sort(byCode),
  }));

  // Ranking (unit-ranking.ts): on-time reporting in the rounds due in the period, on-time closing over the plan so
  // far, overdue tasks; every unit leading a counted task or owing a report is listed, the ranked ones first.
  const rankedUnitIds = new Set([...f.ledTasks.keys(), ...f.rounds.flatMap((r) => [...r.units.keys()])]);
  const rows = [...rankedUnitIds].map((unitId) => {
    const closing = f.closing.get(unitId) ?? { closed: none(), onTime: none() };
    const mine = f.rounds.flatMap((r) => {
      const e = r.units.get(unitId);
      return e ? [{ roundId: r.round.id, e }] : [];
    });
    const expected = mine.reduce((n, x) => n + x.e.expected.count, 0);
    const reportedOnTime = mine.reduce((n, x) => n + x.e.onTime.count, 0);
    const ref = unitRef(unitId);
    return {
      ref,
      unitId,
      code: ref.code,
      ledTasks: f.ledTasks.get(unitId) ?? 0,
      overdue: f.unitGrades.get(unitId)?.overdue.count ?? 0,
      closingRate: rate(closing.onTime.count, closing.closed.count),
      reportingRate: rate(reportedOnTime, expected),
      closing,
      reporting: {
        expected,
        expectedTaskIds: firstIds(
          mine.map((x) => x.e.expected.taskIds),
          max,
        ),
        onTime: reportedOnTime,
        onTimeReportIds: firstIds(
          mine.map((x) => x.e.onTime.reportIds),
          max,
        ),
        roundIds: [...new Set(mine.filter((x) => x.e.expected.count > 0).map((x) => x.roundId))].sort(byId),
      },
    };
  });
  const ranking: UnitRanking[] = rankUnits(rows).map((r) => ({
    ...r.ref,
    rank: r.rank,
    ledTasks: r.ledTasks,
    overdue: r.overdue,
    closing: { closed: r.closing.closed, onTime: r.closing.onTime, rate: r.closingRate },
    reporting: { ...r.reporting, rate: r.reportingRate },
  }));

  // Matters needing coordination: the requests still open on asOf.
  const coordination: CoordinationMatter[] = f.coordination.rows.map((r) => ({
    reportId: r.id,
    task: r.task,
    unit: unitRef(r.unitId),
    period: r.period,
    filedOn: r.filedOn,
    problems: r.problems,
    text: r.text,
    nextSteps: r.nextSteps,
  }));

  const lateUnitIds = [...new Set(lateRounds.flatMap((r) => r.units.map((u) => u.unitId)))].sort(byId);
  return {
    version: SNAPSHOT_VERSION,
    plan: { planId: input.plan.id, code: input.plan.code, title: input.plan.title, titleEn: input.plan.titleEn },
    number: input.number,
    period: input.period,
    periodStart,
    periodEnd,
    asOf,
    generatedOn: input.generatedOn,
    summary: {
      tasks: f.summary.tasks,
      open: f.summary.open,
      closedThisPeriod: f.closed.total,
      overdue: f.summary.overdue,
      red: f.summary.red,
      yellow: f.summary.yellow,
      blue: f.summary.blue,
      coordination: { count: f.coordination.count, reportIds: f.coordination.reportIds },
      lateUnits: { count: lateUnitIds.length, unitIds: lateUnitIds },
    },
    indicators,
    workItems,
    closedThisPeriod: {
      tasks: closedTasks,
      total: f.closed.total,
      onTime: f.closed.onTime,
      replanned: f.closed.replanned,
    },
    unitGrades,
    overdueTasks,
    ranking,
    lateReporting: { rounds: lateRounds, roundIds: lateRounds.map((r) => r.roundId) },
    coordination,
  };
}
