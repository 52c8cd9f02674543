// What the service says about years the working-day calendar has no data for: without a year's statutory holidays
// and adjusted working days, every weekday of it counts as a working day, so deadlines, overdue flags and scheduled
// slots in it can be wrong. The warning (start-up log, schedule, dashboard) says how to add the year; documents
// carry a short note line. Which years have data is decided by WorkingDaysService.missingYears alone.

/** A year without data, as the API names it. */
export interface CalendarGap {
  year: number;
  message: string;
  messageEn: string;
}

/** The file CALENDAR_EXTRA_FILE points at, for the given year (README, "The working-day calendar"). */
export function extraFileExample(year: number): string {
  return `{"years":[${year}],"holidays":["${year}-01-01"],"workdays":[]}`;
}

/** The warning about one year: what is wrong and how to add the year. */
export function calendarGap(year: number): CalendarGap {
  const example = extraFileExample(year);
  return {
    year,
    message:
      `${year}年的工作日历（法定节假日和调休安排）未加载，该年工作日暂按周一至周五计算，` +
      `完成时限、逾期、临期和定时任务的日期可能有误。请将该年的放假和调休日期写入 JSON 文件` +
      `（格式如 ${example}，holidays 为放假的工作日，workdays 为调休上班的周末），` +
      `用环境变量 CALENDAR_EXTRA_FILE（或配置项 calendar.extraFile）指向该文件后重启服务。`,
    messageEn:
      `No working-day calendar (statutory holidays and adjusted working days) is loaded for ${year}: its working ` +
      `days are counted Monday to Friday, so deadlines, overdue flags, due-soon lists and scheduled runs in it may ` +
      `be wrong. Write the year's holidays and adjusted working days to a JSON file (such as ${example}; holidays ` +
      `are weekdays off, workdays are weekend days worked), point CALENDAR_EXTRA_FILE (or calendar.extraFile) at ` +
      `it and restart the service.`,
  };
}

/** 2027, 2027、2028 or 2027—2030 (2027 and 2028, 2027–2030 in English): consecutive years as one range. */
export function yearsLabel(years: number[], locale: 'zh-CN' | 'en'): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const y of sorted) {
    const last = runs[runs.length - 1];
    if (last && last[1] === y - 1) last[1] = y;
    else runs.push([y, y]);
  }
  const parts = runs.map(([a, b]) =>
    a === b
      ? String(a)
      : b === a + 1
        ? `${a}${locale === 'en' ? ' and ' : '、'}${b}`
        : `${a}${locale === 'en' ? '–' : '—'}${b}`,
  );
  if (locale !== 'en') return parts.join('、');
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0];
}

/** The note line of a document whose dates fall in years without data; null when there are none. */
export function calendarNote(years: readonly number[] | null | undefined, locale: 'zh-CN' | 'en'): string | null {
  if (!years?.length) return null;
  const label = yearsLabel([...years], locale);
  return locale === 'en'
    ? `Note: the working-day calendar for ${label} is not loaded, so working days in it are counted Monday to Friday.`
    : `注：${label}年工作日历（法定节假日和调休安排）未加载，该年工作日按周一至周五计算。`;
}

/** The start-up log line, in both languages as the log writes them elsewhere. */
export function calendarStartupWarning(years: readonly number[]): string {
  const zh = yearsLabel([...years], 'zh-CN');
  const en = yearsLabel([...years], 'en');
  const example = extraFileExample(years[0]);
  return (
    `工作日历缺少${zh}年的数据，工作日暂按周一至周五计算；请将该年的放假和调休日期写入 JSON 文件（如 ${example}），` +
    `用 CALENDAR_EXTRA_FILE 指向它后重启 / no working-day calendar is loaded for ${en}: working days are counted ` +
    `Monday to Friday (deadlines, overdue flags and scheduled runs may be wrong); write the year's holidays and ` +
    `adjusted working days to a JSON file such as ${example}, point CALENDAR_EXTRA_FILE at it and restart (README, ` +
    `"Working-day calendar")`
  );
}
