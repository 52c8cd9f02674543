// Progress reports (进展) and their review: a unit files a report on a task it leads or supports; the lead
// unit's report moves the task's progress; the secretariat accepts a report or sends it back (退办), which
// restores the progress and voids the report's indicator values. With separation of duties on, whoever filed a
// report does not review it.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import {
  assertCan,
  assertNotOwn,
  attachmentUploadActions,
  can,
  listScope,
  reportActions,
  reportObject,
  scopeOf,
  type Action,
} from '../access';
import { AuditService, type FieldChange } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { col } from '../database/sql';
import { ConflictError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { isUniqueViolation } from '../database/sql';
import { IndicatorsRepository } from '../indicators/indicators.repository';
import { IndicatorsService } from '../indicators/indicators.service';
import type { Task } from '../tasks/task.entity';
import { TasksService } from '../tasks/tasks.service';
import type { Page } from '../common/pagination';
import type { ProgressReport, ReportStatus } from './progress-report.entity';
import type { AcceptReportDto, CreateReportDto, ReportIndicatorValueDto, ReportQueryDto } from './report.dto';
import { parsePeriod } from './report-period';
import { ReportsRepository, type LoadedReport } from './reports.repository';

const taskUnits = (task: Task) => ({
  leadUnitId: task.leadUnitId,
  supportingUnitIds: task.supportingUnits.map((u) => u.id),
});

const FINISHED = ['closed', 'cancelled'];

const AUDITED: (keyof ProgressReport)[] = [
  'taskId',
  'unitId',
  'period',
  'percent',
  'progressBefore',
  'needsCoordination',
  'status',
  'resubmissionOfId',
  'dispatchRoundId',
  'filedOn',
];

/** A report's status in the words the pages, messages and documents use. */
export const REPORT_STATUS_WORDS: Record<ReportStatus, [string, string]> = {
  submitted: ['待审核', 'awaiting review'],
  accepted: ['已采纳', 'accepted'],
  returned: ['已退办', 'sent back'],
};
const STATUS_ZH = Object.fromEntries(Object.entries(REPORT_STATUS_WORDS).map(([k, [zh]]) => [k, zh])) as Record<
  ReportStatus,
  string
>;

export interface ReportValueView {
  id: number;
  indicatorId: number;
  code: string;
  name: string;
  nameEn: string | null;
  measure: string;
  value: number;
  observedOn: string;
  voided: boolean;
}

/** An attachment of a report, as the report's answer lists it (download: /api/attachments/:id/content). */
export interface ReportAttachmentRef {
  id: number;
  filename: string;
  size: number;
  contentType: string;
}

/**
 * The attachments of many reports, by report id, in one query; given by the attachments module, which sits above
 * reports (see useAttachments), so that reports need not know it. None until it is given.
 */
export type ReportAttachmentsSource = (reportIds: number[]) => Promise<Map<number, ReportAttachmentRef[]>>;

export interface ReportView {
  id: number;
  task: { id: number; code: string; title: string };
  unit: { id: number; code: string; name: string; nameEn: string | null };
  /** Whether the report is the lead unit's, the one that answers for the task. */
  fromLeadUnit: boolean;
  period: string;
  text: string;
  percent: number;
  progressBefore: number | null;
  problems: string;
  nextSteps: string;
  needsCoordination: boolean;
  status: ReportStatus;
  reviewReason: string | null;
  reviewedBy: { id: number; displayName: string } | null;
  reviewedAt: Date | null;
  resubmissionOfId: number | null;
  filedBy: { id: number; displayName: string } | null;
  filedAt: Date;
  filedOn: string;
  source: string;
  /** The dispatch round the report answers, if one covered its task, unit and period when it was filed. */
  dispatchRoundId: number | null;
  /** Filed after its dispatch round's due date; no report is late until it belongs to a round. */
  late: boolean;
  indicatorValues: ReportValueView[];
  /** The report's attachments (附件), oldest first. */
  attachments: ReportAttachmentRef[];
  /** What the caller may do to the report now. */
  allowedActions: Action[];
}

@Injectable()
export class ReportsService {
  private attachmentsOf: ReportAttachmentsSource = () => Promise.resolve(new Map());

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: ReportsRepository,
    private readonly tasks: TasksService,
    private readonly indicators: IndicatorsService,
    private readonly indicatorRows: IndicatorsRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  /** Where the reports' attachments are read from (called once by the attachments module at start). */
  useAttachments(source: ReportAttachmentsSource): void {
    this.attachmentsOf = source;
  }

  // --- filing ---

  async file(actor: Actor, taskId: number, dto: CreateReportDto): Promise<ReportView> {
    assertCan(actor, 'report.file', undefined, {
      en: 'Reports are filed by a unit’s liaisons, or by a lead or the secretariat on a unit’s behalf',
      zh: '进展由单位联络员报送，或由专班负责人、专班办公室代为报送',
    });
    const id = await this.txHost.withTransaction(async () => {
      const task = await this.tasks.findReadable(actor, taskId);
      const unitId = this.reportingUnit(actor, task, dto.unitId);
      this.checkPeriod(dto.period);
      const values = this.checkIndicatorValues(task, dto.indicatorValues ?? []);
      if (FINISHED.includes(task.status)) {
        throw new ConflictError(
          `The task is ${task.status}: no more reports are taken`,
          `任务已${task.status === 'closed' ? '办结' : '取消'}，不再接收进展报送`,
          'task_finished',
        );
      }
      if (task.status === 'draft') {
        throw new ConflictError(
          'The task is a draft and not yet assigned: no reports are taken',
          '任务尚为草稿、未下达，不接收进展报送',
          'task_not_assigned',
        );
      }

      // The partial unique index (taskId, unitId, period) of live reports decides; the earlier filings give the
      // report a re-filing follows and, when one stands, a message naming it.
      const earlier = await this.reports.filingsOf(taskId, unitId, dto.period);
      const standing = earlier.find((r) => r.status !== 'returned');
      if (standing) {
        throw new ConflictError(
          `Report ${standing.id} of this unit for ${dto.period} is ${standing.status}; ` +
            'a new one is taken only after a report is sent back',
          `本单位 ${dto.period} 的进展（编号 ${standing.id}）${STATUS_ZH[standing.status]}，退办后方可重新报送`,
          'report_exists',
          'period',
        );
      }
      const resubmissionOf = earlier.find((r) => r.status === 'returned') ?? null;

      // Supporting units contribute; only the lead unit's report moves the task's progress.
      const progressBefore =
        unitId === task.leadUnitId ? await this.tasks.applyReportProgress(actor, task, dto.percent) : null;
      const round = await this.reports.answeredRound(task.planId, task.id, unitId, dto.period);
      const report = await this.insertLive({
        taskId,
        unitId,
        period: dto.period,
        text: dto.text,
        percent: dto.percent,
        progressBefore,
        problems: dto.problems ?? '',
        nextSteps: dto.nextSteps ?? '',
        needsCoordination: dto.needsCoordination ?? false,
        status: 'submitted',
        reviewReason: null,
        reviewedById: null,
        reviewedAt: null,
        resubmissionOfId: resubmissionOf?.id ?? null,
        dispatchRoundId: round?.id ?? null,
        filedById: actor.id || null,
        filedAt: this.clock.now(),
        filedOn: this.clock.today(),
        source: 'user',
      });
      for (const [i, v] of values.entries()) {
        await this.indicators.recordFromReport(actor, {
          indicatorId: v.indicatorId,
          value: v.value,
          observedOn: report.filedOn,
          reportId: report.id,
          field: `indicatorValues[${i}]`,
        });
      }
      await this.audit.recordCreate(actor, 'report', report.id, report, AUDITED);
      return report.id;
    });
    return this.get(actor, id);
  }

  /** A report filed at the same time by another request for the same task, unit and period loses: a 409. */
  private async insertLive(fields: Partial<ProgressReport>): Promise<ProgressReport> {
    try {
      return await this.reports.insert(fields);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      throw new ConflictError(
        `A report of this unit for ${fields.period} was filed at the same time; ` +
          'a new one is taken only after a report is sent back',
        `本单位 ${fields.period} 的进展已同时报送，退办后方可重新报送`,
        'report_exists',
        'period',
      );
    }
  }

  /** The unit a report is filed for: a liaison's own unit, or the unit a lead or the secretariat names. */
  private reportingUnit(actor: Actor, task: Task, requested: number | undefined): number {
    const involved = (unitId: number) =>
      unitId === task.leadUnitId || task.supportingUnits.some((u) => u.id === unitId);
    if (scopeOf(actor, 'report.file') !== 'all') {
      // findReadable has checked that a liaison's unit leads or supports the task
      const own = actor.unitId as number;
      if (requested !== undefined && requested !== own) {
        throw new ForbiddenError('A liaison reports for its own unit only', '联络员只能报送本单位的进展');
      }
      return own;
    }
    if (requested === undefined) {
      throw new InvalidFieldError(
        'unitId',
        'is required when filing on behalf of a unit',
        '代单位报送时必须填写单位',
        'required',
      );
    }
    if (!involved(requested)) {
      throw new InvalidFieldError(
        'unitId',
        `unit ${requested} neither leads nor supports task ${task.code}`,
        `单位 ${requested} 不是任务 ${task.code} 的牵头或配合单位`,
        'unit_not_involved',
      );
    }
    return requested;
  }

  /** A period that has not begun cannot be reported on. */
  private checkPeriod(value: string): void {
    const period = parsePeriod(value);
    const today = this.clock.today();
    if (period && period.start > today) {
      throw new InvalidFieldError(
        'period',
        `${value} has not begun (today is ${today})`,
        `报送期 ${value} 尚未开始（今天是 ${today}）`,
        'future_period',
      );
    }
  }

  /** Indicator values may be filed only for indicators linked to the task. */
  private checkIndicatorValues(task: Task, values: ReportIndicatorValueDto[]): ReportIndicatorValueDto[] {
    const linked = new Set((task.indicators ?? []).map((i) => i.id));
    values.forEach((v, i) => {
      if (!linked.has(v.indicatorId)) {
        throw new InvalidFieldError(
          `indicatorValues[${i}].indicatorId`,
          `indicator ${v.indicatorId} is not linked to task ${task.code}`,
          `指标 ${v.indicatorId} 未关联任务 ${task.code}`,
          'indicator_not_linked',
        );
      }
    });
    return values;
  }

  // --- review ---

  async accept(actor: Actor, id: number, dto: AcceptReportDto): Promise<ReportView> {
    assertCan(actor, 'report.review', undefined, {
      en: 'Only the secretariat or a lead reviews reports',
      zh: '只有专班办公室或专班负责人可以审核进展',
    });
    await this.txHost.withTransaction(async () => {
      const { report } = await this.findForReview(actor, id);
      const note = dto.note?.trim() ? dto.note : null;
      await this.reports.update(id, {
        status: 'accepted',
        reviewReason: note,
        reviewedById: actor.id || null,
        reviewedAt: this.clock.now(),
      });
      const changes: FieldChange[] = [{ field: 'status', from: report.status, to: 'accepted' }];
      if (note) changes.push({ field: 'note', from: null, to: note });
      await this.audit.record(actor, 'report', id, 'report.accept', changes);
    });
    return this.get(actor, id);
  }

  /** Sends a report back (退办): the progress it set is restored and its indicator values stop counting. */
  async return(actor: Actor, id: number, reason: string): Promise<ReportView> {
    assertCan(actor, 'report.review', undefined, {
      en: 'Only the secretariat or a lead reviews reports',
      zh: '只有专班办公室或专班负责人可以审核进展',
    });
    await this.txHost.withTransaction(async () => {
      const { report, task } = await this.findForReview(actor, id);
      await this.reports.update(id, {
        status: 'returned',
        reviewReason: reason,
        reviewedById: actor.id || null,
        reviewedAt: this.clock.now(),
      });
      await this.audit.record(actor, 'report', id, 'report.return', [
        { field: 'status', from: report.status, to: 'returned' },
        { field: 'reason', from: null, to: reason },
      ]);
      // A finished task keeps its final progress.
      if (report.progressBefore !== null && !FINISHED.includes(task.status)) {
        await this.tasks.revertReportProgress(actor, report.taskId, report.percent, report.progressBefore);
      }
      await this.indicators.voidForReport(actor, id);
    });
    return this.get(actor, id);
  }

  private async findForReview(actor: Actor, id: number): Promise<{ report: ProgressReport; task: Task }> {
    const report = await this.reports.findById(id);
    if (!report) throw new NotFoundError('Report', id, '进展报告');
    const task = await this.tasks.findReadable(actor, report.taskId);
    if (report.status !== 'submitted') {
      throw new ConflictError(
        `The report was already reviewed: it is ${report.status}`,
        `该进展已审核（${STATUS_ZH[report.status]}）`,
        'already_reviewed',
      );
    }
    assertNotOwn(actor, report.filedById, 'report', this.config.security.separationOfDuties);
    return { report, task };
  }

  // --- reading ---

  async get(actor: Actor, id: number): Promise<ReportView> {
    const report = await this.reports.findLoaded(id);
    if (!report) throw new NotFoundError('Report', id, '进展报告');
    const task = await this.tasks.findReadable(actor, report.taskId);
    assertCan(actor, 'report.read', reportObject(taskUnits(task), report), {
      en: "A supporting unit reads its own reports on a task and the lead unit's, not other units'",
      zh: '配合单位只能查看本单位和牵头单位报送的进展',
    });
    const [view] = await this.views(actor, [report]);
    return view;
  }

  /** A task's reports, newest first, as far as the actor may read them. */
  async listForTask(actor: Actor, taskId: number): Promise<ReportView[]> {
    const task = await this.tasks.findReadable(actor, taskId);
    const units = taskUnits(task);
    const rows = (await this.reports.ofTask(taskId)).filter((r) => can(actor, 'report.read', reportObject(units, r)));
    return this.views(actor, rows);
  }

  /** Reports across tasks, newest first; a liaison sees its own unit's only, whatever unit it asks for. */
  async list(actor: Actor, q: ReportQueryDto): Promise<Page<ReportView>> {
    const scope = listScope(actor, 'report.read', { unit: col('r', 'unitId') });
    const [rows, total] = await this.reports.pageOf(
      {
        scope,
        unitId: scope ? undefined : q.unitId,
        taskId: q.taskId,
        status: q.status,
        period: q.period,
        needsCoordination: q.needsCoordination,
      },
      q,
    );
    return { items: await this.views(actor, rows), total, page: q.page, pageSize: q.pageSize };
  }

  /** The reports as shown, with their indicator values read in one query for all of them. */
  private async views(actor: Actor, reports: LoadedReport[]): Promise<ReportView[]> {
    const ids = reports.map((r) => r.id);
    const roundIds = [...new Set(reports.map((r) => r.dispatchRoundId).filter((id): id is number => id !== null))];
    const dueDates = await this.reports.roundDueDates(roundIds);
    const values = await this.indicatorRows.valuesOfReports(ids);
    const attachments = ids.length ? await this.attachmentsOf(ids) : new Map<number, ReportAttachmentRef[]>();
    return reports.map((r) => ({
      id: r.id,
      task: { id: r.task.id, code: r.task.code, title: r.task.title },
      unit: { id: r.unit.id, code: r.unit.code, name: r.unit.name, nameEn: r.unit.nameEn },
      fromLeadUnit: r.unitId === r.task.leadUnitId,
      period: r.period,
      text: r.text,
      percent: r.percent,
      progressBefore: r.progressBefore,
      problems: r.problems,
      nextSteps: r.nextSteps,
      needsCoordination: r.needsCoordination,
      status: r.status,
      reviewReason: r.reviewReason,
      reviewedBy: r.reviewedBy ? { id: r.reviewedBy.id, displayName: r.reviewedBy.displayName } : null,
      reviewedAt: r.reviewedAt,
      resubmissionOfId: r.resubmissionOfId,
      filedBy: r.filedBy ? { id: r.filedBy.id, displayName: r.filedBy.displayName } : null,
      filedAt: r.filedAt,
      filedOn: r.filedOn,
      source: r.source,
      dispatchRoundId: r.dispatchRoundId,
      late: r.dispatchRoundId !== null && r.filedOn > (dueDates.get(r.dispatchRoundId) ?? r.filedOn),
      indicatorValues: values
        .filter((v) => v.reportId === r.id)
        .map((v) => ({
          id: v.id,
          indicatorId: v.indicatorId,
          code: v.indicator.code,
          name: v.indicator.name,
          nameEn: v.indicator.nameEn,
          measure: v.indicator.measure,
          value: v.value,
          observedOn: v.observedOn,
          voided: v.voided,
        })),
      attachments: attachments.get(r.id) ?? [],
      allowedActions: [
        ...reportActions(actor, r, this.config.security.separationOfDuties),
        ...attachmentUploadActions(actor, { unitId: r.unitId, editable: r.status === 'submitted' }),
      ],
    }));
  }
}
