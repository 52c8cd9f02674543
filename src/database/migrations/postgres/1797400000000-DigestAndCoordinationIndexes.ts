// The changes a digest lists are the task audit rows after each recipient's cutoff: an index on (entityType, at)
// reads that range instead of every task audit row. The coordination requests a bulletin counts are the reports
// flagged for coordination filed by a day: an index on (needsCoordination, filedOn) reads those instead of every
// report.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class DigestAndCoordinationIndexes1797400000000 implements MigrationInterface {
  name = 'DigestAndCoordinationIndexes1797400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_type_at" ON "audit_entry" ("entityType", "at")`);
    await queryRunner.query(
      `CREATE INDEX "IDX_progress_report_coordination" ON "progress_report" ("needsCoordination", "filedOn")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_progress_report_coordination"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_entry_type_at"`);
  }
}
