// Working-hour arithmetic for acknowledgements (签收): a unit has so many office hours (9:00–17:00 in the task
// force's time zone, on the calendar's working days) to acknowledge what reached it. Pure, so it is tested
// without a database.
import { addDays } from '../common/dates';
import { dateInZone, timeOfDayInZone, zonedTime } from '../common/clock.service';

export const OFFICE_OPENS_MINUTE = 9 * 60;
export const OFFICE_CLOSES_MINUTE = 17 * 60;

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * The instant `hours` office hours after `from`: time outside 9:00–17:00 and days off do not count, so a request
 * made on Friday at 16:00 with 8 hours is due on the next working day at 16:00 (one hour on Friday, seven after).
 */
export function addWorkingHours(
  from: Date,
  hours: number,
  isWorkingDay: (date: string) => boolean,
  timeZone: string,
): Date {
  let date = dateInZone(from, timeZone);
  const [h, m] = timeOfDayInZone(from, timeZone).split(':').map(Number);
  // seconds are dropped: due times are whole minutes
  let minute = h * 60 + m;
  let left = Math.round(hours * 60);
  const nextWorkingDay = (d: string) => {
    let next = addDays(d, 1);
    // the calendar covers known years; a run of more than a year of days off means a broken calendar
    for (let i = 0; i < 400 && !isWorkingDay(next); i++) next = addDays(next, 1);
    return next;
  };
  if (!isWorkingDay(date) || minute >= OFFICE_CLOSES_MINUTE) {
    date = nextWorkingDay(date);
    minute = OFFICE_OPENS_MINUTE;
  } else if (minute < OFFICE_OPENS_MINUTE) {
    minute = OFFICE_OPENS_MINUTE;
  }
  for (;;) {
    const available = OFFICE_CLOSES_MINUTE - minute;
    if (left <= available) return zonedTime(date, hhmm(minute + left), timeZone);
    left -= available;
    date = nextWorkingDay(date);
    minute = OFFICE_OPENS_MINUTE;
  }
}
