// The signatures the channels' servers check, as each documents them: DingTalk's robot (HMAC-SHA256 of
// `timestamp\nsecret`), Alibaba Cloud's RPC API (HMAC-SHA1 over the canonicalized query, signature version 1.0)
// and our own webhook's (HMAC-SHA256 of the raw body).
import { createHmac } from 'node:crypto';

/** DingTalk custom robot: base64(HMAC-SHA256(secret, `${timestamp}\n${secret}`)), URL-encoded for the query. */
export function dingtalkSign(secret: string, timestamp: number | string): string {
  const digest = createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');
  return encodeURIComponent(digest);
}

/** RFC 3986 percent-encoding as Alibaba Cloud asks for it: only A–Z a–z 0–9 - _ . ~ stay as they are. */
export function aliyunPercentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonicalized query: parameters sorted by name, each name and value percent-encoded, joined by &. */
export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((k) => k !== 'Signature')
    .sort()
    .map((k) => `${aliyunPercentEncode(k)}=${aliyunPercentEncode(params[k])}`)
    .join('&');
}

/** StringToSign = METHOD & percentEncode("/") & percentEncode(canonicalized query). */
export function aliyunStringToSign(method: string, params: Record<string, string>): string {
  return `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalQuery(params))}`;
}

/** Signature = base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign)). */
export function aliyunSignature(accessKeySecret: string, method: string, params: Record<string, string>): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(aliyunStringToSign(method, params), 'utf8').digest('base64');
}

/** Our webhook's X-Zhuanban-Signature: `sha256=<hex HMAC-SHA256(secret, raw body)>`. */
export function webhookSignature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}
