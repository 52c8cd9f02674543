// When a dispatch round reminds and reports its late units, on the working-day calendar: reminders go out
// `daysBefore` working days and one working day before the due date, and on it; the late units are listed on the
// first working day after it. A monthly round is due by a day of the month, moved back to a working day.
import { addDays } from '../common/dates';

/** The part of the working-day calendar these rules use (WorkingDaysService). */
export interface WorkingDayCalendar {
  isWorkingDay(date: string): boolean;
  addWorkingDays(date: string, n: number): string;
  onOrBeforeWorkingDay(date: string): string;
}

/** The n-th working day before `date` (date itself not counted). */
export function workingDaysBefore(calendar: WorkingDayCalendar, date: string, n: number): string {
  let d = date;
  for (let left = n; left > 0; left--) d = calendar.onOrBeforeWorkingDay(addDays(d, -1));
  return d;
}

export interface RoundCalendar {
  /** The working days a reminder goes out on, earliest first, without repeats. */
  reminderDays: string[];
  /** The first working day after the due date: the late units are listed then. */
  lateNoticeDay: string;
}

export function roundCalendar(calendar: WorkingDayCalendar, dueDate: string, daysBefore: number): RoundCalendar {
  // A due date on a day off is reminded on the working day before it.
  const dueWorkingDay = calendar.onOrBeforeWorkingDay(dueDate);
  const days = new Set<string>([
    ...(daysBefore > 0 ? [workingDaysBefore(calendar, dueDate, daysBefore)] : []),
    workingDaysBefore(calendar, dueDate, 1),
    dueWorkingDay,
  ]);
  return {
    reminderDays: [...days].sort(),
    lateNoticeDay: calendar.addWorkingDays(dueDate, 1),
  };
}

/** The due date of a monthly round: `dueDay` of the period's month (the month's last day at most), moved back to a working day. */
export function monthlyDueDate(calendar: WorkingDayCalendar, month: string, dueDay: number): string {
  const [y, m] = month.split('-').map(Number);
  const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const day = Math.min(Math.max(1, dueDay), lastDay);
  return calendar.onOrBeforeWorkingDay(`${month}-${String(day).padStart(2, '0')}`);
}
