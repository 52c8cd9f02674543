// Writing and reading .xlsx workbooks with exceljs: a sheet laid out as one table (header row frozen, column widths,
// an autofilter, real dates), and cell values read back as plain text, dates and numbers whatever the editor saved.
import type { Writable } from 'node:stream';
import { ValueType, Workbook, stream, type Cell, type CellValue, type Row, type Style, type Worksheet } from 'exceljs';

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type SheetLang = 'zh-CN' | 'en';

export interface SheetColumn<K extends string = string> {
  key: K;
  zh: string;
  en: string;
  /** Width in characters. */
  width: number;
  kind?: 'text' | 'date' | 'number' | 'long';
}

/** A cell as written: text, a number, a date (YYYY-MM-DD, written as an Excel date), or empty. */
export type SheetValue = string | number | { date: string } | null;

export interface TableSheet<K extends string> {
  name: string;
  columns: SheetColumn<K>[];
  rows: Record<K, SheetValue>[];
  lang: SheetLang;
  /** Fills a cell, e.g. the colour grade in its colour (ARGB). */
  fill?: (key: K, value: SheetValue) => string | null;
}

/** A YYYY-MM-DD date as the Date exceljs writes as that day (Excel dates have no time zone: UTC midnight). */
export function excelDate(date: string): Date {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

function columnLetter(n: number): string {
  let s = '';
  for (let i = n; i > 0; i = Math.floor((i - 1) / 26)) s = String.fromCharCode(65 + ((i - 1) % 26)) + s;
  return s;
}

/** The columns of a table sheet, its frozen header row and the header's look, on a worksheet or a streamed one. */
export function layOut<K extends string>(ws: Worksheet, table: Omit<TableSheet<K>, 'rows'>): Row {
  ws.columns = table.columns.map((c) => ({
    header: table.lang === 'en' ? c.en : c.zh,
    key: c.key,
    width: c.width,
    style: c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : c.kind === 'long' ? { alignment: { wrapText: true } } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF4' } };
  });
  return header;
}

/** A body row's cells are top-aligned and wrapped, over their column's number format. */
const ROW_ALIGNMENT = { vertical: 'top', wrapText: true } as const;

/**
 * The style of each body cell. Cells of a column share one style object (one per fill colour), so exceljs turns
 * each style into XML once instead of once per cell: the cells look the same, and long sheets write several times
 * faster.
 */
function cellStyles<K extends string>(table: Omit<TableSheet<K>, 'rows'>) {
  const plain = table.columns.map((c): Partial<Style> => ({
    ...(c.kind === 'date' ? { numFmt: 'yyyy-mm-dd' } : {}),
    alignment: ROW_ALIGNMENT,
  }));
  const filled = new Map<string, Partial<Style>>();
  const withFill = (i: number, argb: string) => {
    const k = `${i}:${argb}`;
    let style = filled.get(k);
    if (!style)
      filled.set(k, (style = { ...plain[i], fill: { type: 'pattern', pattern: 'solid', fgColor: { argb } } }));
    return style;
  };
  return (i: number, value: SheetValue): Partial<Style> => {
    const argb = table.fill?.(table.columns[i].key, value);
    return argb ? withFill(i, argb) : plain[i];
  };
}

/** Writes a table's body rows on a worksheet, through exceljs's rows and cells (the streamed sheet's reference). */
export function rowWriter<K extends string>(ws: Worksheet, table: Omit<TableSheet<K>, 'rows'>) {
  const styleOf = cellStyles(table);
  return (row: Record<K, SheetValue>): Row => {
    const values: Record<string, CellValue> = {};
    for (const c of table.columns) {
      const v = row[c.key];
      values[c.key] = v === null ? null : typeof v === 'object' ? excelDate(v.date) : v;
    }
    const added = ws.addRow(values);
    table.columns.forEach((c, i) => {
      added.getCell(i + 1).style = styleOf(i, row[c.key]);
    });
    return added;
  };
}

/** The part of exceljs's streaming writer the sheet XML below relies on (not in its type declarations). */
interface StreamedSheetInternals {
  /** The worksheet part being zipped: takes XML text. */
  stream: { write(xml: string): void };
}
interface StyleRegistry {
  /** The id of a style (registering it when new); exceljs keeps the id of a style object it has seen. */
  addStyleModel(style: Partial<Style>, cellType?: ValueType): number;
}

/** Text as exceljs escapes it in XML: the five markup characters, and control characters XML cannot hold dropped. */
// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const XML_UNSAFE = /[<>&'"\x7F\x00-\x08\x0B\x0C\x0E-\x1F]/g;
const XML_ESCAPES: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };
const xmlText = (text: string) => text.replace(XML_UNSAFE, (ch) => XML_ESCAPES[ch] ?? '');

/** Excel's serial number of a YYYY-MM-DD day, as exceljs computes it from excelDate. */
const excelSerial = (date: string) => String(25569 + excelDate(date).getTime() / (24 * 3600 * 1000));

/**
 * The XML of body rows, byte for byte what exceljs's row and cell writers produce for these cells (every cell
 * styled, strings inline as t="str"), without building a row object, cell objects and an XML writer per row:
 * those were most of a long export's time. The styles are registered through the workbook's own registry, in the
 * order exceljs would register them, so the style ids are the same too.
 */
function rowsXmlWriter<K extends string>(styles: StyleRegistry, table: Omit<TableSheet<K>, 'rows'>) {
  const styleOf = cellStyles(table);
  const letters = table.columns.map((_, i) => columnLetter(i + 1));
  const spans = `1:${table.columns.length}`;
  let rowStyle: number | undefined;
  // A sheet's dates are mostly the same few hundred days.
  const serials = new Map<string, string>();
  const serialOf = (date: string) => {
    let serial = serials.get(date);
    if (serial === undefined) {
      if (serials.size > 10_000) serials.clear();
      serials.set(date, (serial = excelSerial(date)));
    }
    return serial;
  };
  return (row: Record<K, SheetValue>, number: number): string => {
    // exceljs registers each row's (empty) style before its cells; it gives no attribute while it is the default.
    rowStyle ??= styles.addStyleModel({});
    let xml = `<row r="${number}" spans="${spans}"${rowStyle ? ` s="${rowStyle}" customFormat="1"` : ''} x14ac:dyDescent="0.25">`;
    table.columns.forEach((c, i) => {
      const v = row[c.key];
      const type =
        v === null
          ? ValueType.Null
          : typeof v === 'string'
            ? ValueType.String
            : typeof v === 'number'
              ? ValueType.Number
              : ValueType.Date;
      const id = styles.addStyleModel(styleOf(i, v), type);
      const open = `<c r="${letters[i]}${number}"${id ? ` s="${id}"` : ''}`;
      if (v === null) xml += id ? `${open}/>` : '';
      else if (typeof v === 'string') xml += `${open} t="str"><v>${xmlText(v)}</v></c>`;
      else if (typeof v === 'number') xml += `${open}><v>${v}</v></c>`;
      else xml += `${open}><v>${serialOf(v.date)}</v></c>`;
    });
    return `${xml}</row>`;
  };
}

const filterRange = (columns: number, rows: number) => ({
  from: 'A1',
  to: `${columnLetter(columns)}${Math.max(1, rows + 1)}`,
});

export function addTableSheet<K extends string>(wb: Workbook, table: TableSheet<K>): Worksheet {
  const ws = wb.addWorksheet(table.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  layOut(ws, table);
  const add = rowWriter(ws, table);
  for (const row of table.rows) add(row);
  ws.autoFilter = filterRange(table.columns.length, table.rows.length);
  return ws;
}

/** Resolves when the output takes more; fails if it is closed first (the client went away). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('the output was closed before the sheet was written'));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', settle);
  });
}

/** A table sheet written as it goes: rows are added a batch at a time, each batch flushed to the output. */
export interface TableStream<K extends string> {
  add(rows: Record<K, SheetValue>[]): Promise<void>;
  /** Closes the sheet and the workbook; resolves once everything is handed to the output. */
  finish(): Promise<number>;
}

/**
 * A workbook of one table sheet streamed to `out` (exceljs's streaming writer, inline strings): memory holds one
 * batch of rows, whatever the sheet's length. The cells are those addTableSheet writes.
 */
export function streamTableSheet<K extends string>(
  out: Writable,
  created: Date,
  table: Omit<TableSheet<K>, 'rows'>,
): TableStream<K> {
  const wb = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Zhuanban';
  wb.created = created;
  wb.modified = created;
  const ws = wb.addWorksheet(table.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  layOut(ws, table).commit();
  // The header is committed through exceljs (which opens the sheet data); body rows are written as XML after it.
  const toXml = rowsXmlWriter((wb as unknown as { styles: StyleRegistry }).styles, table);
  const part = (ws as unknown as StreamedSheetInternals).stream;
  let count = 0;
  return {
    async add(rows) {
      if (rows.length) part.write(rows.map((row) => toXml(row, ++count + 1)).join(''));
      // The zip is written as the output takes it: wait for a slow reader instead of buffering the sheet.
      if (out.writableNeedDrain) await drained(out);
    },
    async finish() {
      ws.autoFilter = filterRange(table.columns.length, count);
      ws.commit();
      await wb.commit();
      return count;
    },
  };
}

export async function workbookBuffer(wb: Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function newWorkbook(created: Date): Workbook {
  const wb = new Workbook();
  wb.creator = 'Zhuanban';
  wb.created = created;
  wb.modified = created;
  return wb;
}

// --- reading ---

/** A cell's value as text, a number, a Date, a boolean or null: rich text, hyperlinks and formulas resolved. */
export function plainValue(value: CellValue): string | number | boolean | Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('hyperlink' in value) return plainValue(value.text as CellValue);
  if ('formula' in value || 'sharedFormula' in value) return plainValue((value.result ?? null) as CellValue);
  return null;
}

export function cellText(value: string | number | boolean | Date | null): string {
  if (value === null) return '';
  if (value instanceof Date) return isoDay(value);
  return String(value).trim();
}

const DAY_MS = 86_400_000;
/** Excel's day 0 (serial numbers count days from 1899-12-30). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

function isoDay(d: Date): string {
  // Dates come back as UTC midnight, give or take a rounding error of the stored fraction.
  return new Date(Math.round(d.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

const pad = (n: string) => n.padStart(2, '0');

/**
 * A date cell as YYYY-MM-DD: an Excel date, a serial number, or text written 2023-12-31, 2023/12/31, 2023.12.31 or
 * 2023年12月31日. Anything else is returned as written, for the validation to refuse; an empty cell is null.
 */
export function cellDate(value: string | number | boolean | Date | null): string | null {
  if (value === null) return null;
  if (value instanceof Date) return isoDay(value);
  if (typeof value === 'number') {
    if (value >= 1 && value < 2_958_466) return isoDay(new Date(EXCEL_EPOCH + Math.round(value) * DAY_MS));
    return String(value);
  }
  const text = String(value).trim();
  if (!text) return null;
  const m = /^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$/.exec(text);
  return m ? `${m[1]}-${pad(m[2])}-${pad(m[3])}` : text;
}

/**
 * A percentage cell as a number of percent: 60, "60", "60%", or 0.6 in a cell formatted as a percentage. Text that is
 * not a number is returned as written, for the validation to refuse; an empty cell is null.
 */
export function cellPercent(value: string | number | boolean | Date | null, numFmt?: string): number | string | null {
  if (value === null) return null;
  if (typeof value === 'number') return numFmt?.includes('%') ? Math.round(value * 100 * 1e6) / 1e6 : value;
  const text = cellText(value);
  if (!text) return null;
  const m = /^(-?\d+(?:\.\d+)?)\s*[%％]?$/.exec(text);
  return m ? Number(m[1]) : text;
}

/** Reads a workbook; null when the bytes are not one. */
export async function readWorkbook(content: Buffer): Promise<Workbook | null> {
  const wb = new Workbook();
  try {
    // exceljs types its input as an ArrayBuffer-like "Buffer" of its own; it reads Node's Buffer as it is.
    await wb.xlsx.load(content as unknown as Parameters<Workbook['xlsx']['load']>[0]);
  } catch {
    return null;
  }
  return wb;
}

export function cellOf(ws: Worksheet, row: number, col: number): Cell {
  return ws.getRow(row).getCell(col);
}
