import { cronTime } from '../scheduler/slots';
import { digestWindow, fireInWindow } from './digest-schedule';
import { highestDueStep, orderLadder } from './escalation.service';

const SHANGHAI = 'Asia/Shanghai';
const hourly = cronTime('0 * * * *', SHANGHAI);
const at = (iso: string) => new Date(iso);

describe('when a unit digest is due', () => {
  it('a run covers the hour since the previous slot of the job', () => {
    const w = digestWindow(hourly, at('2023-10-07T01:00:00Z'), at('2023-10-07T00:00:00Z'));
    expect(w).toEqual({ start: at('2023-10-07T00:00:00Z'), end: at('2023-10-07T01:00:00Z') });
  });

  it('reaches back to the last run after a gap, but never more than a day', () => {
    expect(digestWindow(hourly, at('2023-10-07T01:00:00Z'), at('2023-10-06T22:00:00Z')).start).toEqual(
      at('2023-10-06T22:00:00Z'),
    );
    expect(digestWindow(hourly, at('2023-10-07T01:00:00Z'), at('2023-10-02T01:00:00Z')).start).toEqual(
      at('2023-10-06T01:00:00Z'),
    );
    expect(digestWindow(hourly, at('2023-10-07T01:00:00Z'), null).start).toEqual(at('2023-10-07T00:00:00Z'));
  });

  it("a unit's 09:00 falls in the 09:00 run and not in the 10:00 one; 14:00 only in the 14:00 run", () => {
    const nine = cronTime('0 9 * * *', SHANGHAI);
    const two = cronTime('0 14 * * *', SHANGHAI);
    const run = (iso: string) => digestWindow(hourly, at(iso), null);
    // 09:00 in Shanghai is 01:00 UTC
    expect(fireInWindow(nine, run('2023-10-07T01:00:00Z'))).toEqual(at('2023-10-07T01:00:00Z'));
    expect(fireInWindow(nine, run('2023-10-07T02:00:00Z'))).toBeNull();
    expect(fireInWindow(two, run('2023-10-07T01:00:00Z'))).toBeNull();
    expect(fireInWindow(two, run('2023-10-07T06:00:00Z'))).toEqual(at('2023-10-07T06:00:00Z'));
  });

  it('a unit slot between two hourly runs is sent by the later one', () => {
    const half = cronTime('30 9 * * *', SHANGHAI);
    const w = digestWindow(hourly, at('2023-10-07T02:00:00Z'), null);
    expect(fireInWindow(half, w)).toEqual(at('2023-10-07T01:30:00Z'));
  });
});

describe('the escalation ladder', () => {
  const ladder = orderLadder([
    { afterWorkingDays: 10, to: ['leads'] },
    { afterWorkingDays: 1, to: ['liaisons', 'mailbox'] },
    { afterWorkingDays: 5, to: ['supervisingLeader'] },
  ]);

  it('orders the rungs by how late a task must be', () => {
    expect(ladder.map((s) => [s.index, s.afterWorkingDays])).toEqual([
      [0, 1],
      [1, 5],
      [2, 10],
    ]);
  });

  it('gives the highest rung due, none before the first', () => {
    expect(highestDueStep(ladder, 0)).toBeNull();
    expect(highestDueStep(ladder, 1)?.index).toBe(0);
    expect(highestDueStep(ladder, 4)?.index).toBe(0);
    expect(highestDueStep(ladder, 5)?.index).toBe(1);
    expect(highestDueStep(ladder, 30)?.index).toBe(2);
  });
});
