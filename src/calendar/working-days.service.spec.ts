import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/config';
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
