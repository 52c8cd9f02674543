// Channels beside email: each copy of a message for WeCom, DingTalk, a webhook or SMS is its own outbox row
// (`channel`), held until `notBefore` in quiet hours; the units' channels with their encrypted addresses and
// secrets (unit_channel), and what each user wants by kind and channel (user_channel_preference).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Channels1798400000000 implements MigrationInterface {
  name = 'Channels1798400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "outbox_message" ADD "channel" character varying(10) NOT NULL DEFAULT 'email'`,
    );
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "notBefore" TIMESTAMP`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_message_channel" ON "outbox_message" ("channel")`);
    await queryRunner.query(
      `CREATE TABLE "unit_channel" ("id" SERIAL NOT NULL, "unitId" integer NOT NULL, ` +
        `"channel" character varying(10) NOT NULL, "label" character varying(100) NOT NULL, "address" text NOT NULL, ` +
        `"secret" text, "mobiles" text NOT NULL DEFAULT '[]', "enabled" boolean NOT NULL DEFAULT true, ` +
        `"createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_unit_channel" PRIMARY KEY ("id"), ` +
        `CONSTRAINT "FK_unit_channel_unit" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE CASCADE)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_unit_channel_unit" ON "unit_channel" ("unitId")`);
    await queryRunner.query(
      `CREATE TABLE "user_channel_preference" ("userId" integer NOT NULL, "kind" character varying(40) NOT NULL, ` +
        `"channel" character varying(10) NOT NULL, "enabled" boolean NOT NULL, ` +
        `CONSTRAINT "PK_user_channel_preference" PRIMARY KEY ("userId", "kind", "channel"), ` +
        `CONSTRAINT "FK_user_channel_preference_user" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "user_channel_preference"`);
    await queryRunner.query(`DROP INDEX "IDX_unit_channel_unit"`);
    await queryRunner.query(`DROP TABLE "unit_channel"`);
    await queryRunner.query(`DROP INDEX "IDX_outbox_message_channel"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "notBefore"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "channel"`);
  }
}
