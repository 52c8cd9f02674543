// Spreadsheets in a real browser: a lead exports the task list (.xlsx, a download), changes a task's title in
// the file and adds a row whose lead unit does not exist, imports it through the page (the preview shows the one
// update with its change and the refused row with its row number and field), commits, and sees the new title on
// the task page. A liaison may not open the import page; in English the page has no Chinese left in its labels.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { startApp, type TestApp } from '../support/app';
import { Browser, CJK, interfaceTexts, open, screenshot, settle, signIn, type TrackedPage } from './support/browser';

const NEW_TITLE = '推进天水市5G基站建设(导入修改)';

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((r) => r.text).join('');
  return String(value as string);
}

describe('web interface: spreadsheets', () => {
  let t: TestApp;
  let browser: Browser;
  let lead: TrackedPage;
  let dir: string;

  beforeAll(async () => {
    t = await startApp();
    browser = await Browser.launch(t.url);
    lead = await browser.page();
    await signIn(browser, lead.page, 'lead');
    dir = mkdtempSync(join(tmpdir(), 'zhuanban-xlsx-'));
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    expect(lead.errors.splice(0)).toEqual([]);
  });

  it('exports the list, imports an edited file through the preview and commits it', async () => {
    const { page } = lead;
    const units = await t.get('lead', '/api/units');
    const unitId = units[0].id;
    await open(browser, page, `/tasks?unitId=${unitId}&unitRole=lead`);
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '导出 .xlsx' }).click();
    const file = join(dir, 'export.xlsx');
    await (await download).saveAs(file);

    // the file: change the first task's title, add a row whose lead unit does not exist
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(file) as unknown as ArrayBuffer);
    const ws = wb.worksheets[0];
    let headerRow = 0;
    const col: Record<string, number> = {};
    ws.eachRow((row, n) => {
      if (headerRow) return;
      row.eachCell((cell, c) => {
        const text = cellText(cell.value);
        if (text === '编号' || text === '任务' || text === '牵头单位') col[text] = c;
      });
      if (col['编号'] && col['任务'] && col['牵头单位']) headerRow = n;
    });
    expect(headerRow).toBeGreaterThan(0);
    const first = ws.getRow(headerRow + 1);
    const code = cellText(first.getCell(col['编号']).value);
    const task = (await t.get('lead', `/api/tasks?q=${encodeURIComponent(code)}`)).items.find(
      (x: any) => x.code === code,
    );
    expect(task).toBeDefined();
    first.getCell(col['任务']).value = NEW_TITLE;
    let last = headerRow;
    ws.eachRow((_row, n) => (last = Math.max(last, n)));
    const added = last + 1;
    const extra = ws.getRow(added);
    first.eachCell((cell, c) => (extra.getCell(c).value = cell.value));
    extra.getCell(col['编号']).value = null;
    extra.getCell(col['任务']).value = '新增的一项任务';
    extra.getCell(col['牵头单位']).value = '不存在的单位';
    const edited = join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);

    // import through the page
    await page.getByRole('link', { name: '导入任务分解表' }).click();
    await settle(page);
    expect(new URL(page.url()).pathname).toBe('/import/tasks');
    await page.getByLabel('任务分解表文件（.xlsx）').setInputFiles(edited);
    await page.getByRole('button', { name: '上传并预览' }).click();
    await page.getByRole('heading', { name: '导入预览' }).waitFor();
    const summary = page.locator('.import-summary');
    await expect(summary.locator('[data-kind="update"]').innerText()).resolves.toBe('更新 1 项');
    await expect(summary.locator('[data-kind="rejected"]').innerText()).resolves.toBe('拒绝 1 行');
    await expect(summary.locator('[data-kind="create"]').innerText()).resolves.toBe('新建 0 项');

    const update = page.locator('tr.import-update');
    expect(await update.count()).toBe(1);
    const updateText = await update.innerText();
    expect(updateText).toContain(code);
    expect(updateText).toContain(task.title);
    expect(updateText).toContain(NEW_TITLE);
    const rejected = page.locator(`tr.import-rejected[data-row="${added}"]`);
    expect(await rejected.locator('td').first().innerText()).toBe(String(added));
    expect(await rejected.locator('.import-field').allInnerTexts()).toContain('牵头单位');
    await screenshot(page, 'import-preview');

    await page.getByRole('button', { name: '确认导入' }).click();
    await page.getByRole('heading', { name: '导入完成' }).waitFor();
    await page.getByRole('link', { name: new RegExp(code) }).click();
    await settle(page);
    expect(await page.locator('h1').innerText()).toContain(NEW_TITLE);
    expect((await t.get('lead', `/api/tasks/${task.id}`)).title).toBe(NEW_TITLE);
  });

  it('shows the no-access page to a liaison typing the import address', async () => {
    const liaison = await browser.page();
    await signIn(browser, liaison.page, 'liaison');
    await open(browser, liaison.page, '/import/tasks');
    expect(await liaison.page.locator('h1').innerText()).toBe('无权访问');
    expect(await liaison.page.locator('input[type=file]').count()).toBe(0);
    expect(liaison.errors).toEqual([]);
    await liaison.page.close();
  });

  it('has no Chinese left in the labels of the import page in English', async () => {
    const { page } = lead;
    await open(browser, page, '/import/tasks');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { name: 'Import task breakdown' }).waitFor();
    const texts = await interfaceTexts(page);
    expect(texts.filter((x) => CJK.test(x))).toEqual([]);
    await open(browser, page, '/tasks');
    await page.getByRole('button', { name: 'Export .xlsx' }).waitFor();
    expect((await interfaceTexts(page)).filter((x) => CJK.test(x))).toEqual([]);
    await screenshot(page, 'import-en');
    await page.getByRole('button', { name: 'Switch language' }).click();
  });
});
