// The shipped jobs on days off and run by hand: the month's dispatch round and the weekly bulletin moved off
// holidays and weekends (by the timer and at catch-up), and a digest run twice — one after the other, at once,
// from the API and the command line — sending each unit one digest, to a loopback SMTP server.
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { runCli } from '../src/cli';
import { zonedTime } from '../src/common/clock.service';
import { loadConfig } from '../src/config/config';
import { MailSender } from '../src/mail/mail-sender';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { startApp, tempDir, type TestApp } from './support/app';
import { freshDatabase } from './support/database';
import { startSmtp, type TestSmtpServer } from './support/smtp';

const SHANGHAI = 'Asia/Shanghai';
const at = (date: string, time = '09:00') => zonedTime(date, time, SHANGHAI);

/** The shipped jobs, all off but those named. */
function onlyJobs(...names: string[]) {
  const jobs = loadConfig({}).scheduler.jobs;
  return Object.fromEntries(Object.keys(jobs).map((name) => [name, { enabled: names.includes(name) }]));
}

/** Lets the scheduler's timer run from `from` until `until` holds (or 15 seconds pass: a bulletin takes a few). */
async function runTimerFrom(t: TestApp, from: Date, until: () => Promise<boolean>): Promise<void> {
  const scheduler = t.app.get(SchedulerService);
  t.clock.setNow(from);
  scheduler.start();
  try {
    for (let i = 0; i < 1200 && !(await until()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  } finally {
    scheduler.stop();
  }
}

async function runsOf(t: TestApp, job: string) {
  return (await t.app.get(SchedulerService).runs({ job, page: 1, pageSize: 100 })).items;
}

async function roundsOf(t: TestApp): Promise<{ period: string; dueDate: string }[]> {
  const rows = await t.app.get(DataSource).query(`SELECT "period", "dueDate" FROM "dispatch_round" ORDER BY "id"`);
  return rows.map((r: { period: string; dueDate: string }) => ({ period: r.period, dueDate: r.dueDate }));
}

describe("the month's dispatch round when the 1st is a day off", () => {
  const dir = tempDir();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('2023-10-01 (National Day) opens on the first working day after it, 10-07, by the timer running through the holiday', async () => {
    const t = await startApp({ today: '2023-09-30', config: { scheduler: { jobs: onlyJobs('dispatch.open') } } });
    try {
      const scheduler = t.app.get(SchedulerService);
      t.clock.setNow(at('2023-09-30', '10:00'));
      const entry = scheduler.schedule().find((e) => e.name === 'dispatch.open');
      expect(entry).toMatchObject({
        onDayOff: 'next',
        nextRun: at('2023-10-07').toISOString(),
        nextRunMovedFrom: at('2023-10-01').toISOString(),
      });
      // the 1st comes and goes: nothing is run or recorded
      await runTimerFrom(
        t,
        new Date(at('2023-10-01').getTime() - 300),
        async () => t.clock.now() > at('2023-10-01', '09:00:01'),
      );
      expect(await runsOf(t, 'dispatch.open')).toEqual([]);
      expect((await roundsOf(t)).filter((r) => r.period === '2023-10')).toEqual([]);
      // the 7th, a worked Saturday
      await runTimerFrom(
        t,
        new Date(at('2023-10-07').getTime() - 300),
        async () => (await runsOf(t, 'dispatch.open')).length > 0,
      );
      const [run] = await runsOf(t, 'dispatch.open');
      expect(run).toMatchObject({ slot: at('2023-10-01').toISOString(), status: 'done', trigger: 'schedule' });
      expect(run.note).toMatch(
        /^2023-10-01 非工作日，顺延至 2023-10-07 \/ 2023-10-01 is a day off: run on 2023-10-07; /,
      );
      expect((await roundsOf(t)).filter((r) => r.period === '2023-10')).toEqual([
        { period: '2023-10', dueDate: '2023-10-25' },
      ]);
      // and it runs once: the 9th looks again and finds it done
      t.clock.setNow(at('2023-10-09', '10:00'));
      expect(await scheduler.catchUp()).toEqual([]);
      expect(scheduler.schedule().find((e) => e.name === 'dispatch.open')?.nextRun).toBe(
        at('2023-11-01').toISOString(),
      );
    } finally {
      await t.close();
    }
  });

  it('a service down over the holiday opens the October round when it comes back on 10-09 (catch-up)', async () => {
    const database = await freshDatabase(dir, 'down');
    const first = await startApp({ database, today: '2023-09-27', config: { scheduler: { jobs: onlyJobs() } } });
    expect(await first.app.get(SchedulerService).catchUp()).toEqual([]); // records the first start
    await first.close();

    const back = await startApp({
      database,
      today: '2023-10-09',
      config: { scheduler: { jobs: onlyJobs('dispatch.open') } },
    });
    try {
      back.clock.setNow(at('2023-10-09', '08:30'));
      const runs = await back.app.get(SchedulerService).catchUp();
      expect(runs).toEqual([
        expect.objectContaining({ job: 'dispatch.open', slot: at('2023-10-01').toISOString(), status: 'done' }),
      ]);
      expect((await roundsOf(back)).filter((r) => r.period === '2023-10')).toEqual([
        { period: '2023-10', dueDate: '2023-10-25' },
      ]);
    } finally {
      await back.close();
    }
  });

  it('a month starting on a Saturday (2023-07-01) opens on Monday 07-03', async () => {
    const t = await startApp({ today: '2023-06-30', config: { scheduler: { jobs: onlyJobs('dispatch.open') } } });
    try {
      const scheduler = t.app.get(SchedulerService);
      expect(await scheduler.catchUp()).toEqual([]);
      expect(scheduler.schedule().find((e) => e.name === 'dispatch.open')).toMatchObject({
        nextRun: at('2023-07-03').toISOString(),
        nextRunMovedFrom: at('2023-07-01').toISOString(),
      });
      t.clock.setNow(at('2023-07-02', '12:00'));
      expect(await scheduler.catchUp()).toEqual([]);
      t.clock.setNow(at('2023-07-03', '10:00'));
      expect(await scheduler.catchUp()).toEqual([
        expect.objectContaining({ slot: at('2023-07-01').toISOString(), status: 'done' }),
      ]);
      expect((await roundsOf(t)).filter((r) => r.period === '2023-07')).toEqual([
        { period: '2023-07', dueDate: '2023-07-25' },
      ]);
    } finally {
      await t.close();
    }
  });
});

describe('the weekly bulletin when Friday is a day off', () => {
  it('the bulletin of Friday 2023-09-29 (holiday) is generated on Thursday 09-28, for week 39', async () => {
    const t = await startApp({ today: '2023-09-28', config: { scheduler: { jobs: onlyJobs('bulletin.weekly') } } });
    try {
      const scheduler = t.app.get(SchedulerService);
      expect(scheduler.schedule().find((e) => e.name === 'bulletin.weekly')).toMatchObject({
        onDayOff: 'previous',
        nextRun: at('2023-09-28', '16:00').toISOString(),
        nextRunMovedFrom: at('2023-09-29', '16:00').toISOString(),
      });
      await runTimerFrom(
        t,
        new Date(at('2023-09-28', '16:00').getTime() - 300),
        async () => (await runsOf(t, 'bulletin.weekly')).length > 0,
      );
      const [run] = await runsOf(t, 'bulletin.weekly');
      expect(run).toMatchObject({ slot: at('2023-09-29', '16:00').toISOString(), status: 'done' });
      expect(run.note).toMatch(/for 2023-W39 generated and sent/);
      // Friday itself runs nothing more
      t.clock.setNow(at('2023-09-29', '17:00'));
      expect(await scheduler.catchUp()).toEqual([]);
      expect(await runsOf(t, 'bulletin.weekly')).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});

describe('a digest run twice for the same slot', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let units: number;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({ config: { mail: { smtp: { host: '127.0.0.1', port: smtp.port }, retryBaseSeconds: 0 } } });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const deliver = () => t.app.get(MailSender).deliverPending(1000);
  /** Digests received per recipient address. */
  const perAddress = () => {
    const counts = new Map<string, number>();
    for (const m of smtp.messages) for (const a of m.envelope.to) counts.set(a, (counts.get(a) ?? 0) + 1);
    return counts;
  };
  const digestRows = () => t.app.get(DataSource).getRepository(OutboxMessage).countBy({ kind: 'digest' });

  it('one after the other: the second queues nothing and says what had gone out', async () => {
    const first = await t.call('secretariat', 'POST', '/api/digests/send');
    expect(first.status).toBe(200);
    units = first.body.messages;
    expect(units).toBeGreaterThan(3);
    expect(first.body).toMatchObject({ forced: false, existing: { queued: 0, sent: 0, dead: 0 } });
    const again = await t.call('secretariat', 'POST', '/api/digests/send', {});
    expect(again.body).toMatchObject({ status: 'done', messages: 0, existing: { queued: units, sent: 0, dead: 0 } });
    expect(again.body.note).toMatch(/0 queued, \d+ there already/);
    await deliver();
    const third = await t.call('admin', 'POST', '/api/schedule/digest/run');
    expect(third.status).toBe(201);
    expect(third.body).toMatchObject({ messages: 0, existing: { queued: 0, sent: units, dead: 0 } });
    await deliver();
    expect(smtp.messages).toHaveLength(units);
    expect([...perAddress().values()].every((n) => n === 1)).toBe(true);
  });

  it('at once (concurrent requests): each unit gets one digest', async () => {
    // the next hour is another slot
    t.clock.setNow(at('2023-09-20', '10:05'));
    smtp.reset();
    const before = await digestRows();
    const answers = await Promise.all([
      t.call('secretariat', 'POST', '/api/digests/send'),
      t.call('admin', 'POST', '/api/digests/send'),
      t.call('secretariat', 'POST', '/api/schedule/digest/run'),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(answers.reduce((n, a) => n + a.body.messages, 0)).toBe(units);
    expect(answers.reduce((n, a) => n + a.body.existing.queued + a.body.existing.sent, 0)).toBe(2 * units);
    expect((await digestRows()) - before).toBe(units);
    await deliver();
    expect(smtp.messages).toHaveLength(units);
    expect([...perAddress().values()].every((n) => n === 1)).toBe(true);
  });

  it('the command line reuses the slot’s keys too; --force (or force: true) queues them again', async () => {
    smtp.reset();
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const code = await runCli(
        argv,
        { database: t.config.database, log: { level: 'error' }, clock: { today: '2023-09-20' } },
        { stdout: (s) => out.push(s), stderr: (s) => out.push(s) },
      );
      return { code, out: out.join('') };
    };
    // the command line's clock says 09:00 on the 20th: the slot of the first test
    const plain = await cli('run-job', 'digest');
    expect(plain.code).toBe(0);
    expect(plain.out).toMatch(/: done, 0 messages: /);
    expect(plain.out).toMatch(new RegExp(`already there, not queued again: 0 queued, ${units} sent, 0 dead`));
    const forced = await cli('run-job', 'digest', '--force');
    expect(forced.out).toMatch(new RegExp(`: done, ${units} messages: `));
    const bad = await t.call('secretariat', 'POST', '/api/digests/send', { force: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'force' });
    const badRun = await t.call('secretariat', 'POST', '/api/schedule/digest/run', { force: 1 });
    expect(badRun.status).toBe(400);
    expect(badRun.body.errors[0]).toMatchObject({ field: 'force' });
    const api = await t.call('secretariat', 'POST', '/api/digests/send', { force: true });
    expect(api.body).toMatchObject({ forced: true, messages: units });
    await deliver();
    expect(smtp.messages).toHaveLength(2 * units);
    expect([...perAddress().values()].every((n) => n === 2)).toBe(true);
  });
});
