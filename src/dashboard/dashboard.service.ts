// The dashboard: per work item, task counts by status and colour, overdue and mean progress; headline
// indicators against their pro-rata expectation; per unit, open and overdue tasks and the on-time closing rate.
// Every count carries the ids of the tasks behind it, so a figure can be traced to its rows. The overdue tasks
// come as a top-N list (the worst first) with their total; the task list has them all.
import { Injectable } from '@nestjs/common';
import { can, scopeOf, taskObject } from '../access';
import type { Actor } from '../auth/actor';
import { ClockService } from '../common/clock.service';
import { NotFoundError } from '../common/errors';
import { IndicatorsService } from '../indicators/indicators.service';
import { PlansRepository } from '../plans/plans.repository';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task.entity';
import { TasksRepository } from '../tasks/tasks.repository';
import { TasksService } from '../tasks/tasks.service';
import { UnitsRepository } from '../units/units.repository';

type ColourKey = 'red' | 'yellow' | 'blue' | 'none';

interface Bucket {
  tasks: number;
  byStatus: Record<TaskStatus, number>;
  byColour: Record<ColourKey, number>;
  overdue: number;
  overdueTaskIds: number[];
  meanProgress: number | null;
}

/** Rows of a top-N list when the query names no number, and the most it may name. */
export const DASHBOARD_TOP_DEFAULT = 10;
export const DASHBOARD_TOP_MAX = 50;

/** Code-point order, as the database's ORDER BY on text. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function emptyBucket(): Bucket {
  return {
    tasks: 0,
    byStatus: Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])) as Record<TaskStatus, number>,
    byColour: { red: 0, yellow: 0, blue: 0, none: 0 },
    overdue: 0,
    overdueTaskIds: [],
    meanProgress: null,
  };
}

@Injectable()
export class DashboardService {
  constructor(
    private readonly plans: PlansRepository,
    private readonly tasks: TasksRepository,
    private readonly units: UnitsRepository,
    private readonly taskService: TasksService,
    private readonly indicators: IndicatorsService,
    private readonly clock: ClockService,
  ) {}

  async get(actor: Actor, planId?: number, top = DASHBOARD_TOP_DEFAULT) {
    const plan = planId ? await this.plans.findPlan(planId) : await this.plans.firstPlan();
    if (!plan) throw new NotFoundError('Plan', planId ?? '', '工作计划');
    const today = this.clock.today();

    // Top-level tasks only: sub-tasks are parts of their parent's count.
    const rows = await this.tasks.topLevelGradingRowsOf(plan.id);
    const supporting = await this.tasks.supportingUnitsOfTopLevel(plan.id);

    const visible = rows.filter((t) =>
      can(actor, 'task.read', taskObject({ leadUnitId: t.leadUnitId, supportingUnitIds: supporting.get(t.id) ?? [] })),
    );
    const graded = visible.map((t) => ({ task: t, state: this.taskService.state(t, today) }));

    const add = (b: Bucket, g: (typeof graded)[number]) => {
      b.tasks++;
      b.byStatus[g.task.status]++;
      b.byColour[g.state.colour ?? 'none']++;
      if (g.state.overdue) {
        b.overdue++;
        b.overdueTaskIds.push(g.task.id);
      }
    };
    const mean = (values: number[]) =>
      values.length ? Math.round((values.reduce((a, v) => a + v, 0) / values.length) * 10) / 10 : null;
    const live = (s: TaskStatus) => s !== 'cancelled';

    const workItems = await this.plans.workItemsOf(plan.id);
    const byWorkItem = workItems.map((wi) => {
      const bucket = emptyBucket();
      const mine = graded.filter((g) => g.task.workItemId === wi.id);
      mine.forEach((g) => add(bucket, g));
      bucket.meanProgress = mean(mine.filter((g) => live(g.task.status)).map((g) => g.task.progress));
      return { id: wi.id, code: wi.code, seq: wi.seq, title: wi.title, titleEn: wi.titleEn, ...bucket };
    });

    const totals = emptyBucket();
    graded.forEach((g) => add(totals, g));
    totals.meanProgress = mean(graded.filter((g) => live(g.task.status)).map((g) => g.task.progress));

    const units = await this.units.all();
    const byUnit = units
      .filter((u) => scopeOf(actor, 'task.read') === 'all' || u.id === actor.unitId)
      .map((u) => {
        const led = graded.filter((g) => g.task.leadUnitId === u.id);
        const supported = graded.filter((g) => (supporting.get(g.task.id) ?? []).includes(u.id));
        const closed = led.filter((g) => g.task.status === 'closed');
        const closedOnTime = closed.filter((g) => g.task.closedOn !== null && g.task.closedOn <= g.task.deadline);
        const overdue = led.filter((g) => g.state.overdue);
        return {
          id: u.id,
          code: u.code,
          name: u.name,
          nameEn: u.nameEn,
          lead: led.length,
          supporting: supported.length,
          open: led.filter((g) => ['assigned', 'in_progress', 'blocked', 'submitted'].includes(g.task.status)).length,
          overdue: overdue.length,
          overdueTaskIds: overdue.map((g) => g.task.id),
          closed: closed.length,
          closedOnTime: closedOnTime.length,
          onTimeClosingRate: closed.length ? Math.round((closedOnTime.length / closed.length) * 1000) / 10 : null,
          replanned: led.filter((g) => g.task.deadline !== g.task.originalDeadline).length,
          byColour: led.reduce(
            (acc, g) => {
              acc[g.state.colour ?? 'none']++;
              return acc;
            },
            { red: 0, yellow: 0, blue: 0, none: 0 } as Record<ColourKey, number>,
          ),
        };
      })
      .filter((u) => u.lead + u.supporting > 0);

    // The worst first: the earliest deadline has been overdue longest; then by code, as the task list sorts.
    const worst = graded
      .filter((g) => g.state.overdue)
      .sort((a, b) => byText(a.task.deadline, b.task.deadline) || byText(a.task.code, b.task.code))
      .slice(0, top);
    const unitsById = new Map(units.map((u) => [u.id, u]));
    const rowsById = new Map((await this.tasks.findByIds(worst.map((g) => g.task.id))).map((t) => [t.id, t]));
    const topOverdue = {
      total: totals.overdue,
      items: worst.map(({ task, state }) => {
        const row = rowsById.get(task.id);
        const lead = unitsById.get(task.leadUnitId);
        return {
          id: task.id,
          code: task.code,
          title: row?.title ?? '',
          titleEn: row?.titleEn ?? null,
          status: task.status,
          deadline: task.deadline,
          progress: task.progress,
          colour: state.colour,
          workingDaysLeft: state.workingDaysLeft,
          leadUnit: lead ? { id: lead.id, code: lead.code, name: lead.name, nameEn: lead.nameEn } : null,
        };
      }),
    };

    const indicators = await this.indicators.list({ planId: plan.id, headline: true });
    return {
      asOf: today,
      plan: { id: plan.id, code: plan.code, title: plan.title, titleEn: plan.titleEn },
      totals,
      workItems: byWorkItem,
      indicators,
      units: byUnit,
      topOverdue,
    };
  }
}
