// Office-hour arithmetic of acknowledgements: 9:00–17:00 Asia/Shanghai on working days.
import { addWorkingHours } from './working-hours';

const TZ = 'Asia/Shanghai';
// October 2023: National Day holiday 1–6 October, Saturday 7 and Sunday 8 October worked (调休)
const HOLIDAYS = new Set(['2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06']);
const WORKED_WEEKENDS = new Set(['2023-10-07', '2023-10-08']);
const isWorkingDay = (d: string) => {
  if (HOLIDAYS.has(d)) return false;
  if (WORKED_WEEKENDS.has(d)) return true;
  const day = new Date(`${d}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
};
const at = (local: string) => new Date(`${local}+08:00`);
const due = (local: string, hours = 8) => addWorkingHours(at(local), hours, isWorkingDay, TZ).toISOString();

describe('addWorkingHours', () => {
  it('within one working day: requested Wednesday 10:00 with 4 hours is due at 14:00', () => {
    expect(due('2023-09-20T10:00:00', 4)).toBe(at('2023-09-20T14:00:00').toISOString());
  });

  it('requested Friday 16:00 with 8 hours: one hour on Friday, seven on Monday, due Monday 16:00', () => {
    expect(due('2023-09-15T16:00:00')).toBe(at('2023-09-18T16:00:00').toISOString());
  });

  it('requested Friday 16:00 with 7 hours is due on the next working day at 15:00', () => {
    expect(due('2023-09-15T16:00:00', 7)).toBe(at('2023-09-18T15:00:00').toISOString());
  });

  it('a request before 9:00 counts from 9:00, one after 17:00 from the next working day at 9:00', () => {
    expect(due('2023-09-20T07:30:00')).toBe(at('2023-09-20T17:00:00').toISOString());
    expect(due('2023-09-20T18:00:00', 2)).toBe(at('2023-09-21T11:00:00').toISOString());
  });

  it('a request on a weekend counts from Monday 9:00', () => {
    expect(due('2023-09-16T11:00:00', 3)).toBe(at('2023-09-18T12:00:00').toISOString());
  });

  it('holidays in between are skipped, and a worked weekend day counts', () => {
    // Friday 29 September 15:00: two hours that day; 1–6 October off; Saturday 7 October worked
    expect(due('2023-09-29T15:00:00')).toBe(at('2023-10-07T15:00:00').toISOString());
  });

  it('hours running over several days end on the last working day of them', () => {
    expect(due('2023-09-20T09:00:00', 24)).toBe(at('2023-09-22T17:00:00').toISOString());
  });
});
