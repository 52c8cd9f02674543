// Reporting periods: a month (2023-08), a quarter (2023-Q3) or an ISO week (2023-W34). A report belongs to one
// period; the period's first day says whether it has begun.
import { registerDecorator, type ValidationOptions } from 'class-validator';
import { addDays, formatDate } from '../common/dates';

export type PeriodKind = 'month' | 'quarter' | 'week';

export interface ReportPeriod {
  kind: PeriodKind;
  /** First day of the period, YYYY-MM-DD. */
  start: string;
  /** Last day of the period, YYYY-MM-DD. */
  end: string;
}

const MONTH = /^(\d{4})-(\d{2})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const WEEK = /^(\d{4})-W(\d{2})$/;

function yearInRange(year: number): boolean {
  return year >= 1900 && year <= 2200;
}

function monthStart(year: number, month: number): string {
  return formatDate(new Date(Date.UTC(year, month - 1, 1)));
}

function monthEnd(year: number, month: number): string {
  return formatDate(new Date(Date.UTC(year, month, 0)));
}

/** The Monday of ISO week 1: the week that holds 4 January. */
function isoWeekOneMonday(year: number): string {
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const weekday = (jan4.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(formatDate(jan4), -weekday);
}

/** 53 when the year starts on a Thursday, or on a Wednesday in a leap year; 52 otherwise. */
export function isoWeeksInYear(year: number): number {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

/** The period a string names, or null when it names none (2023-13, 2023-Q5 and 2023-W53 are refused). */
export function parsePeriod(value: unknown): ReportPeriod | null {
  if (typeof value !== 'string') return null;
  let m = MONTH.exec(value);
  if (m) {
    const [year, month] = [+m[1], +m[2]];
    if (!yearInRange(year) || month < 1 || month > 12) return null;
    return { kind: 'month', start: monthStart(year, month), end: monthEnd(year, month) };
  }
  m = QUARTER.exec(value);
  if (m) {
    const [year, quarter] = [+m[1], +m[2]];
    if (!yearInRange(year)) return null;
    return { kind: 'quarter', start: monthStart(year, quarter * 3 - 2), end: monthEnd(year, quarter * 3) };
  }
  m = WEEK.exec(value);
  if (m) {
    const [year, week] = [+m[1], +m[2]];
    if (!yearInRange(year) || week < 1 || week > isoWeeksInYear(year)) return null;
    const start = addDays(isoWeekOneMonday(year), (week - 1) * 7);
    return { kind: 'week', start, end: addDays(start, 6) };
  }
  return null;
}

export function IsReportPeriod(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isReportPeriod',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a month (YYYY-MM), a quarter (YYYY-Qn) or an ISO week (YYYY-Www)`,
        ...options,
      },
      validator: { validate: (v: unknown) => parsePeriod(v) !== null },
    });
}
