// What a digest says, computed from the loaded data without touching the database: for a unit, the tasks it leads
// (what it owes) and those it supports (what it contributes), each overdue or due soon; the reports awaited from it
// in open dispatch rounds; the changes to its tasks since its last digest. For a person who follows the whole plan,
// overdue and due-soon counts per work item and per lead unit and the list of overdue tasks. Every count keeps the
// ids of the rows behind it.
import { changeLine, type ChangeEvent, type ChangeLine, type DigestLocale, type NameBook } from './change-lines';
import type { AwaitedReport, DigestData, FlaggedTask, TaskRow } from './digest-query.service';

/** At most this many lines per list and this many changes; the rest are counted and linked. */
export const MAX_TASK_LINES = 50;
export const MAX_CHANGES = 30;

/** The data indexed by unit, built once per run. */
export interface DigestIndex {
  data: DigestData;
  leads: Map<number, FlaggedTask[]>;
  supports: Map<number, FlaggedTask[]>;
  awaited: Map<number, AwaitedReport[]>;
  /** Newest first. */
  events: Map<number, ChangeEvent[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The units a task concerns: its lead unit and its supporting units. */
function unitsOf(data: DigestData, taskId: number): number[] {
  const task = data.tasks.get(taskId);
  if (!task) return [];
  return [task.leadUnitId, ...(data.supporting.get(taskId) ?? [])];
}

export function indexDigest(data: DigestData): DigestIndex {
  const leads = new Map<number, FlaggedTask[]>();
  const supports = new Map<number, FlaggedTask[]>();
  for (const f of data.flagged) {
    push(leads, f.task.leadUnitId, f);
    for (const unitId of data.supporting.get(f.task.id) ?? []) push(supports, unitId, f);
  }
  const awaited = new Map<number, AwaitedReport[]>();
  for (const a of data.awaited) push(awaited, a.unitId, a);
  const events = new Map<number, ChangeEvent[]>();
  for (const e of data.events) for (const unitId of new Set(unitsOf(data, e.taskId))) push(events, unitId, e);
  return { data, leads, supports, awaited, events };
}

export interface IdCount {
  count: number;
  ids: number[];
}

const idCount = (ids: number[]): IdCount => ({ count: ids.length, ids });

export interface UnitDigest {
  kind: 'unit';
  unitId: number;
  since: Date;
  lead: { overdue: FlaggedTask[]; dueSoon: FlaggedTask[] };
  supporting: { overdue: FlaggedTask[]; dueSoon: FlaggedTask[] };
  awaited: AwaitedReport[];
  /** Newest first, all of them (the message shows the newest MAX_CHANGES). */
  changes: ChangeEvent[];
  empty: boolean;
}

export function unitDigest(index: DigestIndex, unitId: number, since: Date): UnitDigest {
  const led = index.leads.get(unitId) ?? [];
  const supported = index.supports.get(unitId) ?? [];
  const changes = (index.events.get(unitId) ?? []).filter((e) => e.at > since);
  const awaited = index.awaited.get(unitId) ?? [];
  const digest: UnitDigest = {
    kind: 'unit',
    unitId,
    since,
    lead: { overdue: led.filter((f) => f.overdue), dueSoon: led.filter((f) => f.dueSoon) },
    supporting: { overdue: supported.filter((f) => f.overdue), dueSoon: supported.filter((f) => f.dueSoon) },
    awaited,
    changes,
    empty: false,
  };
  digest.empty = !led.length && !supported.length && !awaited.length && !changes.length;
  return digest;
}

/** The figures of a unit digest, each with the ids of its rows (task ids; audit ids for changes). */
export function unitCounts(d: UnitDigest) {
  const ids = (list: FlaggedTask[]) => list.map((f) => f.task.id);
  return {
    overdueLead: idCount(ids(d.lead.overdue)),
    dueSoonLead: idCount(ids(d.lead.dueSoon)),
    overdueSupporting: idCount(ids(d.supporting.overdue)),
    dueSoonSupporting: idCount(ids(d.supporting.dueSoon)),
    awaited: {
      count: d.awaited.length,
      ids: d.awaited.map((a) => a.taskId),
      rounds: [...new Set(d.awaited.map((a) => a.roundId))],
    },
    changes: idCount(d.changes.flatMap((e) => e.auditIds)),
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
  overdue: FlaggedTask[];
  dueSoon: FlaggedTask[];
  empty: boolean;
}

/** The plan-wide digest of a lead, the secretariat or a viewer. */
export function planDigest(index: DigestIndex): PlanDigest {
  const { data } = index;
  const rows = (keyOf: (t: TaskRow) => number, keys: number[]) => {
    const by = new Map<number, CountRow>(keys.map((id) => [id, { id, overdue: idCount([]), dueSoon: idCount([]) }]));
    for (const f of data.flagged) {
      const key = keyOf(f.task);
      let row = by.get(key);
      if (!row) by.set(key, (row = { id: key, overdue: idCount([]), dueSoon: idCount([]) }));
      const bucket = f.overdue ? row.overdue : row.dueSoon;
      bucket.ids.push(f.task.id);
      bucket.count++;
    }
    return [...by.values()];
  };
  const byWorkItem = rows((t) => t.workItemId, [...data.workItems.keys()]);
  const byUnit = rows((t) => t.leadUnitId, [])
    .filter((r) => r.overdue.count + r.dueSoon.count > 0)
    .sort((a, b) => b.overdue.count - a.overdue.count || b.dueSoon.count - a.dueSoon.count || a.id - b.id);
  const overdue = data.flagged.filter((f) => f.overdue);
  const dueSoon = data.flagged.filter((f) => f.dueSoon);
  return { kind: 'plan', byWorkItem, byUnit, overdue, dueSoon, empty: !overdue.length && !dueSoon.length };
}

export function planCounts(d: PlanDigest) {
  return {
    overdue: idCount(d.overdue.map((f) => f.task.id)),
    dueSoon: idCount(d.dueSoon.map((f) => f.task.id)),
  };
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

function section(data: DigestData, list: FlaggedTask[], ctx: ViewContext) {
  return {
    count: list.length,
    ids: list.map((f) => f.task.id).join(','),
    items: list.slice(0, MAX_TASK_LINES).map((f) => taskLine(data, f, ctx)),
    more: Math.max(0, list.length - MAX_TASK_LINES),
  };
}

export function unitView(index: DigestIndex, d: UnitDigest, ctx: ViewContext) {
  const { data } = index;
  const book = names(data);
  const changes = d.changes.slice(0, MAX_CHANGES).map((e) => {
    const line: ChangeLine = changeLine(e, ctx.locale, book, ctx.timeZone);
    const task = data.tasks.get(e.taskId) as TaskRow;
    return { ...line, code: task.code, title: title(task, ctx.locale), url: `${ctx.baseUrl}/tasks/${task.id}` };
  });
  const unit = data.units.get(d.unitId);
  const awaited = d.awaited.slice(0, MAX_TASK_LINES).map((a) => {
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
  const lead = { overdue: section(data, d.lead.overdue, ctx), dueSoon: section(data, d.lead.dueSoon, ctx) };
  const supporting = {
    overdue: section(data, d.supporting.overdue, ctx),
    dueSoon: section(data, d.supporting.dueSoon, ctx),
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
      count: d.awaited.length,
      ids: d.awaited.map((a) => a.taskId).join(','),
      items: awaited,
      more: Math.max(0, d.awaited.length - MAX_TASK_LINES),
    },
    changes: {
      count: d.changes.length,
      ids: d.changes.flatMap((e) => e.auditIds).join(','),
      items: changes,
      more: Math.max(0, d.changes.length - MAX_CHANGES),
      since: d.since,
    },
    empty: d.empty,
  };
}

export function planView(index: DigestIndex, d: PlanDigest, ctx: ViewContext) {
  const { data } = index;
  const countCell = (c: IdCount) => ({ count: c.count, ids: c.ids.join(',') });
  return {
    recipientName: ctx.recipientName,
    today: data.today,
    dueSoonWorkingDays: ctx.dueSoonWorkingDays,
    tasksUrl: `${ctx.baseUrl}/tasks`,
    overdueCount: d.overdue.length,
    dueSoonCount: d.dueSoon.length,
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
    overdue: section(data, d.overdue, ctx),
    empty: d.empty,
  };
}
