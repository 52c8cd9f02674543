import type { TaskState } from '../tasks/grades';
import { isoWeekOf, periodLabel } from './bulletin-period';
import {
  buildSnapshot,
  snapshotAsOf,
  type SnapshotInput,
  type SnapshotReportRow,
  type SnapshotTaskRow,
} from './bulletin-snapshot';
import { bulletinFileName, taskForceName } from './bulletin-view';

function task(id: number, over: Partial<SnapshotTaskRow> = {}): SnapshotTaskRow {
  return {
    id,
    code: `T-${id}`,
    title: `任务${id}`,
    titleEn: null,
    workItemId: 1,
    parentId: null,
    leadUnitId: 10,
    status: 'in_progress',
    progress: 50,
    startDate: '2023-01-01',
    deadline: '2023-12-31',
    originalDeadline: '2023-12-31',
    recurrence: null,
    closedOn: null,
    ...over,
  };
}

function report(id: number, over: Partial<SnapshotReportRow> = {}): SnapshotReportRow {
  return {
    id,
    taskId: 1,
    unitId: 10,
    period: '2023-09',
    filedOn: '2023-09-20',
    status: 'submitted',
    needsCoordination: false,
    problems: '',
    text: '进展',
    nextSteps: '',
    ...over,
  };
}

/** Overdue when open and past the deadline; red when overdue; nothing else. */
function grade(t: SnapshotTaskRow, asOf: string): TaskState {
  const overdue = ['assigned', 'in_progress', 'blocked'].includes(t.status) && asOf > t.deadline;
  return {
    overdue,
    dueSoon: false,
    colour: overdue ? 'red' : null,
    expectedProgress: null,
    workingDaysLeft: overdue ? -2 : 5,
    nextDueDate: null,
  };
}

function input(over: Partial<SnapshotInput> = {}): SnapshotInput {
  return {
    plan: { id: 1, code: 'p', title: '某市专班工作计划', titleEn: 'Work plan of the City Task Force' },
    number: 3,
    period: '2023-09',
    periodStart: '2023-09-01',
    periodEnd: '2023-09-30',
    generatedOn: '2023-09-27',
    workItems: [{ id: 1, code: 'W1', seq: 1, title: '事项一', titleEn: null }],
    tasks: [],
    units: [
      { id: 10, code: 'b', name: '乙单位', nameEn: 'Unit B' },
      { id: 20, code: 'a', name: '甲单位', nameEn: 'Unit A' },
      { id: 30, code: 'c', name: '丙单位', nameEn: null },
    ],
    indicators: [],
    rounds: [],
    reports: [],
    grade,
    ...over,
  };
}

describe('bulletin periods', () => {
  it('finds the ISO week of a date, across year ends', () => {
    expect(isoWeekOf('2023-09-20')).toBe('2023-W38');
    expect(isoWeekOf('2023-09-18')).toBe('2023-W38');
    expect(isoWeekOf('2023-09-24')).toBe('2023-W38');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2026-01-01')).toBe('2026-W01');
  });

  it('writes a period in Chinese and English', () => {
    expect(periodLabel('2023-09', '2023-09-01', '2023-09-30', 'zh-CN')).toBe('2023年9月');
    expect(periodLabel('2023-09', '2023-09-01', '2023-09-30', 'en')).toBe('September 2023');
    expect(periodLabel('2023-W38', '2023-09-18', '2023-09-24', 'zh-CN')).toBe('2023年第38周（9月18日至24日）');
    expect(periodLabel('2023-W38', '2023-09-18', '2023-09-24', 'en')).toBe('week 38 of 2023 (18–24 September)');
    expect(periodLabel('2023-Q3', '2023-07-01', '2023-09-30', 'zh-CN')).toBe('2023年第三季度');
    // a span other than the period's own days is written as the span
    expect(periodLabel('2023-09', '2023-09-01', '2023-09-15', 'zh-CN')).toBe('2023年9月1日至9月15日');
  });

  it('the figures are as of the generation date, or the end of a period already over', () => {
    expect(snapshotAsOf('2023-09-20', '2023-09-30')).toBe('2023-09-20');
    expect(snapshotAsOf('2023-10-02', '2023-09-30')).toBe('2023-09-30');
  });

  it('names the task force and the file from the plan', () => {
    const plan = { planId: 1, code: 'p', title: '某市专班工作计划', titleEn: 'Work plan of the City Task Force' };
    expect(taskForceName(plan, 'zh-CN')).toBe('某市专班');
    expect(taskForceName(plan, 'en')).toBe('City Task Force');
    const snapshot = buildSnapshot(input());
    expect(bulletinFileName(snapshot, 'zh-CN')).toBe('某市专班通报第3期.docx');
    expect(bulletinFileName(snapshot, 'en')).toBe('City Task Force Bulletin No. 3.docx');
  });
});

describe('buildSnapshot', () => {
  it('lists the tasks closed in the period, on time or not, re-planned or not', () => {
    const s = buildSnapshot(
      input({
        tasks: [
          task(1, { status: 'closed', closedOn: '2023-09-05', deadline: '2023-09-10', originalDeadline: '2023-09-10' }),
          task(2, { status: 'closed', closedOn: '2023-09-12', deadline: '2023-09-10', originalDeadline: '2023-08-31' }),
          task(3, { status: 'closed', closedOn: '2023-08-30' }),
          task(4),
        ],
      }),
    );
    expect(s.closedThisPeriod.total).toEqual({ count: 2, taskIds: [1, 2] });
    expect(s.closedThisPeriod.onTime).toEqual({ count: 1, taskIds: [1] });
    expect(s.closedThisPeriod.replanned).toEqual({ count: 1, taskIds: [2] });
    expect(s.closedThisPeriod.tasks.map((t) => [t.taskId, t.onTime, t.replanned])).toEqual([
      [1, true, false],
      [2, false, true],
    ]);
  });

  it('counts overdue tasks and colour grades per lead unit, sub-tasks for their own unit', () => {
    const s = buildSnapshot(
      input({
        tasks: [
          task(1, { deadline: '2023-09-10' }),
          task(2, { deadline: '2023-09-15', parentId: 1, leadUnitId: 20 }),
          task(3, { deadline: '2023-09-15', status: 'draft' }),
          task(4, { leadUnitId: 20 }),
        ],
      }),
    );
    expect(s.unitGrades.map((u) => [u.code, u.open.taskIds, u.overdue.taskIds, u.red.count])).toEqual([
      ['a', [2, 4], [2], 1],
      ['b', [1], [1], 1],
    ]);
    expect(s.summary.overdue).toEqual({ count: 2, taskIds: [1, 2] });
    // the work item counts the counted tasks: sub-tasks in, the draft out
    expect(s.workItems[0].tasks.taskIds).toEqual([1, 2, 4]);
    expect(s.summary.tasks).toEqual({ count: 3, taskIds: [1, 2, 4] });
    expect(s.workItems[0].overdue.taskIds).toEqual([1, 2]);
  });

  it('expects a report per task in scope and its lead unit, and names the units missing or late', () => {
    const s = buildSnapshot(
      input({
        tasks: [
          task(1, { leadUnitId: 10 }),
          task(2, { leadUnitId: 20 }),
          task(3, { leadUnitId: 30 }),
          task(4, { leadUnitId: 30, status: 'closed', closedOn: '2023-09-10' }),
          task(5, { leadUnitId: 30, status: 'draft' }),
        ],
        rounds: [
          { id: 7, period: '2023-09', title: '9月调度', dueDate: '2023-09-22', taskIds: [1, 2, 3, 4, 5] },
          // due after the figures' date: not counted yet
          { id: 8, period: '2023-09b', title: '未到期', dueDate: '2023-09-29', taskIds: [1] },
        ],
        reports: [
          report(100, { taskId: 1, unitId: 10, filedOn: '2023-09-21' }),
          report(101, { taskId: 2, unitId: 20, filedOn: '2023-09-25' }),
          // a report sent back does not count, nor does a supporting unit's
          report(102, { taskId: 3, unitId: 30, status: 'returned' }),
          report(103, { taskId: 3, unitId: 10, filedOn: '2023-09-20' }),
        ],
      }),
    );
    expect(s.asOf).toBe('2023-09-27');
    expect(s.lateReporting.roundIds).toEqual([7]);
    expect(s.lateReporting.rounds[0].units).toEqual([
      expect.objectContaining({
        code: 'a',
        missing: { count: 0, taskIds: [] },
        late: { count: 1, taskIds: [2], reportIds: [101] },
      }),
      expect.objectContaining({
        code: 'c',
        missing: { count: 1, taskIds: [3] },
        late: { count: 0, taskIds: [], reportIds: [] },
      }),
    ]);
    expect(s.summary.lateUnits).toEqual({ count: 2, unitIds: [20, 30] });
    const b = s.ranking.find((r) => r.code === 'b');
    expect(b?.reporting).toEqual({
      expected: 1,
      expectedTaskIds: [1],
      onTime: 1,
      onTimeReportIds: [100],
      rate: 100,
      roundIds: [7],
    });
  });

  it('ranks on reporting, then closing, then overdue; equal units share a rank; too few tasks, no rank', () => {
    const s = buildSnapshot(
      input({
        units: [
          { id: 10, code: 'b', name: '乙单位', nameEn: 'Unit B' },
          { id: 20, code: 'a', name: '甲单位', nameEn: 'Unit A' },
          { id: 30, code: 'c', name: '丙单位', nameEn: null },
          { id: 40, code: 'e', name: '戊单位', nameEn: null },
          { id: 50, code: 'd', name: '丁单位', nameEn: null },
        ],
        tasks: [
          // b closes one of two on time: 50%, no report due
          task(1, { leadUnitId: 10, status: 'closed', closedOn: '2023-09-05', deadline: '2023-09-10' }),
          task(2, { leadUnitId: 10, status: 'closed', closedOn: '2023-09-15', deadline: '2023-09-10' }),
          // a closes on time (100%) and reports late (0%): last, as reporting comes first
          task(3, { leadUnitId: 20, status: 'closed', closedOn: '2023-09-01', deadline: '2023-09-10' }),
          task(4, { leadUnitId: 20 }),
          // c has nothing closed (task 6 closes after the figures' date) and nothing due: owing nothing, it is first
          task(5, { leadUnitId: 30 }),
          task(6, { leadUnitId: 30, status: 'closed', closedOn: '2023-09-28' }),
          // e is b's equal on every metric: the same rank
          task(7, { leadUnitId: 40, status: 'closed', closedOn: '2023-09-05', deadline: '2023-09-10' }),
          task(8, { leadUnitId: 40, status: 'closed', closedOn: '2023-09-15', deadline: '2023-09-10' }),
          // d leads one task, closed on time: not ranked on one closing alone
          task(9, { leadUnitId: 50, status: 'closed', closedOn: '2023-09-05', deadline: '2023-09-10' }),
          // a draft counts for nobody
          task(10, { leadUnitId: 50, status: 'draft' }),
        ],
        rounds: [{ id: 7, period: '2023-09', title: '9月调度', dueDate: '2023-09-22', taskIds: [4] }],
        reports: [report(100, { taskId: 4, unitId: 20, filedOn: '2023-09-23' })],
      }),
    );
    expect(s.ranking.map((r) => [r.rank, r.code, r.ledTasks, r.reporting.rate, r.closing.rate])).toEqual([
      [1, 'c', 2, null, null],
      [2, 'b', 2, null, 50],
      [2, 'e', 2, null, 50],
      [4, 'a', 2, 0, 100],
      [null, 'd', 1, null, 100],
    ]);
    expect(s.ranking[1].closing.onTime.taskIds).toEqual([1]);
    expect(s.ranking[1].closing.closed.taskIds).toEqual([1, 2]);
  });

  it('counts the coordination requests still open on its date, whenever they were raised', () => {
    const s = buildSnapshot(
      input({
        tasks: [task(1), task(2, { status: 'closed', closedOn: '2023-09-10' })],
        reports: [
          report(1, { needsCoordination: true, problems: '需市住建部门协调', filedOn: '2023-09-03' }),
          // raised in August, still open: a matter of this bulletin too
          report(2, { unitId: 20, needsCoordination: true, filedOn: '2023-08-30' }),
          // sent back: not a request
          report(3, { needsCoordination: true, status: 'returned' }),
          // withdrawn by the unit's next report
          report(4, { unitId: 30, needsCoordination: true, filedOn: '2023-09-01' }),
          report(5, { unitId: 30, needsCoordination: false, filedOn: '2023-09-10' }),
          // on a closed task
          report(6, { taskId: 2, needsCoordination: true, filedOn: '2023-09-05' }),
          // filed after the figures' date
          report(7, { unitId: 20, needsCoordination: true, filedOn: '2023-09-29' }),
        ],
      }),
    );
    expect(s.coordination.map((c) => [c.reportId, c.unit.code, c.task.taskId])).toEqual([
      [2, 'a', 1],
      [1, 'b', 1],
    ]);
    expect(s.coordination[1].problems).toBe('需市住建部门协调');
    expect(s.summary.coordination).toEqual({ count: 2, reportIds: [1, 2] });
  });

  it('records the value each indicator figure comes from', () => {
    const s = buildSnapshot(
      input({
        indicators: [
          {
            id: 5,
            code: 'bs',
            name: '新建基站',
            nameEn: null,
            measure: '座',
            measureEn: null,
            baseline: 0,
            baselineDate: '2022-12-31',
            target: 850,
            targetDate: '2023-12-31',
            direction: 'increase',
            metrics: {
              latestValue: 1127,
              latestOn: '2023-07-31',
              latestValueId: 42,
              achievementPercent: 132.6,
              proRataToday: 74,
              proRataAtLatest: 58.1,
              gap: 74.5,
              status: 'ahead',
              onTrack: true,
              targetReached: true,
            },
          },
        ],
      }),
    );
    expect(s.indicators[0]).toMatchObject({
      indicatorId: 5,
      achievementPercent: 132.6,
      proRataPercent: 74,
      valueIds: [42],
    });
  });
});
