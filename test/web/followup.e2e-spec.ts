// Follow-up in a real browser: a lead records a leader's instruction and it shows first on the task page; the
// liaison of the lead unit sees the item awaiting acknowledgement on "My unit" and acknowledges it on the task
// page; the secretariat urges the unit with a note; the liaison comments, and the secretariat deletes the comment
// with a reason.
import { startApp, type TestApp } from '../support/app';
import { demoTasks } from '../support/demo';
import { Browser, CJK, interfaceTexts, open, screenshot, signIn, type TrackedPage } from './support/browser';

describe('web interface: follow-up on a task', () => {
  let t: TestApp;
  let browser: Browser;
  let liaison: TrackedPage;
  let secretariat: TrackedPage;
  let task: any;

  beforeAll(async () => {
    t = await startApp();
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as any[];
    const own = demoTasks.filter(
      (x) => x.leadUnit === 'yd' && x.status === 'in_progress' && x.deadline !== null && x.deadline > '2023-09-20',
    );
    task = tasks.find((x) => x.code === own[0].code);
    const res = await t.call('lead', 'POST', `/api/tasks/${task.id}/instructions`, {
      leaderName: '王市长',
      text: '请加快推进，确保按期完成。',
    });
    expect(res.status).toBe(201);
    browser = await Browser.launch(t.url);
    liaison = await browser.page();
    secretariat = await browser.page();
    await signIn(browser, liaison.page, 'liaison');
    await signIn(browser, secretariat.page, 'secretariat');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(liaison.errors.splice(0)).toEqual([]);
    expect(secretariat.errors.splice(0)).toEqual([]);
  });

  it('shows the instruction first and lets the liaison acknowledge what awaits its unit', async () => {
    const page = liaison.page;
    await open(browser, page, '/my-unit');
    const awaiting = page.getByRole('region', { name: '待本单位签收' });
    // the instruction awaits the unit (the demo task itself is under way, received before it was recorded)
    expect(await awaiting.locator(`tr:has(a[href="/tasks/${task.id}"])`).count()).toBe(1);

    await open(browser, page, `/tasks/${task.id}`);
    const first = page.locator('main section.card').first();
    expect(await first.getAttribute('aria-labelledby')).toBe('instructions-title');
    await first.getByText('请加快推进，确保按期完成。').waitFor();
    await first.getByText('天水移动').waitFor();
    const acks = page.getByRole('region', { name: '签收情况' });
    await acks.getByRole('button', { name: '签收' }).click();
    await page.getByText('已签收。').waitFor();
    const after = await t.get('lead', `/api/tasks/${task.id}/acknowledgements`);
    const ydId = (await t.get('lead', '/api/units')).find((u: { code: string }) => u.code === 'yd').id;
    expect(after.filter((a: any) => a.unit.id === ydId).map((a: any) => [a.kind, a.status])).toEqual([
      ['instruction', 'done'],
    ]);
    expect(await page.getByRole('region', { name: '签收情况' }).getByRole('button', { name: '签收' }).count()).toBe(0);
    await screenshot(page, 'acknowledged');
  });

  it('lets the secretariat urge a unit with a note; a liaison has no urging form', async () => {
    const page = secretariat.page;
    await open(browser, page, `/tasks/${task.id}`);
    const card = page.getByRole('region', { name: '催办（0 次）' });
    await card.getByRole('button', { name: '催办' }).click();
    expect(await card.locator('.field-error:not([hidden])').count()).toBe(1);
    await card.getByLabel('催办意见').fill('请于本周内报送最新进展。');
    await card.getByRole('button', { name: '催办' }).click();
    await page.getByText('催办已发出。').waitFor();
    await page.getByRole('region', { name: '催办（1 次）' }).getByText('请于本周内报送最新进展。').waitFor();
    expect((await t.get('lead', `/api/tasks/${task.id}/urgings`)).urgingCount).toBe(1);

    await open(browser, liaison.page, `/tasks/${task.id}`);
    expect(await liaison.page.locator('form[data-form="urging"]').count()).toBe(0);
  });

  it('lets the liaison comment and the secretariat delete the comment with a reason', async () => {
    let page = liaison.page;
    await open(browser, page, `/tasks/${task.id}`);
    const thread = page.getByRole('region', { name: '留言' });
    await thread.getByLabel('留言内容').fill('@秦州区 请提供站址清单。');
    await thread.getByRole('button', { name: '发表留言' }).click();
    await page.getByRole('region', { name: '留言' }).getByText('@秦州区 请提供站址清单。').waitFor();
    const [comment] = await t.get('lead', `/api/tasks/${task.id}/comments`);
    expect(comment.mentions.map((m: { code: string }) => m.code)).toEqual(['qzq']);

    page = secretariat.page;
    await open(browser, page, `/tasks/${task.id}`);
    const item = page.locator(`li[data-comment-id="${comment.id}"]`);
    await item.getByRole('button', { name: '删除' }).click();
    await item.getByLabel('删除原因').fill('内容重复');
    await item.getByRole('button', { name: '确认删除' }).click();
    await page.getByText('留言已删除。').waitFor();
    await page.locator(`li[data-comment-id="${comment.id}"]`).getByText('内容重复').waitFor();
    await screenshot(page, 'comment-deleted');
  });

  it('has no Chinese left in the labels of the task page and My unit in English', async () => {
    const page = liaison.page;
    await open(browser, page, '/my-unit');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { level: 1, name: 'My unit' }).waitFor();
    for (const path of ['/my-unit', `/tasks/${task.id}`]) {
      await open(browser, page, path);
      expect((await interfaceTexts(page)).filter((x) => CJK.test(x))).toEqual([]);
    }
    await page.locator('section[aria-labelledby="acknowledgements-title"]').waitFor();
    await page.locator('section[aria-labelledby="comments-title"] h2', { hasText: 'Comments' }).waitFor();
    await page.getByRole('button', { name: 'Switch language' }).click();
  });
});
