// The planner's statistics kept current, so each list query takes the index that suits it at any size: after
// the migrations, and after a bulk write (a plan loaded, a sheet imported). On SQLite `PRAGMA optimize` analyses
// the tables whose contents have changed enough (bounded by analysis_limit); on PostgreSQL, ANALYZE.
import type { DataSource, EntityManager } from 'typeorm';
import { dialectOf } from './sql';

export async function refreshStatistics(db: DataSource | EntityManager): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.query('ANALYZE');
    return;
  }
  await db.query('PRAGMA analysis_limit = 1000');
  await db.query('PRAGMA optimize = 0x10002');
}
