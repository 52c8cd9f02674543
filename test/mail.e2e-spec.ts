import { simpleParser } from 'mailparser';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, In } from 'typeorm';
import { AuditEntry } from '../src/audit/audit-entry.entity';
import { runCli } from '../src/cli';
import { messageIdFor } from '../src/mail/delivery';
import { MailSender, type DeliveryCounts } from '../src/mail/mail-sender';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { OutboxService, type EnqueueMessage } from '../src/mail/outbox.service';
import { TemplateRenderer } from '../src/mail/template-renderer';
import { startApp, tempDir, type TestApp } from './support/app';
import { freshDatabase } from './support/database';
import { startSmtp, type TestSmtpServer } from './support/smtp';

const FROM = 'zhuanban@tianshui.example.cn';
const YD = 'liaison.yd@tianshui.example.cn';
const MAILBOX = 'mailbox.yd@tianshui.example.cn';
const OFFICE = 'office@tianshui.example.cn';

function smtpConfig(port: number, extra: Record<string, unknown> = {}, maxConnections = 1) {
  return {
    mail: {
      smtp: { host: '127.0.0.1', port, secure: false, user: null, password: null, maxConnections },
      retryBaseSeconds: 0,
      pollSeconds: 0.05,
      ...extra,
    },
  };
}

/** Renders the test-message template and enqueues it in a transaction of its own. */
async function enqueue(t: TestApp, key: string, to: string[], extra: Partial<EnqueueMessage> = {}) {
  const mail = t.app.get(TemplateRenderer).render('test-message', 'zh-CN', {
    title: `9月工作调度 ${key}`,
    recipientName: '天水移动',
    day: '2023-09-20',
    note: '请于9月25日前报送本月进展。',
    items: [{ name: '新建5G基站', percent: 58, grade: 'yellow', deadline: '2023-12-31' }],
  });
  const outbox = t.app.get(OutboxService);
  return outbox.enqueue({ key, kind: 'test', recipientKey: 'unit:1', to, ...mail, ...extra });
}

function rows(t: TestApp): Promise<OutboxMessage[]> {
  return t.app
    .get(DataSource)
    .getRepository(OutboxMessage)
    .find({ order: { id: 'ASC' } });
}

/** Delivery passes until one finds nothing due, at most `max` passes; the counts added up. */
async function deliverAll(t: TestApp, max = 10): Promise<DeliveryCounts & { passes: number }> {
  const total = { sent: 0, retried: 0, dead: 0, passes: 0 };
  for (let i = 0; i < max; i++) {
    const c = await t.app.get(MailSender).deliverPending();
    if (c.sent + c.retried + c.dead === 0) break;
    total.sent += c.sent;
    total.retried += c.retried;
    total.dead += c.dead;
    total.passes += 1;
  }
  return total;
}

function expectNoDuplicates(smtp: TestSmtpServer, count: number): void {
  const ids = smtp.messages.map((m) => m.messageId);
  expect(ids).toHaveLength(count);
  expect(new Set(ids).size).toBe(count);
}

/**
 * Runs a CLI command in-process against the app's database file and mail settings. Its clock is the real one:
 * the app's fixed test clock has moved on since 09:00, and messages must be due for the command line too.
 */
async function cli(t: TestApp, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const overrides = { database: t.config.database, log: { level: 'error' }, mail: t.config.mail };
  const code = await runCli(argv, overrides, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
  return { code, out: out.join(''), err: err.join('') };
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('mail over SMTP', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({ config: smtpConfig(smtp.port) });
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  afterEach(async () => {
    await t.app.get(DataSource).query('DELETE FROM "outbox_message"');
    smtp.reset();
  });

  it('a message reaches the SMTP server with its recipients, Chinese subject and body, both parts and its headers', async () => {
    const attachment = {
      filename: '通报第3期.txt',
      contentType: 'text/plain',
      content: Buffer.from('进展良好').toString('base64'),
    };
    const first = await enqueue(t, 'test:one', [YD, 'Liaison.YD@tianshui.example.cn', MAILBOX], {
      cc: [OFFICE, MAILBOX],
      attachments: [attachment],
    });
    expect(first.created).toBe(true);
    const again = await enqueue(t, 'test:one', [YD]);
    expect(again).toEqual({ id: first.id, created: false });
    expect(await rows(t)).toHaveLength(1);

    expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(smtp.messages).toHaveLength(1);
    const [m] = smtp.messages;
    expect(m.envelope).toEqual({ from: FROM, to: [YD, MAILBOX, OFFICE] });
    expect(m.from).toEqual([FROM]);
    expect(m.to).toEqual([YD, MAILBOX]);
    expect(m.cc).toEqual([OFFICE]);
    expect(m.subject).toBe('【测试】9月工作调度 test:one（2023年9月20日）');
    expect(m.text).toContain('天水移动：\n\n请于9月25日前报送本月进展。');
    expect(m.text).toContain('[######----] 58.0%  黄  截止 2023年12月31日');
    expect(m.html).toContain('<td style="padding:6px 8px;">新建5G基站</td>');
    expect(m.html).toContain('天水市5G专班办公室');
    expect(m.messageId).toBe(messageIdFor('test:one'));
    expect(m.headers.get('x-zhuanban-key')).toBe('test:one');
    expect(m.headers.get('x-zhuanban-kind')).toBe('test');
    expect(m.attachments).toHaveLength(1);
    expect(m.attachments[0].filename).toBe('通报第3期.txt');
    expect(m.attachments[0].content.toString('utf8')).toBe('进展良好');

    const [row] = await rows(t);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, messageId: messageIdFor('test:one'), lockedUntil: null });
    expect(row.sentAt).toBeInstanceOf(Date);

    // Nothing is due any more, and the same key enqueued after sending is still one message.
    expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect((await enqueue(t, 'test:one', [YD])).created).toBe(false);
    expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(smtp.messages).toHaveLength(1);
  });

  it('a server that answers 451 for a while gets every message exactly once, and the attempts are recorded', async () => {
    for (const n of [1, 2, 3]) await enqueue(t, `test:451:${n}`, [`unit${n}@tianshui.example.cn`]);
    smtp.failWith(451, 'Try again later', { times: 4 });

    const totals = await deliverAll(t);
    expect(totals).toMatchObject({ sent: 3, retried: 4, dead: 0 });
    expect(smtp.refusals).toHaveLength(4);
    expectNoDuplicates(smtp, 3);
    const after = await rows(t);
    expect(after.map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
    // Every message was accepted once; the four refusals are the other attempts.
    expect(after.reduce((n, r) => n + r.attempts, 0)).toBe(3 + 4);
    for (const r of after.filter((r) => r.attempts > 1)) expect(r.lastError).toMatch(/^451 .*Try again later/);
  });

  it('a message refused with 451 on every attempt is given up after mail.maxAttempts', async () => {
    const doomed = await enqueue(t, 'test:always-451', ['busy@tianshui.example.cn']);
    await enqueue(t, 'test:fine', [YD]);
    smtp.failWith(451, 'Mailbox busy', { recipient: 'busy@tianshui.example.cn', stage: 'data' });
    const totals = await deliverAll(t, t.config.mail.maxAttempts + 2);
    expect(totals).toMatchObject({ sent: 1, retried: t.config.mail.maxAttempts - 1, dead: 1 });
    const row = (await rows(t)).find((r) => r.id === doomed.id) as OutboxMessage;
    expect(row).toMatchObject({ status: 'dead', attempts: t.config.mail.maxAttempts });
    expect(row.lastError).toMatch(/^451 .*Mailbox busy/);
  });

  it('a 550 for one recipient makes that message dead with the reply on record; a retry delivers it', async () => {
    const nobody = 'nobody@tianshui.example.cn';
    await enqueue(t, 'test:550:a', [YD]);
    const refused = await enqueue(t, 'test:550:b', [nobody]);
    await enqueue(t, 'test:550:c', [MAILBOX]);
    smtp.failWith(550, 'No such user here', { recipient: nobody });

    expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 2, retried: 0, dead: 1 });
    expect(smtp.messages.map((m) => m.to[0]).sort()).toEqual([YD, MAILBOX].sort());

    const shown = await t.get('secretariat', `/api/outbox/${refused.id}`);
    expect(shown).toMatchObject({ id: refused.id, status: 'dead', attempts: 1, to: [nobody], kind: 'test' });
    expect(shown.lastError).toMatch(/^550 .*No such user here/);
    expect(shown.html).toContain('<!DOCTYPE html>');
    expect(shown.text).toContain('请于9月25日前报送本月进展。');
    const dead = await t.get('lead', '/api/outbox?status=dead');
    expect(dead.total).toBe(1);
    expect(dead.items[0]).toMatchObject({ id: refused.id, status: 'dead' });
    expect(dead.items[0].html).toBeUndefined();
    expect(await t.get('admin', '/api/outbox/counts')).toEqual({ pending: 0, sending: 0, sent: 2, dead: 1 });

    const listed = await cli(t, 'outbox', '--status', 'dead');
    expect(listed).toMatchObject({ code: 0, err: '' });
    const lines = listed.out.trim().split('\n');
    expect(lines[0]).toBe('id\tstatus\tkind\tto\tsubject\tattempts\tlastError');
    expect(lines[1].split('\t')).toEqual([
      String(refused.id),
      'dead',
      'test',
      nobody,
      '【测试】9月工作调度 test:550:b（2023年9月20日）',
      '1',
      expect.stringMatching(/^550 .*No such user here/),
    ]);
    expect(lines[2]).toBe('1 message');

    expect((await t.call('lead', 'POST', `/api/outbox/${refused.id}/retry`)).status).toBe(403);
    const retried = await t.call('secretariat', 'POST', `/api/outbox/${refused.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: refused.id, status: 'pending', attempts: 0 });
    const audit = await t.app
      .get(DataSource)
      .getRepository(AuditEntry)
      .findBy({ entityType: 'outbox', entityId: refused.id });
    expect(audit.map((a) => [a.action, a.field, a.oldValue, a.newValue])).toEqual(
      expect.arrayContaining([
        ['retry', 'status', 'dead', 'pending'],
        ['retry', 'attempts', '1', '0'],
      ]),
    );
    expect(audit[0].actorEmail).toBe(OFFICE);

    smtp.failWith(null);
    expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(smtp.messages.filter((m) => m.to[0] === nobody)).toHaveLength(1);
    expectNoDuplicates(smtp, 3);
    const again = await t.call('secretariat', 'POST', `/api/outbox/${refused.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('not_dead');
  });

  it('a message refused for one of its recipients goes to the others once, with the refusal on record; a retry resends to that recipient only', async () => {
    const nobody = 'nobody@tianshui.example.cn';
    const { id } = await enqueue(t, 'test:partial', [YD, nobody]);
    smtp.failWith(550, 'No such user here', { recipient: nobody });
    expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 0, retried: 0, dead: 1 });
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([[YD]]);
    const row = (await rows(t)).find((r) => r.id === id) as OutboxMessage;
    expect(row).toMatchObject({ status: 'dead', attempts: 1 });
    expect(row.lastError).toMatch(new RegExp(`^${nobody}: 550 .*No such user here`));
    const listed = await t.get('secretariat', '/api/outbox?status=dead');
    expect(listed.items[0].deliveries).toEqual([
      { address: YD, field: 'to', status: 'sent', attempts: 1, lastError: null, sentAt: expect.any(String) },
      {
        address: nobody,
        field: 'to',
        status: 'dead',
        attempts: 1,
        lastError: expect.stringMatching(/^550 .*No such user here/),
        sentAt: null,
      },
    ]);

    smtp.failWith(null);
    expect((await t.call('secretariat', 'POST', `/api/outbox/${id}/retry`)).status).toBe(200);
    expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([[YD], [nobody]]);
    expect(smtp.messages.map((m) => m.messageId)).toEqual([messageIdFor('test:partial'), messageIdFor('test:partial')]);
    expect(smtp.messages[1].to).toEqual([YD, nobody]);
    const shown = await t.get('secretariat', `/api/outbox/${id}`);
    expect(shown.status).toBe('sent');
    expect(shown.deliveries.map((d: { status: string }) => d.status)).toEqual(['sent', 'sent']);
    expect(shown.claimToken).toBeUndefined();
  });

  it('a co-recipient refused with 451 is tried again on its own; the others are not sent it twice', async () => {
    const busy = 'busy@tianshui.example.cn';
    const { id } = await enqueue(t, 'test:partial-451', [YD, busy], { cc: [OFFICE] });
    smtp.failWith(451, 'Mailbox busy', { recipient: busy, times: 2 });
    expect(await deliverAll(t)).toMatchObject({ sent: 1, retried: 2, dead: 0 });
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual([[YD, OFFICE], [busy]]);
    const row = (await rows(t)).find((r) => r.id === id) as OutboxMessage;
    expect(row).toMatchObject({ status: 'sent', attempts: 3 });
    expect(row.deliveries.map((d) => [d.address, d.status, d.attempts])).toEqual([
      [YD, 'sent', 1],
      [busy, 'sent', 3],
      [OFFICE, 'sent', 1],
    ]);
  });

  it('the command line retries a dead message and delivers due mail', async () => {
    const refused = await enqueue(t, 'test:cli', ['nobody@tianshui.example.cn']);
    smtp.failWith(550, 'No such user here', { recipient: 'nobody@tianshui.example.cn' });
    expect(await cli(t, 'deliver')).toEqual({ code: 0, out: 'sent 0, to retry 0, given up 1\n', err: '' });
    smtp.failWith(null);
    const retried = await cli(t, 'outbox-retry', String(refused.id));
    expect(retried).toMatchObject({ code: 0, err: '' });
    expect(retried.out).toContain(`message ${refused.id} is pending again`);
    expect(await cli(t, 'outbox-retry', String(refused.id))).toMatchObject({
      code: 2,
      err: `error: Outbox message ${refused.id} is pending; only a dead message can be retried\n`,
    });
    expect(await cli(t, 'outbox-retry', '999999')).toMatchObject({
      code: 2,
      err: 'error: Outbox message 999999 not found\n',
    });
    expect((await cli(t, 'outbox', '--status', 'lost')).err).toMatch(/^error: --status: must be one of pending/);
    expect(await cli(t, 'deliver')).toEqual({ code: 0, out: 'sent 1, to retry 0, given up 0\n', err: '' });
    expect(smtp.messages).toHaveLength(1);
  });

  it('the running sender delivers soon after a kick, and a kick does nothing while it is stopped', async () => {
    const sender = t.app.get(MailSender);
    await enqueue(t, 'test:kick:stopped', [YD]);
    t.app.get(OutboxService).kick();
    await wait(300);
    expect(smtp.messages).toHaveLength(0);

    sender.start();
    try {
      await smtp.waitFor(1, 3000);
      await enqueue(t, 'test:kick:started', [MAILBOX]);
      t.app.get(OutboxService).kick();
      await smtp.waitFor(2, 3000);
    } finally {
      await sender.stop();
    }
    expectNoDuplicates(smtp, 2);
    expect((await rows(t)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('enqueue refuses a bad address, naming it, and an empty recipient list; nothing is written', async () => {
    await expect(enqueue(t, 'test:bad', [YD, 'not-an-address'])).rejects.toThrow(
      'Outbox message test:bad: to address "not-an-address" is not a valid email address',
    );
    await expect(enqueue(t, 'test:bad', [YD], { cc: ['office@'] })).rejects.toThrow(/cc address "office@"/);
    await expect(enqueue(t, 'test:bad', [])).rejects.toThrow('Outbox message test:bad: "to" has no address');
    expect(await rows(t)).toHaveLength(0);
  });

  it('only admins, the secretariat and leads see the outbox; ids are checked', async () => {
    const { id } = await enqueue(t, 'test:roles', [YD]);
    for (const who of ['liaison', 'viewer']) {
      expect((await t.call(who, 'GET', '/api/outbox')).status).toBe(403);
      expect((await t.call(who, 'GET', `/api/outbox/${id}`)).status).toBe(403);
      expect((await t.call(who, 'POST', '/api/outbox/deliver')).status).toBe(403);
      expect((await t.call(who, 'POST', `/api/outbox/${id}/retry`)).status).toBe(403);
    }
    expect((await t.call('lead', 'POST', '/api/outbox/deliver')).status).toBe(403);
    expect((await t.request('GET', '/api/outbox')).status).toBe(401);

    const listed = await t.get('lead', '/api/outbox?kind=test&page=1&pageSize=10');
    expect(listed).toMatchObject({ total: 1, page: 1, pageSize: 10, items: [{ id, status: 'pending' }] });
    expect((await t.call('admin', 'GET', '/api/outbox/999999')).status).toBe(404);
    expect((await t.call('admin', 'POST', '/api/outbox/999999/retry')).status).toBe(404);
    const badId = await t.call('admin', 'GET', '/api/outbox/abc');
    expect(badId.status).toBe(400);
    const badStatus = await t.call('admin', 'GET', '/api/outbox?status=lost');
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.errors[0].field).toBe('status');

    const conflict = await t.call('secretariat', 'POST', `/api/outbox/${id}/retry`);
    expect(conflict.status).toBe(409);
    expect(conflict.body.messageZh).toContain('只有发送失败的邮件可以重试');

    const delivered = await t.call('secretariat', 'POST', '/api/outbox/deliver');
    expect(delivered).toMatchObject({ status: 200, body: { sent: 1, retried: 0, dead: 0 } });
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('mail when the SMTP server is down', () => {
  it('keeps the messages pending with their attempts and errors, and delivers each once when it is back', async () => {
    const probe = await startSmtp();
    const port = probe.port;
    await probe.close();
    const t = await startApp({ config: smtpConfig(port) });
    let smtp: TestSmtpServer | null = null;
    try {
      for (const n of [1, 2, 3]) await enqueue(t, `test:down:${n}`, [`unit${n}@tianshui.example.cn`]);
      const down = await deliverAll(t, 3);
      expect(down).toMatchObject({ sent: 0, retried: 9, dead: 0, passes: 3 });
      for (const r of await rows(t)) {
        expect(r).toMatchObject({ status: 'pending', attempts: 3, sentAt: null, lockedUntil: null });
        expect(r.lastError).toMatch(/ECONNREFUSED|connect|Connection/i);
      }
      expect(await t.get('admin', '/api/outbox/counts')).toMatchObject({ pending: 3, sent: 0, dead: 0 });

      smtp = await startSmtp({ port });
      expect(await deliverAll(t)).toMatchObject({ sent: 3, retried: 0, dead: 0 });
      expectNoDuplicates(smtp, 3);
      expect((await rows(t)).map((r) => [r.status, r.attempts])).toEqual([
        ['sent', 4],
        ['sent', 4],
        ['sent', 4],
      ]);
    } finally {
      await t.close();
      await smtp?.close();
    }
  });
});

describe('mail when the process stops mid-batch', () => {
  it('every message is delivered exactly once across the stopped run and the next one', async () => {
    const dir = tempDir();
    const database = await freshDatabase(dir, 'mail');
    const smtp = await startSmtp({ delayMs: 100 });
    try {
      const first = await startApp({ database, config: smtpConfig(smtp.port) });
      const keys = Array.from({ length: 20 }, (_, i) => `test:batch:${i + 1}`);
      for (const key of keys) await enqueue(first, key, [YD]);
      const pass = first.app.get(MailSender).deliverPending();
      await smtp.waitFor(3, 5000);
      await first.close();
      const stopped = await pass;
      expect(stopped.sent).toBeGreaterThanOrEqual(3);
      expect(stopped.sent).toBeLessThan(20);
      expect(smtp.messages).toHaveLength(stopped.sent);

      smtp.setDelay(0);
      // The next run sends over three connections at once: parallel claims must not double a message either.
      const second = await startApp({ database, config: smtpConfig(smtp.port, {}, 3) });
      try {
        // The fixed test clock restarts at 09:00; move it past the first run's queue times.
        second.clock.setNow(new Date(second.clock.now().getTime() + 60_000));
        const repo = second.app.get(DataSource).getRepository(OutboxMessage);
        const left = await repo.find({ where: { status: 'pending' }, order: { id: 'ASC' } });
        expect(left).toHaveLength(20 - stopped.sent);
        // A sender that died while holding messages: two locks have run out, one has not yet.
        const now = second.clock.now().getTime();
        await repo.update(
          { id: In([left[0].id, left[1].id]) },
          { status: 'sending', lockedUntil: new Date(now - 1000) },
        );
        await repo.update({ id: left[2].id }, { status: 'sending', lockedUntil: new Date(now + 60_000) });

        const resumed = await deliverAll(second);
        expect(resumed).toMatchObject({ sent: 20 - stopped.sent - 1, retried: 0, dead: 0 });
        expect(await repo.findOneByOrFail({ id: left[2].id })).toMatchObject({ status: 'sending' });

        second.clock.setNow(new Date(now + 61_000));
        expect(await deliverAll(second)).toMatchObject({ sent: 1, retried: 0, dead: 0 });
        expect((await repo.find()).every((r) => r.status === 'sent')).toBe(true);
      } finally {
        await second.close();
      }
      expectNoDuplicates(smtp, 20);
      expect(smtp.messages.map((m) => m.headers.get('x-zhuanban-key')).sort()).toEqual([...keys].sort());
    } finally {
      await smtp.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('mail without SMTP', () => {
  it('writes each message as an .eml file a mail client can open, Chinese intact', async () => {
    const t = await startApp();
    try {
      expect(t.config.mail.smtp.host).toBeNull();
      const a = await enqueue(t, 'test:file:1', [YD], { cc: [OFFICE] });
      const b = await enqueue(t, 'test:file:2', [MAILBOX], { kind: 'dispatch.request' });
      expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 2, retried: 0, dead: 0 });
      expect(await t.app.get(MailSender).deliverPending()).toEqual({ sent: 0, retried: 0, dead: 0 });

      const files = readdirSync(t.config.mail.dir).sort();
      expect(files).toEqual([
        expect.stringMatching(new RegExp(`^20230920-\\d{6}-${a.id}-test\\.eml$`)),
        expect.stringMatching(new RegExp(`^20230920-\\d{6}-${b.id}-dispatch\\.request\\.eml$`)),
      ]);
      const parsed = await simpleParser(readFileSync(join(t.config.mail.dir, files[0])));
      expect(parsed.subject).toBe('【测试】9月工作调度 test:file:1（2023年9月20日）');
      expect(parsed.text).toContain('请于9月25日前报送本月进展。');
      expect(parsed.html).toContain('天水移动：');
      expect(parsed.messageId).toBe(messageIdFor('test:file:1'));
      expect(parsed.headers.get('x-zhuanban-key')).toBe('test:file:1');
      expect(JSON.stringify(parsed.cc)).toContain(OFFICE);
      expect((await rows(t)).map((r) => r.status)).toEqual(['sent', 'sent']);
    } finally {
      await t.close();
    }
  });
});

describe('delivering now', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ config: { mail: { batchSize: 5 } } });
  });
  afterAll(() => t.close());

  it('sends everything that is due, batch after batch, when asked through the API', async () => {
    for (let i = 0; i < 12; i++) await enqueue(t, `batch-${i}`, [`unit${i}@tianshui.example.cn`]);
    const res = await t.call('secretariat', 'POST', '/api/outbox/deliver');
    expect(res.body).toEqual({ sent: 12, retried: 0, dead: 0 });
    expect((await rows(t)).filter((m) => m.status === 'sent')).toHaveLength(12);
  });
});
