// A task's derived state (grades.ts) as SQL expressions, so lists filter and sort on it and aggregates count it
// in the database: overdue, due soon, the next due date of a recurring task, working days left (through the
// calendar_day table), the pro-rata expectation (序时进度, in tenths of a percent) and the colour grade. The same
// rules, integer for integer, as gradeTask; test/task-state-sql.e2e-spec.ts holds the two equal.
import { dateLiteral, dayAfterWorkingDays, ordinalOf } from '../calendar/calendar-sql';
import type { WorkingDaysService } from '../calendar/working-days.service';
import { daysBetweenSql, jsonIntegerSql, jsonTextSql, type Dialect } from '../database/sql';
import { nextRecurrence, type GradeSettings } from './grades';
import { OPEN_STATUSES } from './status-machine';
import type { Recurrence } from './task.entity';

const FREQUENCIES: Recurrence['freq'][] = ['monthly', 'quarterly'];
const FAR_FUTURE = '2200-12-31';

export interface TaskStateSql {
  open: string;
  overdue: string;
  dueSoon: string;
  /** The date the task's work is next due: the next recurrence, else the deadline. */
  due: string;
  nextDueDate: string;
  workingDaysLeft: string;
  /** Pro-rata expectation in tenths of a percent (583 = 58.3%), null when it has none. */
  expectedTenths: string;
  colour: string;
  /** 3 red, 2 yellow, 1 blue, 0 none: the colour as a sort key. */
  colourRank: string;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The expressions for the task aliased `alias`, as of `today`. */
export function taskStateSql(
  dialect: Dialect,
  alias: string,
  today: string,
  settings: GradeSettings,
  calendar: WorkingDaysService,
): TaskStateSql {
  const c = (name: string) => `${alias}."${name}"`;
  const todayLit = dateLiteral(dialect, today);
  const open = `(${c('status')} IN (${OPEN_STATUSES.map(quote).join(', ')}))`;
  const overdue = `(${open} AND ${c('deadline')} < ${todayLit})`;

  // The next due date of each rule as of today, computed once per rule (at most 2 × 31) and looked up per task.
  const freq = jsonTextSql(dialect, c('recurrence'), 'freq');
  const day = jsonIntegerSql(dialect, c('recurrence'), 'day');
  const byRule = FREQUENCIES.map((f) => {
    const days = Array.from({ length: 31 }, (_, i) => i + 1).map((d) => {
      const due = nextRecurrence({ freq: f, day: d }, today, FAR_FUTURE, calendar);
      return due ? `WHEN ${d} THEN ${dateLiteral(dialect, due)}` : '';
    });
    return `WHEN ${quote(f)} THEN CASE ${day} ${days.join(' ')} END`;
  });
  const ruleDue = `(CASE ${freq} ${byRule.join(' ')} END)`;
  const nextDueDate = `(CASE WHEN ${c('recurrence')} IS NOT NULL AND ${ruleDue} <= ${c('deadline')} THEN ${ruleDue} END)`;
  const due = `(CASE WHEN ${c('recurrence')} IS NULL THEN ${c('deadline')} ELSE COALESCE(${nextDueDate}, ${c('deadline')}) END)`;

  const workingDaysLeft = `(${ordinalOf(due)} - ${ordinalOf(todayLit)})`;
  const dueSoon =
    `(${open} AND NOT ${overdue} AND ${due} >= ${todayLit} ` +
    `AND ${due} < ${dayAfterWorkingDays(dialect, today, settings.dueSoonWorkingDays)})`;

  const span = daysBetweenSql(dialect, c('startDate'), c('deadline'));
  const elapsed = daysBetweenSql(dialect, c('startDate'), todayLit);
  const expectedTenths =
    `(CASE WHEN ${c('startDate')} IS NULL OR ${c('recurrence')} IS NOT NULL THEN NULL ` +
    `WHEN ${span} <= 0 THEN CASE WHEN ${elapsed} >= 0 THEN 1000 ELSE 0 END ` +
    `WHEN ${elapsed} <= 0 THEN 0 WHEN ${elapsed} >= ${span} THEN 1000 ` +
    `ELSE (2000 * ${elapsed} + ${span}) / (2 * ${span}) END)`;
  const margin = Number(settings.yellowMarginPercent) * 10;
  if (!Number.isFinite(margin)) throw new Error('grades.yellowMarginPercent is not a number');
  // without an expectation the comparison is NULL, which the CASE below takes as false: no separate test of it
  const behind = `(${open} AND ${c('progress')} * 10 < ${expectedTenths} - ${margin})`;
  const colour = `(CASE WHEN ${overdue} THEN 'red' WHEN ${behind} THEN 'yellow' WHEN ${dueSoon} THEN 'blue' END)`;
  const colourRank = `(CASE WHEN ${overdue} THEN 3 WHEN ${behind} THEN 2 WHEN ${dueSoon} THEN 1 ELSE 0 END)`;
  return { open, overdue, dueSoon, due, nextDueDate, workingDaysLeft, expectedTenths, colour, colourRank };
}
