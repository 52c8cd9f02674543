// The benchmark's data: on a database the service has migrated and seeded with the demo plan, 100 more units with
// a liaison each, N tasks over the demo work items (sub-tasks, recurrence, owners, supporting units, mixed statuses
// and deadlines around TODAY), ≈ 2.7 progress reports and ≈ 10 audit rows per task and an open dispatch round,
// written with multi-row INSERTs. Deterministic: the same size gives the same rows. Also the plan file `load-plan`
// is timed with.
import { writeFileSync } from 'node:fs';
import { Client } from 'pg';
import * as sqlite3 from 'sqlite3';
import { hashPassword } from '../src/auth/passwords';

export const TODAY = '2023-09-20';
export const UNITS = 100;
export const BENCH_PASSWORD = 'Bench-password-2023';
/** A word a few titles carry, for the text search. */
export const SEARCH_WORD = '智慧矿山';

export type Dialect = 'sqlite' | 'postgres';

/** One connection to the benchmark database, for the generator and a few look-ups. */
export interface Db {
  readonly dialect: Dialect;
  query<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

export async function openDb(dialect: Dialect, target: string): Promise<Db> {
  if (dialect === 'postgres') {
    const client = new Client({ connectionString: target });
    await client.connect();
    return {
      dialect,
      query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      exec: async (sql: string) => void (await client.query(sql)),
      close: () => client.end(),
    };
  }
  const db = await new Promise<sqlite3.Database>((done, fail) => {
    const d = new sqlite3.Database(target, (e) => (e ? fail(e) : done(d)));
  });
  return {
    dialect,
    query: <T>(sql: string) =>
      new Promise<T[]>((done, fail) => db.all(sql, (e: Error | null, rows: T[]) => (e ? fail(e) : done(rows)))),
    exec: (sql: string) => new Promise<void>((done, fail) => db.exec(sql, (e) => (e ? fail(e) : done()))),
    close: () => new Promise<void>((done) => db.close(() => done())),
  };
}

/** A deterministic generator, so every run measures the same data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const DAY = 86_400_000;
const TODAY_MS = Date.parse(`${TODAY}T00:00:00Z`);
const dateOf = (offsetDays: number) => new Date(TODAY_MS + offsetDays * DAY).toISOString().slice(0, 10);
const stampOf = (offsetDays: number, hour = 2) =>
  new Date(TODAY_MS + offsetDays * DAY + hour * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

type Value = string | number | boolean | null;

function literal(dialect: Dialect, v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return dialect === 'postgres' ? (v ? 'true' : 'false') : v ? '1' : '0';
  return `'${v.replace(/'/g, "''")}'`;
}

/** Inserts rows in multi-row statements of `chunk` rows. */
async function insert(db: Db, table: string, columns: string[], rows: Value[][], chunk = 500): Promise<void> {
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  for (let i = 0; i < rows.length; i += chunk) {
    const values = rows
      .slice(i, i + chunk)
      .map((r) => `(${r.map((v) => literal(db.dialect, v)).join(',')})`)
      .join(',');
    await db.exec(head + values);
  }
}

const VERBS = ['推进', '加快', '完善', '落实', '组织', '开展', '统筹', '协调', '督促', '实施'];
const AREAS = ['秦州区', '麦积区', '甘谷县', '武山县', '清水县', '秦安县', '张家川县', '经开区', '高新区', '全市'];
const OBJECTS = [
  '5G基站建设',
  '光纤网络改造',
  '重点场所覆盖',
  '工业互联网应用',
  '智慧医疗试点',
  '智慧教育示范',
  '站址资源共享',
  '杆塔开放',
  '电力配套保障',
  '行业融合应用',
];
const TAGS = ['基站', '应用', '机制', '覆盖', '配套', '试点'];
const STATUSES: [string, number][] = [
  ['draft', 0.03],
  ['assigned', 0.15],
  ['in_progress', 0.45],
  ['submitted', 0.05],
  ['blocked', 0.05],
  ['closed', 0.22],
  ['cancelled', 0.05],
];
const OPEN = new Set(['assigned', 'in_progress', 'submitted', 'blocked']);

function pickStatus(r: number): string {
  let acc = 0;
  for (const [s, p] of STATUSES) if (r < (acc += p)) return s;
  return 'in_progress';
}

export interface GeneratedTask {
  code: string;
  workItemIndex: number;
  parentIndex: number | null;
  title: string;
  leadUnit: number;
  supporting: number[];
  ownerLiaison: boolean;
  startDate: string;
  deadline: string;
  recurrence: { freq: 'monthly'; day: number } | null;
  priority: string;
  status: string;
  progress: number;
  tags: string[];
  closedOn: string | null;
}

/** The tasks of a size, as plain data: `unit` indexes 0..UNITS-1 the bench units; sub-tasks point to earlier tasks. */
export function generateTasks(n: number, workItems: number): GeneratedTask[] {
  const rand = rng(n + 7);
  const tasks: GeneratedTask[] = [];
  for (let i = 0; i < n; i++) {
    const parentIndex = i % 10 === 9 ? i - 1 - Math.floor(rand() * Math.min(i, 8)) : null;
    const workItemIndex = parentIndex === null ? Math.floor(rand() * workItems) : tasks[parentIndex].workItemIndex;
    const status = pickStatus(rand());
    const deadlineOffset = Math.floor(rand() * 360) - 90;
    const deadline = dateOf(deadlineOffset);
    const closedOffset = Math.min(deadlineOffset, -1) - Math.floor(rand() * 20);
    let startOffset = deadlineOffset - 30 - Math.floor(rand() * 170);
    // A closed task was closed after it started.
    if (status === 'closed') startOffset = Math.min(startOffset, closedOffset - 10);
    const startDate = dateOf(startOffset);
    const leadUnit = Math.floor(rand() * UNITS);
    const supporting: number[] = [];
    for (let k = Math.floor(rand() * 3); k > 0; k--) {
      const u = Math.floor(rand() * UNITS);
      if (u !== leadUnit && !supporting.includes(u)) supporting.push(u);
    }
    const object = i % 97 === 0 ? SEARCH_WORD : OBJECTS[Math.floor(rand() * OBJECTS.length)];
    const closedOn = status === 'closed' ? dateOf(closedOffset) : null;
    tasks.push({
      code: `B${String(i + 1).padStart(6, '0')}`,
      workItemIndex,
      parentIndex,
      title: `${VERBS[Math.floor(rand() * VERBS.length)]}${AREAS[Math.floor(rand() * AREAS.length)]}${object}（${i + 1}）`,
      leadUnit,
      supporting,
      ownerLiaison: rand() < 0.5,
      startDate,
      deadline,
      recurrence: i % 101 === 50 ? { freq: 'monthly', day: 25 } : null,
      priority: rand() < 0.1 ? 'high' : 'normal',
      status,
      progress: status === 'closed' ? 100 : status === 'draft' ? 0 : Math.floor(rand() * 100),
      tags: [TAGS[i % TAGS.length]],
      closedOn,
    });
  }
  return tasks;
}

export interface Seeded {
  tasks: number;
  /** Every task in the database, demo tasks included. */
  totalTasks: number;
  firstTaskId: number;
  unitIds: number[];
  liaisonEmail: string;
  liaisonUnitId: number;
  reports: number;
  audit: number;
}

/** Adds the benchmark's units, users, tasks, reports, audit rows and an open round to a seeded demo database. */
export async function generate(db: Db, n: number): Promise<Seeded> {
  const pg = db.dialect === 'postgres';
  const max = async (table: string) =>
    Number((await db.query<{ m: number | null }>(`SELECT MAX("id") AS m FROM "${table}"`))[0].m ?? 0);
  const [plan] = await db.query<{ id: number }>(`SELECT "id" FROM "plan" ORDER BY "id" LIMIT 1`);
  const workItems = (await db.query<{ id: number }>(`SELECT "id" FROM "work_item" WHERE "planId" = ${plan.id}`)).map(
    (w) => Number(w.id),
  );
  const [office] = await db.query<{ id: number; email: string }>(
    `SELECT "id", "email" FROM "user" WHERE "role" = 'secretariat' ORDER BY "id" LIMIT 1`,
  );
  const hash = await hashPassword(BENCH_PASSWORD);
  const rand = rng(n);

  await db.exec('BEGIN');
  const unit0 = (await max('unit')) + 1;
  const unitIds = Array.from({ length: UNITS }, (_, i) => unit0 + i);
  await insert(
    db,
    'unit',
    ['id', 'code', 'name', 'kind', 'mailbox', 'supervisingLeaderName', 'supervisingLeaderEmail', 'locale', 'source'],
    unitIds.map((id, i) => [
      id,
      `b${String(i + 1).padStart(3, '0')}`,
      `基准成员单位${i + 1}`,
      i % 3 === 0 ? 'county' : 'department',
      `unit${i + 1}@bench.example.cn`,
      `分管领导${i + 1}`,
      `leader${i + 1}@bench.example.cn`,
      i % 10 === 9 ? 'en' : 'zh-CN',
      'user',
    ]),
  );
  const user0 = (await max('user')) + 1;
  const liaisonIds = unitIds.map((_, i) => user0 + i);
  await insert(
    db,
    'user',
    ['id', 'email', 'displayName', 'role', 'unitId', 'passwordHash', 'locale'],
    unitIds.map((unitId, i) => [
      liaisonIds[i],
      `liaison${i + 1}@bench.example.cn`,
      `联络员${i + 1}`,
      'liaison',
      unitId,
      hash,
      'zh-CN',
    ]),
  );

  const tasks = generateTasks(n, workItems.length);
  const task0 = (await max('task')) + 1;
  const taskCols = [
    'id',
    'planId',
    'workItemId',
    'parentId',
    'code',
    'title',
    'description',
    'leadUnitId',
    'ownerId',
    'ownerName',
    'startDate',
    'deadline',
    'originalDeadline',
    'recurrence',
    'priority',
    'status',
    'progress',
    'tags',
    'source',
    'closedAt',
    'closedOn',
    'createdById',
    'createdAt',
    'updatedAt',
  ];
  const taskRows: Value[][] = tasks.map((t, i) => [
    task0 + i,
    plan.id,
    workItems[t.workItemIndex],
    t.parentIndex === null ? null : task0 + t.parentIndex,
    t.code,
    t.title,
    '按照专班工作计划推进，按月报送进展。',
    unitIds[t.leadUnit],
    t.ownerLiaison ? liaisonIds[t.leadUnit] : null,
    t.ownerLiaison ? null : '张伟',
    t.startDate,
    t.deadline,
    // A few tasks were re-planned: their first deadline was earlier.
    i % 50 === 3 ? dateOf(-120) : t.deadline,
    t.recurrence ? JSON.stringify(t.recurrence) : null,
    t.priority,
    t.status,
    t.progress,
    JSON.stringify(t.tags),
    'user',
    t.closedOn ? `${t.closedOn} 08:00:00` : null,
    t.closedOn,
    office.id,
    '2023-03-01 01:00:00',
    '2023-09-01 01:00:00',
  ]);
  await insert(db, 'task', taskCols, taskRows, 400);
  const links: Value[][] = [];
  tasks.forEach((t, i) => t.supporting.forEach((u) => links.push([task0 + i, unitIds[u]])));
  await insert(db, 'task_supporting_unit', ['taskId', 'unitId'], links, 2000);

  // An open round for this month: every bench unit, every open task.
  const round = (await max('dispatch_round')) + 1;
  await db.exec(
    `INSERT INTO "dispatch_round" ("id", "planId", "period", "title", "dueDate", "status", "openedById", "openedAt") ` +
      `VALUES (${round}, ${plan.id}, '2023-09', '2023年9月工作进展调度', '2023-09-25', 'open', ${office.id}, '2023-09-01 01:00:00')`,
  );
  await insert(
    db,
    'dispatch_round_unit',
    ['roundId', 'unitId'],
    unitIds.map((u) => [round, u]),
  );
  const openIds = tasks.flatMap((t, i) => (OPEN.has(t.status) ? [task0 + i] : []));
  await insert(
    db,
    'dispatch_round_task',
    ['roundId', 'taskId'],
    openIds.map((id) => [round, id]),
    2000,
  );

  // Reports: two or three months per task that has started (≈ 2.7 a task), the last one in this round.
  const reportCols = [
    'taskId',
    'unitId',
    'period',
    'text',
    'percent',
    'problems',
    'nextSteps',
    'needsCoordination',
    'status',
    'dispatchRoundId',
    'filedById',
    'filedAt',
    'filedOn',
    'source',
  ];
  const reportRows: Value[][] = [];
  const periods: [string, number][] = [
    ['2023-09', -5],
    ['2023-08', -27],
    ['2023-07', -58],
  ];
  tasks.forEach((t, i) => {
    if (t.status === 'draft') return;
    const count = rand() < 0.7 ? 3 : 2;
    for (let k = 0; k < count; k++) {
      const [period, offset] = periods[k];
      const coordination = rand() < 0.05;
      reportRows.push([
        task0 + i,
        unitIds[t.leadUnit],
        period,
        `${period}：按计划推进，完成阶段性工作。`,
        Math.max(0, t.progress - 10 * k),
        coordination ? '站址进场协调困难，需专班协调。' : '',
        '继续推进。',
        coordination,
        k === 0 ? 'submitted' : 'accepted',
        k === 0 && OPEN.has(t.status) ? round : null,
        liaisonIds[t.leadUnit],
        stampOf(offset),
        dateOf(offset),
        'user',
      ]);
    }
  });
  await insert(db, 'progress_report', reportCols, reportRows, 400);

  // Audit: ten rows a task, the creation and nine changes over the year; a few in the last days (digest changes).
  const auditCols = [
    'at',
    'actorId',
    'actorEmail',
    'entityType',
    'entityId',
    'action',
    'field',
    'oldValue',
    'newValue',
  ];
  const auditRows: Value[][] = [];
  for (let i = 0; i < tasks.length; i++) {
    const id = task0 + i;
    auditRows.push([stampOf(-200), office.id, office.email, 'task', id, 'create', null, null, tasks[i].code]);
    for (let k = 1; k < 10; k++) {
      const recent = k === 9 && i % 5 === 0;
      const at = recent ? stampOf(-1 - (i % 3)) : stampOf(-200 + k * 18);
      const field = k % 3 === 0 ? 'status' : 'progress';
      auditRows.push([
        at,
        office.id,
        office.email,
        'task',
        id,
        'update',
        field,
        field === 'status' ? 'assigned' : String(k * 5),
        field === 'status' ? 'in_progress' : String(k * 5 + 5),
      ]);
    }
  }
  await insert(db, 'audit_entry', auditCols, auditRows, 1000);
  await db.exec('COMMIT');

  if (pg) {
    for (const table of ['unit', 'user', 'task', 'progress_report', 'audit_entry', 'dispatch_round'])
      await db.exec(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), (SELECT MAX("id") FROM "${table}"))`);
  }
  const [{ c }] = await db.query<{ c: number }>(`SELECT COUNT(*) AS c FROM "task"`);
  return {
    tasks: n,
    totalTasks: Number(c),
    firstTaskId: task0,
    unitIds,
    liaisonEmail: 'liaison1@bench.example.cn',
    liaisonUnitId: unitIds[0],
    reports: reportRows.length,
    audit: auditRows.length,
  };
}

/** A zhuanban-plan/1 file of n tasks over 100 units, for timing `load-plan`. */
export function writePlanFile(file: string, n: number): void {
  const tasks = generateTasks(n, 4);
  const code = (u: number) => `p${String(u + 1).padStart(3, '0')}`;
  const plan = {
    format: 'zhuanban-plan/1',
    plan: { code: `bench-${n}`, title: `基准测试计划（${n}项任务）`, startDate: '2023-01-01', endDate: '2024-12-31' },
    units: Array.from({ length: UNITS }, (_, i) => ({
      code: code(i),
      name: `计划成员单位${i + 1}`,
      mailbox: `plan-unit${i + 1}@bench.example.cn`,
    })),
    workItems: [1, 2, 3, 4].map((w) => ({ code: `W${w}`, seq: w, title: `工作事项${w}` })),
    // Sub-tasks are nested under their parent, as a plan file writes them.
    tasks: [] as unknown[],
  };
  const nodes = tasks.map((t) => ({
    code: t.code,
    workItem: `W${t.workItemIndex + 1}`,
    title: t.title,
    leadUnit: code(t.leadUnit),
    supportingUnits: t.supporting.map(code),
    owner: '张伟',
    startDate: t.startDate,
    deadline: t.deadline,
    recurrence: t.recurrence,
    priority: t.priority,
    status: t.status,
    progress: t.progress,
    tags: t.tags,
    closedOn: t.closedOn,
    subtasks: [] as unknown[],
  }));
  tasks.forEach((t, i) => {
    if (t.parentIndex === null) plan.tasks.push(nodes[i]);
    else nodes[t.parentIndex].subtasks.push(nodes[i]);
  });
  writeFileSync(file, JSON.stringify(plan));
}
