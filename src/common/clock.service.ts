// The one source of "now" and "today": domain code never calls new Date() for the current time, so tests fix
// the date and every derived figure (overdue, colour grade, pro-rata) is reproducible.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';

@Injectable()
export class ClockService {
  private offsetMs = 0;
  readonly timeZone: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.timeZone = config.clock.timeZone;
    // A configured "today" starts at 09:00 in the task force's time zone, so runs on it are reproducible.
    if (config.clock.today) this.setToday(config.clock.today);
  }

  private todayCache: { minute: number; date: string } | null = null;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today's date in the task force's time zone, as YYYY-MM-DD. */
  today(): string {
    // Within one minute the date cannot change (time zones are offset by whole minutes): format it once a minute.
    const minute = Math.floor((Date.now() + this.offsetMs) / 60_000);
    if (this.todayCache?.minute !== minute) this.todayCache = { minute, date: dateInZone(this.now(), this.timeZone) };
    return this.todayCache.date;
  }

  /** Moves the clock so that now is the given instant; time keeps running from there. */
  setNow(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }

  /** Moves the clock to 09:00 of the given date in the task force's time zone. */
  setToday(date: string): void {
    this.setNow(zonedTime(date, '09:00', this.timeZone));
  }
}

// Intl formatters are costly to build (a plan load converts hundreds of thousands of times): one per zone, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
const timeFormats = new Map<string, Intl.DateTimeFormat>();
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function cached(
  cache: Map<string, Intl.DateTimeFormat>,
  timeZone: string,
  make: () => Intl.DateTimeFormat,
): Intl.DateTimeFormat {
  let format = cache.get(timeZone);
  if (!format) {
    format = make();
    cache.set(timeZone, format);
  }
  return format;
}

export function dateInZone(instant: Date, timeZone: string): string {
  const parts = cached(
    dateFormats,
    timeZone,
    () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }),
  ).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** The date and wall-clock time of an instant in a time zone, as `2023-09-20 09:15:00`. */
export function dateTimeInZone(instant: Date, timeZone: string): string {
  const parts = cached(
    dateTimeFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
  ).formatToParts(instant);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}:${get('second')}`;
}

/** The wall-clock time of an instant in a time zone, as HH:MM:SS.mmm. */
export function timeOfDayInZone(instant: Date, timeZone: string): string {
  const hms = cached(
    timeFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone,
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
  ).format(instant);
  return `${hms}.${String(instant.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** The zone's offset from UTC at an instant, in milliseconds (its wall clock read as UTC, minus the instant). */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = cached(
    wallClockFormats,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        hourCycle: 'h23',
      }),
  ).formatToParts(instant);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - (instant.getTime() - instant.getUTCMilliseconds());
}

/** The instant of a wall-clock time (HH:MM, HH:MM:SS or HH:MM:SS.mmm) on a date in a time zone. */
export function zonedTime(date: string, time: string, timeZone: string): Date {
  const full = time.length === 5 ? `${time}:00` : time;
  const guess = new Date(`${date}T${full}Z`);
  return new Date(guess.getTime() - zoneOffsetMs(guess, timeZone));
}
