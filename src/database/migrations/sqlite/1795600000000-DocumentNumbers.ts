import { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentNumbers1795600000000 implements MigrationInterface {
  name = 'DocumentNumbers1795600000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_number" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(20) NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "subject" varchar(100) NOT NULL, "issuedOn" date NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_d23fa0ec0423d933b384b63896" ON "document_number" ("kind", "year", "number") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_2a87ad0d895b6dd71ab77a67d5" ON "document_number" ("kind", "subject") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_2a87ad0d895b6dd71ab77a67d5"`);
    await queryRunner.query(`DROP INDEX "IDX_d23fa0ec0423d933b384b63896"`);
    await queryRunner.query(`DROP TABLE "document_number"`);
  }
}
