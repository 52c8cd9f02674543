// Changes to tasks, read from the audit log and written for people: who did what to which task, field by field,
// from what to what, in Chinese or English. Pure functions over the audit rows and the names they refer to.
import { formatMailDate } from '../mail/template-helpers';
import { formatLocal } from '../scheduler/slots';

export type DigestLocale = 'zh-CN' | 'en';

/** One audit row of a task, as the digest query reads it. */
export interface AuditRow {
  id: number;
  at: Date;
  actorId: number | null;
  actorEmail: string | null;
  taskId: number;
  action: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
}

/** The rows one action wrote: same task, action, actor and instant. */
export interface ChangeEvent {
  auditIds: number[];
  taskId: number;
  at: Date;
  actorId: number | null;
  actorEmail: string | null;
  action: string;
  fields: { field: string; from: string | null; to: string | null }[];
}

/** Names the values of a change refer to (units, users, work items). */
export interface NameBook {
  unitName(id: number, locale: DigestLocale): string;
  userName(id: number): string | null;
  workItemCode(id: number): string | null;
}

export interface ChangeLine {
  auditIds: number[];
  taskId: number;
  at: string;
  who: string;
  action: string;
  /** Field by field: label, from → to (from is null for a value set where there was none); empty for a new task. */
  fields: { label: string; from: string | null; to: string }[];
}

/**
 * Groups rows, newest first, into events. The audit service writes one action's rows in one insert with one
 * timestamp, so rows of an event are adjacent once ordered by time and id.
 */
export function groupEvents(rows: AuditRow[]): ChangeEvent[] {
  const sorted = [...rows].sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id);
  const events: ChangeEvent[] = [];
  let current: ChangeEvent | null = null;
  for (const r of sorted) {
    const same =
      current &&
      current.taskId === r.taskId &&
      current.action === r.action &&
      current.actorId === r.actorId &&
      current.at.getTime() === r.at.getTime();
    if (!same) {
      current = {
        auditIds: [],
        taskId: r.taskId,
        at: r.at,
        actorId: r.actorId,
        actorEmail: r.actorEmail,
        action: r.action,
        fields: [],
      };
      events.push(current);
    }
    const event = current as ChangeEvent;
    event.auditIds.push(r.id);
    if (r.field) event.fields.push({ field: r.field, from: r.oldValue, to: r.newValue });
  }
  // back to the order the action wrote them in
  for (const e of events) {
    e.auditIds.reverse();
    e.fields.reverse();
  }
  return events;
}

const ACTIONS: Record<string, [string, string]> = {
  create: ['新建任务', 'created the task'],
  update: ['修改任务', 'changed the task'],
  'report.progress': ['报送进展', 'reported progress'],
  'report.returned': ['进展被退办', 'report sent back'],
  'extension.request': ['申请延期', 'asked for an extension'],
  'extension.approve': ['批准延期', 'approved an extension'],
  'extension.refuse': ['驳回延期申请', 'refused an extension'],
  'closing.request': ['申请办结', 'asked to close the task'],
  'closing.accept': ['同意办结', 'accepted the closing'],
  'closing.return': ['退回办结申请', 'sent the closing request back'],
};

const FIELDS: Record<string, [string, string]> = {
  workItemId: ['工作事项', 'work item'],
  code: ['编号', 'code'],
  title: ['标题', 'title'],
  titleEn: ['英文标题', 'English title'],
  description: ['说明', 'description'],
  leadUnitId: ['牵头单位', 'lead unit'],
  supportingUnitIds: ['配合单位', 'supporting units'],
  ownerId: ['责任人', 'owner'],
  ownerName: ['责任人', 'owner'],
  startDate: ['开始日期', 'start date'],
  deadline: ['完成时限', 'deadline'],
  requestedDeadline: ['申请完成时限', 'requested deadline'],
  recurrence: ['周期', 'recurrence'],
  priority: ['优先级', 'priority'],
  status: ['状态', 'status'],
  progress: ['进度', 'progress'],
  tags: ['标签', 'tags'],
  indicatorIds: ['关联指标', 'indicators'],
  reason: ['原因', 'reason'],
  note: ['说明', 'note'],
};

export const STATUS_LABELS: Record<string, [string, string]> = {
  draft: ['草稿', 'draft'],
  assigned: ['已交办', 'assigned'],
  in_progress: ['推进中', 'in progress'],
  submitted: ['申请办结', 'submitted for closing'],
  closed: ['已办结', 'closed'],
  blocked: ['需协调', 'blocked'],
  cancelled: ['已取消', 'cancelled'],
  pending: ['待审批', 'pending'],
  approved: ['已批准', 'approved'],
  refused: ['已驳回', 'refused'],
};

const PRIORITY_LABELS: Record<string, [string, string]> = {
  low: ['低', 'low'],
  normal: ['一般', 'normal'],
  high: ['高', 'high'],
  urgent: ['紧急', 'urgent'],
};

const MAX_VALUE_LENGTH = 60;

const pick = (pair: [string, string], locale: DigestLocale) => (locale === 'en' ? pair[1] : pair[0]);

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > MAX_VALUE_LENGTH ? `${flat.slice(0, MAX_VALUE_LENGTH - 1)}…` : flat;
}

/** A stored value as a person reads it. */
export function formatValue(field: string, value: string | null, locale: DigestLocale, names: NameBook): string {
  if (value === null || value === '' || value === '[]') return locale === 'en' ? '(none)' : '（无）';
  const en = locale === 'en';
  switch (field) {
    case 'status':
      return STATUS_LABELS[value] ? pick(STATUS_LABELS[value], locale) : value;
    case 'priority':
      return PRIORITY_LABELS[value] ? pick(PRIORITY_LABELS[value], locale) : value;
    case 'progress':
      return `${value}%`;
    case 'deadline':
    case 'startDate':
    case 'requestedDeadline':
      // calendar dates: no time zone applies
      return formatMailDate(value, locale, 'UTC');
    case 'leadUnitId':
      return names.unitName(Number(value), locale);
    case 'supportingUnitIds': {
      const ids = parseJson(value);
      return Array.isArray(ids) ? ids.map((id) => names.unitName(Number(id), locale)).join(en ? ', ' : '、') : value;
    }
    case 'ownerId':
      return names.userName(Number(value)) ?? `#${value}`;
    case 'workItemId':
      return names.workItemCode(Number(value)) ?? `#${value}`;
    case 'recurrence': {
      const r = parseJson(value) as { freq?: string; day?: number } | null;
      if (!r || typeof r !== 'object') return value;
      if (r.freq === 'quarterly') return en ? `quarterly, by day ${r.day}` : `每季度末月${r.day}日前`;
      return en ? `monthly, by day ${r.day}` : `每月${r.day}日前`;
    }
    case 'tags':
    case 'indicatorIds': {
      const list = parseJson(value);
      return Array.isArray(list) ? clip(list.join(en ? ', ' : '、')) : clip(value);
    }
    default:
      return clip(value);
  }
}

/** An event as a line of the digest. */
export function changeLine(event: ChangeEvent, locale: DigestLocale, names: NameBook, timeZone: string): ChangeLine {
  const who =
    (event.actorId !== null ? names.userName(event.actorId) : null) ??
    (event.actorEmail && event.actorEmail !== 'system' ? event.actorEmail : locale === 'en' ? 'System' : '系统');
  let action = ACTIONS[event.action] ? pick(ACTIONS[event.action], locale) : event.action;
  if (event.action.startsWith('status.')) action = locale === 'en' ? 'changed the status' : '变更状态';
  // a new task is shown as created; its initial values are in the task itself
  const fields =
    event.action === 'create'
      ? []
      : event.fields.map((f) => ({
          label: FIELDS[f.field] ? pick(FIELDS[f.field], locale) : f.field,
          from: f.from === null || f.from === '' ? null : formatValue(f.field, f.from, locale, names),
          to: formatValue(f.field, f.to, locale, names),
        }));
  return { auditIds: event.auditIds, taskId: event.taskId, at: formatLocal(event.at, timeZone), who, action, fields };
}
