// 待办: what waits for the signed-in person, by role — closing and extension requests to decide, reports to review,
// dispatch rounds with reports missing, and for a liaison the unit's tasks a round asks a report for. Each part is
// a count and the first few items, read with bounded queries, so the page and the navigation's badges cost the same
// at any size.
import { Injectable } from '@nestjs/common';
import { can, scopeOf, type Action } from '../access';
import type { Actor } from '../auth/actor';
import { ClockService } from '../common/clock.service';
import { RoundQueryDto, RoundTasksQueryDto } from '../dispatch/dispatch-round.dto';
import { DispatchService } from '../dispatch/dispatch.service';
import { ReportQueryDto } from '../reports/report.dto';
import { TaskQueryDto } from '../tasks/task.dto';
import { ReportsService } from '../reports/reports.service';
import { TaskRequestsService } from '../tasks/task-requests.service';
import { TasksService } from '../tasks/tasks.service';

/** How many items each part lists; the count says how many there are in all. */
export const MY_WORK_ITEMS = 10;

export const MY_WORK_KINDS = ['closing', 'extensions', 'reviews', 'rounds', 'toReport'] as const;
export type MyWorkKind = (typeof MY_WORK_KINDS)[number];

export interface MyWorkItem {
  title: string;
  titleEn: string | null;
  code: string | null;
  taskId: number | null;
  unit: { id: number; name: string; nameEn: string | null } | null;
  /** The date that matters: when it was asked, or when it is due. */
  date: string | null;
  /** The page where it is done. */
  href: string;
}

export interface MyWorkSection {
  kind: MyWorkKind;
  count: number;
  items: MyWorkItem[];
  /** The page listing all of them. */
  href: string;
}

export interface MyWorkView {
  asOf: string;
  total: number;
  sections: MyWorkSection[];
}

@Injectable()
export class MyWorkService {
  constructor(
    private readonly tasks: TasksService,
    private readonly requests: TaskRequestsService,
    private readonly reports: ReportsService,
    private readonly dispatch: DispatchService,
    private readonly clock: ClockService,
  ) {}

  async summary(actor: Actor): Promise<MyWorkView> {
    const may = (action: Action) => can(actor, action);
    const parts = await Promise.all([
      may('task.closing.decide') ? this.closing(actor) : null,
      may('extension.decide') ? this.extensions(actor) : null,
      may('report.review') ? this.reviews(actor) : null,
      may('round.manage') ? this.rounds(actor) : null,
      may('report.file') && scopeOf(actor, 'report.file') !== 'all' && actor.unitId ? this.toReport(actor) : null,
    ]);
    const sections = parts.filter((p): p is MyWorkSection => p !== null);
    return { asOf: this.clock.today(), total: sections.reduce((n, s) => n + s.count, 0), sections };
  }

  /** Tasks put forward for closing (申请办结), oldest deadline first. */
  private async closing(actor: Actor): Promise<MyWorkSection> {
    const page = await this.tasks.list(actor, {
      status: ['submitted'],
      sort: 'deadline',
      page: 1,
      pageSize: MY_WORK_ITEMS,
    } as TaskQueryDto);
    return {
      kind: 'closing',
      count: page.total,
      href: '/tasks?status=submitted',
      items: page.items.map((t) => ({
        title: t.title,
        titleEn: t.titleEn,
        code: t.code,
        taskId: t.id,
        unit: 'name' in t.leadUnit ? t.leadUnit : null,
        date: t.deadline,
        href: `/tasks/${t.id}`,
      })),
    };
  }

  private async extensions(actor: Actor): Promise<MyWorkSection> {
    const pending = await this.requests.listExtensions(actor, { status: 'pending' });
    return {
      kind: 'extensions',
      count: pending.length,
      href: '/requests',
      items: [...pending]
        .sort((a, b) => a.id - b.id)
        .slice(0, MY_WORK_ITEMS)
        .map((e) => ({
          title: e.task?.title ?? '',
          titleEn: null,
          code: e.task?.code ?? null,
          taskId: e.taskId,
          unit: null,
          date: e.requestedDeadline,
          href: `/tasks/${e.taskId}`,
        })),
    };
  }

  private async reviews(actor: Actor): Promise<MyWorkSection> {
    const page = await this.reports.list(actor, {
      status: 'submitted',
      page: 1,
      pageSize: MY_WORK_ITEMS,
    } as ReportQueryDto);
    return {
      kind: 'reviews',
      count: page.total,
      href: '/reviews',
      items: page.items.map((r) => ({
        title: r.task.title,
        titleEn: null,
        code: r.task.code,
        taskId: r.task.id,
        unit: { id: r.unit.id, name: r.unit.name, nameEn: r.unit.nameEn },
        date: r.filedOn,
        href: `/tasks/${r.task.id}`,
      })),
    };
  }

  /** Open rounds with reports still missing, the earliest due first. */
  private async rounds(actor: Actor): Promise<MyWorkSection> {
    const page = await this.dispatch.list(actor, { status: 'open', page: 1, pageSize: 50 } as RoundQueryDto);
    const open = page.items
      .filter((r) => r.totals.missing.count > 0)
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
    return {
      kind: 'rounds',
      count: open.length,
      href: '/dispatch',
      items: open.slice(0, MY_WORK_ITEMS).map((r) => ({
        title: r.title,
        titleEn: null,
        code: null,
        taskId: null,
        unit: null,
        date: r.dueDate,
        href: `/dispatch/${r.id}`,
      })),
    };
  }

  /** For a liaison: the tasks its unit leads that an open round asks a report for and that have none yet. */
  private async toReport(actor: Actor): Promise<MyWorkSection> {
    const rounds = await this.dispatch.list(actor, { status: 'open', page: 1, pageSize: 50 } as RoundQueryDto);
    let count = 0;
    const items: MyWorkItem[] = [];
    for (const r of [...rounds.items].sort((a, b) => a.dueDate.localeCompare(b.dueDate))) {
      const tasks = await this.dispatch.roundTasks(actor, r.id, {
        unitId: actor.unitId ?? undefined,
        reported: false,
        page: 1,
        pageSize: MY_WORK_ITEMS,
      } as RoundTasksQueryDto);
      count += tasks.total;
      for (const t of tasks.items) {
        if (items.length < MY_WORK_ITEMS) {
          items.push({
            title: t.title,
            titleEn: t.titleEn,
            code: t.code,
            taskId: t.id,
            unit: null,
            date: r.dueDate,
            href: `/tasks/${t.id}/report`,
          });
        }
      }
    }
    return { kind: 'toReport', count, href: '/my-unit', items };
  }
}
