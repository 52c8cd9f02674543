// The outbox: features write their messages here inside their own transaction, keyed so that writing the same
// message twice is a no-op; the MailSender delivers them. Also lists, shows and re-queues messages.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, NotFoundError } from '../common/errors';
import type { ChannelRouter, ShortMessage } from './channel-hooks';
import { deliveriesOf } from './delivery';
import { MailSender } from './mail-sender';
import { MailRepository, type NewOutboxMessage } from './mail.repository';
import { OutboxMessage, type OutboxAttachment, type OutboxStatus } from './outbox-message.entity';

export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'dead'];

export interface EnqueueMessage {
  /** Idempotency key, e.g. `digest:2023-09-20:unit:12`: a second message with the same key is not written. */
  key: string;
  kind: string;
  /** Who the message is for, e.g. `unit:12` or `user:3`. */
  recipientKey: string;
  to: string[];
  cc?: string[];
  subject: string;
  html: string;
  text: string;
  attachments?: OutboxAttachment[];
  jobRunId?: number | null;
  /** The short form for chat and SMS copies (when the recipient's unit has such channels); else subject + link. */
  short?: ShortMessage;
}

/** What a run's messages came to: written by the run, or there already (queued = pending or being sent). */
export interface OutboxTally {
  written: number;
  queued: number;
  sent: number;
  dead: number;
}

export interface OutboxFilter {
  status?: OutboxStatus;
  kind?: string;
  recipientKey?: string;
  channel?: string;
  page: number;
  pageSize: number;
}

/** A message as listed: everything but its content and the sender's claim token. */
export type OutboxSummary = Omit<OutboxMessage, 'html' | 'text' | 'attachments' | 'claimToken'>;

export interface OutboxPage {
  items: OutboxSummary[];
  total: number;
  page: number;
  pageSize: number;
}

const SUMMARY_FIELDS: (keyof OutboxSummary)[] = [
  'id',
  'idempotencyKey',
  'kind',
  'jobRunId',
  'recipientKey',
  'to',
  'cc',
  'subject',
  'status',
  'attempts',
  'nextAttemptAt',
  'lockedUntil',
  'lastError',
  'messageId',
  'sentAt',
  'queuedAt',
  'createdAt',
  'deliveries',
  'channel',
  'notBefore',
];

/** A row as shown: where each address stands, also for a message written before addresses had their own state. */
function shown<T extends OutboxSummary>(message: T): T {
  return { ...message, deliveries: deliveriesOf(message) };
}

const STATUS_ZH: Record<OutboxStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已发送',
  dead: '发送失败',
};

const LIMITS = { key: 300, kind: 40, recipientKey: 60, subject: 500 };

/** Trimmed, checked and without repeats (compared case-insensitively). A bad address is a programming error. */
function addresses(list: string[], field: string, key: string, exclude: string[] = []): string[] {
  const seen = new Set(exclude.map((a) => a.toLowerCase()));
  const out: string[] = [];
  for (const raw of list) {
    const address = typeof raw === 'string' ? raw.trim() : raw;
    if (typeof address !== 'string' || !isEmail(address)) {
      throw new Error(`Outbox message ${key}: ${field} address "${String(raw)}" is not a valid email address`);
    }
    if (seen.has(address.toLowerCase())) continue;
    seen.add(address.toLowerCase());
    out.push(address);
  }
  return out;
}

function requireText(value: string, field: keyof typeof LIMITS, key: string): void {
  if (typeof value !== 'string' || !value.trim()) throw new Error(`Outbox message ${key}: ${field} is empty`);
  if (value.length > LIMITS[field]) {
    throw new Error(`Outbox message ${key}: ${field} is longer than ${LIMITS[field]} characters`);
  }
}

@Injectable()
export class OutboxService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly messages: MailRepository,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly sender: MailSender,
  ) {}

  /**
   * Writes a message in the caller's transaction. When a message with the same key exists nothing is written and
   * `created` is false. Call kick() after the transaction commits so the sender picks the message up soon.
   */
  async enqueue(msg: EnqueueMessage): Promise<{ id: number; created: boolean }> {
    const checked = this.newMessage(msg);
    const existing = await this.messages.idOfKey(msg.key);
    if (existing !== null) return { id: existing, created: false };
    const { email: row, copies } = await this.routed(msg, checked);
    const now = this.clock.now();
    const inserted = await this.messages.insertUnlessKeyExists(row, now);
    const id = await this.messages.idOfKey(msg.key);
    if (id === null) throw new Error(`Outbox message ${msg.key} was neither written nor found`);
    // Written by a concurrent writer between the check and the insert when the insert reports another id.
    if (inserted === id && copies.length) await this.messages.insertManyUnlessKeyExists(copies, now);
    return { id, created: inserted === id };
  }

  /** Lets the channels decide which copies of each message to write beside the email (see channel-hooks.ts). */
  useRouter(router: ChannelRouter): void {
    this.router = router;
  }

  private router: ChannelRouter | null = null;

  /** The email row as it goes out and the copies for other channels; email only without a router. */
  private async routed(
    msg: EnqueueMessage,
    row: NewOutboxMessage,
  ): Promise<{ email: NewOutboxMessage; copies: NewOutboxMessage[] }> {
    if (!this.router) return { email: row, copies: [] };
    return this.router.route(
      { key: msg.key, kind: msg.kind, recipientKey: msg.recipientKey, subject: msg.subject, short: msg.short },
      row,
    );
  }

  /**
   * Writes many messages in the caller's transaction, in a few statements: those whose key exists are left as they
   * are (`created` false). Answers in the order given.
   */
  async enqueueMany(msgs: EnqueueMessage[]): Promise<{ id: number; created: boolean }[]> {
    const checked = msgs.map((msg) => this.newMessage(msg));
    const before = await this.messages.idsOfKeys(checked.map((r) => r.idempotencyKey));
    const rows: NewOutboxMessage[] = [];
    const copies: NewOutboxMessage[] = [];
    for (const [i, row] of checked.entries()) {
      if (before.has(row.idempotencyKey)) {
        rows.push(row);
        continue;
      }
      const routed = await this.routed(msgs[i], row);
      rows.push(routed.email);
      copies.push(...routed.copies);
    }
    const now = this.clock.now();
    await this.messages.insertManyUnlessKeyExists(
      rows.filter((r) => !before.has(r.idempotencyKey)),
      now,
    );
    if (copies.length) await this.messages.insertManyUnlessKeyExists(copies, now);
    const after = await this.messages.idsOfKeys(rows.map((r) => r.idempotencyKey));
    return rows.map((r) => {
      const id = after.get(r.idempotencyKey);
      if (id === undefined) throw new Error(`Outbox message ${r.idempotencyKey} was neither written nor found`);
      return { id, created: !before.has(r.idempotencyKey) };
    });
  }

  /** The row of a message, its fields checked. */
  private newMessage(msg: EnqueueMessage): NewOutboxMessage {
    requireText(msg.key, 'key', msg.key);
    requireText(msg.kind, 'kind', msg.key);
    requireText(msg.recipientKey, 'recipientKey', msg.key);
    requireText(msg.subject, 'subject', msg.key);
    const to = addresses(msg.to ?? [], 'to', msg.key);
    if (!to.length) throw new Error(`Outbox message ${msg.key}: "to" has no address`);
    const cc = addresses(msg.cc ?? [], 'cc', msg.key, to);
    return {
      idempotencyKey: msg.key,
      kind: msg.kind,
      jobRunId: msg.jobRunId ?? null,
      recipientKey: msg.recipientKey,
      to,
      cc,
      subject: msg.subject,
      html: msg.html,
      text: msg.text,
      attachments: msg.attachments ?? [],
    };
  }

  /** Asks the sender for a pass soon (debounced); call it after the transaction that enqueued has committed. */
  kick(): void {
    this.sender.requestPass();
  }

  async list(filter: OutboxFilter): Promise<OutboxPage> {
    const [items, total] = await this.messages.page(filter, SUMMARY_FIELDS);
    return { items: items.map(shown), total, page: filter.page, pageSize: filter.pageSize };
  }

  /** The whole message, content and attachments included. */
  async get(id: number): Promise<OutboxMessage> {
    const message = await this.messages.findById(id);
    if (!message) throw new NotFoundError('Outbox message', id, '邮件');
    return shown(message);
  }

  /**
   * Puts a message that was given up on back in the queue, with its attempts counted from zero: it goes to the
   * addresses given up on only, not again to those that have it.
   */
  async retry(id: number, actor: Actor = SYSTEM_ACTOR): Promise<OutboxSummary> {
    await this.txHost.withTransaction(async () => {
      const message = await this.messages.findById(id);
      if (!message) throw new NotFoundError('Outbox message', id, '邮件');
      if (message.status !== 'dead') {
        throw new ConflictError(
          `Outbox message ${id} is ${message.status}; only a dead message can be retried`,
          `邮件 ${id} 的状态为“${STATUS_ZH[message.status]}”，只有发送失败的邮件可以重试`,
          'not_dead',
        );
      }
      const deliveries = deliveriesOf(message);
      await this.messages.requeueDead(id, deliveries, this.clock.now());
      const again = deliveries.filter((d) => d.status === 'dead').map((d) => d.address);
      await this.audit.record(actor, 'outbox', id, 'retry', [
        { field: 'status', from: 'dead', to: 'pending' },
        { field: 'attempts', from: message.attempts, to: 0 },
        { field: 'recipients', from: null, to: again.join(', ') },
      ]);
    });
    this.kick();
    return shown(await this.messages.fieldsOf(id, SUMMARY_FIELDS));
  }

  /** How many messages there are in each status. */
  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.messages.countsByStatus();
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  /**
   * Of the messages with these ids (those a job run enqueued, written now or found under their key): how many the
   * run wrote itself, and the others — written before, by an earlier or a concurrent run — by status.
   */
  async tally(ids: number[], jobRunId: number): Promise<OutboxTally> {
    const out: OutboxTally = { written: 0, queued: 0, sent: 0, dead: 0 };
    for (const row of await this.messages.statesOfIds([...new Set(ids)])) {
      if (row.jobRunId === jobRunId) out.written++;
      else if (row.status === 'sent') out.sent++;
      else if (row.status === 'dead') out.dead++;
      else out.queued++;
    }
    return out;
  }

  /** Whether a message was written under any of the keys (a message sent once whatever its language). */
  anyWithKey(keys: string[]): Promise<boolean> {
    return this.messages.anyWithKey(keys);
  }

  /** The keys of the messages of a kind whose key starts with the prefix. */
  keysStartingWith(kind: string, prefix: string): Promise<string[]> {
    return this.messages.keysStartingWith(kind, prefix);
  }

  /** When the last message of a kind was queued for each recipient key (all keys, or those given). */
  async lastQueuedAt(kind: string, recipientKeys?: string[]): Promise<Map<string, Date>> {
    if (recipientKeys && !recipientKeys.length) return new Map();
    const rows = await this.messages.lastQueuedByRecipient(kind, recipientKeys);
    return new Map(rows.filter((r) => r.last !== null).map((r) => [r.recipientKey, toInstant(r.last)]));
  }

  /**
   * Deletes the messages written about rows that are being deleted (a plan replaced): those with one of the keys,
   * and those whose key starts with one of the prefixes, e.g. `bulletin:12:`. Nothing about them is sent afterwards.
   */
  async discard(keys: string[], keyPrefixes: string[]): Promise<number> {
    return (await this.messages.deleteByKeys(keys)) + (await this.messages.deleteByKeyPrefixes(keyPrefixes));
  }
}

/** An instant read back from the database: a Date (PostgreSQL) or 'YYYY-MM-DD HH:MM:SS.SSS' in UTC (SQLite). */
export function toInstant(value: unknown): Date {
  if (value instanceof Date) return value;
  const s = String(value);
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
}

/** A message for display: attachments by name, type and size, without their content. */
export function withoutAttachmentContent(message: OutboxMessage) {
  const { claimToken: _claim, ...rest } = message;
  return {
    ...rest,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: Buffer.from(a.content, 'base64').length,
    })),
  };
}
