// Every query on the outbox table: writing a message once per key, listing and counting, the claim a sender takes
// on due messages, extending it and recording the outcome under that claim (its token). The claim is the one place
// the two databases differ: PostgreSQL locks the rows it picks (FOR UPDATE SKIP LOCKED), SQLite takes them by a
// conditional UPDATE.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Brackets, type FindOptionsSelect, In, Not } from 'typeorm';
import { dialectOf } from '../database/sql';
import { initialDeliveries, requeueDeadDeliveries, type OutboxDelivery } from './delivery';
import { OutboxMessage, type OutboxStatus } from './outbox-message.entity';

/** The fields of a new message; the status and attempt bookkeeping start fresh. */
export type NewOutboxMessage = Pick<
  OutboxMessage,
  'idempotencyKey' | 'kind' | 'jobRunId' | 'recipientKey' | 'to' | 'cc' | 'subject' | 'html' | 'text' | 'attachments'
> &
  Partial<Pick<OutboxMessage, 'channel' | 'notBefore'>>;

export interface OutboxListFilter {
  status?: OutboxStatus;
  kind?: string;
  recipientKey?: string;
  channel?: string;
  page: number;
  pageSize: number;
}

/** A sender's hold on a message: the outcome is recorded only while this claim is still the message's. */
export interface OutboxClaim {
  id: number;
  token: string;
}

/**
 * Due: pending and never tried (another process may have queued it a moment "later" by its own clock), pending and
 * its retry time has come, or held by a sender whose lock has run out.
 */
const due = (alias: string) =>
  `((${alias}"status" = 'pending' AND (${alias}"attempts" = 0 OR ${alias}"nextAttemptAt" <= :now) ` +
  `AND (${alias}"notBefore" IS NULL OR ${alias}"notBefore" <= :now)) OR ` +
  `(${alias}"status" = 'sending' AND ${alias}"lockedUntil" < :now))`;

@Injectable()
export class MailRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(OutboxMessage);
  }

  async idOfKey(key: string): Promise<number | null> {
    const row = await this.repo.findOne({ select: { id: true }, where: { idempotencyKey: key } });
    return row ? row.id : null;
  }

  /** Inserts the message unless one with its key exists; the id inserted, or null when the key was taken. */
  async insertUnlessKeyExists(msg: NewOutboxMessage, now: Date): Promise<number | null> {
    const inserted = await this.repo
      .createQueryBuilder()
      .insert()
      .into(OutboxMessage)
      .values({
        ...msg,
        channel: msg.channel ?? 'email',
        notBefore: msg.notBefore ?? null,
        deliveries: initialDeliveries(msg.to, msg.cc),
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
    const id = inserted.identifiers[0]?.id;
    return id === undefined || id === null ? null : Number(id);
  }

  /** The ids of the messages with these keys, by key. */
  async idsOfKeys(keys: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.repo.find({
        select: { id: true, idempotencyKey: true },
        where: { idempotencyKey: In(keys.slice(i, i + 500)) },
      });
      for (const r of rows) out.set(r.idempotencyKey, r.id);
    }
    return out;
  }

  /**
   * Inserts many messages, a few a statement (their bodies are long), leaving out those whose key is taken; the
   * caller reads the ids back by key.
   */
  async insertManyUnlessKeyExists(msgs: NewOutboxMessage[], now: Date): Promise<void> {
    for (let i = 0; i < msgs.length; i += 50) {
      await this.repo
        .createQueryBuilder()
        .insert()
        .into(OutboxMessage)
        .values(
          msgs.slice(i, i + 50).map((msg) => ({
            ...msg,
            channel: msg.channel ?? 'email',
            notBefore: msg.notBefore ?? null,
            deliveries: initialDeliveries(msg.to, msg.cc),
            status: 'pending' as const,
            attempts: 0,
            nextAttemptAt: now,
            lockedUntil: null,
            lastError: null,
            messageId: null,
            sentAt: null,
            queuedAt: now,
          })),
        )
        .orIgnore()
        .updateEntity(false)
        .execute();
    }
  }

  /** The status and the run of each message with one of these ids. */
  async statesOfIds(ids: number[]): Promise<Pick<OutboxMessage, 'id' | 'status' | 'jobRunId'>[]> {
    const out: Pick<OutboxMessage, 'id' | 'status' | 'jobRunId'>[] = [];
    for (let i = 0; i < ids.length; i += 500) {
      out.push(
        ...(await this.repo.find({
          select: { id: true, status: true, jobRunId: true },
          where: { id: In(ids.slice(i, i + 500)) },
        })),
      );
    }
    return out;
  }

  /** Whether a message was written under any of the keys. */
  anyWithKey(keys: string[]): Promise<boolean> {
    return keys.length ? this.repo.existsBy({ idempotencyKey: In(keys) }) : Promise.resolve(false);
  }

  /** The keys of the messages of a kind whose key starts with the prefix. */
  async keysStartingWith(kind: string, prefix: string): Promise<string[]> {
    const rows = await this.repo
      .createQueryBuilder('m')
      .select('m.idempotencyKey', 'key')
      .where('m.kind = :kind', { kind })
      .andWhere(`m."idempotencyKey" LIKE :prefix ESCAPE '\\'`, { prefix: likePrefix(prefix) })
      .getRawMany<{ key: string }>();
    return rows.map((r) => r.key);
  }

  /** The latest queuedAt of the messages of a kind, per recipient key, read back as it was stored. */
  lastQueuedByRecipient(kind: string, recipientKeys?: string[]): Promise<{ recipientKey: string; last: unknown }[]> {
    const qb = this.repo
      .createQueryBuilder('m')
      .select('m.recipientKey', 'recipientKey')
      .addSelect('MAX(m.queuedAt)', 'last')
      .where('m.kind = :kind', { kind })
      .groupBy('m.recipientKey');
    if (recipientKeys) qb.andWhere('m.recipientKey IN (:...keys)', { keys: recipientKeys });
    return qb.getRawMany<{ recipientKey: string; last: unknown }>();
  }

  /** Deletes the messages with these keys. */
  async deleteByKeys(keys: string[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < keys.length; i += 300) {
      const result = await this.repo.delete({ idempotencyKey: In(keys.slice(i, i + 300)), status: Not('sent') });
      deleted += result.affected ?? 0;
    }
    return deleted;
  }

  /**
   * Deletes the unsent messages whose key starts with one of the prefixes (what was written about rows now
   * deleted); what was sent stays on record.
   */
  async deleteByKeyPrefixes(prefixes: string[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < prefixes.length; i += 100) {
      const chunk = prefixes.slice(i, i + 100);
      const result = await this.repo
        .createQueryBuilder()
        .delete()
        .from(OutboxMessage)
        .where(`"status" <> 'sent'`)
        .andWhere(
          new Brackets((w) => {
            chunk.forEach((prefix, j) =>
              w.orWhere(`"idempotencyKey" LIKE :p${j} ESCAPE '\\'`, { [`p${j}`]: likePrefix(prefix) }),
            );
          }),
        )
        .execute();
      deleted += result.affected ?? 0;
    }
    return deleted;
  }

  async page(filter: OutboxListFilter, fields: (keyof OutboxMessage)[]): Promise<[OutboxMessage[], number]> {
    const query = this.repo
      .createQueryBuilder('m')
      .select(fields.map((f) => `m.${String(f)}`))
      .orderBy('m.id', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize);
    if (filter.status) query.andWhere('m.status = :status', { status: filter.status });
    if (filter.kind) query.andWhere('m.kind = :kind', { kind: filter.kind });
    if (filter.recipientKey) query.andWhere('m.recipientKey = :recipientKey', { recipientKey: filter.recipientKey });
    if (filter.channel) query.andWhere('m.channel = :channel', { channel: filter.channel });
    return query.getManyAndCount();
  }

  findById(id: number): Promise<OutboxMessage | null> {
    return this.repo.findOneBy({ id });
  }

  fieldsOf(id: number, fields: (keyof OutboxMessage)[]): Promise<OutboxMessage> {
    const select = Object.fromEntries(fields.map((f) => [f, true])) as FindOptionsSelect<OutboxMessage>;
    return this.repo.findOneOrFail({ select, where: { id } });
  }

  /**
   * A dead message back in the queue with its attempts counted from zero, only the addresses given up on waiting
   * again (those that have it are not sent it twice); false if it is no longer dead.
   */
  async requeueDead(id: number, deliveries: OutboxDelivery[], now: Date): Promise<boolean> {
    const result = await this.repo.update(
      { id, status: 'dead' },
      {
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        lockedUntil: null,
        claimToken: null,
        deliveries: requeueDeadDeliveries(deliveries),
      },
    );
    return result.affected === 1;
  }

  async countsByStatus(): Promise<{ status: OutboxStatus; n: number }[]> {
    const rows = await this.repo
      .createQueryBuilder('m')
      .select('m.status', 'status')
      .addSelect('COUNT(*)', 'n')
      .groupBy('m.status')
      .getRawMany<{ status: OutboxStatus; n: number | string }>();
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  }

  /**
   * Claims up to `limit` due messages (none of `skip`) until `lockedUntil` under `token`, in their order of due
   * time, and returns those this call took. On PostgreSQL the candidates are locked in the claiming transaction and
   * rows another sender holds are skipped; on SQLite the UPDATE re-checks that each is still due, so of two senders
   * racing for a message only one changes it. Either way a message is held by one claim only: the last one taken.
   */
  async claimDue(now: Date, lockedUntil: Date, limit: number, skip: number[], token: string): Promise<OutboxMessage[]> {
    return this.txHost.withTransaction(async () => {
      const candidates = this.repo
        .createQueryBuilder('m')
        .select('m.id', 'id')
        .where(due('m.'), { now })
        .orderBy('m.nextAttemptAt', 'ASC')
        .addOrderBy('m.id', 'ASC')
        .limit(limit);
      if (skip.length) candidates.andWhere('m.id NOT IN (:...skip)', { skip });
      if (dialectOf(this.txHost.tx) === 'postgres') candidates.setLock('pessimistic_write').setOnLocked('skip_locked');
      const ids = (await candidates.getRawMany<{ id: number | string }>()).map((r) => Number(r.id));
      if (!ids.length) return [];
      await this.repo
        .createQueryBuilder()
        .update(OutboxMessage)
        .set({ status: 'sending', lockedUntil, claimToken: token })
        .where('"id" IN (:...ids)', { ids })
        .andWhere(due(''), { now })
        .execute();
      return this.repo.find({
        where: { id: In(ids), status: 'sending', claimToken: token },
        order: { nextAttemptAt: 'ASC', id: 'ASC' },
      });
    });
  }

  /** Holds the message for longer while its send is under way; false when the claim no longer holds it. */
  async extendClaim(claim: OutboxClaim, lockedUntil: Date): Promise<boolean> {
    const result = await this.repo.update(
      { id: claim.id, status: 'sending', claimToken: claim.token },
      { lockedUntil },
    );
    return result.affected === 1;
  }

  /**
   * Records an outcome if the claim still holds the message (the token matches, not merely "sending"); false when
   * another sender took it over.
   */
  async settleClaim(claim: OutboxClaim, fields: Partial<OutboxMessage>): Promise<boolean> {
    const result = await this.repo.update(
      { id: claim.id, status: 'sending', claimToken: claim.token },
      { ...fields, lockedUntil: null, claimToken: null },
    );
    return result.affected === 1;
  }
}

/** A LIKE pattern matching the text as a prefix, its wildcards escaped. */
function likePrefix(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}
