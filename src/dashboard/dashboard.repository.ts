// The read model of the dashboard: the plan, its top-level tasks with their supporting units, its work items and
// the units. The dashboard owns no table; these are reads of the other features' tables.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Plan } from '../plans/plan.entity';
import { WorkItem } from '../plans/work-item.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';

@Injectable()
export class DashboardRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get em() {
    return this.txHost.tx;
  }

  planById(id: number): Promise<Plan | null> {
    return this.em.getRepository(Plan).findOneBy({ id });
  }

  firstPlan(): Promise<Plan | null> {
    return this.em.getRepository(Plan).findOne({ where: {}, order: { id: 'ASC' } });
  }

  /** The plan's top-level tasks (sub-tasks are parts of their parent's count), with the columns graded. */
  topLevelTasks(planId: number): Promise<Task[]> {
    return this.em
      .getRepository(Task)
      .createQueryBuilder('t')
      .select([
        't.id',
        't.workItemId',
        't.leadUnitId',
        't.status',
        't.progress',
        't.startDate',
        't.deadline',
        't.originalDeadline',
        't.recurrence',
        't.closedOn',
      ])
      .where('t.planId = :planId AND t.parentId IS NULL', { planId })
      .getMany();
  }

  /** The supporting units of the plan's top-level tasks, by task. */
  async supportingUnitsOfTopLevelTasks(planId: number): Promise<Map<number, number[]>> {
    const links: { taskId: number | string; unitId: number | string }[] = await this.em
      .createQueryBuilder()
      .select(['s."taskId" AS "taskId"', 's."unitId" AS "unitId"'])
      .from('task_supporting_unit', 's')
      .innerJoin(Task, 't', 't.id = s."taskId"')
      .where('t.planId = :planId AND t.parentId IS NULL', { planId })
      .getRawMany();
    const out = new Map<number, number[]>();
    for (const l of links) out.set(Number(l.taskId), [...(out.get(Number(l.taskId)) ?? []), Number(l.unitId)]);
    return out;
  }

  workItemsOfPlan(planId: number): Promise<WorkItem[]> {
    return this.em.getRepository(WorkItem).find({ where: { planId }, order: { seq: 'ASC' } });
  }

  allUnits(): Promise<Unit[]> {
    return this.em.getRepository(Unit).find({ order: { id: 'ASC' } });
  }
}
