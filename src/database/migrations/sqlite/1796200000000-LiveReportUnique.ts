// One live progress report per task, unit and period, held by the database: a partial unique index that leaves
// returned reports out, so a report sent back can be filed again.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveReportUnique1796200000000 implements MigrationInterface {
  name = 'LiveReportUnique1796200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_progress_report_live" ON "progress_report" ("taskId", "unitId", "period") WHERE "status" <> 'returned'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_progress_report_live"`);
  }
}
