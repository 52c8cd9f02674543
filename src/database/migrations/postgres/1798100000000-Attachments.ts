// Attachments (附件): the stored contents, once per SHA-256 (attachment_blob), and the uploads naming their owner,
// task and meeting (attachment), soft-deleted with who and why.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Attachments1798100000000 implements MigrationInterface {
  name = 'Attachments1798100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "attachment_blob" ("sha256" character varying(64) NOT NULL, "size" integer NOT NULL, ` +
        `"content" bytea NOT NULL, "createdAt" TIMESTAMP NOT NULL, CONSTRAINT "PK_attachment_blob" PRIMARY KEY ("sha256"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "attachment" ("id" SERIAL NOT NULL, "blobSha256" character varying(64) NOT NULL, ` +
        `"ownerType" character varying(40) NOT NULL, "ownerId" integer NOT NULL, "taskId" integer, ` +
        `"meetingId" integer, "filename" character varying(200) NOT NULL, ` +
        `"contentType" character varying(120) NOT NULL, "size" integer NOT NULL, "uploadedById" integer, ` +
        `"unitId" integer, "createdAt" TIMESTAMP NOT NULL, "deletedAt" TIMESTAMP, "deletedById" integer, ` +
        `"deleteReason" character varying(200), CONSTRAINT "PK_attachment" PRIMARY KEY ("id"), ` +
        `CONSTRAINT "FK_attachment_blob" FOREIGN KEY ("blobSha256") REFERENCES "attachment_blob" ("sha256"))`,
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
