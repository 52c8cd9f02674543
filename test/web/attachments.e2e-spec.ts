// Attachments in a real browser: the liaison adds a file to its report on the task page, sees it listed under the
// report and downloads it back under its Chinese name, byte for byte; a viewer sees the file but no upload form;
// a refused file shows the service's message and stores nothing.
import { readFileSync } from 'node:fs';
import { startApp, type TestApp } from '../support/app';
import { demoTasks, involves } from '../support/demo';
import { Browser, open, screenshot, signIn, type TrackedPage } from './support/browser';

describe('web interface: attachments', () => {
  let t: TestApp;
  let browser: Browser;
  let liaison: TrackedPage;
  let viewer: TrackedPage;
  let taskId: number;
  let reportId: number;

  beforeAll(async () => {
    t = await startApp();
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as { id: number; code: string }[];
    const own = demoTasks.find(
      (x) => x.leadUnit === 'yd' && x.status === 'in_progress' && x.deadline !== null && !x.recurrence,
    )!;
    expect(involves(own, 'yd')).toBe(true);
    taskId = tasks.find((x) => x.code === own.code)!.id;
    const filed = await t.call('liaison', 'POST', `/api/tasks/${taskId}/reports`, {
      period: '2023-09',
      text: '本月新建基站12个',
      percent: 60,
    });
    expect(filed.status).toBe(201);
    reportId = filed.body.id;
    browser = await Browser.launch(t.url);
    liaison = await browser.page();
    viewer = await browser.page();
    await signIn(browser, liaison.page, 'liaison');
    await signIn(browser, viewer.page, 'viewer');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(liaison.errors.splice(0)).toEqual([]);
    expect(viewer.errors.splice(0)).toEqual([]);
  });

  it('lets the liaison add a file to its report and download it under its Chinese name', async () => {
    const page = liaison.page;
    const content = Buffer.from('编号，名称\n1，天水移动基站\n');
    await open(browser, page, `/tasks/${taskId}`);
    const report = page.locator('li.report', { hasText: '本月新建基站12个' });
    await report
      .getByLabel('添加附件')
      .setInputFiles({ name: '基站清单（9月）.csv', mimeType: 'text/csv', buffer: content });
    await report.getByRole('button', { name: '上传' }).click();
    await page.getByText('附件已上传').waitFor();
    const after = page.locator('li.report', { hasText: '本月新建基站12个' });
    const button = after.getByRole('button', { name: '基站清单（9月）.csv' });
    await button.waitFor();
    await screenshot(page, 'attachment-uploaded');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('基站清单（9月）.csv');
    expect(readFileSync(await download.path()).equals(content)).toBe(true);
    const listed = await t.get('lead', `/api/attachments?ownerType=report&ownerId=${reportId}`);
    expect(listed.map((a: { filename: string }) => a.filename)).toEqual(['基站清单（9月）.csv']);
  });

  it('shows a refused file’s reason and stores nothing', async () => {
    const page = liaison.page;
    await open(browser, page, `/tasks/${taskId}`);
    const report = page.locator('li.report', { hasText: '本月新建基站12个' });
    await report
      .getByLabel('添加附件')
      .setInputFiles({ name: '伪装.pdf', mimeType: 'application/pdf', buffer: Buffer.from('not a pdf') });
    await report.getByRole('button', { name: '上传' }).click();
    await report.getByText('与扩展名.pdf不符').waitFor();
    const listed = await t.get('lead', `/api/attachments?ownerType=report&ownerId=${reportId}`);
    expect(listed).toHaveLength(1);
  });

  it('shows a viewer the files without an upload form', async () => {
    const page = viewer.page;
    await open(browser, page, `/tasks/${taskId}`);
    const report = page.locator('li.report', { hasText: '本月新建基站12个' });
    await report.getByRole('button', { name: '基站清单（9月）.csv' }).waitFor();
    expect(await report.locator('form.attachment-upload').count()).toBe(0);
  });

  it('lets the lead unit’s liaison add its closing materials to a pending closing request', async () => {
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as { id: number; code: string }[];
    const other = demoTasks.find(
      (x) =>
        x.leadUnit === 'yd' &&
        x.status === 'in_progress' &&
        !x.recurrence &&
        tasks.find((y) => y.code === x.code)!.id !== taskId,
    )!;
    const closingTask = tasks.find((y) => y.code === other.code)!.id;
    const closing = await t.call('liaison', 'POST', `/api/tasks/${closingTask}/closing`, { note: '全部完成' });
    expect(closing.status).toBe(201);
    const page = liaison.page;
    await open(browser, page, `/tasks/${closingTask}`);
    const card = page.getByRole('region', { name: '办理' });
    await card.getByLabel('添加附件').setInputFiles({
      name: '办结佐证材料.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await card.getByRole('button', { name: '上传' }).click();
    await page.getByText('附件已上传').waitFor();
    const files = page.getByRole('region', { name: '申请材料附件' });
    await files.getByRole('button', { name: '办结佐证材料.pdf' }).waitFor();
    expect(await files.innerText()).toContain('办结申请');
    // a viewer sees the request's files, and no form to add to them
    await open(browser, viewer.page, `/tasks/${closingTask}`);
    await viewer.page
      .getByRole('region', { name: '申请材料附件' })
      .getByRole('button', { name: '办结佐证材料.pdf' })
      .waitFor();
    expect(await viewer.page.locator('form.attachment-upload').count()).toBe(0);
  });
});
