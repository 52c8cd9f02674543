// The audit log becomes a hash chain: each row, once sealed, carries its place and an HMAC linking it to the one
// before; the chain's head is kept in audit_chain. A trigger makes sealed rows unchangeable, the content of every
// row fixed, and forbids deleting any row but those the retention purge has released (up to purgedThroughSeq).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditChain1798000000000 implements MigrationInterface {
  name = 'AuditChain1798000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD COLUMN "chainSeq" integer`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD COLUMN "chainHash" character varying(64)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_entry_chain_seq" ON "audit_entry" ("chainSeq")`);
    await queryRunner.query(
      `CREATE TABLE "audit_chain" ("id" integer NOT NULL, "headSeq" integer NOT NULL DEFAULT 0, ` +
        `"headHash" character varying(64) NOT NULL DEFAULT '', "purgedThroughSeq" integer NOT NULL DEFAULT 0, ` +
        `"purgedHash" character varying(64) NOT NULL DEFAULT '', "sealedAt" TIMESTAMP, ` +
        `CONSTRAINT "PK_audit_chain" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "audit_chain" ("id") VALUES (1)`);
    await queryRunner.query(
      `CREATE FUNCTION "audit_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF TG_OP = 'DELETE' THEN
           IF OLD."chainSeq" IS NULL OR OLD."chainSeq" > (SELECT "purgedThroughSeq" FROM "audit_chain" WHERE "id" = 1) THEN
             RAISE EXCEPTION 'audit entries are kept until the retention purge';
           END IF;
           RETURN OLD;
         END IF;
         IF OLD."chainHash" IS NOT NULL OR NEW."id" <> OLD."id"
           OR (NEW."at", NEW."actorId", NEW."actorEmail", NEW."entityType", NEW."entityId", NEW."action",
               NEW."field", NEW."oldValue", NEW."newValue")
              IS DISTINCT FROM
              (OLD."at", OLD."actorId", OLD."actorEmail", OLD."entityType", OLD."entityId", OLD."action",
               OLD."field", OLD."oldValue", OLD."newValue") THEN
           RAISE EXCEPTION 'audit entries are append-only';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE ON "audit_entry" ` +
        `FOR EACH ROW EXECUTE FUNCTION "audit_entry_append_only"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_entry_append_only" ON "audit_entry"`);
    await queryRunner.query(`DROP FUNCTION "audit_entry_append_only"()`);
    await queryRunner.query(`DROP TABLE "audit_chain"`);
    await queryRunner.query(`DROP INDEX "UQ_audit_entry_chain_seq"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "chainHash"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "chainSeq"`);
  }
}
