// Two real service processes on one database, as behind a load balancer: started together, written to at once,
// both running the schedule and the mail sender. On PostgreSQL (TEST_POSTGRES_URL) they start at the same moment;
// on one SQLite file one after the other (the embedded database is for a single instance; this proves that a
// second process, such as the command line beside the service, never meets a 500).
import { rmSync } from 'node:fs';
import { DEMO_PASSWORDS, tempDir } from './support/app';
import { demoTasks } from './support/demo';
import { freshDatabase, openDatabase, testDialect, type TestDatabaseConfig } from './support/database';
import {
  ensureBuilt,
  InstanceClient,
  startInstance,
  stopAll,
  type Instance,
  type InstanceOptions,
} from './support/instances';
import { startSmtp, type TestSmtpServer } from './support/smtp';

jest.setTimeout(180_000);

const OFF = { enabled: false };
const ALL_JOBS_OFF = {
  digest: OFF,
  'dispatch.open': OFF,
  'dispatch.remind': OFF,
  'bulletin.weekly': OFF,
  escalation: OFF,
};

describe('two service processes on one database', () => {
  const dir = tempDir();
  let smtp: TestSmtpServer;
  let running: Instance[] = [];

  beforeAll(async () => {
    ensureBuilt();
    smtp = await startSmtp();
  });
  afterEach(async () => {
    await stopAll(running);
    running = [];
  });
  afterAll(async () => {
    await smtp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts two instances: at the same moment on PostgreSQL, one after the other on SQLite. */
  async function startTwo(database: TestDatabaseConfig, opts: Partial<InstanceOptions> = {}): Promise<Instance[]> {
    const options = (name: string): InstanceOptions => ({ dir, database, ...opts, name });
    if (testDialect() === 'postgres') {
      running = await Promise.all([startInstance(options('a')), startInstance(options('b'))]);
    } else {
      running = [await startInstance(options('a'))];
      running.push(await startInstance(options('b')));
    }
    return running;
  }

  async function rows<T = any>(database: TestDatabaseConfig, sql: string): Promise<T[]> {
    const db = await openDatabase(database);
    try {
      return (await db.query(sql)) as T[];
    } finally {
      await db.destroy();
    }
  }

  const base = { clock: { today: '2023-09-20' }, scheduler: { enabled: false }, mail: { dir: `${dir}/mail` } };

  it('apply the schema and load the demo plan once when they start together', async () => {
    const database = await freshDatabase(dir, 'together');
    const [a, b] = await startTwo(database, { config: base });
    const lead = await InstanceClient.signIn(a, ...DEMO_PASSWORDS.lead);
    const viewer = await InstanceClient.signIn(b, ...DEMO_PASSWORDS.viewer);
    expect((await lead.get('/api/plans')).length).toBe(1);
    expect((await viewer.get('/api/tasks?pageSize=1')).total).toBe((await lead.get('/api/tasks?pageSize=1')).total);
    const admins = await rows(database, `SELECT COUNT(*) AS n FROM "user" WHERE "email" = 'admin@tianshui.example.cn'`);
    expect(Number(admins[0].n)).toBe(1);
    expect(a.output() + b.output()).not.toMatch(/ERROR|Error:/);
  });

  it('answer a burst of writes on both with no 5xx and no duplicate task code or report', async () => {
    const database = await freshDatabase(dir, 'burst');
    const [a, b] = await startTwo(database, { config: base });
    const leads = [
      await InstanceClient.signIn(a, ...DEMO_PASSWORDS.secretariat),
      await InstanceClient.signIn(b, ...DEMO_PASSWORDS.secretariat),
    ];
    const plan = (await leads[0].get('/api/plans'))[0];
    const workItem = (await leads[0].get(`/api/plans/${plan.id}`)).workItems[0];
    const unit = (await leads[0].get('/api/units'))[0];
    const created = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        leads[i % 2].call('POST', '/api/tasks', {
          workItemId: workItem.id,
          title: `两个实例同时新建的任务 ${i + 1}`,
          leadUnitId: unit.id,
          deadline: '2023-12-31',
        }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual(Array(24).fill(201));
    expect(new Set(created.map((r) => r.body.code)).size).toBe(24);

    const liaisons = [
      await InstanceClient.signIn(a, ...DEMO_PASSWORDS.liaison),
      await InstanceClient.signIn(b, ...DEMO_PASSWORDS.liaison),
    ];
    const code = demoTasks.find((x) => x.leadUnit === 'yd' && x.status === 'in_progress')!.code;
    const own = (await liaisons[0].get(`/api/tasks?q=${code}`)).items.find((x: { code: string }) => x.code === code);
    const reports = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        liaisons[i % 2].call('POST', `/api/tasks/${own.id}/reports`, {
          period: '2023-09',
          text: `同时提交 ${i}`,
          percent: 70,
        }),
      ),
    );
    const statuses = reports.map((r) => r.status).sort();
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 409)).toBe(true);
    const live = await rows(
      database,
      `SELECT COUNT(*) AS n FROM "progress_report" WHERE "taskId" = ${Number(own.id)} AND "period" = '2023-09'`,
    );
    expect(Number(live[0].n)).toBe(1);
  });

  it('run each scheduled slot once between them', async () => {
    const database = await freshDatabase(dir, 'slots');
    const config = {
      ...base,
      scheduler: { enabled: true, catchUp: false, jobs: { ...ALL_JOBS_OFF, escalation: { cron: '*/2 * * * * *' } } },
    };
    await startTwo(database, { config });
    await new Promise((r) => setTimeout(r, 9000));
    await stopAll(running);
    running = [];
    const runs = await rows<{ slot: string; status: string; n: number }>(
      database,
      `SELECT "slot", "status", COUNT(*) AS n FROM "job_run" WHERE "job" = 'escalation' GROUP BY "slot", "status"`,
    );
    const done = runs.filter((r) => r.status === 'done');
    expect(done.length).toBeGreaterThanOrEqual(3);
    expect(runs.filter((r) => r.status === 'failed')).toEqual([]);
    const perSlot = new Map<string, number>();
    for (const r of done) perSlot.set(r.slot, (perSlot.get(r.slot) ?? 0) + Number(r.n));
    expect([...perSlot.values()].every((n) => n === 1)).toBe(true);
    const keys = await rows(
      database,
      `SELECT "idempotencyKey", COUNT(*) AS n FROM "outbox_message" GROUP BY "idempotencyKey" HAVING COUNT(*) > 1`,
    );
    expect(keys).toEqual([]);
  });

  it('catch up a slot missed while both were down, once', async () => {
    const database = await freshDatabase(dir, 'catch-up');
    const jobs = { ...ALL_JOBS_OFF, escalation: { cron: '30 9 * * *' } };
    // Monday: one instance runs with the schedule on, so the scheduler's first start is recorded; then all stop.
    const monday = await startInstance({
      name: 'monday',
      dir,
      database,
      config: { ...base, clock: { today: '2023-09-18' }, scheduler: { enabled: true, catchUp: true, jobs } },
    });
    await monday.stop();
    // Thursday 09:00: Wednesday 09:30 was the latest slot missed; both catch up, one of them runs it.
    await startTwo(database, {
      config: { ...base, clock: { today: '2023-09-21' }, scheduler: { enabled: true, catchUp: true, jobs } },
    });
    const caught = await rows<{ slot: string; trigger: string; status: string }>(
      database,
      `SELECT "slot", "trigger", "status" FROM "job_run" WHERE "job" = 'escalation' ORDER BY "id"`,
    );
    expect(caught).toEqual([{ slot: '2023-09-20T01:30:00.000Z', trigger: 'catch-up', status: 'done' }]);
  });

  it('deliver every queued message exactly once between them', async () => {
    smtp.reset();
    const database = await freshDatabase(dir, 'outbox');
    const config = {
      ...base,
      // the sender runs with the schedule; every job is off, so only the round's requests are sent
      scheduler: { enabled: true, catchUp: false, jobs: ALL_JOBS_OFF },
      mail: {
        ...base.mail,
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, maxConnections: 3 },
        pollSeconds: 0.2,
      },
    };
    const [a] = await startTwo(database, { config });
    const office = await InstanceClient.signIn(a, ...DEMO_PASSWORDS.secretariat);
    const plan = (await office.get('/api/plans'))[0];
    const round = await office.call('POST', '/api/dispatch-rounds', {
      planId: plan.id,
      period: '2023-09',
      dueDate: '2023-10-25',
    });
    expect(round.status).toBe(201);
    const queued = await rows(database, `SELECT COUNT(*) AS n FROM "outbox_message"`);
    const total = Number(queued[0].n);
    expect(total).toBeGreaterThan(5);
    await smtp.waitFor(total, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // a second copy, if any, would arrive now
    const keys = smtp.messages.map((m) => String(m.headers.get('x-zhuanban-key')));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(total);
    const left = await rows(database, `SELECT "status", COUNT(*) AS n FROM "outbox_message" GROUP BY "status"`);
    expect(left.map((r) => [r.status, Number(r.n)])).toEqual([['sent', total]]);
  });
});
