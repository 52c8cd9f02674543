// The outbox: features write their messages here inside their own transaction, keyed so that writing the same
// message twice is a no-op; the MailSender delivers them. Also lists, shows and re-queues messages.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { EntityManager, Repository } from 'typeorm';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, NotFoundError } from '../common/errors';
import { MailSender } from './mail-sender';
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
}

export interface OutboxFilter {
  status?: OutboxStatus;
  kind?: string;
  recipientKey?: string;
  page: number;
  pageSize: number;
}

/** A message as listed: everything but its content. */
export type OutboxSummary = Omit<OutboxMessage, 'html' | 'text' | 'attachments'>;

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
];

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
    @InjectRepository(OutboxMessage) private readonly messages: Repository<OutboxMessage>,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly sender: MailSender,
  ) {}

  /**
   * Writes a message in the caller's transaction. When a message with the same key exists nothing is written and
   * `created` is false. Call kick() after the transaction commits so the sender picks the message up soon.
   */
  async enqueue(em: EntityManager, msg: EnqueueMessage): Promise<{ id: number; created: boolean }> {
    requireText(msg.key, 'key', msg.key);
    requireText(msg.kind, 'kind', msg.key);
    requireText(msg.recipientKey, 'recipientKey', msg.key);
    requireText(msg.subject, 'subject', msg.key);
    const to = addresses(msg.to ?? [], 'to', msg.key);
    if (!to.length) throw new Error(`Outbox message ${msg.key}: "to" has no address`);
    const cc = addresses(msg.cc ?? [], 'cc', msg.key, to);

    const existing = await this.idOf(em, msg.key);
    if (existing !== null) return { id: existing, created: false };
    const now = this.clock.now();
    const inserted = await em
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({
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
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        lastError: null,
        messageId: null,
        sentAt: null,
        queuedAt: now,
      })
      .orIgnore()
      .execute();
    const id = await this.idOf(em, msg.key);
    if (id === null) throw new Error(`Outbox message ${msg.key} was neither written nor found`);
    // Written by a concurrent writer between the check and the insert when the insert reports another id.
    return { id, created: Number(inserted.identifiers[0]?.id) === id };
  }

  /** Asks the sender for a pass soon (debounced); call it after the transaction that enqueued has committed. */
  kick(): void {
    this.sender.requestPass();
  }

  async list(filter: OutboxFilter): Promise<OutboxPage> {
    const query = this.messages
      .createQueryBuilder('m')
      .select(SUMMARY_FIELDS.map((f) => `m.${f}`))
      .orderBy('m.id', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize);
    if (filter.status) query.andWhere('m.status = :status', { status: filter.status });
    if (filter.kind) query.andWhere('m.kind = :kind', { kind: filter.kind });
    if (filter.recipientKey) query.andWhere('m.recipientKey = :recipientKey', { recipientKey: filter.recipientKey });
    const [items, total] = await query.getManyAndCount();
    return { items, total, page: filter.page, pageSize: filter.pageSize };
  }

  /** The whole message, content and attachments included. */
  async get(id: number): Promise<OutboxMessage> {
    const message = await this.messages.findOneBy({ id });
    if (!message) throw new NotFoundError('Outbox message', id, '邮件');
    return message;
  }

  /** Puts a message that was given up on back in the queue, with its attempts counted from zero. */
  async retry(id: number, actor: Actor = SYSTEM_ACTOR): Promise<OutboxSummary> {
    await this.txHost.withTransaction(async () => {
      const em = this.txHost.tx;
      const message = await em.findOneBy(OutboxMessage, { id });
      if (!message) throw new NotFoundError('Outbox message', id, '邮件');
      if (message.status !== 'dead') {
        throw new ConflictError(
          `Outbox message ${id} is ${message.status}; only a dead message can be retried`,
          `邮件 ${id} 的状态为“${STATUS_ZH[message.status]}”,只有发送失败的邮件可以重试`,
          'not_dead',
        );
      }
      await em.update(
        OutboxMessage,
        { id, status: 'dead' },
        { status: 'pending', attempts: 0, nextAttemptAt: this.clock.now(), lockedUntil: null },
      );
      await this.audit.record(em, actor, 'outbox', id, 'retry', [
        { field: 'status', from: 'dead', to: 'pending' },
        { field: 'attempts', from: message.attempts, to: 0 },
      ]);
    });
    this.kick();
    return this.messages.findOneOrFail({ select: SUMMARY_FIELDS, where: { id } });
  }

  /** How many messages there are in each status. */
  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.messages
      .createQueryBuilder('m')
      .select('m.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('m.status')
      .getRawMany<{ status: OutboxStatus; n: number | string }>();
    const counts = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as Record<OutboxStatus, number>;
    for (const row of rows) counts[row.status] = Number(row.n);
    return counts;
  }

  private async idOf(em: EntityManager, key: string): Promise<number | null> {
    const row = await em.findOne(OutboxMessage, { select: { id: true }, where: { idempotencyKey: key } });
    return row ? row.id : null;
  }
}

/** A message for display: attachments by name, type and size, without their content. */
export function withoutAttachmentContent(message: OutboxMessage) {
  return {
    ...message,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: Buffer.from(a.content, 'base64').length,
    })),
  };
}
