// What a digest says, computed from the loaded data without touching the database: for a unit, the tasks it leads
// (what it owes) and those it supports (what it contributes), each overdue or due soon; the reports awaited from it
// in open dispatch rounds; the changes to its tasks since its last digest. For a person who follows the whole plan,
// overdue and due-soon counts per work item and per lead unit and the list of overdue tasks. Every count keeps the
// ids of the first rows behind it (at most config digest.maxListedTasks); a list cut short says how many more there are and links
// to the task list filtered to them.
import { changeLine, type ChangeLine, type DigestLocale, type NameBook } from './change-lines';
import {
  MAX_CHANGES,
  type AwaitedList,
  type ChangeList,
  type DigestData,
  type FlaggedList,
  type FlaggedTask,
  type Flags,
  type IdCount,
  type TaskRow,
} from './digest-query.service';

export { MAX_CHANGES };

const noFlags = (): Flags => ({ overdue: { count: 0, items: [] }, dueSoon: { count: 0, items: [] } });

export interface UnitDigest {
  kind: 'unit';
  unitId: number;
  since: Date;
  lead: Flags;
  supporting: Flags;
  awaited: AwaitedList;
  /** Newest first: the count, and the newest MAX_CHANGES events. */
  changes: ChangeList;
  empty: boolean;
}

/** The digest of a unit; `changesKey` names the recipient whose changes (after its own cutoff) it shows. */
export function unitDigest(data: DigestData, unitId: number, since: Date, changesKey: string): UnitDigest {
  const lead = data.lead.get(unitId) ?? noFlags();
  const supporting = data.supporting.get(unitId) ?? noFlags();
  const changes = data.changes.get(changesKey) ?? { count: 0, rows: 0, events: [] };
  const awaited = data.awaited.get(unitId) ?? { count: 0, items: [], rounds: [] };
  const flagged = (f: Flags) => f.overdue.count + f.dueSoon.count;
  const empty = !flagged(lead) && !flagged(supporting) && !awaited.count && !changes.count;
  return { kind: 'unit', unitId, since, lead, supporting, awaited, changes, empty };
}

const idsOf = (list: FlaggedList): IdCount => ({ count: list.count, ids: list.items.map((f) => f.task.id) });

/** The figures of a unit digest, each with the ids of its first rows (task ids; audit ids for changes). */
export function unitCounts(d: UnitDigest) {
  return {
    overdueLead: idsOf(d.lead.overdue),
    dueSoonLead: idsOf(d.lead.dueSoon),
    overdueSupporting: idsOf(d.supporting.overdue),
    dueSoonSupporting: idsOf(d.supporting.dueSoon),
    awaited: { count: d.awaited.count, ids: d.awaited.items.map((a) => a.taskId), rounds: d.awaited.rounds },
    changes: { count: d.changes.rows, ids: d.changes.events.flatMap((e) => e.auditIds) },
  };
}

interface CountRow {
  id: number;
  overdue: IdCount;
  dueSoon: IdCount;
}

export interface PlanDigest {
  kind: 'plan';
  byWorkItem: CountRow[];
  byUnit: CountRow[];
  overdue: FlaggedList;
  dueSoon: FlaggedList;
  empty: boolean;
}

/** The plan-wide digest of a lead, the secretariat or a viewer. */
export function planDigest(data: DigestData): PlanDigest {
  const none = (): IdCount => ({ count: 0, ids: [] });
  const byWorkItem = [...data.workItems.keys()].map((id) => {
    const cell = data.byWorkItem.get(id);
    return { id, overdue: cell?.overdue ?? none(), dueSoon: cell?.dueSoon ?? none() };
  });
  for (const [id, cell] of data.byWorkItem) if (!data.workItems.has(id)) byWorkItem.push({ id, ...cell });
  const byUnit = [...data.lead.entries()]
    .map(([id, f]) => ({ id, overdue: idsOf(f.overdue), dueSoon: idsOf(f.dueSoon) }))
    .filter((r) => r.overdue.count + r.dueSoon.count > 0)
    .sort((a, b) => b.overdue.count - a.overdue.count || b.dueSoon.count - a.dueSoon.count || a.id - b.id);
  const { overdue, dueSoon } = data.plan;
  return { kind: 'plan', byWorkItem, byUnit, overdue, dueSoon, empty: !overdue.count && !dueSoon.count };
}

export function planCounts(d: PlanDigest) {
  return { overdue: idsOf(d.overdue), dueSoon: idsOf(d.dueSoon) };
}

// --- the data the templates render ---

export interface ViewContext {
  locale: DigestLocale;
  recipientName: string;
  /** The service's address, without a trailing slash: links are `${baseUrl}/tasks/<id>`. */
  baseUrl: string;
  timeZone: string;
  dueSoonWorkingDays: number;
}

export function unitName(data: DigestData, id: number, locale: DigestLocale): string {
  const unit = data.units.get(id);
  if (!unit) return `#${id}`;
  return locale === 'en' ? (unit.nameEn ?? unit.name) : unit.name;
}

function names(data: DigestData): NameBook {
  return {
    unitName: (id, locale) => unitName(data, id, locale),
    userName: (id) => data.userNames.get(id) ?? null,
    workItemCode: (id) => data.workItems.get(id)?.code ?? null,
  };
}

const title = (t: { title: string; titleEn: string | null }, locale: DigestLocale) =>
  locale === 'en' ? (t.titleEn ?? t.title) : t.title;

export function taskLine(data: DigestData, f: FlaggedTask, ctx: ViewContext) {
  const t = f.task;
  return {
    id: t.id,
    code: t.code,
    title: title(t, ctx.locale),
    leadUnit: unitName(data, t.leadUnitId, ctx.locale),
    deadline: f.due,
    recurring: t.recurrence !== null,
    replanned: t.deadline !== t.originalDeadline,
    originalDeadline: t.originalDeadline,
    overdue: f.overdue,
    overdueDays: f.overdue ? Math.max(0, -f.state.workingDaysLeft) : 0,
    daysLeft: f.overdue ? 0 : f.state.workingDaysLeft,
    dueToday: !f.overdue && f.due === data.today,
    progress: t.progress,
    colour: f.state.colour,
    url: `${ctx.baseUrl}/tasks/${t.id}`,
  };
}

export type TaskLine = ReturnType<typeof taskLine>;

/** The task list filtered as a figure is: `${baseUrl}/tasks?unitId=3&unitRole=lead&overdue=true`. */
export function listUrl(ctx: ViewContext, filters: Record<string, string | number>): string {
  const q = Object.entries(filters)
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');
  return `${ctx.baseUrl}/tasks${q ? `?${q}` : ''}`;
}

function section(data: DigestData, list: FlaggedList, ctx: ViewContext, url: string) {
  const items = list.items;
  return {
    count: list.count,
    ids: items.map((f) => f.task.id).join(','),
    items: items.map((f) => taskLine(data, f, ctx)),
    more: Math.max(0, list.count - items.length),
    url,
  };
}

export function unitView(data: DigestData, d: UnitDigest, ctx: ViewContext) {
  const book = names(data);
  const changes = d.changes.events.slice(0, MAX_CHANGES).map((e) => {
    const line: ChangeLine = changeLine(e, ctx.locale, book, ctx.timeZone);
    const task = data.tasks.get(e.taskId) as TaskRow;
    return { ...line, code: task.code, title: title(task, ctx.locale), url: `${ctx.baseUrl}/tasks/${task.id}` };
  });
  const unit = data.units.get(d.unitId);
  const awaitedItems = d.awaited.items;
  const awaited = awaitedItems.map((a) => {
    const task = data.tasks.get(a.taskId) as TaskRow;
    return {
      roundId: a.roundId,
      roundTitle: a.roundTitle,
      period: a.period,
      dueDate: a.dueDate,
      late: a.dueDate < data.today,
      taskId: a.taskId,
      code: task.code,
      title: title(task, ctx.locale),
      url: `${ctx.baseUrl}/tasks/${a.taskId}`,
    };
  });
  const filtered = (unitRole: string, flag: string) => listUrl(ctx, { unitId: d.unitId, unitRole, [flag]: 'true' });
  const lead = {
    overdue: section(data, d.lead.overdue, ctx, filtered('lead', 'overdue')),
    dueSoon: section(data, d.lead.dueSoon, ctx, filtered('lead', 'dueSoon')),
  };
  const supporting = {
    overdue: section(data, d.supporting.overdue, ctx, filtered('supporting', 'overdue')),
    dueSoon: section(data, d.supporting.dueSoon, ctx, filtered('supporting', 'dueSoon')),
  };
  return {
    recipientName: ctx.recipientName,
    unitName: unitName(data, d.unitId, ctx.locale),
    unitCode: unit?.code ?? '',
    today: data.today,
    dueSoonWorkingDays: ctx.dueSoonWorkingDays,
    tasksUrl: `${ctx.baseUrl}/tasks`,
    lead,
    supporting,
    hasLead: lead.overdue.count + lead.dueSoon.count > 0,
    hasSupporting: supporting.overdue.count + supporting.dueSoon.count > 0,
    awaited: {
      count: d.awaited.count,
      ids: awaitedItems.map((a) => a.taskId).join(','),
      items: awaited,
      more: Math.max(0, d.awaited.count - awaitedItems.length),
      url: listUrl(ctx, { unitId: d.unitId, unitRole: 'lead' }),
    },
    changes: {
      count: d.changes.count,
      ids: d.changes.events
        .slice(0, MAX_CHANGES)
        .flatMap((e) => e.auditIds)
        .join(','),
      items: changes,
      more: Math.max(0, d.changes.count - changes.length),
      since: d.since,
    },
    empty: d.empty,
  };
}

export function planView(data: DigestData, d: PlanDigest, ctx: ViewContext) {
  const countCell = (c: IdCount) => ({ count: c.count, ids: c.ids.join(',') });
  return {
    recipientName: ctx.recipientName,
    today: data.today,
    dueSoonWorkingDays: ctx.dueSoonWorkingDays,
    tasksUrl: `${ctx.baseUrl}/tasks`,
    overdueCount: d.overdue.count,
    dueSoonCount: d.dueSoon.count,
    byWorkItem: d.byWorkItem.map((r) => {
      const wi = data.workItems.get(r.id);
      return {
        code: wi?.code ?? `#${r.id}`,
        title: wi ? title(wi, ctx.locale) : '',
        overdue: countCell(r.overdue),
        dueSoon: countCell(r.dueSoon),
      };
    }),
    byUnit: d.byUnit.map((r) => ({
      name: unitName(data, r.id, ctx.locale),
      overdue: countCell(r.overdue),
      dueSoon: countCell(r.dueSoon),
    })),
    overdue: section(data, d.overdue, ctx, listUrl(ctx, { overdue: 'true' })),
    empty: d.empty,
  };
}
