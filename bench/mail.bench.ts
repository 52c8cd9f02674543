// Benchmark: digests and a bulletin for 100 units, at 1,000 and at 10,000 tasks, delivered to an SMTP server on
// loopback. Prints the time of each phase, messages per second and memory; says whether the targets are met:
// digests for 100 units rendered and queued in under 2 s, and cost growing no faster than linearly with tasks.
// Run as a section of `npm run bench` (bench/run.ts); exits 1 when a target is missed. Bounded: two sizes, one pass each; everything listens on 127.0.0.1 and stops.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { hashPassword } from '../src/auth/passwords';
import { BulletinsService } from '../src/bulletins/bulletins.service';
import { loadConfig } from '../src/config/config';
import { MailSender } from '../src/mail/mail-sender';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { StartupService } from '../src/startup.service';

const UNITS = 100;
const SIZES = [1_000, 10_000];
const TODAY = '2023-09-20';

/** A small deterministic generator, so every run measures the same data. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function startSmtp(): Promise<{ server: SMTPServer; port: number; received: () => number }> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        count++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.server.address() as AddressInfo).port, received: () => count };
}

async function insertChunks(ds: DataSource, table: string, rows: Record<string, unknown>[], size = 400): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await ds
      .createQueryBuilder()
      .insert()
      .into(table)
      .values(rows.slice(i, i + size))
      .execute();
  }
}

/** A plan of `tasks` tasks over 100 units, with supporting units, reports, an open dispatch round and changes. */
async function seed(ds: DataSource, tasks: number): Promise<void> {
  const rand = rng(tasks);
  const hash = await hashPassword('Bench-password-1');
  await ds.query(
    `INSERT INTO plan (code, title, description, startDate, endDate, source) VALUES ('bench', '基准测试计划', '', '2023-01-01', '2024-12-31', 'user')`,
  );
  for (let w = 1; w <= 4; w++) {
    await ds.query(
      `INSERT INTO work_item (planId, code, seq, title, description, source) VALUES (1, 'W${w}', ${w}, '工作事项${w}', '', 'user')`,
    );
  }
  const units = Array.from({ length: UNITS }, (_, i) => ({
    code: `u${String(i + 1).padStart(3, '0')}`,
    name: `成员单位${i + 1}`,
    kind: 'other',
    mailbox: `unit${i + 1}@bench.example.cn`,
    supervisingLeaderName: `分管领导${i + 1}`,
    supervisingLeaderEmail: `leader${i + 1}@bench.example.cn`,
    locale: i % 10 === 0 ? 'en' : 'zh-CN',
    source: 'user',
  }));
  await insertChunks(ds, 'unit', units);
  const users = units.map((u, i) => ({
    email: `liaison${i + 1}@bench.example.cn`,
    displayName: `联络员${i + 1}`,
    role: 'liaison',
    unitId: i + 1,
    passwordHash: hash,
    locale: u.locale,
  }));
  users.push({
    email: 'lead@bench.example.cn',
    displayName: '负责人',
    role: 'lead',
    unitId: 1,
    passwordHash: hash,
    locale: 'zh-CN',
  });
  users.push({
    email: 'office@bench.example.cn',
    displayName: '办公室',
    role: 'secretariat',
    unitId: 1,
    passwordHash: hash,
    locale: 'zh-CN',
  });
  await insertChunks(ds, 'user', users);
  const statuses = ['assigned', 'in_progress', 'in_progress', 'in_progress', 'blocked', 'closed', 'draft'];
  const taskRows = Array.from({ length: tasks }, (_, i) => {
    const start = addDays('2023-03-01', Math.floor(rand() * 150));
    const deadline = addDays(TODAY, Math.floor(rand() * 240) - 60);
    const status = statuses[Math.floor(rand() * statuses.length)];
    return {
      planId: 1,
      workItemId: 1 + (i % 4),
      code: `T${i + 1}`,
      title: `基准任务 ${i + 1}:推进5G网络建设与融合应用`,
      description: '',
      leadUnitId: 1 + Math.floor(rand() * UNITS),
      startDate: start < deadline ? start : addDays(deadline, -30),
      deadline,
      originalDeadline: deadline,
      priority: 'normal',
      status,
      progress: status === 'closed' ? 100 : Math.floor(rand() * 100),
      tags: '[]',
      source: 'user',
      closedOn: status === 'closed' ? addDays(deadline, -1) : null,
    };
  });
  await insertChunks(ds, 'task', taskRows, 300);
  const links: { taskId: number; unitId: number }[] = [];
  taskRows.forEach((t, i) => {
    const n = Math.floor(rand() * 3);
    const mine = new Set<number>();
    for (let k = 0; k < n; k++) {
      const unitId = 1 + Math.floor(rand() * UNITS);
      if (unitId !== t.leadUnitId && !mine.has(unitId)) {
        mine.add(unitId);
        links.push({ taskId: i + 1, unitId });
      }
    }
  });
  await insertChunks(ds, 'task_supporting_unit', links, 2000);
  await ds.query(
    `INSERT INTO dispatch_round (planId, period, title, dueDate, status, openedAt) VALUES (1, '2023-09', '2023年9月调度', '2023-09-25', 'open', '2023-09-01 01:00:00')`,
  );
  await insertChunks(
    ds,
    'dispatch_round_unit',
    units.map((_, i) => ({ roundId: 1, unitId: i + 1 })),
    2000,
  );
  const open = taskRows
    .map((t, i) => ({ t, id: i + 1 }))
    .filter((x) => ['assigned', 'in_progress', 'blocked'].includes(x.t.status));
  await insertChunks(
    ds,
    'dispatch_round_task',
    open.map((x) => ({ roundId: 1, taskId: x.id })),
    2000,
  );
  const reports = open
    .filter(() => rand() < 0.4)
    .map((x) => ({
      taskId: x.id,
      unitId: x.t.leadUnitId,
      period: '2023-09',
      text: '本月按计划推进。',
      percent: x.t.progress,
      problems: rand() < 0.1 ? '基站进场协调困难' : '',
      nextSteps: '',
      needsCoordination: rand() < 0.1 ? 1 : 0,
      status: 'submitted',
      filedAt: '2023-09-15 02:00:00',
      filedOn: '2023-09-15',
      dispatchRoundId: 1,
      source: 'user',
    }));
  await insertChunks(ds, 'progress_report', reports, 300);
  const changes = open
    .filter(() => rand() < 0.2)
    .map((x) => ({
      at: '2023-09-19 03:00:00',
      actorId: UNITS + 2,
      actorEmail: 'office@bench.example.cn',
      entityType: 'task',
      entityId: x.id,
      action: 'update',
      field: 'progress',
      oldValue: String(Math.max(0, x.t.progress - 10)),
      newValue: String(x.t.progress),
    }));
  await insertChunks(ds, 'audit_entry', changes, 400);
  await ds.query(
    `INSERT INTO indicator (planId, code, name, measure, baseline, baselineDate, target, targetDate, direction, headline, source) VALUES (1, 'bs', '新建5G基站', '座', 0, '2023-01-01', 850, '2023-12-31', 'increase', 1, 'user')`,
  );
  await ds.query(
    `INSERT INTO indicator_value (indicatorId, value, observedOn, source, note, voided) VALUES (1, 1127, '2023-07-31', 'secretariat', '', 0)`,
  );
}

interface Result {
  tasks: number;
  seedMs: number;
  digestMs: number;
  digests: number;
  bulletinMs: number;
  bulletinMessages: number;
  deliverMs: number;
  delivered: number;
  rssMb: number;
}

async function measure(tasks: number): Promise<Result> {
  const dir = mkdtempSync(join(tmpdir(), 'zhuanban-bench-'));
  const smtp = await startSmtp();
  const config = loadConfig(
    {},
    {
      database: { path: join(dir, 'bench.sqlite') },
      demo: { load: false },
      admin: { email: 'admin@bench.example.cn', password: 'Bench-admin-2023' },
      clock: { today: TODAY },
      log: { level: 'error' },
      scheduler: { enabled: false },
      mail: {
        dir: join(dir, 'mail'),
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, user: null, password: null, maxConnections: 5 },
        batchSize: 1000,
      },
    },
  );
  const app = await createApp(config);
  try {
    await app.get(StartupService).run();
    await app.init();
    const ds = app.get(DataSource);
    let t0 = performance.now();
    await seed(ds, tasks);
    const seedMs = performance.now() - t0;

    t0 = performance.now();
    const run = await app.get(SchedulerService).runNow('digest');
    const digestMs = performance.now() - t0;

    t0 = performance.now();
    const bulletins = app.get(BulletinsService);
    const bulletin = await bulletins.create(SYSTEM_ACTOR, { period: '2023-09' });
    const sent = await bulletins.send(SYSTEM_ACTOR, bulletin.id);
    const bulletinMs = performance.now() - t0;

    const queued = await ds.getRepository(OutboxMessage).count();
    const sender = app.get(MailSender);
    t0 = performance.now();
    await sender.deliverAll();
    const deliverMs = performance.now() - t0;
    if (smtp.received() !== queued)
      throw new Error(`queued ${queued} messages but the server received ${smtp.received()}`);
    return {
      tasks,
      seedMs,
      digestMs,
      digests: run.messages,
      bulletinMs,
      bulletinMessages:
        (sent as { messages?: number; queued?: number }).messages ?? (sent as { queued?: number }).queued ?? 0,
      deliverMs,
      delivered: smtp.received(),
      rssMb: process.memoryUsage().rss / 2 ** 20,
    };
  } finally {
    await app.close();
    await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results: Result[] = [];
  for (const size of SIZES) results.push(await measure(size));
  const f = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\nZhuanban mail benchmark: ${UNITS} units, Node ${process.version}\n`);
  console.log('tasks   | seed    | digests (render+queue) | bulletin (snapshot+queue) | delivery            | RSS');
  for (const r of results) {
    console.log(
      `${String(r.tasks).padEnd(7)} | ${f(r.seedMs).padEnd(7)} | ${f(r.digestMs)} for ${r.digests} msgs`.padEnd(51) +
        ` | ${f(r.bulletinMs)} for ${r.bulletinMessages} msgs`.padEnd(28) +
        ` | ${r.delivered} in ${f(r.deliverMs)} = ${((r.delivered / r.deliverMs) * 1000).toFixed(0)} msg/s`.padEnd(22) +
        ` | ${r.rssMb.toFixed(0)} MB`,
    );
  }
  const [small, large] = results;
  const growth = large.digestMs / small.digestMs;
  const taskGrowth = large.tasks / small.tasks;
  console.log(
    `\ndigest cost grows ×${growth.toFixed(1)} for ×${taskGrowth} tasks (bulletin ×${(large.bulletinMs / small.bulletinMs).toFixed(1)})`,
  );
  console.log(
    `target: digests for ${UNITS} units at ${large.tasks} tasks under 2 s — ${large.digestMs < 2000 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `target: growth no faster than linear (×${growth.toFixed(1)} ≤ ×${taskGrowth}) — ${growth <= taskGrowth ? 'met' : 'NOT met'}`,
  );
  // Part of `npm run bench` (bench/run.ts), which reads a missed target from the exit code.
  if (large.digestMs >= 2000 || growth > taskGrowth) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
