import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795518042656 implements MigrationInterface {
  name = 'Initial1795518042656';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "at" datetime NOT NULL, "actorId" integer, "actorEmail" varchar(254), "entityType" varchar(40) NOT NULL, "entityId" integer NOT NULL, "action" varchar(60) NOT NULL, "field" varchar(60), "oldValue" text, "newValue" text)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9d18bd4a32fc0cd8ff82b12037" ON "audit_entry" ("at") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_4ab466a7d06ff8d7c903d90248" ON "audit_entry" ("entityType", "entityId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "workItemId" integer, "code" varchar(40) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200), "measure" varchar(40) NOT NULL, "measureEn" varchar(40), "baseline" double precision NOT NULL DEFAULT (0), "baselineDate" date NOT NULL, "target" double precision NOT NULL, "targetDate" date NOT NULL, "direction" varchar(10) NOT NULL DEFAULT ('increase'), "headline" boolean NOT NULL DEFAULT (0), "source" varchar(20) NOT NULL DEFAULT ('user'), "sourceQuote" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e3fa2e9995bca32df69c1bd84f" ON "indicator" ("planId", "code") `);
    await queryRunner.query(
      `CREATE TABLE "indicator_value" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "indicatorId" integer NOT NULL, "value" double precision NOT NULL, "observedOn" date NOT NULL, "source" varchar(20) NOT NULL, "reportId" integer, "enteredById" integer, "note" text NOT NULL DEFAULT (''), "voided" boolean NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f6d57fd1f6b3a3bf41ba483a4a" ON "indicator_value" ("reportId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_9179019ef6a7f577d4a83c0471" ON "indicator_value" ("indicatorId", "observedOn") `,
    );
    await queryRunner.query(
      `CREATE TABLE "work_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "code" varchar(40) NOT NULL, "seq" integer NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "source" varchar(20) NOT NULL DEFAULT ('user'))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ef4612eb080cb3e026079cc12f" ON "work_item" ("planId", "code") `);
    await queryRunner.query(
      `CREATE TABLE "plan" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "startDate" date, "endDate" date, "source" varchar(20) NOT NULL DEFAULT ('user'), "sourceRef" varchar(500), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_e405cbb23fb08931a48ad8c2bdb" UNIQUE ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "unit" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "code" varchar(40) NOT NULL, "name" varchar(200) NOT NULL, "nameEn" varchar(200), "kind" varchar(20) NOT NULL DEFAULT ('other'), "mailbox" varchar(254), "supervisingLeaderName" varchar(100), "supervisingLeaderEmail" varchar(254), "locale" varchar(10) NOT NULL DEFAULT ('zh-CN'), "active" boolean NOT NULL DEFAULT (1), "source" varchar(20) NOT NULL DEFAULT ('user'), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_dfb75cdb2a790fb84327e1d1b15" UNIQUE ("code"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar(254) NOT NULL, "displayName" varchar(100) NOT NULL, "role" varchar(20) NOT NULL, "unitId" integer, "passwordHash" varchar(200) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "locale" varchar(10) NOT NULL DEFAULT ('zh-CN'), "wantsDigest" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_e12875dfb3b1d92d7d7c5377e22" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "task" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "workItemId" integer NOT NULL, "parentId" integer, "code" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "leadUnitId" integer NOT NULL, "ownerId" integer, "ownerName" varchar(100), "startDate" date, "deadline" date NOT NULL, "originalDeadline" date NOT NULL, "deadlineWorkingDays" integer, "recurrence" text, "priority" varchar(10) NOT NULL DEFAULT ('normal'), "status" varchar(20) NOT NULL DEFAULT ('draft'), "progress" integer NOT NULL DEFAULT (0), "tags" text NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'), "sourceQuote" text, "closedAt" datetime, "closedOn" date, "createdById" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8c9920b5fb32c3d8453f64b705" ON "task" ("parentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc430df391785e5dfa7682f072" ON "task" ("leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d6ce64ab404f3d213339b1d38c" ON "task" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fe7a278e6f08d2be55740a939" ON "task" ("status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_295e6da98e11d757025a9ec65c" ON "task" ("planId", "code") `);
    await queryRunner.query(
      `CREATE TABLE "progress_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, "period" varchar(10) NOT NULL, "text" text NOT NULL, "percent" integer NOT NULL, "progressBefore" integer, "problems" text NOT NULL DEFAULT (''), "nextSteps" text NOT NULL DEFAULT (''), "needsCoordination" boolean NOT NULL DEFAULT (0), "status" varchar(20) NOT NULL DEFAULT ('submitted'), "reviewReason" text, "reviewedById" integer, "reviewedAt" datetime, "resubmissionOfId" integer, "filedById" integer, "filedAt" datetime NOT NULL, "filedOn" date NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b9462f52e9e81d005a9066b2e9" ON "progress_report" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fda4d021cc17e565aee874c180" ON "progress_report" ("taskId", "period") `);
    await queryRunner.query(
      `CREATE TABLE "closing_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "requestedById" integer NOT NULL, "note" text NOT NULL DEFAULT (''), "statusBefore" varchar(20) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('pending'), "decidedById" integer, "decidedAt" datetime, "reason" text, "requestedAt" datetime NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_89f0003036034df4c96288031e" ON "closing_request" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "extension_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "requestedById" integer NOT NULL, "previousDeadline" date NOT NULL, "requestedDeadline" date NOT NULL, "reason" text NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('pending'), "decidedById" integer, "decidedAt" datetime, "decisionNote" text, "requestedAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_87d2931ba471abc63ce531380e" ON "extension_request" ("taskId") `);
    await queryRunner.query(`CREATE TABLE "setting" ("key" varchar(100) PRIMARY KEY NOT NULL, "value" text NOT NULL)`);
    await queryRunner.query(
      `CREATE TABLE "task_supporting_unit" ("taskId" integer NOT NULL, "unitId" integer NOT NULL, PRIMARY KEY ("taskId", "unitId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2a1185acb8ff90f874c49a0375" ON "task_supporting_unit" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5cb5ed82f40096097d25ca9268" ON "task_supporting_unit" ("unitId") `);
    await queryRunner.query(
      `CREATE TABLE "task_indicator" ("taskId" integer NOT NULL, "indicatorId" integer NOT NULL, PRIMARY KEY ("taskId", "indicatorId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dd1902dd2aebaeea9695210e4b" ON "task_indicator" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_3f23bca265ca53146ac6b47417" ON "task_indicator" ("indicatorId") `);
    await queryRunner.query(`DROP INDEX "IDX_f6d57fd1f6b3a3bf41ba483a4a"`);
    await queryRunner.query(`DROP INDEX "IDX_9179019ef6a7f577d4a83c0471"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_indicator_value" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "indicatorId" integer NOT NULL, "value" double precision NOT NULL, "observedOn" date NOT NULL, "source" varchar(20) NOT NULL, "reportId" integer, "enteredById" integer, "note" text NOT NULL DEFAULT (''), "voided" boolean NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_c9eedeb05df74e74a2175b994bf" FOREIGN KEY ("indicatorId") REFERENCES "indicator" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_indicator_value"("id", "indicatorId", "value", "observedOn", "source", "reportId", "enteredById", "note", "voided", "createdAt") SELECT "id", "indicatorId", "value", "observedOn", "source", "reportId", "enteredById", "note", "voided", "createdAt" FROM "indicator_value"`,
    );
    await queryRunner.query(`DROP TABLE "indicator_value"`);
    await queryRunner.query(`ALTER TABLE "temporary_indicator_value" RENAME TO "indicator_value"`);
    await queryRunner.query(`CREATE INDEX "IDX_f6d57fd1f6b3a3bf41ba483a4a" ON "indicator_value" ("reportId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_9179019ef6a7f577d4a83c0471" ON "indicator_value" ("indicatorId", "observedOn") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_ef4612eb080cb3e026079cc12f"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_work_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "code" varchar(40) NOT NULL, "seq" integer NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "source" varchar(20) NOT NULL DEFAULT ('user'), CONSTRAINT "FK_089e96eb9df59371bd20b0dcffe" FOREIGN KEY ("planId") REFERENCES "plan" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_work_item"("id", "planId", "code", "seq", "title", "titleEn", "description", "source") SELECT "id", "planId", "code", "seq", "title", "titleEn", "description", "source" FROM "work_item"`,
    );
    await queryRunner.query(`DROP TABLE "work_item"`);
    await queryRunner.query(`ALTER TABLE "temporary_work_item" RENAME TO "work_item"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ef4612eb080cb3e026079cc12f" ON "work_item" ("planId", "code") `);
    await queryRunner.query(
      `CREATE TABLE "temporary_user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar(254) NOT NULL, "displayName" varchar(100) NOT NULL, "role" varchar(20) NOT NULL, "unitId" integer, "passwordHash" varchar(200) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "locale" varchar(10) NOT NULL DEFAULT ('zh-CN'), "wantsDigest" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_e12875dfb3b1d92d7d7c5377e22" UNIQUE ("email"), CONSTRAINT "FK_856a1f0347b672d3b8bb4693bd8" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_user"("id", "email", "displayName", "role", "unitId", "passwordHash", "active", "locale", "wantsDigest", "lastLoginAt", "createdAt", "updatedAt") SELECT "id", "email", "displayName", "role", "unitId", "passwordHash", "active", "locale", "wantsDigest", "lastLoginAt", "createdAt", "updatedAt" FROM "user"`,
    );
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`ALTER TABLE "temporary_user" RENAME TO "user"`);
    await queryRunner.query(`DROP INDEX "IDX_8c9920b5fb32c3d8453f64b705"`);
    await queryRunner.query(`DROP INDEX "IDX_bc430df391785e5dfa7682f072"`);
    await queryRunner.query(`DROP INDEX "IDX_d6ce64ab404f3d213339b1d38c"`);
    await queryRunner.query(`DROP INDEX "IDX_2fe7a278e6f08d2be55740a939"`);
    await queryRunner.query(`DROP INDEX "IDX_295e6da98e11d757025a9ec65c"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_task" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "workItemId" integer NOT NULL, "parentId" integer, "code" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "leadUnitId" integer NOT NULL, "ownerId" integer, "ownerName" varchar(100), "startDate" date, "deadline" date NOT NULL, "originalDeadline" date NOT NULL, "deadlineWorkingDays" integer, "recurrence" text, "priority" varchar(10) NOT NULL DEFAULT ('normal'), "status" varchar(20) NOT NULL DEFAULT ('draft'), "progress" integer NOT NULL DEFAULT (0), "tags" text NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'), "sourceQuote" text, "closedAt" datetime, "closedOn" date, "createdById" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_26453b77d168c9c26b5e1e78376" FOREIGN KEY ("workItemId") REFERENCES "work_item" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_8c9920b5fb32c3d8453f64b705c" FOREIGN KEY ("parentId") REFERENCES "task" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_bc430df391785e5dfa7682f072a" FOREIGN KEY ("leadUnitId") REFERENCES "unit" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_a132ba8200c3abdc271d4a701d8" FOREIGN KEY ("ownerId") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_task"("id", "planId", "workItemId", "parentId", "code", "title", "titleEn", "description", "leadUnitId", "ownerId", "ownerName", "startDate", "deadline", "originalDeadline", "deadlineWorkingDays", "recurrence", "priority", "status", "progress", "tags", "source", "sourceQuote", "closedAt", "closedOn", "createdById", "createdAt", "updatedAt") SELECT "id", "planId", "workItemId", "parentId", "code", "title", "titleEn", "description", "leadUnitId", "ownerId", "ownerName", "startDate", "deadline", "originalDeadline", "deadlineWorkingDays", "recurrence", "priority", "status", "progress", "tags", "source", "sourceQuote", "closedAt", "closedOn", "createdById", "createdAt", "updatedAt" FROM "task"`,
    );
    await queryRunner.query(`DROP TABLE "task"`);
    await queryRunner.query(`ALTER TABLE "temporary_task" RENAME TO "task"`);
    await queryRunner.query(`CREATE INDEX "IDX_8c9920b5fb32c3d8453f64b705" ON "task" ("parentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc430df391785e5dfa7682f072" ON "task" ("leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d6ce64ab404f3d213339b1d38c" ON "task" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fe7a278e6f08d2be55740a939" ON "task" ("status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_295e6da98e11d757025a9ec65c" ON "task" ("planId", "code") `);
    await queryRunner.query(`DROP INDEX "IDX_b9462f52e9e81d005a9066b2e9"`);
    await queryRunner.query(`DROP INDEX "IDX_fda4d021cc17e565aee874c180"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_progress_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, "period" varchar(10) NOT NULL, "text" text NOT NULL, "percent" integer NOT NULL, "progressBefore" integer, "problems" text NOT NULL DEFAULT (''), "nextSteps" text NOT NULL DEFAULT (''), "needsCoordination" boolean NOT NULL DEFAULT (0), "status" varchar(20) NOT NULL DEFAULT ('submitted'), "reviewReason" text, "reviewedById" integer, "reviewedAt" datetime, "resubmissionOfId" integer, "filedById" integer, "filedAt" datetime NOT NULL, "filedOn" date NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'), CONSTRAINT "FK_47c6b8d917105d72febcddb3340" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_b9462f52e9e81d005a9066b2e9e" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "FK_c04e66e6e4a88d1dc63d93da9f2" FOREIGN KEY ("filedById") REFERENCES "user" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_progress_report"("id", "taskId", "unitId", "period", "text", "percent", "progressBefore", "problems", "nextSteps", "needsCoordination", "status", "reviewReason", "reviewedById", "reviewedAt", "resubmissionOfId", "filedById", "filedAt", "filedOn", "source") SELECT "id", "taskId", "unitId", "period", "text", "percent", "progressBefore", "problems", "nextSteps", "needsCoordination", "status", "reviewReason", "reviewedById", "reviewedAt", "resubmissionOfId", "filedById", "filedAt", "filedOn", "source" FROM "progress_report"`,
    );
    await queryRunner.query(`DROP TABLE "progress_report"`);
    await queryRunner.query(`ALTER TABLE "temporary_progress_report" RENAME TO "progress_report"`);
    await queryRunner.query(`CREATE INDEX "IDX_b9462f52e9e81d005a9066b2e9" ON "progress_report" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fda4d021cc17e565aee874c180" ON "progress_report" ("taskId", "period") `);
    await queryRunner.query(`DROP INDEX "IDX_89f0003036034df4c96288031e"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_closing_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "requestedById" integer NOT NULL, "note" text NOT NULL DEFAULT (''), "statusBefore" varchar(20) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('pending'), "decidedById" integer, "decidedAt" datetime, "reason" text, "requestedAt" datetime NOT NULL, CONSTRAINT "FK_89f0003036034df4c96288031e0" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_44ff64ccce44b0b6d56ef6aae10" FOREIGN KEY ("requestedById") REFERENCES "user" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_closing_request"("id", "taskId", "requestedById", "note", "statusBefore", "status", "decidedById", "decidedAt", "reason", "requestedAt") SELECT "id", "taskId", "requestedById", "note", "statusBefore", "status", "decidedById", "decidedAt", "reason", "requestedAt" FROM "closing_request"`,
    );
    await queryRunner.query(`DROP TABLE "closing_request"`);
    await queryRunner.query(`ALTER TABLE "temporary_closing_request" RENAME TO "closing_request"`);
    await queryRunner.query(`CREATE INDEX "IDX_89f0003036034df4c96288031e" ON "closing_request" ("taskId") `);
    await queryRunner.query(`DROP INDEX "IDX_87d2931ba471abc63ce531380e"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_extension_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "requestedById" integer NOT NULL, "previousDeadline" date NOT NULL, "requestedDeadline" date NOT NULL, "reason" text NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('pending'), "decidedById" integer, "decidedAt" datetime, "decisionNote" text, "requestedAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_87d2931ba471abc63ce531380ee" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_5be74c99b80a8c61d9418838160" FOREIGN KEY ("requestedById") REFERENCES "user" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION, CONSTRAINT "FK_18a839d2a422aabc5d0423357b4" FOREIGN KEY ("decidedById") REFERENCES "user" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_extension_request"("id", "taskId", "requestedById", "previousDeadline", "requestedDeadline", "reason", "status", "decidedById", "decidedAt", "decisionNote", "requestedAt", "createdAt") SELECT "id", "taskId", "requestedById", "previousDeadline", "requestedDeadline", "reason", "status", "decidedById", "decidedAt", "decisionNote", "requestedAt", "createdAt" FROM "extension_request"`,
    );
    await queryRunner.query(`DROP TABLE "extension_request"`);
    await queryRunner.query(`ALTER TABLE "temporary_extension_request" RENAME TO "extension_request"`);
    await queryRunner.query(`CREATE INDEX "IDX_87d2931ba471abc63ce531380e" ON "extension_request" ("taskId") `);
    await queryRunner.query(`DROP INDEX "IDX_2a1185acb8ff90f874c49a0375"`);
    await queryRunner.query(`DROP INDEX "IDX_5cb5ed82f40096097d25ca9268"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_task_supporting_unit" ("taskId" integer NOT NULL, "unitId" integer NOT NULL, CONSTRAINT "FK_2a1185acb8ff90f874c49a03754" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_5cb5ed82f40096097d25ca92684" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("taskId", "unitId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_task_supporting_unit"("taskId", "unitId") SELECT "taskId", "unitId" FROM "task_supporting_unit"`,
    );
    await queryRunner.query(`DROP TABLE "task_supporting_unit"`);
    await queryRunner.query(`ALTER TABLE "temporary_task_supporting_unit" RENAME TO "task_supporting_unit"`);
    await queryRunner.query(`CREATE INDEX "IDX_2a1185acb8ff90f874c49a0375" ON "task_supporting_unit" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5cb5ed82f40096097d25ca9268" ON "task_supporting_unit" ("unitId") `);
    await queryRunner.query(`DROP INDEX "IDX_dd1902dd2aebaeea9695210e4b"`);
    await queryRunner.query(`DROP INDEX "IDX_3f23bca265ca53146ac6b47417"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_task_indicator" ("taskId" integer NOT NULL, "indicatorId" integer NOT NULL, CONSTRAINT "FK_dd1902dd2aebaeea9695210e4bc" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_3f23bca265ca53146ac6b474175" FOREIGN KEY ("indicatorId") REFERENCES "indicator" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("taskId", "indicatorId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_task_indicator"("taskId", "indicatorId") SELECT "taskId", "indicatorId" FROM "task_indicator"`,
    );
    await queryRunner.query(`DROP TABLE "task_indicator"`);
    await queryRunner.query(`ALTER TABLE "temporary_task_indicator" RENAME TO "task_indicator"`);
    await queryRunner.query(`CREATE INDEX "IDX_dd1902dd2aebaeea9695210e4b" ON "task_indicator" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_3f23bca265ca53146ac6b47417" ON "task_indicator" ("indicatorId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_3f23bca265ca53146ac6b47417"`);
    await queryRunner.query(`DROP INDEX "IDX_dd1902dd2aebaeea9695210e4b"`);
    await queryRunner.query(`ALTER TABLE "task_indicator" RENAME TO "temporary_task_indicator"`);
    await queryRunner.query(
      `CREATE TABLE "task_indicator" ("taskId" integer NOT NULL, "indicatorId" integer NOT NULL, PRIMARY KEY ("taskId", "indicatorId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "task_indicator"("taskId", "indicatorId") SELECT "taskId", "indicatorId" FROM "temporary_task_indicator"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_task_indicator"`);
    await queryRunner.query(`CREATE INDEX "IDX_3f23bca265ca53146ac6b47417" ON "task_indicator" ("indicatorId") `);
    await queryRunner.query(`CREATE INDEX "IDX_dd1902dd2aebaeea9695210e4b" ON "task_indicator" ("taskId") `);
    await queryRunner.query(`DROP INDEX "IDX_5cb5ed82f40096097d25ca9268"`);
    await queryRunner.query(`DROP INDEX "IDX_2a1185acb8ff90f874c49a0375"`);
    await queryRunner.query(`ALTER TABLE "task_supporting_unit" RENAME TO "temporary_task_supporting_unit"`);
    await queryRunner.query(
      `CREATE TABLE "task_supporting_unit" ("taskId" integer NOT NULL, "unitId" integer NOT NULL, PRIMARY KEY ("taskId", "unitId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "task_supporting_unit"("taskId", "unitId") SELECT "taskId", "unitId" FROM "temporary_task_supporting_unit"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_task_supporting_unit"`);
    await queryRunner.query(`CREATE INDEX "IDX_5cb5ed82f40096097d25ca9268" ON "task_supporting_unit" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_2a1185acb8ff90f874c49a0375" ON "task_supporting_unit" ("taskId") `);
    await queryRunner.query(`DROP INDEX "IDX_87d2931ba471abc63ce531380e"`);
    await queryRunner.query(`ALTER TABLE "extension_request" RENAME TO "temporary_extension_request"`);
    await queryRunner.query(
      `CREATE TABLE "extension_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "requestedById" integer NOT NULL, "previousDeadline" date NOT NULL, "requestedDeadline" date NOT NULL, "reason" text NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('pending'), "decidedById" integer, "decidedAt" datetime, "decisionNote" text, "requestedAt" datetime NOT NULL, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "extension_request"("id", "taskId", "requestedById", "previousDeadline", "requestedDeadline", "reason", "status", "decidedById", "decidedAt", "decisionNote", "requestedAt", "createdAt") SELECT "id", "taskId", "requestedById", "previousDeadline", "requestedDeadline", "reason", "status", "decidedById", "decidedAt", "decisionNote", "requestedAt", "createdAt" FROM "temporary_extension_request"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_extension_request"`);
    await queryRunner.query(`CREATE INDEX "IDX_87d2931ba471abc63ce531380e" ON "extension_request" ("taskId") `);
    await queryRunner.query(`DROP INDEX "IDX_89f0003036034df4c96288031e"`);
    await queryRunner.query(`ALTER TABLE "closing_request" RENAME TO "temporary_closing_request"`);
    await queryRunner.query(
      `CREATE TABLE "closing_request" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "requestedById" integer NOT NULL, "note" text NOT NULL DEFAULT (''), "statusBefore" varchar(20) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('pending'), "decidedById" integer, "decidedAt" datetime, "reason" text, "requestedAt" datetime NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "closing_request"("id", "taskId", "requestedById", "note", "statusBefore", "status", "decidedById", "decidedAt", "reason", "requestedAt") SELECT "id", "taskId", "requestedById", "note", "statusBefore", "status", "decidedById", "decidedAt", "reason", "requestedAt" FROM "temporary_closing_request"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_closing_request"`);
    await queryRunner.query(`CREATE INDEX "IDX_89f0003036034df4c96288031e" ON "closing_request" ("taskId") `);
    await queryRunner.query(`DROP INDEX "IDX_fda4d021cc17e565aee874c180"`);
    await queryRunner.query(`DROP INDEX "IDX_b9462f52e9e81d005a9066b2e9"`);
    await queryRunner.query(`ALTER TABLE "progress_report" RENAME TO "temporary_progress_report"`);
    await queryRunner.query(
      `CREATE TABLE "progress_report" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, "period" varchar(10) NOT NULL, "text" text NOT NULL, "percent" integer NOT NULL, "progressBefore" integer, "problems" text NOT NULL DEFAULT (''), "nextSteps" text NOT NULL DEFAULT (''), "needsCoordination" boolean NOT NULL DEFAULT (0), "status" varchar(20) NOT NULL DEFAULT ('submitted'), "reviewReason" text, "reviewedById" integer, "reviewedAt" datetime, "resubmissionOfId" integer, "filedById" integer, "filedAt" datetime NOT NULL, "filedOn" date NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'))`,
    );
    await queryRunner.query(
      `INSERT INTO "progress_report"("id", "taskId", "unitId", "period", "text", "percent", "progressBefore", "problems", "nextSteps", "needsCoordination", "status", "reviewReason", "reviewedById", "reviewedAt", "resubmissionOfId", "filedById", "filedAt", "filedOn", "source") SELECT "id", "taskId", "unitId", "period", "text", "percent", "progressBefore", "problems", "nextSteps", "needsCoordination", "status", "reviewReason", "reviewedById", "reviewedAt", "resubmissionOfId", "filedById", "filedAt", "filedOn", "source" FROM "temporary_progress_report"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_progress_report"`);
    await queryRunner.query(`CREATE INDEX "IDX_fda4d021cc17e565aee874c180" ON "progress_report" ("taskId", "period") `);
    await queryRunner.query(`CREATE INDEX "IDX_b9462f52e9e81d005a9066b2e9" ON "progress_report" ("unitId") `);
    await queryRunner.query(`DROP INDEX "IDX_295e6da98e11d757025a9ec65c"`);
    await queryRunner.query(`DROP INDEX "IDX_2fe7a278e6f08d2be55740a939"`);
    await queryRunner.query(`DROP INDEX "IDX_d6ce64ab404f3d213339b1d38c"`);
    await queryRunner.query(`DROP INDEX "IDX_bc430df391785e5dfa7682f072"`);
    await queryRunner.query(`DROP INDEX "IDX_8c9920b5fb32c3d8453f64b705"`);
    await queryRunner.query(`ALTER TABLE "task" RENAME TO "temporary_task"`);
    await queryRunner.query(
      `CREATE TABLE "task" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "workItemId" integer NOT NULL, "parentId" integer, "code" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "leadUnitId" integer NOT NULL, "ownerId" integer, "ownerName" varchar(100), "startDate" date, "deadline" date NOT NULL, "originalDeadline" date NOT NULL, "deadlineWorkingDays" integer, "recurrence" text, "priority" varchar(10) NOT NULL DEFAULT ('normal'), "status" varchar(20) NOT NULL DEFAULT ('draft'), "progress" integer NOT NULL DEFAULT (0), "tags" text NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'), "sourceQuote" text, "closedAt" datetime, "closedOn" date, "createdById" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "task"("id", "planId", "workItemId", "parentId", "code", "title", "titleEn", "description", "leadUnitId", "ownerId", "ownerName", "startDate", "deadline", "originalDeadline", "deadlineWorkingDays", "recurrence", "priority", "status", "progress", "tags", "source", "sourceQuote", "closedAt", "closedOn", "createdById", "createdAt", "updatedAt") SELECT "id", "planId", "workItemId", "parentId", "code", "title", "titleEn", "description", "leadUnitId", "ownerId", "ownerName", "startDate", "deadline", "originalDeadline", "deadlineWorkingDays", "recurrence", "priority", "status", "progress", "tags", "source", "sourceQuote", "closedAt", "closedOn", "createdById", "createdAt", "updatedAt" FROM "temporary_task"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_task"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_295e6da98e11d757025a9ec65c" ON "task" ("planId", "code") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fe7a278e6f08d2be55740a939" ON "task" ("status") `);
    await queryRunner.query(`CREATE INDEX "IDX_d6ce64ab404f3d213339b1d38c" ON "task" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc430df391785e5dfa7682f072" ON "task" ("leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_8c9920b5fb32c3d8453f64b705" ON "task" ("parentId") `);
    await queryRunner.query(`ALTER TABLE "user" RENAME TO "temporary_user"`);
    await queryRunner.query(
      `CREATE TABLE "user" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar(254) NOT NULL, "displayName" varchar(100) NOT NULL, "role" varchar(20) NOT NULL, "unitId" integer, "passwordHash" varchar(200) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "locale" varchar(10) NOT NULL DEFAULT ('zh-CN'), "wantsDigest" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "UQ_e12875dfb3b1d92d7d7c5377e22" UNIQUE ("email"))`,
    );
    await queryRunner.query(
      `INSERT INTO "user"("id", "email", "displayName", "role", "unitId", "passwordHash", "active", "locale", "wantsDigest", "lastLoginAt", "createdAt", "updatedAt") SELECT "id", "email", "displayName", "role", "unitId", "passwordHash", "active", "locale", "wantsDigest", "lastLoginAt", "createdAt", "updatedAt" FROM "temporary_user"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_user"`);
    await queryRunner.query(`DROP INDEX "IDX_ef4612eb080cb3e026079cc12f"`);
    await queryRunner.query(`ALTER TABLE "work_item" RENAME TO "temporary_work_item"`);
    await queryRunner.query(
      `CREATE TABLE "work_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "code" varchar(40) NOT NULL, "seq" integer NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "source" varchar(20) NOT NULL DEFAULT ('user'))`,
    );
    await queryRunner.query(
      `INSERT INTO "work_item"("id", "planId", "code", "seq", "title", "titleEn", "description", "source") SELECT "id", "planId", "code", "seq", "title", "titleEn", "description", "source" FROM "temporary_work_item"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_work_item"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ef4612eb080cb3e026079cc12f" ON "work_item" ("planId", "code") `);
    await queryRunner.query(`DROP INDEX "IDX_9179019ef6a7f577d4a83c0471"`);
    await queryRunner.query(`DROP INDEX "IDX_f6d57fd1f6b3a3bf41ba483a4a"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" RENAME TO "temporary_indicator_value"`);
    await queryRunner.query(
      `CREATE TABLE "indicator_value" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "indicatorId" integer NOT NULL, "value" double precision NOT NULL, "observedOn" date NOT NULL, "source" varchar(20) NOT NULL, "reportId" integer, "enteredById" integer, "note" text NOT NULL DEFAULT (''), "voided" boolean NOT NULL DEFAULT (0), "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(
      `INSERT INTO "indicator_value"("id", "indicatorId", "value", "observedOn", "source", "reportId", "enteredById", "note", "voided", "createdAt") SELECT "id", "indicatorId", "value", "observedOn", "source", "reportId", "enteredById", "note", "voided", "createdAt" FROM "temporary_indicator_value"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_indicator_value"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_9179019ef6a7f577d4a83c0471" ON "indicator_value" ("indicatorId", "observedOn") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f6d57fd1f6b3a3bf41ba483a4a" ON "indicator_value" ("reportId") `);
    await queryRunner.query(`DROP INDEX "IDX_3f23bca265ca53146ac6b47417"`);
    await queryRunner.query(`DROP INDEX "IDX_dd1902dd2aebaeea9695210e4b"`);
    await queryRunner.query(`DROP TABLE "task_indicator"`);
    await queryRunner.query(`DROP INDEX "IDX_5cb5ed82f40096097d25ca9268"`);
    await queryRunner.query(`DROP INDEX "IDX_2a1185acb8ff90f874c49a0375"`);
    await queryRunner.query(`DROP TABLE "task_supporting_unit"`);
    await queryRunner.query(`DROP TABLE "setting"`);
    await queryRunner.query(`DROP INDEX "IDX_87d2931ba471abc63ce531380e"`);
    await queryRunner.query(`DROP TABLE "extension_request"`);
    await queryRunner.query(`DROP INDEX "IDX_89f0003036034df4c96288031e"`);
    await queryRunner.query(`DROP TABLE "closing_request"`);
    await queryRunner.query(`DROP INDEX "IDX_fda4d021cc17e565aee874c180"`);
    await queryRunner.query(`DROP INDEX "IDX_b9462f52e9e81d005a9066b2e9"`);
    await queryRunner.query(`DROP TABLE "progress_report"`);
    await queryRunner.query(`DROP INDEX "IDX_295e6da98e11d757025a9ec65c"`);
    await queryRunner.query(`DROP INDEX "IDX_2fe7a278e6f08d2be55740a939"`);
    await queryRunner.query(`DROP INDEX "IDX_d6ce64ab404f3d213339b1d38c"`);
    await queryRunner.query(`DROP INDEX "IDX_bc430df391785e5dfa7682f072"`);
    await queryRunner.query(`DROP INDEX "IDX_8c9920b5fb32c3d8453f64b705"`);
    await queryRunner.query(`DROP TABLE "task"`);
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`DROP TABLE "unit"`);
    await queryRunner.query(`DROP TABLE "plan"`);
    await queryRunner.query(`DROP INDEX "IDX_ef4612eb080cb3e026079cc12f"`);
    await queryRunner.query(`DROP TABLE "work_item"`);
    await queryRunner.query(`DROP INDEX "IDX_9179019ef6a7f577d4a83c0471"`);
    await queryRunner.query(`DROP INDEX "IDX_f6d57fd1f6b3a3bf41ba483a4a"`);
    await queryRunner.query(`DROP TABLE "indicator_value"`);
    await queryRunner.query(`DROP INDEX "IDX_e3fa2e9995bca32df69c1bd84f"`);
    await queryRunner.query(`DROP TABLE "indicator"`);
    await queryRunner.query(`DROP INDEX "IDX_4ab466a7d06ff8d7c903d90248"`);
    await queryRunner.query(`DROP INDEX "IDX_9d18bd4a32fc0cd8ff82b12037"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
  }
}
