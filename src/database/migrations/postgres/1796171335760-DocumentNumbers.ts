import { MigrationInterface, QueryRunner } from 'typeorm';

export class DocumentNumbers1796171335760 implements MigrationInterface {
  name = 'DocumentNumbers1796171335760';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "document_number" ("id" SERIAL NOT NULL, "kind" character varying(20) NOT NULL, "year" integer NOT NULL, "number" integer NOT NULL, "subject" character varying(100) NOT NULL, "issuedOn" date NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_2232d1ccfd9c5e5e188003a737e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_2a87ad0d895b6dd71ab77a67d5" ON "document_number" ("kind", "subject") `,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_d23fa0ec0423d933b384b63896" ON "document_number" ("kind", "year", "number") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_d23fa0ec0423d933b384b63896"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2a87ad0d895b6dd71ab77a67d5"`);
    await queryRunner.query(`DROP TABLE "document_number"`);
  }
}
