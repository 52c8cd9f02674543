// Supervision notices (督办单) as records, with the lead unit's replies.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Supervision1798300000000 implements MigrationInterface {
  name = 'Supervision1798300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "supervision_notice" ("id" SERIAL NOT NULL, "taskId" integer NOT NULL, ` +
        `"unitId" integer NOT NULL, "grade" character varying(10) NOT NULL, "number" character varying(100) NOT NULL, ` +
        `"issuedOn" date NOT NULL, "replyDueOn" date NOT NULL, "issuedById" integer, "note" character varying(1000), ` +
        `"snapshot" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'open', "repliedAt" TIMESTAMP, ` +
        `"createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_supervision_notice" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_supervision_notice_task" ON "supervision_notice" ("taskId", "grade", "status")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_supervision_notice_unit" ON "supervision_notice" ("unitId", "status")`);
    // one unanswered notice per task and grade, also when two issuers race
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_supervision_notice_open" ON "supervision_notice" ("taskId", "grade") ` +
        `WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE TABLE "supervision_reply" ("id" SERIAL NOT NULL, "noticeId" integer NOT NULL, ` +
        `"text" text NOT NULL, "byId" integer NOT NULL, "unitId" integer NOT NULL, ` +
        `"late" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), ` +
        `CONSTRAINT "PK_supervision_reply" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_supervision_reply_notice" ON "supervision_reply" ("noticeId")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_supervision_reply_notice"`);
    await queryRunner.query(`DROP TABLE "supervision_reply"`);
    await queryRunner.query(`DROP INDEX "UQ_supervision_notice_open"`);
    await queryRunner.query(`DROP INDEX "IDX_supervision_notice_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_supervision_notice_task"`);
    await queryRunner.query(`DROP TABLE "supervision_notice"`);
  }
}
