// The read model of the spreadsheets: the plan, work items, units and tasks a task breakdown is checked against,
// and the reports a round's workbook lists. Spreadsheets own no table; these are reads of the other features'
// tables, through the transaction in progress so a commit checks the rows it then writes.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { Plan } from '../plans/plan.entity';
import { WorkItem } from '../plans/work-item.entity';
import { ProgressReport } from '../reports/progress-report.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';

@Injectable()
export class SpreadsheetsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get em() {
    return this.txHost.tx;
  }

  /** The account of an email address (stored lower-cased). */
  userByEmail(email: string): Promise<User | null> {
    return this.em.getRepository(User).findOneBy({ email: email.toLowerCase() });
  }

  planById(id: number): Promise<Plan | null> {
    return this.em.getRepository(Plan).findOneBy({ id });
  }

  firstPlan(): Promise<Plan | null> {
    return this.em.getRepository(Plan).findOne({ where: {}, order: { id: 'ASC' } });
  }

  workItemsOfPlan(planId: number): Promise<WorkItem[]> {
    return this.em.getRepository(WorkItem).find({ where: { planId }, order: { seq: 'ASC', id: 'ASC' } });
  }

  allUnits(): Promise<Unit[]> {
    return this.em.getRepository(Unit).find({ order: { id: 'ASC' } });
  }

  /** The plan's tasks with their supporting units, owner, work item and lead unit. */
  tasksOfPlan(planId: number): Promise<Task[]> {
    return this.em.getRepository(Task).find({
      where: { planId },
      relations: { supportingUnits: true, owner: true, workItem: true, leadUnit: true },
    });
  }

  /** The reports, in the order they were filed. */
  reportsByIds(ids: number[]): Promise<ProgressReport[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.em.getRepository(ProgressReport).find({ where: { id: In(ids) }, order: { filedAt: 'ASC', id: 'ASC' } });
  }
}
