// Spreadsheets over real HTTP on the demo plan: the task list exported as .xlsx (filters, languages, a liaison's
// own unit only), a dispatch round's reports exported, and a task breakdown imported back with a preview, rejected
// rows named by row and field, and a commit that applies the valid rows through the task rules and the audit log.
// Workbooks are built and read with exceljs in the test itself.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Workbook, type CellValue, type Worksheet } from 'exceljs';
import { DataSource } from 'typeorm';
import { runCli } from '../src/cli';
import { statusLabel } from '../src/spreadsheets/task-columns';
import { demo } from './support/demo';
import { startApp, tempDir, type TestApp } from './support/app';
import { freshDatabase } from './support/database';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ZH_HEADERS = [
  '编号',
  '工作事项',
  '任务',
  '牵头单位',
  '配合单位',
  '责任人',
  '开始日期',
  '完成时限',
  '原定时限',
  '状态',
  '进度%',
  '督办',
  '逾期',
  '标签',
];
const EN_HEADERS = [
  'Code',
  'Work item',
  'Task',
  'Lead unit',
  'Supporting units',
  'Owner',
  'Start date',
  'Deadline',
  'Original deadline',
  'Status',
  'Progress %',
  'Grade',
  'Overdue',
  'Tags',
];

const unitName = (code: string) => demo.units.find((u) => u.code === code)!.name;
const day = (v: CellValue) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);

async function loadWorkbook(content: ArrayBuffer | Buffer): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(content as any);
  return wb;
}

async function toBuffer(wb: Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The rows of a sheet below its header, as objects keyed by header. */
function table(ws: Worksheet): { headers: string[]; rows: Record<string, CellValue>[] } {
  const headers = (ws.getRow(1).values as CellValue[]).slice(1).map(String);
  const rows: Record<string, CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return { headers, rows };
}

describe('spreadsheets', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ today: '2023-09-20' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function download(who: string, path: string) {
    const res = await fetch(t.url + path, { headers: { authorization: `Bearer ${await t.as(who)}` } });
    const content = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: res.headers, content };
  }

  async function exportSheet(who: string, path: string) {
    const res = await download(who, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(XLSX);
    const wb = await loadWorkbook(res.content);
    return { ...res, wb, ws: wb.worksheets[0], ...table(wb.worksheets[0]) };
  }

  async function upload(who: string, body: Buffer | string, contentType = XLSX, path = '/api/import/tasks/preview') {
    const res = await fetch(t.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.as(who)}`, 'content-type': contentType },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function allTasks(who: string, query = '') {
    return (await t.get(who, `/api/tasks?pageSize=500${query}`)) as { total: number; items: any[] };
  }

  it('exports the task list with Chinese headers, one row per task, a frozen header, a filter and real dates', async () => {
    const api = await allTasks('secretariat');
    const sheet = await exportSheet('secretariat', '/api/export/tasks.xlsx');
    expect(sheet.headers).toEqual(ZH_HEADERS);
    expect(sheet.rows).toHaveLength(api.total);
    expect(sheet.rows.map((r) => r['编号'])).toEqual(api.items.map((x) => x.code));
    expect(sheet.ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet.ws.autoFilter).toBeTruthy();
    expect(sheet.ws.getColumn(3).width).toBeGreaterThan(20);

    const known = api.items.find((x) => x.code === 'W1-1');
    const row = sheet.rows.find((r) => r['编号'] === 'W1-1')!;
    expect(row['牵头单位']).toBe(unitName('gxj'));
    expect(row['配合单位']).toBe(['dx', 'yd', 'lt', 'tt'].map(unitName).join('、'));
    expect(row['完成时限']).toBeInstanceOf(Date);
    expect(day(row['完成时限'])).toBe(known.deadline);
    expect(day(row['开始日期'])).toBe('2023-09-11');
    expect(row['状态']).toBe('推进中');
    expect(row['进度%']).toBe(60);
    expect(row['逾期']).toBe(known.overdue ? '是' : '否');
    expect(row['标签']).toBe('机制、制度');
    for (const [i, x] of api.items.entries()) {
      expect(sheet.rows[i]['督办']).toBe({ red: '红', yellow: '黄', blue: '蓝' }[x.colour as string] ?? null);
    }

    const cd = (await download('secretariat', '/api/export/tasks.xlsx')).headers.get('content-disposition')!;
    expect(cd).toContain('attachment; filename="tasks-2023-09-20.xlsx"');
    expect(cd).toContain(`filename*=UTF-8''${encodeURIComponent('任务清单-2023-09-20.xlsx')}`);
  });

  it('exports with English headers and labels with ?lang=en, and applies the filters of the task list', async () => {
    const sheet = await exportSheet('lead', '/api/export/tasks.xlsx?lang=en&overdue=true');
    expect(sheet.headers).toEqual(EN_HEADERS);
    const api = await allTasks('lead', '&overdue=true');
    expect(api.total).toBeGreaterThan(0);
    expect(sheet.rows.map((r) => r.Code)).toEqual(api.items.map((x) => x.code));
    expect(sheet.rows.every((r) => r.Overdue === 'Yes' && r.Grade === 'red')).toBe(true);
    const en = await download('lead', '/api/export/tasks.xlsx?lang=en');
    expect(en.headers.get('content-disposition')).toContain("filename*=UTF-8''tasks-2023-09-20.xlsx");

    const bad = await t.call('lead', 'GET', '/api/export/tasks.xlsx?status=finished');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('status');
  });

  it('every cell of the export is what the task list shows, in its order, for plain and derived sorts', async () => {
    const colour = (c: string | null, en: boolean) =>
      c ? (en ? c : ({ red: '红', yellow: '黄', blue: '蓝' } as Record<string, string>)[c]) : null;
    const expected = (x: any, en: boolean) => [
      x.code,
      (en ? x.workItem.titleEn || x.workItem.title : x.workItem.title) ?? null,
      x.title,
      en ? x.leadUnit.nameEn || x.leadUnit.name : x.leadUnit.name,
      x.supportingUnits.map((u: any) => (en ? u.nameEn || u.name : u.name)).join(en ? '; ' : '、') || null,
      x.ownerName,
      x.startDate,
      x.deadline,
      x.originalDeadline,
      statusLabel(x.status, en ? 'en' : 'zh-CN'),
      x.progress,
      colour(x.colour, en),
      en ? (x.overdue ? 'Yes' : 'No') : x.overdue ? '是' : '否',
      x.tags.join(en ? '; ' : '、') || null,
    ];
    for (const [who, query] of [
      ['secretariat', ''],
      ['secretariat', 'lang=en&sort=-progress'],
      ['lead', 'sort=colour'],
      ['lead', 'colour=red,yellow&sort=-deadline&lang=en'],
      ['liaison', 'dueSoon=false&sort=expectedProgress'],
    ]) {
      const listQuery = query.replace(/&?lang=en/, '');
      const api = await allTasks(who, listQuery ? `&${listQuery}` : '');
      const sheet = await exportSheet(who, `/api/export/tasks.xlsx${query ? `?${query}` : ''}`);
      expect(sheet.rows).toHaveLength(api.total);
      const cells = sheet.rows.map((r) => sheet.headers.map((h) => day(r[h] ?? null)));
      expect(cells).toEqual(api.items.map((x) => expected(x, query.includes('lang=en'))));
    }
  });

  it("a liaison's export holds its own unit's tasks only", async () => {
    const sheet = await exportSheet('liaison', '/api/export/tasks.xlsx');
    const mine = await allTasks('liaison');
    const yd = unitName('yd');
    expect(sheet.rows.length).toBe(mine.total);
    expect(sheet.rows.length).toBeLessThan((await allTasks('secretariat')).total);
    for (const r of sheet.rows) {
      expect(r['牵头单位'] === yd || String(r['配合单位']).split('、').includes(yd)).toBe(true);
    }
  });

  it('round-trips: an exported sheet, edited and extended, previews one update and one create, then commits them', async () => {
    const sheet = await exportSheet('secretariat', '/api/export/tasks.xlsx');
    const api = await allTasks('secretariat');
    const target = api.items.find((x) => x.code === 'W2-2')!;
    const rowIndex = sheet.rows.findIndex((r) => r['编号'] === 'W2-2') + 2;
    const ws = sheet.ws;
    const col = (header: string) => ZH_HEADERS.indexOf(header) + 1;
    ws.getRow(rowIndex).getCell(col('任务')).value = '推进5G基站建设(调整后)';
    ws.getRow(rowIndex).getCell(col('完成时限')).value = new Date(Date.UTC(2024, 2, 31));
    const added = ws.addRow([
      null,
      demo.workItems[2].title,
      '建设5G智慧工厂示范线',
      unitName('ht'),
      `${unitName('yd')}、${unitName('dx')}`,
      '王工',
      new Date(Date.UTC(2023, 9, 9)),
      '2023/12/29',
      null,
      '草稿',
      10,
      null,
      null,
      '示范, 工业互联网',
    ]);
    const preview = await upload('secretariat', await toBuffer(sheet.wb));
    expect(preview.status).toBe(200);
    expect(preview.body.summary).toEqual({ create: 1, update: 1, unchanged: api.total - 1, rejected: 0 });
    const update = preview.body.rows.find((r: any) => r.action === 'update');
    expect(update).toMatchObject({ row: rowIndex, code: 'W2-2', taskId: target.id, errors: [] });
    expect(update.changes).toEqual([
      { field: 'title', from: target.title, to: '推进5G基站建设(调整后)' },
      { field: 'deadline', from: target.deadline, to: '2024-03-31' },
    ]);
    const create = preview.body.rows.find((r: any) => r.action === 'create');
    expect(create).toMatchObject({ row: added.number, code: null, errors: [] });
    expect(create.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', from: null, to: '建设5G智慧工厂示范线' },
        { field: 'startDate', from: null, to: '2023-10-09' },
        { field: 'deadline', from: null, to: '2023-12-29' },
        { field: 'status', from: null, to: 'draft' },
        { field: 'tags', from: null, to: ['示范', '工业互联网'] },
      ]),
    );
    // the preview changed nothing
    expect((await t.get('secretariat', `/api/tasks/${target.id}`)).title).toBe(target.title);
    expect((await allTasks('secretariat')).total).toBe(api.total);

    const commit = await t.call('secretariat', 'POST', `/api/import/tasks/${preview.body.importId}/commit`);
    expect(commit.status).toBe(200);
    expect(commit.body.summary).toEqual({ created: 1, updated: 1, unchanged: api.total - 1, skipped: 0 });
    const changed = await t.get('secretariat', `/api/tasks/${target.id}`);
    expect(changed).toMatchObject({ title: '推进5G基站建设(调整后)', deadline: '2024-03-31' });
    expect(changed.originalDeadline).toBe(target.originalDeadline);
    const audit = await t.get('secretariat', `/api/tasks/${target.id}/audit`);
    const entries = audit.items.filter((e: any) => e.action === 'update');
    expect(entries.map((e: any) => e.field).sort()).toEqual(['deadline', 'title']);
    expect(entries.every((e: any) => e.actorEmail === 'office@tianshui.example.cn')).toBe(true);
    // the task is assigned: its moved deadline is a re-plan on record (separation of duties), naming the import
    const [replan] = await t.get('secretariat', `/api/tasks/${target.id}/extensions`);
    expect(replan).toMatchObject({
      status: 'replanned',
      previousDeadline: target.deadline,
      requestedDeadline: '2024-03-31',
      reason: expect.stringContaining('导入任务表'),
    });
    expect(audit.items.some((e: any) => e.action === 'deadline.replan' && e.field === 'reason')).toBe(true);

    const created = await t.get('secretariat', `/api/tasks/${commit.body.created[0].id}`);
    expect(created).toMatchObject({
      title: '建设5G智慧工厂示范线',
      status: 'draft',
      progress: 10,
      startDate: '2023-10-09',
      deadline: '2023-12-29',
      ownerName: '王工',
      tags: ['示范', '工业互联网'],
      leadUnit: { name: unitName('ht') },
      workItem: { code: demo.workItems[2].code },
    });
    expect(created.supportingUnits.map((u: any) => u.name).sort()).toEqual([unitName('dx'), unitName('yd')].sort());
    expect(created.code).toMatch(new RegExp(`^${demo.workItems[2].code}-\\d+$`));
    const createAudit = await t.get('secretariat', `/api/tasks/${created.id}/audit`);
    expect(createAudit.items.some((e: any) => e.action === 'create' && e.field === 'title')).toBe(true);

    const again = await t.call('secretariat', 'POST', `/api/import/tasks/${preview.body.importId}/commit`);
    expect(again.status).toBe(409);
    const unknown = await t.call(
      'secretariat',
      'POST',
      '/api/import/tasks/00000000-0000-0000-0000-000000000000/commit',
    );
    expect(unknown.status).toBe(404);
  });

  it('reports rejected rows by Excel row and field, and the commit applies only the valid rows', async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('分解表');
    ws.addRow(['天水市5G任务分解表']); // a title row above the header
    // English headers in any case are matched too
    ws.addRow(['CODE', 'work item', 'TASK', 'Lead Unit', 'supporting units', 'Deadline', 'progress %', 'Notes']);
    const wi = demo.workItems[0].code;
    ws.addRow(['', wi, '导入的有效任务', 'gxj', '', '2023-12-31', 0, 'ok']); // row 3
    ws.addRow(['', wi, '牵头单位未知的任务', '不存在的单位', '', '2023-12-31', 0]); // row 4
    ws.addRow(['', wi, '日期无效的任务', 'gxj', '', '2023-13-45', 0]); // row 5
    ws.addRow(['', wi, '进度超限的任务', 'gxj', '', '2023-12-31', 150]); // row 6
    ws.addRow(['', wi, '', 'gxj', 'yd', '2023-12-31', 0]); // row 7
    ws.addRow(['W1-1', wi, '建立健全专班通报、调度、会商工作机制', 'gxj', '天水电信、天水移动', '2023-12-31', 60]); // 8
    const preview = await upload('lead', await toBuffer(wb));
    expect(preview.status).toBe(200);
    expect(preview.body.ignoredColumns).toEqual(['Notes']);
    const byRow = Object.fromEntries(preview.body.rows.map((r: any) => [r.row, r]));
    expect(Object.keys(byRow).map(Number)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(byRow[3]).toMatchObject({ action: 'create', errors: [] });
    const fields = (row: number) => byRow[row].errors.map((e: any) => e.field);
    expect(fields(4)).toEqual(['leadUnit']);
    expect(byRow[4].errors[0].message).toContain('不存在的单位');
    expect(byRow[4].errors[0].column).toBe('Lead Unit');
    expect(fields(5)).toEqual(['deadline']);
    expect(fields(6)).toEqual(['progress']);
    expect(fields(7)).toEqual(['title']);
    expect(byRow[7].errors[0]).toMatchObject({ message: 'is required', messageZh: '必填', column: 'TASK' });
    // an existing task: the deadline and the supporting units change (lt and tt dropped)
    expect(byRow[8]).toMatchObject({ action: 'update', code: 'W1-1', errors: [] });
    expect(byRow[8].changes.map((c: any) => c.field)).toEqual(['supportingUnits', 'deadline']);
    expect(preview.body.summary).toEqual({ create: 1, update: 1, unchanged: 0, rejected: 4 });

    const commit = await t.call('lead', 'POST', `/api/import/tasks/${preview.body.importId}/commit`);
    expect(commit.status).toBe(200);
    expect(commit.body.summary).toEqual({ created: 1, updated: 1, unchanged: 0, skipped: 4 });
    expect(commit.body.skipped.map((s: any) => s.row)).toEqual([4, 5, 6, 7]);
    const found = async (q: string) => (await allTasks('lead', `&q=${encodeURIComponent(q)}`)).total;
    expect(await found('导入的有效任务')).toBe(1);
    for (const q of ['牵头单位未知的任务', '日期无效的任务', '进度超限的任务']) expect(await found(q)).toBe(0);
    const w11 = (await allTasks('lead', '&q=W1-1')).items.find((x) => x.code === 'W1-1');
    expect(w11.deadline).toBe('2023-12-31');
    expect(w11.supportingUnits.map((u: any) => u.code).sort()).toEqual(['dx', 'yd']);
  });

  it('notes a status change on an existing task as ignored, and refuses a new task in another status', async () => {
    const wb = new Workbook();
    const ws = wb.addWorksheet('tasks');
    ws.addRow(['编号', '工作事项', '任务', '牵头单位', '完成时限', '状态']);
    const w12 = (await allTasks('lead', '&q=W1-2')).items.find((x) => x.code === 'W1-2');
    ws.addRow([
      'W1-2',
      w12.workItem.title,
      w12.title,
      w12.leadUnit.name,
      new Date(`${w12.deadline}T00:00:00Z`),
      '已办结',
    ]);
    ws.addRow(['', 'W1', '新任务', 'gxj', '2023-12-31', '推进中']);
    const preview = await upload('lead', await toBuffer(wb));
    expect(preview.status).toBe(200);
    const [existing, fresh] = preview.body.rows;
    expect(existing).toMatchObject({ action: 'unchanged', errors: [], changes: [] });
    expect(existing.notes).toEqual([expect.objectContaining({ field: 'status', column: '状态' })]);
    expect(fresh.errors).toEqual([expect.objectContaining({ field: 'status' })]);
  });

  it('refuses a commit when the tasks changed since the preview, and applies nothing', async () => {
    const sheet = await exportSheet('secretariat', '/api/export/tasks.xlsx?q=W1-4');
    expect(sheet.rows.map((r) => r['编号'])).toEqual(['W1-4']);
    sheet.ws.getRow(2).getCell(ZH_HEADERS.indexOf('进度%') + 1).value = 95;
    sheet.ws.addRow([null, 'W1', '预览后才提交的任务', 'gxj', null, null, null, '2023-12-31']);
    const preview = await upload('secretariat', await toBuffer(sheet.wb));
    expect(preview.body.summary).toMatchObject({ create: 1, update: 1, rejected: 0 });
    const task = sheet.rows[0];
    const id = (await allTasks('secretariat', '&q=W1-4')).items[0].id;
    const edit = await t.call('lead', 'PATCH', `/api/tasks/${id}`, { title: `${String(task['任务'])}(修订)` });
    expect(edit.status).toBe(200);

    const stale = await t.call('secretariat', 'POST', `/api/import/tasks/${preview.body.importId}/commit`);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('import_stale');
    expect((await t.get('secretariat', `/api/tasks/${id}`)).progress).not.toBe(95);
    expect((await allTasks('secretariat', `&q=${encodeURIComponent('预览后才提交的任务')}`)).total).toBe(0);
    const kept = await t.call('secretariat', 'GET', `/api/import/tasks/${preview.body.importId}`);
    expect(kept.status).toBe(200);
    expect(kept.body.state).toBe('previewed');
  });

  it('refuses what is not a task sheet: not an xlsx, an empty sheet, another content type, a file too large', async () => {
    const garbage = await upload('secretariat', Buffer.from('编号,任务\nW1-1,not a workbook\n'));
    expect(garbage.status).toBe(400);
    expect(garbage.body.errors[0].field).toBe('file');

    const nothing = await upload('secretariat', Buffer.alloc(0));
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors[0].field).toBe('file');

    const empty = new Workbook();
    empty.addWorksheet('空');
    const blank = await upload('secretariat', await toBuffer(empty));
    expect(blank.status).toBe(400);
    expect(blank.body.errors[0]).toMatchObject({ field: 'file', code: 'empty_sheet' });

    const headerOnly = new Workbook();
    headerOnly.addWorksheet('任务').addRow(ZH_HEADERS);
    const noRows = await upload('secretariat', await toBuffer(headerOnly));
    expect(noRows.status).toBe(400);
    expect(noRows.body.errors[0]).toMatchObject({ field: 'file', code: 'empty_sheet' });

    const json = await upload('secretariat', JSON.stringify({ rows: [] }), 'application/json');
    expect(json.status).toBe(415);
    expect(json.body.errors[0].field).toBe('file');

    const huge = await upload('secretariat', Buffer.alloc(6 * 1024 * 1024, 1));
    expect(huge.status).toBe(413);
  });

  it('only leads and the secretariat import', async () => {
    const wb = new Workbook();
    wb.addWorksheet('任务').addRow(['任务', '牵头单位']);
    wb.worksheets[0].addRow(['x', 'yd']);
    const content = await toBuffer(wb);
    for (const who of ['liaison', 'viewer', 'admin']) {
      expect((await upload(who, content)).status).toBe(403);
    }
    const mine = await upload('secretariat', content);
    expect(mine.status).toBe(200);
    const commit = `/api/import/tasks/${mine.body.importId}/commit`;
    expect((await t.call('liaison', 'POST', commit)).status).toBe(403);
    // another planner cannot commit what someone else previewed
    expect((await t.call('lead', 'POST', commit)).status).toBe(403);
    // an import is kept for 30 minutes
    t.clock.setNow(new Date(t.clock.now().getTime() + 31 * 60 * 1000));
    try {
      expect((await t.call('secretariat', 'POST', commit)).status).toBe(404);
    } finally {
      t.clock.setToday('2023-09-20');
    }
  });

  it('the OpenAPI document describes the spreadsheet endpoints', async () => {
    const res = (await t.request('GET', '/api/docs-json')).body;
    const doc = typeof res === 'string' ? JSON.parse(res) : res;
    expect(Object.keys(doc.paths['/api/export/tasks.xlsx'].get.responses['200'].content)).toEqual([XLSX]);
    const params = doc.paths['/api/export/tasks.xlsx'].get.parameters.map((p: any) => p.name);
    expect(params).toEqual(expect.arrayContaining(['lang', 'overdue', 'unitId', 'status']));
    expect(params).not.toContain('page');
    expect(Object.keys(doc.paths['/api/import/tasks/preview'].post.requestBody.content)).toEqual([XLSX]);
    expect(doc.paths['/api/import/tasks/{importId}/commit'].post).toBeDefined();
    expect(doc.paths['/api/dispatch-rounds/{id}/reports.xlsx'].get).toBeDefined();
  });

  it("exports a dispatch round's reports: who reported, when, and what; a liaison gets its own unit's rows", async () => {
    const opened = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    expect(opened.status).toBe(201);
    const roundId = opened.body.id;
    const yd = opened.body.units.find((u: any) => u.unit.code === 'yd');
    const ydTasks = await t.get('secretariat', `/api/dispatch-rounds/${roundId}/tasks?unitId=${yd.unit.id}`);
    expect(ydTasks.total).toBe(yd.expected.count);
    const taskId = ydTasks.items[0].id;
    const filed = await t.call('liaison', 'POST', `/api/tasks/${taskId}/reports`, {
      period: '2023-09',
      text: '完成基站选址120处',
      percent: 70,
      problems: '部分站址协调困难',
      nextSteps: '加快开通',
      needsCoordination: true,
    });
    expect(filed.status).toBe(201);
    const round = await t.get('secretariat', `/api/dispatch-rounds/${roundId}`);

    const sheet = await exportSheet('secretariat', `/api/dispatch-rounds/${roundId}/reports.xlsx`);
    expect(sheet.headers).toEqual([
      '单位',
      '任务编号',
      '任务',
      '已报送',
      '报送日期',
      '逾期',
      '进度%',
      '进展情况',
      '存在问题',
      '下步计划',
      '需协调',
    ]);
    const expected = round.units.reduce((n: number, u: any) => n + u.expected.count, 0);
    expect(sheet.rows).toHaveLength(expected);
    const reported = sheet.rows.filter((r) => r['已报送'] === '是');
    const receivedCount = round.units.reduce((n: number, u: any) => n + u.expected.count - u.missing.count, 0);
    expect(reported).toHaveLength(receivedCount);
    const code = (await t.get('secretariat', `/api/dispatch-rounds/${round.id}/tasks?pageSize=500`)).items.find(
      (x: any) => x.id === taskId,
    ).code;
    const mine = sheet.rows.find((r) => r['单位'] === unitName('yd') && r['任务编号'] === code)!;
    expect(mine).toMatchObject({
      已报送: '是',
      逾期: '否',
      '进度%': 70,
      进展情况: '完成基站选址120处',
      存在问题: '部分站址协调困难',
      下步计划: '加快开通',
      需协调: '是',
    });
    expect(day(mine['报送日期'])).toBe('2023-09-20');
    expect(sheet.rows.filter((r) => r['已报送'] === '否').every((r) => r['报送日期'] === null)).toBe(true);

    const own = await exportSheet('liaison', `/api/dispatch-rounds/${roundId}/reports.xlsx?lang=en`);
    expect(own.headers[0]).toBe('Unit');
    expect(own.rows.length).toBe(yd.expected.count);
    expect(new Set(own.rows.map((r) => r.Unit))).toEqual(new Set([yd.unit.nameEn]));

    expect((await download('secretariat', '/api/dispatch-rounds/99999/reports.xlsx')).status).toBe(404);
  });
});

describe('an export longer than a read batch', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ today: '2023-09-20' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('holds every task exactly once, in the order of the task list', async () => {
    const ds = t.app.get(DataSource);
    const [wi] = await ds.query('SELECT id FROM work_item ORDER BY id LIMIT 1');
    const units: { id: number }[] = await ds.query('SELECT id FROM unit ORDER BY id');
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      planId: 1,
      workItemId: wi.id,
      code: `X${i + 1}`,
      title: `批量任务 ${i + 1}`,
      description: '',
      leadUnitId: units[i % units.length].id,
      deadline: `2023-${String(10 + (i % 3)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      originalDeadline: '2023-12-31',
      status: i % 7 === 0 ? 'closed' : 'in_progress',
      progress: i % 100,
      tags: [],
      source: 'user',
    }));
    for (let i = 0; i < rows.length; i += 250) {
      await ds
        .createQueryBuilder()
        .insert()
        .into('task')
        .values(rows.slice(i, i + 250))
        .execute();
    }
    const token = await t.as('secretariat');
    const res = await fetch(`${t.url}/api/export/tasks.xlsx`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const { rows: sheetRows } = table((await loadWorkbook(await res.arrayBuffer())).worksheets[0]);
    const codes = sheetRows.map((r) => String(r['编号']));
    const total = (await t.get('secretariat', '/api/tasks?pageSize=1')).total;
    expect(total).toBeGreaterThan(2500);
    expect(codes).toHaveLength(total);
    expect(new Set(codes).size).toBe(total);
    for (let i = 1; i <= 2500; i++) expect(codes).toContain(`X${i}`);
    // the same order as the list, page after page
    const listed: string[] = [];
    for (let page = 1; listed.length < total; page++) {
      const p = await t.get('secretariat', `/api/tasks?pageSize=500&page=${page}`);
      listed.push(...p.items.map((x: any) => x.code));
    }
    expect(codes).toEqual(listed);
  });
});

describe('spreadsheets on the command line', () => {
  const dir = tempDir();
  const overrides: Record<string, unknown> = {
    log: { level: 'error' },
    clock: { today: '2023-09-20' },
  };
  beforeAll(async () => (overrides.database = await freshDatabase(dir, 'cli')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, overrides, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('export-tasks writes the sheet, import-tasks previews it and applies it with --commit', async () => {
    expect((await cli('seed-demo')).code).toBe(0);
    const file = join(dir, 'tasks.xlsx');
    const exported = await cli('export-tasks', '--out', file, '--lang', 'en');
    expect(exported).toMatchObject({ code: 0, err: '' });
    expect(exported.out).toMatch(/^wrote .*tasks\.xlsx \(\d+ tasks, \d+ bytes\)$/m);
    const wb = await loadWorkbook(readFileSync(file));
    const ws = wb.worksheets[0];
    expect((ws.getRow(1).values as CellValue[]).slice(1)).toEqual(EN_HEADERS);
    let row = 0;
    ws.eachRow((r, n) => {
      if (r.getCell(1).value === 'W1-3') row = n;
    });
    ws.getRow(row).getCell(3).value = 'Renamed on the command line';
    writeFileSync(file, await toBuffer(wb));

    const preview = await cli('import-tasks', file);
    expect(preview).toMatchObject({ code: 0, err: '' });
    expect(preview.out).toContain(`${row}\tupdate\tW1-3\ttitle: `);
    expect(preview.out).toMatch(/^0 to create, 1 to update, \d+ unchanged, 0 rejected$/m);
    expect(preview.out).toContain('nothing changed');

    const applied = await cli('import-tasks', file, '--commit', '--as', 'office@tianshui.example.cn');
    expect(applied).toMatchObject({ code: 0, err: '' });
    expect(applied.out).toMatch(/^committed: created 0, updated 1 \(W1-3\), unchanged \d+, skipped 0$/m);

    const bad = await cli('import-tasks', join(dir, 'missing.xlsx'));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('cannot read');
  });
});
