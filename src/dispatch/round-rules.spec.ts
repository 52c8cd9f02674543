import { WorkingDaysService } from '../calendar/working-days.service';
import { loadConfig } from '../config/config';
import { monthlyDueDate, roundCalendar, workingDaysBefore } from './reminder-days';
import { lateUnits, roundTotals, unitState, unitStatuses, type PeriodReport, type RoundScope } from './round-status';

const cal = new WorkingDaysService(loadConfig({}));

describe('when a dispatch round reminds', () => {
  it('reminds 3 working days and 1 working day before an ordinary due date, and on it', () => {
    // 2023-09-25 is a Monday: the Friday and the Wednesday before it are working days
    expect(roundCalendar(cal, '2023-09-25', 3)).toEqual({
      reminderDays: ['2023-09-20', '2023-09-22', '2023-09-25'],
      lateNoticeDay: '2023-09-26',
    });
  });

  it('counts back across the National Day break and its worked week-end', () => {
    // 2023-09-29 … 10-06 are days off; Saturday 10-07 and Sunday 10-08 are worked
    expect(workingDaysBefore(cal, '2023-10-09', 1)).toBe('2023-10-08');
    expect(workingDaysBefore(cal, '2023-10-09', 2)).toBe('2023-10-07');
    expect(workingDaysBefore(cal, '2023-10-09', 3)).toBe('2023-09-28');
    expect(roundCalendar(cal, '2023-10-09', 3)).toEqual({
      reminderDays: ['2023-09-28', '2023-10-08', '2023-10-09'],
      lateNoticeDay: '2023-10-10',
    });
  });

  it('reminds on the working day before a due date that is a day off, once', () => {
    // 2023-10-01 is a Sunday in the holiday: the due-day reminder falls on 2023-09-28
    const { reminderDays, lateNoticeDay } = roundCalendar(cal, '2023-10-01', 1);
    expect(reminderDays).toEqual(['2023-09-28']);
    expect(lateNoticeDay).toBe('2023-10-07');
  });

  it('moves a monthly due date back to a working day and keeps it inside the month', () => {
    expect(monthlyDueDate(cal, '2023-10', 25)).toBe('2023-10-25');
    expect(monthlyDueDate(cal, '2023-11', 25)).toBe('2023-11-24'); // the 25th is a Saturday
    expect(monthlyDueDate(cal, '2023-09', 30)).toBe('2023-09-28'); // 09-29 and 09-30 are days off
    expect(monthlyDueDate(cal, '2023-02', 31)).toBe('2023-02-28');
  });
});

describe("a unit's state in a dispatch round", () => {
  // unit 1 leads tasks 10 and 11, unit 2 leads 12 and supports 10, unit 3 only supports
  const scope: RoundScope = {
    dueDate: '2023-09-25',
    units: [1, 2, 3].map((id) => ({ id, code: `u${id}`, name: `单位${id}`, nameEn: null })),
    tasks: [
      { id: 10, code: 'T10', title: 't10', titleEn: null, leadUnitId: 1, supportingUnitIds: [2, 3] },
      { id: 11, code: 'T11', title: 't11', titleEn: null, leadUnitId: 1, supportingUnitIds: [] },
      { id: 12, code: 'T12', title: 't12', titleEn: null, leadUnitId: 2, supportingUnitIds: [3] },
    ],
  };
  const report = (id: number, taskId: number, unitId: number, filedOn: string, status = 'submitted'): PeriodReport => ({
    id,
    taskId,
    unitId,
    filedOn,
    status,
  });

  it('follows the rule: nothing expected, reported, late, partial, awaiting', () => {
    expect(unitState(0, 0, true)).toBe('nothing_expected');
    expect(unitState(2, 2, true)).toBe('reported');
    expect(unitState(2, 1, true)).toBe('late');
    expect(unitState(2, 1, false)).toBe('partial');
    expect(unitState(2, 0, false)).toBe('awaiting');
  });

  it('counts what the lead unit owes, what it sent and what is missing, with the ids', () => {
    const reports = [
      report(100, 10, 1, '2023-09-21'),
      report(101, 11, 1, '2023-09-22', 'returned'),
      report(102, 10, 2, '2023-09-21'), // a contribution, owed by no one
    ];
    const [u1, u2, u3] = unitStatuses(scope, reports, '2023-09-22');
    expect(u1).toMatchObject({
      state: 'partial',
      expected: { count: 2, taskIds: [10, 11] },
      received: { count: 1, reportIds: [100], taskIds: [10] },
      missing: { count: 1, taskIds: [11] },
      late: { count: 0, reportIds: [], taskIds: [] },
    });
    expect(u2).toMatchObject({
      state: 'awaiting',
      expected: { count: 1, taskIds: [12] },
      supporting: { count: 1, taskIds: [10] },
      contributions: { count: 1, reportIds: [102] },
    });
    expect(u3).toMatchObject({ state: 'nothing_expected', expected: { count: 0 }, supporting: { taskIds: [10, 12] } });
    const totals = roundTotals([u1, u2, u3]);
    expect(totals.expected.count).toBe(3);
    expect(totals.missing.items).toEqual([
      { unitId: 1, taskId: 11 },
      { unitId: 2, taskId: 12 },
    ]);
    expect(totals.byState.partial).toEqual({ count: 1, unitIds: [1] });
  });

  it('is late after the due date with something missing; a report filed after the due date is late', () => {
    const reports = [report(100, 10, 1, '2023-09-21'), report(103, 12, 2, '2023-09-26')];
    const rows = unitStatuses(scope, reports, '2023-09-26');
    expect(rows.map((r) => r.state)).toEqual(['late', 'reported', 'nothing_expected']);
    expect(rows[1].late).toEqual({ count: 1, reportIds: [103], taskIds: [12] });
    expect(lateUnits(rows, '2023-09-26', scope.dueDate).map((r) => r.unit.id)).toEqual([1, 2]);
    expect(lateUnits(unitStatuses(scope, [], '2023-09-25'), '2023-09-25', scope.dueDate)).toEqual([]);
  });
});
