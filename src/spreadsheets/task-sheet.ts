// Reading a task sheet (任务分解表): find the header row, match its names to the task columns, and read each
// row's cells as text, dates (YYYY-MM-DD) and percentages. Pure: what the cells mean is decided by the import.
import type { Workbook, Worksheet } from 'exceljs';
import { InvalidFieldError } from '../common/errors';
import { TASK_COLUMNS, columnForHeader, type TaskColumnKey } from './task-columns';
import { cellDate, cellPercent, cellText, plainValue } from './xlsx';

/** A cell as read: text (trimmed, never empty), a number, or null for an empty cell. */
export type SheetCell = string | number | null;

export interface SheetRow {
  /** The row number in the workbook, as Excel shows it. */
  row: number;
  cells: Partial<Record<TaskColumnKey, SheetCell>>;
}

export interface TaskSheet {
  sheetName: string;
  headerRow: number;
  /** The header text of each known column, as written in the file. */
  columns: Partial<Record<TaskColumnKey, string>>;
  /** Headers that name no task column; their cells are not read. */
  ignoredColumns: string[];
  rows: SheetRow[];
}

export const MAX_IMPORT_ROWS = 5000;
/** The header may sit below a title row or two. */
const HEADER_SEARCH_ROWS = 10;

const fileError = (en: string, zh: string, code = 'invalid_file') => new InvalidFieldError('file', en, zh, code);

const KIND = new Map(TASK_COLUMNS.map((c) => [c.key, c.kind ?? 'text']));

function headerCells(ws: Worksheet, rowNumber: number): { col: number; text: string }[] {
  const out: { col: number; text: string }[] = [];
  ws.getRow(rowNumber).eachCell({ includeEmpty: false }, (cell, col) => {
    const text = cellText(plainValue(cell.value));
    if (text) out.push({ col, text });
  });
  return out;
}

function columnName(col: number): string {
  let s = '';
  for (let i = col; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** Reads the first sheet of a workbook; a sheet with no header or no task rows is refused naming the file. */
export function readTaskSheet(wb: Workbook): TaskSheet {
  const ws = wb.worksheets[0];
  if (!ws || ws.actualRowCount === 0) {
    throw fileError('the first sheet of the workbook is empty', '工作簿的第一个工作表是空的', 'empty_sheet');
  }
  let headerRow = 0;
  let headers: { col: number; text: string; key?: TaskColumnKey }[] = [];
  const last = Math.min(ws.rowCount, HEADER_SEARCH_ROWS);
  for (let r = 1; r <= last && !headerRow; r++) {
    const cells = headerCells(ws, r).map((h) => ({ ...h, key: columnForHeader(h.text) }));
    if (cells.filter((h) => h.key).length >= 2) {
      headerRow = r;
      headers = cells;
    }
  }
  if (!headerRow) {
    const expected = TASK_COLUMNS.map((c) => c.zh).join('、');
    throw fileError(
      `no header row with the task columns in the first ${HEADER_SEARCH_ROWS} rows of sheet "${ws.name}" ` +
        `(expected ${TASK_COLUMNS.map((c) => c.en).join(', ')}, or ${expected})`,
      `工作表“${ws.name}”前 ${HEADER_SEARCH_ROWS} 行中没有任务表头（应包含：${expected}）`,
      'no_header',
    );
  }
  const byKey = new Map<TaskColumnKey, { col: number; text: string }>();
  const ignoredColumns: string[] = [];
  for (const h of headers) {
    if (!h.key) {
      ignoredColumns.push(h.text);
      continue;
    }
    const first = byKey.get(h.key);
    if (first) {
      throw fileError(
        `columns ${columnName(first.col)} ("${first.text}") and ${columnName(h.col)} ("${h.text}") are the same column`,
        `第 ${columnName(first.col)} 列（“${first.text}”）与第 ${columnName(h.col)} 列（“${h.text}”）重复`,
        'duplicate_column',
      );
    }
    byKey.set(h.key, { col: h.col, text: h.text });
  }

  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber <= headerRow) return;
    const cells: SheetRow['cells'] = {};
    let empty = true;
    for (const [key, { col }] of byKey) {
      const cell = row.getCell(col);
      const value = plainValue(cell.value);
      const kind = KIND.get(key);
      const read: SheetCell =
        kind === 'date'
          ? cellDate(value)
          : kind === 'number'
            ? cellPercent(value, cell.numFmt)
            : cellText(value) || null;
      cells[key] = read;
      if (read !== null) empty = false;
    }
    if (!empty) rows.push({ row: rowNumber, cells });
  });
  if (!rows.length) {
    throw fileError(
      `sheet "${ws.name}" has no task rows below its header (row ${headerRow})`,
      `工作表“${ws.name}”表头（第 ${headerRow} 行）下没有任务行`,
      'empty_sheet',
    );
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    throw fileError(
      `sheet "${ws.name}" has ${rows.length} task rows; at most ${MAX_IMPORT_ROWS} are imported at once`,
      `工作表“${ws.name}”有 ${rows.length} 行任务，一次最多导入 ${MAX_IMPORT_ROWS} 行`,
      'too_many_rows',
    );
  }
  const columns = Object.fromEntries([...byKey].map(([k, v]) => [k, v.text])) as TaskSheet['columns'];
  return { sheetName: ws.name, headerRow, columns, ignoredColumns, rows };
}
