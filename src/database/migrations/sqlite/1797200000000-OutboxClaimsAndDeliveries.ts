// The outbox's claim token (an outcome is recorded only under the claim that holds the message) and the state of
// each address of a message (sent, waiting, given up on). Messages written before have no per-address state yet:
// every address stands where its message does.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class OutboxClaimsAndDeliveries1797200000000 implements MigrationInterface {
  name = 'OutboxClaimsAndDeliveries1797200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "claimToken" varchar(36)`);
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "deliveries" text NOT NULL DEFAULT ('[]')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "deliveries"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "claimToken"`);
  }
}
