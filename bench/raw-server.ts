// The raw comparison server: plain node:http and sqlite3, no framework and no ORM, reading the service's SQLite file
// read-only and answering the task list's first page (GET /api/tasks?page=&pageSize=) with the best SQL for the
// schema: the same page, item for item, as the service's (bench/run.ts checks that the two answers are equal). The
// product's own pure rules make the parts that are not data: the derived state (grades.ts), the actions the caller
// may take (the access policy) and the item's shape (task.view.ts). The bearer token is checked as the service does,
// cheaply: its HS256 signature with the service's stored secret, its expiry, and the user's row by primary key. Run
// by bench/run.ts as a child process (PORT, DATABASE_PATH, TODAY; cwd the repository, for its configuration).
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import * as sqlite3 from 'sqlite3';
import type { Actor } from '../src/auth/actor';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { loadConfig } from '../src/config/config';
import { gradeTask } from '../src/tasks/grades';
import type { Task } from '../src/tasks/task.entity';
import { taskView } from '../src/tasks/task.view';

const TODAY = process.env.TODAY ?? '2023-09-20';

function open(path: string): Promise<sqlite3.Database> {
  return new Promise((done, fail) => {
    const db = new sqlite3.Database(path, sqlite3.OPEN_READONLY, (e) => (e ? fail(e) : done(db)));
  });
}

function all<T>(db: sqlite3.Database, sql: string, params: unknown[] = []): Promise<T[]> {
  return new Promise((done, fail) => db.all(sql, params, (e: Error | null, rows: T[]) => (e ? fail(e) : done(rows))));
}

const COLUMNS = [
  'id',
  'planId',
  'workItemId',
  'parentId',
  'code',
  'title',
  'titleEn',
  'description',
  'leadUnitId',
  'ownerId',
  'ownerName',
  'startDate',
  'deadline',
  'originalDeadline',
  'deadlineWorkingDays',
  'recurrence',
  'priority',
  'status',
  'progress',
  'tags',
  'source',
  'sourceQuote',
  'decisionId',
  'closedOn',
  'createdAt',
  'updatedAt',
] as const;
const JSON_COLUMNS = new Set(['recurrence', 'tags']);
const INSTANTS = new Set(['createdAt', 'updatedAt']);
const links = (table: string, key: string, target: string) =>
  `(SELECT json_group_array(json_array(x.id, x.code, x.name, x.nameEn)) FROM (SELECT x.id, x.code, x.name, x.nameEn
    FROM ${table} l JOIN ${target} x ON x.id = l.${key} WHERE l.taskId = t.id ORDER BY x.id) x)`;

// The page in the service's order (deadline, code, id): its ids walk the (deadline, code) index and stop after 50
// rows, then the joins are by primary key, and SQLite writes the whole page as one JSON text (one value for the
// driver to hand over rather than two thousand). Over the joins written first, SQLite would start from the four
// work items and sort every task (130 ms at 100,000 tasks).
const PAGE_SQL = `SELECT json_group_array(json_array(json_array(${COLUMNS.map((c) => `t."${c}"`).join(', ')}),
    w.code, w.title, w.titleEn, u.code, u.name, u.nameEn, o.displayName,
    ${links('task_supporting_unit', 'unitId', 'unit')}, ${links('task_indicator', 'indicatorId', 'indicator')})) AS page
  FROM (SELECT id FROM task ORDER BY deadline, code, id LIMIT ? OFFSET ?) p
  JOIN task t ON t.id = p.id JOIN work_item w ON w.id = t.workItemId JOIN unit u ON u.id = t.leadUnitId
  LEFT JOIN "user" o ON o.id = t.ownerId`;

type Brief = [number, string, string, string | null];
// A subquery's JSON arrives as text or, when SQLite keeps its JSON subtype, as the array itself.
const brief = (json: unknown) =>
  ((typeof json === 'string' ? JSON.parse(json) : json) as Brief[]).map(([id, code, name, nameEn]) => ({
    id,
    code,
    name,
    nameEn,
  }));

async function main(): Promise<void> {
  const path = process.env.DATABASE_PATH!;
  // Two connections: sqlite3 runs each connection's statements one at a time, and the machine has two cores.
  const pool = [await open(path), await open(path)];
  let turn = 0;
  const db = () => pool[turn++ % pool.length];
  const [secretRow] = await all<{ value: string }>(pool[0], `SELECT value FROM setting WHERE key = 'jwt_secret'`);
  const secret = secretRow?.value ?? '';
  const config = loadConfig();
  const calendar = new WorkingDaysService(config);

  const authorised = async (header: string | undefined): Promise<Actor | null> => {
    const token = header?.startsWith('Bearer ') ? header.slice(7) : '';
    const [head, body, signature] = token.split('.');
    if (!signature) return null;
    const expected = createHmac('sha256', secret).update(`${head}.${body}`).digest();
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { sub: number; exp?: number };
    if (payload.exp !== undefined && payload.exp * 1000 < Date.now()) return null;
    const [user] = await all<Actor & { active: number }>(
      db(),
      'SELECT id, email, displayName, role, unitId, active FROM "user" WHERE id = ?',
      [payload.sub],
    );
    if (!user?.active) return null;
    return { id: user.id, email: user.email, displayName: user.displayName, role: user.role, unitId: user.unitId };
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
      const actor = await authorised(req.headers.authorization);
      if (!actor) return send(res, 401, { code: 'unauthorized' });
      const pageSize = Math.min(500, Math.max(1, Number(url.searchParams.get('pageSize') ?? 50) || 50));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      const conn = db();
      const [[{ page: json }], [{ total }]] = await Promise.all([
        all<{ page: string }>(conn, PAGE_SQL, [pageSize, (page - 1) * pageSize]),
        all<{ total: number }>(conn, 'SELECT COUNT(*) AS total FROM task'),
      ]);
      const rows = (JSON.parse(json) as [unknown[], ...(string | null)[]][]).map((r) => {
        const task: Record<string, unknown> = {};
        COLUMNS.forEach((c, i) => {
          const v = r[0][i];
          task[c] =
            v === null
              ? null
              : JSON_COLUMNS.has(c)
                ? JSON.parse(v as string)
                : INSTANTS.has(c)
                  ? new Date(`${(v as string).replace(' ', 'T')}Z`)
                  : v;
        });
        task.workItem = { id: task.workItemId, code: r[1], title: r[2], titleEn: r[3] };
        task.leadUnit = { id: task.leadUnitId, code: r[4], name: r[5], nameEn: r[6] };
        task.owner = task.ownerId !== null && r[7] !== null ? { id: task.ownerId, displayName: r[7] } : null;
        task.supportingUnits = brief(r[8]);
        task.indicators = brief(r[9]);
        return task as unknown as Task;
      });
      // The rows come in the page's order of ids only by the way SQLite runs the statement: order them as the
      // service does.
      rows.sort((a, b) =>
        a.deadline < b.deadline
          ? -1
          : a.deadline > b.deadline
            ? 1
            : a.code < b.code
              ? -1
              : a.code > b.code
                ? 1
                : a.id - b.id,
      );
      const items = rows.map((t) => taskView(actor, t, gradeTask(t, TODAY, calendar, config.grades), TODAY));
      send(res, 200, { items, total, page, pageSize });
    })().catch((e: unknown) => send(res, 500, { code: 'error', message: String(e) }));
  });
  server.listen(Number(process.env.PORT), '127.0.0.1');
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
