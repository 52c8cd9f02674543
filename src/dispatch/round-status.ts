// Who has reported in a dispatch round: pure functions over the round's scope and the reports of its period, so the
// rules (what a unit owes, when it is late) are tested without a database. Every count carries the ids it came from.

export type UnitState = 'reported' | 'partial' | 'awaiting' | 'late' | 'nothing_expected';
export const UNIT_STATES: UnitState[] = ['reported', 'partial', 'awaiting', 'late', 'nothing_expected'];

export interface ScopeTask {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  leadUnitId: number;
  supportingUnitIds: number[];
}

export interface ScopeUnit {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
}

/** A report of the round's period on a task in its scope. */
export interface PeriodReport {
  id: number;
  taskId: number;
  unitId: number;
  filedOn: string;
  status: string;
}

export interface RoundScope {
  dueDate: string;
  units: ScopeUnit[];
  tasks: ScopeTask[];
}

export interface UnitStatus {
  unit: ScopeUnit;
  state: UnitState;
  /** One report expected per task in scope that the unit leads. */
  expected: { count: number; taskIds: number[] };
  /** Reports that answer an expected one (any status but returned). */
  received: { count: number; reportIds: number[]; taskIds: number[] };
  missing: { count: number; taskIds: number[] };
  /** Received reports filed after the due date. */
  late: { count: number; reportIds: number[]; taskIds: number[] };
  /** Tasks in scope the unit supports: contributions are welcome, none is owed. */
  supporting: { count: number; taskIds: number[] };
  contributions: { count: number; reportIds: number[] };
}

export interface RoundTotals {
  units: { count: number; unitIds: number[] };
  expected: { count: number; items: { unitId: number; taskId: number }[] };
  received: { count: number; reportIds: number[] };
  missing: { count: number; items: { unitId: number; taskId: number }[] };
  late: { count: number; reportIds: number[] };
  byState: Record<UnitState, { count: number; unitIds: number[] }>;
}

/** A report counts unless it was sent back (退办). */
export function answers(report: PeriodReport): boolean {
  return report.status !== 'returned';
}

/**
 * The state of a unit: nothing expected (it only supports), reported (nothing missing), late (the due date has
 * passed with something missing), partial (some received), or awaiting (none yet).
 */
export function unitState(expected: number, received: number, pastDue: boolean): UnitState {
  if (expected === 0) return 'nothing_expected';
  if (received >= expected) return 'reported';
  if (pastDue) return 'late';
  return received > 0 ? 'partial' : 'awaiting';
}

export function unitStatuses(scope: RoundScope, reports: PeriodReport[], today: string): UnitStatus[] {
  const pastDue = today > scope.dueDate;
  // indexed once, so the cost is linear in tasks and reports whatever the number of units
  const ledBy = new Map<number, number[]>();
  const supportedBy = new Map<number, number[]>();
  const push = (m: Map<number, number[]>, key: number, id: number) => {
    const list = m.get(key);
    if (list) list.push(id);
    else m.set(key, [id]);
  };
  for (const t of scope.tasks) {
    push(ledBy, t.leadUnitId, t.id);
    for (const u of t.supportingUnitIds) if (u !== t.leadUnitId) push(supportedBy, u, t.id);
  }
  const reportsBy = new Map<number, PeriodReport[]>();
  for (const r of reports) {
    if (!answers(r)) continue;
    const list = reportsBy.get(r.unitId);
    if (list) list.push(r);
    else reportsBy.set(r.unitId, [r]);
  }
  return scope.units.map((unit) => {
    const led = ledBy.get(unit.id) ?? [];
    const supported = supportedBy.get(unit.id) ?? [];
    const ledSet = new Set(led);
    const supportedSet = new Set(supported);
    const mine = reportsBy.get(unit.id) ?? [];
    const received = mine.filter((r) => ledSet.has(r.taskId));
    const receivedTasks = [...new Set(received.map((r) => r.taskId))];
    const receivedSet = new Set(receivedTasks);
    const missing = led.filter((id) => !receivedSet.has(id));
    const late = received.filter((r) => r.filedOn > scope.dueDate);
    const contributions = mine.filter((r) => supportedSet.has(r.taskId)).map((r) => r.id);
    return {
      unit,
      state: unitState(led.length, receivedTasks.length, pastDue),
      expected: { count: led.length, taskIds: led },
      received: { count: received.length, reportIds: received.map((r) => r.id), taskIds: receivedTasks },
      missing: { count: missing.length, taskIds: missing },
      late: { count: late.length, reportIds: late.map((r) => r.id), taskIds: late.map((r) => r.taskId) },
      supporting: { count: supported.length, taskIds: supported },
      contributions: { count: contributions.length, reportIds: contributions },
    };
  });
}

export function roundTotals(rows: UnitStatus[]): RoundTotals {
  const byState = Object.fromEntries(
    UNIT_STATES.map((s) => {
      const unitIds = rows.filter((r) => r.state === s).map((r) => r.unit.id);
      return [s, { count: unitIds.length, unitIds }];
    }),
  ) as RoundTotals['byState'];
  const expected = rows.flatMap((r) => r.expected.taskIds.map((taskId) => ({ unitId: r.unit.id, taskId })));
  const missing = rows.flatMap((r) => r.missing.taskIds.map((taskId) => ({ unitId: r.unit.id, taskId })));
  const received = rows.flatMap((r) => r.received.reportIds);
  const late = rows.flatMap((r) => r.late.reportIds);
  return {
    units: { count: rows.length, unitIds: rows.map((r) => r.unit.id) },
    expected: { count: expected.length, items: expected },
    received: { count: received.length, reportIds: received },
    missing: { count: missing.length, items: missing },
    late: { count: late.length, reportIds: late },
    byState,
  };
}

/** Units late in a round: after the due date, those with reports still missing, and those that filed late. */
export function lateUnits(rows: UnitStatus[], today: string, dueDate: string): UnitStatus[] {
  return rows.filter((r) => (today > dueDate && r.missing.count > 0) || r.late.count > 0);
}

/** A unit's row in a round's answer: the counts of UnitStatus, without the ids (they grow with the scope). */
export interface UnitCountsRow {
  unit: ScopeUnit;
  state: UnitState;
  expected: { count: number };
  received: { count: number };
  missing: { count: number };
  late: { count: number };
  supporting: { count: number };
  contributions: { count: number };
}

/** A round's totals in its answer: counts, and the units (a round has as many as the task force, not its tasks). */
export interface CountTotals {
  units: { count: number; unitIds: number[] };
  tasks: { count: number };
  expected: { count: number };
  received: { count: number };
  missing: { count: number };
  late: { count: number };
  byState: Record<UnitState, { count: number; unitIds: number[] }>;
}

/** The unit's row from its counts (counted in SQL by the same rules as unitStatuses). */
export function unitCountsRow(
  unit: ScopeUnit,
  c: {
    expected: number;
    received: number;
    receivedTasks: number;
    late: number;
    supporting: number;
    contributions: number;
  },
  pastDue: boolean,
): UnitCountsRow {
  return {
    unit,
    state: unitState(c.expected, c.receivedTasks, pastDue),
    expected: { count: c.expected },
    received: { count: c.received },
    missing: { count: c.expected - c.receivedTasks },
    late: { count: c.late },
    supporting: { count: c.supporting },
    contributions: { count: c.contributions },
  };
}

export function countTotals(rows: UnitCountsRow[], taskCount: number): CountTotals {
  const byState = Object.fromEntries(
    UNIT_STATES.map((s) => {
      const unitIds = rows.filter((r) => r.state === s).map((r) => r.unit.id);
      return [s, { count: unitIds.length, unitIds }];
    }),
  ) as CountTotals['byState'];
  const sum = (pick: (r: UnitCountsRow) => number) => rows.reduce((n, r) => n + pick(r), 0);
  return {
    units: { count: rows.length, unitIds: rows.map((r) => r.unit.id) },
    tasks: { count: taskCount },
    expected: { count: sum((r) => r.expected.count) },
    received: { count: sum((r) => r.received.count) },
    missing: { count: sum((r) => r.missing.count) },
    late: { count: sum((r) => r.late.count) },
    byState,
  };
}
