// The working-day calendar as a table (calendar_day, filled at start-up) and an index behind each of the task
// list's filters and sorts; the single-column indexes on status, deadline and lead unit give way to composite ones.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class CalendarDaysAndTaskIndexes1797000000000 implements MigrationInterface {
  name = 'CalendarDaysAndTaskIndexes1797000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_bc430df391785e5dfa7682f072"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d6ce64ab404f3d213339b1d38c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2fe7a278e6f08d2be55740a939"`);
    await queryRunner.query(
      `CREATE TABLE "calendar_day" ("date" date NOT NULL, "weekday" integer NOT NULL, "working" integer NOT NULL, "ordinal" integer NOT NULL, CONSTRAINT "PK_82404934db32af18c10dfe7087e" PRIMARY KEY ("date"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_task_updated_at" ON "task" ("updatedAt") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_title" ON "task" ("title") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_progress" ON "task" ("progress") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_start_date" ON "task" ("startDate") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_code" ON "task" ("code") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_owner" ON "task" ("ownerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_lead_unit" ON "task" ("leadUnitId", "deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_work_item" ON "task" ("workItemId", "deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_status_deadline" ON "task" ("status", "deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_task_deadline_code" ON "task" ("deadline", "code") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_task_deadline_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_status_deadline"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_work_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_lead_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_owner"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_start_date"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_progress"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_title"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_task_updated_at"`);
    await queryRunner.query(`DROP TABLE "calendar_day"`);
    await queryRunner.query(`CREATE INDEX "IDX_2fe7a278e6f08d2be55740a939" ON "task" ("status") `);
    await queryRunner.query(`CREATE INDEX "IDX_d6ce64ab404f3d213339b1d38c" ON "task" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc430df391785e5dfa7682f072" ON "task" ("leadUnitId") `);
  }
}
