// Mainland China's working-day calendar: statutory holidays and adjusted working days from the chinese-days
// package, plus an optional file of extra years (the State Council publishes each year's schedule late in the year
// before; until a package release carries it, the file makes the data updatable). A year with no data is unknown:
// weekends are then the only days off, and `isKnownYear` says so.
import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { dateInZone } from '../common/clock.service';
import { addDays, parseDate } from '../common/dates';
import { CALENDAR_FIRST_DAY, CALENDAR_LAST_DAY } from './calendar-sql';

const CALENDAR_FIRST_YEAR = Number(CALENDAR_FIRST_DAY.slice(0, 4));
const CALENDAR_LAST_YEAR = Number(CALENDAR_LAST_DAY.slice(0, 4));

const extraSchema = z.object({
  years: z.array(z.number().int()),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
  workdays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default([]),
});

@Injectable()
export class WorkingDaysService {
  private readonly logger = new Logger(WorkingDaysService.name);
  private readonly holidays = new Set<string>();
  private readonly workdays = new Set<string>();
  private readonly knownYears = new Set<number>();
  /** An instant's year is its year in the task force's time zone. */
  private readonly timeZone: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.timeZone = config.clock.timeZone;
    const pkgData = require.resolve('chinese-days/dist/chinese-days.json');
    const data = JSON.parse(readFileSync(pkgData, 'utf8')) as {
      holidays: Record<string, string>;
      workdays: Record<string, string>;
    };
    for (const d of Object.keys(data.holidays)) this.holidays.add(d);
    for (const d of Object.keys(data.workdays)) this.workdays.add(d);
    for (const f of readdirSync(join(dirname(pkgData), 'years'))) {
      const m = /^(\d{4})\.json$/.exec(f);
      if (m) this.knownYears.add(Number(m[1]));
    }
    if (config.calendar.extraFile) this.loadExtra(resolve(config.calendar.extraFile));
  }

  private loadExtra(path: string): void {
    const parsed = extraSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) throw new Error(`calendar.extraFile ${path}: ${parsed.error.issues[0].message}`);
    for (const y of parsed.data.years) this.knownYears.add(y);
    for (const d of parsed.data.holidays) {
      this.holidays.add(d);
      this.workdays.delete(d);
    }
    for (const d of parsed.data.workdays) {
      this.workdays.add(d);
      this.holidays.delete(d);
    }
    this.logger.log(`calendar: extra data for ${parsed.data.years.join(', ')} from ${path}`);
  }

  isKnownYear(year: number): boolean {
    return this.knownYears.has(year);
  }

  /**
   * The years without data from the earliest to the latest of the given dates (YYYY-MM-DD, instants or years;
   * empty ones ignored), in order: every year in between counts, since a count of working days crosses it. The one
   * answer to "which years lack a calendar" for the warnings and the documents' notes (calendar-gaps.ts).
   */
  missingYears(dates: Iterable<string | Date | number | null | undefined>): number[] {
    let first = Infinity;
    let last = -Infinity;
    for (const d of dates) {
      if (d === null || d === undefined || d === '') continue;
      const year =
        typeof d === 'number' ? d : Number((d instanceof Date ? dateInZone(d, this.timeZone) : d).slice(0, 4));
      if (!Number.isInteger(year)) continue;
      first = Math.min(first, year);
      last = Math.max(last, year);
    }
    const out: number[] = [];
    // the calendar table's span (calendar-sql.ts): no date outside it is accepted
    for (let y = Math.max(first, CALENDAR_FIRST_YEAR); y <= Math.min(last, CALENDAR_LAST_YEAR); y++) {
      if (!this.knownYears.has(y)) out.push(y);
    }
    return out;
  }

  years(): number[] {
    return [...this.knownYears].sort((a, b) => a - b);
  }

  /** The days the data moves off the weekday rule (weekdays off, weekend days worked), in date order. */
  exceptions(): { date: string; working: boolean }[] {
    const out: { date: string; working: boolean }[] = [];
    for (const date of new Set([...this.holidays, ...this.workdays])) {
      const dow = parseDate(date).getUTCDay();
      const working = this.isWorkingDay(date);
      if (working !== (dow !== 0 && dow !== 6)) out.push({ date, working });
    }
    return out.sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  isWorkingDay(date: string): boolean {
    if (this.workdays.has(date)) return true;
    if (this.holidays.has(date)) return false;
    const dow = parseDate(date).getUTCDay();
    return dow !== 0 && dow !== 6;
  }

  /** The n-th working day after `date` (date itself not counted); n = 0 gives `date` moved forward to a working day. */
  addWorkingDays(date: string, n: number): string {
    let d = date;
    if (n === 0) {
      while (!this.isWorkingDay(d)) d = addDays(d, 1);
      return d;
    }
    let left = n;
    while (left > 0) {
      d = addDays(d, 1);
      if (this.isWorkingDay(d)) left--;
    }
    return d;
  }

  /** Working days in (from, to]; negative when to is before from. */
  workingDaysBetween(from: string, to: string): number {
    return this.ordinal(to) - this.ordinal(from);
  }

  // Working days counted from 1 January 2000, by year, so a span costs two look-ups instead of a walk.
  private readonly yearStart = new Map<number, number>([[2000, 0]]);
  private readonly yearDays = new Map<number, Int32Array>();

  /** Working days from 2000-01-01 up to and including `date` (negative before 2000). */
  private ordinal(date: string): number {
    const year = Number(date.slice(0, 4));
    const dayOfYear = Math.round((parseDate(date).getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
    return this.startOfYear(year) + this.cumulative(year)[dayOfYear];
  }

  /** For each day of a year, the working days from its 1 January up to and including that day. */
  private cumulative(year: number): Int32Array {
    let days = this.yearDays.get(year);
    if (!days) {
      const length = Math.round((Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000);
      days = new Int32Array(length);
      let count = 0;
      for (let i = 0, d = `${year}-01-01`; i < length; i++, d = addDays(d, 1)) {
        if (this.isWorkingDay(d)) count++;
        days[i] = count;
      }
      this.yearDays.set(year, days);
    }
    return days;
  }

  private startOfYear(year: number): number {
    const known = this.yearStart.get(year);
    if (known !== undefined) return known;
    // Walk from the nearest year already known; each year is computed once.
    let y = year;
    while (!this.yearStart.has(y)) y += year > 2000 ? -1 : 1;
    let start = this.yearStart.get(y) as number;
    while (y !== year) {
      if (year > y) {
        const days = this.cumulative(y);
        start += days[days.length - 1];
        y++;
      } else {
        y--;
        const days = this.cumulative(y);
        start -= days[days.length - 1];
      }
      this.yearStart.set(y, start);
    }
    return start;
  }

  /** The date itself if it is a working day, else the last working day before it. */
  onOrBeforeWorkingDay(date: string): string {
    let d = date;
    while (!this.isWorkingDay(d)) d = addDays(d, -1);
    return d;
  }
}
