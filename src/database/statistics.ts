// The planner's statistics kept current, so each list query takes the index that suits it at any size: after
// the migrations, and after a bulk write (a plan loaded, a sheet imported). On SQLite `PRAGMA optimize` analyses
// the tables whose contents have changed enough, reading them whole (a sample misjudges a column with few values,
// such as a task's status, and the planner then picks the wrong index; 0.4 s at 100,000 tasks); on PostgreSQL,
// ANALYZE.
//
// An SQLite connection reads the statistics with the schema, and rereads them only when the schema changes, which
// ANALYZE does not do: the service's other connections, and other processes' (an instance beside a command that
// imported a sheet), would go on planning with the statistics of an empty database — a page of tasks by id read as
// a scan of the whole table, ten times slower at 100,000 tasks. A table created and dropped changes the schema, so
// every connection rereads both before its next statement.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { dialectOf } from './sql';

/** `tables`: only these, on PostgreSQL (SQLite's optimize looks at the tables that changed by itself). */
export async function refreshStatistics(db: DataSource | EntityManager, tables?: string[]): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.query(tables?.length ? `ANALYZE ${tables.map((t) => `"${t}"`).join(', ')}` : 'ANALYZE');
    return;
  }
  await db.query('PRAGMA analysis_limit = 0');
  await db.query('PRAGMA optimize = 0x10002');
  await db.query('CREATE TABLE IF NOT EXISTS "statistics_refreshed" ("at" integer)');
  await db.query('DROP TABLE "statistics_refreshed"');
}

/** refreshStatistics for the features' bulk writes, in the ambient transaction if there is one. */
@Injectable()
export class StatisticsService {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  refresh(tables?: string[]): Promise<void> {
    return refreshStatistics(this.txHost.tx, tables);
  }
}
