// The frozen content of a bulletin (通报), built from rows already loaded so that it can be checked without a
// database. Every figure carries the ids of the rows it came from: tasks, indicator values, progress reports,
// dispatch rounds and units.
import type { IndicatorStatus } from '../indicators/indicator-metrics';
import type { Direction } from '../indicators/indicator.entity';
import type { TaskState } from '../tasks/grades';
import { TASK_STATUSES, type Recurrence, type TaskStatus } from '../tasks/task.entity';

export const SNAPSHOT_VERSION = 1;

/** A count and the tasks it counts. */
export interface TaskCount {
  count: number;
  taskIds: number[];
}

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
  /** 1, 2, 3 … by score (ties broken by unit code); null when the unit has neither rate yet. */
  rank: number | null;
  /** The mean of the rates the unit has. */
  score: number | null;
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
  /** Per work item, its top-level tasks (a sub-task is part of its parent). */
  workItems: WorkItemProgress[];
  closedThisPeriod: { tasks: ClosedTask[]; total: TaskCount; onTime: TaskCount; replanned: TaskCount };
  /** Per lead unit with open tasks, its overdue tasks and colour grades; sub-tasks count for their own lead unit. */
  unitGrades: UnitGrades[];
  overdueTasks: OverdueTask[];
  ranking: UnitRanking[];
  lateReporting: { rounds: LateReportingRound[]; roundIds: number[] };
  coordination: CoordinationMatter[];
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
  /** Progress reports filed in the period, and those answering the rounds due in it. */
  reports: SnapshotReportRow[];
  /** The derived state of a task as of a date (overdue, colour grade). */
  grade: (task: T, asOf: string) => TaskState;
}

// --- building ---

/** The date a bulletin's figures are computed for. */
export function snapshotAsOf(generatedOn: string, periodEnd: string): string {
  return periodEnd < generatedOn ? periodEnd : generatedOn;
}

const byId = (a: number, b: number) => a - b;

function count(ids: number[]): TaskCount {
  return { count: ids.length, taskIds: [...ids].sort(byId) };
}

function rate(part: number, whole: number): number | null {
  return whole ? Math.round((part / whole) * 1000) / 10 : null;
}

function mean(values: number[]): number | null {
  return values.length ? Math.round((values.reduce((a, v) => a + v, 0) / values.length) * 10) / 10 : null;
}

const FINISHED: TaskStatus[] = ['closed', 'cancelled'];

export function buildSnapshot<T extends SnapshotTaskRow>(input: SnapshotInput<T>): BulletinSnapshot {
  const asOf = snapshotAsOf(input.generatedOn, input.periodEnd);
  const { periodStart, periodEnd } = input;
  const units = new Map(input.units.map((u) => [u.id, u]));
  const unitRef = (id: number): UnitRef => {
    const u = units.get(id);
    return { unitId: id, code: u?.code ?? String(id), name: u?.name ?? String(id), nameEn: u?.nameEn ?? null };
  };
  const tasks = new Map(input.tasks.map((t) => [t.id, t]));
  const taskRef = (t: SnapshotTaskRow): TaskRef => ({ taskId: t.id, code: t.code, title: t.title, titleEn: t.titleEn });
  const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);

  const graded = input.tasks.map((task) => ({ task, state: input.grade(task, asOf) }));
  const ids = (rows: typeof graded) => rows.map((g) => g.task.id);

  // Indicators
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
      const mine = graded.filter((g) => g.task.workItemId === wi.id && g.task.parentId === null);
      const live = mine.filter((g) => g.task.status !== 'cancelled');
      return {
        workItemId: wi.id,
        code: wi.code,
        seq: wi.seq,
        title: wi.title,
        titleEn: wi.titleEn,
        tasks: count(ids(mine)),
        byStatus: Object.fromEntries(
          TASK_STATUSES.map((s) => [s, count(ids(mine.filter((g) => g.task.status === s)))]),
        ) as Record<TaskStatus, TaskCount>,
        byColour: {
          red: count(ids(mine.filter((g) => g.state.colour === 'red'))),
          yellow: count(ids(mine.filter((g) => g.state.colour === 'yellow'))),
          blue: count(ids(mine.filter((g) => g.state.colour === 'blue'))),
          none: count(ids(mine.filter((g) => g.state.colour === null))),
        },
        overdue: count(ids(mine.filter((g) => g.state.overdue))),
        meanProgress: mean(live.map((g) => g.task.progress)),
        meanProgressTaskIds: ids(live).sort(byId),
      };
    });

  // Closed this period: every task, sub-tasks included, closed within the period.
  const closedRows = input.tasks
    .filter((t) => t.status === 'closed' && t.closedOn !== null && t.closedOn >= periodStart && t.closedOn <= periodEnd)
    .sort((a, b) => (a.closedOn as string).localeCompare(b.closedOn as string) || byCode(a, b));
  const closedTasks: ClosedTask[] = closedRows.map((t) => ({
    ...taskRef(t),
    workItemId: t.workItemId,
    leadUnit: unitRef(t.leadUnitId),
    closedOn: t.closedOn as string,
    deadline: t.deadline,
    originalDeadline: t.originalDeadline,
    onTime: (t.closedOn as string) <= t.deadline,
    replanned: t.deadline !== t.originalDeadline,
  }));

  // Overdue tasks and colour grades per lead unit.
  const overdue = graded.filter((g) => g.state.overdue);
  const overdueTasks: OverdueTask[] = overdue
    .map((g) => ({
      ...taskRef(g.task),
      leadUnit: unitRef(g.task.leadUnitId),
      status: g.task.status,
      deadline: g.task.deadline,
      progress: g.task.progress,
      workingDaysOverdue: Math.max(0, -g.state.workingDaysLeft),
    }))
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || byCode(a, b));
  const open = graded.filter((g) => !FINISHED.includes(g.task.status) && g.task.status !== 'draft');
  const leadUnitIds = [...new Set(open.map((g) => g.task.leadUnitId))];
  const unitGrades: UnitGrades[] = leadUnitIds
    .map((unitId) => {
      const led = open.filter((g) => g.task.leadUnitId === unitId);
      return {
        ...unitRef(unitId),
        open: count(ids(led)),
        overdue: count(ids(led.filter((g) => g.state.overdue))),
        red: count(ids(led.filter((g) => g.state.colour === 'red'))),
        yellow: count(ids(led.filter((g) => g.state.colour === 'yellow'))),
        blue: count(ids(led.filter((g) => g.state.colour === 'blue'))),
      };
    })
    .sort(
      (a, b) =>
        b.red.count - a.red.count || b.yellow.count - a.yellow.count || b.blue.count - a.blue.count || byCode(a, b),
    );

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
  interface Expectation {
    round: SnapshotRoundRow;
    task: SnapshotTaskRow;
    unitId: number;
    report: SnapshotReportRow | null;
  }
  const expectations: Expectation[] = [];
  for (const round of rounds) {
    for (const taskId of [...new Set(round.taskIds)].sort(byId)) {
      const task = tasks.get(taskId);
      // No report is taken on a draft, cancelled or closed task, so none is expected.
      if (!task || task.status === 'draft' || task.status === 'cancelled') continue;
      if (task.status === 'closed' && task.closedOn !== null && task.closedOn <= round.dueDate) continue;
      const report = firstReport.get(`${taskId}:${task.leadUnitId}:${round.period}`) ?? null;
      expectations.push({ round, task, unitId: task.leadUnitId, report });
    }
  }
  const onTime = (e: Expectation) => e.report !== null && e.report.filedOn <= e.round.dueDate;

  const lateRounds: LateReportingRound[] = rounds.map((round) => {
    const mine = expectations.filter((e) => e.round === round);
    const unitIds = [...new Set(mine.map((e) => e.unitId))];
    const lateUnits = unitIds
      .map((unitId) => {
        const theirs = mine.filter((e) => e.unitId === unitId);
        const missing = theirs.filter((e) => e.report === null);
        const late = theirs.filter((e) => e.report !== null && !onTime(e));
        return {
          ...unitRef(unitId),
          missing: count(missing.map((e) => e.task.id)),
          late: {
            count: late.length,
            taskIds: late.map((e) => e.task.id).sort(byId),
            reportIds: late.map((e) => (e.report as SnapshotReportRow).id).sort(byId),
          },
        };
      })
      .filter((u) => u.missing.count + u.late.count > 0)
      .sort(byCode);
    return { roundId: round.id, period: round.period, title: round.title, dueDate: round.dueDate, units: lateUnits };
  });

  // Ranking: on-time closing over the plan so far, on-time reporting in the rounds due in the period.
  const closedSoFar = graded.filter(
    (g) => g.task.status === 'closed' && g.task.closedOn !== null && g.task.closedOn <= asOf,
  );
  const rankedUnitIds = new Set([...input.tasks.map((t) => t.leadUnitId), ...expectations.map((e) => e.unitId)]);
  const ranking: UnitRanking[] = [...rankedUnitIds].map((unitId) => {
    const closed = closedSoFar.filter((g) => g.task.leadUnitId === unitId);
    const closedOnTime = closed.filter((g) => (g.task.closedOn as string) <= g.task.deadline);
    const expected = expectations.filter((e) => e.unitId === unitId);
    const reportedOnTime = expected.filter(onTime);
    const closingRate = rate(closedOnTime.length, closed.length);
    const reportingRate = rate(reportedOnTime.length, expected.length);
    const rates = [closingRate, reportingRate].filter((r): r is number => r !== null);
    return {
      ...unitRef(unitId),
      rank: null,
      score: rates.length ? Math.round((rates.reduce((a, r) => a + r, 0) / rates.length) * 10) / 10 : null,
      closing: { closed: count(ids(closed)), onTime: count(ids(closedOnTime)), rate: closingRate },
      reporting: {
        expected: expected.length,
        expectedTaskIds: [...new Set(expected.map((e) => e.task.id))].sort(byId),
        onTime: reportedOnTime.length,
        onTimeReportIds: reportedOnTime.map((e) => (e.report as SnapshotReportRow).id).sort(byId),
        rate: reportingRate,
        roundIds: [...new Set(expected.map((e) => e.round.id))].sort(byId),
      },
    };
  });
  ranking.sort((a, b) => {
    if (a.score !== null && b.score !== null && a.score !== b.score) return b.score - a.score;
    if ((a.score === null) !== (b.score === null)) return a.score === null ? 1 : -1;
    return byCode(a, b);
  });
  let rank = 0;
  for (const r of ranking) if (r.score !== null) r.rank = ++rank;

  // Matters needing coordination raised in the period.
  const coordination: CoordinationMatter[] = standing
    .filter((r) => r.needsCoordination && r.filedOn >= periodStart && r.filedOn <= periodEnd && tasks.has(r.taskId))
    .sort((a, b) => a.filedOn.localeCompare(b.filedOn) || a.id - b.id)
    .map((r) => ({
      reportId: r.id,
      task: taskRef(tasks.get(r.taskId) as SnapshotTaskRow),
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
      tasks: count(ids(graded)),
      open: count(ids(open)),
      closedThisPeriod: count(closedRows.map((t) => t.id)),
      overdue: count(ids(overdue)),
      red: count(ids(graded.filter((g) => g.state.colour === 'red'))),
      yellow: count(ids(graded.filter((g) => g.state.colour === 'yellow'))),
      blue: count(ids(graded.filter((g) => g.state.colour === 'blue'))),
      coordination: { count: coordination.length, reportIds: coordination.map((c) => c.reportId).sort(byId) },
      lateUnits: { count: lateUnitIds.length, unitIds: lateUnitIds },
    },
    indicators,
    workItems,
    closedThisPeriod: {
      tasks: closedTasks,
      total: count(closedTasks.map((t) => t.taskId)),
      onTime: count(closedTasks.filter((t) => t.onTime).map((t) => t.taskId)),
      replanned: count(closedTasks.filter((t) => t.replanned).map((t) => t.taskId)),
    },
    unitGrades,
    overdueTasks,
    ranking,
    lateReporting: { rounds: lateRounds, roundIds: lateRounds.map((r) => r.roundId) },
    coordination,
  };
}
