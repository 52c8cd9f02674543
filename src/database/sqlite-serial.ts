// SQLite through TypeORM runs every query of a data source on one connection. Two requests whose transactions
// overlap would interleave on it ("cannot start a transaction within a transaction", or one request's writes
// landing in another's transaction). This makes each data source's work strictly one at a time: a transaction
// (explicit, or the implicit one of save/remove) holds the connection until it ends, and a lone query waits for it.
// The code inside a transaction is recognised through AsyncLocalStorage, so its own queries are not blocked.
import { AsyncLocalStorage } from 'node:async_hooks';
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

let installed = false;

export function installSqliteSerialization(): void {
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
    return exclusive(this.connection, () => (query as (...a: unknown[]) => Promise<unknown>).apply(this, args));
  } as typeof query;
}
