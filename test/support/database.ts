// The database a test runs on: a fresh SQLite file by default, or — when TEST_POSTGRES_URL names a PostgreSQL
// server (`.ci/postgres start` prints one) — a fresh database on that server. The same suites run on both.
import { join } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

export interface TestDatabaseConfig {
  url: string | null;
  path: string;
}

export const TEST_POSTGRES_URL = process.env.TEST_POSTGRES_URL || null;

export function testDialect(): 'sqlite' | 'postgres' {
  return TEST_POSTGRES_URL ? 'postgres' : 'sqlite';
}

let counter = 0;

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_POSTGRES_URL as string });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new, empty database: a file in `dir`, or a database named after this process on the PostgreSQL server. */
export async function freshDatabase(dir: string, name = 'zhuanban'): Promise<TestDatabaseConfig> {
  const path = join(dir, `${name}.sqlite`);
  if (!TEST_POSTGRES_URL) return { url: null, path };
  const db = `zb_${process.pid}_${Date.now().toString(36)}_${++counter}`;
  await admin((c) => c.query(`CREATE DATABASE "${db}"`));
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${db}`;
  return { url: url.toString(), path };
}

/** Drops a database made by freshDatabase (a SQLite file goes with its directory). */
export async function dropDatabase(config: TestDatabaseConfig): Promise<void> {
  if (!config.url || !TEST_POSTGRES_URL) return;
  const name = new URL(config.url).pathname.slice(1);
  await admin((c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

/** A plain connection to a test database, for checks that read tables directly. */
export async function openDatabase(config: TestDatabaseConfig): Promise<DataSource> {
  const ds = config.url
    ? new DataSource({ type: 'postgres', url: config.url })
    : new DataSource({ type: 'sqlite', database: config.path });
  await ds.initialize();
  return ds;
}

/**
 * Takes a PostgreSQL test database away from the service and gives it back: refuses new connections and ends the
 * open ones, as when its server is down; then allows them again.
 */
export async function setDatabaseReachable(config: TestDatabaseConfig, reachable: boolean): Promise<void> {
  if (!config.url || !TEST_POSTGRES_URL) throw new Error('setDatabaseReachable is for PostgreSQL test databases');
  const name = new URL(config.url).pathname.slice(1);
  await admin(async (c) => {
    await c.query(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS ${reachable ? 'true' : 'false'}`);
    if (!reachable) {
      await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]);
    }
  });
}
