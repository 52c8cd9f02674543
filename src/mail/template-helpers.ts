// The Handlebars helpers every mail template may use. They read the locale from @root.locale and whether they
// write HTML or plain text from @format (set by the renderer), so one helper serves the HTML and the text part.
import { periodWords } from '../documents/chinese';
import type Handlebars from 'handlebars';
import type { HelperOptions } from 'handlebars';
import { dateInZone } from '../common/clock.service';

export type MailLocale = 'zh-CN' | 'en';
export const MAIL_LOCALES: readonly MailLocale[] = ['zh-CN', 'en'];

type Format = 'html' | 'text';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The three colour grades (三色督办): label in each locale, background and text colour of the HTML label. */
const GRADES: Record<string, { zh: string; en: string; background: string; colour: string }> = {
  red: { zh: '红', en: 'Red', background: '#d93025', colour: '#ffffff' },
  yellow: { zh: '黄', en: 'Yellow', background: '#f9c513', colour: '#3d2e00' },
  blue: { zh: '蓝', en: 'Blue', background: '#1a73e8', colour: '#ffffff' },
};

function localeOf(options: HelperOptions | undefined): MailLocale {
  return options?.data?.root?.locale === 'en' ? 'en' : 'zh-CN';
}

function formatOf(options: HelperOptions | undefined): Format {
  return options?.data?.format === 'text' ? 'text' : 'html';
}

function toNumber(value: unknown): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** 58 → "58.0%"; no value → "—". */
export function formatPercent(value: unknown): string {
  const n = toNumber(value);
  return n === null ? '—' : `${n.toFixed(1)}%`;
}

/** Calendar dates as written, per locale: a digest run writes the same few hundred dates tens of thousands of times. */
const writtenDates = new Map<string, string>();
const WRITTEN_DATES_BOUND = 4096;

/** A calendar date (YYYY-MM-DD, or an instant read in the task force's time zone) as people write it. */
export function formatMailDate(value: unknown, locale: MailLocale, timeZone: string): string {
  if (value === null || value === undefined || value === '') return '';
  let date: string | null = null;
  if (value instanceof Date) date = Number.isNaN(value.getTime()) ? null : dateInZone(value, timeZone);
  else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) date = value.slice(0, 10);
  if (!date) return String(value);
  const key = locale === 'en' ? `e${date}` : date;
  const known = writtenDates.get(key);
  if (known !== undefined) return known;
  const [y, m, d] = date.split('-').map(Number);
  const written = locale === 'en' ? `${d} ${MONTHS_EN[m - 1]} ${y}` : `${y}年${m}月${d}日`;
  if (writtenDates.size >= WRITTEN_DATES_BOUND) writtenDates.clear();
  writtenDates.set(key, written);
  return written;
}

function progressBarHtml(value: number | null): string {
  const width = Math.round(Math.min(100, Math.max(0, value ?? 0)));
  const cell = 'height:8px;font-size:0;line-height:0;';
  const filled = width > 0 ? `<td style="width:${width}%;background:#1a73e8;${cell}">&nbsp;</td>` : '';
  const empty = width < 100 ? `<td style="background:#e3e8ef;${cell}">&nbsp;</td>` : '';
  return (
    '<td style="padding:4px 8px;white-space:nowrap;vertical-align:middle;">' +
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" ' +
    'style="display:inline-table;width:120px;border-collapse:collapse;vertical-align:middle;">' +
    `<tr>${filled}${empty}</tr></table>` +
    `<span style="display:inline-block;min-width:48px;padding-left:6px;font-size:13px;color:#1f2933;">` +
    `${formatPercent(value)}</span></td>`
  );
}

function progressBarText(value: number | null): string {
  const filled = Math.round(Math.min(100, Math.max(0, value ?? 0)) / 10);
  return `[${'#'.repeat(filled)}${'-'.repeat(10 - filled)}] ${formatPercent(value)}`;
}

export function registerMailHelpers(hbs: typeof Handlebars, timeZone: string): void {
  /** {{bar percent}}: a table cell with a progress bar and the percent (a text bar in the text part). */
  hbs.registerHelper('bar', (percent: unknown, options: HelperOptions) => {
    const value = toNumber(percent);
    return formatOf(options) === 'text' ? progressBarText(value) : new hbs.SafeString(progressBarHtml(value));
  });

  /** {{pct value}}: one decimal and a percent sign. */
  hbs.registerHelper('pct', (value: unknown) => formatPercent(value));

  /** {{date d}}: 2023年9月20日 or 20 Sep 2023. */
  hbs.registerHelper('date', (value: unknown, options: HelperOptions) =>
    formatMailDate(value, localeOf(options), timeZone),
  );

  /** {{colour c}}: the colour grade red/yellow/blue as a coloured label 红/黄/蓝 (Red/Yellow/Blue). */
  /** {{period p}}: 2023-09 → 2023年9月, 2023-Q3 → 2023年第三季度, 2023-W38 → 2023年第38周; English keeps the code. */
  hbs.registerHelper('period', (value: unknown, options: HelperOptions) => {
    if (typeof value !== 'string') return '';
    return localeOf(options) === 'en' ? value : periodWords(value, 'zh-CN');
  });

  hbs.registerHelper('colour', (grade: unknown, options: HelperOptions) => {
    const g = typeof grade === 'string' ? GRADES[grade] : undefined;
    if (!g) return grade === null || grade === undefined ? '' : String(grade);
    const label = localeOf(options) === 'en' ? g.en : g.zh;
    if (formatOf(options) === 'text') return label;
    return new hbs.SafeString(
      `<span style="display:inline-block;padding:1px 8px;border-radius:3px;background:${g.background};` +
        `color:${g.colour};font-weight:bold;font-size:12px;line-height:18px;">${label}</span>`,
    );
  });

  /** {{t "中文" "English"}}: the text for the message's locale. */
  hbs.registerHelper('t', (zh: unknown, en: unknown, options: HelperOptions) => (localeOf(options) === 'en' ? en : zh));
}
