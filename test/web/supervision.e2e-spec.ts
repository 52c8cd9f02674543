// Supervision notices and the assessment in a real browser: the secretariat issues a notice from the page of a red
// task, the lead unit's liaison replies on the notice's page while another unit's liaison sees none of it, and a
// viewer reads the assessment's ranking, a unit's events, and this month's card on the dashboard.
import { startApp, type TestApp } from '../support/app';
import { Browser, open, screenshot, signIn, type TrackedPage } from './support/browser';

describe('web interface: supervision notices and the assessment', () => {
  let t: TestApp;
  let browser: Browser;
  let secretariat: TrackedPage;
  let liaison: TrackedPage;
  let other: TrackedPage;
  let viewer: TrackedPage;
  let taskId: number;

  beforeAll(async () => {
    t = await startApp();
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    const workItemId = (await t.get('lead', '/api/work-items'))[0].id;
    const created = await t.call('secretariat', 'POST', '/api/tasks', {
      workItemId,
      title: '网页督办测试任务',
      leadUnitId: units.find((u) => u.code === 'yd')!.id,
      startDate: '2023-06-01',
      deadline: '2023-09-01',
    });
    expect(created.status).toBe(201);
    taskId = created.body.id;
    browser = await Browser.launch(t.url);
    secretariat = await browser.page();
    liaison = await browser.page();
    other = await browser.page();
    viewer = await browser.page();
    await signIn(browser, secretariat.page, 'secretariat');
    await signIn(browser, liaison.page, 'liaison');
    await signIn(browser, other.page, 'liaison2');
    await signIn(browser, viewer.page, 'viewer');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    for (const p of [secretariat, liaison, other, viewer]) expect(p.errors.splice(0)).toEqual([]);
  });

  it('issues a notice from the page of a red task, and the lead unit’s liaison replies to it', async () => {
    let page = secretariat.page;
    await open(browser, page, `/tasks/${taskId}`);
    const card = page.getByRole('region', { name: '督办单' });
    await card.getByRole('button', { name: '发出督办单' }).click();
    await page.getByText(/督办单督办〔2023〕\d+号已发出/).waitFor();
    await card.getByRole('link', { name: /督办〔2023〕\d+号/ }).waitFor();
    await screenshot(page, 'supervision-issued');
    const [notice] = await t.get('lead', `/api/tasks/${taskId}/supervision-notices`);

    page = other.page;
    await open(browser, page, '/supervision');
    await page.getByText('暂无督办单。').waitFor();

    page = liaison.page;
    await open(browser, page, '/supervision');
    await page.getByRole('link', { name: notice.number }).click();
    await page.getByRole('heading', { name: `督办单 ${notice.number}` }).waitFor();
    const replies = page.getByRole('region', { name: '办理情况反馈' });
    await replies.getByRole('button', { name: '提交反馈' }).click();
    await replies.getByText('请填写办理情况').waitFor();
    await replies.getByLabel('办理情况').fill('已组织施工，预计10月底完成。');
    await replies.getByRole('button', { name: '提交反馈' }).click();
    await page.getByText('反馈已提交').waitFor();
    await replies.getByText('已组织施工，预计10月底完成。').waitFor();
    await screenshot(page, 'supervision-replied');
    expect((await t.get('lead', `/api/supervision-notices/${notice.id}`)).status).toBe('replied');
  });

  it('shows the ranking, a unit’s scored events and this month’s card on the dashboard', async () => {
    const page = viewer.page;
    await open(browser, page, '/dashboard');
    const card = page.getByRole('region', { name: '2023-09考评' });
    await card.getByRole('link', { name: '查看全部考评排名' }).click();
    await page.getByRole('heading', { name: '考评', exact: true }).waitFor();
    const ranking = page.getByRole('region', { name: '考评排名' });
    const api = await t.get('viewer', '/api/assessment?period=2023-09');
    expect(await ranking.locator('tbody tr').count()).toBe(api.units.length);
    // the lowest score: below zero, so it has events to show
    const last = api.units[api.units.length - 1];
    expect(last.score).toBeLessThan(0);
    await ranking.getByRole('link', { name: last.unit.name, exact: true }).click();
    const list = page.locator('section', { has: page.getByRole('heading', { name: '计分明细' }) });
    await list.waitFor();
    const events = await t.get('viewer', `/api/assessment/units/${last.unit.id}/events?period=2023-09`);
    expect(await list.locator('tbody tr').count()).toBe(events.events.length);
    await list.getByText(events.events[0].description).first().waitFor();
    await screenshot(page, 'assessment-unit');
  });
});
