// When a chat or SMS copy may go: not in quiet hours (e.g. 22:00–07:00 in the task force's time zone) and, when
// configured, not on a day off; a copy written then waits for the end of the quiet hours of the next working day.
import { dateTimeInZone, zonedTime } from '../common/clock.service';

export interface QuietRules {
  quietHours: { start: string; end: string } | null;
  holdOnNonWorkingDays: boolean;
  timeZone: string;
  isWorkingDay: (date: string) => boolean;
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Whether HH:MM lies in the quiet window [start, end), which may run over midnight. */
export function inQuietHours(time: string, quiet: { start: string; end: string }): boolean {
  if (quiet.start === quiet.end) return false;
  return quiet.start < quiet.end ? time >= quiet.start && time < quiet.end : time >= quiet.start || time < quiet.end;
}

/** The first instant from `now` on when a copy may go; null when it may go now. */
export function notBeforeFor(now: Date, rules: QuietRules): Date | null {
  const [date, clock] = dateTimeInZone(now, rules.timeZone).split(' ');
  const time = clock.slice(0, 5);
  const quiet = rules.quietHours;
  const dayOff = (d: string) => rules.holdOnNonWorkingDays && !rules.isWorkingDay(d);
  const quietNow = quiet !== null && inQuietHours(time, quiet);
  if (!quietNow && !dayOff(date)) return null;
  // the day the copy may go: today when the quiet hours end later today, else a later day
  const opening = quiet && quiet.start !== quiet.end ? quiet.end : '00:00';
  let day = quietNow && quiet && time < quiet.end ? date : nextDate(date);
  if (!quietNow && dayOff(date)) day = nextDate(date);
  for (let i = 0; i < 60 && dayOff(day); i++) day = nextDate(day);
  return zonedTime(day, opening, rules.timeZone);
}
