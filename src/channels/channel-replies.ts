// How each channel's answers are sorted: taken, worth another attempt (a timeout, a 5xx, a rate limit), or refused
// for good (a bad key or signature, an invalid mobile), with the server's reply kept as the reason.
import type { DeliveryFailure } from '../mail/delivery';

export interface HttpReply {
  status: number;
  body: string;
}

const MAX_REASON = 2000;

const temporary = (reason: string): DeliveryFailure => ({ permanent: false, reason: reason.slice(0, MAX_REASON) });
const permanent = (reason: string): DeliveryFailure => ({ permanent: true, reason: reason.slice(0, MAX_REASON) });

/** A reply's HTTP status alone: 5xx, 429 and 408 are worth another attempt. */
function byStatus(reply: HttpReply): DeliveryFailure | null | undefined {
  const text = `HTTP ${reply.status}: ${reply.body}`;
  if (reply.status >= 500 || reply.status === 429 || reply.status === 408) return temporary(text);
  return undefined;
}

function json(body: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(body) as unknown;
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** WeCom robot: errcode 0 taken; 45009 (the robot's rate limit) and -1 (busy) again later; 93000 and others refused. */
export const WECOM_TEMPORARY = [45009, -1];

export function classifyWecom(reply: HttpReply): DeliveryFailure | null {
  const status = byStatus(reply);
  if (status !== undefined) return status;
  const body = json(reply.body);
  if (!body || typeof body.errcode !== 'number') return temporary(`HTTP ${reply.status}: ${reply.body}`);
  if (body.errcode === 0) return null;
  const reason = `errcode ${body.errcode}: ${String(body.errmsg ?? '')}`;
  return WECOM_TEMPORARY.includes(body.errcode) ? temporary(reason) : permanent(reason);
}

/** DingTalk robot: errcode 0 taken; 130101 (sent too often) and -1 (busy) again later; 310000 (signature) and others refused. */
export const DINGTALK_TEMPORARY = [130101, -1];

export function classifyDingtalk(reply: HttpReply): DeliveryFailure | null {
  const status = byStatus(reply);
  if (status !== undefined) return status;
  const body = json(reply.body);
  if (!body || typeof body.errcode !== 'number') return temporary(`HTTP ${reply.status}: ${reply.body}`);
  if (body.errcode === 0) return null;
  const reason = `errcode ${body.errcode}: ${String(body.errmsg ?? '')}`;
  return DINGTALK_TEMPORARY.includes(body.errcode) ? temporary(reason) : permanent(reason);
}

/**
 * Alibaba Cloud SendSms: Code OK taken; flow control (isv.BUSINESS_LIMIT_CONTROL, Throttling…) and the service's
 * own errors (isp.…, ServiceUnavailable) again later; anything else (isv.MOBILE_NUMBER_ILLEGAL, a bad signature or
 * template) refused. Its errors come as JSON with HTTP 400 as well as 200.
 */
export function classifySms(reply: HttpReply): DeliveryFailure | null {
  const body = json(reply.body);
  const code = body && typeof body.Code === 'string' ? body.Code : null;
  if (code === 'OK' && reply.status < 300) return null;
  if (!code) return byStatus(reply) ?? temporary(`HTTP ${reply.status}: ${reply.body}`);
  const reason = `${code}: ${String(body?.Message ?? '')}`;
  if (
    code === 'isv.BUSINESS_LIMIT_CONTROL' ||
    code.startsWith('Throttling') ||
    code.startsWith('isp.') ||
    code === 'ServiceUnavailable' ||
    reply.status >= 500
  ) {
    return temporary(reason);
  }
  return permanent(reason);
}

/** Our JSON webhook: any 2xx taken; 5xx, 429, 408 again later; other statuses refused. */
export function classifyWebhook(reply: HttpReply): DeliveryFailure | null {
  if (reply.status >= 200 && reply.status < 300) return null;
  return byStatus(reply) ?? permanent(`HTTP ${reply.status}: ${reply.body}`);
}

/** A request that got no answer: refused connection, reset, timed out — always worth another attempt. */
export function networkFailure(error: unknown): DeliveryFailure {
  const e = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return temporary('no answer within the time allowed');
  const cause = e?.cause?.code ?? e?.cause?.message;
  return temporary(`${e?.message ?? String(error)}${cause ? ` (${cause})` : ''}`);
}
