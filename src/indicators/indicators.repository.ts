// The indicators and indicator values tables, with the reads the indicator views need of plans, work items,
// tasks (the tasks linked to an indicator) and progress reports (the report a value was filed with).
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In, type DeepPartial } from 'typeorm';
import { ProgressReport } from '../reports/progress-report.entity';
import { Task } from '../tasks/task.entity';
import { IndicatorValue } from './indicator-value.entity';
import { Indicator } from './indicator.entity';

/** Rows or ids a statement names at most when a plan is written or replaced. */
const BATCH = 300;

export interface IndicatorFilter {
  planId?: number;
  workItemId?: number;
  headline?: boolean;
}

export type ValueWithReport = IndicatorValue & { report?: ProgressReport | null };

@Injectable()
export class IndicatorsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get indicators() {
    return this.txHost.tx.getRepository(Indicator);
  }

  private get values() {
    return this.txHost.tx.getRepository(IndicatorValue);
  }

  // --- indicators ---

  list(filter: IndicatorFilter): Promise<Indicator[]> {
    const qb = this.indicators.createQueryBuilder('i').orderBy('i.id', 'ASC');
    if (filter.planId) qb.andWhere('i.planId = :planId', { planId: filter.planId });
    if (filter.workItemId) qb.andWhere('i.workItemId = :workItemId', { workItemId: filter.workItemId });
    if (filter.headline !== undefined) qb.andWhere('i.headline = :headline', { headline: filter.headline });
    return qb.getMany();
  }

  findById(id: number): Promise<Indicator | null> {
    return this.indicators.findOneBy({ id });
  }

  findByIds(ids: number[]): Promise<Indicator[]> {
    return ids.length ? this.indicators.findBy({ id: In(ids) }) : Promise.resolve([]);
  }

  codeTaken(planId: number, code: string): Promise<boolean> {
    return this.indicators.existsBy({ planId, code });
  }

  /** Inserts a new indicator or writes a loaded one back; a code taken in the plan fails on the unique index. */
  save(indicator: Indicator): Promise<Indicator> {
    return this.indicators.save(indicator);
  }

  build(fields: DeepPartial<Indicator>): Indicator {
    return this.indicators.create(fields);
  }

  /** Tasks linked to the indicator in id order; with a unit, only those it leads or supports. */
  /** The tasks linked to an indicator, within the caller's list scope (see src/access). */
  async linkedTasks(indicatorId: number, scope: SqlScope | null): Promise<Pick<Task, 'id' | 'code' | 'title'>[]> {
    const qb = this.txHost.tx
      .getRepository(Task)
      .createQueryBuilder('t')
      .innerJoin('t.indicators', 'i', 'i.id = :id', { id: indicatorId })
      .select(['t.id', 't.code', 't.title'])
      .orderBy('t.id', 'ASC');
    if (scope) qb.andWhere(scope.where, scope.params);
    return (await qb.getMany()).map((t) => ({ id: t.id, code: t.code, title: t.title }));
  }

  // --- values ---

  /** The values that count (not voided) of the given indicators, oldest observation first. */
  countedValuesOf(indicatorIds: number[]): Promise<IndicatorValue[]> {
    if (!indicatorIds.length) return Promise.resolve([]);
    return this.values.find({
      where: { indicatorId: In(indicatorIds), voided: false },
      order: { observedOn: 'ASC', id: 'ASC' },
    });
  }

  /** An indicator's values, newest first, each with the report it was filed with. */
  valuesWithReports(indicatorId: number, includeVoided: boolean): Promise<ValueWithReport[]> {
    const qb = this.values
      .createQueryBuilder('v')
      .leftJoinAndMapOne('v.report', ProgressReport, 'r', 'r.id = v.reportId')
      .where('v.indicatorId = :id', { id: indicatorId })
      .orderBy('v.observedOn', 'DESC')
      .addOrderBy('v.id', 'DESC');
    if (!includeVoided) qb.andWhere('v.voided = :voided', { voided: false });
    return qb.getMany();
  }

  /** The values filed with the given reports, with their indicators, in id order. */
  valuesOfReports(reportIds: number[]): Promise<IndicatorValue[]> {
    if (!reportIds.length) return Promise.resolve([]);
    return this.values
      .createQueryBuilder('v')
      .innerJoinAndSelect('v.indicator', 'i')
      .where('v.reportId IN (:...ids)', { ids: reportIds })
      .orderBy('v.id', 'ASC')
      .getMany();
  }

  insertValue(fields: DeepPartial<IndicatorValue>): Promise<IndicatorValue> {
    return this.values.save(this.values.create(fields));
  }

  /** The report's values that still count, in id order. */
  countedValuesOfReport(reportId: number): Promise<IndicatorValue[]> {
    return this.values.find({ where: { reportId, voided: false }, order: { id: 'ASC' } });
  }

  async voidValues(ids: number[]): Promise<void> {
    if (ids.length) await this.values.update({ id: In(ids) }, { voided: true });
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  /** Inserts values without reading them back, a few hundred rows a statement. */
  async insertValues(rows: Partial<IndicatorValue>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH) await this.values.insert(rows.slice(i, i + BATCH));
  }

  /** Ids of the plan's indicators. */
  async idsOfPlan(planId: number): Promise<number[]> {
    return (await this.indicators.find({ where: { planId }, select: { id: true } })).map((i) => i.id);
  }

  /** Deletes the values of the indicators and those recorded from the reports (a plan is replaced); their ids. */
  async deleteValuesOf(indicatorIds: number[], reportIds: number[]): Promise<number[]> {
    const ids = new Set<number>();
    for (let i = 0; i < indicatorIds.length; i += BATCH) {
      const chunk = indicatorIds.slice(i, i + BATCH);
      (await this.values.find({ where: { indicatorId: In(chunk) }, select: { id: true } })).forEach((v) =>
        ids.add(v.id),
      );
    }
    for (let i = 0; i < reportIds.length; i += BATCH) {
      const chunk = reportIds.slice(i, i + BATCH);
      (await this.values.find({ where: { reportId: In(chunk) }, select: { id: true } })).forEach((v) => ids.add(v.id));
    }
    const all = [...ids];
    for (let i = 0; i < all.length; i += BATCH) await this.values.delete({ id: In(all.slice(i, i + BATCH)) });
    return all;
  }

  async deleteOfPlan(planId: number): Promise<void> {
    await this.indicators.delete({ planId });
  }
}
