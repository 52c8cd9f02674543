// The requests each channel's server documents: WeCom's group robot, DingTalk's custom robot (signed), our JSON
// webhook (signed) and Alibaba Cloud SMS SendSms (RPC style, HMAC-SHA1). Each answers null when the server took the
// message, or the failure sorted by channel-replies.ts. Addresses and secrets are never logged.
import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClockService } from '../common/clock.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import type { DeliveryFailure } from '../mail/delivery';
import {
  classifyDingtalk,
  classifySms,
  classifyWebhook,
  classifyWecom,
  networkFailure,
  type HttpReply,
} from './channel-replies';
import { aliyunPercentEncode, aliyunSignature, dingtalkSign, webhookSignature } from './signatures';
import { dingtalkMarkdown, smsParams, wecomMarkdown, wecomText, type ShortForm } from './short-form';

/** The value of a query parameter of a robot's webhook URL, or the address itself when it is the bare key. */
export function robotToken(address: string, param: 'key' | 'access_token'): string {
  try {
    return new URL(address).searchParams.get(param) ?? '';
  } catch {
    return address.trim();
  }
}

/** Mobiles as the robots and the SMS gateway take them: 11 digits, without +86. */
export function plainMobile(mobile: string): string {
  return mobile.replace(/^\+?86/, '');
}

@Injectable()
export class ChannelClients {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
  ) {}

  /**
   * The time a request is signed with. The servers compare it with their own clock (DingTalk within an hour,
   * Alibaba Cloud within 15 minutes), so it is the machine's real time even when the service's "today" is set.
   */
  private signingTime(): Date {
    return new Date(Date.now());
  }

  private async post(url: string, body: string, headers: Record<string, string> = {}): Promise<HttpReply> {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body,
      signal: AbortSignal.timeout(this.config.channels.timeoutSeconds * 1000),
    });
    return { status: res.status, body: await res.text() };
  }

  private async attempt(request: () => Promise<HttpReply>, classify: (r: HttpReply) => DeliveryFailure | null) {
    try {
      return classify(await request());
    } catch (error) {
      return networkFailure(error);
    }
  }

  /**
   * WeCom group robot: markdown; with mobiles to mention, the text form (markdown does not carry
   * mentioned_mobile_list), so that one request says it all and a retry never repeats half of it.
   */
  wecom(address: string, form: ShortForm, mobiles: string[]): Promise<DeliveryFailure | null> {
    const key = robotToken(address, 'key');
    const url = `${this.config.channels.wecom.baseUrl.replace(/\/+$/, '')}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
    const body = mobiles.length
      ? { msgtype: 'text', text: { content: wecomText(form), mentioned_mobile_list: mobiles.map(plainMobile) } }
      : { msgtype: 'markdown', markdown: { content: wecomMarkdown(form) } };
    return this.attempt(() => this.post(url, JSON.stringify(body)), classifyWecom);
  }

  /** DingTalk custom robot, signed when the robot has a secret (加签). */
  dingtalk(
    address: string,
    secret: string | null,
    form: ShortForm,
    mobiles: string[],
  ): Promise<DeliveryFailure | null> {
    const token = robotToken(address, 'access_token');
    const plain = mobiles.map(plainMobile);
    let url = `${this.config.channels.dingtalk.baseUrl.replace(/\/+$/, '')}/robot/send?access_token=${encodeURIComponent(token)}`;
    if (secret) {
      const timestamp = this.signingTime().getTime();
      url += `&timestamp=${timestamp}&sign=${dingtalkSign(secret, timestamp)}`;
    }
    const body = {
      msgtype: 'markdown',
      markdown: dingtalkMarkdown(form, plain),
      at: { atMobiles: plain, isAtAll: false },
    };
    return this.attempt(() => this.post(url, JSON.stringify(body)), classifyDingtalk);
  }

  /** Our JSON webhook: the body signed with the channel's secret, the time beside it. */
  webhook(
    address: string,
    secret: string | null,
    payload: { kind: string; subject: string; text: string; url: string; recipient: string },
  ): Promise<DeliveryFailure | null> {
    const now = this.clock.now();
    const raw = JSON.stringify({ ...payload, sentAt: now.toISOString() });
    const headers: Record<string, string> = {
      'x-zhuanban-timestamp': String(Math.floor(this.signingTime().getTime() / 1000)),
    };
    if (secret) headers['x-zhuanban-signature'] = webhookSignature(secret, raw);
    return this.attempt(() => this.post(address, raw, headers), classifyWebhook);
  }

  /** Whether SMS can be sent at all: the gateway's credentials, sign name and template are configured. */
  smsConfigured(): boolean {
    const s = this.config.channels.sms;
    return Boolean(s.accessKeyId && s.accessKeySecret && s.signName && s.templateCode);
  }

  /** Alibaba Cloud SendSms to one mobile, the template's parameters `title` and `url`. */
  sms(mobile: string, form: ShortForm, baseUrl: string): Promise<DeliveryFailure | null> {
    const s = this.config.channels.sms;
    if (!this.smsConfigured()) {
      return Promise.resolve({ permanent: false, reason: 'SMS is not configured (SMS_ACCESS_KEY_ID, …)' });
    }
    const params: Record<string, string> = {
      AccessKeyId: s.accessKeyId as string,
      Action: 'SendSms',
      Format: 'JSON',
      PhoneNumbers: plainMobile(mobile),
      RegionId: 'cn-hangzhou',
      SignName: s.signName as string,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: s.templateCode as string,
      TemplateParam: JSON.stringify(smsParams(form, baseUrl)),
      Timestamp: this.signingTime()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    const signature = aliyunSignature(s.accessKeySecret as string, 'GET', params);
    const query = Object.entries({ Signature: signature, ...params })
      .map(([k, v]) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(v)}`)
      .join('&');
    const url = `${s.baseUrl.replace(/\/+$/, '')}/?${query}`;
    return this.attempt(async () => {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.config.channels.timeoutSeconds * 1000) });
      return { status: res.status, body: await res.text() };
    }, classifySms);
  }
}
