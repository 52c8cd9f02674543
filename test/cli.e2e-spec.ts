import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../src/cli';
import { startApp, tempDir } from './support/app';
import { freshDatabase, openDatabase, type TestDatabaseConfig } from './support/database';

const DEMO = JSON.parse(readFileSync(join(__dirname, '../config/demo-plan.json'), 'utf8'));
const OTHER = JSON.parse(readFileSync(join(__dirname, 'fixtures/other-plan.json'), 'utf8'));
const taskCount = (plan: any) => plan.tasks.reduce((n: number, t: any) => n + 1 + (t.subtasks ?? []).length, 0);

describe('the command line', () => {
  const dir = tempDir();
  const overrides: Record<string, unknown> = { log: { level: 'error' }, clock: { today: '2023-09-20' } };
  beforeAll(async () => (overrides.database = await freshDatabase(dir, 'cli')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs a command in-process and returns its exit code and what it printed. */
  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, overrides, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    return { code, out: out.join(''), err: err.join('') };
  }

  /** Row counts of the main tables, read straight from the database file. */
  async function counts(): Promise<Record<string, number>> {
    const db = await openDatabase(overrides.database as TestDatabaseConfig);
    try {
      const out: Record<string, number> = {};
      for (const table of [
        'plan',
        'work_item',
        'task',
        'unit',
        'user',
        'indicator',
        'indicator_value',
        'progress_report',
      ]) {
        out[table] = Number((await db.query(`SELECT COUNT(*) AS n FROM "${table}"`))[0].n);
      }
      return out;
    } finally {
      await db.destroy();
    }
  }

  it('migrate applies the migrations, then says the database is up to date', async () => {
    const first = await cli('migrate');
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/^applied migration \w+/m);
    const again = await cli('migrate');
    expect(again).toEqual({ code: 0, out: 'database is up to date\n', err: '' });
  });

  it('seed-demo loads the demo plan', async () => {
    const res = await cli('seed-demo');
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toContain(`loaded plan ${DEMO.plan.code}`);
    expect(res.out).toContain(`${taskCount(DEMO)} tasks`);
    expect(await counts()).toMatchObject({
      plan: 1,
      work_item: DEMO.workItems.length,
      task: taskCount(DEMO),
      unit: DEMO.units.length,
      user: DEMO.users.length,
      indicator: DEMO.indicators.length,
      progress_report: DEMO.reports.length,
    });
  });

  it('a second seed-demo says the plan is already loaded and changes nothing', async () => {
    const before = await counts();
    const res = await cli('seed-demo');
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toMatch(/already loaded; nothing changed/);
    expect(await counts()).toEqual(before);
  });

  it('seed-demo --replace loads the plan again in place of the old one, keeping units and users', async () => {
    const before = await counts();
    const res = await cli('seed-demo', '--replace');
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toContain('0 new users');
    expect(await counts()).toEqual(before);
  });

  it('load-plan loads another task force’s plan alongside the demo', async () => {
    const before = await counts();
    const res = await cli('load-plan', 'test/fixtures/other-plan.json');
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toContain(`loaded plan ${OTHER.plan.code}`);
    const after = await counts();
    expect(after.plan).toBe(before.plan + 1);
    expect(after.task).toBe(before.task + taskCount(OTHER));
    expect(after.unit).toBe(before.unit + OTHER.units.length);
    expect(after.user).toBe(before.user + OTHER.users.length);
    expect(after.indicator).toBe(before.indicator + OTHER.indicators.length);
  });

  it('load-plan refuses a plan that is loaded unless --replace is given', async () => {
    const before = await counts();
    const refused = await cli('load-plan', 'test/fixtures/other-plan.json');
    expect(refused.code).toBe(2);
    expect(refused.err).toBe(`error: Plan ${OTHER.plan.code} is already loaded\n`);
    const replaced = await cli('load-plan', 'test/fixtures/other-plan.json', '--replace');
    expect(replaced.code).toBe(0);
    expect(await counts()).toEqual(before);
  });

  it('load-plan of a bad file exits 2 with one line naming the JSON path, and writes nothing', async () => {
    const before = await counts();
    const res = await cli('load-plan', 'test/fixtures/bad-plan.json');
    expect(res.code).toBe(2);
    expect(res.err).toBe('error: test/fixtures/bad-plan.json: tasks[1].leadUnit: unknown unit "nowhere"\n');
    expect(await counts()).toEqual(before);
    const missing = await cli('load-plan', 'test/fixtures/no-such-plan.json');
    expect(missing).toMatchObject({ code: 2, err: 'error: test/fixtures/no-such-plan.json: no such file\n' });
    const noFile = await cli('load-plan');
    expect(noFile.code).toBe(2);
    expect(noFile.err).toMatch(/missing required argument 'file'/);
  });

  it('create-user creates a liaison who can then sign in', async () => {
    const res = await cli(
      'create-user',
      '--email',
      'New.Liaison@example.cn',
      '--name',
      '新联络员',
      '--role',
      'liaison',
      '--unit',
      'yd',
      '--password',
      'New-liaison-2023',
    );
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toMatch(/^created user new\.liaison@example\.cn \(id \d+, liaison, unit yd\)\n$/);
    expect(res.out).not.toContain('New-liaison-2023');

    const generated = await cli('create-user', '--email', 'viewer2@example.cn', '--name', '观察员', '--role', 'viewer');
    expect(generated.code).toBe(0);
    const password = /password: (\S+)/.exec(generated.out)?.[1] as string;
    expect(password.length).toBeGreaterThanOrEqual(10);

    const t = await startApp({ database: overrides.database as TestDatabaseConfig });
    try {
      const token = await t.login('new.liaison@example.cn', 'New-liaison-2023');
      const me = await t.request('GET', '/api/auth/me', { token });
      expect(me.body).toMatchObject({ role: 'liaison', unit: { code: 'yd' } });
      await expect(t.login('viewer2@example.cn', password)).resolves.toEqual(expect.any(String));
    } finally {
      await t.close();
    }
  });

  const refusals: [string, string[], RegExp][] = [
    ['an unknown role', ['--role', 'boss'], /^error: --role: role must be one of the following values: admin, lead/],
    ['an unknown unit', ['--role', 'liaison', '--unit', 'nowhere'], /^error: --unit: unknown unit "nowhere"\n$/],
    ['a liaison without a unit', ['--role', 'liaison'], /^error: --unit: a liaison must belong to a unit\n$/],
    ['a short password', ['--role', 'viewer', '--password', 'short'], /^error: --password: password must be longer/],
    ['a missing role', [], /^error: required option '--role <role>' not specified\n$/],
    ['an unknown option', ['--role', 'viewer', '--colour', 'red'], /^error: unknown option '--colour'\n$/],
  ];

  it.each(refusals)('create-user with %s exits 2 with one line and creates nothing', async (_name, args, message) => {
    const before = await counts();
    const res = await cli('create-user', '--email', 'someone@example.cn', '--name', '某人', ...args);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(message);
    expect(res.err.trim().split('\n')).toHaveLength(1);
    expect(await counts()).toEqual(before);
  });

  it('create-user refuses an email that is taken', async () => {
    const res = await cli('create-user', '--email', DEMO.users[0].email, '--name', 'x', '--role', 'viewer');
    expect(res).toMatchObject({ code: 2, err: `error: A user with email ${DEMO.users[0].email} exists\n` });
  });

  it('help and --help list the commands; an unknown command exits 2', async () => {
    for (const args of [['help'], ['--help']]) {
      const res = await cli(...args);
      expect(res.code).toBe(0);
      for (const name of ['migrate', 'seed-demo', 'load-plan', 'create-user', 'help']) expect(res.out).toContain(name);
    }
    const sub = await cli('help', 'create-user');
    expect(sub.code).toBe(0);
    expect(sub.out).toContain('--email <email>');
    const unknown = await cli('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toBe("error: unknown command 'frobnicate'\n");
  });

  /** Every table's rows, each row as JSON in id order: what a restored backup must hold again. */
  async function everyRow(): Promise<Record<string, string[]>> {
    const db = await openDatabase(overrides.database as TestDatabaseConfig);
    try {
      const tables: { name: string }[] = await db.query(
        (overrides.database as TestDatabaseConfig).url
          ? `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
          : `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`,
      );
      const out: Record<string, string[]> = {};
      for (const { name } of tables) {
        const rows: Record<string, unknown>[] = await db.query(`SELECT * FROM "${name}"`);
        out[name] = rows.map((r) => JSON.stringify(r)).sort();
      }
      return out;
    } finally {
      await db.destroy();
    }
  }

  it('backup writes the database to a file and restore puts every row back', async () => {
    const file = join(dir, 'backup.db');
    const before = await everyRow();
    expect(before.task.length).toBeGreaterThan(0);
    const backup = await cli('backup', '--out', file);
    expect(backup).toMatchObject({ code: 0, err: '' });
    expect(backup.out).toMatch(/^backup written to .*backup\.db \(\d+ bytes\)\n$/);
    // a later change the restore takes back
    expect((await cli('create-user', '--email', 'late@example.cn', '--name', 'Late', '--role', 'viewer')).code).toBe(0);
    expect(await everyRow()).not.toEqual(before);
    const restored = await cli('restore', file, '--yes');
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(await everyRow()).toEqual(before);
    // and the commands work on the restored database
    expect(await cli('migrate')).toEqual({ code: 0, out: 'database is up to date\n', err: '' });
  });

  it('backup and restore refuse a bad file or a missing confirmation, naming it, and change nothing', async () => {
    const before = await everyRow();
    const file = join(dir, 'backup.db');
    expect(await cli('backup', '--out', file)).toMatchObject({
      code: 2,
      err: 'error: --out: the file exists already\n',
    });
    expect((await cli('backup')).code).toBe(2);
    expect(await cli('restore', file)).toMatchObject({
      code: 2,
      err: 'error: --yes: restore replaces every row: confirm with --yes\n',
    });
    const notBackup = join(dir, 'not-a-backup.txt');
    writeFileSync(notBackup, 'hello');
    expect(await cli('restore', notBackup, '--yes')).toMatchObject({
      code: 2,
      err: expect.stringMatching(/^error: file: is not a /),
    });
    expect(await cli('restore', join(dir, 'missing.db'), '--yes')).toMatchObject({
      code: 2,
      err: 'error: file: no such file\n',
    });
    expect(await everyRow()).toEqual(before);
  });

  it('a bad configuration value exits 2 with one line naming the key', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['migrate'],
      { ...overrides, log: { level: 'loud' } },
      {
        stdout: (s) => out.push(s),
        stderr: (s) => err.push(s),
      },
    );
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/^error: Configuration error: log\.level: .*\n$/);
  });
});
