// A generated agenda item writes its details in English too (the figures, tasks and decisions it lists), so the
// English notice and minutes print them in English.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AgendaDetailEn1797500000000 implements MigrationInterface {
  name = 'AgendaDetailEn1797500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agenda_item" ADD COLUMN "detailEn" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "agenda_item" DROP COLUMN "detailEn"`);
  }
}
