// A liaison of 天水移动 in a real browser: signs in with the keyboard only, sees its unit's tasks and the reports
// its unit owes in the open dispatch round, files a report through the form and sees the task's progress change;
// pages it may not use show "no access", even when typed into the address bar.
import { startApp, type TestApp } from '../support/app';
import { Browser, open, screenshot, settle, type TrackedPage } from './support/browser';

// The browser's globals, for the functions run inside the page by page.evaluate.
declare const document: any;
declare const getComputedStyle: any;
declare const sessionStorage: any;

describe('web interface: a liaison', () => {
  let t: TestApp;
  let browser: Browser;
  let tab: TrackedPage;
  let unitId: number;
  let round: any;

  beforeAll(async () => {
    t = await startApp();
    const opened = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    expect(opened.status).toBe(201);
    round = await t.get('liaison', `/api/dispatch-rounds/${opened.body.id}`);
    unitId = (await t.get('liaison', '/api/auth/me')).unitId;
    browser = await Browser.launch(t.url);
    tab = await browser.page();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(tab.errors.splice(0)).toEqual([]);
  });

  it('signs in using only the keyboard', async () => {
    const { page } = tab;
    await page.goto(`${t.url}/`);
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    await screenshot(page, 'sign-in');
    // the email field has the focus; Tab moves to the password; Enter submits
    expect(await page.evaluate(() => (document.activeElement as any).name)).toBe('email');
    await page.keyboard.type('liaison.yd@tianshui.example.cn');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as any).name)).toBe('password');
    await page.keyboard.type('wrong password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: '邮箱或密码错误' }).waitFor();
    expect(await page.evaluate(() => (document.activeElement as any).name)).toBe('password');
    await page.keyboard.type('Demo-liaison-yd-2023');
    await page.keyboard.press('Enter');
    // the home page is 待办: the unit's reports a round asks for
    await page.getByRole('heading', { level: 1, name: '我的待办' }).waitFor();
    await settle(page);
    expect(new URL(page.url()).pathname).toBe('/work');
    const who = await page.locator('.topbar .who').innerText();
    expect(who).toContain('王涛');
    expect(who).toContain('联络员');
    expect(who).toContain('天水移动');
    // the navigation shows what a liaison uses, not the planners' pages
    const nav = await page.getByRole('navigation', { name: '主导航' }).innerText();
    expect(nav).toContain('本单位');
    expect(nav).not.toContain('新建任务');
    // keyboard focus is visible
    await page.keyboard.press('Tab');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement as any).outlineStyle);
    expect(outline).not.toBe('none');
    await open(browser, page, '/my-unit');
  });

  it("shows its unit's tasks, as the API lists them, with colour grades in words", async () => {
    const { page } = tab;
    const led = await t.get('liaison', `/api/tasks?unitId=${unitId}&unitRole=lead&pageSize=500`);
    const supported = await t.get('liaison', `/api/tasks?unitId=${unitId}&unitRole=supporting&pageSize=500`);
    const codes = async (heading: string) =>
      page
        .getByRole('region', { name: heading })
        .locator('tbody tr td:first-child [translate="no"]:first-child')
        .allInnerTexts();
    const ledShown = await page
      .locator('section', { has: page.getByRole('heading', { name: '本单位牵头的任务' }) })
      .locator('tbody tr')
      .count();
    expect(ledShown).toBe(led.total);
    expect((await codes('本单位牵头的任务')).sort()).toEqual(led.items.map((x: any) => x.code).sort());
    expect((await codes('本单位配合的任务')).sort()).toEqual(supported.items.map((x: any) => x.code).sort());
    const red = supported.items.filter((x: any) => x.colour === 'red');
    expect(red.length).toBeGreaterThan(0);
    const redRow = page.locator('tr', { hasText: red[0].code });
    expect(await redRow.locator('.grade').innerText()).toBe('红色 · 逾期');

    // the reports due in the open round: the tasks the unit leads in its scope
    const mine = round.units.find((u: any) => u.unit.id === unitId);
    const due = page.locator('section', { has: page.getByRole('heading', { name: '本期调度待报送' }) });
    await due.getByText('2023-09-25 前报送').waitFor();
    expect(await due.locator('tbody tr').count()).toBe(mine.expected.count);
    expect(await due.locator('tbody tr .report-state').allInnerTexts()).toEqual(
      Array.from({ length: mine.expected.count }, () => '待报送'),
    );
    await screenshot(page, 'my-unit');
  });

  it('files a progress report through the form, checked as the API checks, and sees the progress change', async () => {
    const { page } = tab;
    const taskId: number = (await t.get('liaison', `/api/dispatch-rounds/${round.id}/tasks?unitId=${unitId}`)).items[0]
      .id;
    const before = await t.get('liaison', `/api/tasks/${taskId}`);
    const dashBefore = await t.get('liaison', '/api/dashboard');
    const newPercent = before.progress + 15;
    const reportsBefore = (await t.get('liaison', `/api/tasks/${taskId}/reports`)).length;

    const due = page.locator('section', { has: page.getByRole('heading', { name: '本期调度待报送' }) });
    await due.locator('tr', { hasText: before.code }).getByRole('link', { name: '填报进展' }).click();
    await page.getByRole('heading', { level: 1, name: '填报进展' }).waitFor();
    await settle(page);
    expect(await page.getByLabel('报送期').inputValue()).toBe('2023-09');

    // what the API would refuse is shown next to its field before anything is sent
    await page.getByLabel('报送期').fill('2023-13');
    await page.getByLabel('完成进度（%）').fill('120');
    await page.getByRole('button', { name: '提交报告' }).click();
    const error = (name: string) => page.locator(`[data-field="${name}"] .field-error`);
    expect(await error('period').innerText()).toContain('YYYY-MM');
    expect(await error('text').innerText()).toBe('必填');
    expect(await error('percent').innerText()).toBe('请输入 0 到 100 之间的整数');
    expect(await page.getByLabel('报送期').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('报送期').fill('2023-10');
    await page.getByRole('button', { name: '提交报告' }).click();
    expect(await error('period').innerText()).toBe('该报送期尚未开始（今天是 2023-09-20）');
    // nothing was sent
    expect((await t.get('liaison', `/api/tasks/${taskId}/reports`)).length).toBe(reportsBefore);

    // a draft is kept while writing and restored after a reload
    await page.getByLabel('报送期').fill('2023-09');
    await page.getByLabel('工作进展').fill('完成9月站址储备和追加投资需求梳理,已报上级公司审批。');
    await page.getByLabel('完成进度（%）').fill(String(newPercent));
    await page.getByLabel('存在问题').fill('部分站址电力配套滞后。');
    await page.getByLabel('下一步工作').fill('10月完成追加投资批复。');
    await page.getByLabel('需要专班协调解决').check();
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText(/草稿已保存/).waitFor();
    await page.reload();
    await settle(page);
    await page.getByText(/已恢复 .* 保存的草稿/).waitFor();
    expect(await page.getByLabel('工作进展').inputValue()).toBe('完成9月站址储备和追加投资需求梳理,已报上级公司审批。');
    expect(await page.getByLabel('需要专班协调解决').isChecked()).toBe(true);
    await screenshot(page, 'report-form');

    await page.getByRole('button', { name: '提交报告' }).click();
    await page.getByRole('status').filter({ hasText: '2023-09 进展已报送' }).waitFor();
    await settle(page);
    expect(new URL(page.url()).pathname).toBe(`/tasks/${taskId}`);

    // the API has the report, and the task's progress moved to it
    const reports = await t.get('liaison', `/api/tasks/${taskId}/reports`);
    expect(reports[0]).toMatchObject({
      period: '2023-09',
      percent: newPercent,
      needsCoordination: true,
      problems: '部分站址电力配套滞后。',
      dispatchRoundId: round.id,
    });
    const after = await t.get('liaison', `/api/tasks/${taskId}`);
    expect(after.progress).toBe(newPercent);
    expect(await page.locator('.task-progress-value').innerText()).toBe(`${newPercent}%`);
    const history = page.locator('section', { has: page.getByRole('heading', { name: '进展报送记录' }) });
    expect(await history.locator('li.report').first().innerText()).toContain('完成9月站址储备');
    expect(await history.locator('li.report').first().innerText()).toContain('需要专班协调解决');
    const trail = page.locator('section', { has: page.getByRole('heading', { name: '变更记录' }) });
    expect(await trail.innerText()).toContain('进展报告更新进度');
    await screenshot(page, 'task-page');

    // filing the same period again is refused by the API, and its message is shown
    await page.getByRole('link', { name: '填报进展' }).click();
    await settle(page);
    expect(await page.getByLabel('工作进展').inputValue()).toBe('');
    await page.getByLabel('工作进展').fill('重复报送');
    await page.getByRole('button', { name: '提交报告' }).click();
    await page.getByRole('alert').filter({ hasText: '退办后方可重新报送' }).waitFor();

    // the dashboard (its unit's share) shows the new mean progress of the task's work item
    await open(browser, page, '/dashboard');
    const dashAfter = await t.get('liaison', '/api/dashboard');
    const wi = dashAfter.workItems.find((w: any) => w.id === after.workItem.id);
    const wiBefore = dashBefore.workItems.find((w: any) => w.id === after.workItem.id);
    if (after.parentId === null) expect(wi.meanProgress).not.toBe(wiBefore.meanProgress);
    const row = page.getByRole('region', { name: '各工作事项进展' }).locator('tbody tr', { hasText: wi.code });
    expect(await row.locator('.progress-text').innerText()).toBe(`${Math.round(wi.meanProgress)}%`);
  });

  it('returns to sign-in when its sign-in is no longer valid, and then to the page it was on', async () => {
    const { page } = tab;
    await open(browser, page, '/tasks?overdue=true');
    await page.evaluate(() => sessionStorage.setItem('zb.token', 'expired.token.value'));
    await page.getByRole('link', { name: '本单位', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: '登录' }).waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe('/signin');
    expect(url.searchParams.get('next')).toBe('/my-unit');
    await page.getByLabel('电子邮箱').fill('liaison.yd@tianshui.example.cn');
    await page.getByLabel('密码').fill('Demo-liaison-yd-2023');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('heading', { level: 1, name: '本单位工作' }).waitFor();
    await settle(page);
  });

  it('sees "no access" on pages and tasks it may not use, even typed into the address bar', async () => {
    const { page } = tab;
    await open(browser, page, '/tasks/new');
    await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();

    const all = await t.get('lead', '/api/tasks?pageSize=500');
    const other = all.items.find(
      (x: any) => x.leadUnit.id !== unitId && !x.supportingUnits.some((u: any) => u.id === unitId),
    );
    expect((await t.call('liaison', 'GET', `/api/tasks/${other.id}`)).status).toBe(403);
    for (const path of [`/tasks/${other.id}`, `/tasks/${other.id}/edit`, `/tasks/${other.id}/report`]) {
      await open(browser, page, path);
      await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();
      expect(await page.locator('main').innerText()).not.toContain(other.title);
    }
    await screenshot(page, 'no-access');
  });
});
