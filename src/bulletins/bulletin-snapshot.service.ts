// Loads the rows a bulletin is built from — a handful of queries for the whole plan, none per task — and hands them
// to buildSnapshot. It reads through the caller's transaction, so a bulletin generated and sent in one transaction
// sees the data as it stood then.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { IndicatorsService } from '../indicators/indicators.service';
import type { Plan } from '../plans/plan.entity';
import { TasksService } from '../tasks/tasks.service';
import { BulletinsRepository } from './bulletins.repository';
import { buildSnapshot, snapshotAsOf, type BulletinSnapshot } from './bulletin-snapshot';

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
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly bulletins: BulletinsRepository,
    private readonly tasks: TasksService,
    private readonly indicators: IndicatorsService,
  ) {}

  async build(req: SnapshotRequest): Promise<BulletinSnapshot> {
    const { plan, periodStart, periodEnd } = req;
    const asOf = snapshotAsOf(req.generatedOn, periodEnd);

    const workItems = await this.bulletins.snapshotWorkItems(plan.id);
    const tasks = await this.bulletins.snapshotTasks(plan.id);
    const headline = await this.bulletins.snapshotHeadlineIndicators(plan.id);
    // read in the transaction in progress (the em argument goes once every service joins it by itself)
    const indicators = await this.indicators.withMetrics(headline, asOf);

    const rounds = await this.bulletins.snapshotRounds(plan.id, periodStart, periodEnd);
    const periods = [...new Set(rounds.map((r) => r.period))];
    const reports = await this.bulletins.snapshotReports(plan.id, periodStart, periodEnd, periods);
    const units = await this.bulletins.snapshotUnits();

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
