// The data source for the configured database: the embedded SQLite file by default, PostgreSQL when
// `database.url` is set. Same entities on both; each dialect has its own migrations, and the schema comes
// from them only (never `synchronize`).
import * as pg from 'pg';
import * as sqlite3 from 'sqlite3';
import type { DataSourceOptions } from 'typeorm';
import { databaseDialect, type AppConfig } from '../config/config';
import { ENTITIES } from './entities';
import { POSTGRES_MIGRATIONS } from './migrations/postgres';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { installSqliteSerialization } from './sqlite-serial';

export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  if (databaseDialect(config) === 'postgres') {
    usePostgresUtcTimestamps();
    return {
      type: 'postgres',
      url: config.database.url as string,
      entities: ENTITIES,
      migrations: POSTGRES_MIGRATIONS,
      migrationsTransactionMode: 'each',
      synchronize: false,
      logging: ['error'],
      poolSize: config.database.poolSize,
      // Timestamps are written and read in UTC, as on SQLite.
      extra: { options: '-c timezone=UTC' },
    };
  }
  installSqliteSerialization(config.database.busyTimeoutMs, config.database.readConnections);
  return {
    type: 'sqlite',
    driver: quietSqlite3(),
    database: config.database.path,
    enableWAL: true,
    busyTimeout: config.database.busyTimeoutMs,
    entities: ENTITIES,
    migrations: SQLITE_MIGRATIONS,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
  };
}

/**
 * The sqlite3 module for TypeORM, which calls its `verbose()`: that wraps every call to keep long stack traces,
 * formatting each call's arguments (a statement's SQL and its parameters) with util.inspect, a cost on every
 * query. TypeORM's errors name the query anyway.
 */
function quietSqlite3(): typeof sqlite3 {
  return Object.create(sqlite3, { verbose: { value: () => sqlite3 } }) as typeof sqlite3;
}

/**
 * Values read the same on both databases. Instants are kept in UTC: SQLite stores UTC text, and on PostgreSQL
 * the columns are `timestamp` (without time zone) written and read as UTC, whatever the process's time zone.
 * Calendar dates stay 'YYYY-MM-DD' strings, as on SQLite; counts and sums (bigint, numeric) are numbers.
 */
function usePostgresUtcTimestamps(): void {
  (pg.defaults as { parseInputDatesAsUTC?: boolean }).parseInputDatesAsUTC = true;
  pg.types.setTypeParser(pg.types.builtins.TIMESTAMP, (v) => new Date(v.replace(' ', 'T') + 'Z'));
  pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
}
