// The plan loader's queries on the tables of the plan's own features — units, users, the plan, work items,
// indicators and their values, tasks and their requests, reports, the audit log — for writing a plan file and for
// deleting a plan that is being replaced. They sit here for now, clearly named, until those features' own
// repositories offer them; rounds, bulletins, meetings and the outbox are deleted through their repositories.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { IndicatorValue } from '../indicators/indicator-value.entity';
import { Indicator } from '../indicators/indicator.entity';
import { ProgressReport } from '../reports/progress-report.entity';
import { ClosingRequest } from '../tasks/closing-request.entity';
import { ExtensionRequest } from '../tasks/extension-request.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { Plan } from '../plans/plan.entity';
import { WorkItem } from '../plans/work-item.entity';

/** Ids a statement names at most. */
const BATCH = 300;

function chunks<T>(list: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += BATCH) out.push(list.slice(i, i + BATCH));
  return out;
}

@Injectable()
export class PlanLoaderRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get em() {
    return this.txHost.tx;
  }

  // --- reading ---

  async hasNoPlan(): Promise<boolean> {
    return (await this.em.getRepository(Plan).count()) === 0;
  }

  async unitCodes(): Promise<string[]> {
    return (await this.em.getRepository(Unit).find({ select: { code: true } })).map((u) => u.code);
  }

  /** Every account's email, lower-cased. */
  async userEmails(): Promise<string[]> {
    const rows = await this.em
      .getRepository(User)
      .createQueryBuilder('u')
      .select('LOWER(u.email)', 'email')
      .getRawMany<{ email: string }>();
    return rows.map((r) => r.email);
  }

  planByCode(code: string): Promise<Plan | null> {
    return this.em.getRepository(Plan).findOneBy({ code });
  }

  // --- writing a plan file ---

  allUnits(): Promise<Unit[]> {
    return this.em.getRepository(Unit).find();
  }

  /** Creates the unit, or updates the one given with the fields. */
  saveUnit(existing: Unit | undefined, fields: Partial<Unit>): Promise<Unit> {
    const repo = this.em.getRepository(Unit);
    return repo.save(existing ? Object.assign(existing, fields) : repo.create(fields));
  }

  userExists(email: string): Promise<boolean> {
    return this.em
      .getRepository(User)
      .createQueryBuilder('u')
      .where('LOWER(u.email) = LOWER(:email)', { email })
      .getExists();
  }

  async insertUser(fields: Partial<User>): Promise<void> {
    await this.em.getRepository(User).insert(fields);
  }

  insertPlan(fields: Partial<Plan>): Promise<Plan> {
    const repo = this.em.getRepository(Plan);
    return repo.save(repo.create(fields));
  }

  async insertWorkItem(fields: Partial<WorkItem>): Promise<number> {
    const repo = this.em.getRepository(WorkItem);
    return (await repo.save(repo.create(fields))).id;
  }

  async insertIndicator(fields: Partial<Indicator>): Promise<number> {
    const repo = this.em.getRepository(Indicator);
    return (await repo.save(repo.create(fields))).id;
  }

  async insertIndicatorValues(rows: Partial<IndicatorValue>[]): Promise<void> {
    for (const chunk of chunks(rows)) await this.em.getRepository(IndicatorValue).insert(chunk);
  }

  /** Saves the task with its supporting units and indicators. */
  insertTask(fields: Partial<Task>): Promise<Task> {
    const repo = this.em.getRepository(Task);
    return repo.save(repo.create(fields));
  }

  /** Who files a closing request for a unit: its liaison first, else its first user. */
  requesterOf(unitId: number): Promise<User | null> {
    return this.em
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.unitId = :unitId', { unitId })
      .orderBy("CASE WHEN u.role = 'liaison' THEN 0 ELSE 1 END")
      .addOrderBy('u.id')
      .getOne();
  }

  async insertClosingRequest(fields: Partial<ClosingRequest>): Promise<void> {
    await this.em.getRepository(ClosingRequest).insert(fields);
  }

  async insertReport(fields: Partial<ProgressReport>): Promise<number> {
    const repo = this.em.getRepository(ProgressReport);
    return (await repo.save(repo.create(fields))).id;
  }

  // --- deleting a plan's rows of the other features (the plan is being replaced) ---

  async taskIdsOfPlan(planId: number): Promise<number[]> {
    return (await this.em.getRepository(Task).find({ where: { planId }, select: { id: true } })).map((t) => t.id);
  }

  async indicatorIdsOfPlan(planId: number): Promise<number[]> {
    const rows = await this.em.getRepository(Indicator).find({ where: { planId }, select: { id: true } });
    return rows.map((i) => i.id);
  }

  async reportIdsOfTasks(taskIds: number[]): Promise<number[]> {
    const ids: number[] = [];
    for (const chunk of chunks(taskIds)) {
      const rows = await this.em
        .getRepository(ProgressReport)
        .find({ where: { taskId: In(chunk) }, select: { id: true } });
      ids.push(...rows.map((r) => r.id));
    }
    return ids;
  }

  /** Deletes the values of the indicators and those recorded from the reports; their ids. */
  async deleteIndicatorValues(indicatorIds: number[], reportIds: number[]): Promise<number[]> {
    const repo = this.em.getRepository(IndicatorValue);
    const ids = new Set<number>();
    for (const chunk of chunks(indicatorIds)) {
      (await repo.find({ where: { indicatorId: In(chunk) }, select: { id: true } })).forEach((v) => ids.add(v.id));
    }
    for (const chunk of chunks(reportIds)) {
      (await repo.find({ where: { reportId: In(chunk) }, select: { id: true } })).forEach((v) => ids.add(v.id));
    }
    for (const chunk of chunks([...ids])) await repo.delete({ id: In(chunk) });
    return [...ids];
  }

  /** Deletes the tasks' reports, extension and closing requests, and their links to units and indicators. */
  async deleteTaskDependents(taskIds: number[], indicatorIds: number[]): Promise<void> {
    for (const chunk of chunks(taskIds)) {
      await this.em.getRepository(ProgressReport).delete({ taskId: In(chunk) });
      await this.em.getRepository(ExtensionRequest).delete({ taskId: In(chunk) });
      await this.em.getRepository(ClosingRequest).delete({ taskId: In(chunk) });
      for (const table of ['task_supporting_unit', 'task_indicator']) {
        await this.em.createQueryBuilder().delete().from(table).where('"taskId" IN (:...chunk)', { chunk }).execute();
      }
    }
    for (const chunk of chunks(indicatorIds)) {
      await this.em
        .createQueryBuilder()
        .delete()
        .from('task_indicator')
        .where('"indicatorId" IN (:...chunk)', { chunk })
        .execute();
    }
  }

  async deleteIndicatorsOfPlan(planId: number): Promise<void> {
    await this.em.getRepository(Indicator).delete({ planId });
  }

  /** Deletes the plan's tasks, sub-tasks before their parents (a parent row cannot go while a child points to it). */
  async deleteTasksOfPlan(planId: number, count: number): Promise<void> {
    let remaining = count;
    while (remaining > 0) {
      const leaves = await this.em
        .createQueryBuilder(Task, 't')
        .select('t.id', 'id')
        .where('t.planId = :planId', { planId })
        .andWhere('NOT EXISTS (SELECT 1 FROM "task" c WHERE c."parentId" = t.id)')
        .getRawMany<{ id: number | string }>();
      if (!leaves.length) break;
      for (const chunk of chunks(leaves.map((l) => Number(l.id)))) {
        await this.em.getRepository(Task).delete({ id: In(chunk) });
      }
      remaining -= leaves.length;
    }
  }

  /** Deletes the plan's work items; their ids. */
  async deleteWorkItemsOfPlan(planId: number): Promise<number[]> {
    const repo = this.em.getRepository(WorkItem);
    const ids = (await repo.find({ where: { planId }, select: { id: true } })).map((w) => w.id);
    await repo.delete({ planId });
    return ids;
  }

  async deletePlanRow(planId: number): Promise<void> {
    await this.em.getRepository(Plan).delete({ id: planId });
  }
}
