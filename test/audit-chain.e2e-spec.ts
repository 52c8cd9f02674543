// The audit log as a hash chain: what the database refuses (changing a sealed row, any row's content, deleting a
// kept row), what a verification finds once someone with the owner's rights went round the triggers (a row changed,
// one deleted, rows cut off the end), the retention purge and its lower bound, the command and the sealing timer.
import { DataSource } from 'typeorm';
import { runCli } from '../src/cli';
import { ConfigError, loadConfig } from '../src/config/config';
import { startApp, tempDir, type TestApp } from './support/app';
import { freshDatabase, testDialect } from './support/database';

const dialect = testDialect();

/** Takes the triggers away, as a database owner could (the chain must still tell). */
async function dropTriggers(db: DataSource): Promise<void> {
  if (dialect === 'postgres') {
    await db.query(`ALTER TABLE "audit_entry" DISABLE TRIGGER "audit_entry_append_only"`);
  } else {
    for (const name of ['audit_entry_content_fixed', 'audit_entry_sealed_fixed', 'audit_entry_kept']) {
      await db.query(`DROP TRIGGER "${name}"`);
    }
  }
}

async function restoreTriggers(db: DataSource): Promise<void> {
  if (dialect === 'postgres') await db.query(`ALTER TABLE "audit_entry" ENABLE TRIGGER "audit_entry_append_only"`);
}

describe('the audit hash chain', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await startApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const verify = async () => {
    const res = await t.call('auditor', 'GET', '/api/audit/verify');
    expect(res.status).toBe(200);
    return res.body;
  };
  const count = async () => Number((await db.query(`SELECT COUNT(*) AS "n" FROM "audit_entry"`))[0].n);

  it('seals every row and finds the chain whole; only the auditor may ask', async () => {
    expect((await t.call('lead', 'GET', '/api/audit/verify')).status).toBe(403);
    const v = await verify();
    const rows = await count();
    expect(v).toMatchObject({ ok: true, problemCount: 0, firstSeq: 1, purgedThroughSeq: 0, problems: [] });
    // every row sealed: those before the check, and none left but what the check itself caused (none)
    expect(v.checked + v.unsealed).toBe(rows);
    expect(v.headSeq).toBe(v.checked);
    expect(v.headHash).toMatch(/^[0-9a-f]{64}$/);
    // new rows join the chain at the next check, after the head
    expect((await t.call('lead', 'PATCH', '/api/plans/1', { titleEn: 'Tianshui 5G plan' })).status).toBe(200);
    const next = await verify();
    expect([next.ok, next.headSeq > v.headSeq]).toEqual([true, true]);
  });

  it('refuses changing a sealed row, the content of any row, and deleting a kept row', async () => {
    await verify();
    const [{ id }] = await db.query(`SELECT MIN("id") AS "id" FROM "audit_entry"`);
    await expect(db.query(`UPDATE "audit_entry" SET "newValue" = 'forged' WHERE "id" = ${id}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`UPDATE "audit_entry" SET "chainHash" = 'x' WHERE "id" = ${id}`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query(`DELETE FROM "audit_entry" WHERE "id" = ${id}`)).rejects.toThrow(/retention purge/);
    expect((await verify()).ok).toBe(true);
  });

  it('names a changed row, a deleted one and rows cut off the end when the triggers were gone round', async () => {
    for (let i = 0; i < 30; i++) {
      expect((await t.call('lead', 'PATCH', '/api/plans/1', { titleEn: `Plan title ${i}` })).status).toBe(200);
    }
    const before = await verify();
    const rows: { id: number; chainSeq: number }[] = await db.query(
      `SELECT "id", "chainSeq" FROM "audit_entry" WHERE "chainSeq" IS NOT NULL ORDER BY "chainSeq"`,
    );
    const changed = rows[10];
    const deleted = rows[20];
    await dropTriggers(db);
    try {
      await db.query(`UPDATE "audit_entry" SET "newValue" = 'forged' WHERE "id" = ${changed.id}`);
      await db.query(`DELETE FROM "audit_entry" WHERE "id" = ${deleted.id}`);
      const v = await verify();
      expect(v.ok).toBe(false);
      expect(v.problems).toEqual([
        { kind: 'changed', seq: Number(changed.chainSeq), entryId: Number(changed.id) },
        { kind: 'missing', seq: Number(deleted.chainSeq), entryId: null },
      ]);
      // the last rows taken away: only the head knows they were there
      await db.query(`DELETE FROM "audit_entry" WHERE "chainSeq" > ${before.headSeq - 3}`);
      const cut = await verify();
      expect(cut.problems.map((p: { kind: string }) => p.kind)).toEqual(['changed', 'missing', 'head']);
      expect(cut.problemCount).toBe(3);
      // the command line says so too, with exit code 1
      const out: string[] = [];
      const code = await runCli(
        ['audit-verify'],
        { database: t.config.database, log: { level: 'error' }, audit: { sealIntervalSeconds: 0 } },
        { stdout: (s) => out.push(s), stderr: (s) => out.push(s) },
      );
      expect(code).toBe(1);
      expect(out.join('')).toContain(`changed\tplace ${changed.chainSeq}\trow ${changed.id}`);
      expect(out.join('')).toMatch(/fails verification: 3 problems/);
    } finally {
      await restoreTriggers(db);
    }
  });
});

describe('the audit retention purge', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('removes only rows past the retention time; the chain goes on from the first kept row', async () => {
    t = await startApp({ config: { audit: { retentionDays: 200, sealIntervalSeconds: 0 } } });
    const db = t.app.get(DataSource);
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const code = await runCli(
        argv,
        {
          database: t.config.database,
          log: { level: 'error' },
          audit: { retentionDays: 200, sealIntervalSeconds: 0 },
          clock: { today: t.clock.today() },
        },
        { stdout: (s) => out.push(s), stderr: (s) => out.push(s) },
      );
      return { code, out: out.join('') };
    };
    const first = await cli('audit-purge');
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toMatch(/removed 0 audit rows/);
    const old = Number((await db.query(`SELECT COUNT(*) AS "n" FROM "audit_entry"`))[0].n);
    // 201 days on, a change is recorded; everything before is past the retention time
    t.clock.setNow(new Date(t.clock.now().getTime() + 201 * 86_400_000));
    expect((await t.call('lead', 'PATCH', '/api/plans/1', { titleEn: 'Later title' })).status).toBe(200);
    const v0 = (await t.call('auditor', 'GET', '/api/audit/verify')).body;
    const purged = await t.app.get((await import('../src/audit/audit-chain.service')).AuditChainService).purge();
    expect(purged.removed).toBe(old);
    const left = Number((await db.query(`SELECT COUNT(*) AS "n" FROM "audit_entry"`))[0].n);
    expect(left).toBeGreaterThan(0);
    const v = (await t.call('auditor', 'GET', '/api/audit/verify')).body;
    expect(v).toMatchObject({ ok: true, purgedThroughSeq: old, firstSeq: old + 1, headSeq: v0.headSeq });
    expect(v.checked).toBe(v0.headSeq - old);
  });

  it('refuses a retention under 180 days, naming the setting', () => {
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '90' }, {})).toThrow(ConfigError);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '90' }, {})).toThrow(/audit\.retentionDays.*180/);
  });
});

describe('the sealing timer', () => {
  it('seals new rows by itself every audit.sealIntervalSeconds', async () => {
    const t = await startApp({
      database: await freshDatabase(tempDir()),
      config: { audit: { sealIntervalSeconds: 1 } },
    });
    try {
      const db = t.app.get(DataSource);
      const unsealed = async () =>
        Number((await db.query(`SELECT COUNT(*) AS "n" FROM "audit_entry" WHERE "chainSeq" IS NULL`))[0].n);
      const deadline = Date.now() + 20_000;
      while ((await unsealed()) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await unsealed()).toBe(0);
      expect(Number((await db.query(`SELECT COUNT(*) AS "n" FROM "audit_entry"`))[0].n)).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
