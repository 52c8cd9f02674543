import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { rmSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { runCli } from '../src/cli';
import { zonedTime } from '../src/common/clock.service';
import { loadConfig } from '../src/config/config';
import { SettingsService } from '../src/database/settings.service';
import { SchedulerService, type JobContext, type JobDefinition } from '../src/scheduler/scheduler.service';
import { startApp, tempDir, type TestApp } from './support/app';
import { freshDatabase, openDatabase, type TestDatabaseConfig } from './support/database';

/** The jobs of the shipped configuration, switched off so that only the test jobs run. */
const SHIPPED_JOBS_OFF = Object.fromEntries(
  Object.keys(loadConfig({}).scheduler.jobs).map((name) => [name, { enabled: false }]),
);

function schedulerConfig(jobs: Record<string, Record<string, unknown>>, enabled = false) {
  return {
    scheduler: { enabled, catchUp: true, workingDaysOnly: true, jobs: { ...SHIPPED_JOBS_OFF, ...jobs } },
  };
}

/** An instant in Asia/Shanghai; `time` as HH:MM, optionally plus seconds. */
const at = (date: string, time = '09:00', seconds = 0) =>
  new Date(zonedTime(date, time, 'Asia/Shanghai').getTime() + seconds * 1000);

interface TestJob extends JobDefinition {
  /** The context of each run, in order. */
  seen: JobContext[];
  failing: boolean;
}

/** A job that writes one audit row per run, in the run's transaction, and fails when told to. */
function testJob(name: string, extra: Partial<JobDefinition> & { delayMs?: number } = {}): TestJob {
  const job: TestJob = {
    name,
    description: `Test job ${name}`,
    descriptionZh: `测试任务 ${name}`,
    seen: [],
    failing: false,
    async run(ctx) {
      job.seen.push(ctx);
      // the run's transaction rides on the async context, as it does for the features' jobs
      await TransactionHost.getInstance<TransactionalAdapterTypeOrm>().tx.insert(AuditEntry, {
        at: ctx.slot,
        actorId: null,
        actorEmail: 'system',
        entityType: 'test_job',
        entityId: ctx.runId,
        action: name,
        field: 'slot',
        oldValue: null,
        newValue: ctx.slotKey,
      });
      if (extra.delayMs) await new Promise((resolve) => setTimeout(resolve, extra.delayMs));
      if (job.failing) throw new Error('the mail server said no');
      return { messages: 2, note: 'two letters' };
    },
    ...extra,
  };
  return job;
}

/** The slots a test job's runs wrote (committed writes only), in order. */
async function written(t: TestApp, name: string): Promise<string[]> {
  const rows = await t.app
    .get(DataSource)
    .getRepository(AuditEntry)
    .find({ select: { newValue: true }, where: { entityType: 'test_job', action: name }, order: { id: 'ASC' } });
  return rows.map((r) => r.newValue as string);
}

async function runsOf(t: TestApp, name: string) {
  return (await t.app.get(SchedulerService).runs({ job: name, page: 1, pageSize: 100 })).items;
}

/** Registers jobs the way a feature does, before the application's bootstrap (which catches up and starts). */
function registerAtBoot(make: () => JobDefinition[]) {
  const boot = SchedulerService.prototype.onApplicationBootstrap;
  return jest.spyOn(SchedulerService.prototype, 'onApplicationBootstrap').mockImplementation(function (
    this: SchedulerService,
  ) {
    for (const job of make()) this.register(job);
    return boot.call(this);
  });
}

describe('running a slot', () => {
  let t: TestApp;
  let scheduler: SchedulerService;
  let job: TestJob;
  let failing: TestJob;

  beforeAll(async () => {
    t = await startApp({
      demo: false,
      today: '2023-09-20',
      config: schedulerConfig({
        'test.job': { cron: '0 9 * * *', audience: 'units' },
        'test.failing': { cron: '0 9 * * *' },
      }),
    });
    scheduler = t.app.get(SchedulerService);
    job = testJob('test.job');
    failing = testJob('test.failing');
    scheduler.register(job);
    scheduler.register(failing);
  });
  afterAll(() => t.close());

  it('runs the same slot asked for twice at once, and again later, exactly once', async () => {
    const slot = at('2023-09-20');
    const [a, b] = await Promise.all([
      scheduler.runSlot('test.job', slot, 'schedule'),
      scheduler.runSlot('test.job', slot, 'schedule'),
    ]);
    const run = (a ?? b)!;
    expect([a, b].filter((r) => r === null)).toHaveLength(1);
    expect(run).toMatchObject({
      job: 'test.job',
      slot: '2023-09-20T01:00:00.000Z',
      status: 'done',
      trigger: 'schedule',
      messages: 2,
      note: 'two letters',
    });
    expect(run.finishedAt).toBeInstanceOf(Date);
    expect(await scheduler.runSlot('test.job', slot, 'catch-up')).toBeNull();
    expect(await written(t, 'test.job')).toEqual(['2023-09-20T01:00:00.000Z']);
    expect(await runsOf(t, 'test.job')).toHaveLength(1);
    expect(job.seen).toHaveLength(1);
    expect(job.seen[0]).toMatchObject({
      slotKey: '2023-09-20T01:00:00.000Z',
      trigger: 'schedule',
      today: '2023-09-20',
      runId: run.id,
      options: { audience: 'units' },
      args: {},
    });
  });

  it('gives the run’s date in Asia/Shanghai, not in UTC', async () => {
    // 2023-09-21 01:30 in Shanghai is still the 20th in UTC
    const run = await scheduler.runSlot('test.job', at('2023-09-21', '01:30'), 'schedule');
    expect(run).toMatchObject({ slot: '2023-09-20T17:30:00.000Z', status: 'done' });
    expect(job.seen.at(-1)?.today).toBe('2023-09-21');
  });

  it('a job that throws leaves none of its writes, is recorded as failed, and the next catch-up runs the slot', async () => {
    t.clock.setNow(at('2023-09-21', '08:00'));
    expect(await scheduler.catchUp()).toEqual([]); // the scheduler's first start on this database
    t.clock.setNow(at('2023-09-21', '09:00', 5));
    failing.failing = true;
    const first = await scheduler.runSlot('test.failing', at('2023-09-21'), 'schedule');
    expect(first).toMatchObject({
      slot: '2023-09-21T01:00:00.000Z#failed-1',
      status: 'failed',
      trigger: 'schedule',
      messages: 0,
    });
    expect(first?.note).toContain('the mail server said no');
    const second = await scheduler.runSlot('test.failing', at('2023-09-21'), 'schedule');
    expect(second).toMatchObject({ slot: '2023-09-21T01:00:00.000Z#failed-2', status: 'failed' });
    expect(await written(t, 'test.failing')).toEqual([]);
    expect(failing.seen).toHaveLength(2);

    failing.failing = false;
    t.clock.setNow(at('2023-09-21', '10:00'));
    // both jobs' 09:00 slots came after the first start and have not run: catch-up runs each once
    const caughtUp = await scheduler.catchUp();
    expect(caughtUp.map((r) => [r.job, r.slot, r.status, r.trigger])).toEqual([
      ['test.job', '2023-09-21T01:00:00.000Z', 'done', 'catch-up'],
      ['test.failing', '2023-09-21T01:00:00.000Z', 'done', 'catch-up'],
    ]);
    expect(await written(t, 'test.failing')).toEqual(['2023-09-21T01:00:00.000Z']);
    expect(await scheduler.catchUp()).toEqual([]);
    const statuses = (await runsOf(t, 'test.failing')).map((r) => [r.slot, r.status]);
    expect(statuses).toEqual([
      ['2023-09-21T01:00:00.000Z', 'done'],
      ['2023-09-21T01:00:00.000Z#failed-2', 'failed'],
      ['2023-09-21T01:00:00.000Z#failed-1', 'failed'],
    ]);
  });

  it('tells the outbox after a run commits, and not after a failure', async () => {
    const told: string[] = [];
    scheduler.onRunCommitted((run) => void told.push(`${run.job} ${run.status}`));
    t.clock.setNow(at('2023-09-22', '10:00'));
    await scheduler.runSlot('test.job', at('2023-09-22'), 'schedule');
    failing.failing = true;
    await scheduler.runSlot('test.failing', at('2023-09-22'), 'schedule');
    failing.failing = false;
    expect(told).toEqual(['test.job done']);
  });

  it('refuses an unknown job and a job without configuration', async () => {
    await expect(scheduler.runSlot('nope', at('2023-09-20'), 'schedule')).rejects.toMatchObject({
      status: 404,
      code: 'not_found',
    });
    await expect(scheduler.runNow('nope')).rejects.toMatchObject({ status: 404 });
    expect(() => scheduler.register(testJob('test.unconfigured'))).toThrow(
      'Scheduled job "test.unconfigured" has no configuration: add scheduler.jobs["test.unconfigured"]',
    );
    expect(() => scheduler.register(testJob('test.job'))).toThrow(/registered twice/);
  });

  it('runs a job by the timer when its slot comes, from the injected clock', async () => {
    t.clock.setNow(new Date(at('2023-09-25').getTime() - 300));
    scheduler.start();
    try {
      for (let i = 0; i < 60 && !(await written(t, 'test.job')).includes('2023-09-25T01:00:00.000Z'); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      scheduler.stop();
    }
    const runs = await runsOf(t, 'test.job');
    expect(runs[0]).toMatchObject({ slot: '2023-09-25T01:00:00.000Z', status: 'done', trigger: 'schedule' });
  });
});

describe('catching up after downtime', () => {
  const dir = tempDir();
  const jobs = { 'test.digest': { cron: '0 9 * * *' } };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => jest.restoreAllMocks());

  it('runs the latest missed slot once after three days down; a second catch-up or a restart runs nothing', async () => {
    const database = await freshDatabase(dir, 'restart');
    // Monday 2023-09-18 09:00: the service starts with its schedule on, records its first start, and stops
    registerAtBoot(() => [testJob('test.digest')]);
    const monday = await startApp({
      database,
      demo: false,
      today: '2023-09-18',
      config: schedulerConfig(jobs, true),
    });
    const firstStart = await monday.app.get(SettingsService).get('scheduler.firstStart');
    expect(firstStart).toMatch(/^2023-09-18T01:00:/);
    expect(await runsOf(monday, 'test.digest')).toEqual([]); // that morning's slot came before the first start
    await monday.close();
    jest.restoreAllMocks();

    // Thursday 15:00: the slots of Tuesday, Wednesday and Thursday were missed; only Thursday's runs
    const thursday = await startApp({ database, demo: false, today: '2023-09-21', config: schedulerConfig(jobs) });
    const scheduler = thursday.app.get(SchedulerService);
    const digest = testJob('test.digest');
    scheduler.register(digest);
    thursday.clock.setNow(at('2023-09-21', '15:00'));
    expect(await scheduler.catchUp()).toEqual([
      expect.objectContaining({ slot: '2023-09-21T01:00:00.000Z', status: 'done', trigger: 'catch-up' }),
    ]);
    expect(digest.seen.map((c) => c.today)).toEqual(['2023-09-21']);
    expect(await scheduler.catchUp()).toEqual([]);
    expect(await written(thursday, 'test.digest')).toEqual(['2023-09-21T01:00:00.000Z']);
    await thursday.close();

    // a restart the same day, with the schedule on: nothing is due again
    registerAtBoot(() => [testJob('test.digest')]);
    const again = await startApp({
      database,
      demo: false,
      today: '2023-09-21',
      config: schedulerConfig(jobs, true),
    });
    try {
      expect(await written(again, 'test.digest')).toEqual(['2023-09-21T01:00:00.000Z']);
      expect(await runsOf(again, 'test.digest')).toHaveLength(1);
      expect(await again.app.get(SettingsService).get('scheduler.firstStart')).toBe(firstStart);
      const entry = again.app
        .get(SchedulerService)
        .schedule()
        .find((e) => e.name === 'test.digest');
      expect(entry?.lastRun).toMatchObject({ slot: '2023-09-21T01:00:00.000Z', trigger: 'catch-up' });
    } finally {
      await again.close();
    }
  });

  it('a fresh database does not catch up the slots before its first start', async () => {
    const t = await startApp({ demo: false, today: '2023-09-21', config: schedulerConfig(jobs) });
    try {
      const scheduler = t.app.get(SchedulerService);
      scheduler.register(testJob('test.digest'));
      t.clock.setNow(at('2023-09-21', '15:00'));
      expect(await scheduler.catchUp()).toEqual([]);
      expect(await t.app.get(SettingsService).get('scheduler.firstStart')).toMatch(/^2023-09-21T07:00:/);
      expect(await runsOf(t, 'test.digest')).toEqual([]);
      // Saturday: Friday's slot, after the first start, was missed; the week-end's would only have been skipped
      t.clock.setNow(at('2023-09-23', '10:00'));
      expect(await scheduler.catchUp()).toEqual([expect.objectContaining({ slot: '2023-09-22T01:00:00.000Z' })]);
    } finally {
      await t.close();
    }
  });

  it('two instances on one database file run a slot once between them', async () => {
    const database = await freshDatabase(dir, 'two');
    const a = await startApp({ database, demo: false, config: schedulerConfig(jobs) });
    const b = await startApp({ database, demo: false, config: schedulerConfig(jobs) });
    try {
      a.app.get(SchedulerService).register(testJob('test.digest', { delayMs: 200 }));
      b.app.get(SchedulerService).register(testJob('test.digest', { delayMs: 200 }));
      const slot = at('2023-09-20');
      const results = await Promise.all([
        a.app.get(SchedulerService).runSlot('test.digest', slot, 'schedule'),
        b.app.get(SchedulerService).runSlot('test.digest', slot, 'schedule'),
      ]);
      expect(results.filter((r) => r === null)).toHaveLength(1);
      expect(await written(a, 'test.digest')).toEqual(['2023-09-20T01:00:00.000Z']);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

describe('the working-day calendar', () => {
  let t: TestApp;
  let scheduler: SchedulerService;

  beforeAll(async () => {
    t = await startApp({
      demo: false,
      today: '2023-09-27',
      config: schedulerConfig({
        'test.workday': { cron: '0 9 * * *', enabled: false },
        'test.anyday': { cron: '0 9 * * *', enabled: false },
        'test.holiday': { cron: '0 9 * * *' },
      }),
    });
    scheduler = t.app.get(SchedulerService);
    scheduler.register(testJob('test.workday'));
    scheduler.register(testJob('test.anyday', { workingDaysOnly: false }));
    scheduler.register(testJob('test.holiday'));
  });
  afterAll(() => t.close());

  it('across the 2023 National Day week, a holiday’s slot is skipped and the adjusted working Saturday runs', async () => {
    t.clock.setNow(at('2023-10-02', '10:00'));
    const holiday = await scheduler.runSlot('test.workday', at('2023-10-02'), 'schedule');
    expect(holiday).toMatchObject({ slot: '2023-10-02T01:00:00.000Z', status: 'skipped', messages: 0 });
    expect(holiday?.note).toMatch(/2023-10-02 是法定节假日/);
    expect(holiday?.note).toMatch(/statutory holiday/);
    expect(await scheduler.runSlot('test.workday', at('2023-10-02'), 'catch-up')).toBeNull();
    expect(await written(t, 'test.workday')).toEqual([]);

    t.clock.setNow(at('2023-10-07', '10:00'));
    const saturday = await scheduler.runSlot('test.workday', at('2023-10-07'), 'schedule');
    expect(saturday).toMatchObject({ status: 'done', messages: 2 });
    expect(await written(t, 'test.workday')).toEqual(['2023-10-07T01:00:00.000Z']);

    const weekend = await scheduler.runSlot('test.workday', at('2023-10-14'), 'schedule');
    expect(weekend).toMatchObject({ status: 'skipped' });
    expect(weekend?.note).toMatch(/周末.*week-end/);
  });

  it('a job that runs on any day runs on a holiday', async () => {
    expect(await scheduler.runSlot('test.anyday', at('2023-10-02'), 'schedule')).toMatchObject({ status: 'done' });
  });

  it('catch-up in the holiday runs the last working day’s missed slot; the next run is the first working day', async () => {
    t.clock.setNow(at('2023-09-27', '10:00'));
    expect(await scheduler.catchUp()).toEqual([]); // the first start
    // down from the 28th at 08:00 until the 4th of October, in the middle of the holiday
    t.clock.setNow(at('2023-10-04', '10:00'));
    expect(await scheduler.catchUp()).toEqual([
      expect.objectContaining({ job: 'test.holiday', slot: '2023-09-28T01:00:00.000Z', status: 'done' }),
    ]);
    expect(await scheduler.catchUp()).toEqual([]);
    const entry = scheduler.schedule().find((e) => e.name === 'test.holiday');
    expect(entry).toMatchObject({ nextRun: '2023-10-07T01:00:00.000Z', workingDaysOnly: true, enabled: true });
  });
});

describe('the schedule over HTTP', () => {
  let t: TestApp;
  let job: TestJob;

  beforeAll(async () => {
    t = await startApp({
      today: '2023-09-20',
      config: schedulerConfig({
        'test.job': { cron: '0 9 * * *' },
        'test.monthly': { cron: '0 9 25 * *' },
        'test.weekly': { cron: '0 16 * * 5' },
        'test.off': { cron: '0 9 * * *', enabled: false },
        'test.unregistered': { cron: '0 8 * * *' },
      }),
    });
    const scheduler = t.app.get(SchedulerService);
    job = testJob('test.job');
    for (const j of [job, testJob('test.monthly'), testJob('test.weekly'), testJob('test.off')]) scheduler.register(j);
  });
  afterAll(() => t.close());

  const byName = (list: { name: string }[]) => Object.fromEntries(list.map((e) => [e.name, e])) as Record<string, any>;

  it('GET /api/schedule lists each job with its next run, computed in Asia/Shanghai', async () => {
    const jobs = byName(await t.get('lead', '/api/schedule'));
    expect(jobs['test.job']).toEqual({
      name: 'test.job',
      description: 'Test job test.job',
      descriptionZh: '测试任务 test.job',
      cron: '0 9 * * *',
      timeZone: 'Asia/Shanghai',
      registered: true,
      enabled: true,
      workingDaysOnly: true,
      onDayOff: 'skip',
      nextRun: '2023-09-21T01:00:00.000Z',
      nextRunMovedFrom: null,
      lastRun: null,
      // 2023 has its holidays loaded
      calendarWarning: null,
    });
    expect(jobs['test.monthly'].nextRun).toBe('2023-09-25T01:00:00.000Z');
    expect(jobs['test.weekly'].nextRun).toBe('2023-09-22T08:00:00.000Z');
    expect(jobs['test.off']).toMatchObject({ registered: true, enabled: false, nextRun: null });
    expect(jobs['test.unregistered']).toMatchObject({
      registered: false,
      enabled: false,
      description: null,
      nextRun: null,
    });
    for (const who of ['admin', 'secretariat']) expect((await t.call(who, 'GET', '/api/schedule')).status).toBe(200);
    for (const who of ['liaison', 'viewer']) expect((await t.call(who, 'GET', '/api/schedule')).status).toBe(403);
    expect((await t.request('GET', '/api/schedule')).status).toBe(401);
  });

  it('a secretariat runs a job now: 201 with the run, the job gets the arguments, and the run is audited', async () => {
    const res = await t.call('secretariat', 'POST', '/api/schedule/test.job/run', { period: '2023-09', planId: 1 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ job: 'test.job', status: 'done', trigger: 'manual', messages: 2 });
    expect(res.body.slot).toMatch(/^manual:2023-09-20T01:\d\d:\d\d\.\d{3}Z$/);
    expect(job.seen.at(-1)).toMatchObject({ trigger: 'manual', args: { period: '2023-09', planId: 1 } });
    expect(await written(t, 'test.job')).toEqual([res.body.slot]);

    const audit = await t.app
      .get(DataSource)
      .getRepository(AuditEntry)
      .find({ where: { entityType: 'job_run', entityId: res.body.id }, order: { id: 'ASC' } });
    expect(audit.map((a) => [a.action, a.actorEmail, a.field, a.newValue])).toEqual([
      ['run', 'office@tianshui.example.cn', 'job', 'test.job'],
      ['run', 'office@tianshui.example.cn', 'args', '{"period":"2023-09","planId":1}'],
    ]);

    const bare = await t.call('admin', 'POST', '/api/schedule/test.job/run');
    expect(bare.status).toBe(201);
    expect(bare.body.slot).not.toBe(res.body.slot);
    expect(job.seen.at(-1)?.args).toEqual({});

    const jobs = byName(await t.get('lead', '/api/schedule'));
    expect(jobs['test.job'].lastRun).toMatchObject({ id: bare.body.id, trigger: 'manual', status: 'done' });
    const runs = await t.get('lead', '/api/schedule/runs?job=test.job&pageSize=1');
    expect(runs).toMatchObject({ total: 2, page: 1, pageSize: 1, items: [{ id: bare.body.id }] });
  });

  it('refuses a liaison and a lead (403), an unknown job (404) and arguments that are not an object (400)', async () => {
    const before = await written(t, 'test.job');
    expect((await t.call('liaison', 'POST', '/api/schedule/test.job/run')).status).toBe(403);
    expect((await t.call('lead', 'POST', '/api/schedule/test.job/run')).status).toBe(403);
    const unknown = await t.call('secretariat', 'POST', '/api/schedule/nope/run');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'not_found', message: 'Job nope not found' });
    const list = await t.call('secretariat', 'POST', '/api/schedule/test.job/run', [1, 2]);
    expect(list.status).toBe(400);
    expect(list.body.errors[0]).toMatchObject({ field: 'args' });
    expect(await written(t, 'test.job')).toEqual(before);
  });

  it('GET /api/schedule/runs checks its paging parameters', async () => {
    expect((await t.call('lead', 'GET', '/api/schedule/runs?pageSize=0')).status).toBe(400);
    expect((await t.call('lead', 'GET', '/api/schedule/runs?page=x')).status).toBe(400);
    expect((await t.call('liaison', 'GET', '/api/schedule/runs')).status).toBe(403);
    expect((await t.get('admin', '/api/schedule/runs?job=nope')).items).toEqual([]);
  });
});

describe('the schedule on the command line', () => {
  const dir = tempDir();
  const overrides: Record<string, unknown> = {
    log: { level: 'error' },
    clock: { today: '2023-09-20' },
    ...schedulerConfig({ 'test.job': { cron: '0 9 * * *' }, 'test.failing': { cron: '0 9 * * *' } }, true),
  };
  const job = testJob('test.job');
  const failing = Object.assign(testJob('test.failing'), { failing: true });
  beforeAll(async () => (overrides.database = await freshDatabase(dir, 'cli')));
  beforeEach(() => registerAtBoot(() => [job, failing]));
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, overrides, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('jobs lists the schedule with next runs; run-job runs one now and prints the run', async () => {
    const listed = await cli('jobs');
    expect(listed).toMatchObject({ code: 0, err: '' });
    expect(listed.out).toMatch(/^test\.job +0 9 \* \* \* \(Asia\/Shanghai\) {2}enabled, working days only$/m);
    expect(listed.out).toMatch(/^ +Test job test\.job \/ 测试任务 test\.job$/m);
    expect(listed.out).toMatch(/^ +next 2023-09-21 09:00 {2}last -$/m);

    const ran = await cli('run-job', 'test.job', '--arg', 'period=2023-09', '--arg', 'planId=3');
    expect(ran).toMatchObject({ code: 0, err: '' });
    expect(ran.out).toMatch(
      /^run \d+ of test\.job \(manual, slot manual:2023-09-20T01:\d\d:\d\d\.\d{3}Z\): done, 2 messages: two letters$/m,
    );
    expect(job.seen.at(-1)?.args).toEqual({ period: '2023-09', planId: 3 });

    const after = await cli('jobs');
    expect(after.out).toMatch(/^ +next 2023-09-21 09:00 {2}last 2023-09-20 09:0\d done \(manual\)$/m);
  });

  it('the command line never catches up or starts the schedule, even when the configuration turns it on', async () => {
    const db = await openDatabase(overrides.database as TestDatabaseConfig);
    try {
      expect(await db.query(`SELECT * FROM "setting" WHERE "key" = 'scheduler.firstStart'`)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('run-job of an unknown job or with a bad --arg exits 2; a job that fails exits 1', async () => {
    expect(await cli('run-job', 'nope')).toEqual({ code: 2, out: '', err: 'error: Job nope not found\n' });
    const bad = await cli('run-job', 'test.job', '--arg', 'period');
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: --arg: expected key=value, got "period"\n');
    const failed = await cli('run-job', 'test.failing');
    expect(failed.code).toBe(1);
    expect(failed.out).toMatch(/: failed, 0 messages: failed: the mail server said no\n$/);
    expect(failed.err).toMatch(/^error: job test\.failing failed \(run \d+\)\n$/);
  });
});
