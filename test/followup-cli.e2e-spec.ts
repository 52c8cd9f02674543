// The follow-up commands: `acknowledgements --overdue [--unit]` lists what is awaited past due, `urge` queues an
// urging for one of a task's units; bad options name the option and change nothing.
import { rmSync } from 'node:fs';
import { runCli } from '../src/cli';
import { tempDir } from './support/app';
import { freshDatabase, openDatabase, type TestDatabaseConfig } from './support/database';

describe('follow-up on the command line', () => {
  const dir = tempDir();
  const overrides: Record<string, any> = { log: { level: 'error' }, clock: { today: '2023-09-20' } };
  beforeAll(async () => (overrides.database = await freshDatabase(dir, 'followup-cli')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(today: string, ...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      argv,
      { ...overrides, clock: { today } },
      {
        stdout: (s) => out.push(s),
        stderr: (s) => err.push(s),
      },
    );
    return { code, out: out.join(''), err: err.join('') };
  }
  const rows = (out: string) =>
    out
      .split('\n')
      .filter((l) => /^\d+\t/.test(l))
      .map((l) => l.split('\t'));

  async function urgingCount(): Promise<number> {
    const db = await openDatabase(overrides.database as TestDatabaseConfig);
    try {
      return Number((await db.query('SELECT COUNT(*) AS n FROM "urging"'))[0].n);
    } finally {
      await db.destroy();
    }
  }

  it('lists nothing overdue on the day of loading, and the units awaited past due two days later', async () => {
    expect((await cli('2023-09-20', 'seed-demo')).code).toBe(0);
    const sameDay = await cli('2023-09-20', 'acknowledgements', '--overdue');
    expect(sameDay.code).toBe(0);
    expect(rows(sameDay.out)).toEqual([]);
    expect(sameDay.out).toContain('0 overdue acknowledgements');
    const later = await cli('2023-09-22', 'acknowledgements', '--overdue', '--unit', 'yd');
    expect(later.code).toBe(0);
    const listed = rows(later.out);
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.every((r) => r[1] === 'task' && r[4] === 'yd' && r[6] === 'overdue')).toBe(true);
    const bad = await cli('2023-09-22', 'acknowledgements', '--unit', 'nope');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--unit');
  });

  it('urge queues an urging for a unit of the task; a unit not on the task is refused naming unitId', async () => {
    const listed = rows((await cli('2023-09-22', 'acknowledgements', '--unit', 'yd')).out);
    const taskId = listed[0][2];
    const res = await cli('2023-09-22', 'urge', '--task', taskId, '--unit', 'yd', '--note', '请加快推进。');
    expect({ code: res.code, err: res.err }).toEqual({ code: 0, err: '' });
    expect(res.out).toMatch(/urging \d+: task \d+, yd /);
    expect(await urgingCount()).toBe(1);
    const blank = await cli('2023-09-22', 'urge', '--task', taskId, '--unit', 'yd', '--note', '  ');
    expect(blank.code).toBe(2);
    expect(blank.err).toContain('--note');
    const bad = await cli('2023-09-22', 'urge', '--task', taskId, '--unit', 'e213', '--note', '催办');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unitId');
    expect(await urgingCount()).toBe(1);
  });
});
