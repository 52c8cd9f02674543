// Loads the rows a bulletin is built from — a handful of queries for the whole plan, none per task — and hands them
// to buildSnapshot. It reads through the caller's transaction, so a bulletin generated and sent in one transaction
// sees the data as it stood then.
import { Injectable } from '@nestjs/common';
import { Brackets, EntityManager } from 'typeorm';
import { DispatchRound } from '../dispatch/dispatch-round.entity';
import { Indicator } from '../indicators/indicator.entity';
import { IndicatorsService } from '../indicators/indicators.service';
import type { Plan } from '../plans/plan.entity';
import { WorkItem } from '../plans/work-item.entity';
import { ProgressReport } from '../reports/progress-report.entity';
import { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import { Unit } from '../units/unit.entity';
import {
  buildSnapshot,
  snapshotAsOf,
  type BulletinSnapshot,
  type SnapshotReportRow,
  type SnapshotRoundRow,
} from './bulletin-snapshot';

export interface SnapshotRequest {
  plan: Plan;
  number: number;
  period: string;
  periodStart: string;
  periodEnd: string;
  /** The generation date: today. */
  generatedOn: string;
}

@Injectable()
export class BulletinSnapshotService {
  constructor(
    private readonly tasks: TasksService,
    private readonly indicators: IndicatorsService,
  ) {}

  async build(em: EntityManager, req: SnapshotRequest): Promise<BulletinSnapshot> {
    const { plan, periodStart, periodEnd } = req;
    const asOf = snapshotAsOf(req.generatedOn, periodEnd);

    const workItems = await em.find(WorkItem, { where: { planId: plan.id }, order: { seq: 'ASC', id: 'ASC' } });
    const tasks = await em
      .createQueryBuilder(Task, 't')
      .select([
        't.id',
        't.code',
        't.title',
        't.titleEn',
        't.workItemId',
        't.parentId',
        't.leadUnitId',
        't.status',
        't.progress',
        't.startDate',
        't.deadline',
        't.originalDeadline',
        't.recurrence',
        't.closedOn',
      ])
      .where('t.planId = :planId', { planId: plan.id })
      .orderBy('t.id', 'ASC')
      .getMany();

    const headline = await em.find(Indicator, { where: { planId: plan.id, headline: true }, order: { id: 'ASC' } });
    const indicators = await this.indicators.withMetrics(headline, asOf, em);

    const rounds = await this.rounds(em, plan.id, periodStart, periodEnd);
    const reports = await this.reports(em, plan.id, periodStart, periodEnd, rounds);
    const units = await em.find(Unit, { order: { id: 'ASC' } });

    return buildSnapshot({
      plan: { id: plan.id, code: plan.code, title: plan.title, titleEn: plan.titleEn },
      number: req.number,
      period: req.period,
      periodStart,
      periodEnd,
      generatedOn: req.generatedOn,
      workItems,
      tasks,
      units,
      indicators,
      rounds,
      reports,
      grade: (task, date) => this.tasks.state(task, date),
    });
  }

  /** The plan's dispatch rounds due in the period, with the tasks in their scope. */
  private async rounds(
    em: EntityManager,
    planId: number,
    periodStart: string,
    periodEnd: string,
  ): Promise<SnapshotRoundRow[]> {
    const rounds = await em
      .createQueryBuilder(DispatchRound, 'd')
      .select(['d.id', 'd.period', 'd.title', 'd.dueDate'])
      .where('d.planId = :planId AND d.dueDate >= :periodStart AND d.dueDate <= :periodEnd', {
        planId,
        periodStart,
        periodEnd,
      })
      .orderBy('d.dueDate', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    if (!rounds.length) return [];
    const scope: { roundId: number | string; taskId: number | string }[] = await em
      .createQueryBuilder()
      .select(['rt.roundId AS "roundId"', 'rt.taskId AS "taskId"'])
      .from('dispatch_round_task', 'rt')
      .where('rt.roundId IN (:...ids)', { ids: rounds.map((r) => r.id) })
      .getRawMany();
    return rounds.map((r) => ({
      id: r.id,
      period: r.period,
      title: r.title,
      dueDate: r.dueDate,
      taskIds: scope.filter((s) => Number(s.roundId) === r.id).map((s) => Number(s.taskId)),
    }));
  }

  /** Reports filed in the period, and those answering the rounds due in it. */
  private async reports(
    em: EntityManager,
    planId: number,
    periodStart: string,
    periodEnd: string,
    rounds: SnapshotRoundRow[],
  ): Promise<SnapshotReportRow[]> {
    const periods = [...new Set(rounds.map((r) => r.period))];
    const qb = em
      .createQueryBuilder(ProgressReport, 'r')
      .innerJoin('r.task', 't')
      .select([
        'r.id',
        'r.taskId',
        'r.unitId',
        'r.period',
        'r.filedOn',
        'r.status',
        'r.needsCoordination',
        'r.problems',
        'r.text',
        'r.nextSteps',
      ])
      .where('t.planId = :planId', { planId })
      .andWhere(
        new Brackets((w) => {
          w.where('r.filedOn >= :periodStart AND r.filedOn <= :periodEnd', { periodStart, periodEnd });
          if (periods.length) w.orWhere('r.period IN (:...periods)', { periods });
        }),
      )
      .orderBy('r.id', 'ASC');
    const rows = await qb.getMany();
    return rows.map((r) => ({
      id: r.id,
      taskId: r.taskId,
      unitId: r.unitId,
      period: r.period,
      filedOn: r.filedOn,
      status: r.status,
      needsCoordination: r.needsCoordination,
      problems: r.problems,
      text: r.text,
      nextSteps: r.nextSteps,
    }));
  }
}
