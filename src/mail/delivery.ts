// The delivery rules that need no database: which failures are worth another attempt, when the next attempt
// is due, the Message-ID of a message and the file name of a message written to disk.
import { createHash } from 'node:crypto';
import { dateTimeInZone } from '../common/clock.service';

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
  const stamp = dateTimeInZone(queuedAt, timeZone).replace(/[-:]/g, '').replace(' ', '-');
  return `${stamp}-${id}-${kind.replace(/[^A-Za-z0-9._-]/g, '_')}.eml`;
}

export type RecipientStatus = 'pending' | 'sent' | 'dead';

/** Where one address of a message stands: each is sent, retried or given up on by itself. */
export interface OutboxDelivery {
  address: string;
  field: 'to' | 'cc';
  status: RecipientStatus;
  /** Attempts that included this address. */
  attempts: number;
  /** The server's last refusal of this address (or of the message while it was among the recipients). */
  lastError: string | null;
  /** When the server accepted the message for this address, ISO 8601. */
  sentAt: string | null;
}

/** Every address of a new message, waiting. */
export function initialDeliveries(to: string[], cc: string[]): OutboxDelivery[] {
  const fresh = (address: string, field: 'to' | 'cc'): OutboxDelivery => ({
    address,
    field,
    status: 'pending',
    attempts: 0,
    lastError: null,
    sentAt: null,
  });
  return [...to.map((a) => fresh(a, 'to')), ...cc.map((a) => fresh(a, 'cc'))];
}

/**
 * The per-address state of a message. A message written before addresses had their own state has none stored:
 * every address then stands where the message does.
 */
export function deliveriesOf(message: {
  deliveries?: OutboxDelivery[] | null;
  to: string[];
  cc: string[];
  status: string;
  attempts: number;
  lastError: string | null;
  sentAt: Date | null;
}): OutboxDelivery[] {
  if (message.deliveries?.length) return message.deliveries;
  const status: RecipientStatus = message.status === 'sent' ? 'sent' : message.status === 'dead' ? 'dead' : 'pending';
  return initialDeliveries(message.to, message.cc).map((d) => ({
    ...d,
    status,
    attempts: message.attempts,
    lastError: status === 'sent' ? null : message.lastError,
    sentAt: status === 'sent' && message.sentAt ? message.sentAt.toISOString() : null,
  }));
}

/** The addresses an attempt goes to: those still waiting. */
export function pendingAddresses(deliveries: OutboxDelivery[]): string[] {
  return deliveries.filter((d) => d.status === 'pending').map((d) => d.address);
}

/**
 * What the server said to one attempt: the whole message refused (`failure`: connection, MAIL FROM, DATA, or
 * every recipient refused without a reason of its own), or some addresses refused each with its own reply.
 */
export interface AttemptResult {
  failure?: DeliveryFailure;
  refused?: { address: string; failure: DeliveryFailure }[];
}

export interface AttemptOutcome {
  deliveries: OutboxDelivery[];
  /** sent: every address has it; dead: none waits and at least one was given up on; pending: some wait. */
  status: RecipientStatus;
  /** Whether the server accepted the message for any address in this attempt. */
  accepted: boolean;
  lastError: string | null;
}

/**
 * The state after one attempt to the waiting addresses: an address the server accepted is sent; one refused is
 * dead when the refusal is permanent or it has had `maxAttempts` attempts, and waits for another attempt otherwise.
 */
export function settleAttempt(
  deliveries: OutboxDelivery[],
  result: AttemptResult,
  now: Date,
  maxAttempts: number,
): AttemptOutcome {
  const refusals = new Map((result.refused ?? []).map((r) => [r.address.toLowerCase(), r.failure]));
  const reasons: { address: string; reason: string }[] = [];
  let accepted = false;
  const next = deliveries.map((d): OutboxDelivery => {
    if (d.status !== 'pending') return d;
    const failure = refusals.get(d.address.toLowerCase()) ?? result.failure;
    const attempts = d.attempts + 1;
    if (!failure) {
      accepted = true;
      return { ...d, status: 'sent', attempts, lastError: null, sentAt: now.toISOString() };
    }
    reasons.push({ address: d.address, reason: failure.reason });
    const dead = failure.permanent || attempts >= maxAttempts;
    return { ...d, status: dead ? 'dead' : 'pending', attempts, lastError: failure.reason };
  });
  const status: RecipientStatus = next.some((d) => d.status === 'pending')
    ? 'pending'
    : next.some((d) => d.status === 'dead')
      ? 'dead'
      : 'sent';
  return { deliveries: next, status, accepted, lastError: describeRefusals(reasons, !accepted) };
}

/** One reason when it was the whole attempt's; otherwise each refused address with its reply. */
function describeRefusals(reasons: { address: string; reason: string }[], wholeAttempt: boolean): string | null {
  if (!reasons.length) return null;
  const distinct = new Set(reasons.map((r) => r.reason));
  const text =
    wholeAttempt && distinct.size === 1
      ? reasons[0].reason
      : reasons.map((r) => `${r.address}: ${r.reason}`).join('; ');
  return text.slice(0, MAX_ERROR_LENGTH);
}

/** Addresses given up on are waiting again, their attempts counted from zero; those that have it stay sent. */
export function requeueDeadDeliveries(deliveries: OutboxDelivery[]): OutboxDelivery[] {
  return deliveries.map((d) => (d.status === 'dead' ? { ...d, status: 'pending', attempts: 0 } : d));
}
