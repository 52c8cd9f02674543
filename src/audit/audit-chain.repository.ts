// The audit log's hash chain on its tables: the head row (audit_chain), the rows still to seal, the sealed rows in
// chain order, and the purge of rows past the retention time.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { dialectOf, numbered, type Dialect } from '../database/sql';
import { AuditChain } from './audit-chain.entity';
import { AuditEntry } from './audit-entry.entity';

/** What a row's chain hash covers: its place and every field of it, the instant as the database stores it. */
export interface ChainRow {
  id: number;
  chainSeq: number | null;
  chainHash: string | null;
  at: string;
  actorId: number | null;
  actorEmail: string | null;
  entityType: string;
  entityId: number;
  action: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
}

/** The stored instant as text, the same whatever the reader's time zone (PostgreSQL's is without a zone). */
function atText(dialect: Dialect): string {
  return dialect === 'postgres' ? `to_char(a."at", 'YYYY-MM-DD HH24:MI:SS.MS')` : `a."at"`;
}

const COLUMNS = (dialect: Dialect) =>
  `a."id" AS "id", a."chainSeq" AS "chainSeq", a."chainHash" AS "chainHash", ${atText(dialect)} AS "at", ` +
  `a."actorId" AS "actorId", a."actorEmail" AS "actorEmail", a."entityType" AS "entityType", ` +
  `a."entityId" AS "entityId", a."action" AS "action", a."field" AS "field", a."oldValue" AS "oldValue", ` +
  `a."newValue" AS "newValue"`;

function normalized(raw: Record<string, unknown>): ChainRow {
  const int = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: Number(raw.id),
    chainSeq: int(raw.chainSeq),
    chainHash: (raw.chainHash as string | null) ?? null,
    at: String(raw.at),
    actorId: int(raw.actorId),
    actorEmail: (raw.actorEmail as string | null) ?? null,
    entityType: String(raw.entityType),
    entityId: Number(raw.entityId),
    action: String(raw.action),
    field: (raw.field as string | null) ?? null,
    oldValue: (raw.oldValue as string | null) ?? null,
    newValue: (raw.newValue as string | null) ?? null,
  };
}

@Injectable()
export class AuditChainRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get em() {
    return this.txHost.tx;
  }

  private get dialect(): Dialect {
    return dialectOf(this.em);
  }

  /** The head, taken for writing: a second sealer (another instance) waits until this transaction ends. */
  async lockHead(now: Date): Promise<AuditChain> {
    await this.em.getRepository(AuditChain).update({ id: 1 }, { sealedAt: now });
    return this.head();
  }

  async head(): Promise<AuditChain> {
    const head = await this.em.getRepository(AuditChain).findOneBy({ id: 1 });
    if (!head) throw new Error('audit_chain has no head row: run the migrations');
    return head;
  }

  async setHead(seq: number, hash: string): Promise<void> {
    await this.em.getRepository(AuditChain).update({ id: 1 }, { headSeq: seq, headHash: hash });
  }

  /** The oldest rows not sealed yet, in the order they were written. */
  async unsealed(limit: number): Promise<ChainRow[]> {
    const rows = await this.em.query<Record<string, unknown>[]>(
      numbered(
        this.dialect,
        `SELECT ${COLUMNS(this.dialect)} FROM "audit_entry" a WHERE a."chainSeq" IS NULL ORDER BY a."id" LIMIT $1`,
      ),
      [limit],
    );
    return rows.map(normalized);
  }

  async countUnsealed(): Promise<number> {
    const [row] = await this.em.query<{ n: unknown }[]>(
      `SELECT COUNT(*) AS "n" FROM "audit_entry" WHERE "chainSeq" IS NULL`,
    );
    return Number(row.n);
  }

  /** Gives the rows their places and hashes, in one statement. */
  async seal(rows: { id: number; seq: number; hash: string }[]): Promise<void> {
    if (!rows.length) return;
    const params: unknown[] = [];
    const values = rows
      .map((r) => {
        params.push(r.id, r.seq, r.hash);
        const n = params.length;
        return this.dialect === 'postgres'
          ? `($${n - 2}::integer, $${n - 1}::integer, $${n}::varchar)`
          : `($${n - 2}, $${n - 1}, $${n})`;
      })
      .join(', ');
    // SQLite names a VALUES list's columns column1, column2…; PostgreSQL takes them from an alias
    const list =
      this.dialect === 'postgres'
        ? `(VALUES ${values}) AS v("id", "seq", "hash")`
        : `(SELECT column1 AS "id", column2 AS "seq", column3 AS "hash" FROM (VALUES ${values})) AS v`;
    await this.em.query(
      numbered(
        this.dialect,
        `UPDATE "audit_entry" SET "chainSeq" = v."seq", "chainHash" = v."hash" FROM ${list} ` +
          `WHERE "audit_entry"."id" = v."id"`,
      ),
      params,
    );
  }

  /** Sealed rows after a place, in chain order. */
  async sealedAfter(seq: number, limit: number): Promise<ChainRow[]> {
    const rows = await this.em.query<Record<string, unknown>[]>(
      numbered(
        this.dialect,
        `SELECT ${COLUMNS(this.dialect)} FROM "audit_entry" a WHERE a."chainSeq" > $1 ORDER BY a."chainSeq" LIMIT $2`,
      ),
      [seq, limit],
    );
    return rows.map(normalized);
  }

  /**
   * How far a purge may go: the sealed rows before the first one written at or after the instant (so no younger row
   * goes, whatever the order of the instants), as the last such place and its hash; null when there is none.
   */
  async purgeLimit(before: Date, headSeq: number): Promise<{ seq: number; hash: string } | null> {
    const young = await this.em
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .select('MIN(a.chainSeq)', 'seq')
      .where('a.at >= :before', { before })
      .andWhere('a.chainSeq IS NOT NULL')
      .getRawOne<{ seq: unknown }>();
    const through = young?.seq === null || young?.seq === undefined ? headSeq : Number(young.seq) - 1;
    if (through < 1) return null;
    const row = await this.em.getRepository(AuditEntry).findOne({ where: { chainSeq: through } });
    return row ? { seq: through, hash: row.chainHash as string } : null;
  }

  /** Releases the rows up to the place (the triggers let them go) and deletes them; the count deleted. */
  async purgeThrough(seq: number, hash: string): Promise<number> {
    const [row] = await this.em.query<{ n: unknown }[]>(
      numbered(this.dialect, `SELECT COUNT(*) AS "n" FROM "audit_entry" WHERE "chainSeq" <= $1`),
      [seq],
    );
    await this.em.getRepository(AuditChain).update({ id: 1 }, { purgedThroughSeq: seq, purgedHash: hash });
    await this.em.query(numbered(this.dialect, `DELETE FROM "audit_entry" WHERE "chainSeq" <= $1`), [seq]);
    return Number(row.n);
  }
}
