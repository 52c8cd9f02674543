import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
import { calendarGap, calendarNote, calendarStartupWarning, yearsLabel } from './calendar-gaps';
import { WorkingDaysService } from './working-days.service';

describe('working-day calendar', () => {
  const cal = new WorkingDaysService(loadConfig({}));

  it('knows the 2023 National Day break and its adjusted working week-end', () => {
    expect(cal.isWorkingDay('2023-09-28')).toBe(true);
    for (const d of ['2023-09-29', '2023-10-02', '2023-10-06']) expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.isWorkingDay('2023-10-07')).toBe(true); // Saturday, worked
    expect(cal.isWorkingDay('2023-10-08')).toBe(true); // Sunday, worked
    expect(cal.isWorkingDay('2023-10-14')).toBe(false); // an ordinary Saturday
  });

  it('counts working days across the holiday', () => {
    expect(cal.addWorkingDays('2023-09-28', 1)).toBe('2023-10-07');
    expect(cal.workingDaysBetween('2023-09-27', '2023-10-09')).toBe(4);
    expect(cal.workingDaysBetween('2023-10-09', '2023-09-27')).toBe(-4);
    expect(cal.onOrBeforeWorkingDay('2023-10-01')).toBe('2023-09-28');
  });

  it('says which years it has data for, and takes more from a file', () => {
    expect(cal.isKnownYear(2023)).toBe(true);
    expect(cal.isKnownYear(2099)).toBe(false);
    const dir = mkdtempSync(join(tmpdir(), 'zhuanban-cal-'));
    const file = join(dir, 'extra.json');
    writeFileSync(file, JSON.stringify({ years: [2099], holidays: ['2099-10-01'], workdays: ['2099-10-10'] }));
    const extended = new WorkingDaysService(loadConfig({}, { calendar: { extraFile: file } }));
    expect(extended.isKnownYear(2099)).toBe(true);
    expect(extended.isWorkingDay('2099-10-01')).toBe(false); // a Thursday made a holiday
    expect(extended.isWorkingDay('2099-10-10')).toBe(true); // a Saturday made a working day
  });
});

describe('working-day counts', () => {
  const cal = new WorkingDaysService(loadConfig({}));

  it('agree with counting day by day, across years and in both directions', () => {
    const walk = (from: string, to: string) => {
      let n = 0;
      for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) < to;) {
        d.setUTCDate(d.getUTCDate() + 1);
        if (cal.isWorkingDay(d.toISOString().slice(0, 10))) n++;
      }
      return n;
    };
    const pairs: [string, string][] = [
      ['2023-09-20', '2023-09-20'],
      ['2023-09-27', '2023-10-09'],
      ['2022-12-25', '2024-03-01'],
      ['1999-06-01', '2001-02-01'],
      ['2025-12-31', '2026-01-05'],
    ];
    for (const [a, b] of pairs) {
      expect(cal.workingDaysBetween(a, b)).toBe(walk(a, b));
      expect(cal.workingDaysBetween(b, a)).toBe(0 - walk(a, b) || 0);
    }
  });
});

describe('years without calendar data', () => {
  const cal = new WorkingDaysService(loadConfig({}));
  const last = Math.max(...cal.years());

  it('are every year without data from the earliest to the latest date given, whatever the form', () => {
    expect(cal.missingYears(['2023-09-20', null, undefined, ''])).toEqual([]);
    expect(cal.missingYears([`${last + 1}-03-10`])).toEqual([last + 1]);
    // a span crosses the years between its ends, and a year given as a number counts the same
    expect(cal.missingYears(['2023-09-20', last + 3])).toEqual([last + 1, last + 2, last + 3]);
    expect(cal.missingYears([`${last - 1}-12-31`, `${last}-06-30`])).toEqual([]);
    // an instant counts in the task force's time zone: 16:30 UTC on 31 December is already 1 January in Shanghai
    expect(cal.missingYears([new Date(`${last}-12-31T16:30:00Z`)])).toEqual([last + 1]);
    expect(cal.missingYears([new Date(`${last}-12-31T15:30:00Z`)])).toEqual([]);
    expect(cal.missingYears([])).toEqual([]);
  });

  it('leave out a year the extra file gives', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhuanban-cal-'));
    const file = join(dir, 'extra.json');
    writeFileSync(file, JSON.stringify({ years: [last + 1], holidays: [`${last + 1}-01-01`] }));
    const extended = new WorkingDaysService(loadConfig({}, { calendar: { extraFile: file } }));
    expect(extended.missingYears([`${last + 1}-05-01`])).toEqual([]);
    expect(extended.missingYears([`${last + 1}-05-01`, `${last + 2}-01-04`])).toEqual([last + 2]);
  });
});

describe('what the service says about a year without data', () => {
  it('names consecutive years as a range and says how to add them', () => {
    expect(yearsLabel([2027], 'zh-CN')).toBe('2027');
    expect(yearsLabel([2028, 2027], 'zh-CN')).toBe('2027、2028');
    expect(yearsLabel([2027, 2028, 2029, 2031], 'zh-CN')).toBe('2027—2029、2031');
    expect(yearsLabel([2027, 2028, 2029, 2031], 'en')).toBe('2027–2029 and 2031');
    expect(calendarNote([], 'zh-CN')).toBeNull();
    expect(calendarNote(undefined, 'en')).toBeNull();
    expect(calendarNote([2027], 'zh-CN')).toBe(
      '注：2027年工作日历（法定节假日和调休安排）未加载，该年工作日按周一至周五计算。',
    );
    expect(calendarNote([2027], 'en')).toBe(
      'Note: the working-day calendar for 2027 is not loaded, so working days in it are counted Monday to Friday.',
    );
    const gap = calendarGap(2027);
    expect(gap.year).toBe(2027);
    for (const text of [gap.message, gap.messageEn, calendarStartupWarning([2027])]) {
      expect(text).toContain('2027');
      expect(text).toContain('CALENDAR_EXTRA_FILE');
      expect(text).toContain('{"years":[2027],"holidays":["2027-01-01"],"workdays":[]}');
    }
    // Chinese text takes full-width punctuation next to Chinese characters
    expect(gap.message).not.toMatch(/[\u4e00-\u9fff][,;:()]|[,;:()][\u4e00-\u9fff]/);
  });
});
