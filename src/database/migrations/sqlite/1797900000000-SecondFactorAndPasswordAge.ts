// A second factor (TOTP with recovery codes) per account, and the password's age and history: when it was last set
// (accounts that exist count from this migration) and the hashes of the ones before.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class SecondFactorAndPasswordAge1797900000000 implements MigrationInterface {
  name = 'SecondFactorAndPasswordAge1797900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "passwordChangedAt" datetime`);
    await queryRunner.query(`UPDATE "user" SET "passwordChangedAt" = strftime('%Y-%m-%d %H:%M:%f', 'now')`);
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "previousPasswordHashes" text`);
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "totpSecret" varchar(64)`);
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "totpEnabledAt" datetime`);
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "totpLastStep" integer`);
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "totpRecoveryCodes" text`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "totpRecoveryCodes"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "totpLastStep"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "totpEnabledAt"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "totpSecret"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "previousPasswordHashes"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "passwordChangedAt"`);
  }
}
