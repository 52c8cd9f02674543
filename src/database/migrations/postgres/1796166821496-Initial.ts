import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1796166821496 implements MigrationInterface {
  name = 'Initial1796166821496';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_entry" ("id" SERIAL NOT NULL, "at" TIMESTAMP NOT NULL, "actorId" integer, "actorEmail" character varying(254), "entityType" character varying(40) NOT NULL, "entityId" integer NOT NULL, "action" character varying(60) NOT NULL, "field" character varying(60), "oldValue" text, "newValue" text, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9d18bd4a32fc0cd8ff82b12037" ON "audit_entry" ("at") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_4ab466a7d06ff8d7c903d90248" ON "audit_entry" ("entityType", "entityId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "indicator" ("id" SERIAL NOT NULL, "planId" integer NOT NULL, "workItemId" integer, "code" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "nameEn" character varying(200), "measure" character varying(40) NOT NULL, "measureEn" character varying(40), "baseline" double precision NOT NULL DEFAULT '0', "baselineDate" date NOT NULL, "target" double precision NOT NULL, "targetDate" date NOT NULL, "direction" character varying(10) NOT NULL DEFAULT 'increase', "headline" boolean NOT NULL DEFAULT false, "source" character varying(20) NOT NULL DEFAULT 'user', "sourceQuote" text, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_4693fe4c2cb912a71e05c589e7e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_e3fa2e9995bca32df69c1bd84f" ON "indicator" ("planId", "code") `);
    await queryRunner.query(
      `CREATE TABLE "indicator_value" ("id" SERIAL NOT NULL, "indicatorId" integer NOT NULL, "value" double precision NOT NULL, "observedOn" date NOT NULL, "source" character varying(20) NOT NULL, "reportId" integer, "enteredById" integer, "note" text NOT NULL DEFAULT '', "voided" boolean NOT NULL DEFAULT false, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_ea77b6059a4a7f24be8e748d541" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_f6d57fd1f6b3a3bf41ba483a4a" ON "indicator_value" ("reportId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_9179019ef6a7f577d4a83c0471" ON "indicator_value" ("indicatorId", "observedOn") `,
    );
    await queryRunner.query(
      `CREATE TABLE "work_item" ("id" SERIAL NOT NULL, "planId" integer NOT NULL, "code" character varying(40) NOT NULL, "seq" integer NOT NULL, "title" character varying(300) NOT NULL, "titleEn" character varying(300), "description" text NOT NULL DEFAULT '', "source" character varying(20) NOT NULL DEFAULT 'user', CONSTRAINT "PK_ef6a53d98d3a483417ae3334144" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_ef4612eb080cb3e026079cc12f" ON "work_item" ("planId", "code") `);
    await queryRunner.query(
      `CREATE TABLE "plan" ("id" SERIAL NOT NULL, "code" character varying(40) NOT NULL, "title" character varying(300) NOT NULL, "titleEn" character varying(300), "description" text NOT NULL DEFAULT '', "startDate" date, "endDate" date, "source" character varying(20) NOT NULL DEFAULT 'user', "sourceRef" character varying(500), "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_e405cbb23fb08931a48ad8c2bdb" UNIQUE ("code"), CONSTRAINT "PK_54a2b686aed3b637654bf7ddbb3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "unit" ("id" SERIAL NOT NULL, "code" character varying(40) NOT NULL, "name" character varying(200) NOT NULL, "nameEn" character varying(200), "kind" character varying(20) NOT NULL DEFAULT 'other', "mailbox" character varying(254), "supervisingLeaderName" character varying(100), "supervisingLeaderEmail" character varying(254), "locale" character varying(10) NOT NULL DEFAULT 'zh-CN', "active" boolean NOT NULL DEFAULT true, "digestCron" character varying(100), "digestEnabled" boolean NOT NULL DEFAULT true, "source" character varying(20) NOT NULL DEFAULT 'user', "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_dfb75cdb2a790fb84327e1d1b15" UNIQUE ("code"), CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user" ("id" SERIAL NOT NULL, "email" character varying(254) NOT NULL, "displayName" character varying(100) NOT NULL, "role" character varying(20) NOT NULL, "unitId" integer, "passwordHash" character varying(200) NOT NULL, "active" boolean NOT NULL DEFAULT true, "locale" character varying(10) NOT NULL DEFAULT 'zh-CN', "wantsDigest" boolean NOT NULL DEFAULT false, "lastLoginAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_e12875dfb3b1d92d7d7c5377e22" UNIQUE ("email"), CONSTRAINT "PK_cace4a159ff9f2512dd42373760" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "task" ("id" SERIAL NOT NULL, "planId" integer NOT NULL, "workItemId" integer NOT NULL, "parentId" integer, "code" character varying(40) NOT NULL, "title" character varying(300) NOT NULL, "titleEn" character varying(300), "description" text NOT NULL DEFAULT '', "leadUnitId" integer NOT NULL, "ownerId" integer, "ownerName" character varying(100), "startDate" date, "deadline" date NOT NULL, "originalDeadline" date NOT NULL, "deadlineWorkingDays" integer, "recurrence" text, "priority" character varying(10) NOT NULL DEFAULT 'normal', "status" character varying(20) NOT NULL DEFAULT 'draft', "progress" integer NOT NULL DEFAULT '0', "tags" text NOT NULL, "source" character varying(20) NOT NULL DEFAULT 'user', "sourceQuote" text, "decisionId" integer, "closedAt" TIMESTAMP, "closedOn" date, "createdById" integer, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_fb213f79ee45060ba925ecd576e" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_8c9920b5fb32c3d8453f64b705" ON "task" ("parentId") `);
    await queryRunner.query(`CREATE INDEX "IDX_bc430df391785e5dfa7682f072" ON "task" ("leadUnitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_d6ce64ab404f3d213339b1d38c" ON "task" ("deadline") `);
    await queryRunner.query(`CREATE INDEX "IDX_2fe7a278e6f08d2be55740a939" ON "task" ("status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_295e6da98e11d757025a9ec65c" ON "task" ("planId", "code") `);
    await queryRunner.query(
      `CREATE TABLE "progress_report" ("id" SERIAL NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, "period" character varying(10) NOT NULL, "text" text NOT NULL, "percent" integer NOT NULL, "progressBefore" integer, "problems" text NOT NULL DEFAULT '', "nextSteps" text NOT NULL DEFAULT '', "needsCoordination" boolean NOT NULL DEFAULT false, "status" character varying(20) NOT NULL DEFAULT 'submitted', "reviewReason" text, "reviewedById" integer, "reviewedAt" TIMESTAMP, "dispatchRoundId" integer, "resubmissionOfId" integer, "filedById" integer, "filedAt" TIMESTAMP NOT NULL, "filedOn" date NOT NULL, "source" character varying(20) NOT NULL DEFAULT 'user', CONSTRAINT "PK_de44d4f311d5a0132f49f9f0820" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b9462f52e9e81d005a9066b2e9" ON "progress_report" ("unitId") `);
    await queryRunner.query(`CREATE INDEX "IDX_1a483f5e4408b70a84369c5130" ON "progress_report" ("dispatchRoundId") `);
    await queryRunner.query(`CREATE INDEX "IDX_fda4d021cc17e565aee874c180" ON "progress_report" ("taskId", "period") `);
    await queryRunner.query(
      `CREATE TABLE "closing_request" ("id" SERIAL NOT NULL, "taskId" integer NOT NULL, "requestedById" integer NOT NULL, "note" text NOT NULL DEFAULT '', "statusBefore" character varying(20) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "decidedById" integer, "decidedAt" TIMESTAMP, "reason" text, "requestedAt" TIMESTAMP NOT NULL, CONSTRAINT "PK_22cc38b0423f24c98cf39def3c3" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_89f0003036034df4c96288031e" ON "closing_request" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "extension_request" ("id" SERIAL NOT NULL, "taskId" integer NOT NULL, "requestedById" integer NOT NULL, "previousDeadline" date NOT NULL, "requestedDeadline" date NOT NULL, "reason" text NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'pending', "decidedById" integer, "decidedAt" TIMESTAMP, "decisionNote" text, "requestedAt" TIMESTAMP NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_fa783aff51254a4e5739909d199" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_87d2931ba471abc63ce531380e" ON "extension_request" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "setting" ("key" character varying(100) NOT NULL, "value" text NOT NULL, CONSTRAINT "PK_1c4c95d773004250c157a744d6e" PRIMARY KEY ("key"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "outbox_message" ("id" SERIAL NOT NULL, "idempotencyKey" character varying(300) NOT NULL, "kind" character varying(40) NOT NULL, "jobRunId" integer, "recipientKey" character varying(60) NOT NULL, "to" text NOT NULL, "cc" text NOT NULL, "subject" character varying(500) NOT NULL, "html" text NOT NULL, "text" text NOT NULL, "attachments" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "nextAttemptAt" TIMESTAMP NOT NULL, "lockedUntil" TIMESTAMP, "lastError" text, "messageId" character varying(300), "sentAt" TIMESTAMP, "queuedAt" TIMESTAMP NOT NULL, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "UQ_0327d25761450d8a26b0eb1c061" UNIQUE ("idempotencyKey"), CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d7c35bf2de042a8536ff4c7f6d" ON "outbox_message" ("kind") `);
    await queryRunner.query(`CREATE INDEX "IDX_8e1e1f1fd3d5e8af7cb0e015b2" ON "outbox_message" ("recipientKey") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_77c1875845c0e4b7159770b023" ON "outbox_message" ("status", "nextAttemptAt") `,
    );
    await queryRunner.query(
      `CREATE TABLE "job_run" ("id" SERIAL NOT NULL, "job" character varying(60) NOT NULL, "slot" character varying(60) NOT NULL, "status" character varying(10) NOT NULL, "trigger" character varying(10) NOT NULL, "startedAt" TIMESTAMP NOT NULL, "finishedAt" TIMESTAMP, "messages" integer NOT NULL DEFAULT '0', "note" text, CONSTRAINT "PK_96fe0b041b8bc157dcec25bd8ef" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_d093d19d2d492208262cc4fe01" ON "job_run" ("job", "slot") `);
    await queryRunner.query(
      `CREATE TABLE "dispatch_round" ("id" SERIAL NOT NULL, "planId" integer NOT NULL, "period" character varying(10) NOT NULL, "title" character varying(300) NOT NULL, "dueDate" date NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'open', "openedById" integer, "openedAt" TIMESTAMP NOT NULL, "closedAt" TIMESTAMP, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_f8ca6742dd906c221d019420009" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_58ea734e67e7443cf83675333a" ON "dispatch_round" ("planId", "period") `,
    );
    await queryRunner.query(
      `CREATE TABLE "bulletin" ("id" SERIAL NOT NULL, "planId" integer NOT NULL, "number" integer NOT NULL, "period" character varying(10) NOT NULL, "periodStart" date NOT NULL, "periodEnd" date NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'draft', "snapshot" text NOT NULL, "generatedAt" TIMESTAMP NOT NULL, "generatedById" integer, "sentAt" TIMESTAMP, "sentById" integer, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_9803a6af5584494eeb1b150fb98" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_1ff8a935389dad908e65e2bc21" ON "bulletin" ("planId", "number") `);
    await queryRunner.query(
      `CREATE TABLE "agenda_item" ("id" SERIAL NOT NULL, "meetingId" integer NOT NULL, "seq" integer NOT NULL, "kind" character varying(20) NOT NULL, "sourceKey" character varying(100) NOT NULL, "sources" text NOT NULL, "title" character varying(500) NOT NULL, "titleEn" character varying(500), "detail" text NOT NULL DEFAULT '', "leadUnitId" integer, "presenter" character varying(100), "minutes" integer NOT NULL DEFAULT '5', "edited" boolean NOT NULL DEFAULT false, "removed" boolean NOT NULL DEFAULT false, "stale" boolean NOT NULL DEFAULT false, "notes" text NOT NULL DEFAULT '', CONSTRAINT "PK_413623e61232799619c2e0a1d42" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_28bc9d0411e9396fd1a0eb9e49" ON "agenda_item" ("meetingId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "IDX_0725b435a7679316c00cd0a044" ON "agenda_item" ("meetingId", "sourceKey") `,
    );
    await queryRunner.query(
      `CREATE TABLE "decision" ("id" SERIAL NOT NULL, "meetingId" integer NOT NULL, "agendaItemId" integer, "seq" integer NOT NULL, "text" text NOT NULL, "leadUnitId" integer, "supportingUnitIds" text NOT NULL, "deadline" date, "taskId" integer, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_fa4cbd6abf1215054f13c27df5a" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_6f7696c0c1efee8fc3d0b17617" ON "decision" ("meetingId") `);
    await queryRunner.query(`CREATE INDEX "IDX_558c51dcd961d983344bb72104" ON "decision" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_attendee" ("id" SERIAL NOT NULL, "meetingId" integer NOT NULL, "unitId" integer, "userId" integer, "name" character varying(100) NOT NULL, "position" character varying(100), "email" character varying(254), "present" boolean, CONSTRAINT "PK_503e099c618ff1a7ac117352ca7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_627c1a17372cdaa4e13cb9bc68" ON "meeting_attendee" ("meetingId") `);
    await queryRunner.query(
      `CREATE TABLE "meeting" ("id" SERIAL NOT NULL, "planId" integer NOT NULL, "title" character varying(300) NOT NULL, "titleEn" character varying(300), "startsAt" TIMESTAMP NOT NULL, "endsAt" TIMESTAMP NOT NULL, "place" character varying(300), "onlineLink" character varying(500), "conveningUnitId" integer, "convenerName" character varying(100), "status" character varying(10) NOT NULL DEFAULT 'planned', "sequence" integer NOT NULL DEFAULT '0', "agendaAsOf" date, "minutes" text NOT NULL DEFAULT '', "invitationsSentAt" TIMESTAMP, "minutesSentAt" TIMESTAMP, "createdById" integer, "createdAt" TIMESTAMP NOT NULL DEFAULT now(), "updatedAt" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_dccaf9e4c0e39067d82ccc7bb83" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_1b777808ed326b25f4c1339457" ON "meeting" ("planId") `);
    await queryRunner.query(
      `CREATE TABLE "task_supporting_unit" ("taskId" integer NOT NULL, "unitId" integer NOT NULL, CONSTRAINT "PK_3ebc1381f726032ebc6b3017230" PRIMARY KEY ("taskId", "unitId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_2a1185acb8ff90f874c49a0375" ON "task_supporting_unit" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_5cb5ed82f40096097d25ca9268" ON "task_supporting_unit" ("unitId") `);
    await queryRunner.query(
      `CREATE TABLE "task_indicator" ("taskId" integer NOT NULL, "indicatorId" integer NOT NULL, CONSTRAINT "PK_83b5f7aa7550b8d5efb2c560573" PRIMARY KEY ("taskId", "indicatorId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_dd1902dd2aebaeea9695210e4b" ON "task_indicator" ("taskId") `);
    await queryRunner.query(`CREATE INDEX "IDX_3f23bca265ca53146ac6b47417" ON "task_indicator" ("indicatorId") `);
    await queryRunner.query(
      `CREATE TABLE "dispatch_round_unit" ("roundId" integer NOT NULL, "unitId" integer NOT NULL, CONSTRAINT "PK_c9f8e1910082f99460e8ea36d2f" PRIMARY KEY ("roundId", "unitId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_14ad3d107eb76de2be940407b5" ON "dispatch_round_unit" ("roundId") `);
    await queryRunner.query(`CREATE INDEX "IDX_8677b0804af8f80feb4befc3e9" ON "dispatch_round_unit" ("unitId") `);
    await queryRunner.query(
      `CREATE TABLE "dispatch_round_task" ("roundId" integer NOT NULL, "taskId" integer NOT NULL, CONSTRAINT "PK_19ee58238fba430683ae33eeb38" PRIMARY KEY ("roundId", "taskId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_5c5f954f935b1c7d8364721bec" ON "dispatch_round_task" ("roundId") `);
    await queryRunner.query(`CREATE INDEX "IDX_80880ccaf634ab5bf1f25f2a43" ON "dispatch_round_task" ("taskId") `);
    await queryRunner.query(
      `CREATE TABLE "meeting_unit" ("meetingId" integer NOT NULL, "unitId" integer NOT NULL, CONSTRAINT "PK_d6a67929968c54bda8f8ffbc16b" PRIMARY KEY ("meetingId", "unitId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b229f4462ace9010ccc60abb89" ON "meeting_unit" ("meetingId") `);
    await queryRunner.query(`CREATE INDEX "IDX_cc2589397f7481c220f323b5a1" ON "meeting_unit" ("unitId") `);
    await queryRunner.query(
      `ALTER TABLE "indicator_value" ADD CONSTRAINT "FK_c9eedeb05df74e74a2175b994bf" FOREIGN KEY ("indicatorId") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "work_item" ADD CONSTRAINT "FK_089e96eb9df59371bd20b0dcffe" FOREIGN KEY ("planId") REFERENCES "plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user" ADD CONSTRAINT "FK_856a1f0347b672d3b8bb4693bd8" FOREIGN KEY ("unitId") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_26453b77d168c9c26b5e1e78376" FOREIGN KEY ("workItemId") REFERENCES "work_item"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_8c9920b5fb32c3d8453f64b705c" FOREIGN KEY ("parentId") REFERENCES "task"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_bc430df391785e5dfa7682f072a" FOREIGN KEY ("leadUnitId") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task" ADD CONSTRAINT "FK_a132ba8200c3abdc271d4a701d8" FOREIGN KEY ("ownerId") REFERENCES "user"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "progress_report" ADD CONSTRAINT "FK_47c6b8d917105d72febcddb3340" FOREIGN KEY ("taskId") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "progress_report" ADD CONSTRAINT "FK_b9462f52e9e81d005a9066b2e9e" FOREIGN KEY ("unitId") REFERENCES "unit"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "progress_report" ADD CONSTRAINT "FK_c04e66e6e4a88d1dc63d93da9f2" FOREIGN KEY ("filedById") REFERENCES "user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "closing_request" ADD CONSTRAINT "FK_89f0003036034df4c96288031e0" FOREIGN KEY ("taskId") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "closing_request" ADD CONSTRAINT "FK_44ff64ccce44b0b6d56ef6aae10" FOREIGN KEY ("requestedById") REFERENCES "user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "extension_request" ADD CONSTRAINT "FK_87d2931ba471abc63ce531380ee" FOREIGN KEY ("taskId") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "extension_request" ADD CONSTRAINT "FK_5be74c99b80a8c61d9418838160" FOREIGN KEY ("requestedById") REFERENCES "user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "extension_request" ADD CONSTRAINT "FK_18a839d2a422aabc5d0423357b4" FOREIGN KEY ("decidedById") REFERENCES "user"("id") ON DELETE NO ACTION ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_supporting_unit" ADD CONSTRAINT "FK_2a1185acb8ff90f874c49a03754" FOREIGN KEY ("taskId") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_supporting_unit" ADD CONSTRAINT "FK_5cb5ed82f40096097d25ca92684" FOREIGN KEY ("unitId") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_indicator" ADD CONSTRAINT "FK_dd1902dd2aebaeea9695210e4bc" FOREIGN KEY ("taskId") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "task_indicator" ADD CONSTRAINT "FK_3f23bca265ca53146ac6b474175" FOREIGN KEY ("indicatorId") REFERENCES "indicator"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "dispatch_round_unit" ADD CONSTRAINT "FK_14ad3d107eb76de2be940407b57" FOREIGN KEY ("roundId") REFERENCES "dispatch_round"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "dispatch_round_unit" ADD CONSTRAINT "FK_8677b0804af8f80feb4befc3e9e" FOREIGN KEY ("unitId") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "dispatch_round_task" ADD CONSTRAINT "FK_5c5f954f935b1c7d8364721bec4" FOREIGN KEY ("roundId") REFERENCES "dispatch_round"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "dispatch_round_task" ADD CONSTRAINT "FK_80880ccaf634ab5bf1f25f2a434" FOREIGN KEY ("taskId") REFERENCES "task"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_unit" ADD CONSTRAINT "FK_b229f4462ace9010ccc60abb898" FOREIGN KEY ("meetingId") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
    await queryRunner.query(
      `ALTER TABLE "meeting_unit" ADD CONSTRAINT "FK_cc2589397f7481c220f323b5a1f" FOREIGN KEY ("unitId") REFERENCES "unit"("id") ON DELETE CASCADE ON UPDATE CASCADE`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "meeting_unit" DROP CONSTRAINT "FK_cc2589397f7481c220f323b5a1f"`);
    await queryRunner.query(`ALTER TABLE "meeting_unit" DROP CONSTRAINT "FK_b229f4462ace9010ccc60abb898"`);
    await queryRunner.query(`ALTER TABLE "dispatch_round_task" DROP CONSTRAINT "FK_80880ccaf634ab5bf1f25f2a434"`);
    await queryRunner.query(`ALTER TABLE "dispatch_round_task" DROP CONSTRAINT "FK_5c5f954f935b1c7d8364721bec4"`);
    await queryRunner.query(`ALTER TABLE "dispatch_round_unit" DROP CONSTRAINT "FK_8677b0804af8f80feb4befc3e9e"`);
    await queryRunner.query(`ALTER TABLE "dispatch_round_unit" DROP CONSTRAINT "FK_14ad3d107eb76de2be940407b57"`);
    await queryRunner.query(`ALTER TABLE "task_indicator" DROP CONSTRAINT "FK_3f23bca265ca53146ac6b474175"`);
    await queryRunner.query(`ALTER TABLE "task_indicator" DROP CONSTRAINT "FK_dd1902dd2aebaeea9695210e4bc"`);
    await queryRunner.query(`ALTER TABLE "task_supporting_unit" DROP CONSTRAINT "FK_5cb5ed82f40096097d25ca92684"`);
    await queryRunner.query(`ALTER TABLE "task_supporting_unit" DROP CONSTRAINT "FK_2a1185acb8ff90f874c49a03754"`);
    await queryRunner.query(`ALTER TABLE "extension_request" DROP CONSTRAINT "FK_18a839d2a422aabc5d0423357b4"`);
    await queryRunner.query(`ALTER TABLE "extension_request" DROP CONSTRAINT "FK_5be74c99b80a8c61d9418838160"`);
    await queryRunner.query(`ALTER TABLE "extension_request" DROP CONSTRAINT "FK_87d2931ba471abc63ce531380ee"`);
    await queryRunner.query(`ALTER TABLE "closing_request" DROP CONSTRAINT "FK_44ff64ccce44b0b6d56ef6aae10"`);
    await queryRunner.query(`ALTER TABLE "closing_request" DROP CONSTRAINT "FK_89f0003036034df4c96288031e0"`);
    await queryRunner.query(`ALTER TABLE "progress_report" DROP CONSTRAINT "FK_c04e66e6e4a88d1dc63d93da9f2"`);
    await queryRunner.query(`ALTER TABLE "progress_report" DROP CONSTRAINT "FK_b9462f52e9e81d005a9066b2e9e"`);
    await queryRunner.query(`ALTER TABLE "progress_report" DROP CONSTRAINT "FK_47c6b8d917105d72febcddb3340"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_a132ba8200c3abdc271d4a701d8"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_bc430df391785e5dfa7682f072a"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_8c9920b5fb32c3d8453f64b705c"`);
    await queryRunner.query(`ALTER TABLE "task" DROP CONSTRAINT "FK_26453b77d168c9c26b5e1e78376"`);
    await queryRunner.query(`ALTER TABLE "user" DROP CONSTRAINT "FK_856a1f0347b672d3b8bb4693bd8"`);
    await queryRunner.query(`ALTER TABLE "work_item" DROP CONSTRAINT "FK_089e96eb9df59371bd20b0dcffe"`);
    await queryRunner.query(`ALTER TABLE "indicator_value" DROP CONSTRAINT "FK_c9eedeb05df74e74a2175b994bf"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_cc2589397f7481c220f323b5a1"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b229f4462ace9010ccc60abb89"`);
    await queryRunner.query(`DROP TABLE "meeting_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_80880ccaf634ab5bf1f25f2a43"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5c5f954f935b1c7d8364721bec"`);
    await queryRunner.query(`DROP TABLE "dispatch_round_task"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8677b0804af8f80feb4befc3e9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_14ad3d107eb76de2be940407b5"`);
    await queryRunner.query(`DROP TABLE "dispatch_round_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3f23bca265ca53146ac6b47417"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_dd1902dd2aebaeea9695210e4b"`);
    await queryRunner.query(`DROP TABLE "task_indicator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5cb5ed82f40096097d25ca9268"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2a1185acb8ff90f874c49a0375"`);
    await queryRunner.query(`DROP TABLE "task_supporting_unit"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1b777808ed326b25f4c1339457"`);
    await queryRunner.query(`DROP TABLE "meeting"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_627c1a17372cdaa4e13cb9bc68"`);
    await queryRunner.query(`DROP TABLE "meeting_attendee"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_558c51dcd961d983344bb72104"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_6f7696c0c1efee8fc3d0b17617"`);
    await queryRunner.query(`DROP TABLE "decision"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_0725b435a7679316c00cd0a044"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_28bc9d0411e9396fd1a0eb9e49"`);
    await queryRunner.query(`DROP TABLE "agenda_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1ff8a935389dad908e65e2bc21"`);
    await queryRunner.query(`DROP TABLE "bulletin"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_58ea734e67e7443cf83675333a"`);
    await queryRunner.query(`DROP TABLE "dispatch_round"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d093d19d2d492208262cc4fe01"`);
    await queryRunner.query(`DROP TABLE "job_run"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_77c1875845c0e4b7159770b023"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8e1e1f1fd3d5e8af7cb0e015b2"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d7c35bf2de042a8536ff4c7f6d"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
    await queryRunner.query(`DROP TABLE "setting"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_87d2931ba471abc63ce531380e"`);
    await queryRunner.query(`DROP TABLE "extension_request"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_89f0003036034df4c96288031e"`);
    await queryRunner.query(`DROP TABLE "closing_request"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fda4d021cc17e565aee874c180"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_1a483f5e4408b70a84369c5130"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_b9462f52e9e81d005a9066b2e9"`);
    await queryRunner.query(`DROP TABLE "progress_report"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_295e6da98e11d757025a9ec65c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_2fe7a278e6f08d2be55740a939"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d6ce64ab404f3d213339b1d38c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_bc430df391785e5dfa7682f072"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_8c9920b5fb32c3d8453f64b705"`);
    await queryRunner.query(`DROP TABLE "task"`);
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`DROP TABLE "unit"`);
    await queryRunner.query(`DROP TABLE "plan"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_ef4612eb080cb3e026079cc12f"`);
    await queryRunner.query(`DROP TABLE "work_item"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9179019ef6a7f577d4a83c0471"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_f6d57fd1f6b3a3bf41ba483a4a"`);
    await queryRunner.query(`DROP TABLE "indicator_value"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_e3fa2e9995bca32df69c1bd84f"`);
    await queryRunner.query(`DROP TABLE "indicator"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_4ab466a7d06ff8d7c903d90248"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9d18bd4a32fc0cd8ff82b12037"`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
  }
}
