// Channels end to end, against loopback fakes of WeCom's and DingTalk's robots, a JSON webhook and Alibaba Cloud
// SMS: a liaison sets up its unit's channels (addresses masked, secrets never shown, another unit's refused); a
// digest, a dispatch reminder and an urging reach every channel exactly once through the outbox; quiet hours hold
// chat and SMS but not email; preferences leave out what everyone at a unit turned off; a wrong DingTalk secret is
// dead with the robot's reply and goes once retried after the fix; without CHANNEL_SECRET_KEY nothing is stored.
import { DataSource, type FindOptionsWhere } from 'typeorm';
import { truncateChars } from '../src/channels/short-form';
import { zonedTime } from '../src/common/clock.service';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { OutboxService } from '../src/mail/outbox.service';
import { ChannelFakes, type FakeChannel } from './support/channel-fakes';
import { captureLog, startApp, type TestApp } from './support/app';
import { runCli } from '../src/cli';

jest.setTimeout(120_000);

const KEY = Buffer.alloc(32, 42).toString('base64');
const WECOM_KEY = '693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa';
const DING_TOKEN = 'c3f1e1b0d2a94e5f8b7a6c5d4e3f2a1b';
const DING_SECRET = 'SEC8a6d2bb4f3e1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6';
const HOOK_SECRET = 'hook-secret-for-yd';
const MOBILES = ['13800000001', '+8613800000002'];

const fields = (res: { body: any }) => [
  ...new Set(((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field)),
];

describe('channels', () => {
  let fakes: ChannelFakes;
  let t: TestApp;
  let yd: number;
  let qzq: number;
  const ids: Record<string, number> = {};
  let urgings = 0;

  const outboxRows = (where: FindOptionsWhere<OutboxMessage>) =>
    t.app
      .get(DataSource)
      .getRepository(OutboxMessage)
      .find({ where, order: { id: 'ASC' } });

  /** Enqueues an urging as the urging feature does, for a unit. */
  async function urge(unitId: number, subject: string): Promise<string> {
    const key = `urging:${++urgings}:unit:${unitId}`;
    await t.app.get(OutboxService).enqueue({
      key,
      kind: 'urging',
      recipientKey: `unit:${unitId}`,
      to: ['yd@tianshui.example.cn', 'liaison.yd@tianshui.example.cn'],
      subject,
      html: `<p>${subject}</p>`,
      text: subject,
      short: { text: '请于本周五前报送整改情况。', path: '/my-unit' },
    });
    return key;
  }

  const deliver = async () => {
    const res = await t.call('secretariat', 'POST', '/api/outbox/deliver');
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    fakes = await ChannelFakes.start();
    fakes.wecomKeys.add(WECOM_KEY);
    fakes.dingtalkSecrets.set(DING_TOKEN, DING_SECRET);
    fakes.dingtalkSecrets.set('qzqTokenWithAnotherSecret01', 'SECthe-right-one');
    fakes.webhookSecrets.set('/hook/yd', HOOK_SECRET);
    t = await startApp({
      config: {
        publicUrl: 'https://zb.example.cn',
        channels: {
          secretKey: KEY,
          wecom: { baseUrl: fakes.url },
          dingtalk: { baseUrl: fakes.url },
          sms: { baseUrl: fakes.url, ...fakes.sms },
          timeoutSeconds: 5,
        },
      },
    });
    const units = await t.get('lead', '/api/units');
    yd = units.find((u: { code: string }) => u.code === 'yd').id;
    qzq = units.find((u: { code: string }) => u.code === 'qzq').id;
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });

  it('a liaison adds its unit’s channels; the answers mask the addresses and never show a secret', async () => {
    const bodies = {
      wecom: {
        channel: 'wecom',
        label: '天水移动工作群',
        address: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}`,
        mobiles: [MOBILES[0]],
      },
      dingtalk: {
        channel: 'dingtalk',
        label: '钉钉群',
        address: `https://oapi.dingtalk.com/robot/send?access_token=${DING_TOKEN}`,
        secret: DING_SECRET,
        mobiles: [MOBILES[0]],
      },
      webhook: { channel: 'webhook', label: 'OA 系统', address: `${fakes.url}/hook/yd`, secret: HOOK_SECRET },
      sms: { channel: 'sms', label: '值班手机', mobiles: MOBILES },
    };
    for (const [name, body] of Object.entries(bodies)) {
      const res = await t.call('liaison', 'POST', `/api/units/${yd}/channels`, body);
      expect({ name, status: res.status, body: res.body }).toMatchObject({ name, status: 201 });
      ids[name] = res.body.id;
      const text = JSON.stringify(res.body);
      for (const secret of [WECOM_KEY, DING_TOKEN, DING_SECRET, HOOK_SECRET, '13800000001'])
        expect(text).not.toContain(secret);
      expect(res.body.allowedActions).toEqual(['channel.manage']);
    }
    const list = await t.get('liaison', `/api/units/${yd}/channels`);
    expect(list.map((c: { channel: string }) => c.channel)).toEqual(['wecom', 'dingtalk', 'webhook', 'sms']);
    expect(list[0].address).toBe('https://qyapi.weixin.qq.com/…****5aaa');
    expect(list[1]).toMatchObject({ hasSecret: true, mobiles: ['138****0001'] });
    expect(list[3].mobiles).toEqual(['138****0001', '138****0002']);
    // the office sees them too; the stored row holds no address in the clear
    expect((await t.get('secretariat', `/api/units/${yd}/channels`)).length).toBe(4);
    const raw = await t.app.get(DataSource).query(`SELECT "address", "secret" FROM "unit_channel"`);
    expect(JSON.stringify(raw)).not.toContain(WECOM_KEY);
    expect(JSON.stringify(raw)).not.toContain(DING_SECRET);
  });

  it('a liaison may not see or change another unit’s channels (403), and the refusal changes nothing', async () => {
    const theirs = await t.call('secretariat', 'POST', `/api/units/${qzq}/channels`, {
      channel: 'dingtalk',
      label: '秦州区钉钉群',
      address: 'qzqTokenWithAnotherSecret01',
      secret: 'SECa-wrong-secret',
    });
    expect(theirs.status).toBe(201);
    ids.qzq = theirs.body.id;
    expect((await t.call('liaison', 'GET', `/api/units/${qzq}/channels`)).status).toBe(403);
    expect(
      (
        await t.call('liaison', 'POST', `/api/units/${qzq}/channels`, {
          channel: 'sms',
          label: 'x',
          mobiles: [MOBILES[0]],
        })
      ).status,
    ).toBe(403);
    expect((await t.call('liaison', 'PATCH', `/api/units/${qzq}/channels/${ids.qzq}`, { enabled: false })).status).toBe(
      403,
    );
    expect((await t.call('liaison', 'DELETE', `/api/units/${qzq}/channels/${ids.qzq}`)).status).toBe(403);
    expect((await t.call('viewer', 'GET', `/api/units/${yd}/channels`)).status).toBe(403);
    // a channel of another unit is not found under this one
    expect(
      (await t.call('secretariat', 'PATCH', `/api/units/${yd}/channels/${ids.qzq}`, { enabled: false })).status,
    ).toBe(404);
    const after = await t.get('secretariat', `/api/units/${qzq}/channels`);
    expect(after).toHaveLength(1);
    expect(after[0].enabled).toBe(true);
  });

  it('bad input is a 400 naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ channel: 'webhook', label: 'x', address: 'not a url' }, 'address'],
      [{ channel: 'webhook', label: 'x', address: 'ftp://example.cn/x' }, 'address'],
      [{ channel: 'wecom', label: 'x', address: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' }, 'address'],
      [{ channel: 'telegram', label: 'x', address: 'https://example.cn' }, 'channel'],
      [{ channel: 'sms', label: 'x', mobiles: ['12345'] }, 'mobiles'],
      [{ channel: 'sms', label: 'x' }, 'mobiles'],
      [{ channel: 'sms', label: '', mobiles: [MOBILES[0]] }, 'label'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('liaison', 'POST', `/api/units/${yd}/channels`, body);
      expect({ body, status: res.status, fields: fields(res) }).toEqual({ body, status: 400, fields: [field] });
    }
    const pref = await t.call('liaison', 'PUT', '/api/me/channel-preferences', {
      preferences: [{ kind: 'bulletin.nope', channel: 'wecom', enabled: false }],
    });
    expect(pref.status).toBe(400);
    expect(fields(pref)[0]).toBe('preferences[0].kind');
    expect((await t.get('liaison', `/api/units/${yd}/channels`)).length).toBe(4);
  });

  it('a digest, a dispatch reminder and an urging reach the robots and the SMS gateway exactly once each', async () => {
    expect((await t.call('secretariat', 'POST', '/api/digests/send')).status).toBe(200);
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    expect(round.status).toBe(201);
    expect(
      (await t.call('secretariat', 'POST', `/api/dispatch-rounds/${round.body.id}/units/${yd}/remind`)).status,
    ).toBe(200);
    await urge(yd, '督办提醒：5G基站建设进度滞后');
    await deliver();
    await deliver();

    const copies = (await outboxRows({ recipientKey: `unit:${yd}` })).filter((m) => m.channel !== 'email');
    const kinds = new Set(copies.map((c) => c.kind));
    for (const kind of ['digest', 'dispatch.request', 'dispatch.reminder', 'urging'])
      expect(kinds.has(kind)).toBe(true);
    expect(copies.every((c) => c.status === 'sent')).toBe(true);
    // per channel: the titles the fake took are the subjects of the copies, each once
    const expected: Record<FakeChannel, string[]> = { wecom: [], dingtalk: [], webhook: [], sms: [] };
    for (const c of copies)
      expected[c.channel as FakeChannel].push(c.channel === 'sms' ? truncateChars(c.subject, 35) : c.subject);
    for (const channel of ['wecom', 'dingtalk', 'webhook', 'sms'] as FakeChannel[]) {
      const got = fakes.accepted.filter((a) => a.channel === channel).map((a) => a.title);
      expect({ channel, got: got.sort() }).toEqual({ channel, got: expected[channel].sort() });
    }
    expect(expected.sms.length).toBe(2 * expected.wecom.length);
    expect(fakes.tally((a) => a.channel === 'sms').size).toBe(expected.sms.length);
    expect([...fakes.tally().values()].every((n) => n === 1)).toBe(true);
    // nothing of yd's was refused (qzq's robot, set up with a wrong secret, refuses qzq's copies)
    expect(fakes.refused.filter((r) => r.recipient !== 'qzqTokenWithAnotherSecret01')).toEqual([]);
    // the mentions: WeCom's text form names the mobile, DingTalk's at list and text too
    const wecom = fakes.accepted.find((a) => a.channel === 'wecom')!.body as any;
    expect(wecom.text.mentioned_mobile_list).toEqual(['13800000001']);
    expect(wecom.text.content).toContain('https://zb.example.cn/');
    const ding = fakes.accepted.find((a) => a.channel === 'dingtalk' && a.title.startsWith('督办'))!.body as any;
    expect(ding.at.atMobiles).toEqual(['13800000001']);
    expect(ding.markdown.text).toContain('请于本周五前报送整改情况。');
    expect(ding.markdown.text).toContain('[查看详情](https://zb.example.cn/my-unit)');
    // the features' short lines: the digest's counts, the reminder's missing reports and the round's page
    const dingOf = (kind: string) => {
      const subject = copies.find((c) => c.kind === kind && c.channel === 'dingtalk')!.subject;
      return (
        fakes.accepted.find((a) => a.channel === 'dingtalk' && a.title === truncateChars(subject, 100))!.body as any
      ).markdown.text as string;
    };
    expect(dingOf('digest')).toMatch(/本单位牵头任务逾期\d+项、即将到期\d+项；配合任务逾期\d+项、即将到期\d+项。/);
    expect(dingOf('digest')).toContain('(https://zb.example.cn/my-unit)');
    expect(dingOf('dispatch.reminder')).toMatch(/尚有\d+项任务（共\d+项）未报送进展，报送截止日期为2023年9月25日。/);
    expect(dingOf('dispatch.reminder')).toContain(`(https://zb.example.cn/dispatch/${round.body.id}?unit=${yd})`);
    expect(dingOf('dispatch.request')).toContain('请于2023年9月25日前报送本单位牵头的');
    const hook = fakes.accepted.find((a) => a.channel === 'webhook' && a.title.startsWith('督办'))!.body as any;
    expect(hook).toMatchObject({ kind: 'urging', recipient: `unit:${yd}`, url: 'https://zb.example.cn/my-unit' });

    // another pass sends nothing again
    const before = fakes.accepted.length;
    await deliver();
    expect(fakes.accepted.length).toBe(before);

    // the outbox lists them by channel, without the robot's key
    const listed = await t.get('secretariat', `/api/outbox?channel=dingtalk&recipientKey=unit:${yd}&pageSize=100`);
    expect(listed.items.length).toBe(expected.dingtalk.length);
    expect(listed.items.every((m: { channel: string }) => m.channel === 'dingtalk')).toBe(true);
    const one = await t.get('secretariat', `/api/outbox/${listed.items[0].id}`);
    expect(JSON.stringify(one)).not.toContain(DING_TOKEN);
    expect(one.idempotencyKey).toMatch(/\|dingtalk:\d+$/);
    expect((await t.call('secretariat', 'GET', '/api/outbox?channel=pigeon')).status).toBe(400);
  });

  it('quiet hours: an urging at 23:00 goes by email at once, chat and SMS at 07:00 the next working day', async () => {
    const clock = t.clock;
    clock.setNow(zonedTime('2023-09-22', '23:00', 'Asia/Shanghai'));
    try {
      const key = await urge(yd, '夜间督办：光缆抢修');
      const rows = (await outboxRows({ recipientKey: `unit:${yd}`, kind: 'urging' })).filter((r) =>
        r.idempotencyKey.startsWith(key),
      );
      const monday = zonedTime('2023-09-25', '07:00', 'Asia/Shanghai');
      expect(rows.find((r) => r.channel === 'email')!.notBefore).toBeNull();
      for (const r of rows.filter((r) => ['wecom', 'dingtalk', 'sms'].includes(r.channel))) {
        expect(new Date(r.notBefore!).getTime()).toBe(monday.getTime());
      }
      // the machine webhook is not held
      expect(rows.find((r) => r.channel === 'webhook')!.notBefore).toBeNull();
      const before = fakes.accepted.length;
      await deliver();
      expect(fakes.accepted.slice(before).map((a) => a.channel)).toEqual(['webhook']);
      clock.setNow(new Date(monday.getTime() + 1000));
      await deliver();
      const titles = fakes.accepted.slice(before).filter((a) => a.title.startsWith('夜间督办'));
      expect(titles.map((a) => a.channel).sort()).toEqual(['dingtalk', 'sms', 'sms', 'webhook', 'wecom']);
    } finally {
      clock.setToday('2023-09-20');
    }
  });

  it('quiet hours: a chat copy refused at 21:59 is not retried at 22:00 but at 07:00 the next working day', async () => {
    const clock = t.clock;
    clock.setNow(zonedTime('2023-09-20', '21:59:50', 'Asia/Shanghai'));
    try {
      fakes.failNext('wecom', { kind: 'status', status: 502 });
      const key = await urge(yd, '督办提醒：临近静默时段');
      await deliver();
      const [wecom] = (await outboxRows({ channel: 'wecom', kind: 'urging' })).filter((r) =>
        r.idempotencyKey.startsWith(key),
      );
      expect(wecom).toMatchObject({ status: 'pending', attempts: 1, notBefore: null });
      expect(new Date(wecom.nextAttemptAt).getTime()).toBe(zonedTime('2023-09-21', '07:00', 'Asia/Shanghai').getTime());
      // the other copies, taken at 21:59, are sent
      const [sms] = (await outboxRows({ channel: 'sms', kind: 'urging' })).filter((r) =>
        r.idempotencyKey.startsWith(key),
      );
      expect(sms.status).toBe('sent');
    } finally {
      clock.setToday('2023-09-20');
    }
    await deliver();
  });

  it('preferences: what every liaison of the unit turned off is not sent there, and email leaves them out', async () => {
    const mine = await t.get('liaison', '/api/me/channel-preferences');
    expect(mine.preferences).toHaveLength(8 * 5);
    expect(mine.preferences.every((p: { enabled: boolean }) => p.enabled)).toBe(true);
    const put = await t.call('liaison', 'PUT', '/api/me/channel-preferences', {
      preferences: [
        { kind: 'urging', channel: 'dingtalk', enabled: false },
        { kind: 'urging', channel: 'email', enabled: false },
        { kind: 'digest', channel: 'wecom', enabled: true },
      ],
    });
    expect(put.status).toBe(200);
    expect(put.body.preferences.filter((p: { enabled: boolean }) => !p.enabled)).toEqual([
      { kind: 'urging', channel: 'email', enabled: false },
      { kind: 'urging', channel: 'dingtalk', enabled: false },
    ]);
    // each user their own: another user's are untouched
    expect(
      (await t.get('liaison2', '/api/me/channel-preferences')).preferences.every(
        (p: { enabled: boolean }) => p.enabled,
      ),
    ).toBe(true);
    expect((await t.call('auditor', 'GET', '/api/me/channel-preferences')).status).toBe(403);

    const key = await urge(yd, '督办提醒：偏好');
    const rows = (await outboxRows({ kind: 'urging' })).filter((r) => r.idempotencyKey.startsWith(key));
    expect(rows.map((r) => r.channel).sort()).toEqual(['email', 'sms', 'sms', 'webhook', 'wecom']);
    expect(rows.find((r) => r.channel === 'email')!.to).toEqual(['yd@tianshui.example.cn']);
    await t.call('liaison', 'PUT', '/api/me/channel-preferences', { preferences: [] });
  });

  it('a test send answers what the channel’s server said', async () => {
    const ok = await t.call('liaison', 'POST', `/api/units/${yd}/channels/${ids.wecom}/test`);
    expect(ok).toMatchObject({ status: 200, body: { ok: true, permanent: false, reason: null } });
    expect(fakes.accepted.at(-1)!.title).toBe('专班工作系统测试消息');
    fakes.failNext('wecom', { kind: 'rateLimit' });
    const limited = await t.call('liaison', 'POST', `/api/units/${yd}/channels/${ids.wecom}/test`);
    expect(limited.body).toEqual({ ok: false, permanent: false, reason: 'errcode 45009: api freq out of limit' });
    const wrong = await t.call('secretariat', 'POST', `/api/units/${qzq}/channels/${ids.qzq}/test`);
    expect(wrong.body).toMatchObject({ ok: false, permanent: true });
    expect(wrong.body.reason).toContain('310000');
    expect((await t.call('liaison', 'POST', `/api/units/${qzq}/channels/${ids.qzq}/test`)).status).toBe(403);
  });

  it('a wrong DingTalk secret is dead with the robot’s reply; fixed and retried, it goes once', async () => {
    await urge(qzq, '督办提醒：秦州区');
    await deliver();
    const [dead] = await outboxRows({ recipientKey: `unit:${qzq}`, channel: 'dingtalk', kind: 'urging' });
    expect(dead.status).toBe('dead');
    expect(dead.lastError).toContain('errcode 310000: sign not match');
    const listed = await t.get('secretariat', '/api/outbox?channel=dingtalk&status=dead');
    expect(listed.items.map((m: { id: number }) => m.id)).toContain(dead.id);
    const fix = await t.call('secretariat', 'PATCH', `/api/units/${qzq}/channels/${ids.qzq}`, {
      secret: 'SECthe-right-one',
    });
    expect(fix.status).toBe(200);
    expect((await t.call('secretariat', 'POST', `/api/outbox/${dead.id}/retry`)).status).toBe(200);
    await deliver();
    const got = fakes.accepted.filter((a) => a.title === '督办提醒：秦州区');
    expect(got.map((a) => a.recipient)).toEqual(['qzqTokenWithAnotherSecret01']);
    const [after] = await outboxRows({ id: dead.id });
    expect(after.status).toBe('sent');
  });

  it('the command line lists a unit’s channels masked and sends a test to one', async () => {
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const overrides = {
        database: t.config.database,
        log: { level: 'error' },
        scheduler: { enabled: false },
        channels: t.config.channels,
      };
      const code = await runCli(argv, overrides, { stdout: (x) => out.push(x), stderr: (x) => err.push(x) });
      return { code, out: out.join(''), err: err.join('') };
    };
    const list = await cli('channels', '--unit', 'yd');
    expect(list.code).toBe(0);
    expect(list.out).toContain('https://qyapi.weixin.qq.com/…****5aaa');
    expect(list.out).not.toContain(WECOM_KEY);
    expect(list.out).not.toContain(DING_SECRET);
    const before = fakes.accepted.length;
    expect((await cli('channel-test', '--unit', 'yd', '--channel', String(ids.wecom))).code).toBe(0);
    expect(fakes.accepted.slice(before).map((a) => a.channel)).toEqual(['wecom']);
    fakes.failNext('dingtalk', { kind: 'refuse' });
    const refused = await cli('channel-test', '--unit', 'qzq', '--channel', String(ids.qzq));
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('310000');
    expect((await cli('channels', '--unit', 'nope')).code).toBe(2);
  });

  it('a channel turned off gets nothing new; a removed one is gone', async () => {
    expect(
      (await t.call('liaison', 'PATCH', `/api/units/${yd}/channels/${ids.sms}`, { enabled: false })).body.enabled,
    ).toBe(false);
    const key = await urge(yd, '督办提醒：停用短信');
    const rows = (await outboxRows({ kind: 'urging' })).filter((r) => r.idempotencyKey.startsWith(key));
    expect(rows.some((r) => r.channel === 'sms')).toBe(false);
    expect((await t.call('liaison', 'DELETE', `/api/units/${yd}/channels/${ids.sms}`)).status).toBe(204);
    expect((await t.get('liaison', `/api/units/${yd}/channels`)).map((c: { id: number }) => c.id)).not.toContain(
      ids.sms,
    );
  });
});

describe('channels without CHANNEL_SECRET_KEY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t?.close());

  it('refuses to store a channel with 409 channel_secret_key_missing, and stores nothing', async () => {
    const res = await t.call('liaison', 'GET', '/api/units');
    const yd = res.body.find((u: { code: string }) => u.code === 'yd').id;
    const created = await t.call('liaison', 'POST', `/api/units/${yd}/channels`, {
      channel: 'webhook',
      label: 'OA',
      address: 'https://oa.example.cn/hook',
    });
    expect(created.status).toBe(409);
    expect(created.body).toMatchObject({ code: 'channel_secret_key_missing' });
    expect(created.body.messageZh ?? created.body.message).toBeTruthy();
    expect(await t.get('liaison', `/api/units/${yd}/channels`)).toEqual([]);
  });
});

describe('channel secrets in the log', () => {
  let t: TestApp;
  let fakes: ChannelFakes;
  const log = captureLog();
  beforeAll(async () => {
    fakes = await ChannelFakes.start();
    fakes.dingtalkSecrets.set(DING_TOKEN, DING_SECRET);
    t = await startApp({
      config: {
        log: { format: 'json', level: 'debug' },
        channels: { secretKey: KEY, dingtalk: { baseUrl: fakes.url } },
      },
      logDestination: log,
    });
  });
  afterAll(async () => {
    await t?.close();
    await fakes?.close();
  });

  it('never writes a channel’s address, token or secret to the log, at debug level either', async () => {
    const yd = (await t.get('liaison', '/api/units')).find((u: { code: string }) => u.code === 'yd').id;
    const created = await t.call('liaison', 'POST', `/api/units/${yd}/channels`, {
      channel: 'dingtalk',
      label: '钉钉群',
      address: `https://oapi.dingtalk.com/robot/send?access_token=${DING_TOKEN}`,
      secret: DING_SECRET,
    });
    expect(created.status).toBe(201);
    fakes.failNext('dingtalk', { kind: 'status', status: 502 });
    await t.app.get(OutboxService).enqueue({
      key: `urging:log:unit:${yd}`,
      kind: 'urging',
      recipientKey: `unit:${yd}`,
      to: ['yd@tianshui.example.cn'],
      subject: '督办提醒：日志',
      html: '<p>督办</p>',
      text: '督办',
    });
    await t.call('secretariat', 'POST', '/api/outbox/deliver');
    await t.call('liaison', 'POST', `/api/units/${yd}/channels/${created.body.id}/test`);
    const lines = JSON.stringify(log.lines());
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines).toContain('outbox message');
    for (const secret of [DING_TOKEN, DING_SECRET, KEY]) expect(lines).not.toContain(secret);
  });
});
