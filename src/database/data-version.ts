// A token that changes whenever the database's data may have changed, cheap to read: what keeps a cached aggregate
// (the dashboard's) current without recomputing it for every request. SQLite: the statements this process ran that
// change data, and `PRAGMA data_version`, which moves when another process commits. PostgreSQL: the transaction
// snapshot (the next transaction id and those in progress), which moves with every write transaction anywhere.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dialectOf } from './sql';
import { sqliteChangeCount } from './sqlite-serial';

@Injectable()
export class DataVersion {
  constructor(
    private readonly dataSource: DataSource,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {}

  /** PostgreSQL's token as an expression, for a statement that reads it beside its own answer. */
  static readonly POSTGRES_TOKEN = 'txid_current_snapshot()::text';

  /** The current token; null inside a transaction, whose uncommitted work must not be cached. */
  async current(): Promise<string | null> {
    if (this.txHost.isTransactionActive()) return null;
    if (dialectOf(this.dataSource) === 'postgres') {
      const [row] = await this.dataSource.query(`SELECT ${DataVersion.POSTGRES_TOKEN} AS "v"`);
      return this.fromPostgres(row.v);
    }
    const [row] = await this.dataSource.query(`PRAGMA data_version`);
    return `sqlite:${sqliteChangeCount()}:${row.data_version}`;
  }

  /** The token from PostgreSQL's snapshot read by a statement of the caller's (POSTGRES_TOKEN); null as current(). */
  fromPostgres(snapshot: string | null): string | null {
    return snapshot === null || this.txHost.isTransactionActive() ? null : `pg:${snapshot}`;
  }
}

/**
 * Values kept while the data version stays the same: a request for a key and version already computed (or being
 * computed) shares that answer; any change of data makes the next request compute afresh. Bounded in entries.
 */
export class VersionedCache<T> {
  private readonly entries = new Map<string, { version: string; value: Promise<T> }>();

  constructor(private readonly maxEntries = 100) {}

  get(key: string, version: string | null, compute: () => Promise<T>): Promise<T> {
    if (version === null) return compute();
    const hit = this.entries.get(key);
    if (hit && hit.version === version) return hit.value;
    const value = compute();
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    value.catch(() => this.entries.get(key)?.value === value && this.entries.delete(key));
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }
}
