// Text search behind an index: a trigram GIN index (pg_trgm) on the lower-cased code, titles and description of a
// task, the expression the task list's `q` filters on. Where the server does not offer pg_trgm (some
// PostgreSQL-compatible databases), the search still works, by a scan.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskSearch1797000000001 implements MigrationInterface {
  name = 'TaskSearch1797000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const available = await queryRunner.query(`SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'`);
    if (!available.length) return;
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(
      `CREATE INDEX "IDX_task_search" ON "task" USING gin ((LOWER("code" || chr(1) || "title" || chr(1) || ` +
        `COALESCE("titleEn", '') || chr(1) || "description")) gin_trgm_ops)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_task_search"`);
  }
}
