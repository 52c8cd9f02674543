// Attachments (附件): the stored contents, once per SHA-256 (attachment_blob), and the uploads naming their owner,
// task and meeting (attachment), soft-deleted with who and why.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1798100000000 implements MigrationInterface {
  name = 'Attachments1798100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachment_blob" ("sha256" varchar(64) PRIMARY KEY NOT NULL, "size" integer NOT NULL, ` +
        `"content" blob NOT NULL, "createdAt" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE TABLE "attachment" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, ` +
        `"blobSha256" varchar(64) NOT NULL REFERENCES "attachment_blob" ("sha256"), ` +
        `"ownerType" varchar(40) NOT NULL, "ownerId" integer NOT NULL, "taskId" integer, "meetingId" integer, ` +
        `"filename" varchar(200) NOT NULL, "contentType" varchar(120) NOT NULL, "size" integer NOT NULL, ` +
        `"uploadedById" integer, "unitId" integer, "createdAt" datetime NOT NULL, "deletedAt" datetime, ` +
        `"deletedById" integer, "deleteReason" varchar(200))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_attachment_owner" ON "attachment" ("ownerType", "ownerId")`);
    await queryRunner.query(`CREATE INDEX "IDX_attachment_blob" ON "attachment" ("blobSha256")`);
    await queryRunner.query(`CREATE INDEX "IDX_attachment_task" ON "attachment" ("taskId")`);
    await queryRunner.query(`CREATE INDEX "IDX_attachment_meeting" ON "attachment" ("meetingId")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "attachment"`);
    await queryRunner.query(`DROP TABLE "attachment_blob"`);
  }
}
