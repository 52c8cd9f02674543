// The columns of the task sheet (任务清单 / 任务分解表), shared by the export and the import so that an exported
// sheet, edited, imports back; how header names are matched and how labels are written and read.
import { STATUS_LABELS } from '../digests/change-lines';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task.entity';
import type { SheetColumn, SheetLang } from './xlsx';

export type TaskColumnKey =
  | 'code'
  | 'workItem'
  | 'title'
  | 'leadUnit'
  | 'supportingUnits'
  | 'owner'
  | 'startDate'
  | 'deadline'
  | 'originalDeadline'
  | 'status'
  | 'progress'
  | 'colour'
  | 'overdue'
  | 'tags';

export interface TaskColumn extends SheetColumn<TaskColumnKey> {
  /** Other header names accepted on import. */
  aliases?: string[];
  /** Derived or on record: exported, never imported. */
  readOnly?: boolean;
}

export const TASK_COLUMNS: TaskColumn[] = [
  { key: 'code', zh: '编号', en: 'Code', width: 10, aliases: ['任务编号', 'task code'] },
  { key: 'workItem', zh: '工作事项', en: 'Work item', width: 26 },
  { key: 'title', zh: '任务', en: 'Task', width: 46, kind: 'long', aliases: ['工作任务', '任务名称', 'title'] },
  { key: 'leadUnit', zh: '牵头单位', en: 'Lead unit', width: 22 },
  { key: 'supportingUnits', zh: '配合单位', en: 'Supporting units', width: 30, kind: 'long' },
  { key: 'owner', zh: '责任人', en: 'Owner', width: 10 },
  { key: 'startDate', zh: '开始日期', en: 'Start date', width: 12, kind: 'date' },
  { key: 'deadline', zh: '完成时限', en: 'Deadline', width: 12, kind: 'date' },
  { key: 'originalDeadline', zh: '原定时限', en: 'Original deadline', width: 12, kind: 'date', readOnly: true },
  { key: 'status', zh: '状态', en: 'Status', width: 10 },
  { key: 'progress', zh: '进度%', en: 'Progress %', width: 9, kind: 'number', aliases: ['进度', '完成进度'] },
  { key: 'colour', zh: '督办', en: 'Grade', width: 7, readOnly: true, aliases: ['督办等级', 'colour', 'color'] },
  { key: 'overdue', zh: '逾期', en: 'Overdue', width: 7, readOnly: true },
  { key: 'tags', zh: '标签', en: 'Tags', width: 16 },
];

/** A header as compared: case, spaces and a percent sign (or "(%)") do not matter. */
export function normalizeHeader(text: string): string {
  return text
    .toLowerCase()
    .replace(/[（(]\s*[%％]\s*[)）]/g, '')
    .replace(/[\s%％]/g, '');
}

const HEADER_INDEX = new Map<string, TaskColumnKey>(
  TASK_COLUMNS.flatMap((c) => [c.zh, c.en, c.key, ...(c.aliases ?? [])].map((h) => [normalizeHeader(h), c.key])),
);

/** The column a header names, if any. */
export function columnForHeader(text: string): TaskColumnKey | undefined {
  return HEADER_INDEX.get(normalizeHeader(text));
}

export function columnTitle(key: TaskColumnKey, lang: SheetLang): string {
  const c = TASK_COLUMNS.find((x) => x.key === key) as TaskColumn;
  return lang === 'en' ? c.en : c.zh;
}

export function statusLabel(status: TaskStatus, lang: SheetLang): string {
  const l = STATUS_LABELS[status];
  return l ? l[lang === 'en' ? 1 : 0] : status;
}

/** A status cell read back: its Chinese or English label or the status code itself; undefined when unknown. */
export function parseStatus(text: string): TaskStatus | undefined {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  return TASK_STATUSES.find(
    (s) => s === t.replace(/ /g, '_') || STATUS_LABELS[s]?.some((label) => label.toLowerCase() === t),
  );
}

const COLOURS: Record<string, [string, string, string]> = {
  red: ['红', 'red', 'FFF4B6B6'],
  yellow: ['黄', 'yellow', 'FFFCE8A6'],
  blue: ['蓝', 'blue', 'FFB9D7F2'],
};

export function colourLabel(colour: string | null, lang: SheetLang): string {
  return colour && COLOURS[colour] ? COLOURS[colour][lang === 'en' ? 1 : 0] : '';
}

/** The fill of a colour grade's cell, by its label in either language. */
export function colourFill(label: string): string | null {
  return Object.values(COLOURS).find((c) => c[0] === label || c[1] === label)?.[2] ?? null;
}

export function yesNo(value: boolean, lang: SheetLang): string {
  return lang === 'en' ? (value ? 'Yes' : 'No') : value ? '是' : '否';
}

/** How a list (supporting units, tags) is joined in a cell. */
export function listSeparator(lang: SheetLang): string {
  return lang === 'en' ? '; ' : '、';
}

/** A list cell split on the separators people use: 、 , ， ; ； and line breaks. */
export function splitList(text: string, separators = /[、,，;；\n\r]+/): string[] {
  return text
    .split(separators)
    .map((s) => s.trim())
    .filter(Boolean);
}
