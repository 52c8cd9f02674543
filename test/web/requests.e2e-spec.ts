// Requests and review in a real browser: the liaison of the lead unit asks for a later deadline on the task page,
// a lead approves it on the pending requests page, and the task page then shows the new deadline next to the
// original one; the secretariat sends a report back with a reason on the review page and the liaison sees it
// sent back. In English these pages have no Chinese left in their labels.
import { startApp, type TestApp } from '../support/app';
import { demoTasks } from '../support/demo';
import { Browser, CJK, interfaceTexts, open, screenshot, signIn, type TrackedPage } from './support/browser';

const NEW_DEADLINE = '2025-03-31';

describe('web interface: requests and review', () => {
  let t: TestApp;
  let browser: Browser;
  let liaison: TrackedPage;
  let lead: TrackedPage;
  let secretariat: TrackedPage;
  let task: any;
  let other: any;

  beforeAll(async () => {
    t = await startApp();
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as any[];
    const own = demoTasks.filter(
      (x) => x.leadUnit === 'yd' && x.status === 'in_progress' && x.deadline !== null && x.deadline > '2023-09-20',
    );
    task = await t.get('lead', `/api/tasks/${tasks.find((x) => x.code === own[0].code).id}`);
    other = await t.get('lead', `/api/tasks/${tasks.find((x) => x.code === own[1].code).id}`);
    browser = await Browser.launch(t.url);
    liaison = await browser.page();
    lead = await browser.page();
    secretariat = await browser.page();
    await signIn(browser, liaison.page, 'liaison');
    await signIn(browser, lead.page, 'lead');
    await signIn(browser, secretariat.page, 'secretariat');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(liaison.errors.splice(0)).toEqual([]);
    expect(lead.errors.splice(0)).toEqual([]);
    expect(secretariat.errors.splice(0)).toEqual([]);
  });

  it('lets the liaison ask for an extension that a lead approves', async () => {
    let page = liaison.page;
    await open(browser, page, `/tasks/${task.id}`);
    const card = page.getByRole('region', { name: '完成时限与延期申请' });
    await card.getByRole('button', { name: '申请延期' }).click();
    expect(await card.locator('.field-error:not([hidden])').count()).toBe(2);
    await card.getByLabel('申请的完成时限').fill(NEW_DEADLINE);
    await card.getByLabel('延期理由').fill('施工窗口推迟,需延后完成');
    await card.getByRole('button', { name: '申请延期' }).click();
    await page.getByText('延期申请已提交').waitFor();
    await card.getByText('待审批').waitFor();
    await screenshot(page, 'extension-requested');

    page = lead.page;
    await open(browser, page, '/requests');
    expect(await page.locator('h1').innerText()).toBe('待审批的延期申请');
    const row = page.locator('tr', { hasText: task.code });
    expect(await row.innerText()).toContain(NEW_DEADLINE);
    await screenshot(page, 'extension-pending');
    await row.getByRole('button', { name: '批准', exact: true }).click();
    await page.getByText('已批准延期').waitFor();
    await page.getByText('没有待审批的延期申请。').waitFor();

    page = liaison.page;
    await open(browser, page, `/tasks/${task.id}`);
    const after = page.getByRole('region', { name: '完成时限与延期申请' });
    expect(await after.locator('.current-deadline').innerText()).toBe(NEW_DEADLINE);
    expect(await after.locator('.original-deadline').innerText()).toBe(task.originalDeadline ?? task.deadline);
    await after.getByText('已批准').waitFor();
    expect((await t.get('lead', `/api/tasks/${task.id}`)).deadline).toBe(NEW_DEADLINE);
  });

  it('lets the secretariat send a report back with a reason, which the liaison sees', async () => {
    const filed = await t.call('liaison', 'POST', `/api/tasks/${other.id}/reports`, {
      period: '2023-09',
      text: '九月完成主体施工',
      percent: 45,
    });
    expect(filed.status).toBe(201);
    const page = secretariat.page;
    await open(browser, page, '/reviews');
    expect(await page.locator('h1').innerText()).toBe('待审核的进展报告');
    const row = page.locator(`[data-report="${filed.body.id}"]`);
    // the whole report is on the card: who filed it, its text, and the decision beside it
    expect(await row.innerText()).toContain('九月完成主体施工');
    expect(await row.innerText()).toContain('王涛');
    await row.getByRole('button', { name: '退回' }).click();
    await row.locator('.field-error:not([hidden])').waitFor();
    await row.getByLabel('审核意见').fill('请补充施工进度的具体数据');
    await row.getByRole('button', { name: '退回' }).click();
    await page.getByText('报告已退回').waitFor();
    expect(await page.locator(`[data-report="${filed.body.id}"]`).count()).toBe(0);

    await open(browser, liaison.page, `/tasks/${other.id}`);
    const report = liaison.page.locator('li.report-returned', { hasText: '九月完成主体施工' });
    expect(await report.locator('.status').innerText()).toBe('已退办');
    expect(await report.innerText()).toContain('请补充施工进度的具体数据');
    await screenshot(liaison.page, 'report-returned');
  });

  it('accepts several reports at once from the review list', async () => {
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as any[];
    const codes = demoTasks
      .filter((x) => x.leadUnit === 'qzq' && ['in_progress', 'blocked'].includes(x.status))
      .slice(0, 2)
      .map((x) => x.code);
    const ids: number[] = [];
    for (const code of codes) {
      const id = tasks.find((x) => x.code === code).id;
      const current = await t.get('lead', `/api/tasks/${id}`);
      const filed = await t.call('liaison2', 'POST', `/api/tasks/${id}/reports`, {
        period: '2023-09',
        text: `${code} 九月进展`,
        percent: Math.min(100, current.progress + 1),
        problems: '无',
      });
      expect(filed.status).toBe(201);
      ids.push(filed.body.id);
    }
    const page = secretariat.page;
    await page.bringToFront();
    await open(browser, page, '/reviews');
    for (const id of ids) await page.locator(`[data-report="${id}"] input.review-select`).check();
    await page.getByRole('button', { name: '批量审核通过' }).click();
    await page.getByText(/已审核通过 \d+ 份报告/).waitFor();
    for (const id of ids) {
      expect((await t.get('secretariat', `/api/reports/${id}`)).status).toBe('accepted');
      expect(await page.locator(`[data-report="${id}"]`).count()).toBe(0);
    }
    await screenshot(page, 'reviews-bulk');
  });

  it('has no Chinese left in the labels of these pages in English', async () => {
    const { page } = lead;
    await t.call('liaison', 'POST', `/api/tasks/${other.id}/extensions`, {
      requestedDeadline: NEW_DEADLINE,
      reason: '施工窗口',
    });
    await t.call('liaison', 'POST', `/api/tasks/${other.id}/reports`, { period: '2023-09', text: '补充', percent: 50 });
    await open(browser, page, '/requests');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pending extension requests' }).waitFor();
    for (const path of ['/requests', '/reviews', `/tasks/${other.id}`]) {
      await open(browser, page, path);
      expect((await interfaceTexts(page)).filter((x) => CJK.test(x))).toEqual([]);
    }
    await screenshot(page, 'task-requests-en');
    await page.getByRole('button', { name: 'Switch language' }).click();
  });
});
