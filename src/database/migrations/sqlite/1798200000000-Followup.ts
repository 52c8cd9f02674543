// Follow-up on tasks: acknowledgements (签收) of what reached a unit, urgings (催办) and leaders' instructions
// (领导批示) with the units they reach.
import { MigrationInterface, QueryRunner } from 'typeorm';

export class Followup1798200000000 implements MigrationInterface {
  name = 'Followup1798200000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "acknowledgement" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "kind" varchar(20) NOT NULL, ` +
        `"subjectId" integer NOT NULL, "taskId" integer NOT NULL, "unitId" integer NOT NULL, ` +
        `"requestedAt" datetime NOT NULL, "dueAt" datetime NOT NULL, "acknowledgedAt" datetime, ` +
        `"acknowledgedById" integer, "remindedAt" datetime, ` +
        `CONSTRAINT "FK_acknowledgement_task" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, ` +
        `CONSTRAINT "FK_acknowledgement_unit" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_acknowledgement_subject_unit" ON "acknowledgement" ("kind", "subjectId", "unitId")`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_acknowledgement_unit_open" ON "acknowledgement" ("unitId", "acknowledgedAt")`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_acknowledgement_due" ON "acknowledgement" ("acknowledgedAt", "dueAt")`);
    await queryRunner.query(`CREATE INDEX "IDX_acknowledgement_task" ON "acknowledgement" ("taskId")`);
    await queryRunner.query(
      `CREATE TABLE "urging" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, ` +
        `"unitId" integer NOT NULL, "note" varchar(500) NOT NULL, "byId" integer, "createdAt" datetime NOT NULL, ` +
        `CONSTRAINT "FK_urging_task" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, ` +
        `CONSTRAINT "FK_urging_unit" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_urging_task" ON "urging" ("taskId")`);
    await queryRunner.query(`CREATE INDEX "IDX_urging_created" ON "urging" ("createdAt", "unitId")`);
    await queryRunner.query(
      `CREATE TABLE "instruction" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "taskId" integer NOT NULL, ` +
        `"leaderName" varchar(100) NOT NULL, "text" varchar(2000) NOT NULL, "issuedOn" date NOT NULL, "byId" integer, ` +
        `"createdAt" datetime NOT NULL, ` +
        `CONSTRAINT "FK_instruction_task" FOREIGN KEY ("taskId") REFERENCES "task" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_instruction_task" ON "instruction" ("taskId")`);
    await queryRunner.query(
      `CREATE TABLE "instruction_unit" ("instructionId" integer NOT NULL, "unitId" integer NOT NULL, ` +
        `CONSTRAINT "FK_instruction_unit_instruction" FOREIGN KEY ("instructionId") REFERENCES "instruction" ("id") ON DELETE CASCADE ON UPDATE CASCADE, ` +
        `CONSTRAINT "FK_instruction_unit_unit" FOREIGN KEY ("unitId") REFERENCES "unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE, ` +
        `PRIMARY KEY ("instructionId", "unitId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_instruction_unit_unit" ON "instruction_unit" ("unitId")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "instruction_unit"`);
    await queryRunner.query(`DROP TABLE "instruction"`);
    await queryRunner.query(`DROP TABLE "urging"`);
    await queryRunner.query(`DROP TABLE "acknowledgement"`);
  }
}
