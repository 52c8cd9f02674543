// The raw comparison server: plain node:http and sqlite3, no framework and no ORM, reading the service's SQLite file
// read-only and answering the task list's first page (GET /api/tasks?page=&pageSize=) the way a person would write it
// by hand: 50 tasks by deadline with their work item, lead unit and supporting units, and the total. The bearer token
// is checked as the service does, cheaply: its HS256 signature with the service's stored secret, its expiry, and
// the user's row by primary key. Run by bench/run.ts as a child process (PORT, DATABASE_PATH, TODAY).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import * as sqlite3 from 'sqlite3';

const TODAY = process.env.TODAY ?? '2023-09-20';
const OPEN = new Set(['assigned', 'in_progress', 'submitted', 'blocked']);

function open(path: string): Promise<sqlite3.Database> {
  return new Promise((done, fail) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (e) => (e ? fail(e) : done(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((done, fail) => db.all(sql, params, (e: Error | null, rows: T[]) => (e ? fail(e) : done(rows))));
}

interface Row {
  id: number;
  code: string;
  title: string;
  status: string;
  progress: number;
  priority: string;
  startDate: string | null;
  deadline: string;
  workItemId: number;
  workItemCode: string;
  workItemTitle: string;
  leadUnitId: number;
  leadUnitCode: string;
  leadUnitName: string;
}

// The page in the service's order (deadline, code, id): its ids walk the (deadline, code) index and stop after 50
// rows, then the joins are by primary key. Written with the joins outside: over the joins, SQLite starts from the
// four work items and sorts every task (130 ms at 100,000 tasks).
const PAGE_SQL = `SELECT t.id, t.code, t.title, t.status, t.progress, t.priority, t.startDate, t.deadline,
    t.workItemId, w.code AS workItemCode, w.title AS workItemTitle,
    t.leadUnitId, u.code AS leadUnitCode, u.name AS leadUnitName
  FROM (SELECT id FROM task ORDER BY deadline, code, id LIMIT ? OFFSET ?) p
  JOIN task t ON t.id = p.id JOIN work_item w ON w.id = t.workItemId JOIN unit u ON u.id = t.leadUnitId
  ORDER BY t.deadline, t.code, t.id`;

async function main(): Promise<void> {
  const path = process.env.DATABASE_PATH!;
  // Two connections: sqlite3 runs each connection's statements one at a time, and the machine has two cores.
  const pool = [await open(path), await open(path)];
  let turn = 0;
  const db = () => pool[turn++ % pool.length];
  const [secretRow] = await all<{ value: string }>(pool[0], `SELECT value FROM setting WHERE key = 'jwt_secret'`);
  const secret = secretRow?.value ?? '';

  const authorised = async (header: string | undefined): Promise<boolean> => {
    const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
    const [head, body, signature] = token.split('.');
    if (!signature) return false;
    const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { sub: number; exp?: number };
    if (payload.exp !== undefined && payload.exp * 1000 < Date.now()) return false;
    const users = await all<{ id: number }>(db(), 'SELECT id FROM "user" WHERE id = ? AND active = 1', [payload.sub]);
    return users.length === 1;
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://raw');
    if (url.pathname === '/health') return send(res, 200, { ok: true });
    if (url.pathname !== '/api/tasks') return send(res, 404, { code: 'not_found' });
    void (async () => {
      if (!(await authorised(req.headers.authorization))) return send(res, 401, { code: 'unauthorized' });
      const pageSize = Math.min(500, Math.max(1, Number(url.searchParams.get('pageSize') ?? 50) || 50));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      const conn = db();
      const [rows, [{ total }]] = await Promise.all([
        all<Row>(conn, PAGE_SQL, [pageSize, (page - 1) * pageSize]),
        all<{ total: number }>(conn, 'SELECT COUNT(*) AS total FROM task'),
      ]);
      const ids = rows.map((r) => r.id);
      const supporting = ids.length
        ? await all<{ taskId: number; id: number; code: string; name: string }>(
            conn,
            `SELECT s.taskId, u.id, u.code, u.name FROM task_supporting_unit s JOIN unit u ON u.id = s.unitId
             WHERE s.taskId IN (${ids.map(() => '?').join(',')})`,
            ids,
          )
        : [];
      const byTask = new Map<number, { id: number; code: string; name: string }[]>();
      for (const s of supporting) {
        const list = byTask.get(s.taskId) ?? [];
        list.push({ id: s.id, code: s.code, name: s.name });
        byTask.set(s.taskId, list);
      }
      const items = rows.map((r) => ({
        id: r.id,
        code: r.code,
        title: r.title,
        status: r.status,
        progress: r.progress,
        priority: r.priority,
        startDate: r.startDate,
        deadline: r.deadline,
        overdue: OPEN.has(r.status) && r.deadline < TODAY,
        workItem: { id: r.workItemId, code: r.workItemCode, title: r.workItemTitle },
        leadUnit: { id: r.leadUnitId, code: r.leadUnitCode, name: r.leadUnitName },
        supportingUnits: byTask.get(r.id) ?? [],
      }));
      send(res, 200, { items, total, page, pageSize });
    })().catch((e: unknown) => send(res, 500, { code: 'error', message: String(e) }));
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
