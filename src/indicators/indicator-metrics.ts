// What is derived from an indicator's terms and its values, never stored: the latest value, achievement %,
// the pro-rata expectation (序时进度) today and at the latest value's date, and a linear on-track projection.
import { addDays, daysBetween } from '../common/dates';
import type { Direction } from './indicator.entity';

export interface IndicatorTerms {
  baseline: number;
  baselineDate: string;
  target: number;
  targetDate: string;
  direction: Direction;
}

export interface ObservedValue {
  value: number;
  observedOn: string;
}

export type IndicatorStatus = 'ahead' | 'on_track' | 'behind' | 'no_data';

export interface IndicatorMetrics {
  /** The value observed last on or before today; null when there is none. */
  latestValue: number | null;
  latestOn: string | null;
  /** Progress from baseline towards target, in percent: 100 means the target is reached; may exceed 100. */
  achievementPercent: number | null;
  /** Share of the time from baseline date to target date elapsed today, 0–100. */
  proRataToday: number;
  /** Share of that time elapsed at the latest value's date: what the achievement is measured against. */
  proRataAtLatest: number | null;
  /** Achievement minus the pro-rata expectation at the latest value's date, in percentage points. */
  gap: number | null;
  /** The value expected at the target date, continuing the line from the baseline through the latest value. */
  projectedValue: number | null;
  /** Whether the projection reaches the target; null when there is no line to extend. */
  onTrack: boolean | null;
  /** Whether the latest value already meets the target. */
  targetReached: boolean | null;
  status: IndicatorStatus;
}

function round1(x: number): number {
  const r = Math.round(x * 10) / 10;
  return r === 0 ? 0 : r;
}

function round2(x: number): number {
  const r = Math.round(x * 100) / 100;
  return r === 0 ? 0 : r;
}

/** Whether `value` is at or beyond `target` in the indicator's direction. */
export function meetsTarget(terms: Pick<IndicatorTerms, 'target' | 'direction'>, value: number): boolean {
  return terms.direction === 'decrease' ? value <= terms.target : value >= terms.target;
}

/**
 * The first day of an indicator's period. A baseline dated the first of a month is the state at the start of that
 * day ("from 1 January"): the period begins on it. Any other baseline date is the day the baseline was observed,
 * at its end ("at the end of 2022", 31 December): the period begins the next day. So a 2023 target measured from
 * 2023-01-01 or from 2022-12-31 runs over the same 365 days.
 */
export function periodStartOf(baselineDate: string): string {
  return baselineDate.endsWith('-01') ? baselineDate : addDays(baselineDate, 1);
}

/**
 * Share of the indicator's period elapsed by the end of `date`, in percent to one decimal, clamped to 0–100: whole
 * days from the period's first day through `date`, over the days from it through the target date, both counted
 * inclusively (on 31 July 2023, 212 of 2023's 365 days: 58.1%). Every indicator, and every page and document that
 * shows an indicator's pro-rata (序时进度), counts it this way.
 */
export function proRataPercent(terms: Pick<IndicatorTerms, 'baselineDate' | 'targetDate'>, date: string): number {
  const start = periodStartOf(terms.baselineDate);
  const span = daysBetween(start, terms.targetDate) + 1;
  if (span <= 0) return date >= terms.targetDate ? 100 : 0;
  const elapsed = daysBetween(start, date) + 1;
  return round1(Math.min(1, Math.max(0, elapsed / span)) * 100);
}

/** What the two pro-rata figures are called wherever both appear. */
export const PRO_RATA_LABELS = {
  today: { zh: '序时进度（截至今日）', en: 'Pro-rata today' },
  atLatest: { zh: '序时进度（截至最新数据日）', en: 'Pro-rata at the latest value' },
} as const;

/**
 * Progress from baseline towards target in percent, unrounded. The same formula serves a decreasing indicator,
 * whose target lies below its baseline. When target equals baseline there is no distance to cover: the target
 * is either held (100) or not (0).
 */
export function achievementRatio(terms: IndicatorTerms, value: number): number {
  const distance = terms.target - terms.baseline;
  if (distance === 0) return meetsTarget(terms, value) ? 100 : 0;
  return ((value - terms.baseline) / distance) * 100;
}

/**
 * The latest of the values observed on or before `today` (later entries win a tie on the same date, so pass
 * them in the order they were entered).
 */
export function latestObserved<V extends ObservedValue>(values: readonly V[], today: string): V | null {
  let latest: V | null = null;
  for (const v of values) {
    if (v.observedOn > today) continue;
    if (!latest || v.observedOn >= latest.observedOn) latest = v;
  }
  return latest;
}

/**
 * The metrics of an indicator as of `today` from its values (voided ones left out by the caller; values
 * observed after `today` are ignored). `marginPercent` is the tolerance, in percentage points, within which an
 * indicator counts as on track rather than ahead or behind its pro-rata expectation.
 */
export function indicatorMetrics(
  terms: IndicatorTerms,
  values: readonly ObservedValue[],
  today: string,
  marginPercent = 0,
): IndicatorMetrics {
  const proRataToday = proRataPercent(terms, today);
  const latest = latestObserved(values, today);
  if (!latest) {
    return {
      latestValue: null,
      latestOn: null,
      achievementPercent: null,
      proRataToday,
      proRataAtLatest: null,
      gap: null,
      projectedValue: null,
      onTrack: null,
      targetReached: null,
      status: 'no_data',
    };
  }

  const achievement = achievementRatio(terms, latest.value);
  const proRataAtLatest = proRataPercent(terms, latest.observedOn);
  const gap = round1(achievement) - proRataAtLatest;
  const targetReached = meetsTarget(terms, latest.value);

  // The line from (baselineDate, baseline) through (latestOn, latest), read at the target date. A value
  // observed on or after the target date is the outcome itself; one observed on or before the baseline date
  // gives no elapsed time to extend.
  const start = periodStartOf(terms.baselineDate);
  const span = daysBetween(start, terms.targetDate) + 1;
  const elapsed = daysBetween(start, latest.observedOn) + 1;
  let projected: number | null;
  if (latest.observedOn >= terms.targetDate) projected = latest.value;
  else if (elapsed <= 0 || span <= 0) projected = null;
  else projected = terms.baseline + ((latest.value - terms.baseline) * span) / elapsed;
  const onTrack = targetReached ? true : projected === null ? null : meetsTarget(terms, projected);

  let status: IndicatorStatus;
  if (today > terms.targetDate && !targetReached) status = 'behind';
  else if (gap > marginPercent) status = 'ahead';
  else if (gap < -marginPercent) status = 'behind';
  else status = 'on_track';

  return {
    latestValue: latest.value,
    latestOn: latest.observedOn,
    achievementPercent: round1(achievement),
    proRataToday,
    proRataAtLatest,
    gap: round1(gap),
    projectedValue: projected === null ? null : round2(projected),
    onTrack,
    targetReached,
    status,
  };
}
