// The rules of the channels that need no server: the signatures (Alibaba Cloud's documented example, DingTalk's
// documented algorithm as its Python sample computes it), the short forms within each channel's limits, quiet
// hours and days off, how each channel's replies are sorted, and the sealing and masking of addresses.
import { zonedTime } from '../common/clock.service';
import { classifyDingtalk, classifySms, classifyWebhook, classifyWecom } from './channel-replies';
import { notBeforeFor, type QuietRules } from './quiet-hours';
import { channelKey, maskAddress, maskMobile, open, seal } from './secret-box';
import { dingtalkMarkdown, LIMITS, shortForm, smsParams, truncateBytes, wecomMarkdown, wecomText } from './short-form';
import { aliyunSignature, aliyunStringToSign, dingtalkSign, webhookSignature } from './signatures';

describe('signatures', () => {
  // Alibaba Cloud's RPC signature documentation: DescribeRegions with AccessKeySecret "testsecret"
  const documented = {
    Timestamp: '2016-02-23T12:46:24Z',
    Format: 'XML',
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    Version: '2014-05-26',
    SignatureVersion: '1.0',
  };

  it('builds the string to sign of Alibaba Cloud’s documented example', () => {
    expect(aliyunStringToSign('GET', documented)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
  });

  it('signs Alibaba Cloud’s documented example to its documented signature', () => {
    expect(aliyunSignature('testsecret', 'GET', documented)).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it("percent-encodes what encodeURIComponent leaves (* ! ( ) ') and spaces as %20 in the signed query", () => {
    const s = aliyunStringToSign('GET', { TemplateParam: '{"title":"a b*(c)!\'"}' });
    expect(s).toContain('%2520');
    expect(s).toContain('%252A');
    expect(s).not.toMatch(/[*!()']/);
  });

  it('signs a DingTalk robot request as its documented Python sample does', () => {
    // hmac.new(secret, f"{timestamp}\n{secret}", sha256) → base64 → urllib.parse.quote_plus
    expect(dingtalkSign('SEC1234567890abcdef', 1577262236757)).toBe('f7qQ1A8KagEZ45y1gasTtKsEq5ERTeDXP9T%2BWkIqzDk%3D');
  });

  it('signs a webhook body with HMAC-SHA256 in hex', () => {
    expect(webhookSignature('key', 'The quick brown fox jumps over the lazy dog')).toBe(
      'sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    );
  });
});

describe('short forms', () => {
  const url = 'https://zhuanban.example.gov.cn/my-unit';
  const long = '进展情况'.repeat(2000);

  it('keeps WeCom markdown within 4096 bytes, the title and the link kept when the text is cut', () => {
    const md = wecomMarkdown(shortForm('九月调度：请报送进展', long, url, 'zh-CN'));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(LIMITS.wecomMarkdownBytes);
    expect(md.startsWith('**九月调度：请报送进展**')).toBe(true);
    expect(md.endsWith(`[查看详情](${url})`)).toBe(true);
    expect(md).toContain('…');
  });

  it('keeps WeCom text within 2048 bytes, with the link', () => {
    const text = wecomText(shortForm('Reminder', 'x'.repeat(5000), url, 'en'));
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(LIMITS.wecomTextBytes);
    expect(text.endsWith(`Open: ${url}`)).toBe(true);
  });

  it('keeps DingTalk markdown within 20000 characters and writes the mentioned mobiles in the text', () => {
    const md = dingtalkMarkdown(shortForm('督办提醒', '催'.repeat(30000), url, 'zh-CN'), ['13800000000']);
    expect([...md.text].length).toBeLessThanOrEqual(LIMITS.dingtalkChars);
    expect(md.text).toContain('@13800000000');
    expect(md.title).toBe('督办提醒');
  });

  it('keeps each SMS template parameter within 35 characters, a long link replaced by the service address', () => {
    const p = smsParams(
      shortForm(
        '关于报送天水市5G建设和应用推进工作专班各成员单位二〇二三年九月工作进展情况的调度通知',
        '',
        `${url}?x=1234567890`,
        'zh-CN',
      ),
      'https://zb.example.cn',
    );
    expect([...p.title].length).toBeLessThanOrEqual(35);
    expect(p.title.endsWith('…')).toBe(true);
    expect(p.url).toBe('https://zb.example.cn');
  });

  it('falls back to the subject and the link when the feature gives no short text', () => {
    expect(wecomMarkdown(shortForm('Digest for 20 September', undefined, url, 'en'))).toBe(
      `**Digest for 20 September**\n\n[Open](${url})`,
    );
  });

  it('cuts UTF-8 on a character boundary', () => {
    const cut = truncateBytes('天水天水', 8);
    expect(cut).toBe('天…');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(8);
  });
});

describe('quiet hours', () => {
  const tz = 'Asia/Shanghai';
  // 2023-09-29 to 2023-10-06 are the National Day holidays, 2023-10-07 (a Saturday) a working day
  const holidays = new Set([
    '2023-09-29',
    '2023-09-30',
    '2023-10-01',
    '2023-10-02',
    '2023-10-03',
    '2023-10-04',
    '2023-10-05',
    '2023-10-06',
    '2023-09-23',
    '2023-09-24',
  ]);
  const rules: QuietRules = {
    quietHours: { start: '22:00', end: '07:00' },
    holdOnNonWorkingDays: true,
    timeZone: tz,
    isWorkingDay: (d) => !holidays.has(d),
  };
  const at = (date: string, time: string) => zonedTime(date, time, tz);

  it('lets a copy go at once in working hours on a working day', () => {
    expect(notBeforeFor(at('2023-09-20', '09:00'), rules)).toBeNull();
    expect(notBeforeFor(at('2023-09-20', '21:59'), rules)).toBeNull();
  });

  it('holds a copy written at 23:00 until 07:00 the next working day', () => {
    expect(notBeforeFor(at('2023-09-20', '23:00'), rules)).toEqual(at('2023-09-21', '07:00'));
  });

  it('holds a copy written at 03:00 until 07:00 the same day', () => {
    expect(notBeforeFor(at('2023-09-21', '03:00'), rules)).toEqual(at('2023-09-21', '07:00'));
  });

  it('holds a copy written on Friday night until Monday 07:00, over the weekend', () => {
    expect(notBeforeFor(at('2023-09-22', '22:30'), rules)).toEqual(at('2023-09-25', '07:00'));
  });

  it('holds a copy written in the National Day holidays until the adjusted working Saturday', () => {
    expect(notBeforeFor(at('2023-10-02', '10:00'), rules)).toEqual(at('2023-10-07', '07:00'));
  });

  it('does not hold on days off when told not to', () => {
    expect(notBeforeFor(at('2023-10-02', '10:00'), { ...rules, holdOnNonWorkingDays: false })).toBeNull();
  });

  it('knows a window that does not run over midnight', () => {
    const noon = { ...rules, quietHours: { start: '12:00', end: '14:00' } };
    expect(notBeforeFor(at('2023-09-20', '12:30'), noon)).toEqual(at('2023-09-20', '14:00'));
    expect(notBeforeFor(at('2023-09-20', '23:30'), noon)).toBeNull();
  });
});

describe('replies', () => {
  const ok = (body: unknown, status = 200) => ({ status, body: JSON.stringify(body) });

  it('WeCom: 45009 is tried again, 93000 is refused for good, 0 is taken, 5xx again', () => {
    expect(classifyWecom(ok({ errcode: 0, errmsg: 'ok' }))).toBeNull();
    expect(classifyWecom(ok({ errcode: 45009, errmsg: 'api freq out of limit' }))).toEqual({
      permanent: false,
      reason: 'errcode 45009: api freq out of limit',
    });
    expect(classifyWecom(ok({ errcode: 93000, errmsg: 'invalid webhook url' }))?.permanent).toBe(true);
    expect(classifyWecom({ status: 502, body: 'Bad Gateway' })?.permanent).toBe(false);
  });

  it('DingTalk: 130101 is tried again, 310000 (signature) is refused for good', () => {
    expect(classifyDingtalk(ok({ errcode: 130101, errmsg: 'send too fast' }))?.permanent).toBe(false);
    expect(classifyDingtalk(ok({ errcode: 310000, errmsg: 'sign not match' }))).toEqual({
      permanent: true,
      reason: 'errcode 310000: sign not match',
    });
    expect(classifyDingtalk(ok({ errcode: 0 }))).toBeNull();
  });

  it('SMS: BUSINESS_LIMIT_CONTROL is tried again, MOBILE_NUMBER_ILLEGAL and a bad signature refused for good', () => {
    expect(classifySms(ok({ Code: 'OK', Message: 'OK' }))).toBeNull();
    expect(classifySms(ok({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发流控' }))?.permanent).toBe(false);
    expect(classifySms(ok({ Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' }))?.permanent).toBe(true);
    expect(classifySms(ok({ Code: 'SignatureDoesNotMatch', Message: 'x' }, 400))?.permanent).toBe(true);
    expect(classifySms({ status: 503, body: 'unavailable' })?.permanent).toBe(false);
  });

  it('webhook: 2xx taken, 5xx and 429 again, 410 refused for good', () => {
    expect(classifyWebhook({ status: 204, body: '' })).toBeNull();
    expect(classifyWebhook({ status: 503, body: '' })?.permanent).toBe(false);
    expect(classifyWebhook({ status: 429, body: '' })?.permanent).toBe(false);
    expect(classifyWebhook({ status: 410, body: 'gone' })).toEqual({ permanent: true, reason: 'HTTP 410: gone' });
  });
});

describe('sealed addresses', () => {
  const key = channelKey(Buffer.alloc(32, 7).toString('base64'));

  it('opens what it sealed, with a fresh IV each time, and refuses another key or an altered value', () => {
    const a = seal(key, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    const b = seal(key, 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa');
    expect(a).not.toBe(b);
    expect(open(key, a)).toContain('key=693a91f6');
    expect(() => open(channelKey('ab'.repeat(32)), a)).toThrow();
    expect(() => open(key, a.slice(0, -2) + (a.endsWith('A') ? 'B' : 'A') + a.slice(-1))).toThrow();
  });

  it('takes the key as hex or base64 of 32 bytes only', () => {
    expect(channelKey('00'.repeat(32))).toHaveLength(32);
    expect(() => channelKey(Buffer.alloc(16).toString('base64'))).toThrow();
  });

  it('masks an address to its host and last four characters, a mobile to its ends', () => {
    expect(maskAddress('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a-abcd')).toBe(
      'https://qyapi.weixin.qq.com/…****abcd',
    );
    expect(maskMobile('+8613812345678')).toBe('138****5678');
  });
});
