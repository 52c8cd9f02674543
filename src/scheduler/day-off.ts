// Days off move slots by rule. A slot of a working-days-only job that falls on a weekend or holiday is run on the
// next working day, the previous one, or not at all (`onDayOff`), at the same time of day. A slot moves only
// within the days between its neighbouring slots, so it never lands on a day that has a slot of its own (a daily
// job's slot on a holiday is skipped whatever the rule) nor passes another slot; when the preferred direction has
// no working day there, it tries the other, and is skipped when neither has one. Pure functions over CronTime.
import type { CronTime } from 'cron';
import { dateInZone, zonedTime } from '../common/clock.service';
import { addDays } from '../common/dates';
import { nextSlot, previousSlot } from './slots';

export type DayOffRule = 'next' | 'previous' | 'skip';
export const DAY_OFF_RULES: readonly DayOffRule[] = ['next', 'previous', 'skip'];

/** How many days off in a row a move looks past (the longest holidays are about ten days). */
export const MAX_DAYS_OFF = 60;
const DAY_MS = 86_400_000;

export interface DayOffCalendar {
  timeZone: string;
  isWorkingDay(date: string): boolean;
  /** moveSlot, remembered by the caller (optional). */
  move?(slot: Date): Date | null;
  /** The slots in (from, to], in order, remembered by the caller (optional). */
  slotsIn?(from: Date, to: Date): Date[];
}

/** The slots of a cron expression in (from, to], in order, at most `limit`. */
export function slotsIn(cron: CronTime, from: Date, to: Date, limit = 5000): Date[] {
  const out: Date[] = [];
  for (let slot = nextSlot(cron, from); out.length < limit && slot <= to; slot = nextSlot(cron, slot)) out.push(slot);
  return out;
}

/** Where one slot runs: `at` is the slot itself, the moved instant, or null when the slot is skipped. */
export interface PlannedSlot {
  slot: Date;
  at: Date | null;
}

/** The instant a slot runs at under the rule, or null when it is skipped (see the top of this file). */
export function moveSlot(cron: CronTime, slot: Date, rule: DayOffRule, calendar: DayOffCalendar): Date | null {
  const tz = calendar.timeZone;
  const day = dateInZone(slot, tz);
  if (calendar.isWorkingDay(day)) return slot;
  if (rule === 'skip') return null;
  const timeOfDay = slot.getTime() - zonedTime(day, '00:00', tz).getTime();
  const before = previousSlot(cron, slot);
  const bounds = {
    next: dateInZone(nextSlot(cron, slot), tz),
    previous: before ? dateInZone(before, tz) : addDays(day, -MAX_DAYS_OFF - 1),
  };
  for (const direction of rule === 'next' ? (['next', 'previous'] as const) : (['previous', 'next'] as const)) {
    const step = direction === 'next' ? 1 : -1;
    for (let i = 1, d = addDays(day, step); i <= MAX_DAYS_OFF; i++, d = addDays(d, step)) {
      if (direction === 'next' ? d >= bounds.next : d <= bounds.previous) break;
      if (calendar.isWorkingDay(d)) return new Date(zonedTime(d, '00:00', tz).getTime() + timeOfDay);
    }
  }
  return null;
}

/**
 * The slots that run (or are skipped) in (from, to], by the instant they run at — a skipped slot at its own
 * instant — in order. Slots up to MAX_DAYS_OFF days outside the span are looked at, as a move may bring them in.
 * At most `limit` slots are looked at.
 */
export function plannedSlots(
  cron: CronTime,
  from: Date,
  to: Date,
  rule: DayOffRule,
  calendar: DayOffCalendar,
  limit = 5000,
): PlannedSlot[] {
  const reach = rule === 'skip' ? 0 : (MAX_DAYS_OFF + 1) * DAY_MS;
  const out: PlannedSlot[] = [];
  const span = [new Date(from.getTime() - reach), new Date(to.getTime() + reach)] as const;
  for (const slot of calendar.slotsIn ? calendar.slotsIn(...span) : slotsIn(cron, ...span, limit)) {
    const at = calendar.move ? calendar.move(slot) : moveSlot(cron, slot, rule, calendar);
    const when = at ?? slot;
    if (when > from && when <= to) out.push({ slot, at });
  }
  return out.sort((a, b) => (a.at ?? a.slot).getTime() - (b.at ?? b.slot).getTime());
}
