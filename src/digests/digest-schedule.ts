// When a digest is due. The 'digest' job runs often (hourly by default); each unit has its own cron expression
// (or the default one), and a run sends a unit its digest when the unit's cron fell due within the run's window.
import type { CronTime } from 'cron';
import { latestSlot, previousSlot } from '../scheduler/slots';

/** A window never reaches back further than this, so a long outage sends at most one day's digests late. */
export const MAX_WINDOW_MS = 24 * 3_600_000;

/**
 * The window a scheduled run covers: (start, slot]. Normally start is the job's previous slot. When the last
 * recorded run of the job is older than that (the service was down, or the machine slept, and only the latest slot
 * was run), the window reaches back to it — at most a day — so a unit's slot in the gap is not lost.
 */
export function digestWindow(jobCron: CronTime, slot: Date, lastRun: Date | null): { start: Date; end: Date } {
  const previous = previousSlot(jobCron, slot) ?? new Date(slot.getTime() - 3_600_000);
  let start = previous;
  if (lastRun && lastRun < previous) start = lastRun;
  const floor = new Date(slot.getTime() - MAX_WINDOW_MS);
  if (start < floor) start = floor;
  return { start, end: slot };
}

/** The latest instant of `cron` in (start, end], or null when it has none there. */
export function fireInWindow(cron: CronTime, window: { start: Date; end: Date }): Date | null {
  const latest = latestSlot(cron, window.end);
  return latest && latest > window.start ? latest : null;
}
