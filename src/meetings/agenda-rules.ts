// The rules of a generated agenda, as pure functions: which items the state of the plan calls for (one per source
// row, each with a stable source key), and how a regenerated set is merged into an agenda the secretariat has
// edited — edits, removals, manual items and the order are kept.
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
  leadUnitId: number | null;
  presenter: string | null;
  minutes: number;
}

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

export interface ReportRow {
  id: number;
  taskId: number;
  unitId: number;
  period: string;
  filedOn: string;
  text: string;
  problems: string;
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
}

export interface AgendaInput {
  asOf: string;
  /** The last day the deadlines item covers: asOf + DEADLINE_WINDOW_DAYS. */
  deadlineUntil: string;
  /** Presents the items that belong to no one unit (indicators, deadlines): the convening unit, if any. */
  convener: UnitName | null;
  units: Map<number, UnitName>;
  headlineIndicators: IndicatorRow[];
  /** Reports needing coordination filed since the previous meeting, in the order filed. */
  coordinationReports: ReportRow[];
  /** Every task of the plan, with its state on asOf. */
  tasks: TaskRow[];
  /** Decisions of earlier meetings, in the order they were taken. */
  decisions: DecisionRow[];
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

const byCode = (a: TaskRow, b: TaskRow) => a.code.localeCompare(b.code, 'en', { numeric: true });

/** The items the state of the plan calls for, grouped and ordered. */
export function agendaCandidates(input: AgendaInput): AgendaCandidate[] {
  const out: AgendaCandidate[] = [];
  const unit = (id: number | null) => (id === null ? null : (input.units.get(id) ?? null));
  const taskById = new Map(input.tasks.map((t) => [t.id, t]));

  // 1. headline indicators against targets and pro-rata
  if (input.headlineIndicators.length) {
    const lines = input.headlineIndicators.map((i) => {
      const latest = i.latestValue === null ? '暂无数据' : `${num(i.latestValue)}${i.measure}（截至${i.latestOn}）`;
      return (
        `${i.name}：${latest}，目标${num(i.target)}${i.measure}（${i.targetDate}前），` +
        `完成${pct(i.achievementPercent)}，序时进度${pct(i.proRataAtLatest ?? i.proRataToday)}`
      );
    });
    out.push({
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
      leadUnitId: input.convener?.id ?? null,
      presenter: input.convener?.name ?? null,
      minutes: SUGGESTED_MINUTES.indicators,
    });
  }

  // 2. matters needing coordination raised in progress reports since the previous meeting
  for (const r of input.coordinationReports) {
    const task = taskById.get(r.taskId);
    if (!task || FINISHED.includes(task.status)) continue;
    const reporter = unit(r.unitId);
    out.push({
      kind: 'coordination',
      sourceKey: `report:${r.id}`,
      sources: { reportIds: [r.id], taskIds: [task.id] },
      title: `协调事项：${task.code} ${task.title}（${reporter?.name ?? r.unitId}）`,
      titleEn: `For coordination: ${task.code} ${task.titleEn ?? task.title} (${reporter?.nameEn ?? reporter?.name ?? r.unitId})`,
      detail: r.problems.trim() || r.text,
      leadUnitId: task.leadUnitId,
      presenter: reporter?.name ?? null,
      minutes: SUGGESTED_MINUTES.coordination,
    });
  }

  // 3. overdue tasks
  for (const t of input.tasks
    .filter((x) => x.state.overdue)
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || byCode(a, b))) {
    out.push({
      kind: 'overdue',
      sourceKey: `task:${t.id}:overdue`,
      sources: { taskIds: [t.id] },
      title: `逾期任务：${t.code} ${t.title}`,
      titleEn: `Overdue: ${t.code} ${t.titleEn ?? t.title}`,
      detail:
        `完成时限${t.deadline}，已逾期${Math.abs(t.state.workingDaysLeft)}个工作日；` +
        `状态：${TASK_STATUS_ZH[t.status]}，进度${t.progress}%。`,
      leadUnitId: t.leadUnitId,
      presenter: unit(t.leadUnitId)?.name ?? null,
      minutes: SUGGESTED_MINUTES.overdue,
    });
  }

  // 4. blocked tasks
  for (const t of input.tasks.filter((x) => x.status === 'blocked').sort(byCode)) {
    out.push({
      kind: 'blocked',
      sourceKey: `task:${t.id}:blocked`,
      sources: { taskIds: [t.id] },
      title: `受阻任务：${t.code} ${t.title}`,
      titleEn: `Blocked: ${t.code} ${t.titleEn ?? t.title}`,
      detail: `任务受阻，需协调推进；进度${t.progress}%，完成时限${t.deadline}${t.state.overdue ? '（已逾期）' : ''}。`,
      leadUnitId: t.leadUnitId,
      presenter: unit(t.leadUnitId)?.name ?? null,
      minutes: SUGGESTED_MINUTES.blocked,
    });
  }

  // 5. decisions of earlier meetings still open
  for (const d of input.decisions) {
    const task = d.taskId === null ? null : (taskById.get(d.taskId) ?? null);
    if (task && FINISHED.includes(task.status)) continue;
    const leadUnitId = d.leadUnitId ?? task?.leadUnitId ?? null;
    const followUp = task
      ? `跟进任务${task.code}：${TASK_STATUS_ZH[task.status]}，进度${task.progress}%，完成时限${task.deadline}` +
        `${task.state.overdue ? '（已逾期）' : ''}。`
      : '尚未形成跟进任务。';
    out.push({
      kind: 'open_decision',
      sourceKey: `decision:${d.id}`,
      sources: { decisionIds: [d.id], ...(task ? { taskIds: [task.id] } : {}) },
      title: `议定事项落实：${shorten(d.text)}`,
      titleEn: `Follow-up of a decision: ${shorten(d.text)}`,
      detail: `${d.meetingTitle}（${d.meetingDate}）议定：${d.text}\n${followUp}`,
      leadUnitId,
      presenter: unit(leadUnitId)?.name ?? null,
      minutes: SUGGESTED_MINUTES.open_decision,
    });
  }

  // 6. deadlines in the coming weeks
  const ahead = input.tasks
    .filter((t) => ['assigned', 'in_progress', 'blocked'].includes(t.status))
    .filter((t) => t.nextDue > input.asOf && t.nextDue <= input.deadlineUntil)
    .sort((a, b) => a.nextDue.localeCompare(b.nextDue) || byCode(a, b));
  if (ahead.length) {
    out.push({
      kind: 'deadline',
      sourceKey: 'deadlines',
      sources: { taskIds: ahead.map((t) => t.id) },
      title: '未来三周到期任务',
      titleEn: 'Deadlines in the next three weeks',
      detail: ahead
        .map((t) => `${t.nextDue} ${t.code} ${t.title}（牵头：${unit(t.leadUnitId)?.name ?? t.leadUnitId}）`)
        .join('\n'),
      leadUnitId: input.convener?.id ?? null,
      presenter: input.convener?.name ?? null,
      minutes: SUGGESTED_MINUTES.deadline,
    });
  }
  return out;
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
