// Gathers what a bulletin is built from — its figures counted by grouped queries, the work items, units and headline
// indicators — and assembles the snapshot; nothing here grows with the number of tasks. It reads through the caller's transaction, so a bulletin generated and sent in one transaction
// sees the data as it stood then.
import { Inject, Injectable } from '@nestjs/common';
import { AssessmentService } from '../assessment/assessment.service';
import { WorkingDaysService } from '../calendar/working-days.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { IndicatorsRepository } from '../indicators/indicators.repository';
import { IndicatorsService } from '../indicators/indicators.service';
import type { Plan } from '../plans/plan.entity';
import { PlansRepository } from '../plans/plans.repository';
import { UnitsRepository } from '../units/units.repository';
import { BulletinFiguresRepository } from './bulletin-figures.repository';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import { UrgingsService } from '../followup/urgings.service';
import { assembleSnapshot, snapshotAsOf, type BulletinSnapshot } from './bulletin-snapshot';

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
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly plans: PlansRepository,
    private readonly figures: BulletinFiguresRepository,
    private readonly indicatorRows: IndicatorsRepository,
    private readonly units: UnitsRepository,
    private readonly indicators: IndicatorsService,
    private readonly workingDays: WorkingDaysService,
    private readonly assessment: AssessmentService,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly urgings: UrgingsService,
  ) {}

  async build(req: SnapshotRequest): Promise<BulletinSnapshot> {
    const { plan, periodStart, periodEnd } = req;
    const asOf = snapshotAsOf(req.generatedOn, periodEnd);

    const workItems = await this.plans.workItemsOf(plan.id);
    const headline = await this.indicatorRows.list({ planId: plan.id, headline: true });
    // read in the transaction in progress (the em argument goes once every service joins it by itself)
    const indicators = await this.indicators.withMetrics(headline, asOf);

    const units = await this.units.all();
    const figures = await this.figures.figures({
      planId: plan.id,
      periodStart,
      periodEnd,
      generatedOn: req.generatedOn,
      maxListed: this.config.bulletins.maxListedTasks,
    });
    const snapshot = assembleSnapshot(
      {
        plan: { id: plan.id, code: plan.code, title: plan.title, titleEn: plan.titleEn },
        number: req.number,
        period: req.period,
        periodStart,
        periodEnd,
        generatedOn: req.generatedOn,
        workItems,
        units,
        indicators,
      },
      figures,
    );
    // recorded only when there are some: a snapshot of years with a calendar is as it always was
    const missing = this.workingDays.missingYears([
      snapshot.periodStart,
      snapshot.periodEnd,
      snapshot.generatedOn,
      ...snapshot.closedThisPeriod.tasks.map((t) => t.deadline),
      ...snapshot.overdueTasks.map((t) => t.deadline),
      ...snapshot.lateReporting.rounds.map((r) => r.dueDate),
    ]);
    if (missing.length) snapshot.calendarMissingYears = missing;
    // the assessment's own ranking for the bulletin's period: the API gives the same scores for the same span
    const ranking = await this.assessment.ranking({ from: periodStart, to: periodEnd, label: req.period });
    snapshot.assessment = {
      from: ranking.from,
      to: ranking.to,
      kinds: ranking.kinds,
      units: ranking.units.map((u) => ({
        unitId: u.unit.id,
        code: u.unit.code,
        name: u.unit.name,
        nameEn: u.unit.nameEn,
        score: u.score,
        rank: u.rank,
      })),
    };
    const acks = await this.acknowledgements.figuresByUnit(periodStart, periodEnd, plan.id);
    const urged = await this.urgings.countsByUnit(periodStart, periodEnd, plan.id);
    snapshot.followUp = {
      acknowledgements: acks.map((a) => ({
        unitId: a.unitId,
        code: a.unitCode,
        name: a.unitName,
        nameEn: a.unitNameEn,
        requested: a.requested,
        onTime: a.onTime,
        late: a.late,
        pending: a.pending,
      })),
      urgings: urged.map((u) => ({
        unitId: u.unit.id,
        code: u.unit.code,
        name: u.unit.name,
        nameEn: u.unit.nameEn,
        count: u.count,
      })),
    };
    return snapshot;
  }
}
