// Dispatch rounds (调度): the secretariat opens a round for a period with a due date and the units and tasks in
// scope; each unit is asked for its reports; the round shows who has reported, who has not and who was late.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { assertCan, listScope, roundActions, scopeOf, type Action } from '../access';
import { AuditService } from '../audit/audit.service';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ClockService } from '../common/clock.service';
import { col } from '../database/sql';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ConflictError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { isUniqueViolation } from '../database/sql';
import type { Plan } from '../plans/plan.entity';
import { PlansRepository } from '../plans/plans.repository';
import { ReportsRepository } from '../reports/reports.repository';
import { OPEN_STATUSES } from '../tasks/status-machine';
import type { Task } from '../tasks/task.entity';
import { TasksRepository } from '../tasks/tasks.repository';
import type { Page } from '../common/pagination';
import type { Unit } from '../units/unit.entity';
import { UnitsRepository } from '../units/units.repository';
import { UsersRepository } from '../users/users.repository';
import { DispatchMailer, REQUEST_LIST, defaultRoundTitle, type Enqueued } from './dispatch-mail.service';
import { configuredRemindOptions } from './dispatch-options';
import type { DispatchRound, RoundStatus } from './dispatch-round.entity';
import { DispatchRepository } from './dispatch.repository';
import type { OpenRoundDto, RoundMissingQueryDto, RoundQueryDto, RoundTasksQueryDto } from './dispatch-round.dto';
import { roundCalendar } from './reminder-days';
import {
  countTotals,
  unitCountsRow,
  unitStatuses,
  type CountTotals,
  type PeriodReport,
  type ScopeTask,
  type ScopeUnit,
  type UnitCountsRow,
  type UnitStatus,
} from './round-status';

/** Who reminds units in a round: the secretariat and the leads, and the system (command line). */
function requireReminder(actor: Actor): void {
  assertCan(actor, 'round.remind', undefined, {
    en: 'Only the secretariat or a lead reminds units in a dispatch round',
    zh: '只有专班办公室或专班负责人可以催报',
  });
}

/** Who opens and closes rounds: the secretariat and the leads, and the system (schedule, command line). */
function requireOpener(actor: Actor): void {
  assertCan(actor, 'round.manage', undefined, {
    en: 'Only the secretariat or a lead opens and closes dispatch rounds',
    zh: '只有专班办公室或专班负责人可以发起和结束调度',
  });
}

const AUDITED = ['planId', 'period', 'title', 'dueDate', 'status', 'unitIds', 'taskCount', 'linkedReportIds'] as const;

export interface OpenRoundInput {
  planId?: number;
  period: string;
  dueDate: string;
  title?: string;
  unitIds?: number[];
  taskIds?: number[];
}

export interface OpenedRoundResult {
  round: DispatchRound;
  requests: Enqueued;
  linkedReportIds: number[];
}

export interface RoundSummary {
  id: number;
  plan: { id: number; code: string; title: string };
  period: string;
  title: string;
  dueDate: string;
  status: RoundStatus;
  openedBy: { id: number; displayName: string } | null;
  openedAt: Date;
  closedAt: Date | null;
  /** When reminders go out and when the late units are listed, on the working-day calendar. */
  reminderDays: string[];
  lateNoticeDay: string;
  totals: CountTotals;
  /** What the caller may do to the round now. */
  allowedActions: Action[];
}

/** A round with each unit's counts; its tasks are read a page at a time (tasks()). */
export interface RoundView extends RoundSummary {
  units: UnitCountsRow[];
}

export interface OpenedRoundView extends RoundView {
  requests: { count: number; messageIds: number[]; unitIds: number[]; withoutAddress: number[] };
  /** Reports of the period filed before the round opened, now counted as answering it. */
  linkedReports: { count: number };
}

/** A task in a round's scope, as its paged list shows it. */
export interface RoundTaskView extends ScopeTask {
  /** The lead unit has a report of the period that answers the round. */
  reported: boolean;
  /** One of those reports was filed after the due date. */
  late: boolean;
  /** The lead unit's answering reports of the period on the task. */
  reportIds: number[];
}

/** How many tasks and reports the late list names per unit; its counts say how many there are in all. */
const LATE_LIST = 50;

export interface LateView {
  roundId: number;
  period: string;
  dueDate: string;
  asOf: string;
  units: {
    unit: ScopeUnit;
    state: UnitStatus['state'];
    /** The first LATE_LIST of each; the count is the whole. */
    missing: { count: number; tasks: { id: number; code: string; title: string }[] };
    late: { count: number; reports: { id: number; taskId: number; filedOn: string }[] };
  }[];
  totals: { units: { count: number; unitIds: number[] }; missing: { count: number }; late: { count: number } };
}

/** Tasks a unit's row in the missing list names at most; its count says how many there are. */
export const MISSING_LIST = 20;

export interface MissingView {
  roundId: number;
  period: string;
  dueDate: string;
  asOf: string;
  /** The due date has passed: a unit still owing is late. */
  pastDue: boolean;
  /** Units that still owe reports, in unit order, a page at a time. */
  items: {
    unit: ScopeUnit;
    state: UnitStatus['state'];
    expected: { count: number };
    received: { count: number };
    /** The first MISSING_LIST tasks still without a report; the count is the whole. */
    missing: { count: number; tasks: { id: number; code: string; title: string; titleEn: string | null }[] };
  }[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RemindResult {
  roundId: number;
  today: string;
  /** The units reminded now, each with its outbox message. */
  reminded: { unitId: number; messageId: number }[];
  /** Units already reminded today (by the schedule or by hand): their message is not queued again. */
  alreadyReminded: { unitId: number; messageId: number }[];
  /** Units with neither a mailbox nor an active liaison. */
  withoutAddress: number[];
}

interface LoadedScope {
  units: ScopeUnit[];
  tasks: ScopeTask[];
}

function roundExists(period: string, id?: number): ConflictError {
  return new ConflictError(
    `A dispatch round for ${period} exists in the plan${id ? ` (round ${id})` : ''}`,
    `该工作计划已有 ${period} 的调度${id ? `(编号 ${id})` : ''}`,
    'round_exists',
  );
}

const scopeUnit = (u: Unit): ScopeUnit => ({ id: u.id, code: u.code, name: u.name, nameEn: u.nameEn });
const scopeTask = (t: Task): ScopeTask => ({
  id: t.id,
  code: t.code,
  title: t.title,
  titleEn: t.titleEn,
  leadUnitId: t.leadUnitId,
  supportingUnitIds: (t.supportingUnits ?? []).map((u) => u.id).sort((a, b) => a - b),
});
const involvesAny = (t: ScopeTask, unitIds: Set<number>) =>
  unitIds.has(t.leadUnitId) || t.supportingUnitIds.some((id) => unitIds.has(id));

@Injectable()
export class DispatchService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly rounds: DispatchRepository,
    private readonly plans: PlansRepository,
    private readonly tasks: TasksRepository,
    private readonly units: UnitsRepository,
    private readonly users: UsersRepository,
    private readonly reports: ReportsRepository,
    private readonly mailer: DispatchMailer,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly calendar: WorkingDaysService,
  ) {}

  // --- opening and closing ---

  async open(actor: Actor, dto: OpenRoundDto): Promise<OpenedRoundView> {
    requireOpener(actor);
    const today = this.clock.today();
    if (dto.dueDate < today) {
      throw new InvalidFieldError(
        'dueDate',
        `${dto.dueDate} is in the past (today is ${today})`,
        `截止日期 ${dto.dueDate} 早于今天（${today}）`,
        'past_date',
      );
    }
    let result: OpenedRoundResult;
    try {
      result = await this.txHost.withTransaction(() => this.openIn(actor, dto));
    } catch (error) {
      if (isUniqueViolation(error)) throw roundExists(dto.period);
      throw error;
    }
    this.mailer.kick();
    const view = await this.get(actor, result.round.id);
    return {
      ...view,
      requests: {
        count: result.requests.messageIds.length,
        messageIds: result.requests.messageIds,
        unitIds: result.requests.recipientKeys.map((k) => Number(k.slice('unit:'.length))),
        withoutAddress: result.requests.withoutAddress,
      },
      linkedReports: { count: result.linkedReportIds.length },
    };
  }

  /**
   * Opens a round in the caller's transaction: checks the scope, saves the round with its units and tasks, links
   * the period's reports already filed, records it in the audit log and writes one request per unit to the outbox.
   * The caller kicks the outbox after commit.
   */
  async openIn(actor: Actor, input: OpenRoundInput, jobRunId: number | null = null): Promise<OpenedRoundResult> {
    requireOpener(actor);
    const plan = await this.planFor(input.planId);
    const existing = await this.rounds.roundFor(plan.id, input.period);
    if (existing) throw roundExists(input.period, existing.id);

    // The round first, then its scope chosen in SQL: the plan's open top-level tasks (or those given), the units
    // leading or supporting them (or those given); nothing per task goes through this process but the ids given.
    const checkedTasks = input.taskIds ? await this.givenTasks(plan, input.taskIds) : null;
    const givenUnits = input.unitIds ? await this.givenUnits(input.unitIds) : null;
    const inScope = givenUnits ? new Set(givenUnits.map((u) => u.id)) : null;
    const givenTasks = checkedTasks?.filter((t) => !inScope || involvesAny(t, inScope)).map((t) => t.id);
    const round = await this.rounds.insertRound({
      planId: plan.id,
      period: input.period,
      title: input.title?.trim() || defaultRoundTitle(input.period),
      dueDate: input.dueDate,
      status: 'open',
      openedById: actor.id || null,
      openedAt: this.clock.now(),
      closedAt: null,
    });
    const scope = await this.writeScope(round.id, plan, input, givenTasks, givenUnits);
    if (scope instanceof InvalidFieldError) {
      // nothing to ask for: the round goes, also when the caller's transaction carries on (the schedule)
      await this.rounds.deleteUnopened(round.id);
      throw scope;
    }
    const { taskCount, units } = scope;
    // Reports of the period already filed by units in scope on tasks in scope answer the round.
    const linkedReportIds = await this.reports.linkFiledToRound(round.id, round.period);
    // The task scope is on record in dispatch_round_task; the audit entry says how many tasks it holds.
    await this.audit.recordCreate(
      actor,
      'dispatch_round',
      round.id,
      {
        planId: round.planId,
        period: round.period,
        title: round.title,
        dueDate: round.dueDate,
        status: round.status,
        unitIds: units.map((u) => u.id),
        taskCount,
        linkedReportIds,
      },
      [...AUDITED],
    );
    const lines = await this.rounds.requestLines(round.id, REQUEST_LIST);
    const requests = await this.mailer.requests(
      { round, planTitle: plan.title, planTitleEn: plan.titleEn, jobRunId },
      units,
      lines,
    );
    return { round, requests, linkedReportIds };
  }

  /** Writes the round's task and unit scope; the problem when it has no task or no unit. */
  private async writeScope(
    roundId: number,
    plan: Plan,
    input: OpenRoundInput,
    givenTasks: number[] | undefined,
    givenUnits: ScopeUnit[] | null,
  ): Promise<{ taskCount: number; units: ScopeUnit[] } | InvalidFieldError> {
    const taskCount = await this.rounds.insertTaskScope(
      roundId,
      givenTasks
        ? { taskIds: givenTasks }
        : { planId: plan.id, statuses: OPEN_STATUSES, unitIds: givenUnits?.map((u) => u.id) },
    );
    if (givenUnits) {
      const involved = new Set(await this.rounds.involvedUnitIds(roundId));
      const idle = givenUnits.filter((u) => !involved.has(u.id)).map((u) => u.id);
      if (idle.length) {
        return new InvalidFieldError(
          'unitIds',
          `units ${idle.join(', ')} neither lead nor support a task in scope`,
          `单位 ${idle.join('、')} 不是调度范围内任何任务的牵头或配合单位`,
          'unit_not_involved',
        );
      }
    }
    if (!taskCount) {
      return new InvalidFieldError(
        input.taskIds ? 'taskIds' : 'planId',
        `plan ${plan.code} has no open task to collect reports on`,
        `计划 ${plan.code} 没有可调度的进行中任务`,
        'nothing_in_scope',
      );
    }
    await this.rounds.insertUnitScope(
      roundId,
      givenUnits?.map((u) => u.id),
    );
    const unitIds = (await this.rounds.scopeLinks([roundId], { tasks: false })).units.map((l) => l.id);
    const units = givenUnits ?? (await this.units.byIdsInOrder(unitIds)).map(scopeUnit);
    if (!units.length) {
      return new InvalidFieldError(
        'planId',
        `no active unit leads or supports the open tasks of plan ${plan.code}`,
        `计划 ${plan.code} 的进行中任务没有在用的牵头或配合单位`,
        'nothing_in_scope',
      );
    }
    return { taskCount, units };
  }

  async close(actor: Actor, id: number): Promise<RoundView> {
    requireOpener(actor);
    await this.txHost.withTransaction(async () => {
      const round = await this.rounds.findById(id);
      if (!round) throw new NotFoundError('Dispatch round', id, '调度');
      if (round.status === 'closed') {
        throw new ConflictError(`Dispatch round ${id} is already closed`, `调度 ${id} 已结束`, 'round_closed');
      }
      const closedAt = this.clock.now();
      await this.rounds.close(id, closedAt);
      await this.audit.record(actor, 'dispatch_round', id, 'close', [
        { field: 'status', from: 'open', to: 'closed' },
        { field: 'closedAt', from: null, to: closedAt },
      ]);
    });
    return this.get(actor, id);
  }

  private async planFor(planId: number | undefined): Promise<Plan> {
    const plan = planId ? await this.plans.findPlan(planId) : await this.plans.firstPlan();
    if (!plan) {
      throw planId
        ? new InvalidFieldError('planId', `unknown plan ${planId}`, `计划 ${planId} 不存在`, 'unknown')
        : new InvalidFieldError('planId', 'no plan is loaded', '尚未载入工作计划', 'required');
    }
    return plan;
  }

  private async givenTasks(plan: Plan, ids: number[]): Promise<ScopeTask[]> {
    const tasks = await this.tasks.byIdsWithSupportingUnits(ids);
    const found = new Map(tasks.map((t) => [t.id, t]));
    const unknown = ids.filter((id) => !found.has(id) || found.get(id)!.planId !== plan.id);
    if (unknown.length) {
      throw new InvalidFieldError(
        'taskIds',
        `no task ${unknown.join(', ')} in plan ${plan.code}`,
        `计划 ${plan.code} 中没有任务 ${unknown.join('、')}`,
        'unknown',
      );
    }
    const notOpen = tasks.filter((t) => !OPEN_STATUSES.includes(t.status));
    if (notOpen.length) {
      const list = notOpen.map((t) => `${t.id} (${t.code}, ${t.status})`).join(', ');
      throw new InvalidFieldError(
        'taskIds',
        `tasks ${list} are not open: a round collects reports on assigned, in-progress or blocked tasks`,
        `任务 ${list} 不在进行中：调度只针对已下达、进行中或受阻的任务`,
        'task_not_open',
      );
    }
    return tasks.map(scopeTask);
  }

  /** The units given, checked (known, active); whether each is involved is checked once the scope is written. */
  private async givenUnits(ids: number[]): Promise<ScopeUnit[]> {
    const units = await this.units.byIdsInOrder(ids);
    const found = new Map(units.map((u) => [u.id, u]));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length) {
      throw new InvalidFieldError(
        'unitIds',
        `unknown units ${unknown.join(', ')}`,
        `单位 ${unknown.join('、')} 不存在`,
        'unknown',
      );
    }
    const inactive = units.filter((u) => !u.active).map((u) => u.id);
    if (inactive.length) {
      throw new InvalidFieldError(
        'unitIds',
        `units ${inactive.join(', ')} are inactive`,
        `单位 ${inactive.join('、')} 已停用`,
        'inactive',
      );
    }
    return units.map(scopeUnit);
  }

  // --- reading ---

  async list(actor: Actor, q: RoundQueryDto): Promise<Page<RoundSummary>> {
    const scope = listScope(actor, 'round.read', {
      links: { table: 'dispatch_round_unit', key: 'roundId', id: col('r', 'id') },
    });
    const [rounds, total] = await this.rounds.page({
      planId: q.planId,
      status: q.status,
      period: q.period,
      scope,
      page: q.page,
      pageSize: q.pageSize,
    });
    const views = await this.views(actor, rounds, this.clock.today());
    const items = views.map(({ units: _units, ...summary }) => summary);
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  async get(actor: Actor, id: number): Promise<RoundView> {
    const round = await this.rounds.findShown(id);
    if (!round) throw new NotFoundError('Dispatch round', id, '调度');
    const [view] = await this.views(actor, [round], this.clock.today());
    if (scopeOf(actor, 'round.read') !== 'all' && !view.units.length) {
      throw new ForbiddenError('Your unit is not in this dispatch round', '本单位不在此次调度范围内');
    }
    return view;
  }

  /**
   * A page of the tasks in a round's scope, with whether the lead unit has reported: `unitId` keeps the tasks a
   * unit leads (or, with `role=supporting`, supports). A liaison reads its own unit's tasks only.
   */
  async roundTasks(actor: Actor, id: number, q: RoundTasksQueryDto): Promise<Page<RoundTaskView>> {
    const round = await this.rounds.findShown(id);
    if (!round) throw new NotFoundError('Dispatch round', id, '调度');
    let unitId = q.unitId;
    if (scopeOf(actor, 'round.read') !== 'all') {
      const { units } = await this.rounds.scopeLinks([round.id], { tasks: false });
      if (!units.some((u) => u.id === actor.unitId)) {
        throw new ForbiddenError('Your unit is not in this dispatch round', '本单位不在此次调度范围内');
      }
      if (unitId !== undefined && unitId !== actor.unitId) {
        throw new ForbiddenError(
          "A liaison reads its own unit's tasks in a round",
          '联络员只能查看本单位在调度中的任务',
        );
      }
      unitId = actor.unitId ?? undefined;
    }
    const [rows, total] = await this.rounds.taskPage(round, {
      unitId,
      role: q.role,
      reported: q.reported,
      page: q.page,
      pageSize: q.pageSize,
    });
    const ids = rows.map((r) => r.id);
    const supporting = await this.rounds.supportingUnitsOf(ids);
    const reports = await this.rounds.leadReportsOn(round, ids);
    const items = rows.map((r) => {
      const mine = reports.filter((x) => x.taskId === r.id);
      return {
        ...r,
        supportingUnitIds: supporting.get(r.id) ?? [],
        reported: mine.length > 0,
        late: mine.some((x) => x.filedOn > round.dueDate),
        reportIds: mine.map((x) => x.id),
      };
    });
    return { items, total, page: q.page, pageSize: q.pageSize };
  }

  /** The units late in a round: after the due date, those with reports missing, and those that filed late. */
  async late(actor: Actor, id: number): Promise<LateView> {
    const view = await this.get(actor, id);
    const round = (await this.rounds.findShown(id)) as DispatchRound;
    const today = this.clock.today();
    const late = view.units.filter((r) => (today > view.dueDate && r.missing.count > 0) || r.late.count > 0);
    const units: LateView['units'] = [];
    for (const row of late) {
      const [missing] = row.missing.count
        ? await this.rounds.taskPage(round, {
            unitId: row.unit.id,
            role: 'lead',
            reported: false,
            page: 1,
            pageSize: LATE_LIST,
          })
        : [[]];
      const reports = row.late.count ? await this.rounds.lateReportsOf(round, row.unit.id, LATE_LIST) : [];
      units.push({
        unit: row.unit,
        state: row.state,
        missing: { count: row.missing.count, tasks: missing.map((t) => ({ id: t.id, code: t.code, title: t.title })) },
        late: { count: row.late.count, reports },
      });
    }
    const sum = (pick: (r: UnitCountsRow) => number) => late.reduce((n, r) => n + pick(r), 0);
    return {
      roundId: view.id,
      period: view.period,
      dueDate: view.dueDate,
      asOf: today,
      units,
      totals: {
        units: { count: late.length, unitIds: late.map((r) => r.unit.id) },
        missing: { count: sum((r) => r.missing.count) },
        late: { count: sum((r) => r.late.count) },
      },
    };
  }

  /**
   * The units that still owe reports in a round, a page at a time, each with the first tasks it owes (counted and
   * listed in SQL). A liaison reads its own unit's row only.
   */
  async missing(actor: Actor, id: number, q: RoundMissingQueryDto): Promise<MissingView> {
    assertCan(actor, 'round.missing.read');
    const { round, view } = await this.shownRound(actor, id);
    if (scopeOf(actor, 'round.missing.read') !== 'all' && q.unitId !== undefined && q.unitId !== actor.unitId) {
      throw new ForbiddenError(
        "A liaison reads its own unit's missing reports in a round",
        '联络员只能查看本单位在调度中未报送的任务',
      );
    }
    const owing = view.units.filter((r) => r.missing.count > 0 && (q.unitId === undefined || r.unit.id === q.unitId));
    const page = owing.slice((q.page - 1) * q.pageSize, q.page * q.pageSize);
    const lists = await this.rounds.missingByUnit(
      round,
      page.map((r) => r.unit.id),
      MISSING_LIST,
    );
    const today = this.clock.today();
    return {
      roundId: round.id,
      period: round.period,
      dueDate: round.dueDate,
      asOf: today,
      pastDue: today > round.dueDate,
      items: page.map((r) => ({
        unit: r.unit,
        state: r.state,
        expected: r.expected,
        received: r.received,
        missing: {
          count: r.missing.count,
          tasks: (lists.get(r.unit.id)?.tasks ?? []).map((t) => ({
            id: t.id,
            code: t.code,
            title: t.title,
            titleEn: t.titleEn,
          })),
        },
      })),
      total: owing.length,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /** Reminds one unit of the reports it still owes in an open round (once a day: a second call says so). */
  async remindUnit(actor: Actor, id: number, unitId: number): Promise<RemindResult> {
    requireReminder(actor);
    const { round, view } = await this.shownRound(actor, id);
    const row = view.units.find((r) => r.unit.id === unitId);
    if (!row) throw new NotFoundError('Unit in this dispatch round', unitId, '本次调度中的单位');
    if (!row.missing.count) {
      throw new ConflictError(
        `Unit ${row.unit.code} owes no report in round ${round.id}`,
        `${row.unit.name}在本次调度中没有未报送的任务`,
        'nothing_missing',
      );
    }
    return this.remind(actor, round, [row]);
  }

  /** Reminds every late unit of an open round: after the due date, each unit with reports still missing. */
  async remindLate(actor: Actor, id: number): Promise<RemindResult> {
    requireReminder(actor);
    const { round, view } = await this.shownRound(actor, id);
    const today = this.clock.today();
    if (today <= round.dueDate) {
      throw new ConflictError(
        `Round ${round.id} is due on ${round.dueDate}: no unit is late before then; remind a unit by itself`,
        `本次调度 ${round.dueDate} 截止，截止前没有逾期单位；可单独提醒某个单位`,
        'round_not_due',
      );
    }
    const late = view.units.filter((r) => r.state === 'late');
    if (!late.length) {
      throw new ConflictError(`No unit is late in round ${round.id}`, '本次调度没有逾期未报的单位', 'nothing_missing');
    }
    return this.remind(actor, round, late);
  }

  /** The round as the actor may read it, with its unit rows; 404 for an unknown round. */
  private async shownRound(actor: Actor, id: number): Promise<{ round: DispatchRound; view: RoundView }> {
    const round = await this.rounds.findShown(id);
    if (!round) throw new NotFoundError('Dispatch round', id, '调度');
    const [view] = await this.views(actor, [round], this.clock.today());
    if (scopeOf(actor, 'round.read') !== 'all' && !view.units.length) {
      throw new ForbiddenError('Your unit is not in this dispatch round', '本单位不在此次调度范围内');
    }
    return { round, view };
  }

  /**
   * Writes a reminder to each of the units (they owe reports) under the key the scheduled reminders use, so a unit
   * gets one a day however it is asked for; records who asked in the audit log; kicks the outbox after commit.
   */
  private async remind(actor: Actor, round: DispatchRound, rows: UnitCountsRow[]): Promise<RemindResult> {
    if (round.status !== 'open') {
      throw new ConflictError(`Dispatch round ${round.id} is closed`, `调度 ${round.id} 已结束`, 'round_closed');
    }
    const today = this.clock.today();
    const plan = (await this.plans.findPlan(round.planId)) as Plan;
    const lists = await this.rounds.missingByUnit(
      round,
      rows.map((r) => r.unit.id),
      REQUEST_LIST,
    );
    const tasks: ScopeTask[] = [...lists.values()].flatMap((m) =>
      m.tasks.map((t) => ({ ...t, supportingUnitIds: [] })),
    );
    const statuses: UnitStatus[] = rows.map((r) => {
      const listed = lists.get(r.unit.id)?.tasks.map((t) => t.id) ?? [];
      return {
        unit: r.unit,
        state: r.state,
        expected: { count: r.expected.count, taskIds: [] },
        received: { count: r.received.count, reportIds: [], taskIds: [] },
        missing: { count: r.missing.count, taskIds: listed },
        late: { count: r.late.count, reportIds: [], taskIds: [] },
        supporting: { count: r.supporting.count, taskIds: [] },
        contributions: { count: r.contributions.count, reportIds: [] },
      };
    });
    const left = Math.max(0, this.calendar.workingDaysBetween(today, round.dueDate));
    const sent = await this.txHost.withTransaction(async () => {
      const out = await this.mailer.reminders(
        { round, planTitle: plan.title, planTitleEn: plan.titleEn, tasks },
        statuses,
        today,
        left,
      );
      const unitIds = out.recipientKeys.map((k) => Number(k.slice('unit:'.length)));
      await this.audit.record(actor, 'dispatch_round', round.id, 'remind', [
        { field: 'remindedUnitIds', from: null, to: unitIds.filter((_, i) => out.created.includes(out.messageIds[i])) },
      ]);
      return { out, unitIds };
    });
    this.mailer.kick();
    const { out, unitIds } = sent;
    const pairs = unitIds.map((unitId, i) => ({ unitId, messageId: out.messageIds[i] }));
    return {
      roundId: round.id,
      today,
      reminded: pairs.filter((p) => out.created.includes(p.messageId)),
      alreadyReminded: pairs.filter((p) => !out.created.includes(p.messageId)),
      withoutAddress: out.withoutAddress,
    };
  }

  /** The per-unit status of one round as of a date, read in the caller's transaction (used by the reminders). */
  async statusIn(round: DispatchRound, today: string): Promise<{ scope: LoadedScope; rows: UnitStatus[] }> {
    const scopes = await this.scopes([round]);
    const scope = scopes.get(round.id) as LoadedScope;
    const reports = await this.periodReports([round], scopes);
    return { scope, rows: unitStatuses({ dueDate: round.dueDate, ...scope }, reports.get(round.id) ?? [], today) };
  }

  /**
   * Rounds as shown to the actor, each unit's row counted in SQL: a liaison sees its own unit's row, and the tasks
   * its unit leads or supports counted.
   */
  private async views(actor: Actor, rounds: DispatchRound[], today: string): Promise<RoundView[]> {
    if (!rounds.length) return [];
    const ids = rounds.map((r) => r.id);
    const { units: unitLinks } = await this.rounds.scopeLinks(ids, { tasks: false });
    const units = new Map(
      (await this.units.byIdsInOrder([...new Set(unitLinks.map((l) => l.id))])).map((u) => [u.id, scopeUnit(u)]),
    );
    const counts = await this.rounds.unitCounts(ids);
    const taskCounts = await this.rounds.taskCounts(ids);
    const plans = await this.plans.plansByIds([...new Set(rounds.map((r) => r.planId))]);
    const openerIds = [...new Set(rounds.map((r) => r.openedById).filter((id): id is number => id !== null))];
    const openers = await this.users.namesByIds(openerIds);
    const { daysBefore } = configuredRemindOptions(this.config);
    const none = { expected: 0, received: 0, receivedTasks: 0, late: 0, supporting: 0, contributions: 0 };
    return rounds.map((round) => {
      const mine = new Set(unitLinks.filter((l) => l.roundId === round.id).map((l) => l.id));
      const byUnit = counts.get(round.id) as Map<number, typeof none>;
      let rows = [...units.values()]
        .filter((u) => mine.has(u.id))
        .map((u) => unitCountsRow(u, byUnit.get(u.id) ?? none, today > round.dueDate));
      let taskCount = taskCounts.get(round.id) ?? 0;
      if (scopeOf(actor, 'round.read') !== 'all') {
        rows = rows.filter((r) => r.unit.id === actor.unitId);
        taskCount = rows.reduce((n, r) => n + r.expected.count + r.supporting.count, 0);
      }
      const plan = plans.find((p) => p.id === round.planId) as Plan;
      const opener = openers.find((u) => u.id === round.openedById);
      const when = roundCalendar(this.calendar, round.dueDate, daysBefore);
      return {
        id: round.id,
        plan: { id: plan.id, code: plan.code, title: plan.title },
        period: round.period,
        title: round.title,
        dueDate: round.dueDate,
        status: round.status,
        openedBy: opener ? { id: opener.id, displayName: opener.displayName } : null,
        openedAt: round.openedAt,
        closedAt: round.closedAt,
        reminderDays: when.reminderDays,
        lateNoticeDay: when.lateNoticeDay,
        totals: countTotals(rows, taskCount),
        allowedActions: roundActions(actor, round),
        units: rows,
      };
    });
  }

  /** The units and tasks in scope of each round, read in a few queries for all of them (joined to the scope). */
  private async scopes(rounds: DispatchRound[]): Promise<Map<number, LoadedScope>> {
    const ids = rounds.map((r) => r.id);
    const { units: unitLinks } = await this.rounds.scopeLinks(ids, { tasks: false });
    const units = await this.units.byIdsInOrder([...new Set(unitLinks.map((l) => l.id))]);
    const tasks = await this.tasks.scopeOfRounds(ids);
    const out = new Map<number, LoadedScope>();
    for (const id of ids) {
      const mineU = new Set(unitLinks.filter((l) => l.roundId === id).map((l) => l.id));
      out.set(id, {
        units: units.filter((u) => mineU.has(u.id)).map(scopeUnit),
        tasks: tasks.filter((t) => t.roundId === id).map(({ roundId: _r, ...t }) => t),
      });
    }
    return out;
  }

  /** The reports of each round's period on its tasks, in one query. */
  private async periodReports(
    rounds: DispatchRound[],
    _scopes: Map<number, LoadedScope>,
  ): Promise<Map<number, PeriodReport[]>> {
    const rows = await this.reports.ofRoundsScope(rounds.map((r) => r.id));
    const out = new Map<number, PeriodReport[]>(rounds.map((r) => [r.id, []]));
    for (const r of rows) {
      out.get(r.roundId)?.push({ id: r.id, taskId: r.taskId, unitId: r.unitId, filedOn: r.filedOn, status: r.status });
    }
    return out;
  }
}
