// Working-day arithmetic as SQL over the calendar_day table, for the features' queries: a date's working-day
// ordinal, and the first day after a number of working days. Dates are inlined as literals, so the fragments
// can go anywhere in a query; they come from the service's own validated dates, never from raw input.
import type { Dialect } from '../database/sql';

/** The span of the table: every date the API accepts (see isIsoDate). */
export const CALENDAR_FIRST_DAY = '1900-01-01';
export const CALENDAR_LAST_DAY = '2200-12-31';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** A date as an SQL literal of the dialect's date type. */
export function dateLiteral(dialect: Dialect, date: string): string {
  if (!ISO.test(date)) throw new Error(`not a date: ${date}`);
  return dialect === 'postgres' ? `DATE '${date}'` : `'${date}'`;
}

/** The working-day ordinal of the date an expression gives (null outside the table). */
export function ordinalOf(dateExpr: string): string {
  return `(SELECT cal."ordinal" FROM "calendar_day" cal WHERE cal."date" = ${dateExpr})`;
}

/**
 * The first day after `date` that lies more than `n` working days past it: a day D is within n working days
 * of `date` exactly when D is before this one.
 */
export function dayAfterWorkingDays(dialect: Dialect, date: string, n: number): string {
  if (!Number.isInteger(n)) throw new Error(`not a whole number of days: ${n}`);
  const d = dateLiteral(dialect, date);
  return (
    `(SELECT cal."date" FROM "calendar_day" cal WHERE cal."date" > ${d} ` +
    `AND cal."ordinal" > ${ordinalOf(d)} + ${n} ORDER BY cal."date" LIMIT 1)`
  );
}
