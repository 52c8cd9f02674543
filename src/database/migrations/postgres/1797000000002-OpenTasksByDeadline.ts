// Open tasks by deadline (the overdue list, the longest overdue first): a partial index over the live statuses in
// the list's order, so the first page is read in order and the scan stops after it. It replaces the index on
// (status, deadline), which the planner preferred and then sorted every open task by; status alone keeps one.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class OpenTasksByDeadline1797000000002 implements MigrationInterface {
  name = 'OpenTasksByDeadline1797000000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_task_status_deadline"`);
    await queryRunner.query(`CREATE INDEX "IDX_task_status" ON "task" ("status")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_task_open_deadline" ON "task" ("deadline", "code", "id") WHERE "status" IN ('assigned', 'in_progress', 'blocked')`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_task_open_deadline"`);
    await queryRunner.query(`DROP INDEX "IDX_task_status"`);
    await queryRunner.query(`CREATE INDEX "IDX_task_status_deadline" ON "task" ("status", "deadline")`);
  }
}
