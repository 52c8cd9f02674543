// The outbox under faults, end to end: real service processes deliver to a real SMTP server on loopback that
// refuses with 451 and 550 at MAIL FROM, RCPT TO and DATA (per recipient), goes down and comes back, answers more
// slowly than a claim's lock, and a process killed with SIGKILL mid-batch and started again. Every scenario is
// counted per idempotency key and per address: delivered once, duplicated, lost, or dead where a refusal was
// permanent. On SQLite one process delivers; on PostgreSQL (TEST_POSTGRES_URL) two do, side by side. The counts
// are printed as a table at the end; the promise they check is the one the README states.
import { rmSync } from 'node:fs';
import { DataSource, Like } from 'typeorm';
import { deliveriesOf, initialDeliveries, messageIdFor } from '../src/mail/delivery';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { DEMO_PASSWORDS, tempDir } from './support/app';
import { dropDatabase, freshDatabase, testDialect, type TestDatabaseConfig } from './support/database';
import { ensureBuilt, InstanceClient, startInstance, stopAll, type Instance } from './support/instances';
import { startSmtp, type ReceivedMessage, type TestSmtpServer } from './support/smtp';

jest.setTimeout(240_000);

/** Short, so that a lost claim, a slow server and a killed process all show within seconds. */
const LOCK_SECONDS = 1;
const CONNECTIONS = 2;
const INSTANCES = testDialect() === 'postgres' ? 2 : 1;
const OFF = { enabled: false };
const DOMAIN = 'faults.example.cn';

type Expected = 'once' | 'dead';
interface Tally {
  scenario: string;
  expectedOnce: number;
  expectedDead: number;
  once: number;
  duplicated: number;
  lost: number;
  dead: number;
  /** Copies beyond the first, over every address. */
  extraCopies: number;
}

const table: Tally[] = [];
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const address = (name: string) => `${name}@${DOMAIN}`;

describe(`the outbox under faults (${testDialect()}, ${INSTANCES} instance${INSTANCES > 1 ? 's' : ''})`, () => {
  const dir = tempDir();
  let database: TestDatabaseConfig;
  let db: DataSource;
  let smtp: TestSmtpServer;
  /** What servers that were closed had received: a server that goes down and comes back is a new object. */
  const earlier: ReceivedMessage[] = [];
  let instances: Instance[] = [];
  let clients: InstanceClient[] = [];

  const config = (port: number) => ({
    // the real clock: instances started at different moments must agree on when a lock runs out
    scheduler: {
      enabled: true,
      catchUp: false,
      jobs: { digest: OFF, 'dispatch.open': OFF, 'dispatch.remind': OFF, 'bulletin.weekly': OFF, escalation: OFF },
    },
    mail: {
      dir: `${dir}/mail`,
      smtp: { host: '127.0.0.1', port, secure: false, user: null, password: null, maxConnections: CONNECTIONS },
      pollSeconds: 0.1,
      lockSeconds: LOCK_SECONDS,
      retryBaseSeconds: 0.1,
      maxAttempts: 8,
    },
  });

  async function start(name: string): Promise<Instance> {
    return startInstance({ name, dir, database, config: config(smtp.port) });
  }

  beforeAll(async () => {
    ensureBuilt();
    smtp = await startSmtp();
    database = await freshDatabase(dir, 'faults');
    instances = [await start('a')];
    if (INSTANCES > 1) instances.push(await start('b'));
    clients = await Promise.all(instances.map((i) => InstanceClient.signIn(i, ...DEMO_PASSWORDS.secretariat)));
    db = new DataSource(
      database.url
        ? { type: 'postgres', url: database.url, entities: [OutboxMessage] }
        : { type: 'sqlite', database: database.path, entities: [OutboxMessage], busyTimeout: 10_000 },
    );
    await db.initialize();
  });

  afterAll(async () => {
    await stopAll(instances);
    await db?.destroy();
    await smtp?.close();
    if (database) await dropDatabase(database);
    rmSync(dir, { recursive: true, force: true });
    const title = `outbox fault suite — ${testDialect()}, ${INSTANCES} instance${INSTANCES > 1 ? 's' : ''}`;
    const lines = [
      title,
      '| scenario | expected (once / dead) | delivered once | duplicated | lost | dead |',
      '| --- | --- | --- | --- | --- | --- |',
      ...table.map(
        (t) =>
          `| ${t.scenario} | ${t.expectedOnce} / ${t.expectedDead} | ${t.once} | ${t.duplicated}` +
          `${t.extraCopies > t.duplicated ? ` (+${t.extraCopies} copies)` : ''} | ${t.lost} | ${t.dead} |`,
      ),
    ];
    console.log(lines.join('\n'));
  });

  /** Writes the scenario's messages straight into the outbox, as a run would, all due now. */
  async function enqueue(scenario: string, recipients: string[][]): Promise<string[]> {
    const now = new Date();
    const rows = recipients.map((to, i) => ({
      idempotencyKey: `fault:${scenario}:${i + 1}`,
      kind: 'fault',
      jobRunId: null,
      recipientKey: 'unit:1',
      to: to.slice(0, 2),
      cc: to.slice(2),
      subject: `故障测试 ${scenario} ${i + 1}`,
      html: `<p>${scenario} ${i + 1}</p>`,
      text: `${scenario} ${i + 1}`,
      attachments: [],
      deliveries: initialDeliveries(to.slice(0, 2), to.slice(2)),
      status: 'pending' as const,
      attempts: 0,
      nextAttemptAt: now,
      lockedUntil: null,
      claimToken: null,
      lastError: null,
      messageId: null,
      sentAt: null,
      queuedAt: now,
    }));
    await db.getRepository(OutboxMessage).insert(rows);
    return rows.map((r) => r.idempotencyKey);
  }

  function messagesOf(scenario: string) {
    return db.getRepository(OutboxMessage).find({ where: { idempotencyKey: Like(`fault:${scenario}:%`) } });
  }

  function received(scenario: string): ReceivedMessage[] {
    const prefix = `fault:${scenario}:`;
    return [...earlier, ...smtp.messages].filter((m) => String(m.headers.get('x-zhuanban-key')).startsWith(prefix));
  }

  /** Until no message of the scenario waits or is being sent, and no copy has arrived for a moment. */
  async function settled(scenario: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let copies = -1;
    for (;;) {
      const open = (await messagesOf(scenario)).filter((m) => m.status === 'pending' || m.status === 'sending');
      const now = received(scenario).length;
      if (!open.length && now === copies) return;
      copies = open.length ? -1 : now;
      if (Date.now() > deadline) throw new Error(`${scenario}: ${open.length} message(s) still open`);
      await wait(open.length ? 100 : 400);
    }
  }

  /**
   * Counts, per key and address, the copies the server took and where the outbox says the address stands, against
   * what is expected of it; every copy must carry the message's Message-ID.
   */
  async function tally(scenario: string, expected: Map<string, Expected>, label = scenario): Promise<Tally> {
    const copies = new Map<string, number>();
    for (const m of received(scenario)) {
      const key = String(m.headers.get('x-zhuanban-key'));
      expect(m.messageId).toBe(messageIdFor(key));
      for (const to of m.envelope.to) copies.set(`${key} ${to}`, (copies.get(`${key} ${to}`) ?? 0) + 1);
    }
    const states = new Map<string, string>();
    for (const m of await messagesOf(scenario)) {
      for (const d of deliveriesOf(m)) states.set(`${m.idempotencyKey} ${d.address}`, d.status);
    }
    const t: Tally = {
      scenario: label,
      expectedOnce: [...expected.values()].filter((e) => e === 'once').length,
      expectedDead: [...expected.values()].filter((e) => e === 'dead').length,
      once: 0,
      duplicated: 0,
      lost: 0,
      dead: 0,
      extraCopies: 0,
    };
    for (const pair of expected.keys()) {
      const n = copies.get(pair) ?? 0;
      if (n === 1) t.once += 1;
      else if (n > 1) {
        t.duplicated += 1;
        t.extraCopies += n - 1;
      } else if (states.get(pair) === 'dead') t.dead += 1;
      else t.lost += 1;
    }
    for (const pair of copies.keys()) expect(expected.has(pair)).toBe(true);
    table.push(t);
    return t;
  }

  /** Every address of every key expected once, but those `dead` picks. */
  function expectation(
    keys: string[],
    recipients: string[][],
    dead: (key: string, to: string) => boolean = () => false,
  ) {
    const out = new Map<string, Expected>();
    keys.forEach((key, i) => {
      for (const to of recipients[i]) out.set(`${key} ${to}`, dead(key, to) ? 'dead' : 'once');
    });
    return out;
  }

  function exactly(t: Tally): void {
    expect({ once: t.once, dead: t.dead, duplicated: t.duplicated, lost: t.lost }).toEqual({
      once: t.expectedOnce,
      dead: t.expectedDead,
      duplicated: 0,
      lost: 0,
    });
  }

  const pairOf = (n: number, extra: string[] = []) =>
    Array.from({ length: n }, (_, i) => [address(`a${i + 1}`), address(`b${i + 1}`), ...extra]);

  afterEach(() => {
    smtp.failWith(null);
    smtp.setDelay(0);
  });

  it('451 at MAIL FROM: every message is delivered once, later', async () => {
    const before = smtp.refusals.length;
    smtp.failWith(451, 'Try again later', { stage: 'mail', times: 3 });
    const recipients = pairOf(6);
    const keys = await enqueue('mail-451', recipients);
    await settled('mail-451');
    expect(smtp.refusals.slice(before)).toEqual(['451 mail', '451 mail', '451 mail']);
    exactly(await tally('mail-451', expectation(keys, recipients), '451 at MAIL FROM (3 times)'));
  });

  it('550 at MAIL FROM: the refused messages are dead for each of their addresses, with the reply; the rest once', async () => {
    smtp.failWith(550, 'Sender rejected', { stage: 'mail', times: 2 });
    const recipients = pairOf(6);
    const keys = await enqueue('mail-550', recipients);
    await settled('mail-550');
    const dead = (await messagesOf('mail-550')).filter((m) => m.status === 'dead');
    const deadKeys = new Set(dead.map((m) => m.idempotencyKey));
    const t = await tally(
      'mail-550',
      expectation(keys, recipients, (k) => deadKeys.has(k)),
      '550 at MAIL FROM (2 times)',
    );
    expect(dead).toHaveLength(2);
    for (const m of dead) {
      expect(m.lastError).toMatch(/^550 .*Sender rejected/);
      expect(m.deliveries.map((d) => d.status)).toEqual(['dead', 'dead']);
    }
    exactly(t);
  });

  it('451 at RCPT for a co-recipient: it is retried on its own and every address gets the message once', async () => {
    const busy = address('busy');
    smtp.failWith(451, 'Mailbox busy', { recipient: busy, stage: 'rcpt', times: 5 });
    const recipients = pairOf(6, [busy]);
    const keys = await enqueue('rcpt-451', recipients);
    await settled('rcpt-451');
    exactly(await tally('rcpt-451', expectation(keys, recipients), '451 at RCPT, one co-recipient (5 times)'));
    const copies = received('rcpt-451');
    // the co-recipient's own attempts carry it alone
    expect(copies.filter((m) => m.envelope.to.includes(busy) && m.envelope.to.length === 1).length).toBeGreaterThan(0);
  });

  it('550 at RCPT for a co-recipient: that address alone is dead with the reply, shown in GET /api/outbox; a retry sends it to that address only', async () => {
    const nobody = address('nobody');
    smtp.failWith(550, 'No such user here', { recipient: nobody, stage: 'rcpt' });
    const recipients = pairOf(6).map((r, i) => (i % 2 === 0 ? [...r, nobody] : r));
    const keys = await enqueue('rcpt-550', recipients);
    await settled('rcpt-550');
    exactly(
      await tally(
        'rcpt-550',
        expectation(keys, recipients, (_k, to) => to === nobody),
        '550 at RCPT, one co-recipient',
      ),
    );
    const listed = await clients[0].get('/api/outbox?kind=fault&status=dead&pageSize=100');
    const deadHere = listed.items.filter((m: { idempotencyKey: string }) =>
      m.idempotencyKey.startsWith('fault:rcpt-550:'),
    );
    expect(deadHere).toHaveLength(3);
    for (const m of deadHere) {
      expect(m.deliveries.map((d: { address: string; status: string }) => [d.address, d.status])).toEqual([
        [m.to[0], 'sent'],
        [m.to[1], 'sent'],
        [nobody, 'dead'],
      ]);
      expect(m.deliveries[2].lastError).toMatch(/^550 .*No such user here/);
    }

    smtp.failWith(null);
    for (const [i, m] of deadHere.entries()) {
      const res = await clients[i % clients.length].call('POST', `/api/outbox/${m.id}/retry`);
      expect(res.status).toBe(200);
    }
    await settled('rcpt-550');
    exactly(await tally('rcpt-550', expectation(keys, recipients), '550 at RCPT, then retry'));
  });

  it('451 at DATA for messages to one address: the whole message is tried again, each address once', async () => {
    const later = address('later');
    smtp.failWith(451, 'Try again later', { recipient: later, stage: 'data', times: 4 });
    const recipients = pairOf(6).map((r, i) => (i < 3 ? [...r, later] : r));
    const keys = await enqueue('data-451', recipients);
    await settled('data-451');
    exactly(await tally('data-451', expectation(keys, recipients), '451 at DATA (4 times)'));
  });

  it('550 at DATA for messages to one address: those messages are dead for every address (DATA is one answer for all)', async () => {
    const reject = address('reject');
    smtp.failWith(550, 'Message rejected', { recipient: reject, stage: 'data' });
    const recipients = pairOf(6).map((r, i) => (i < 2 ? [...r, reject] : r));
    const keys = await enqueue('data-550', recipients);
    await settled('data-550');
    const deadKeys = new Set(keys.slice(0, 2));
    exactly(
      await tally(
        'data-550',
        expectation(keys, recipients, (k) => deadKeys.has(k)),
        '550 at DATA',
      ),
    );
    for (const m of (await messagesOf('data-550')).filter((m) => deadKeys.has(m.idempotencyKey))) {
      expect(m).toMatchObject({ status: 'dead', attempts: 1 });
      expect(m.lastError).toMatch(/^550 .*Message rejected/);
    }
  });

  it('the server goes down and comes back: everything queued meanwhile is delivered once', async () => {
    const port = smtp.port;
    earlier.push(...smtp.messages);
    await smtp.close();
    const recipients = pairOf(6);
    const keys = await enqueue('down', recipients);
    await wait(1500);
    const waiting = await messagesOf('down');
    expect(waiting.every((m) => m.status !== 'sent' && m.status !== 'dead')).toBe(true);
    expect(waiting.some((m) => m.attempts > 0 && /ECONNREFUSED|connect|Connection/i.test(m.lastError ?? ''))).toBe(
      true,
    );
    smtp = await startSmtp({ port });
    await settled('down');
    exactly(await tally('down', expectation(keys, recipients), 'server down 1.5 s, then back'));
  });

  it('a server slower than the lock, with manual passes beside the background ones: each address once', async () => {
    smtp.setDelay(LOCK_SECONDS * 1000 * 2.5);
    const recipients = pairOf(4 * INSTANCES);
    const keys = await enqueue('slow', recipients);
    // "deliver now" on every instance at once, while their background passes run too
    const manual = Promise.all(clients.map((c) => c.call('POST', '/api/outbox/deliver')));
    await settled('slow');
    expect((await manual).map((r) => r.status)).toEqual(clients.map(() => 200));
    exactly(
      await tally('slow', expectation(keys, recipients), `answers in ${LOCK_SECONDS * 2.5} s, lock ${LOCK_SECONDS} s`),
    );
  });

  it('a process killed with SIGKILL mid-batch and started again: nothing lost, at most one extra copy per connection it had open', async () => {
    smtp.setDelay(150);
    const recipients = pairOf(24);
    const keys = await enqueue('kill', recipients);
    const deadline = Date.now() + 20_000;
    while (received('kill').length < 4 && Date.now() < deadline) await wait(20);
    await instances[0].kill();
    const atKill = received('kill').length;
    expect(atKill).toBeLessThan(keys.length);
    instances[0] = await start('a');
    clients[0] = await InstanceClient.signIn(instances[0], ...DEMO_PASSWORDS.secretariat);
    await settled('kill');
    const t = await tally('kill', expectation(keys, recipients), 'SIGKILL mid-batch, restarted');
    expect(t.lost).toBe(0);
    expect(t.dead).toBe(0);
    expect(t.once + t.duplicated).toBe(t.expectedOnce);
    // A copy goes twice only when the process died between the server's acceptance and the record: at most one
    // message per connection the killed process had open, each copy to all of its addresses.
    const duplicatedKeys = new Set<string>();
    for (const m of received('kill')) {
      const key = String(m.headers.get('x-zhuanban-key'));
      if (received('kill').filter((x) => x.headers.get('x-zhuanban-key') === key).length > 1) duplicatedKeys.add(key);
    }
    expect(duplicatedKeys.size).toBeLessThanOrEqual(CONNECTIONS);
    expect(t.extraCopies).toBeLessThanOrEqual(CONNECTIONS * 2);
    const rows = await messagesOf('kill');
    expect(rows.every((m) => m.status === 'sent')).toBe(true);
  });
});
