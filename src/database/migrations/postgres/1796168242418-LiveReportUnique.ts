import { MigrationInterface, QueryRunner } from 'typeorm';

export class LiveReportUnique1796168242418 implements MigrationInterface {
  name = 'LiveReportUnique1796168242418';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_progress_report_live" ON "progress_report" ("taskId", "unitId", "period") WHERE "status" <> 'returned'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_progress_report_live"`);
  }
}
