import { MigrationInterface, QueryRunner } from 'typeorm';

export class Meetings1795522227566 implements MigrationInterface {
  name = 'Meetings1795522227566';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "agenda_item" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meetingId" integer NOT NULL, "seq" integer NOT NULL, "kind" varchar(20) NOT NULL, "sourceKey" varchar(100) NOT NULL, "sources" text NOT NULL, "title" varchar(500) NOT NULL, "titleEn" varchar(500), "detail" text NOT NULL DEFAULT (''), "leadUnitId" integer, "presenter" varchar(100), "minutes" integer NOT NULL DEFAULT (5), "edited" boolean NOT NULL DEFAULT (0), "removed" boolean NOT NULL DEFAULT (0), "stale" boolean NOT NULL DEFAULT (0), "notes" text NOT NULL DEFAULT (''))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_28bc9d0411e9396fd1a0eb9e49" ON "agenda_item" ("meetingId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_0725b435a7679316c00cd0a044" ON "agenda_item" ("meetingId", "sourceKey") `,
    );
    await queryRunner.query(
      `CREATE TABLE "decision" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meetingId" integer NOT NULL, "agendaItemId" integer, "seq" integer NOT NULL, "text" text NOT NULL, "leadUnitId" integer, "supportingUnitIds" text NOT NULL, "deadline" date, "taskId" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6f7696c0c1efee8fc3d0b17617" ON "decision" ("meetingId") `);
    await queryRunner.query(`CREATE INDEX "IDX_558c51dcd961d983344bb72104" ON "decision" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_attendee" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "meetingId" integer NOT NULL, "unitId" integer, "userId" integer, "name" varchar(100) NOT NULL, "position" varchar(100), "email" varchar(254), "present" boolean)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_627c1a17372cdaa4e13cb9bc68" ON "meeting_attendee" ("meetingId") `);
    await queryRunner.query(
      `CREATE TABLE "meeting" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "startsAt" datetime NOT NULL, "endsAt" datetime NOT NULL, "place" varchar(300), "onlineLink" varchar(500), "conveningUnitId" integer, "convenerName" varchar(100), "status" varchar(10) NOT NULL DEFAULT ('planned'), "sequence" integer NOT NULL DEFAULT (0), "agendaAsOf" date, "minutes" text NOT NULL DEFAULT (''), "invitationsSentAt" datetime, "minutesSentAt" datetime, "createdById" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1b777808ed326b25f4c1339457" ON "meeting" ("planId") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_unit" ("meetingId" integer NOT NULL, "unitId" integer NOT NULL, PRIMARY KEY ("meetingId", "unitId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b229f4462ace9010ccc60abb89" ON "meeting_unit" ("meetingId") `);
    await queryRunner.query(`CREATE INDEX "IDX_cc2589397f7481c220f323b5a1" ON "meeting_unit" ("unitId") `);
    await queryRunner.query(`DROP INDEX "IDX_295e6da98e11d757025a9ec65c"`);
    await queryRunner.query(`DROP INDEX "IDX_2fe7a278e6f08d2be55740a939"`);
    await queryRunner.query(`DROP INDEX "IDX_d6ce64ab404f3d213339b1d38c"`);
    await queryRunner.query(`DROP INDEX "IDX_bc430df391785e5dfa7682f072"`);
    await queryRunner.query(`DROP INDEX "IDX_8c9920b5fb32c3d8453f64b705"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_task" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "workItemId" integer NOT NULL, "parentId" integer, "code" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "leadUnitId" integer NOT NULL, "ownerId" integer, "ownerName" varchar(100), "startDate" date, "deadline" date NOT NULL, "originalDeadline" date NOT NULL, "deadlineWorkingDays" integer, "recurrence" text, "priority" varchar(10) NOT NULL DEFAULT ('normal'), "status" varchar(20) NOT NULL DEFAULT ('draft'), "progress" integer NOT NULL DEFAULT (0), "tags" text NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'), "sourceQuote" text, "closedAt" datetime, "closedOn" date, "createdById" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), "decisionId" integer, CONSTRAINT "FK_a132ba8200c3abdc271d4a701d8" FOREIGN KEY ("ownerId") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_bc430df391785e5dfa7682f072a" FOREIGN KEY ("leadUnitId") REFERENCES "unit" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_8c9920b5fb32c3d8453f64b705c" FOREIGN KEY ("parentId") REFERENCES "task" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_26453b77d168c9c26b5e1e78376" FOREIGN KEY ("workItemId") REFERENCES "work_item" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_task"("id", "planId", "workItemId", "parentId", "code", "title", "titleEn", "description", "leadUnitId", "ownerId", "ownerName", "startDate", "deadline", "originalDeadline", "deadlineWorkingDays", "recurrence", "priority", "status", "progress", "tags", "source", "sourceQuote", "closedAt", "closedOn", "createdById", "createdAt", "updatedAt") SELECT "id", "planId", "workItemId", "parentId", "code", "title", "titleEn", "description", "leadUnitId", "ownerId", "ownerName", "startDate", "deadline", "originalDeadline", "deadlineWorkingDays", "recurrence", "priority", "status", "progress", "tags", "source", "sourceQuote", "closedAt", "closedOn", "createdById", "createdAt", "updatedAt" FROM "task"`,
    );
    await queryRunner.query(`DROP TABLE "task"`);
    await queryRunner.query(`ALTER TABLE "temporary_task" RENAME TO "task"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_295e6da98e11d757025a9ec65c" ON "task" ("planId", "code") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fe7a278e6f08d2be55740a939" ON "task" ("status") `);
    await queryRunner.query(`CREATE INDEX "IDX_d6ce64ab404f3d213339b1d38c" ON "task" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc430df391785e5dfa7682f072" ON "task" ("leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_8c9920b5fb32c3d8453f64b705" ON "task" ("parentId") `);
    await queryRunner.query(`DROP INDEX "IDX_b229f4462ace9010ccc60abb89"`);
    await queryRunner.query(`DROP INDEX "IDX_cc2589397f7481c220f323b5a1"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_meeting_unit" ("meetingId" integer NOT NULL, "unitId" integer NOT NULL, CONSTRAINT "FK_b229f4462ace9010ccc60abb898" FOREIGN KEY ("meetingId") REFERENCES "meeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE, CONSTRAINT "FK_cc2589397f7481c220f323b5a1f" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE, PRIMARY KEY ("meetingId", "unitId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_meeting_unit"("meetingId", "unitId") SELECT "meetingId", "unitId" FROM "meeting_unit"`,
    );
    await queryRunner.query(`DROP TABLE "meeting_unit"`);
    await queryRunner.query(`ALTER TABLE "temporary_meeting_unit" RENAME TO "meeting_unit"`);
    await queryRunner.query(`CREATE INDEX "IDX_b229f4462ace9010ccc60abb89" ON "meeting_unit" ("meetingId") `);
    await queryRunner.query(`CREATE INDEX "IDX_cc2589397f7481c220f323b5a1" ON "meeting_unit" ("unitId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_cc2589397f7481c220f323b5a1"`);
    await queryRunner.query(`DROP INDEX "IDX_b229f4462ace9010ccc60abb89"`);
    await queryRunner.query(`ALTER TABLE "meeting_unit" RENAME TO "temporary_meeting_unit"`);
    await queryRunner.query(
      `CREATE TABLE "meeting_unit" ("meetingId" integer NOT NULL, "unitId" integer NOT NULL, PRIMARY KEY ("meetingId", "unitId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "meeting_unit"("meetingId", "unitId") SELECT "meetingId", "unitId" FROM "temporary_meeting_unit"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_meeting_unit"`);
    await queryRunner.query(`CREATE INDEX "IDX_cc2589397f7481c220f323b5a1" ON "meeting_unit" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_b229f4462ace9010ccc60abb89" ON "meeting_unit" ("meetingId") `);
    await queryRunner.query(`DROP INDEX "IDX_8c9920b5fb32c3d8453f64b705"`);
    await queryRunner.query(`DROP INDEX "IDX_bc430df391785e5dfa7682f072"`);
    await queryRunner.query(`DROP INDEX "IDX_d6ce64ab404f3d213339b1d38c"`);
    await queryRunner.query(`DROP INDEX "IDX_2fe7a278e6f08d2be55740a939"`);
    await queryRunner.query(`DROP INDEX "IDX_295e6da98e11d757025a9ec65c"`);
    await queryRunner.query(`ALTER TABLE "task" RENAME TO "temporary_task"`);
    await queryRunner.query(
      `CREATE TABLE "task" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "planId" integer NOT NULL, "workItemId" integer NOT NULL, "parentId" integer, "code" varchar(40) NOT NULL, "title" varchar(300) NOT NULL, "titleEn" varchar(300), "description" text NOT NULL DEFAULT (''), "leadUnitId" integer NOT NULL, "ownerId" integer, "ownerName" varchar(100), "startDate" date, "deadline" date NOT NULL, "originalDeadline" date NOT NULL, "deadlineWorkingDays" integer, "recurrence" text, "priority" varchar(10) NOT NULL DEFAULT ('normal'), "status" varchar(20) NOT NULL DEFAULT ('draft'), "progress" integer NOT NULL DEFAULT (0), "tags" text NOT NULL, "source" varchar(20) NOT NULL DEFAULT ('user'), "sourceQuote" text, "closedAt" datetime, "closedOn" date, "createdById" integer, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_a132ba8200c3abdc271d4a701d8" FOREIGN KEY ("ownerId") REFERENCES "user" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_bc430df391785e5dfa7682f072a" FOREIGN KEY ("leadUnitId") REFERENCES "unit" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_8c9920b5fb32c3d8453f64b705c" FOREIGN KEY ("parentId") REFERENCES "task" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_26453b77d168c9c26b5e1e78376" FOREIGN KEY ("workItemId") REFERENCES "work_item" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "task"("id", "planId", "workItemId", "parentId", "code", "title", "titleEn", "description", "leadUnitId", "ownerId", "ownerName", "startDate", "deadline", "originalDeadline", "deadlineWorkingDays", "recurrence", "priority", "status", "progress", "tags", "source", "sourceQuote", "closedAt", "closedOn", "createdById", "createdAt", "updatedAt") SELECT "id", "planId", "workItemId", "parentId", "code", "title", "titleEn", "description", "leadUnitId", "ownerId", "ownerName", "startDate", "deadline", "originalDeadline", "deadlineWorkingDays", "recurrence", "priority", "status", "progress", "tags", "source", "sourceQuote", "closedAt", "closedOn", "createdById", "createdAt", "updatedAt" FROM "temporary_task"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_task"`);
    await queryRunner.query(`CREATE INDEX "IDX_8c9920b5fb32c3d8453f64b705" ON "task" ("parentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc430df391785e5dfa7682f072" ON "task" ("leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d6ce64ab404f3d213339b1d38c" ON "task" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fe7a278e6f08d2be55740a939" ON "task" ("status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_295e6da98e11d757025a9ec65c" ON "task" ("planId", "code") `);
    await queryRunner.query(`DROP INDEX "IDX_cc2589397f7481c220f323b5a1"`);
    await queryRunner.query(`DROP INDEX "IDX_b229f4462ace9010ccc60abb89"`);
    await queryRunner.query(`DROP TABLE "meeting_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_1b777808ed326b25f4c1339457"`);
    await queryRunner.query(`DROP TABLE "meeting"`);
    await queryRunner.query(`DROP INDEX "IDX_627c1a17372cdaa4e13cb9bc68"`);
    await queryRunner.query(`DROP TABLE "meeting_attendee"`);
    await queryRunner.query(`DROP INDEX "IDX_558c51dcd961d983344bb72104"`);
    await queryRunner.query(`DROP INDEX "IDX_6f7696c0c1efee8fc3d0b17617"`);
    await queryRunner.query(`DROP TABLE "decision"`);
    await queryRunner.query(`DROP INDEX "IDX_0725b435a7679316c00cd0a044"`);
    await queryRunner.query(`DROP INDEX "IDX_28bc9d0411e9396fd1a0eb9e49"`);
    await queryRunner.query(`DROP TABLE "agenda_item"`);
  }
}
