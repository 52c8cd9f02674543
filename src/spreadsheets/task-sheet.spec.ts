import { Workbook } from 'exceljs';
import { columnForHeader, parseStatus, splitList } from './task-columns';
import { readTaskSheet } from './task-sheet';
import { cellDate, cellPercent, plainValue } from './xlsx';

describe('reading task sheet cells', () => {
  it('reads dates written as Excel dates, serial numbers or text in the usual Chinese forms', () => {
    expect(cellDate(new Date(Date.UTC(2023, 11, 31)))).toBe('2023-12-31');
    // a stored fraction a little under midnight is the same day
    expect(cellDate(new Date(Date.UTC(2023, 11, 31) - 3))).toBe('2023-12-31');
    expect(cellDate(45291)).toBe('2023-12-31');
    expect(cellDate('2023/1/5')).toBe('2023-01-05');
    expect(cellDate('2023.01.05')).toBe('2023-01-05');
    expect(cellDate('2023年1月5日')).toBe('2023-01-05');
    expect(cellDate('  ')).toBeNull();
    expect(cellDate(null)).toBeNull();
    // left as written for the validation to refuse
    expect(cellDate('next week')).toBe('next week');
  });

  it('reads percentages as numbers of percent', () => {
    expect(cellPercent(60)).toBe(60);
    expect(cellPercent(0.6, '0%')).toBe(60);
    expect(cellPercent('60%')).toBe(60);
    expect(cellPercent(' 75 ')).toBe(75);
    expect(cellPercent('')).toBeNull();
    expect(cellPercent('most')).toBe('most');
  });

  it('resolves rich text, hyperlinks and formula results to their values', () => {
    expect(plainValue({ richText: [{ text: '天水' }, { text: '移动' }] })).toBe('天水移动');
    expect(plainValue({ text: 'W1-1', hyperlink: 'http://127.0.0.1/tasks/1' })).toBe('W1-1');
    expect(plainValue({ formula: 'A1+1', result: 5 })).toBe(5);
    expect(plainValue(undefined)).toBeNull();
  });

  it('matches headers in Chinese or English whatever their case and spacing', () => {
    expect(columnForHeader('牵头单位')).toBe('leadUnit');
    expect(columnForHeader('LEAD  UNIT')).toBe('leadUnit');
    expect(columnForHeader('进度(%)')).toBe('progress');
    expect(columnForHeader('Progress%')).toBe('progress');
    expect(columnForHeader('备注')).toBeUndefined();
  });

  it('reads statuses by label or code, and splits lists on the separators people use', () => {
    expect(parseStatus('草稿')).toBe('draft');
    expect(parseStatus('In Progress')).toBe('in_progress');
    expect(parseStatus('in_progress')).toBe('in_progress');
    expect(parseStatus('done')).toBeUndefined();
    expect(splitList('天水移动、天水电信, 天水联通；铁塔')).toEqual(['天水移动', '天水电信', '天水联通', '铁塔']);
  });
});

describe('finding the table in the first sheet', () => {
  it('finds the header below a title row, reads the rows with their Excel numbers and skips empty ones', () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('分解表');
    ws.addRow(['天水市5G任务分解表']);
    ws.addRow(['编号', '任务', '完成时限', '备注']);
    ws.addRow(['W1-1', '任务一', new Date(Date.UTC(2023, 9, 8)), 'x']);
    ws.addRow([]);
    ws.addRow([null, '任务二', '2023-12-31']);
    const sheet = readTaskSheet(wb);
    expect(sheet.headerRow).toBe(2);
    expect(sheet.ignoredColumns).toEqual(['备注']);
    expect(sheet.rows).toEqual([
      { row: 3, cells: { code: 'W1-1', title: '任务一', deadline: '2023-10-08' } },
      { row: 5, cells: { code: null, title: '任务二', deadline: '2023-12-31' } },
    ]);
  });

  it('refuses a sheet without a header, with a column twice, or without rows, naming the file', () => {
    const noHeader = new Workbook();
    noHeader.addWorksheet('a').addRow(['hello', 'world']);
    expect(() => readTaskSheet(noHeader)).toThrow(
      expect.objectContaining({ errors: [expect.objectContaining({ field: 'file', code: 'no_header' })] }),
    );
    const twice = new Workbook();
    twice.addWorksheet('a').addRow(['任务', 'Task', '编号']);
    expect(() => readTaskSheet(twice)).toThrow('columns A ("任务") and B ("Task") are the same column');
    const empty = new Workbook();
    empty.addWorksheet('a');
    expect(() => readTaskSheet(empty)).toThrow(/empty/);
  });
});
