// What the follow-up letters (urging, instruction, acknowledgement reminder) show of a task, in the unit's language.
import { STATUS_LABELS } from '../digests/change-lines';
import { dateInZone, timeOfDayInZone } from '../common/clock.service';

export type MailLocale = 'zh-CN' | 'en';

export function unitNameIn(unit: { name: string; nameEn: string | null }, locale: MailLocale): string {
  return locale === 'en' ? (unit.nameEn ?? unit.name) : unit.name;
}

export function statusIn(status: string, locale: MailLocale): string {
  const label = STATUS_LABELS[status];
  return label ? label[locale === 'en' ? 1 : 0] : status;
}

/** An instant as a reader of the letter says it: 2023年9月21日16:00, or 21 September 2023, 16:00. */
export function momentIn(instant: Date, locale: MailLocale, timeZone: string): string {
  const [y, m, d] = dateInZone(instant, timeZone).split('-').map(Number);
  const time = timeOfDayInZone(instant, timeZone).slice(0, 5);
  if (locale === 'en') {
    const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
    return `${d} ${month} ${y}, ${time}`;
  }
  return `${y}年${m}月${d}日${time}`;
}
