// The delivery rules that need no database: which failures are worth another attempt, when the next attempt
// is due, the Message-ID of a message and the file name of a message written to disk.
import { createHash } from 'node:crypto';

/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_SECONDS = 3600;

/** The kept part of a failure's text. */
const MAX_ERROR_LENGTH = 2000;

export interface DeliveryFailure {
  /** True when another attempt would get the same answer: the server refused the message for good. */
  permanent: boolean;
  /** The server's reply, or what went wrong on the way to it. */
  reason: string;
}

/**
 * Sorts a failed send. An SMTP 5xx reply is permanent (503, a command out of sequence, is about the session and
 * not the message); a 4xx reply, a connection that was refused, reset or timed out, or a greeting that never came
 * is temporary, and so is a failed sign-in: that is the service's configuration, not the message.
 */
export function classifyFailure(error: unknown): DeliveryFailure {
  const e = (error ?? {}) as { message?: unknown; response?: unknown; responseCode?: unknown; code?: unknown };
  const response = typeof e.response === 'string' && e.response.trim() ? e.response.trim() : null;
  const message = typeof e.message === 'string' && e.message ? e.message : String(error);
  const reason = (response ?? message).slice(0, MAX_ERROR_LENGTH);
  const code = typeof e.responseCode === 'number' ? e.responseCode : null;
  const permanent = code !== null && code >= 500 && code < 600 && code !== 503 && e.code !== 'EAUTH';
  return { permanent, reason };
}

/** Seconds to wait after the given number of failed attempts: base × 2^(attempts−1), at most an hour. */
export function retryDelaySeconds(baseSeconds: number, attempts: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, baseSeconds * 2 ** Math.max(0, attempts - 1));
}

/** The same idempotency key always gives the same Message-ID, so a receiver can tell a repeat from a new mail. */
export function messageIdFor(idempotencyKey: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}@zhuanban>`;
}

/** `20230920-091500-12-digest.eml`: when it was queued (in the task force's time zone), its id and kind. */
export function emlFileName(queuedAt: Date, id: number, kind: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(queuedAt);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '00';
  const stamp = `${get('year')}${get('month')}${get('day')}-${get('hour')}${get('minute')}${get('second')}`;
  return `${stamp}-${id}-${kind.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}
