// The audit log as a hash chain (等保 2.0: audit records protected from change and deletion).
//
// - Rows are written as they always were, in the transaction of the change they record. A sealer then gives each new
//   row, in the order written, the next place in the chain and HMAC-SHA256(key, previous hash + the row's content):
//   every `audit.sealIntervalSeconds` on each instance, and before each verification or purge. Sealers of several
//   instances take turns on the chain's head row, so the chain never forks. Sealing after the commit keeps writers
//   from queueing on the head: the cost is that a row is unprotected until the next seal (a minute by default).
// - The database refuses to change a sealed row or any row's content, and to delete a row the purge has not
//   released (triggers of migration AuditChain). Someone with the database's owner rights can drop the triggers; the
//   chain then still shows what was changed, removed or added, unless they also hold the key — which is why the key
//   belongs outside the database (`AUDIT_CHAIN_KEY`). `audit-verify` prints the head so it can be kept elsewhere too.
// - The retention purge removes rows older than `audit.retentionDays` (180 at least), oldest first; the chain then
//   starts at the first kept row, linked to the last purged one's hash, which audit_chain keeps.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createHmac, randomBytes } from 'node:crypto';
import { ClockService } from '../common/clock.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SettingsService } from '../database/settings.service';
import { AuditChainRepository, type ChainRow } from './audit-chain.repository';

const BATCH = 2000;
/** Problems listed in a verification's answer; the count is complete. */
const LISTED_PROBLEMS = 50;

export type ChainProblemKind = 'changed' | 'missing' | 'head';

export interface ChainProblem {
  kind: ChainProblemKind;
  /** The place in the chain the problem is at (for `missing`, the first place missing). */
  seq: number;
  /** The audit row there, when there is one. */
  entryId: number | null;
}

export interface ChainVerification {
  ok: boolean;
  /** Sealed rows checked. */
  checked: number;
  /** Rows written since the last seal (this verification sealed what was there when it began). */
  unsealed: number;
  /** Where the chain starts (after the purged part) and its head. */
  firstSeq: number;
  headSeq: number;
  headHash: string;
  /** Rows removed by the retention purge, up to this place. */
  purgedThroughSeq: number;
  problemCount: number;
  problems: ChainProblem[];
}

export interface ChainPurge {
  removed: number;
  /** Rows written before this instant may go. */
  before: string;
  purgedThroughSeq: number;
}

/** What a row's hash covers: its place, its id and every field, as one JSON array. */
export function chainContent(row: ChainRow, seq: number): string {
  return JSON.stringify([
    seq,
    row.id,
    row.at,
    row.actorId,
    row.actorEmail,
    row.entityType,
    row.entityId,
    row.action,
    row.field,
    row.oldValue,
    row.newValue,
  ]);
}

export function chainHash(key: string, previous: string, row: ChainRow, seq: number): string {
  return createHmac('sha256', key).update(previous).update('\n').update(chainContent(row, seq)).digest('hex');
}

@Injectable()
export class AuditChainService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditChain');
  private timer: NodeJS.Timeout | null = null;
  private key: string | null = null;
  private sealing: Promise<number> | null = null;

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly chain: AuditChainRepository,
    private readonly settings: SettingsService,
    private readonly clock: ClockService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.audit.sealIntervalSeconds;
    if (!seconds) return;
    this.timer = setInterval(() => {
      this.seal().catch((e: unknown) => this.logger.warn(`sealing the audit log failed: ${(e as Error).message}`));
    }, seconds * 1000);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async chainKey(): Promise<string> {
    this.key ??=
      this.config.audit.chainKey ??
      (await this.settings.getOrCreate('audit_chain_key', () => randomBytes(32).toString('hex')));
    return this.key;
  }

  /** Seals every row written so far; the number sealed. One seal at a time in a process. */
  seal(): Promise<number> {
    this.sealing ??= this.sealAll().finally(() => (this.sealing = null));
    return this.sealing;
  }

  private async sealAll(): Promise<number> {
    const key = await this.chainKey();
    let total = 0;
    for (;;) {
      const sealed = await this.txHost.withTransaction(async () => {
        const head = await this.chain.lockHead(this.clock.now());
        const rows = await this.chain.unsealed(BATCH);
        let seq = head.headSeq;
        let hash = head.headHash;
        const seals = rows.map((row) => {
          seq += 1;
          hash = chainHash(key, hash, row, seq);
          return { id: row.id, seq, hash };
        });
        await this.chain.seal(seals);
        if (seals.length) await this.chain.setHead(seq, hash);
        return seals.length;
      });
      total += sealed;
      if (sealed < BATCH) return total;
    }
  }

  /** Seals what is there, then checks the chain from its first kept row to its head. */
  async verify(): Promise<ChainVerification> {
    await this.seal();
    const key = await this.chainKey();
    const head = await this.chain.head();
    const problems: ChainProblem[] = [];
    let problemCount = 0;
    const problem = (p: ChainProblem) => {
      problemCount += 1;
      if (problems.length < LISTED_PROBLEMS) problems.push(p);
    };
    let expectedSeq = head.purgedThroughSeq + 1;
    let previous = head.purgedHash;
    let checked = 0;
    let after = head.purgedThroughSeq;
    for (;;) {
      const rows = await this.chain.sealedAfter(after, BATCH);
      for (const row of rows) {
        const seq = row.chainSeq as number;
        // After a gap the row links to a hash that is gone: its link cannot be checked, only the gap named.
        if (seq !== expectedSeq) problem({ kind: 'missing', seq: expectedSeq, entryId: null });
        else if (chainHash(key, previous, row, seq) !== row.chainHash)
          problem({ kind: 'changed', seq, entryId: row.id });
        previous = row.chainHash ?? '';
        expectedSeq = seq + 1;
        checked += 1;
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].chainSeq as number;
    }
    // rows taken away at the end, or a head that does not match its last row
    const lastSeq = expectedSeq - 1;
    if (lastSeq !== head.headSeq || (checked > 0 && previous !== head.headHash)) {
      problem({ kind: 'head', seq: head.headSeq, entryId: null });
    }
    return {
      ok: problemCount === 0,
      checked,
      unsealed: await this.chain.countUnsealed(),
      firstSeq: head.purgedThroughSeq + 1,
      headSeq: head.headSeq,
      headHash: head.headHash,
      purgedThroughSeq: head.purgedThroughSeq,
      problemCount,
      problems,
    };
  }

  /** Removes the rows older than the retention time (sealed first); the chain goes on from the first kept row. */
  async purge(): Promise<ChainPurge> {
    await this.seal();
    const before = new Date(this.clock.now().getTime() - this.config.audit.retentionDays * 86_400_000);
    return this.txHost.withTransaction(async () => {
      const head = await this.chain.lockHead(this.clock.now());
      const last = await this.chain.purgeLimit(before, head.headSeq);
      if (!last || last.seq <= head.purgedThroughSeq) {
        return { removed: 0, before: before.toISOString(), purgedThroughSeq: head.purgedThroughSeq };
      }
      const removed = await this.chain.purgeThrough(last.seq, last.hash);
      return { removed, before: before.toISOString(), purgedThroughSeq: last.seq };
    });
  }
}
