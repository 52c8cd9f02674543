import { WorkingDaysService } from '../calendar/working-days.service';
import { loadConfig } from '../config/config';
import { moveSlot, plannedSlots, type DayOffCalendar } from './day-off';
import { cronTime } from './slots';

const SHANGHAI = 'Asia/Shanghai';
const days = new WorkingDaysService(loadConfig({}));
const calendar: DayOffCalendar = { timeZone: SHANGHAI, isWorkingDay: (d) => days.isWorkingDay(d) };
const local = (d: Date | null) =>
  d ? new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ') : null;
const shanghai = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`);

describe('slots on days off, moved by rule', () => {
  const monthly = cronTime('0 9 1 * *', SHANGHAI);
  const friday = cronTime('0 16 * * 5', SHANGHAI);
  const daily = cronTime('0 9 * * *', SHANGHAI);

  it('the calendar: 2023-10-01 to 10-06 are the National Day holiday, Saturday 10-07 is worked', () => {
    expect(
      ['2023-09-28', '2023-09-29', '2023-10-06', '2023-10-07', '2023-10-09'].map((d) => days.isWorkingDay(d)),
    ).toEqual([true, false, false, true, true]);
  });

  it("a round's opening on 2023-10-01 (holiday) moves to the first working day after it, 10-07", () => {
    expect(local(moveSlot(monthly, shanghai('2023-10-01 09:00'), 'next', calendar))).toBe('2023-10-07 09:00');
    expect(local(moveSlot(monthly, shanghai('2023-10-01 09:00'), 'skip', calendar))).toBeNull();
    expect(local(moveSlot(monthly, shanghai('2023-11-01 09:00'), 'next', calendar))).toBe('2023-11-01 09:00');
  });

  it('a month starting on a Saturday (2023-07-01) opens on Monday 07-03, or on Friday 06-30 by "previous"', () => {
    expect(local(moveSlot(monthly, shanghai('2023-07-01 09:00'), 'next', calendar))).toBe('2023-07-03 09:00');
    expect(local(moveSlot(monthly, shanghai('2023-07-01 09:00'), 'previous', calendar))).toBe('2023-06-30 09:00');
  });

  it('the weekly bulletin of Friday 2023-09-29 (holiday) moves back to Thursday 09-28; that of 10-06 forward to 10-07', () => {
    expect(local(moveSlot(friday, shanghai('2023-09-29 16:00'), 'previous', calendar))).toBe('2023-09-28 16:00');
    // no working day between the Friday before and 10-06: the other direction, the worked Saturday
    expect(local(moveSlot(friday, shanghai('2023-10-06 16:00'), 'previous', calendar))).toBe('2023-10-07 16:00');
  });

  it("a daily job's slot on a day off is skipped whatever the rule: every day has its own slot", () => {
    expect(moveSlot(daily, shanghai('2023-10-02 09:00'), 'next', calendar)).toBeNull();
    expect(moveSlot(daily, shanghai('2023-10-02 09:00'), 'previous', calendar)).toBeNull();
  });

  it('plans the runs of a span by the instant they run at, moved slots included', () => {
    const planned = plannedSlots(monthly, shanghai('2023-10-02 00:00'), shanghai('2023-10-31 00:00'), 'next', calendar);
    expect(planned.map((p) => [local(p.slot), local(p.at)])).toEqual([['2023-10-01 09:00', '2023-10-07 09:00']]);
    const fridays = plannedSlots(
      friday,
      shanghai('2023-09-25 00:00'),
      shanghai('2023-10-10 00:00'),
      'previous',
      calendar,
    );
    expect(fridays.map((p) => [local(p.slot), local(p.at)])).toEqual([
      ['2023-09-29 16:00', '2023-09-28 16:00'],
      ['2023-10-06 16:00', '2023-10-07 16:00'],
    ]);
    const skipped = plannedSlots(daily, shanghai('2023-10-01 00:00'), shanghai('2023-10-03 00:00'), 'skip', calendar);
    expect(skipped.map((p) => [local(p.slot), local(p.at)])).toEqual([
      ['2023-10-01 09:00', null],
      ['2023-10-02 09:00', null],
    ]);
  });
});
