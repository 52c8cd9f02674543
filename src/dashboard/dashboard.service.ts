// The dashboard: over the counted tasks (counted-tasks.ts), per work item, task counts by status and colour, overdue and mean progress; headline
// indicators against their pro-rata expectation; per unit, open and overdue tasks and the on-time closing rate;
// the worst overdue tasks. Every figure is a grouped query in the database (the colour grade through
// task-state.sql.ts), so the answer costs the same at 100 or 100,000 tasks; each count names the task-list filter
// that gives its rows, and the overdue ones carry the first of their task ids.
import { Inject, Injectable } from '@nestjs/common';
import { can, listScope, scopeOf } from '../access';
import { AssessmentService } from '../assessment/assessment.service';
import type { Actor } from '../auth/actor';
import { RANKING_RULE, rankUnits } from '../bulletins/unit-ranking';
import { calendarGap } from '../calendar/calendar-gaps';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ClockService } from '../common/clock.service';
import { NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { DataVersion, VersionedCache } from '../database/data-version';
import { IndicatorsService } from '../indicators/indicators.service';
import { PlansRepository } from '../plans/plans.repository';
import { COUNTED_TASKS_RULE } from '../tasks/counted-tasks';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task.entity';
import { TaskStateSqlFactory } from '../tasks/task-state-sql.factory';
import { TasksRepository, type GradeCountRow, type OverdueRow } from '../tasks/tasks.repository';
import { UnitsRepository } from '../units/units.repository';

type ColourKey = 'red' | 'yellow' | 'blue' | 'none';

/** Overdue task ids a bucket names at most; the rest are in the task list its path gives. */
export const DASHBOARD_LISTED_IDS = 20;
/** Rows of a top-N list when the query names no number, and the most it may name. */
export const DASHBOARD_TOP_DEFAULT = 10;
export const DASHBOARD_TOP_MAX = 50;

const OPEN_OR_SUBMITTED: TaskStatus[] = ['assigned', 'in_progress', 'blocked', 'submitted'];

interface Bucket {
  tasks: number;
  byStatus: Record<TaskStatus, number>;
  byColour: Record<ColourKey, number>;
  overdue: number;
  overdueTaskIds: number[];
  /** The task list (web path) of these overdue tasks. */
  overdueList: string;
  meanProgress: number | null;
}

function bucketOf(rows: GradeCountRow[], overdueIds: number[], overdueList: string): Bucket {
  const byStatus = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>;
  const byColour: Record<ColourKey, number> = { red: 0, yellow: 0, blue: 0, none: 0 };
  let tasks = 0;
  let liveTasks = 0;
  let liveProgress = 0;
  for (const r of rows) {
    tasks += r.tasks;
    byStatus[r.status] += r.tasks;
    byColour[r.colour ?? 'none'] += r.tasks;
    if (r.status !== 'cancelled') {
      liveTasks += r.tasks;
      liveProgress += r.progress;
    }
  }
  return {
    tasks,
    byStatus,
    byColour,
    // Red is exactly overdue (grades.ts).
    overdue: byColour.red,
    overdueTaskIds: overdueIds,
    overdueList,
    meanProgress: liveTasks ? Math.round((liveProgress / liveTasks) * 10) / 10 : null,
  };
}

const listPath = (params: Record<string, string | number>) =>
  `/tasks?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;

function groupBy<T extends { groupId: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) out.set(r.groupId, [...(out.get(r.groupId) ?? []), r]);
  return out;
}

@Injectable()
export class DashboardService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly plans: PlansRepository,
    private readonly tasks: TasksRepository,
    private readonly units: UnitsRepository,
    private readonly stateSql: TaskStateSqlFactory,
    private readonly indicators: IndicatorsService,
    private readonly clock: ClockService,
    private readonly version: DataVersion,
    private readonly workingDays: WorkingDaysService,
    private readonly assessment: AssessmentService,
  ) {}

  private readonly cache = new VersionedCache<Dashboard>();

  /**
   * The dashboard as the actor may see it. Computed once per state of the data: while nothing is written, every
   * request with the same plan, scope, day and list length shares one answer; any write makes the next one afresh.
   */
  async get(actor: Actor, planId?: number, top = DASHBOARD_TOP_DEFAULT): Promise<Dashboard> {
    const scope = scopeOf(actor, 'task.read');
    const key = JSON.stringify([planId ?? null, top, scope, scope === 'all' ? null : actor.unitId, this.clock.today()]);
    return this.cache.get(key, await this.version.current(), () => this.compute(actor, planId, top));
  }

  private async compute(actor: Actor, planId: number | undefined, top: number) {
    const plan = planId ? await this.plans.findPlan(planId) : await this.plans.firstPlan();
    if (!plan) throw new NotFoundError('Plan', planId ?? '', '工作计划');
    const today = this.clock.today();
    const state = this.stateSql.forDay(today);
    const scope = listScope(actor, 'task.read');
    const overdueOf = (extra: Record<string, string | number>) =>
      listPath({ planId: plan.id, overdue: 'true', sort: 'deadline', ...extra });

    const [counts, supported, worstByItem, worstByUnit, worst] = await Promise.all([
      this.tasks.gradeCounts(plan.id, scope, state),
      this.tasks.supportedCounts(plan.id, scope),
      this.tasks.worstOverdue(plan.id, scope, state, 'workItemId', DASHBOARD_LISTED_IDS),
      this.tasks.worstOverdue(plan.id, scope, state, 'leadUnitId', DASHBOARD_LISTED_IDS),
      this.tasks.worstOverdue(plan.id, scope, state, null, Math.max(DASHBOARD_LISTED_IDS, top)),
    ]);
    const itemRows = groupBy(counts.map((r) => ({ ...r, groupId: r.workItemId })));
    const itemWorst = groupBy(worstByItem);
    const unitRows = groupBy(counts.map((r) => ({ ...r, groupId: r.leadUnitId })));
    const unitWorst = groupBy(worstByUnit);
    const ids = (rows: OverdueRow[] | undefined) => (rows ?? []).map((r) => r.id);

    const workItems = (await this.plans.workItemsOf(plan.id)).map((wi) => ({
      id: wi.id,
      code: wi.code,
      seq: wi.seq,
      title: wi.title,
      titleEn: wi.titleEn,
      ...bucketOf(itemRows.get(wi.id) ?? [], ids(itemWorst.get(wi.id)), overdueOf({ workItemId: wi.id })),
    }));
    const totals = bucketOf(counts, ids(worst).slice(0, DASHBOARD_LISTED_IDS), overdueOf({}));

    const seesAll = scopeOf(actor, 'task.read') === 'all';
    const units = (await this.units.all())
      .filter((u) => seesAll || u.id === actor.unitId)
      .map((u) => {
        const led = unitRows.get(u.id) ?? [];
        const b = bucketOf(led, ids(unitWorst.get(u.id)), overdueOf({ unitId: u.id, unitRole: 'lead' }));
        const sum = (f: (r: GradeCountRow) => number) => led.reduce((a, r) => a + f(r), 0);
        const closedOnTime = sum((r) => r.closedOnTime);
        return {
          id: u.id,
          code: u.code,
          name: u.name,
          nameEn: u.nameEn,
          lead: b.tasks,
          supporting: supported.get(u.id) ?? 0,
          open: OPEN_OR_SUBMITTED.reduce((a, s) => a + b.byStatus[s], 0),
          overdue: b.overdue,
          overdueTaskIds: b.overdueTaskIds,
          overdueList: b.overdueList,
          closed: b.byStatus.closed,
          closedOnTime,
          onTimeClosingRate: b.byStatus.closed ? Math.round((closedOnTime / b.byStatus.closed) * 1000) / 10 : null,
          replanned: sum((r) => r.replanned),
          byColour: b.byColour,
        };
      })
      .filter((u) => u.lead + u.supporting > 0);
    // The bulletin's ranking rule (unit-ranking.ts); the dashboard has no dispatch period, so no reporting rate.
    const ranks = new Map(
      rankUnits(
        units.map((u) => ({
          unitId: u.id,
          code: u.code,
          ledTasks: u.lead,
          reportingRate: null,
          closingRate: u.onTimeClosingRate,
          overdue: u.overdue,
        })),
      ).map((r) => [r.unitId, r.rank]),
    );
    const rankedUnits = units.map((u) => ({ ...u, rank: ranks.get(u.id) ?? null }));

    const indicators = await this.indicators.list({ planId: plan.id, headline: true });
    const span = await this.tasks.deadlineSpan(plan.id);
    return {
      asOf: today,
      /** Which tasks the counts hold (counted-tasks.ts), as the pages state it. */
      countingRule: { ...COUNTED_TASKS_RULE },
      // years today, the plan and its deadlines reach that have no holidays loaded: their figures count weekdays
      calendarWarnings: this.workingDays
        .missingYears([today, plan.startDate, plan.endDate, span.first, span.last])
        .map(calendarGap),
      plan: { id: plan.id, code: plan.code, title: plan.title, titleEn: plan.titleEn },
      totals,
      workItems,
      indicators,
      units: rankedUnits,
      rankingRule: { ...RANKING_RULE },
      topOverdue: {
        total: totals.overdue,
        list: totals.overdueList,
        // The worst first: the earliest deadline has been overdue longest; then by code, as the task list sorts.
        items: worst.slice(0, top).map((r) => ({
          id: r.id,
          code: r.code,
          title: r.title,
          titleEn: r.titleEn,
          status: r.status,
          deadline: r.deadline,
          progress: r.progress,
          colour: 'red' as const,
          workingDaysLeft: -r.workingDaysOverdue,
          leadUnit: r.leadUnit,
        })),
      },
      assessment: can(actor, 'assessment.read') ? await this.assessmentOfMonth(today, top) : null,
    };
  }

  /** The month's assessment (考评): the top and the bottom units, from the assessment's one ranking. */
  private async assessmentOfMonth(today: string, top: number) {
    const period = today.slice(0, 7);
    const [y, m] = period.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const ranking = await this.assessment.ranking({ from: `${period}-01`, to: `${period}-${last}`, label: period });
    const row = (u: (typeof ranking.units)[number]) => ({
      unit: u.unit,
      score: u.score,
      rank: u.rank,
    });
    const n = Math.min(top, Math.ceil(ranking.units.length / 2));
    return {
      period,
      from: ranking.from,
      to: ranking.to,
      units: ranking.units.length,
      top: ranking.units.slice(0, n).map(row),
      // the lowest last, as the ranking lists them
      bottom: ranking.units.slice(ranking.units.length - n).map(row),
      list: `/assessment?period=${period}`,
    };
  }
}

export type Dashboard = Awaited<ReturnType<DashboardService['compute']>>;
