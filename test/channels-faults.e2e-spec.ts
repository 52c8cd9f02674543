// Channel copies under faults, end to end: a digest, a dispatch reminder and an urging for a unit with a WeCom
// robot, a DingTalk robot (signed), a webhook and an SMS mobile go through the outbox while the fakes answer slowly
// (longer than a claim's lock), with 5xx, with each channel's rate-limit error, with a timeout, and with each
// channel's permanent refusal; then a service process killed with SIGKILL mid-batch and started again. Each copy is
// counted per channel and recipient: delivered once, duplicated, lost, or dead with the server's reply where the
// refusal was permanent. The counts are printed as a table at the end.
import { rmSync } from 'node:fs';
import { DataSource, MoreThan } from 'typeorm';
import { truncateChars } from '../src/channels/short-form';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { OutboxService } from '../src/mail/outbox.service';
import { ChannelFakes, type Fault, type FakeChannel } from './support/channel-fakes';
import { DEMO_PASSWORDS, startApp, tempDir, type TestApp } from './support/app';
import { dropDatabase, freshDatabase, testDialect, type TestDatabaseConfig } from './support/database';
import { ensureBuilt, InstanceClient, startInstance, type Instance } from './support/instances';

jest.setTimeout(240_000);

const KEY = Buffer.alloc(32, 9).toString('hex');
const WECOM_KEY = 'faults-wecom-key-0001';
const DING_TOKEN = 'faultsDingtalkToken000000001';
const DING_SECRET = 'SECfaults-dingtalk-secret';
const MOBILE = '13900000009';
const CHANNELS: FakeChannel[] = ['wecom', 'dingtalk', 'webhook', 'sms'];
const LOCK_SECONDS = 1;
const OFF = { enabled: false };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Tally {
  scenario: string;
  copies: number;
  once: number;
  duplicated: number;
  lost: number;
  dead: number;
}
const table: Tally[] = [];

const channelConfig = (fakes: ChannelFakes) => ({
  secretKey: KEY,
  quietHours: null,
  holdOnNonWorkingDays: false,
  timeoutSeconds: 3,
  wecom: { baseUrl: fakes.url },
  dingtalk: { baseUrl: fakes.url },
  sms: { baseUrl: fakes.url, ...fakes.sms },
});

const mailConfig = (dir: string) => ({
  dir: `${dir}/mail`,
  pollSeconds: 0.1,
  lockSeconds: LOCK_SECONDS,
  retryBaseSeconds: 0.1,
  maxAttempts: 8,
});

const scheduler = {
  enabled: true,
  catchUp: false,
  jobs: { digest: OFF, 'dispatch.open': OFF, 'dispatch.remind': OFF, 'bulletin.weekly': OFF, escalation: OFF },
};

function registerFakes(fakes: ChannelFakes) {
  fakes.wecomKeys.add(WECOM_KEY);
  fakes.dingtalkSecrets.set(DING_TOKEN, DING_SECRET);
  fakes.webhookSecrets.set('/hook/faults', 'faults-hook-secret');
}

const CHANNEL_BODIES = (fakes: ChannelFakes) => [
  {
    channel: 'wecom',
    label: '企业微信群',
    address: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}`,
  },
  { channel: 'dingtalk', label: '钉钉群', address: DING_TOKEN, secret: DING_SECRET, mobiles: [MOBILE] },
  { channel: 'webhook', label: 'OA', address: `${fakes.url}/hook/faults`, secret: 'faults-hook-secret' },
  { channel: 'sms', label: '值班手机', mobiles: [MOBILE] },
];

/** What the fake's title of a copy is: the subject, cut to 35 characters for SMS. */
const titleOf = (m: OutboxMessage) => (m.channel === 'sms' ? truncateChars(m.subject, 35) : m.subject);

/** Each copy against what the fakes took: once, more than once, never (lost unless dead). */
function count(scenario: string, rows: OutboxMessage[], fakes: ChannelFakes): Tally {
  const taken = fakes.tally();
  const out: Tally = { scenario, copies: rows.length, once: 0, duplicated: 0, lost: 0, dead: 0 };
  for (const row of rows) {
    const n = [...taken.entries()]
      .filter(([k]) => k.startsWith(`${row.channel}|`) && k.endsWith(`|${titleOf(row)}`))
      .reduce((a, [, v]) => a + v, 0);
    if (row.status === 'dead' && n === 0) out.dead++;
    else if (n === 1) out.once++;
    else if (n > 1) out.duplicated++;
    else out.lost++;
  }
  table.push(out);
  return out;
}

afterAll(() => {
  console.log(
    [
      `channel fault suite — ${testDialect()}`,
      '| scenario | copies | delivered once | duplicated | lost | dead |',
      '| --- | --- | --- | --- | --- | --- |',
      ...table.map((t) => `| ${t.scenario} | ${t.copies} | ${t.once} | ${t.duplicated} | ${t.lost} | ${t.dead} |`),
    ].join('\n'),
  );
});

describe(`channel copies under faults (${testDialect()})`, () => {
  let fakes: ChannelFakes;
  let t: TestApp;
  let yd: number;
  let scenarioNo = 0;

  const rows = (afterId: number) =>
    t.app
      .get(DataSource)
      .getRepository(OutboxMessage)
      .find({ where: { id: MoreThan(afterId), recipientKey: `unit:${yd}` }, order: { id: 'ASC' } });
  const lastId = async () =>
    (
      await t.app
        .get(DataSource)
        .getRepository(OutboxMessage)
        .find({ order: { id: 'DESC' }, take: 1 })
    )[0]?.id ?? 0;

  /** A digest (forced), a new round's request and its reminder, and an urging for yd; the copies they made. */
  async function messages(): Promise<number> {
    const n = ++scenarioNo;
    const from = await lastId();
    expect((await t.call('secretariat', 'POST', '/api/digests/send', { force: true })).status).toBe(200);
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: `2023-0${n}`,
      dueDate: `2023-10-${10 + n}`,
    });
    expect(round.status).toBe(201);
    expect(
      (await t.call('secretariat', 'POST', `/api/dispatch-rounds/${round.body.id}/units/${yd}/remind`)).status,
    ).toBe(200);
    await t.app.get(OutboxService).enqueue({
      key: `urging:${n}:unit:${yd}`,
      kind: 'urging',
      recipientKey: `unit:${yd}`,
      to: ['yd@tianshui.example.cn'],
      subject: `督办提醒（第${n}次）：5G基站建设进度`,
      html: '<p>督办</p>',
      text: '督办',
    });
    t.app.get(OutboxService).kick();
    return from;
  }

  /** Waits until none of the scenario's copies waits any more (the background sender and the API both deliver). */
  async function settled(from: number): Promise<OutboxMessage[]> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const mine = (await rows(from)).filter((r) => r.channel !== 'email');
      if (mine.every((r) => r.status === 'sent' || r.status === 'dead')) return mine;
      if (Date.now() > deadline)
        throw new Error(`not settled: ${JSON.stringify(mine.map((r) => [r.channel, r.status, r.lastError]))}`);
      await t.call('secretariat', 'POST', '/api/outbox/deliver');
      await wait(100);
    }
  }

  async function scenario(name: string, faults: Partial<Record<FakeChannel, Fault[]>>, delayMs = 0) {
    fakes.reset();
    for (const c of CHANNELS) {
      fakes.failNext(c, ...(faults[c] ?? []));
      fakes.setDelay(c, delayMs);
    }
    const from = await messages();
    const copies = await settled(from);
    const kinds = new Set(copies.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['digest', 'dispatch.reminder', 'dispatch.request', 'urging']);
    expect(new Set(copies.map((c) => c.channel))).toEqual(new Set(CHANNELS));
    return { copies, tally: count(name, copies, fakes) };
  }

  beforeAll(async () => {
    fakes = await ChannelFakes.start();
    registerFakes(fakes);
    t = await startApp({
      config: { scheduler, mail: mailConfig(tempDir()), channels: channelConfig(fakes) },
    });
    yd = (await t.get('lead', '/api/units')).find((u: { code: string }) => u.code === 'yd').id;
    for (const body of CHANNEL_BODIES(fakes)) {
      expect((await t.call('liaison', 'POST', `/api/units/${yd}/channels`, body)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });

  it('answers slower than a claim’s lock: each copy once (the claim is held while the request is under way)', async () => {
    const { tally } = await scenario('slow (1.5 × lock)', {}, LOCK_SECONDS * 1500);
    expect(tally).toMatchObject({ once: tally.copies, duplicated: 0, lost: 0, dead: 0 });
  });

  it('5xx twice, then accepted: each copy once', async () => {
    const faults = Object.fromEntries(
      CHANNELS.map((c) => [
        c,
        [
          { kind: 'status', status: 502 },
          { kind: 'status', status: 503 },
        ],
      ]),
    );
    const { tally, copies } = await scenario('5xx twice, then ok', faults);
    expect(tally).toMatchObject({ once: tally.copies, duplicated: 0, lost: 0, dead: 0 });
    expect(copies.some((c) => c.attempts > 1)).toBe(true);
  });

  it('rate limited (WeCom 45009, DingTalk 130101, SMS BUSINESS_LIMIT_CONTROL, webhook 429), then accepted: each once', async () => {
    const faults = Object.fromEntries(CHANNELS.map((c) => [c, [{ kind: 'rateLimit' }, { kind: 'rateLimit' }]]));
    const { tally, copies } = await scenario('rate limited twice, then ok', faults);
    expect(tally).toMatchObject({ once: tally.copies, duplicated: 0, lost: 0, dead: 0 });
    expect(copies.filter((c) => c.attempts > 1).length).toBeGreaterThanOrEqual(CHANNELS.length);
  });

  it('a server that does not answer within the timeout, then accepts: each copy once', async () => {
    const faults = Object.fromEntries(CHANNELS.map((c) => [c, [{ kind: 'slow', ms: 4_000 }]]));
    const { tally } = await scenario('no answer within the timeout once', faults);
    expect(fakes.abandoned).toBeGreaterThanOrEqual(1);
    expect(tally).toMatchObject({ once: tally.copies, duplicated: 0, lost: 0, dead: 0 });
  });

  it('a permanent refusal is dead with the server’s reply at once; the others go once', async () => {
    const faults = Object.fromEntries(CHANNELS.map((c) => [c, [{ kind: 'refuse' }]]));
    const { tally, copies } = await scenario('permanent refusal of one copy per channel', faults);
    expect(tally).toMatchObject({
      once: tally.copies - CHANNELS.length,
      duplicated: 0,
      lost: 0,
      dead: CHANNELS.length,
    });
    const dead = copies.filter((c) => c.status === 'dead');
    expect(dead.map((c) => c.channel).sort()).toEqual([...CHANNELS].sort());
    expect(dead.every((c) => c.attempts === 1)).toBe(true);
    const reply = Object.fromEntries(dead.map((c) => [c.channel, c.lastError]));
    expect(reply.wecom).toBe('errcode 93000: invalid webhook url');
    expect(reply.dingtalk).toContain('errcode 310000: sign not match');
    expect(reply.sms).toBe('isv.MOBILE_NUMBER_ILLEGAL: 非法手机号');
    expect(reply.webhook).toContain('HTTP 410');
    // visible in the outbox by channel, and retried from there: it goes once
    const listed = await t.get('secretariat', '/api/outbox?status=dead&channel=sms');
    expect(listed.items.map((m: { id: number }) => m.id)).toContain(dead.find((c) => c.channel === 'sms')!.id);
    for (const c of dead) expect((await t.call('secretariat', 'POST', `/api/outbox/${c.id}/retry`)).status).toBe(200);
    await t.call('secretariat', 'POST', '/api/outbox/deliver');
    const again = await t.app
      .get(DataSource)
      .getRepository(OutboxMessage)
      .findBy(dead.map((c) => ({ id: c.id })));
    expect(again.every((c) => c.status === 'sent')).toBe(true);
    for (const c of again)
      expect(
        fakes
          .tally()
          .get(
            `${c.channel}|${c.channel === 'sms' ? MOBILE : c.channel === 'wecom' ? WECOM_KEY : c.channel === 'dingtalk' ? DING_TOKEN : '/hook/faults'}|${titleOf(c)}`,
          ),
      ).toBe(1);
  });
});

describe(`channel copies when a process is killed mid-batch (${testDialect()})`, () => {
  const dir = tempDir();
  let fakes: ChannelFakes;
  let database: TestDatabaseConfig;
  let instance: Instance;
  let db: DataSource;
  const CONNECTIONS = 2;

  const start = () =>
    startInstance({
      name: 'channels',
      dir,
      database,
      config: {
        scheduler,
        mail: {
          ...mailConfig(dir),
          smtp: { host: null, port: 587, secure: false, user: null, password: null, maxConnections: CONNECTIONS },
        },
        channels: channelConfig(fakes),
      },
    });

  beforeAll(async () => {
    ensureBuilt();
    fakes = await ChannelFakes.start();
    registerFakes(fakes);
    database = await freshDatabase(dir, 'channel-faults');
    instance = await start();
    db = new DataSource(
      database.url
        ? { type: 'postgres', url: database.url, entities: [OutboxMessage] }
        : { type: 'sqlite', database: database.path, entities: [OutboxMessage], busyTimeout: 10_000 },
    );
    await db.initialize();
  });
  afterAll(async () => {
    await instance?.stop();
    await db?.destroy();
    await fakes?.close();
    if (database) await dropDatabase(database);
    rmSync(dir, { recursive: true, force: true });
  });

  it('killed with SIGKILL mid-batch and started again: no copy lost, at most one extra per request under way', async () => {
    const liaison = await InstanceClient.signIn(instance, ...DEMO_PASSWORDS.liaison);
    const units = await liaison.get('/api/units');
    const yd = units.find((u: { code: string }) => u.code === 'yd').id;
    const channelIds: Record<string, number> = {};
    for (const body of CHANNEL_BODIES(fakes)) {
      const res = await liaison.call('POST', `/api/units/${yd}/channels`, body);
      expect(res.status).toBe(201);
      channelIds[body.channel] = res.body.id;
    }
    // urgings' copies written straight into the outbox, as the router writes them, all due now
    fakes.reset();
    for (const c of CHANNELS) fakes.setDelay(c, 150);
    const now = new Date();
    const rows = [];
    for (let i = 1; i <= 12; i++) {
      const subject = `督办提醒（批量${i}）`;
      const form = JSON.stringify({
        title: subject,
        text: '请尽快报送。',
        url: 'http://127.0.0.1/my-unit',
        locale: 'zh-CN',
      });
      for (const channel of CHANNELS) {
        const recipient = channel === 'sms' ? MOBILE : String(channelIds[channel]);
        const address = channel === 'sms' ? MOBILE : `unit_channel:${channelIds[channel]}`;
        rows.push({
          idempotencyKey: `urging:kill-${i}:unit:${yd}|${channel}:${recipient}`,
          kind: 'urging',
          jobRunId: null,
          recipientKey: `unit:${yd}`,
          to: [address],
          cc: [],
          subject,
          html: '',
          text: form,
          attachments: [],
          channel,
          notBefore: null,
          deliveries: [{ address, field: 'to', status: 'pending', attempts: 0, lastError: null, sentAt: null }],
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          queuedAt: now,
        });
      }
    }
    await db.getRepository(OutboxMessage).insert(rows as never);
    const deadline = Date.now() + 20_000;
    while (fakes.accepted.length < 4 && Date.now() < deadline) await wait(20);
    await instance.kill();
    expect(fakes.accepted.length).toBeLessThan(rows.length);
    instance = await start();
    const end = Date.now() + 60_000;
    let mine: OutboxMessage[] = [];
    for (;;) {
      mine = await db.getRepository(OutboxMessage).find({ where: { kind: 'urging', recipientKey: `unit:${yd}` } });
      mine = mine.filter((m) => m.idempotencyKey.startsWith('urging:kill-'));
      if (mine.every((m) => m.status === 'sent' || m.status === 'dead') || Date.now() > end) break;
      await wait(200);
    }
    const tally = count('SIGKILL mid-batch, restarted', mine, fakes);
    expect(tally.lost).toBe(0);
    expect(tally.dead).toBe(0);
    expect(tally.once + tally.duplicated).toBe(rows.length);
    // a copy goes twice only when the process died between the server's answer and the record
    expect(tally.duplicated).toBeLessThanOrEqual(CONNECTIONS);
    expect(mine.every((m) => m.status === 'sent')).toBe(true);
  });
});
