// The rules of a generated agenda, as pure functions: which items the state of the plan calls for — matters grouped
// per unit, the worst first, with counts and a link to the full list, at most a configured number — each with a
// stable source key, and how a regenerated set is merged into an agenda the secretariat has edited — edits,
// removals, manual items and the order are kept.
import { longDate } from '../documents/chinese';
import type { TaskState } from '../tasks/grades';
import type { TaskStatus } from '../tasks/task.entity';
import type { AgendaKind, AgendaSources } from './agenda-item.entity';

export type GeneratedKind = Exclude<AgendaKind, 'manual'>;

/** The groups of a generated agenda, in order. */
export const GENERATED_KINDS: GeneratedKind[] = [
  'indicators',
  'coordination',
  'overdue',
  'blocked',
  'open_decision',
  'deadline',
];

/** Suggested minutes per kind of item. */
export const SUGGESTED_MINUTES: Record<AgendaKind, number> = {
  indicators: 10,
  coordination: 10,
  overdue: 5,
  blocked: 5,
  open_decision: 5,
  deadline: 5,
  manual: 10,
};

/** How far ahead the deadlines item looks, in days. */
export const DEADLINE_WINDOW_DAYS = 21;
/** How far back matters needing coordination are taken when the plan has had no meeting before. */
export const FIRST_MEETING_LOOKBACK_DAYS = 90;

export const TASK_STATUS_ZH: Record<TaskStatus, string> = {
  draft: '草稿',
  assigned: '已下达',
  in_progress: '推进中',
  submitted: '已申请办结',
  closed: '已办结',
  blocked: '受阻',
  cancelled: '已取消',
};

export const TASK_STATUS_EN: Record<TaskStatus, string> = {
  draft: 'draft',
  assigned: 'assigned',
  in_progress: 'in progress',
  submitted: 'submitted for closing',
  closed: 'closed',
  blocked: 'blocked',
  cancelled: 'cancelled',
};

/** An item the state of the plan calls for. */
export interface AgendaCandidate {
  kind: GeneratedKind;
  sourceKey: string;
  sources: AgendaSources;
  title: string;
  titleEn: string | null;
  detail: string;
  detailEn: string | null;
  leadUnitId: number | null;
  presenter: string | null;
  minutes: number;
}

/** Items a generated agenda holds when the setting says nothing, and at most whatever it says. */
export const DEFAULT_AGENDA_MAX_ITEMS = 30;
export const AGENDA_MAX_ITEMS_LIMIT = 200;
/** Tasks (or reports) an item names, the worst first; the rest are counted and linked. */
export const SHOWN_PER_ITEM = 5;
/** Tasks the deadlines item names, the soonest first. */
export const SHOWN_DEADLINES = 20;

// --- the rows the items are made of ---

export interface UnitName {
  id: number;
  name: string;
  nameEn: string | null;
}

export interface IndicatorRow {
  id: number;
  name: string;
  nameEn: string | null;
  measure: string;
  measureEn: string | null;
  target: number;
  targetDate: string;
  latestValue: number | null;
  latestOn: string | null;
  latestValueId: number | null;
  achievementPercent: number | null;
  proRataAtLatest: number | null;
  proRataToday: number;
}

export interface TaskRow {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  status: TaskStatus;
  progress: number;
  deadline: string;
  leadUnitId: number;
  /** The task's state on the agenda's date. */
  state: TaskState;
  /** The next date the task's work is due after the agenda's date: the next recurrence, or the deadline. */
  nextDue: string;
}

/** The tasks of one lead unit in a group (overdue, blocked): how many, and the first few, worst first. */
export interface UnitTaskGroup {
  unitId: number;
  count: number;
  /** The unit's earliest deadline among them. */
  worstDeadline: string;
  tasks: TaskRow[];
}

export interface ReportRow {
  id: number;
  taskId: number;
  unitId: number;
  period: string;
  filedOn: string;
  text: string;
  problems: string;
}

/** A matter needing coordination, with the task it was raised on. */
export interface CoordinationRow extends ReportRow {
  task: { id: number; code: string; title: string; titleEn: string | null; leadUnitId: number };
}

/** The matters needing coordination one unit raised: how many, and the first few in the order filed. */
export interface CoordinationGroup {
  unitId: number;
  count: number;
  firstFiledOn: string;
  reports: CoordinationRow[];
}

export interface DecisionRow {
  id: number;
  text: string;
  leadUnitId: number | null;
  meetingTitle: string;
  meetingTitleEn: string | null;
  /** The meeting's date in the task force's time zone. */
  meetingDate: string;
  taskId: number | null;
  /** Its follow-up task, if it has one. */
  task: TaskRow | null;
}

export interface AgendaInput {
  asOf: string;
  /** The last day the deadlines item covers: asOf + DEADLINE_WINDOW_DAYS. */
  deadlineUntil: string;
  /** Presents the items that belong to no one unit (indicators, deadlines): the convening unit, if any. */
  convener: UnitName | null;
  units: Map<number, UnitName>;
  /** At most this many generated items (the setting meetings.agendaMaxItems). */
  maxItems: number;
  headlineIndicators: IndicatorRow[];
  /** Matters needing coordination raised since the previous meeting, per reporting unit. */
  coordination: CoordinationGroup[];
  /** Open tasks past their deadline, per lead unit. */
  overdue: UnitTaskGroup[];
  /** Blocked tasks, per lead unit. */
  blocked: UnitTaskGroup[];
  /** Decisions of earlier meetings, in the order they were taken. */
  decisions: DecisionRow[];
  /** Open tasks next due in (asOf, deadlineUntil]: how many, and the first few, soonest first. */
  deadlines: { count: number; tasks: TaskRow[] };
}

const FINISHED: TaskStatus[] = ['closed', 'cancelled'];

function num(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 10) / 10);
}

function pct(v: number | null): string {
  return v === null ? '—' : `${num(v)}%`;
}

/** The text shortened to a title. */
export function shorten(text: string, max = 60): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** The path of the task list showing every task of a group (the counts of an item are that list's total). */
export function taskListPath(filter: Record<string, string | number | boolean>): string {
  return `/tasks?${new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

/** Groups the worst first: the earliest deadline, then the most tasks, then the unit. */
export function worstFirst(a: UnitTaskGroup, b: UnitTaskGroup): number {
  return a.worstDeadline.localeCompare(b.worstDeadline) || b.count - a.count || a.unitId - b.unitId;
}

const daysLate = (t: TaskRow) => Math.abs(t.state.workingDaysLeft);
/** 20 September 2023: the dates of an English detail line. */
const dateEn = (date: string) => longDate(date, 'en');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The kinds' items, each list in the order it is shown, and how to sum up those the cap leaves out. */
interface KindList {
  kind: GeneratedKind;
  items: AgendaCandidate[];
  /** One item standing for the items left out (none: they are just left out). */
  rest?: (left: AgendaCandidate[]) => AgendaCandidate;
}

/** The items the state of the plan calls for, grouped, the worst first, at most `maxItems` of them. */
export function agendaCandidates(input: AgendaInput): AgendaCandidate[] {
  const unit = (id: number | null) => (id === null ? null : (input.units.get(id) ?? null));
  const nameOf = (id: number) => unit(id)?.name ?? String(id);
  const nameEnOf = (id: number) => unit(id)?.nameEn ?? unit(id)?.name ?? String(id);
  const lists: KindList[] = [];

  // 1. headline indicators against targets and pro-rata
  const indicators: AgendaCandidate[] = [];
  if (input.headlineIndicators.length) {
    const lines = input.headlineIndicators.map((i) => {
      const latest = i.latestValue === null ? '暂无数据' : `${num(i.latestValue)}${i.measure}（截至${i.latestOn}）`;
      return (
        `${i.name}：${latest}，目标${num(i.target)}${i.measure}（${i.targetDate}前），` +
        `完成${pct(i.achievementPercent)}，序时进度${pct(i.proRataAtLatest ?? i.proRataToday)}`
      );
    });
    const linesEn = input.headlineIndicators.map((i) => {
      const measure = i.measureEn ? ` ${i.measureEn}` : '';
      const latest =
        i.latestValue === null || i.latestOn === null
          ? 'no figures yet'
          : `${num(i.latestValue)}${measure} (as of ${dateEn(i.latestOn)})`;
      return (
        `${i.nameEn ?? i.name}: ${latest}, target ${num(i.target)}${measure} by ${dateEn(i.targetDate)}, ` +
        `${pct(i.achievementPercent)} achieved, pro-rata ${pct(i.proRataAtLatest ?? i.proRataToday)}.`
      );
    });
    indicators.push({
      kind: 'indicators',
      sourceKey: 'indicators',
      sources: {
        indicatorIds: input.headlineIndicators.map((i) => i.id),
        indicatorValueIds: input.headlineIndicators
          .map((i) => i.latestValueId)
          .filter((id): id is number => id !== null),
      },
      title: '重点指标完成情况',
      titleEn: 'Headline indicators against targets',
      detail: lines.join('\n'),
      detailEn: linesEn.join('\n'),
      leadUnitId: input.convener?.id ?? null,
      presenter: input.convener?.name ?? null,
      minutes: SUGGESTED_MINUTES.indicators,
    });
  }
  lists.push({ kind: 'indicators', items: indicators });

  // 2. matters needing coordination raised since the previous meeting, per reporting unit, the most first
  const coordination = [...input.coordination]
    .sort((a, b) => b.count - a.count || a.firstFiledOn.localeCompare(b.firstFiledOn) || a.unitId - b.unitId)
    .map((g): AgendaCandidate => {
      const first = g.reports[0];
      const more = g.count > g.reports.length ? `\n另有${g.count - g.reports.length}项，见进展报告列表。` : '';
      // groups past the cap have no rows loaded: they are only counted, by the item for the others
      const one = g.count === 1 && first !== undefined;
      return {
        kind: 'coordination',
        sourceKey: `coordination:unit:${g.unitId}`,
        sources: {
          reportIds: g.reports.map((r) => r.id),
          taskIds: [...new Set(g.reports.map((r) => r.task.id))],
          reportTotal: g.count,
        },
        title: one
          ? `协调事项：${first.task.code} ${first.task.title}（${nameOf(g.unitId)}）`
          : `协调事项：${nameOf(g.unitId)}提出${g.count}项`,
        titleEn: one
          ? `For coordination: ${first.task.code} ${first.task.titleEn ?? first.task.title} (${nameEnOf(g.unitId)})`
          : `For coordination: ${g.count} matters raised by ${nameEnOf(g.unitId)}`,
        detail: one
          ? first.problems.trim() || first.text
          : g.reports.map((r) => `${r.task.code} ${r.task.title}：${r.problems.trim() || r.text}`).join('\n') + more,
        // what a unit wrote stays in its words; the frame around it is English
        detailEn: one
          ? null
          : g.reports
              .map((r) => `${r.task.code} ${r.task.titleEn ?? r.task.title}: ${r.problems.trim() || r.text}`)
              .join('\n') +
            (g.count > g.reports.length ? `\n${g.count - g.reports.length} more: see the progress reports.` : ''),
        leadUnitId: one ? first.task.leadUnitId : g.unitId,
        presenter: unit(g.unitId)?.name ?? null,
        minutes: SUGGESTED_MINUTES.coordination,
      };
    });
  lists.push({
    kind: 'coordination',
    items: coordination,
    rest: (left) => {
      const total = left.reduce((s, c) => s + (c.sources.reportTotal ?? 0), 0);
      return {
        kind: 'coordination',
        sourceKey: 'coordination:others',
        sources: { reportTotal: total },
        title: `协调事项：其他${left.length}个单位提出${total}项`,
        titleEn: `For coordination: ${total} matters raised by ${left.length} other units`,
        detail: left.map((c) => c.title.replace(/^协调事项：/, '')).join('\n'),
        detailEn: left.map((c) => (c.titleEn ?? c.title).replace(/^For coordination: /, '')).join('\n'),
        leadUnitId: null,
        presenter: input.convener?.name ?? null,
        minutes: SUGGESTED_MINUTES.coordination,
      };
    },
  });

  // 3. overdue tasks, per lead unit, the unit with the task overdue longest first
  const overdue = [...input.overdue].sort(worstFirst).map((g): AgendaCandidate => {
    const worst = g.tasks[0] as TaskRow | undefined;
    const listPath = taskListPath({ unitId: g.unitId, unitRole: 'lead', overdue: true });
    return {
      kind: 'overdue',
      sourceKey: `overdue:unit:${g.unitId}`,
      sources: { taskIds: g.tasks.map((t) => t.id), taskTotal: g.count, listPath },
      title: !worst
        ? `逾期任务：${nameOf(g.unitId)}共${g.count}项`
        : g.count === 1
          ? `逾期任务：${worst.code} ${worst.title}`
          : `逾期任务：${nameOf(g.unitId)}共${g.count}项，最久的${worst.code}逾期${daysLate(worst)}个工作日`,
      titleEn: !worst
        ? `Overdue: ${g.count} tasks of ${nameEnOf(g.unitId)}`
        : g.count === 1
          ? `Overdue: ${worst.code} ${worst.titleEn ?? worst.title}`
          : `Overdue: ${g.count} tasks of ${nameEnOf(g.unitId)}, the worst ${worst.code} by ${daysLate(worst)} working days`,
      detail: [
        ...g.tasks.map(
          (t) =>
            `${t.code} ${t.title}：完成时限${t.deadline}，已逾期${daysLate(t)}个工作日；` +
            `状态：${TASK_STATUS_ZH[t.status]}，进度${t.progress}%。`,
        ),
        ...(g.count > g.tasks.length ? [`另有${g.count - g.tasks.length}项逾期任务，见任务列表。`] : []),
      ].join('\n'),
      detailEn: [
        ...g.tasks.map(
          (t) =>
            `${t.code} ${t.titleEn ?? t.title}: deadline ${dateEn(t.deadline)}, overdue by ` +
            `${plural(daysLate(t), 'working day')}; ${TASK_STATUS_EN[t.status]}, ${t.progress}% done.`,
        ),
        ...(g.count > g.tasks.length
          ? [`${plural(g.count - g.tasks.length, 'more overdue task')}: see the task list.`]
          : []),
      ].join('\n'),
      leadUnitId: g.unitId,
      presenter: unit(g.unitId)?.name ?? null,
      minutes: SUGGESTED_MINUTES.overdue,
    };
  });
  lists.push({
    kind: 'overdue',
    items: overdue,
    rest: (left) => {
      const total = left.reduce((s, c) => s + (c.sources.taskTotal ?? 0), 0);
      return {
        kind: 'overdue',
        sourceKey: 'overdue:others',
        sources: { taskTotal: total, listPath: taskListPath({ overdue: true }) },
        title: `逾期任务：其他${left.length}个单位共${total}项`,
        titleEn: `Overdue: ${total} tasks of ${left.length} other units`,
        detail: left.map((c) => `${nameOf(c.leadUnitId as number)}：${c.sources.taskTotal}项`).join('\n'),
        detailEn: left
          .map((c) => `${nameEnOf(c.leadUnitId as number)}: ${plural(c.sources.taskTotal ?? 0, 'task')}`)
          .join('\n'),
        leadUnitId: null,
        presenter: input.convener?.name ?? null,
        minutes: SUGGESTED_MINUTES.overdue,
      };
    },
  });

  // 4. blocked tasks, per lead unit
  const blocked = [...input.blocked].sort(worstFirst).map((g): AgendaCandidate => {
    const first = g.tasks[0] as TaskRow | undefined;
    const listPath = taskListPath({ unitId: g.unitId, unitRole: 'lead', status: 'blocked' });
    return {
      kind: 'blocked',
      sourceKey: `blocked:unit:${g.unitId}`,
      sources: { taskIds: g.tasks.map((t) => t.id), taskTotal: g.count, listPath },
      title:
        g.count === 1 && first
          ? `受阻任务：${first.code} ${first.title}`
          : `受阻任务：${nameOf(g.unitId)}共${g.count}项`,
      titleEn:
        g.count === 1 && first
          ? `Blocked: ${first.code} ${first.titleEn ?? first.title}`
          : `Blocked: ${g.count} tasks of ${nameEnOf(g.unitId)}`,
      detail: [
        ...g.tasks.map(
          (t) =>
            `${t.code} ${t.title}：任务受阻，需协调推进；进度${t.progress}%，` +
            `完成时限${t.deadline}${t.state.overdue ? '（已逾期）' : ''}。`,
        ),
        ...(g.count > g.tasks.length ? [`另有${g.count - g.tasks.length}项受阻任务，见任务列表。`] : []),
      ].join('\n'),
      detailEn: [
        ...g.tasks.map(
          (t) =>
            `${t.code} ${t.titleEn ?? t.title}: blocked, needs coordination; ${t.progress}% done, ` +
            `deadline ${dateEn(t.deadline)}${t.state.overdue ? ' (overdue)' : ''}.`,
        ),
        ...(g.count > g.tasks.length
          ? [`${plural(g.count - g.tasks.length, 'more blocked task')}: see the task list.`]
          : []),
      ].join('\n'),
      leadUnitId: g.unitId,
      presenter: unit(g.unitId)?.name ?? null,
      minutes: SUGGESTED_MINUTES.blocked,
    };
  });
  lists.push({
    kind: 'blocked',
    items: blocked,
    rest: (left) => {
      const total = left.reduce((s, c) => s + (c.sources.taskTotal ?? 0), 0);
      return {
        kind: 'blocked',
        sourceKey: 'blocked:others',
        sources: { taskTotal: total, listPath: taskListPath({ status: 'blocked' }) },
        title: `受阻任务：其他${left.length}个单位共${total}项`,
        titleEn: `Blocked: ${total} tasks of ${left.length} other units`,
        detail: left.map((c) => `${nameOf(c.leadUnitId as number)}：${c.sources.taskTotal}项`).join('\n'),
        detailEn: left
          .map((c) => `${nameEnOf(c.leadUnitId as number)}: ${plural(c.sources.taskTotal ?? 0, 'task')}`)
          .join('\n'),
        leadUnitId: null,
        presenter: input.convener?.name ?? null,
        minutes: SUGGESTED_MINUTES.blocked,
      };
    },
  });

  // 5. decisions of earlier meetings still open
  const decisions: AgendaCandidate[] = [];
  for (const d of input.decisions) {
    const task = d.task;
    if (task && FINISHED.includes(task.status)) continue;
    const leadUnitId = d.leadUnitId ?? task?.leadUnitId ?? null;
    const followUp = task
      ? `跟进任务${task.code}：${TASK_STATUS_ZH[task.status]}，进度${task.progress}%，完成时限${task.deadline}` +
        `${task.state.overdue ? '（已逾期）' : ''}。`
      : '尚未形成跟进任务。';
    const followUpEn = task
      ? `Follow-up task ${task.code}: ${TASK_STATUS_EN[task.status]}, ${task.progress}% done, deadline ` +
        `${dateEn(task.deadline)}${task.state.overdue ? ' (overdue)' : ''}.`
      : 'No follow-up task yet.';
    decisions.push({
      kind: 'open_decision',
      sourceKey: `decision:${d.id}`,
      sources: { decisionIds: [d.id], ...(task ? { taskIds: [task.id] } : {}) },
      title: `议定事项落实：${shorten(d.text)}`,
      titleEn: `Follow-up of a decision: ${shorten(d.text)}`,
      detail: `${d.meetingTitle}（${d.meetingDate}）议定：${d.text}\n${followUp}`,
      detailEn: `Decided at ${d.meetingTitleEn ?? d.meetingTitle} (${dateEn(d.meetingDate)}): ${d.text}\n${followUpEn}`,
      leadUnitId,
      presenter: unit(leadUnitId)?.name ?? null,
      minutes: SUGGESTED_MINUTES.open_decision,
    });
  }
  lists.push({
    kind: 'open_decision',
    items: decisions,
    rest: (left) => ({
      kind: 'open_decision',
      sourceKey: 'decision:others',
      sources: { decisionIds: left.flatMap((c) => c.sources.decisionIds ?? []) },
      title: `议定事项落实：其他${left.length}项`,
      titleEn: `Follow-up of ${left.length} other decisions`,
      detail: left.map((c) => c.title.replace(/^议定事项落实：/, '')).join('\n'),
      detailEn: left.map((c) => (c.titleEn ?? c.title).replace(/^Follow-up of a decision: /, '')).join('\n'),
      leadUnitId: null,
      presenter: input.convener?.name ?? null,
      minutes: SUGGESTED_MINUTES.open_decision,
    }),
  });

  // 6. deadlines in the coming weeks, the soonest first
  const deadlines: AgendaCandidate[] = [];
  const ahead = input.deadlines;
  if (ahead.count) {
    const more = ahead.count > ahead.tasks.length ? [`另有${ahead.count - ahead.tasks.length}项，见任务列表。`] : [];
    deadlines.push({
      kind: 'deadline',
      sourceKey: 'deadlines',
      sources: { taskIds: ahead.tasks.map((t) => t.id), taskTotal: ahead.count },
      title: '未来三周到期任务',
      titleEn: 'Deadlines in the next three weeks',
      detail: [
        ...ahead.tasks.map((t) => `${t.nextDue} ${t.code} ${t.title}（牵头：${nameOf(t.leadUnitId)}）`),
        ...more,
      ].join('\n'),
      detailEn: [
        ...ahead.tasks.map(
          (t) => `${dateEn(t.nextDue)} ${t.code} ${t.titleEn ?? t.title} (lead: ${nameEnOf(t.leadUnitId)})`,
        ),
        ...(ahead.count > ahead.tasks.length ? [`${ahead.count - ahead.tasks.length} more: see the task list.`] : []),
      ].join('\n'),
      leadUnitId: input.convener?.id ?? null,
      presenter: input.convener?.name ?? null,
      minutes: SUGGESTED_MINUTES.deadline,
    });
  }
  lists.push({ kind: 'deadline', items: deadlines });

  return capped(lists, Math.max(0, Math.min(input.maxItems, AGENDA_MAX_ITEMS_LIMIT)));
}

/**
 * Keeps at most `max` items: slots are dealt to the kinds in turn (one each, round after round), so no kind
 * crowds out the others; a kind that cannot show all its items shows the first ones and, in its last slot, one
 * item summing up the rest. The kinds stay in their order.
 */
export function capped(lists: KindList[], max: number): AgendaCandidate[] {
  const total = lists.reduce((s, l) => s + l.items.length, 0);
  if (total <= max) return lists.flatMap((l) => l.items);
  const quota = lists.map(() => 0);
  let left = max;
  while (left > 0) {
    let dealt = false;
    for (const [i, l] of lists.entries()) {
      if (left > 0 && quota[i] < l.items.length) {
        quota[i]++;
        left--;
        dealt = true;
      }
    }
    if (!dealt) break;
  }
  return lists.flatMap((l, i) => {
    const q = quota[i];
    if (q >= l.items.length) return l.items;
    if (!l.rest || q === 0) return l.items.slice(0, q);
    return [...l.items.slice(0, q - 1), l.rest(l.items.slice(q - 1))];
  });
}

// --- merging a regenerated set into the agenda ---

/** The fields of an agenda item the merge reads and writes. */
export interface AgendaItemState {
  id: number;
  seq: number;
  kind: AgendaKind;
  sourceKey: string;
  sources: AgendaSources;
  title: string;
  titleEn: string | null;
  detail: string;
  detailEn: string | null;
  leadUnitId: number | null;
  presenter: string | null;
  minutes: number;
  edited: boolean;
  removed: boolean;
  stale: boolean;
}

export interface MergeResult {
  /** The agenda in its new order, seq renumbered from 1; new items have id 0. */
  items: AgendaItemState[];
  /** Items dropped because their source no longer applies and nobody touched them. */
  dropped: number[];
  added: number;
  updated: number;
  stale: number;
}

const rank = (kind: AgendaKind) => GENERATED_KINDS.indexOf(kind as GeneratedKind);

/** Where a new item of a kind goes: after its group, else after the groups before it, else before those after it. */
function insertionIndex(order: AgendaItemState[], kind: GeneratedKind): number {
  const r = rank(kind);
  for (let i = order.length - 1; i >= 0; i--) if (order[i].kind === kind) return i + 1;
  for (let i = order.length - 1; i >= 0; i--) {
    const k = rank(order[i].kind);
    if (k >= 0 && k < r) return i + 1;
  }
  const after = order.findIndex((x) => rank(x.kind) > r);
  return after >= 0 ? after : order.length;
}

function sameSources(a: AgendaSources, b: AgendaSources): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Merges the items the plan calls for into the agenda as the secretariat left it. An item with the same source
 * key is updated in place: its sources always, its wording (title, detail, presenter, minutes, lead unit) only if
 * nobody edited it. Removed items stay removed, manual items stay, the order is kept and new items join their
 * group. A generated item whose source no longer applies is marked stale, or dropped if it was never touched
 * (`pinned` names items that must stay: with notes, or a decision on them).
 */
export function mergeAgenda(
  existing: AgendaItemState[],
  candidates: AgendaCandidate[],
  pinned: ReadonlySet<number> = new Set(),
): MergeResult {
  const wanted = new Map(candidates.map((c) => [c.sourceKey, c]));
  const dropped: number[] = [];
  let staleCount = 0;
  let updated = 0;
  const order: AgendaItemState[] = [];
  for (const item of [...existing].sort((a, b) => a.seq - b.seq || a.id - b.id)) {
    const next = { ...item };
    const candidate = item.kind === 'manual' ? undefined : wanted.get(item.sourceKey);
    if (item.kind !== 'manual' && !candidate) {
      if (!item.edited && !item.removed && !pinned.has(item.id)) {
        dropped.push(item.id);
        continue;
      }
      if (!item.stale) staleCount++;
      next.stale = true;
    } else if (candidate) {
      next.stale = false;
      next.sources = candidate.sources;
      next.kind = candidate.kind;
      if (!item.edited) {
        next.title = candidate.title;
        next.titleEn = candidate.titleEn;
        next.detail = candidate.detail;
        next.detailEn = candidate.detailEn;
        next.leadUnitId = candidate.leadUnitId;
        next.presenter = candidate.presenter;
        next.minutes = candidate.minutes;
      }
      const changed =
        next.stale !== item.stale ||
        !sameSources(next.sources, item.sources) ||
        next.title !== item.title ||
        next.titleEn !== item.titleEn ||
        next.detail !== item.detail ||
        next.detailEn !== item.detailEn ||
        next.leadUnitId !== item.leadUnitId ||
        next.presenter !== item.presenter ||
        next.minutes !== item.minutes;
      if (changed) updated++;
    }
    order.push(next);
  }
  const present = new Set(existing.map((i) => i.sourceKey));
  let added = 0;
  for (const c of candidates) {
    if (present.has(c.sourceKey)) continue;
    const item: AgendaItemState = {
      id: 0,
      seq: 0,
      kind: c.kind,
      sourceKey: c.sourceKey,
      sources: c.sources,
      title: c.title,
      titleEn: c.titleEn,
      detail: c.detail,
      detailEn: c.detailEn,
      leadUnitId: c.leadUnitId,
      presenter: c.presenter,
      minutes: c.minutes,
      edited: false,
      removed: false,
      stale: false,
    };
    order.splice(insertionIndex(order, c.kind), 0, item);
    added++;
  }
  order.forEach((item, i) => (item.seq = i + 1));
  return { items: order, dropped, added, updated, stale: staleCount };
}
