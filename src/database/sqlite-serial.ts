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
//
// Reads need not wait: a lone SELECT (outside any transaction) runs on one of a few read-only connections to the
// same file, side by side with each other and with the writer. In WAL mode each sees the last committed state, so a
// request still reads what it has just written. PostgreSQL runs transactions side by side on a pool of connections
// and needs none of this.
import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource, EntityManager } from 'typeorm';
import { SqliteDriver } from 'typeorm/driver/sqlite/SqliteDriver';
import { SqliteQueryRunner } from 'typeorm/driver/sqlite/SqliteQueryRunner';
import { QueryFailedError } from 'typeorm/error/QueryFailedError';
import { QueryResult } from 'typeorm/query-runner/QueryResult';
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
let readers = 0;
/** Statements other than reads run by this process (writes, commits, rollbacks): a cheap sign of change. */
let statementsChanging = 0;

/** Grows whenever this process may have changed an SQLite database (see data-version.ts). */
export function sqliteChangeCount(): number {
  return statementsChanging;
}

interface SqliteHandle {
  all(sql: string, params: unknown[], cb: (err: Error | null, rows: unknown[]) => void): void;
  run(sql: string, cb: (err: Error | null) => void): void;
  close(cb: (err: Error | null) => void): void;
}

/** A driver's read-only connections, opened on first use and used in turn. */
class ReaderPool {
  private readonly handles: Promise<SqliteHandle>[] = [];
  private next = 0;

  constructor(
    private readonly driver: SqliteDriver,
    private readonly size: number,
  ) {}

  private open(): Promise<SqliteHandle> {
    const sqlite = (
      this.driver as unknown as { sqlite: { Database: new (...a: unknown[]) => SqliteHandle; OPEN_READONLY: number } }
    ).sqlite;
    const options = this.driver.options as { database: string; busyTimeout?: number };
    return new Promise((ok, fail) => {
      const db = new sqlite.Database(options.database, sqlite.OPEN_READONLY, (err: Error | null) => {
        if (err) return fail(err);
        db.run(`PRAGMA busy_timeout = ${Number(options.busyTimeout ?? 5000)}`, (e) => (e ? fail(e) : ok(db)));
      });
    });
  }

  handle(): Promise<SqliteHandle> {
    const i = this.next++ % this.size;
    if (!this.handles[i]) this.handles[i] = this.open();
    return this.handles[i];
  }

  async close(): Promise<void> {
    const all = this.handles.splice(0);
    await Promise.all(
      all.map((h) => h.then((db) => new Promise<void>((ok) => db.close(() => ok()))).catch(() => undefined)),
    );
  }
}

const pools = new WeakMap<SqliteDriver, ReaderPool>();

/** The pool for a file database in WAL mode; none for an in-memory one, or when readers are turned off. */
function poolOf(driver: SqliteDriver): ReaderPool | null {
  const options = driver.options as { database: string; enableWAL?: boolean };
  if (!readers || !options.enableWAL || options.database === ':memory:' || options.database.startsWith('file:'))
    return null;
  let pool = pools.get(driver);
  if (!pool) pools.set(driver, (pool = new ReaderPool(driver, readers)));
  return pool;
}

/** Runs a SELECT on a read-only connection, answering as SqliteQueryRunner.query does. */
async function readOn(pool: ReaderPool, sql: string, params: unknown[], structured: boolean): Promise<unknown> {
  const db = await pool.handle();
  const deadline = Date.now() + retryForMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const rows = await new Promise<unknown[]>((ok, fail) =>
        db.all(sql, params, (err, r) => (err ? fail(err) : ok(r))),
      );
      if (!structured) return rows;
      const result = new QueryResult();
      result.raw = rows;
      result.records = rows;
      return result;
    } catch (e) {
      if (!isSqliteBusy(e) || Date.now() >= deadline) throw new QueryFailedError(sql, params, e as Error);
      await sleep(Math.min(50 * attempt, 500));
    }
  }
}

export function installSqliteSerialization(busyTimeoutMs = 5000, readConnections = 2): void {
  // Each attempt already waits busy_timeout inside SQLite; a few attempts bound the whole wait.
  retryForMs = Math.max(1000, busyTimeoutMs * 4);
  readers = readConnections;
  if (installed) return;
  installed = true;

  const disconnect = SqliteDriver.prototype.disconnect;
  SqliteDriver.prototype.disconnect = async function (this: SqliteDriver) {
    await pools.get(this)?.close();
    pools.delete(this);
    return disconnect.call(this);
  };

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
    // A lone read, outside any transaction and any work holding the connection, goes to a reader — while the data
    // source is open: a closed one (destroyed) must fail like its writer, not open readers again and answer.
    if (
      this.connection.isInitialized &&
      !this.isTransactionActive &&
      !held.getStore()?.has(this.connection) &&
      /^\s*SELECT\b/i.test(sql)
    ) {
      const pool = poolOf(this.driver as SqliteDriver);
      if (pool) return readOn(pool, sql, (args[1] as unknown[]) ?? [], Boolean(args[2]));
    }
    return exclusive(this.connection, async () => {
      const deadline = Date.now() + retryForMs;
      for (let attempt = 1; ; attempt++) {
        try {
          const result = await run(...args);
          if (!/^\s*(SELECT|PRAGMA)\b/i.test(sql)) statementsChanging++;
          return result;
        } catch (e) {
          if (!retryable || !isSqliteBusy(e) || Date.now() >= deadline) throw e;
          await sleep(Math.min(50 * attempt, 500));
        }
      }
    });
  } as typeof query;
}
