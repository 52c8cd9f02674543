// A token carries the account's token version: raising it (a password change or reset, deactivation, a new role,
// signing out) ends every token signed before.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class UserTokenVersion1797600000000 implements MigrationInterface {
  name = 'UserTokenVersion1797600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" ADD COLUMN "tokenVersion" integer NOT NULL DEFAULT 0`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "user" DROP COLUMN "tokenVersion"`);
  }
}
