// Text search behind an index: an FTS5 table with the trigram tokenizer over each task's code, titles and
// description (the task list's `q`), kept current by triggers. Note: a later migration that rebuilds the task table
// (SQLite's way of altering columns) must create these triggers again.
import { MigrationInterface, QueryRunner } from 'typeorm';

const body = (row: string) =>
  `${row}."code" || char(1) || ${row}."title" || char(1) || COALESCE(${row}."titleEn", '') || char(1) || ${row}."description"`;

export class TaskSearch1797000000001 implements MigrationInterface {
  name = 'TaskSearch1797000000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE VIRTUAL TABLE "task_search" USING fts5("body", tokenize = 'trigram')`);
    await queryRunner.query(`INSERT INTO "task_search" (rowid, "body") SELECT t."id", ${body('t')} FROM "task" t`);
    await queryRunner.query(
      `CREATE TRIGGER "task_search_insert" AFTER INSERT ON "task" BEGIN ` +
        `INSERT INTO "task_search" (rowid, "body") VALUES (new."id", ${body('new')}); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "task_search_update" AFTER UPDATE OF "code", "title", "titleEn", "description" ON "task" BEGIN ` +
        `UPDATE "task_search" SET "body" = ${body('new')} WHERE rowid = old."id"; END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "task_search_delete" AFTER DELETE ON "task" BEGIN ` +
        `DELETE FROM "task_search" WHERE rowid = old."id"; END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "task_search_delete"`);
    await queryRunner.query(`DROP TRIGGER "task_search_update"`);
    await queryRunner.query(`DROP TRIGGER "task_search_insert"`);
    await queryRunner.query(`DROP TABLE "task_search"`);
  }
}
