// Text search on a stored column: the lower-cased code, titles and description of a task, joined, kept by the
// database itself (a generated column), with the trigram index on it in place of the index on the expression. A
// search that walks the list's order (most do: the page is the first fifty by deadline) tests each row's stored
// text instead of joining and lower-casing four fields for it, and the planner's estimate of how many rows match
// comes from the column's own statistics. The column is PostgreSQL's only and not an entity field: schema
// generation must not be run against it without keeping it (see the note at Task's indexes).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class TaskSearchText1797300000000 implements MigrationInterface {
  name = 'TaskSearchText1797300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "task" ADD COLUMN "searchText" text GENERATED ALWAYS AS ` +
        `(LOWER("code" || chr(1) || "title" || chr(1) || COALESCE("titleEn", '') || chr(1) || "description")) STORED`,
    );
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_task_search"`);
    // pg_trgm was installed by TaskSearch where the server offers it; elsewhere the search scans the column.
    const trgm = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`);
    if (trgm.length)
      await queryRunner.query(`CREATE INDEX "IDX_task_search" ON "task" USING gin ("searchText" gin_trgm_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "IDX_task_search"`);
    await queryRunner.query(`ALTER TABLE "task" DROP COLUMN "searchText"`);
    const trgm = await queryRunner.query(`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`);
    if (trgm.length)
      await queryRunner.query(
        `CREATE INDEX "IDX_task_search" ON "task" USING gin ((LOWER("code" || chr(1) || "title" || chr(1) || ` +
          `COALESCE("titleEn", '') || chr(1) || "description")) gin_trgm_ops)`,
      );
  }
}
