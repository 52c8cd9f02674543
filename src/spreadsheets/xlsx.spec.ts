// The streamed table sheet writes its body rows as XML of its own: it must be the XML exceljs writes for the same
// rows through its row and cell objects, byte for byte, styles included.
import JSZip from 'jszip';
import { PassThrough } from 'node:stream';
import { stream } from 'exceljs';
import { layOut, rowWriter, streamTableSheet, type SheetColumn, type SheetValue } from './xlsx';

type Key = 'text' | 'long' | 'day' | 'count' | 'grade';
const COLUMNS: SheetColumn<Key>[] = [
  { key: 'text', zh: '文本', en: 'Text', width: 10 },
  { key: 'long', zh: '长文本', en: 'Long', width: 30, kind: 'long' },
  { key: 'day', zh: '日期', en: 'Day', width: 12, kind: 'date' },
  { key: 'count', zh: '数', en: 'Count', width: 8, kind: 'number' },
  { key: 'grade', zh: '等级', en: 'Grade', width: 6 },
];
const TABLE = {
  name: '表',
  columns: COLUMNS,
  lang: 'zh-CN' as const,
  fill: (key: Key, value: SheetValue) => (key === 'grade' && value === '红' ? 'FFF4B6B6' : null),
};
const CREATED = new Date(Date.UTC(2023, 8, 20));

const ROWS: Record<Key, SheetValue>[] = [
  { text: null, long: '', day: null, count: null, grade: null },
  { text: 'A & B <c> "d" \'e\'', long: '一\n二\t三\r四', day: { date: '2023-09-20' }, count: 60, grade: '红' },
  {
    text: 'bell\u0007 and \u001f gone, \u007f too',
    long: '配合单位甲、乙',
    day: { date: '1900-03-01' },
    count: 12.5,
    grade: '黄',
  },
  { text: '0', long: 'x', day: { date: '2200-12-31' }, count: 0, grade: '红' },
];

async function collect(write: (out: PassThrough) => Promise<void>): Promise<JSZip> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((resolve) => out.on('end', resolve));
  await write(out);
  await ended;
  return JSZip.loadAsync(Buffer.concat(chunks));
}

/** The sheet as exceljs writes it through its row and cell objects. */
function reference(out: PassThrough): Promise<void> {
  const wb = new stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Zhuanban';
  wb.created = CREATED;
  wb.modified = CREATED;
  const ws = wb.addWorksheet(TABLE.name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  layOut(ws, TABLE).commit();
  const write = rowWriter(ws, TABLE);
  for (const row of ROWS) write(row).commit();
  ws.autoFilter = { from: 'A1', to: `E${ROWS.length + 1}` };
  ws.commit();
  return wb.commit();
}

describe('the streamed table sheet', () => {
  it('writes the rows and styles exceljs writes for the same cells', async () => {
    const expected = await collect(reference);
    const actual = await collect(async (out) => {
      const sheet = streamTableSheet(out, CREATED, TABLE);
      await sheet.add(ROWS.slice(0, 2));
      await sheet.add([]);
      await sheet.add(ROWS.slice(2));
      expect(await sheet.finish()).toBe(ROWS.length);
    });
    for (const part of ['xl/worksheets/sheet1.xml', 'xl/styles.xml']) {
      const [a, e] = await Promise.all([actual, expected].map((z) => z.file(part)!.async('string')));
      expect(a).toBe(e);
    }
  });
});
