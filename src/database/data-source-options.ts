import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config';
import { ENTITIES } from './entities';
import { SQLITE_MIGRATIONS } from './migrations/sqlite';
import { installSqliteSerialization } from './sqlite-serial';

/** SQLite in a file (WAL, foreign keys on, busy timeout); the schema comes from migrations only. */
export function dataSourceOptions(config: AppConfig): DataSourceOptions {
  installSqliteSerialization();
  return {
    type: 'sqlite',
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
