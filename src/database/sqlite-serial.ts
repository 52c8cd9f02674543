// SQLite through TypeORM runs every query of a data source on one connection. Two requests whose transactions
// overlap would interleave on it ("cannot start a transaction within a transaction", or one request's writes
// landing in another's transaction). This makes each data source's work strictly one at a time: a transaction
// (explicit, or the implicit one of save/remove) holds the connection until it ends, and a lone query waits for it.
// The code inside a transaction is recognised through AsyncLocalStorage, so its own queries are not blocked.
//
// Between processes (two instances, or the command line beside the service) SQLite's own lock decides. A write
// transaction takes the write lock when it begins (BEGIN IMMEDIATE), so it never fails half-way on upgrading a
// read lock; a lock held by another process is waited for (busy_timeout), and a statement that still finds the
// database busy — a BEGIN, or a write outside a transaction — is retried here, within a bounded time.
// PostgreSQL runs transactions side by side on a pool of connections and needs none of this.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';
import { EntityPersistExecutor } from 'typeorm/persistence/EntityPersistExecutor';

class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    this.tail = result.catch(() => undefined);
    return result;
  }
}

const held = new AsyncLocalStorage<ReadonlySet<DataSource>>();
const locks = new WeakMap<DataSource, Mutex>();

function lockOf(ds: DataSource): Mutex {
  let lock = locks.get(ds);
  if (!lock) locks.set(ds, (lock = new Mutex()));
  return lock;
}

function isSqlite(ds: DataSource): boolean {
  return ds.options.type === 'sqlite';
}

/** Runs fn holding the data source's connection, unless this async context holds it already. */
function exclusive<T>(ds: DataSource, fn: () => Promise<T>): Promise<T> {
  const current = held.getStore();
  if (!isSqlite(ds) || current?.has(ds)) return fn();
  return lockOf(ds).run(() => held.run(new Set([...(current ?? []), ds]), fn));
}

/** SQLITE_BUSY, as the driver reports it or as TypeORM wraps it. */
export function isSqliteBusy(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string }; message?: string } | null;
  return (
    err?.code === 'SQLITE_BUSY' || err?.driverError?.code === 'SQLITE_BUSY' || /SQLITE_BUSY/.test(err?.message ?? '')
  );
}

let installed = false;
let retryForMs = 20_000;

export function installSqliteSerialization(busyTimeoutMs = 5000): void {
  // Each attempt already waits busy_timeout inside SQLite; a few attempts bound the whole wait.
  retryForMs = Math.max(1000, busyTimeoutMs * 4);
  if (installed) return;
  installed = true;

  const transaction = EntityManager.prototype.transaction;
  EntityManager.prototype.transaction = function (this: EntityManager, ...args: unknown[]) {
    return exclusive(this.connection, () => (transaction as (...a: unknown[]) => Promise<unknown>).apply(this, args));
  } as typeof transaction;

  const execute = EntityPersistExecutor.prototype.execute;
  EntityPersistExecutor.prototype.execute = function (this: EntityPersistExecutor) {
    return exclusive((this as unknown as { connection: DataSource }).connection, () => execute.call(this));
  };

  const query = SqliteQueryRunner.prototype.query;
  SqliteQueryRunner.prototype.query = function (this: SqliteQueryRunner, ...args: unknown[]) {
    const run = (query as (...a: unknown[]) => Promise<unknown>).bind(this);
    const sql = String(args[0]);
    const begins = /^BEGIN TRANSACTION$/i.test(sql.trim());
    if (begins) args[0] = 'BEGIN IMMEDIATE TRANSACTION';
    // A statement inside a transaction that holds the write lock does not meet another writer; only a BEGIN or
    // a statement of its own (autocommit) can, and those are safe to run again.
    const retryable = begins || !this.isTransactionActive;
    return exclusive(this.connection, async () => {
      const deadline = Date.now() + retryForMs;
      for (let attempt = 1; ; attempt++) {
        try {
          return await run(...args);
        } catch (e) {
          if (!retryable || !isSqliteBusy(e) || Date.now() >= deadline) throw e;
          await sleep(Math.min(50 * attempt, 500));
        }
      }
    });
  } as typeof query;
}
