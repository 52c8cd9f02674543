// The period a bulletin covers: a month (2023-09), a quarter (2023-Q3) or an ISO week (2023-W38), with its first and
// last day, and how it reads in Chinese and English.
import { addDays, parseDate } from '../common/dates';
import { parsePeriod, type ReportPeriod } from '../reports/report-period';
import type { Locale } from '../units/recipients.service';

export { parsePeriod as parseBulletinPeriod };
export type BulletinPeriod = ReportPeriod;

/** The ISO week a date falls in, e.g. 2023-09-20 → 2023-W38. */
export function isoWeekOf(date: string): string {
  const d = parseDate(date);
  const weekday = (d.getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The Thursday of the date's week decides the ISO year.
  const thursday = parseDate(addDays(date, 3 - weekday));
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / (7 * 86_400_000)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A date as it is written in a letter: 2023年9月20日, or 20 September 2023. */
export function longDate(date: string, locale: Locale): string {
  const [y, m, d] = date.split('-').map(Number);
  return locale === 'en' ? `${d} ${MONTHS_EN[m - 1]} ${y}` : `${y}年${m}月${d}日`;
}

function shortDate(date: string, locale: Locale): string {
  const [, m, d] = date.split('-').map(Number);
  return locale === 'en' ? `${d} ${MONTHS_EN[m - 1]}` : `${m}月${d}日`;
}

const QUARTERS_ZH = ['一', '二', '三', '四'];

/**
 * The period in words. A custom span (periodStart/periodEnd other than the period's own days) is written as the
 * span.
 */
export function periodLabel(period: string, start: string, end: string, locale: Locale): string {
  const parsed = parsePeriod(period);
  const span =
    locale === 'en'
      ? `${longDate(start, 'en')} – ${longDate(end, 'en')}`
      : `${longDate(start, 'zh-CN')}至${start.slice(0, 4) === end.slice(0, 4) ? shortDate(end, 'zh-CN') : longDate(end, 'zh-CN')}`;
  if (!parsed || parsed.start !== start || parsed.end !== end) return span;
  const year = Number(period.slice(0, 4));
  if (parsed.kind === 'month') {
    const month = Number(period.slice(5, 7));
    return locale === 'en' ? `${MONTHS_EN[month - 1]} ${year}` : `${year}年${month}月`;
  }
  if (parsed.kind === 'quarter') {
    const q = Number(period.slice(6));
    return locale === 'en' ? `Q${q} ${year}` : `${year}年第${QUARTERS_ZH[q - 1]}季度`;
  }
  const week = Number(period.slice(6));
  const sameMonth = start.slice(0, 7) === end.slice(0, 7);
  const endDay = Number(end.slice(8));
  return locale === 'en'
    ? `week ${week} of ${year} (${sameMonth ? `${Number(start.slice(8))}–${shortDate(end, 'en')}` : `${shortDate(start, 'en')} – ${shortDate(end, 'en')}`})`
    : `${year}年第${week}周（${shortDate(start, 'zh-CN')}至${sameMonth ? `${endDay}日` : shortDate(end, 'zh-CN')}）`;
}
