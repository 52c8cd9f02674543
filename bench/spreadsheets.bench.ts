// Benchmark of the spreadsheets: the XLSX export of every task and an import of 1,000 rows (preview and commit),
// over real HTTP on the demo plan grown to --tasks tasks (default 10,000) with 100 more units. Prints the times,
// the peak RSS while exporting, and checks that the sheet holds every task exactly once.
// Run: `tsc -p bench/tsconfig.json && node dist-bench/bench/spreadsheets.bench.js --tasks 100000 [--pg URL]`.
// Everything listens on 127.0.0.1; the database is a temporary SQLite file (or a fresh PostgreSQL database).
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { Workbook, stream as excelStream } from 'exceljs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/config';
import { StartupService } from '../src/startup.service';

const TODAY = '2023-09-20';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

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

const quoted = (ds: DataSource, s: string) => (ds.options.type === 'postgres' ? s.replace(/`/g, '"') : s);

async function insertChunks(ds: DataSource, table: string, rows: Record<string, unknown>[], size = 300) {
  for (let i = 0; i < rows.length; i += size) {
    await ds
      .createQueryBuilder()
      .insert()
      .into(table)
      .values(rows.slice(i, i + size))
      .execute();
  }
}

/** Grows the demo plan by `count` tasks over its work items and 100 more units, with links and audit rows. */
async function grow(ds: DataSource, count: number): Promise<void> {
  const rand = rng(count);
  const workItems: { id: number }[] = await ds.query(quoted(ds, 'SELECT id FROM work_item WHERE `planId` = 1'));
  await insertChunks(
    ds,
    'unit',
    Array.from({ length: 100 }, (_, i) => ({
      code: `b${i + 1}`,
      name: `成员单位${i + 1}`,
      kind: 'other',
      mailbox: `unit${i + 1}@bench.example.cn`,
      locale: 'zh-CN',
      source: 'user',
    })),
  );
  const units: { id: number }[] = await ds.query('SELECT id FROM unit');
  const [{ max }] = await ds.query('SELECT MAX(id) AS max FROM task');
  const statuses = ['assigned', 'in_progress', 'in_progress', 'in_progress', 'blocked', 'closed', 'draft'];
  const links: Record<string, unknown>[] = [];
  const audit: Record<string, unknown>[] = [];
  for (let done = 0; done < count;) {
    const rows: Record<string, unknown>[] = [];
    for (; rows.length < 5000 && done < count; done++) {
      const start = addDays('2023-03-01', Math.floor(rand() * 150));
      const deadline = addDays(TODAY, Math.floor(rand() * 240) - 60);
      const status = statuses[Math.floor(rand() * statuses.length)];
      const lead = units[Math.floor(rand() * units.length)].id;
      const id = Number(max) + done + 1;
      rows.push({
        id,
        planId: 1,
        workItemId: workItems[done % workItems.length].id,
        code: `B${done + 1}`,
        title: `基准任务 ${done + 1}:推进5G网络建设与融合应用`,
        description: '',
        leadUnitId: lead,
        startDate: start < deadline ? start : addDays(deadline, -30),
        deadline,
        originalDeadline: deadline,
        priority: 'normal',
        status,
        progress: status === 'closed' ? 100 : Math.floor(rand() * 100),
        tags: ['基准'],
        source: 'user',
        closedOn: status === 'closed' ? addDays(deadline, -1) : null,
      });
      const other = units[Math.floor(rand() * units.length)].id;
      if (other !== lead && rand() < 0.6) links.push({ taskId: id, unitId: other });
      for (let k = 0; k < 2; k++) {
        audit.push({
          at: new Date('2023-09-19T03:00:00Z'),
          actorEmail: 'office@tianshui.example.cn',
          entityType: 'task',
          entityId: id,
          action: 'update',
          field: 'progress',
          oldValue: '0',
          newValue: '10',
        });
      }
    }
    await insertChunks(ds, 'task', rows, 300);
  }
  await insertChunks(ds, 'task_supporting_unit', links, 2000);
  await insertChunks(ds, 'audit_entry', audit, 500);
  if (ds.options.type === 'postgres') {
    await ds.query(`SELECT setval(pg_get_serial_sequence('task', 'id'), (SELECT MAX(id) FROM task))`);
    await ds.query('ANALYZE');
  }
}

interface Existing {
  code: string;
  title: string;
  deadline: string;
  progress: number;
  tags: string;
  wi: string;
  lead: string;
  supporting: string | null;
}

/** A sheet of 1,000 rows: 800 new tasks (codes generated) and 200 existing ones with a new progress. */
async function importSheet(existing: Existing[]): Promise<Buffer> {
  const wb = new Workbook();
  const ws = wb.addWorksheet('任务分解表');
  ws.addRow(['编号', '工作事项', '任务', '牵头单位', '配合单位', '完成时限', '进度%', '标签']);
  for (let i = 0; i < 800; i++) {
    ws.addRow(['', 'W1', `导入任务 ${i + 1}`, 'b1', 'b2、b3', '2023-12-31', i % 100, '导入']);
  }
  for (const t of existing) {
    const tags = (JSON.parse(t.tags) as string[]).join('、');
    const progress = (t.progress + 1) % 100;
    ws.addRow([t.code, t.wi, t.title, t.lead, t.supporting, t.deadline, progress, tags]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  const count = Number(arg('tasks') ?? 10_000);
  const pg = arg('pg');
  const dir = mkdtempSync(join(tmpdir(), 'zhuanban-sheets-bench-'));
  let url: string | null = null;
  if (pg) {
    const name = `zb_sheets_${process.pid}`;
    const c = new Client({ connectionString: pg });
    await c.connect();
    await c.query(`CREATE DATABASE "${name}"`);
    await c.end();
    const u = new URL(pg);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const config = loadConfig(
    {},
    {
      database: { url, path: join(dir, 'bench.sqlite') },
      demo: { load: true },
      clock: { today: TODAY },
      auth: { loginLimit: 10_000, accountLoginLimit: 10_000 },
      log: { level: 'error' },
      scheduler: { enabled: false },
      mail: { dir: join(dir, 'mail') },
    },
  );
  const app = await createApp(config);
  try {
    await app.get(StartupService).run();
    await app.listen(0, '127.0.0.1');
    const address = app.getHttpServer().address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const ds = app.get(DataSource);
    let t0 = performance.now();
    await grow(ds, count);
    const [{ n }] = await ds.query('SELECT COUNT(*) AS n FROM task');
    const total = Number(n);
    console.log(`${total} tasks (${ds.options.type}), grown in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'office@tianshui.example.cn', password: 'Demo-office-2023' }),
    });
    const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };

    // --- export ---
    global.gc?.();
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25);
    t0 = performance.now();
    const res = await fetch(`${base}/api/export/tasks.xlsx`, { headers: auth });
    if (res.status !== 200) throw new Error(`export: ${res.status} ${await res.text()}`);
    const content = Buffer.from(await res.arrayBuffer());
    const exportMs = performance.now() - t0;
    clearInterval(sampler);
    const codes = new Set<string>();
    let rows = 0;
    const reader = new excelStream.xlsx.WorkbookReader(Readable.from(content), {});
    for await (const sheet of reader) {
      for await (const row of sheet) {
        if (row.number === 1) continue;
        rows++;
        codes.add(String(row.getCell(1).value));
      }
    }
    console.log(
      `export: ${(exportMs / 1000).toFixed(2)} s, ${(content.length / 2 ** 20).toFixed(1)} MB, ${rows} rows ` +
        `(${codes.size} distinct codes, ${total} tasks: ${rows === total && codes.size === total ? 'all, once' : 'MISSING'}), ` +
        `RSS ${(rss0 / 2 ** 20).toFixed(0)} MB before, peak ${(peak / 2 ** 20).toFixed(0)} MB`,
    );

    // --- import of 1,000 rows ---
    const existing: Existing[] = await ds.query(
      quoted(
        ds,
        'SELECT t.code AS code, t.title AS title, t.deadline AS deadline, t.progress AS progress, t.tags AS tags, ' +
          'w.code AS wi, u.code AS lead, (SELECT ' +
          (ds.options.type === 'postgres' ? "string_agg(s.code, '、')" : "group_concat(s.code, '、')") +
          ' FROM task_supporting_unit l JOIN unit s ON s.id = l.`unitId` WHERE l.`taskId` = t.id) AS supporting ' +
          'FROM task t JOIN work_item w ON w.id = t.`workItemId` JOIN unit u ON u.id = t.`leadUnitId` ' +
          "WHERE t.status IN ('assigned', 'in_progress') AND t.`parentId` IS NULL AND t.code LIKE 'B%' ORDER BY t.id LIMIT 200",
      ),
    );
    const sheet = await importSheet(existing);
    t0 = performance.now();
    const preview = await fetch(`${base}/api/import/tasks/preview`, {
      method: 'POST',
      headers: { ...auth, 'content-type': XLSX },
      body: sheet,
    });
    const p = (await preview.json()) as { importId: string; summary: unknown };
    const previewMs = performance.now() - t0;
    if (preview.status !== 200) throw new Error(`preview: ${preview.status} ${JSON.stringify(p)}`);
    t0 = performance.now();
    const commit = await fetch(`${base}/api/import/tasks/${p.importId}/commit`, { method: 'POST', headers: auth });
    const c = (await commit.json()) as { summary: unknown };
    const commitMs = performance.now() - t0;
    if (commit.status !== 200) throw new Error(`commit: ${commit.status} ${JSON.stringify(c)}`);
    console.log(
      `import of 1,000 rows: preview ${(previewMs / 1000).toFixed(2)} s ${JSON.stringify(p.summary)}, ` +
        `commit ${(commitMs / 1000).toFixed(2)} s ${JSON.stringify(c.summary)}, ` +
        `total ${((previewMs + commitMs) / 1000).toFixed(2)} s`,
    );
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    if (pg && url) {
      const c = new Client({ connectionString: pg });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${new URL(url).pathname.slice(1)}" WITH (FORCE)`);
      await c.end();
    }
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
