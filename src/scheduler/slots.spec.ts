import { cronTime, formatLocal, latestSlot, nextSlot, nextSlots, previousSlot } from './slots';

const SHANGHAI = 'Asia/Shanghai';
const iso = (dates: (Date | null)[]) => dates.map((d) => d?.toISOString() ?? null);

describe('slots of a cron expression in the task force’s time zone', () => {
  const daily = cronTime('0 9 * * *', SHANGHAI);

  it('09:00 every day in Asia/Shanghai is 01:00 UTC, whatever zone the process runs in', () => {
    // 2023-10-01T20:00Z is already 04:00 on 2 October in Shanghai
    expect(iso(nextSlots(daily, new Date('2023-10-01T20:00:00Z'), 3))).toEqual([
      '2023-10-02T01:00:00.000Z',
      '2023-10-03T01:00:00.000Z',
      '2023-10-04T01:00:00.000Z',
    ]);
    // 18:00 UTC on 1 October is 02:00 on 2 October in Shanghai, not the evening of the 1st
    expect(nextSlot(daily, new Date('2023-10-01T18:00:00Z')).toISOString()).toBe('2023-10-02T01:00:00.000Z');
  });

  it('the next slot is strictly after the given instant', () => {
    const slot = new Date('2023-10-02T01:00:00.000Z');
    expect(nextSlot(daily, slot).toISOString()).toBe('2023-10-03T01:00:00.000Z');
    expect(nextSlot(daily, new Date(slot.getTime() - 1)).toISOString()).toBe(slot.toISOString());
    expect(nextSlot(daily, new Date(slot.getTime() + 500)).toISOString()).toBe('2023-10-03T01:00:00.000Z');
  });

  it('the latest slot at or before now: the same day after 09:00, the day before until then', () => {
    expect(latestSlot(daily, new Date('2023-10-02T01:00:00.000Z'))?.toISOString()).toBe('2023-10-02T01:00:00.000Z');
    expect(latestSlot(daily, new Date('2023-10-02T06:30:12.345Z'))?.toISOString()).toBe('2023-10-02T01:00:00.000Z');
    expect(latestSlot(daily, new Date('2023-10-02T00:59:59.999Z'))?.toISOString()).toBe('2023-10-01T01:00:00.000Z');
    expect(previousSlot(daily, new Date('2023-10-02T01:00:00.000Z'))?.toISOString()).toBe('2023-10-01T01:00:00.000Z');
  });

  it('a monthly slot on the 25th at 09:00', () => {
    const monthly = cronTime('0 9 25 * *', SHANGHAI);
    expect(iso(nextSlots(monthly, new Date('2023-09-20T00:00:00Z'), 4))).toEqual([
      '2023-09-25T01:00:00.000Z',
      '2023-10-25T01:00:00.000Z',
      '2023-11-25T01:00:00.000Z',
      '2023-12-25T01:00:00.000Z',
    ]);
    expect(latestSlot(monthly, new Date('2023-10-24T12:00:00Z'))?.toISOString()).toBe('2023-09-25T01:00:00.000Z');
    expect(latestSlot(monthly, new Date('2024-01-25T01:00:00Z'))?.toISOString()).toBe('2024-01-25T01:00:00.000Z');
  });

  it('finds the latest slot of sparse and dense expressions alike', () => {
    const leapDay = cronTime('0 9 29 2 *', SHANGHAI);
    expect(latestSlot(leapDay, new Date('2027-06-01T00:00:00Z'))?.toISOString()).toBe('2024-02-29T01:00:00.000Z');
    const everySecondOfNine = cronTime('* * 9 * * *', SHANGHAI);
    expect(latestSlot(everySecondOfNine, new Date('2023-10-02T07:00:00Z'))?.toISOString()).toBe(
      '2023-10-02T01:59:59.000Z',
    );
    const fridays = cronTime('0 16 * * 5', SHANGHAI);
    expect(latestSlot(fridays, new Date('2023-10-02T01:00:00Z'))?.toISOString()).toBe('2023-09-29T08:00:00.000Z');
  });

  it('refuses an expression cron cannot read', () => {
    expect(() => cronTime('0 25 * * *', SHANGHAI)).toThrow();
    expect(() => cronTime('every day', SHANGHAI)).toThrow();
  });

  it('formats an instant as local date and time for listings', () => {
    expect(formatLocal(new Date('2023-10-02T01:00:00Z'), SHANGHAI)).toBe('2023-10-02 09:00');
    expect(formatLocal(new Date('2023-10-01T16:00:00Z'), SHANGHAI)).toBe('2023-10-02 00:00');
  });
});
