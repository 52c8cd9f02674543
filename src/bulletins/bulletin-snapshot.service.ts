// Loads the rows a bulletin is built from — a handful of queries for the whole plan, none per task — and hands them
// to buildSnapshot. It reads through the caller's transaction, so a bulletin generated and sent in one transaction
// sees the data as it stood then.
import { Injectable } from '@nestjs/common';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { IndicatorsRepository } from '../indicators/indicators.repository';
import { IndicatorsService } from '../indicators/indicators.service';
import type { Plan } from '../plans/plan.entity';
import { PlansRepository } from '../plans/plans.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { TasksRepository } from '../tasks/tasks.repository';
import { TasksService } from '../tasks/tasks.service';
import { UnitsRepository } from '../units/units.repository';
import { buildSnapshot, snapshotAsOf, type BulletinSnapshot, type SnapshotReportRow } from './bulletin-snapshot';

export interface SnapshotRequest {
  plan: Plan;
  number: number;
  period: string;
  periodStart: string;
  periodEnd: string;
  /** The generation date: today. */
  generatedOn: string;
}

/** The columns of a report the snapshot keeps. */
const reportRow = (r: SnapshotReportRow): SnapshotReportRow => ({
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
});

@Injectable()
export class BulletinSnapshotService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly taskRows: TasksRepository,
    private readonly indicatorRows: IndicatorsRepository,
    private readonly rounds: DispatchRepository,
    private readonly reportRows: ReportsRepository,
    private readonly units: UnitsRepository,
    private readonly tasks: TasksService,
    private readonly indicators: IndicatorsService,
  ) {}

  async build(req: SnapshotRequest): Promise<BulletinSnapshot> {
    const { plan, periodStart, periodEnd } = req;
    const asOf = snapshotAsOf(req.generatedOn, periodEnd);

    const workItems = await this.plans.workItemsOf(plan.id);
    const tasks = await this.taskRows.summaryRowsOfPlan(plan.id);
    const headline = await this.indicatorRows.list({ planId: plan.id, headline: true });
    // read in the transaction in progress (the em argument goes once every service joins it by itself)
    const indicators = await this.indicators.withMetrics(headline, asOf);

    const rounds = await this.rounds.dueBetweenWithTasks(plan.id, periodStart, periodEnd);
    const periods = [...new Set(rounds.map((r) => r.period))];
    const reports = (await this.reportRows.filedInPeriodOrFor(plan.id, periodStart, periodEnd, periods)).map(reportRow);
    const units = await this.units.all();

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
}
