// Comments (留言) on tasks and their reports, and the units they mention.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Comments1798200000001 implements MigrationInterface {
  name = 'Comments1798200000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "comment" ("id" SERIAL NOT NULL, "taskId" integer NOT NULL, "reportId" integer, ` +
        `"body" text NOT NULL, "authorId" integer, "createdAt" TIMESTAMP NOT NULL, "editedAt" TIMESTAMP, ` +
        `"deletedAt" TIMESTAMP, "deletedById" integer, "deleteReason" character varying(500), ` +
        `CONSTRAINT "PK_comment" PRIMARY KEY ("id"), ` +
        `CONSTRAINT "FK_comment_task" FOREIGN KEY ("taskId") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_comment_task" ON "comment" ("taskId")`);
    await queryRunner.query(`CREATE INDEX "IDX_comment_created" ON "comment" ("createdAt")`);
    await queryRunner.query(
      `CREATE TABLE "comment_mention" ("commentId" integer NOT NULL, "unitId" integer NOT NULL, ` +
        `CONSTRAINT "PK_comment_mention" PRIMARY KEY ("commentId", "unitId"), ` +
        `CONSTRAINT "FK_comment_mention_comment" FOREIGN KEY ("commentId") REFERENCES "comment"("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_comment_mention_unit" ON "comment_mention" ("unitId", "commentId")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "comment_mention"`);
    await queryRunner.query(`DROP TABLE "comment"`);
  }
}
