// Indicators (指标) of a plan and their values over time, with achievement, pro-rata expectation and projection
// computed on read. Progress reports record and void their values through recordFromReport and voidForReport.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { listScope } from '../access';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { DomainError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { isUniqueViolation } from '../database/sql';
import type {
  CreateIndicatorDto,
  CreateValueDto,
  IndicatorQueryDto,
  UpdateIndicatorDto,
  ValuesQueryDto,
} from './indicator.dto';
import { indicatorMetrics, latestObserved, type IndicatorMetrics } from './indicator-metrics';
import { IndicatorValue, type ValueSource } from './indicator-value.entity';
import { Indicator } from './indicator.entity';
import { PlansRepository } from '../plans/plans.repository';
import { IndicatorsRepository, type ValueWithReport } from './indicators.repository';

const AUDITED: (keyof Indicator)[] = [
  'planId',
  'workItemId',
  'code',
  'name',
  'nameEn',
  'measure',
  'measureEn',
  'baseline',
  'baselineDate',
  'target',
  'targetDate',
  'direction',
  'headline',
  'sourceQuote',
];

const VALUE_AUDITED: (keyof IndicatorValue)[] = [
  'indicatorId',
  'value',
  'observedOn',
  'source',
  'reportId',
  'enteredById',
  'note',
  'voided',
];

export interface Metrics extends IndicatorMetrics {
  /** The date the metrics are computed for: today unless asked otherwise. */
  asOf: string;
  /** The indicator_value row the latest value comes from. */
  latestValueId: number | null;
}

export type IndicatorView = Indicator & { metrics: Metrics };

export interface LinkedTask {
  id: number;
  code: string;
  title: string;
}

export type IndicatorDetail = IndicatorView & { tasks: LinkedTask[] };

export interface ValueView {
  id: number;
  indicatorId: number;
  value: number;
  observedOn: string;
  note: string;
  source: ValueSource;
  /** The progress report the value was filed with, when source is 'report'. */
  report: { id: number; unitId: number; taskId: number; period: string; status: string } | null;
  enteredById: number | null;
  voided: boolean;
  createdAt: Date;
}

export interface ReportValueArgs {
  indicatorId: number;
  value: number;
  observedOn: string;
  reportId: number;
  /** The request field that errors name, e.g. indicatorValues[0]. */
  field?: string;
}

function duplicateCode(code: string, planId: number): DomainError {
  const en = `An indicator with code ${code} exists in plan ${planId}`;
  const zh = `计划 ${planId} 中已有代码为 ${code} 的指标`;
  return new DomainError(409, 'duplicate_code', en, zh, [
    { field: 'code', code: 'duplicate_code', message: en, messageZh: zh },
  ]);
}

@Injectable()
export class IndicatorsService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: IndicatorsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
  ) {}

  async list(q: IndicatorQueryDto): Promise<IndicatorView[]> {
    const rows = await this.repo.list({ planId: q.planId, workItemId: q.workItemId, headline: q.headline });
    return this.withMetrics(rows, q.asOf);
  }

  async get(actor: Actor, id: number, asOf?: string): Promise<IndicatorDetail> {
    const indicator = await this.find(id);
    const [view] = await this.withMetrics([indicator], asOf);
    return { ...view, tasks: await this.linkedTasks(actor, id) };
  }

  /**
   * The metrics of the given indicators as of a date (today by default), from their values that are not voided,
   * read with one query for all of them (in the ambient transaction, if any: `_em` is kept for callers).
   */
  async withMetrics(indicators: Indicator[], asOf?: string): Promise<IndicatorView[]> {
    const today = asOf ?? this.clock.today();
    const rows = await this.repo.countedValuesOf(indicators.map((i) => i.id));
    const byIndicator = new Map<number, IndicatorValue[]>();
    for (const row of rows) {
      const list = byIndicator.get(row.indicatorId);
      if (list) list.push(row);
      else byIndicator.set(row.indicatorId, [row]);
    }
    const margin = this.config.grades.yellowMarginPercent;
    return indicators.map((indicator) => {
      const values = byIndicator.get(indicator.id) ?? [];
      const metrics = indicatorMetrics(indicator, values, today, margin);
      return {
        ...indicator,
        metrics: { asOf: today, latestValueId: latestObserved(values, today)?.id ?? null, ...metrics },
      };
    });
  }

  /** Tasks linked to the indicator; a liaison sees those its unit leads or supports. */
  private linkedTasks(actor: Actor, id: number): Promise<LinkedTask[]> {
    return this.repo.linkedTasks(id, listScope(actor, 'task.read'));
  }

  private async find(id: number): Promise<Indicator> {
    const indicator = await this.repo.findById(id);
    if (!indicator) throw new NotFoundError('Indicator', id, '指标');
    return indicator;
  }

  /** Checks that every id names an indicator; the error names the request field. */
  async requireIds(ids: number[], field: string): Promise<Indicator[]> {
    const unique = [...new Set(ids)];
    if (!unique.length) return [];
    const found = await this.repo.findByIds(unique);
    const missing = unique.filter((id) => !found.some((i) => i.id === id));
    if (missing.length) {
      throw new InvalidFieldError(
        field,
        `unknown indicator ${missing.join(', ')}`,
        `指标 ${missing.join('、')} 不存在`,
        'unknown_indicator',
      );
    }
    return unique.map((id) => found.find((i) => i.id === id) as Indicator);
  }

  async create(actor: Actor, dto: CreateIndicatorDto): Promise<IndicatorView> {
    const saved = await this.txHost.withTransaction(async () => {
      if (!(await this.plans.planExists(dto.planId))) {
        throw new InvalidFieldError(
          'planId',
          `unknown plan ${dto.planId}`,
          `计划 ${dto.planId} 不存在`,
          'unknown_plan',
        );
      }
      const indicator = this.repo.build({
        ...dto,
        workItemId: dto.workItemId ?? null,
        nameEn: dto.nameEn ?? null,
        measureEn: dto.measureEn ?? null,
        baseline: dto.baseline ?? 0,
        direction: dto.direction ?? 'increase',
        headline: dto.headline ?? false,
        sourceQuote: dto.sourceQuote ?? null,
        source: 'user',
      });
      await this.checkTerms(indicator);
      if (await this.repo.codeTaken(indicator.planId, indicator.code)) {
        throw duplicateCode(indicator.code, indicator.planId);
      }
      await this.save(indicator);
      await this.audit.recordCreate(actor, 'indicator', indicator.id, indicator, AUDITED);
      return indicator;
    });
    const [view] = await this.withMetrics([saved]);
    return view;
  }

  async update(actor: Actor, id: number, dto: UpdateIndicatorDto): Promise<IndicatorView> {
    const saved = await this.txHost.withTransaction(async () => {
      const indicator = await this.find(id);
      const before = { ...indicator };
      for (const [key, value] of Object.entries(dto)) {
        if (value !== undefined) Object.assign(indicator, { [key]: value });
      }
      await this.checkTerms(indicator);
      if (indicator.code !== before.code && (await this.repo.codeTaken(indicator.planId, indicator.code))) {
        throw duplicateCode(indicator.code, indicator.planId);
      }
      await this.save(indicator);
      await this.audit.recordUpdate(actor, 'indicator', id, before, indicator, AUDITED);
      return indicator;
    });
    const [view] = await this.withMetrics([saved]);
    return view;
  }

  private async save(indicator: Indicator): Promise<void> {
    try {
      await this.repo.save(indicator);
    } catch (error) {
      // two requests racing for the same code: the unique index decides
      if (isUniqueViolation(error)) throw duplicateCode(indicator.code, indicator.planId);
      throw error;
    }
  }

  /** The rules across fields: the work item is in the plan, the dates are in order, the target is in the direction. */
  private async checkTerms(indicator: Indicator): Promise<void> {
    if (indicator.workItemId !== null) {
      const workItem = await this.plans.findWorkItem(indicator.workItemId);
      if (!workItem || workItem.planId !== indicator.planId) {
        throw new InvalidFieldError(
          'workItemId',
          `work item ${indicator.workItemId} is not in plan ${indicator.planId}`,
          `工作事项 ${indicator.workItemId} 不属于计划 ${indicator.planId}`,
          'unknown_work_item',
        );
      }
    }
    if (indicator.targetDate <= indicator.baselineDate) {
      throw new InvalidFieldError(
        'targetDate',
        `must be after baselineDate (${indicator.baselineDate})`,
        `必须晚于基期日期 baselineDate(${indicator.baselineDate})`,
        'not_after_baseline_date',
      );
    }
    if (indicator.direction === 'increase' && indicator.target < indicator.baseline) {
      throw new InvalidFieldError(
        'target',
        `must not be below the baseline (${indicator.baseline}) for an increasing indicator`,
        `递增指标的目标值不能低于基期值（${indicator.baseline}）`,
        'against_direction',
      );
    }
    if (indicator.direction === 'decrease' && indicator.target > indicator.baseline) {
      throw new InvalidFieldError(
        'target',
        `must not be above the baseline (${indicator.baseline}) for a decreasing indicator`,
        `递减指标的目标值不能高于基期值（${indicator.baseline}）`,
        'against_direction',
      );
    }
  }

  /** The indicator's values, newest first, each with the report it came from. */
  async listValues(id: number, q: ValuesQueryDto): Promise<ValueView[]> {
    await this.find(id);
    return (await this.repo.valuesWithReports(id, !!q.includeVoided)).map(toValueView);
  }

  /** A value entered by the secretariat (or a lead): observed between the baseline date and today. */
  async addValue(actor: Actor, id: number, dto: CreateValueDto): Promise<ValueView> {
    return this.txHost.withTransaction(async () => {
      const indicator = await this.find(id);
      const today = this.clock.today();
      if (dto.observedOn > today) {
        throw new InvalidFieldError(
          'observedOn',
          `must not be in the future (today is ${today})`,
          `不能晚于今天（${today}）`,
          'future_date',
        );
      }
      this.checkObservedOn(indicator, dto.observedOn, 'observedOn');
      const value = await this.repo.insertValue({
        indicatorId: id,
        value: dto.value,
        observedOn: dto.observedOn,
        source: 'secretariat',
        reportId: null,
        enteredById: actor.id || null,
        note: dto.note ?? '',
        voided: false,
      });
      await this.audit.recordCreate(actor, 'indicator_value', value.id, value, VALUE_AUDITED);
      return toValueView(value);
    });
  }

  private checkObservedOn(indicator: Indicator, observedOn: string, field: string): void {
    if (observedOn < indicator.baselineDate) {
      throw new InvalidFieldError(
        field,
        `must not be before the indicator's baseline date (${indicator.baselineDate})`,
        `不能早于指标的基期日期（${indicator.baselineDate}）`,
        'before_baseline_date',
      );
    }
  }

  /** Records a value filed with a progress report, inside the report's own (ambient) transaction. */
  async recordFromReport(actor: Actor, args: ReportValueArgs): Promise<IndicatorValue> {
    const field = args.field ?? 'indicatorId';
    const indicator = await this.repo.findById(args.indicatorId);
    if (!indicator) {
      throw new InvalidFieldError(
        field,
        `unknown indicator ${args.indicatorId}`,
        `指标 ${args.indicatorId} 不存在`,
        'unknown_indicator',
      );
    }
    if (!Number.isFinite(args.value)) {
      throw new InvalidFieldError(field, 'the value must be a finite number', '指标值必须是有限数值', 'not_finite');
    }
    this.checkObservedOn(indicator, args.observedOn, field);
    const value = await this.repo.insertValue({
      indicatorId: indicator.id,
      value: args.value,
      observedOn: args.observedOn,
      source: 'report',
      reportId: args.reportId,
      enteredById: actor.id || null,
      note: '',
      voided: false,
    });
    await this.audit.recordCreate(actor, 'indicator_value', value.id, value, VALUE_AUDITED);
    return value;
  }

  /**
   * Voids the values of a report that was sent back, inside the review's own (ambient) transaction: they stop
   * counting but stay on record.
   */
  async voidForReport(actor: Actor, reportId: number): Promise<IndicatorValue[]> {
    const rows = await this.repo.countedValuesOfReport(reportId);
    if (!rows.length) return [];
    await this.repo.voidValues(rows.map((r) => r.id));
    for (const row of rows) {
      const before = { ...row };
      row.voided = true;
      await this.audit.recordUpdate(actor, 'indicator_value', row.id, before, row, ['voided'], 'void');
    }
    return rows;
  }
}

function toValueView(v: ValueWithReport): ValueView {
  return {
    id: v.id,
    indicatorId: v.indicatorId,
    value: v.value,
    observedOn: v.observedOn,
    note: v.note,
    source: v.source,
    report: v.report
      ? {
          id: v.report.id,
          unitId: v.report.unitId,
          taskId: v.report.taskId,
          period: v.report.period,
          status: v.report.status,
        }
      : null,
    enteredById: v.enteredById,
    voided: v.voided,
    createdAt: v.createdAt,
  };
}
