import { MigrationInterface, QueryRunner } from 'typeorm';

export class Mechanisms1795518682912 implements MigrationInterface {
  name = 'Mechanisms1795518682912';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "outbox_message" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "idempotencyKey" varchar(300) NOT NULL, "kind" varchar(40) NOT NULL, "jobRunId" integer, "recipientKey" varchar(60) NOT NULL, "to" text NOT NULL, "cc" text NOT NULL, "subject" varchar(500) NOT NULL, "html" text NOT NULL, "text" text NOT NULL, "attachments" text NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime NOT NULL, "lockedUntil" datetime, "lastError" text, "messageId" varchar(300), "sentAt" datetime, "queuedAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_0327d25761450d8a26b0eb1c061" UNIQUE ("idempotencyKey"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d7c35bf2de042a8536ff4c7f6d" ON "outbox_message" ("kind") `);
    await queryRunner.query(`CREATE INDEX "IDX_8e1e1f1fd3d5e8af7cb0e015b2" ON "outbox_message" ("recipientKey") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "job_run" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "job" varchar(60) NOT NULL, "slot" varchar(60) NOT NULL, "status" varchar(10) NOT NULL, "trigger" varchar(10) NOT NULL, "startedAt" datetime NOT NULL, "finishedAt" datetime, "messages" integer NOT NULL DEFAULT (0), "note" text)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d093d19d2d492208262cc4fe01" ON "job_run" ("job", "slot") `);
    await queryRunner.query(
      `CREATE TABLE "dispatch_round" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "period" varchar(10) NOT NULL, "title" varchar(300) NOT NULL, "dueDate" date NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('open'), "openedById" integer, "openedAt" datetime NOT NULL, "closedAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_58ea734e67e7443cf83675333a" ON "dispatch_round" ("planId", "period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "bulletin" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "number" integer NOT NULL, "period" varchar(10) NOT NULL, "periodStart" date NOT NULL, "periodEnd" date NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('draft'), "snapshot" text NOT NULL, "generatedAt" datetime NOT NULL, "generatedById" integer, "sentAt" datetime, "sentById" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1ff8a935389dad908e65e2bc21" ON "bulletin" ("planId", "number") `);
    await queryRunner.query(
      `CREATE TABLE "dispatch_round_unit" ("roundId" integer NOT NULL, "unitId" integer NOT NULL, PRIMARY KEY ("roundId", "unitId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_14ad3d107eb76de2be940407b5" ON "dispatch_round_unit" ("roundId") `);
    await queryRunner.query(`CREATE INDEX "IDX_8677b0804af8f80feb4befc3e9" ON "dispatch_round_unit" ("unitId") `);
    await queryRunner.query(
      `CREATE TABLE "dispatch_round_task" ("roundId" integer NOT NULL, "taskId" integer NOT NULL, PRIMARY KEY ("roundId", "taskId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5c5f954f935b1c7d8364721bec" ON "dispatch_round_task" ("roundId") `);
    await queryRunner.query(`CREATE INDEX "IDX_80880ccaf634ab5bf1f25f2a43" ON "dispatch_round_task" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "temporary_unit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(40) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200), "kind" varchar(20) NOT NULL DEFAULT ('other'), "mailbox" varchar(254), "supervisingLeaderName" varchar(100), "supervisingLeaderEmail" varchar(254), "locale" varchar(10) NOT NULL DEFAULT ('zh-CN'), "active" boolean NOT NULL DEFAULT (1), "source" varchar(20) NOT NULL DEFAULT ('user'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "digestCron" varchar(100), "digestEnabled" boolean NOT NULL DEFAULT (1), CONSTRAINT "UQ_dfb75cdb2a790fb84327e1d1b15" UNIQUE ("code"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_unit"("id", "code", "name", "nameEn", "kind", "mailbox", "supervisingLeaderName", "supervisingLeaderEmail", "locale", "active", "source", "createdAt", "updatedAt") SELECT "id", "code", "name", "nameEn", "kind", "mailbox", "supervisingLeaderName", "supervisingLeaderEmail", "locale", "active", "source", "createdAt", "updatedAt" FROM "unit"`,
    );
    await queryRunner.query(`DROP TABLE "unit"`);
    await queryRunner.query(`ALTER TABLE "temporary_unit" RENAME TO "unit"`);
    await queryRunner.query(`DROP INDEX "IDX_fda4d021cc17e565aee874c180"`);
    await queryRunner.query(`DROP INDEX "IDX_b9462f52e9e81d005a9066b2e9"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_progress_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, "period" varchar(10) NOT NULL, "text" text NOT NULL, "percent" integer NOT NULL, "progressBefore" integer, "problems" text NOT NULL DEFAULT (''), "nextSteps" text NOT NULL DEFAULT (''), "needsCoordination" boolean NOT NULL DEFAULT (0), "status" varchar(20) NOT NULL DEFAULT ('submitted'), "reviewReason" text, "reviewedById" integer, "reviewedAt" datetime, "resubmissionOfId" integer, "filedById" integer, "filedAt" datetime NOT NULL, "filedOn" date NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'), "dispatchRoundId" integer, CONSTRAINT "FK_c04e66e6e4a88d1dc63d93da9f2" FOREIGN KEY ("filedById") REFERENCES "user" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "FK_b9462f52e9e81d005a9066b2e9e" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "FK_47c6b8d917105d72febcddb3340" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_progress_report"("id", "taskId", "unitId", "period", "text", "percent", "progressBefore", "problems", "nextSteps", "needsCoordination", "status", "reviewReason", "reviewedById", "reviewedAt", "resubmissionOfId", "filedById", "filedAt", "filedOn", "source") SELECT "id", "taskId", "unitId", "period", "text", "percent", "progressBefore", "problems", "nextSteps", "needsCoordination", "status", "reviewReason", "reviewedById", "reviewedAt", "resubmissionOfId", "filedById", "filedAt", "filedOn", "source" FROM "progress_report"`,
    );
    await queryRunner.query(`DROP TABLE "progress_report"`);
    await queryRunner.query(`ALTER TABLE "temporary_progress_report" RENAME TO "progress_report"`);
    await queryRunner.query(`CREATE INDEX "IDX_fda4d021cc17e565aee874c180" ON "progress_report" ("taskId", "period") `);
    await queryRunner.query(`CREATE INDEX "IDX_b9462f52e9e81d005a9066b2e9" ON "progress_report" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_1a483f5e4408b70a84369c5130" ON "progress_report" ("dispatchRoundId") `);
    await queryRunner.query(`DROP INDEX "IDX_14ad3d107eb76de2be940407b5"`);
    await queryRunner.query(`DROP INDEX "IDX_8677b0804af8f80feb4befc3e9"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_dispatch_round_unit" ("roundId" integer NOT NULL, "unitId" integer NOT NULL, CONSTRAINT "FK_14ad3d107eb76de2be940407b57" FOREIGN KEY ("roundId") REFERENCES "dispatch_round" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_8677b0804af8f80feb4befc3e9e" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("roundId", "unitId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_dispatch_round_unit"("roundId", "unitId") SELECT "roundId", "unitId" FROM "dispatch_round_unit"`,
    );
    await queryRunner.query(`DROP TABLE "dispatch_round_unit"`);
    await queryRunner.query(`ALTER TABLE "temporary_dispatch_round_unit" RENAME TO "dispatch_round_unit"`);
    await queryRunner.query(`CREATE INDEX "IDX_14ad3d107eb76de2be940407b5" ON "dispatch_round_unit" ("roundId") `);
    await queryRunner.query(`CREATE INDEX "IDX_8677b0804af8f80feb4befc3e9" ON "dispatch_round_unit" ("unitId") `);
    await queryRunner.query(`DROP INDEX "IDX_5c5f954f935b1c7d8364721bec"`);
    await queryRunner.query(`DROP INDEX "IDX_80880ccaf634ab5bf1f25f2a43"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_dispatch_round_task" ("roundId" integer NOT NULL, "taskId" integer NOT NULL, CONSTRAINT "FK_5c5f954f935b1c7d8364721bec4" FOREIGN KEY ("roundId") REFERENCES "dispatch_round" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_80880ccaf634ab5bf1f25f2a434" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("roundId", "taskId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_dispatch_round_task"("roundId", "taskId") SELECT "roundId", "taskId" FROM "dispatch_round_task"`,
    );
    await queryRunner.query(`DROP TABLE "dispatch_round_task"`);
    await queryRunner.query(`ALTER TABLE "temporary_dispatch_round_task" RENAME TO "dispatch_round_task"`);
    await queryRunner.query(`CREATE INDEX "IDX_5c5f954f935b1c7d8364721bec" ON "dispatch_round_task" ("roundId") `);
    await queryRunner.query(`CREATE INDEX "IDX_80880ccaf634ab5bf1f25f2a43" ON "dispatch_round_task" ("taskId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_80880ccaf634ab5bf1f25f2a43"`);
    await queryRunner.query(`DROP INDEX "IDX_5c5f954f935b1c7d8364721bec"`);
    await queryRunner.query(`ALTER TABLE "dispatch_round_task" RENAME TO "temporary_dispatch_round_task"`);
    await queryRunner.query(
      `CREATE TABLE "dispatch_round_task" ("roundId" integer NOT NULL, "taskId" integer NOT NULL, PRIMARY KEY ("roundId", "taskId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "dispatch_round_task"("roundId", "taskId") SELECT "roundId", "taskId" FROM "temporary_dispatch_round_task"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_dispatch_round_task"`);
    await queryRunner.query(`CREATE INDEX "IDX_80880ccaf634ab5bf1f25f2a43" ON "dispatch_round_task" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5c5f954f935b1c7d8364721bec" ON "dispatch_round_task" ("roundId") `);
    await queryRunner.query(`DROP INDEX "IDX_8677b0804af8f80feb4befc3e9"`);
    await queryRunner.query(`DROP INDEX "IDX_14ad3d107eb76de2be940407b5"`);
    await queryRunner.query(`ALTER TABLE "dispatch_round_unit" RENAME TO "temporary_dispatch_round_unit"`);
    await queryRunner.query(
      `CREATE TABLE "dispatch_round_unit" ("roundId" integer NOT NULL, "unitId" integer NOT NULL, PRIMARY KEY ("roundId", "unitId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "dispatch_round_unit"("roundId", "unitId") SELECT "roundId", "unitId" FROM "temporary_dispatch_round_unit"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_dispatch_round_unit"`);
    await queryRunner.query(`CREATE INDEX "IDX_8677b0804af8f80feb4befc3e9" ON "dispatch_round_unit" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_14ad3d107eb76de2be940407b5" ON "dispatch_round_unit" ("roundId") `);
    await queryRunner.query(`DROP INDEX "IDX_1a483f5e4408b70a84369c5130"`);
    await queryRunner.query(`DROP INDEX "IDX_b9462f52e9e81d005a9066b2e9"`);
    await queryRunner.query(`DROP INDEX "IDX_fda4d021cc17e565aee874c180"`);
    await queryRunner.query(`ALTER TABLE "progress_report" RENAME TO "temporary_progress_report"`);
    await queryRunner.query(
      `CREATE TABLE "progress_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, "period" varchar(10) NOT NULL, "text" text NOT NULL, "percent" integer NOT NULL, "progressBefore" integer, "problems" text NOT NULL DEFAULT (''), "nextSteps" text NOT NULL DEFAULT (''), "needsCoordination" boolean NOT NULL DEFAULT (0), "status" varchar(20) NOT NULL DEFAULT ('submitted'), "reviewReason" text, "reviewedById" integer, "reviewedAt" datetime, "resubmissionOfId" integer, "filedById" integer, "filedAt" datetime NOT NULL, "filedOn" date NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'), CONSTRAINT "FK_c04e66e6e4a88d1dc63d93da9f2" FOREIGN KEY ("filedById") REFERENCES "user" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "FK_b9462f52e9e81d005a9066b2e9e" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "FK_47c6b8d917105d72febcddb3340" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "progress_report"("id", "taskId", "unitId", "period", "text", "percent", "progressBefore", "problems", "nextSteps", "needsCoordination", "status", "reviewReason", "reviewedById", "reviewedAt", "resubmissionOfId", "filedById", "filedAt", "filedOn", "source") SELECT "id", "taskId", "unitId", "period", "text", "percent", "progressBefore", "problems", "nextSteps", "needsCoordination", "status", "reviewReason", "reviewedById", "reviewedAt", "resubmissionOfId", "filedById", "filedAt", "filedOn", "source" FROM "temporary_progress_report"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_progress_report"`);
    await queryRunner.query(`CREATE INDEX "IDX_b9462f52e9e81d005a9066b2e9" ON "progress_report" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fda4d021cc17e565aee874c180" ON "progress_report" ("taskId", "period") `);
    await queryRunner.query(`ALTER TABLE "unit" RENAME TO "temporary_unit"`);
    await queryRunner.query(
      `CREATE TABLE "unit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(40) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200), "kind" varchar(20) NOT NULL DEFAULT ('other'), "mailbox" varchar(254), "supervisingLeaderName" varchar(100), "supervisingLeaderEmail" varchar(254), "locale" varchar(10) NOT NULL DEFAULT ('zh-CN'), "active" boolean NOT NULL DEFAULT (1), "source" varchar(20) NOT NULL DEFAULT ('user'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_dfb75cdb2a790fb84327e1d1b15" UNIQUE ("code"))`,
    );
    await queryRunner.query(
      `INSERT INTO "unit"("id", "code", "name", "nameEn", "kind", "mailbox", "supervisingLeaderName", "supervisingLeaderEmail", "locale", "active", "source", "createdAt", "updatedAt") SELECT "id", "code", "name", "nameEn", "kind", "mailbox", "supervisingLeaderName", "supervisingLeaderEmail", "locale", "active", "source", "createdAt", "updatedAt" FROM "temporary_unit"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_80880ccaf634ab5bf1f25f2a43"`);
    await queryRunner.query(`DROP INDEX "IDX_5c5f954f935b1c7d8364721bec"`);
    await queryRunner.query(`DROP TABLE "dispatch_round_task"`);
    await queryRunner.query(`DROP INDEX "IDX_8677b0804af8f80feb4befc3e9"`);
    await queryRunner.query(`DROP INDEX "IDX_14ad3d107eb76de2be940407b5"`);
    await queryRunner.query(`DROP TABLE "dispatch_round_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_1ff8a935389dad908e65e2bc21"`);
    await queryRunner.query(`DROP TABLE "bulletin"`);
    await queryRunner.query(`DROP INDEX "IDX_58ea734e67e7443cf83675333a"`);
    await queryRunner.query(`DROP TABLE "dispatch_round"`);
    await queryRunner.query(`DROP INDEX "IDX_d093d19d2d492208262cc4fe01"`);
    await queryRunner.query(`DROP TABLE "job_run"`);
    await queryRunner.query(`DROP INDEX "IDX_77c1875845c0e4b7159770b023"`);
    await queryRunner.query(`DROP INDEX "IDX_8e1e1f1fd3d5e8af7cb0e015b2"`);
    await queryRunner.query(`DROP INDEX "IDX_d7c35bf2de042a8536ff4c7f6d"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
  }
}
