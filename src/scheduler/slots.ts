// Slots: the instants a cron expression is due, in the task force's time zone, computed from a given "now" (the
// injected clock), never from the system clock. Pure functions over cron's CronTime.
import { CronTime } from 'cron';
import { dateTimeInZone } from '../common/clock.service';

/** The longest look-back for the latest slot: cron itself searches at most 8 years ahead. */
const MAX_LOOKBACK_MS = 8 * 366 * 86_400_000;
const FIRST_WINDOW_MS = 60_000;

/** Parses a cron expression (5 fields, or 6 with seconds) for a time zone; throws with cron's reason. */
export function cronTime(expression: string, timeZone: string): CronTime {
  return new CronTime(expression, timeZone);
}

/** The first slot strictly after `after`. */
export function nextSlot(cron: CronTime, after: Date): Date {
  return cron.getNextDateFrom(after, cron.timeZone).toJSDate();
}

/** The next `count` slots after `after`, in order. */
export function nextSlots(cron: CronTime, after: Date, count: number): Date[] {
  const out: Date[] = [];
  let from = after;
  for (let i = 0; i < count; i++) {
    from = nextSlot(cron, from);
    out.push(from);
  }
  return out;
}

/**
 * The latest slot at or before `now`, or null if there is none in the last eight years. Cron only searches
 * forwards, so this widens a look-back window until a slot falls in it, then narrows by bisection to the last one:
 * a few dozen steps whatever the expression.
 */
export function latestSlot(cron: CronTime, now: Date): Date | null {
  const at = now.getTime();
  const dueBy = (from: number) => nextSlot(cron, new Date(from)).getTime() <= at;
  // Invariant: a slot follows `lo` by `now`; none follows `hi` by `now`.
  let hi = at;
  let lo = at - FIRST_WINDOW_MS;
  while (!dueBy(lo)) {
    if (at - lo > MAX_LOOKBACK_MS) return null;
    hi = lo;
    lo = at - 2 * (at - lo);
  }
  // Slots are whole seconds apart, so once the bracket is a second wide the slot after lo is the last one.
  for (let i = 0; i < 64 && hi - lo > 1000; i++) {
    const mid = Math.floor((lo + hi) / 2);
    if (dueBy(mid)) lo = mid;
    else hi = mid;
  }
  return nextSlot(cron, new Date(lo));
}

/** The latest slot strictly before `slot`, or null. */
export function previousSlot(cron: CronTime, slot: Date): Date | null {
  return latestSlot(cron, new Date(slot.getTime() - 1));
}

/** "2023-10-02 09:00" in the time zone, for people reading a listing. */
export function formatLocal(instant: Date, timeZone: string): string {
  return dateTimeInZone(instant, timeZone).slice(0, 16);
}
