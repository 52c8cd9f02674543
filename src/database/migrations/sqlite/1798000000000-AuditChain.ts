// The audit log becomes a hash chain: each row, once sealed, carries its place and an HMAC linking it to the one
// before; the chain's head is kept in audit_chain. Triggers make sealed rows unchangeable and forbid deleting any
// row but those the retention purge has released (up to audit_chain.purgedThroughSeq).
import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditChain1798000000000 implements MigrationInterface {
  name = 'AuditChain1798000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD COLUMN "chainSeq" integer`);
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD COLUMN "chainHash" varchar(64)`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_entry_chain_seq" ON "audit_entry" ("chainSeq")`);
    await queryRunner.query(
      `CREATE TABLE "audit_chain" ("id" integer PRIMARY KEY NOT NULL, "headSeq" integer NOT NULL DEFAULT (0), ` +
        `"headHash" varchar(64) NOT NULL DEFAULT (''), "purgedThroughSeq" integer NOT NULL DEFAULT (0), ` +
        `"purgedHash" varchar(64) NOT NULL DEFAULT (''), "sealedAt" datetime)`,
    );
    await queryRunner.query(`INSERT INTO "audit_chain" ("id") VALUES (1)`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_entry_content_fixed" BEFORE UPDATE OF "at", "actorId", "actorEmail", "entityType", ` +
        `"entityId", "action", "field", "oldValue", "newValue" ON "audit_entry" ` +
        `BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_entry_sealed_fixed" BEFORE UPDATE OF "id", "chainSeq", "chainHash" ON "audit_entry" ` +
        `WHEN OLD."chainHash" IS NOT NULL BEGIN SELECT RAISE(ABORT, 'sealed audit entries are append-only'); END`,
    );
    await queryRunner.query(
      `CREATE TRIGGER "audit_entry_kept" BEFORE DELETE ON "audit_entry" ` +
        `WHEN OLD."chainSeq" IS NULL OR OLD."chainSeq" > (SELECT "purgedThroughSeq" FROM "audit_chain" WHERE "id" = 1) ` +
        `BEGIN SELECT RAISE(ABORT, 'audit entries are kept until the retention purge'); END`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_entry_kept"`);
    await queryRunner.query(`DROP TRIGGER "audit_entry_sealed_fixed"`);
    await queryRunner.query(`DROP TRIGGER "audit_entry_content_fixed"`);
    await queryRunner.query(`DROP TABLE "audit_chain"`);
    await queryRunner.query(`DROP INDEX "UQ_audit_entry_chain_seq"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "chainHash"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "chainSeq"`);
  }
}
