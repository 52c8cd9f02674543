import { loadConfig } from '../config/config';
import { ClockService, timeOfDayInZone, zonedTime } from './clock.service';

describe('clock', () => {
  it('gives the date in Asia/Shanghai, not UTC', () => {
    const clock = new ClockService(loadConfig({}));
    clock.setNow(new Date('2023-09-30T17:30:00Z')); // 01:30 on 1 October in Shanghai
    expect(clock.today()).toBe('2023-10-01');
  });

  it('turns a wall-clock time in a zone into an instant', () => {
    expect(zonedTime('2023-09-25', '09:00', 'Asia/Shanghai').toISOString()).toBe('2023-09-25T01:00:00.000Z');
    expect(zonedTime('2023-09-25', '09:00:30.250', 'Asia/Shanghai').toISOString()).toBe('2023-09-25T01:00:30.250Z');
    expect(timeOfDayInZone(new Date('2023-09-25T01:02:03.004Z'), 'Asia/Shanghai')).toBe('09:02:03.004');
  });

  it("starts a configured date at 09:00 in the task force's time zone", () => {
    const clock = new ClockService(loadConfig({}, { clock: { today: '2023-09-20' } }));
    expect(clock.today()).toBe('2023-09-20');
    expect(Math.abs(clock.now().getTime() - Date.parse('2023-09-20T01:00:00Z'))).toBeLessThan(5_000);
  });
});
