// Loopback fakes of the channels' servers, one HTTP server on 127.0.0.1 that speaks each API as documented and
// checks what the real one checks: WeCom's group robot (a known key, the markdown or text body and its byte limits),
// DingTalk's custom robot (the HMAC-SHA256 signature of timestamp and secret, 310000 when wrong), our JSON webhook
// (X-Zhuanban-Signature over the raw body) and Alibaba Cloud SMS SendSms (the HMAC-SHA1 signature over the
// canonicalized query, a valid mobile, template parameters of at most 35 characters). Each channel can be told to
// answer slowly, with a 5xx, with its rate-limit error or its permanent refusal, a number of times, then accept.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeChannel = 'wecom' | 'dingtalk' | 'webhook' | 'sms';

/** What one request is answered with: taken, a 5xx, the channel's rate limit, its permanent refusal, or slowly. */
export type Fault =
  { kind: 'status'; status: number } | { kind: 'rateLimit' } | { kind: 'refuse' } | { kind: 'slow'; ms: number };

export interface Accepted {
  channel: FakeChannel;
  /** The robot's key or token, the webhook's path, or the mobile. */
  recipient: string;
  /** The message's title as the channel got it (markdown title, first line of text, SMS `title`, webhook subject). */
  title: string;
  body: Record<string, unknown>;
  at: number;
}

export interface Refused {
  channel: FakeChannel;
  recipient: string;
  reply: string;
}

/** Alibaba's percent-encoding, written here from the documentation rather than imported from the service. */
function percentEncode(v: string): string {
  return encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export class ChannelFakes {
  readonly accepted: Accepted[] = [];
  readonly refused: Refused[] = [];
  /** Every request that reached the server, answered or not. */
  requests = 0;
  /** Requests whose client hung up before the answer (a timeout): not processed. */
  abandoned = 0;
  private faults: Record<FakeChannel, Fault[]> = { wecom: [], dingtalk: [], webhook: [], sms: [] };
  private delayMs: Record<FakeChannel, number> = { wecom: 0, dingtalk: 0, webhook: 0, sms: 0 };
  readonly wecomKeys = new Set<string>();
  readonly dingtalkSecrets = new Map<string, string>();
  readonly webhookSecrets = new Map<string, string>();
  readonly sms = {
    accessKeyId: 'LTAI-test-id',
    accessKeySecret: 'test-secret-不可见',
    signName: '天水专班',
    templateCode: 'SMS_000001',
  };

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<ChannelFakes> {
    let fakes: ChannelFakes | null = null;
    const server = createServer((req, res) => void fakes!.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    fakes = new ChannelFakes(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return fakes;
  }

  /** The next requests to the channel are answered with these faults, in order; then it accepts again. */
  failNext(channel: FakeChannel, ...faults: Fault[]): void {
    this.faults[channel].push(...faults);
  }

  /** Every request to the channel waits this long before it is answered. */
  setDelay(channel: FakeChannel, ms: number): void {
    this.delayMs[channel] = ms;
  }

  reset(): void {
    this.accepted.length = 0;
    this.refused.length = 0;
    this.requests = 0;
    this.abandoned = 0;
    for (const c of Object.keys(this.faults) as FakeChannel[]) {
      this.faults[c] = [];
      this.delayMs[c] = 0;
    }
  }

  /** How many times each (channel, recipient, title) was accepted. */
  tally(filter: (a: Accepted) => boolean = () => true): Map<string, number> {
    const out = new Map<string, number>();
    for (const a of this.accepted.filter(filter)) {
      const k = `${a.channel}|${a.recipient}|${a.title}`;
      out.set(k, (out.get(k) ?? 0) + 1);
    }
    return out;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests += 1;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const channel: FakeChannel | null =
      url.pathname === '/cgi-bin/webhook/send'
        ? 'wecom'
        : url.pathname === '/robot/send'
          ? 'dingtalk'
          : url.pathname.startsWith('/hook/')
            ? 'webhook'
            : url.searchParams.get('Action') === 'SendSms'
              ? 'sms'
              : null;
    const send = (status: number, body: unknown) => {
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    if (!channel) return send(404, { error: 'not found' });
    if (this.delayMs[channel]) await new Promise((r) => setTimeout(r, this.delayMs[channel]));
    const fault = this.faults[channel].shift();
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.ms));
    // a client that gave up waiting (its timeout) finds a server that hung: nothing was processed
    if (req.socket.destroyed) {
      this.abandoned += 1;
      return;
    }
    const answer = (
      status: number,
      body: Record<string, unknown>,
      recipient: string,
      accepted?: Omit<Accepted, 'at'>,
    ) => {
      if (accepted) this.accepted.push({ ...accepted, at: Date.now() });
      else this.refused.push({ channel, recipient, reply: JSON.stringify(body) });
      send(status, body);
    };
    try {
      if (channel === 'wecom') return this.wecom(url, raw, fault, answer);
      if (channel === 'dingtalk') return this.dingtalk(url, raw, fault, answer);
      if (channel === 'webhook') return this.webhook(req, url, raw, fault, answer);
      return this.sendSms(url, fault, answer);
    } catch (e) {
      send(400, { error: String(e) });
    }
  }

  private wecom(url: URL, raw: string, fault: Fault | undefined, answer: Answer): void {
    const key = url.searchParams.get('key') ?? '';
    if (fault?.kind === 'status') return answer(fault.status, { errcode: -1, errmsg: 'system busy' }, key);
    if (fault?.kind === 'rateLimit') {
      return answer(200, { errcode: 45009, errmsg: 'api freq out of limit' }, key);
    }
    if (!this.wecomKeys.has(key) || fault?.kind === 'refuse') {
      return answer(200, { errcode: 93000, errmsg: 'invalid webhook url' }, key);
    }
    const body = JSON.parse(raw) as Record<string, any>;
    let title: string;
    if (body.msgtype === 'markdown') {
      const content = String(body.markdown?.content ?? '');
      if (!content || Buffer.byteLength(content) > 4096) {
        return answer(200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' }, key);
      }
      title = /^\*\*(.*)\*\*/.exec(content)?.[1]?.replace(/\\(.)/g, '$1') ?? content.split('\n')[0];
    } else if (body.msgtype === 'text') {
      const content = String(body.text?.content ?? '');
      if (!content || Buffer.byteLength(content) > 2048) {
        return answer(200, { errcode: 40058, errmsg: 'text.content exceed max length 2048' }, key);
      }
      const list = body.text?.mentioned_mobile_list;
      if (list !== undefined && (!Array.isArray(list) || list.some((m: unknown) => typeof m !== 'string'))) {
        return answer(200, { errcode: 40058, errmsg: 'invalid mentioned_mobile_list' }, key);
      }
      title = content.split('\n')[0];
    } else {
      return answer(200, { errcode: 40008, errmsg: 'invalid message type' }, key);
    }
    answer(200, { errcode: 0, errmsg: 'ok' }, key, { channel: 'wecom', recipient: key, title, body });
  }

  private dingtalk(url: URL, raw: string, fault: Fault | undefined, answer: Answer): void {
    const token = url.searchParams.get('access_token') ?? '';
    if (fault?.kind === 'status') return answer(fault.status, { errcode: -1, errmsg: 'system busy' }, token);
    const secret = this.dingtalkSecrets.get(token);
    if (secret === undefined) return answer(200, { errcode: 300001, errmsg: 'token is not exist' }, token);
    const timestamp = url.searchParams.get('timestamp') ?? '';
    // the documented check: sign = urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret))), within an hour
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    const given = url.searchParams.get('sign') ?? '';
    const fresh = Math.abs(Date.now() - Number(timestamp)) < 3600_000;
    if (given !== expected || !fresh || fault?.kind === 'refuse') {
      return answer(
        200,
        { errcode: 310000, errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]' },
        token,
      );
    }
    if (fault?.kind === 'rateLimit') {
      return answer(200, { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' }, token);
    }
    const body = JSON.parse(raw) as Record<string, any>;
    const text = String(body.markdown?.text ?? '');
    if (body.msgtype !== 'markdown' || !body.markdown?.title || !text || [...text].length > 20000) {
      return answer(200, { errcode: 40035, errmsg: 'invalid markdown' }, token);
    }
    if (!Array.isArray(body.at?.atMobiles)) return answer(200, { errcode: 40035, errmsg: 'invalid at' }, token);
    answer(200, { errcode: 0, errmsg: 'ok' }, token, {
      channel: 'dingtalk',
      recipient: token,
      title: String(body.markdown.title),
      body,
    });
  }

  private webhook(req: IncomingMessage, url: URL, raw: string, fault: Fault | undefined, answer: Answer): void {
    const path = url.pathname;
    if (fault?.kind === 'status') return answer(fault.status, { error: 'unavailable' }, path);
    if (fault?.kind === 'rateLimit') return answer(429, { error: 'too many requests' }, path);
    if (fault?.kind === 'refuse') return answer(410, { error: 'gone' }, path);
    const secret = this.webhookSecrets.get(path);
    const expected = secret ? `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}` : null;
    if (expected && req.headers['x-zhuanban-signature'] !== expected) {
      return answer(401, { error: 'bad signature' }, path);
    }
    if (!req.headers['x-zhuanban-timestamp']) return answer(400, { error: 'no timestamp' }, path);
    const body = JSON.parse(raw) as Record<string, any>;
    for (const field of ['kind', 'subject', 'text', 'url', 'recipient', 'sentAt']) {
      if (typeof body[field] !== 'string') return answer(400, { error: `${field} missing` }, path);
    }
    answer(200, { ok: true }, path, { channel: 'webhook', recipient: path, title: body.subject, body });
  }

  private sendSms(url: URL, fault: Fault | undefined, answer: Answer): void {
    const params = Object.fromEntries(url.searchParams.entries());
    const mobile = params.PhoneNumbers ?? '';
    const reply = (status: number, code: string, message: string, ok = false) =>
      answer(
        status,
        {
          Code: code,
          Message: message,
          RequestId: 'F655A8D5-B967-440B-8683-DAD6FF8DE990',
          ...(ok ? { BizId: '9002' } : {}),
        },
        mobile,
        ok
          ? {
              channel: 'sms',
              recipient: mobile,
              title: (JSON.parse(params.TemplateParam) as { title: string }).title,
              body: params,
            }
          : undefined,
      );
    if (fault?.kind === 'status')
      return reply(
        fault.status,
        'ServiceUnavailable',
        'The request has failed due to a temporary failure of the server.',
      );
    // the documented signature: HMAC-SHA1(secret + "&", "GET&%2F&" + percentEncode(sorted, encoded query))
    const canonical = Object.keys(params)
      .filter((k) => k !== 'Signature')
      .sort()
      .map((k) => `${percentEncode(k)}=${percentEncode(params[k])}`)
      .join('&');
    const expected = createHmac('sha1', `${this.sms.accessKeySecret}&`)
      .update(`GET&${percentEncode('/')}&${percentEncode(canonical)}`)
      .digest('base64');
    if (params.AccessKeyId !== this.sms.accessKeyId)
      return reply(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (params.Signature !== expected) {
      return reply(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    }
    for (const [k, v] of Object.entries({
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      Version: '2017-05-25',
    })) {
      if (params[k] !== v) return reply(400, 'InvalidParameter', `${k} is invalid`);
    }
    if (params.SignName !== this.sms.signName) return reply(200, 'isv.SMS_SIGNATURE_ILLEGAL', '签名不合法');
    if (params.TemplateCode !== this.sms.templateCode) return reply(200, 'isv.SMS_TEMPLATE_ILLEGAL', '模板不合法');
    let templateParam: Record<string, unknown>;
    try {
      templateParam = JSON.parse(params.TemplateParam ?? '') as Record<string, unknown>;
    } catch {
      return reply(200, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法');
    }
    if (Object.values(templateParam).some((v) => typeof v !== 'string' || [...v].length > 35)) {
      return reply(200, 'isv.PARAM_LENGTH_LIMIT', '参数超出长度限制');
    }
    if (!/^1[3-9]\d{9}$/.test(mobile) || fault?.kind === 'refuse')
      return reply(200, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    if (fault?.kind === 'rateLimit') return reply(200, 'isv.BUSINESS_LIMIT_CONTROL', '触发号码天级流控Permits:10');
    reply(200, 'OK', 'OK', true);
  }
}

type Answer = (
  status: number,
  body: Record<string, unknown>,
  recipient: string,
  accepted?: Omit<Accepted, 'at'>,
) => void;
