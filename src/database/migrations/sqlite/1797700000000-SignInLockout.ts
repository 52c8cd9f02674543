// Wrong passwords are counted per account; past the threshold within the window the account is locked for a time
// (or until an administrator unlocks it).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class SignInLockout1797700000000 implements MigrationInterface {
  name = 'SignInLockout1797700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "failedLogins" integer NOT NULL DEFAULT 0`);
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "firstFailedLoginAt" datetime`);
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "lockedUntil" datetime`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "lockedUntil"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "firstFailedLoginAt"`);
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "failedLogins"`);
  }
}
