// A lead in a real browser: the dashboard (in Chinese, with charts and the figures of the API), the task list
// with its filters in the URL, a task created and assigned through the form (checked as the API checks) that
// appears in the list and for the liaison of its lead unit, the timeline, the English switch, and a phone.
import { execFileSync } from 'node:child_process';
import { startApp, type TestApp } from '../support/app';
import {
  Browser,
  CJK,
  interfaceTexts,
  open,
  PHONE,
  renderedFonts,
  screenshot,
  settle,
  signIn,
  type TrackedPage,
} from './support/browser';

// The browser's globals, for the functions run inside the page by page.evaluate.
declare const document: any;
declare const window: any;
declare const Option: any;

const TITLE = '推进天水移动5G室内分布系统建设';

describe('web interface: a lead', () => {
  let t: TestApp;
  let browser: Browser;
  let lead: TrackedPage;
  let liaison: TrackedPage;
  let created: any;
  let meeting: { status: number; body: any };

  beforeAll(async () => {
    t = await startApp();
    // a sent bulletin: the dashboard shows it, and its on-time reporting next to the ranking
    const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect(bulletin.status).toBe(201);
    expect((await t.call('secretariat', 'POST', `/api/bulletins/${bulletin.body.id}/send`)).status).toBe(200);
    // a consultation meeting ahead, when the service has meetings: the dashboard shows the next one
    meeting = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G建设和应用推进工作专班第三次会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '市工信局三楼会议室',
      unitIds: [1, 3],
    });
    browser = await Browser.launch(t.url);
    liaison = await browser.page();
    lead = await browser.page();
    await signIn(browser, lead.page, 'lead');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(lead.errors.splice(0)).toEqual([]);
    expect(liaison.errors.splice(0)).toEqual([]);
  });

  it('shows the dashboard in Chinese with the figures of the API and its charts drawn', async () => {
    const { page } = lead;
    // the home page is 待办; the dashboard is one link away
    expect(new URL(page.url()).pathname).toBe('/work');
    await page.locator('#main-nav').getByRole('link', { name: '工作看板' }).click();
    await page.getByRole('heading', { level: 1, name: '工作看板' }).waitFor();
    const d = await t.get('lead', '/api/dashboard');
    await page.locator('.chart svg').first().waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('h1').innerText()).toBe('工作看板');
    for (const heading of ['各工作事项进展', '核心指标完成情况', '核心指标走势', '逾期任务', '单位排名', '下期通报']) {
      await page.getByRole('heading', { level: 2, name: heading }).waitFor();
    }
    const tiles = await page.locator('.tile').allInnerTexts();
    expect(tiles[0]).toContain(String(d.totals.tasks));
    expect(tiles[1]).toContain(String(d.totals.overdue));

    // progress by work item: one bar chart and a table row per work item
    const wiRows = page.getByRole('region', { name: '各工作事项进展' }).locator('tbody tr');
    expect(await wiRows.count()).toBe(d.workItems.length);
    // headline indicators: achievement and pro-rata as in the API
    const indicator = d.indicators[0];
    const indRow = page
      .getByRole('region', { name: '核心指标完成情况' })
      .locator('tbody tr', { hasText: indicator.name });
    expect(await indRow.innerText()).toContain(`${indicator.metrics.achievementPercent}%`);
    // one trend chart per headline indicator
    expect(await page.locator('.trend .chart svg').count()).toBe(d.indicators.length);
    // overdue tasks with their lead units: the longest overdue, as the task list sorts them, up to ten
    const overdue = await t.get('lead', '/api/tasks?overdue=true&topLevel=true&pageSize=500');
    expect(d.topOverdue.total).toBe(overdue.total);
    const overdueRows = page.getByRole('region', { name: '逾期任务' }).locator('tbody tr');
    expect(await overdueRows.count()).toBe(Math.min(overdue.total, 10));
    const listed = overdue.items.slice(0, 10);
    expect(await overdueRows.locator('td:first-child a').allInnerTexts()).toEqual(
      listed.map((task: any) => expect.stringContaining(task.code)),
    );
    for (const task of listed) {
      const row = overdueRows.filter({ hasText: task.code });
      expect(await row.innerText()).toContain(task.leadUnit.name);
    }
    // the next bulletin from the schedule, and the latest one sent
    const bulletin = page.locator('section', { has: page.getByRole('heading', { name: '下期通报' }) });
    expect(await bulletin.innerText()).toContain('2023/09/22');
    const [sent] = await t.get('lead', '/api/bulletins?status=sent');
    expect(await bulletin.innerText()).toContain(`第${sent.number}期（2023-09）`);
    // the next meeting, if the service has meetings (without them the card is left out)
    const meetingCard = page.locator('section', { has: page.getByRole('heading', { name: '下次会商' }) });
    if (meeting.status === 201) {
      expect(await meetingCard.innerText()).toContain('5G建设和应用推进工作专班第三次会商会');
      expect(await meetingCard.innerText()).toContain('2023/09/28 09:30');
    } else {
      expect(meeting.status).toBe(404);
      expect(await meetingCard.count()).toBe(0);
    }
    // units in the order of the API's ranking rule, with on-time reporting from that bulletin
    const ranking = page.locator('section', { has: page.getByRole('heading', { name: '单位排名' }) });
    expect(await ranking.innerText()).toContain(`按时报送率取自第${sent.number}期通报`);
    const ranked = d.units.filter((u: any) => u.lead > 0);
    expect(await ranking.locator('tbody tr').count()).toBe(ranked.length);
    const first = [...ranked].sort(
      (a: any, b: any) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.code.localeCompare(b.code),
    )[0];
    expect(await ranking.locator('tbody tr').first().innerText()).toContain(first.name);

    // Chinese renders: CJK fonts are installed and the text is Chinese
    const families = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
    expect(families).toMatch(/Noto Sans CJK|Noto Serif CJK/);
    // the heading's Chinese glyphs are drawn with a CJK font, not a fallback's empty boxes
    expect(await renderedFonts(page, 'main h1')).toEqual([expect.stringMatching(/CJK/)]);
    await screenshot(page, 'dashboard');
  });

  it('loads the dashboard with a bounded number of requests and the trimmed ECharts bundle', async () => {
    // a fresh tab in a fresh browser profile: nothing cached
    const fresh = await Browser.launch(t.url);
    try {
      const { page, errors } = await fresh.page();
      await signIn(fresh, page, 'lead');
      const requests: string[] = [];
      page.on('requestfinished', (r) => requests.push(new URL(r.url()).pathname));
      await page.goto(`${t.url}/dashboard`);
      await settle(page);
      await page.locator('.chart svg').first().waitFor();
      const api = requests.filter((p) => p.startsWith('/api/'));
      // dashboard, schedule, bulletins, the latest bulletin, meetings, one per headline indicator, and the
      // navigation's count of the lead's work (待办)
      const d = await t.get('lead', '/api/dashboard');
      expect(api.length).toBeLessThanOrEqual(6 + d.indicators.length);
      expect(api.filter((p) => p === '/api/my-work')).toHaveLength(1);
      expect(api.filter((p) => p === '/api/tasks')).toEqual([]);
      expect(requests).toContain('/assets/vendor/echarts.js');
      expect(requests).not.toContain('/assets/vendor/echarts.min.js');
      expect(await page.locator('.chart svg').count()).toBe(2 + d.indicators.length);
      expect(await page.locator('.chart-unavailable').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('filters and sorts the task list through the URL, as the API does', async () => {
    const { page } = lead;
    await page.getByRole('link', { name: '工作任务' }).first().click();
    await page.getByRole('heading', { level: 1, name: '工作任务' }).waitFor();
    await settle(page);
    const workItems = await t.get('lead', '/api/work-items');
    const w1 = workItems.find((w: any) => w.code === 'W1');
    await page.getByLabel('工作事项').selectOption(String(w1.id));
    await page.getByLabel('状态').selectOption('in_progress');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/workItemId=/);
    await settle(page);
    const url = new URL(page.url());
    expect(Object.fromEntries(url.searchParams)).toEqual({ workItemId: String(w1.id), status: 'in_progress' });
    const api = await t.get('lead', `/api/tasks?workItemId=${w1.id}&status=in_progress&sort=deadline&pageSize=500`);
    const codes = () => page.locator('.task-table tbody tr td:first-child').allInnerTexts();
    expect(await codes()).toEqual(api.items.map((x: any) => x.code));

    // sorting by a column header keeps the filters; the URL can be bookmarked and opened again
    await page.getByRole('link', { name: /^进度/ }).click();
    await page.waitForURL(/sort=progress/);
    await settle(page);
    const sorted = await t.get('lead', `/api/tasks?workItemId=${w1.id}&status=in_progress&sort=progress&pageSize=500`);
    expect(await codes()).toEqual(sorted.items.map((x: any) => x.code));
    expect(await page.locator('th[aria-sort="ascending"]').innerText()).toContain('进度');
    const bookmark = page.url();
    await page.goto(bookmark);
    await settle(page);
    expect(await page.getByLabel('状态').inputValue()).toBe('in_progress');
    expect(await codes()).toEqual(sorted.items.map((x: any) => x.code));

    // the overdue filter and a text search
    await open(browser, page, '/tasks?overdue=true');
    expect(await page.getByLabel('逾期').isChecked()).toBe(true);
    const overdue = await t.get('lead', '/api/tasks?overdue=true&pageSize=500');
    expect((await codes()).sort()).toEqual(overdue.items.map((x: any) => x.code).sort());
    await screenshot(page, 'tasks');
  });

  it('creates and assigns a task through the form, showing what the API refuses next to its field', async () => {
    const { page } = lead;
    const units = await t.get('lead', '/api/units');
    const yd = units.find((u: any) => u.code === 'yd');
    const dx = units.find((u: any) => u.code === 'dx');
    const workItems = await t.get('lead', '/api/work-items');
    const w2 = workItems.find((w: any) => w.code === 'W2');
    const before = (await t.get('lead', '/api/tasks?pageSize=1')).total;

    await page.getByRole('link', { name: '新建任务' }).first().click();
    await page.getByRole('heading', { level: 1, name: '新建任务' }).waitFor();
    await settle(page);
    const error = (name: string) => page.locator(`[data-field="${name}"] .field-error`).first();

    // required fields
    await page.getByRole('button', { name: '创建任务' }).click();
    expect(await error('workItemId').innerText()).toBe('必填');
    expect(await error('title').innerText()).toBe('必填');
    expect(await error('leadUnitId').innerText()).toBe('必填');
    expect(await error('deadline').innerText()).toBe('请填写完成时限或工作日数');
    expect(await page.evaluate(() => (document.activeElement as any).name)).toBe('workItemId');

    await page.getByLabel('工作事项').selectOption(String(w2.id));
    await page.getByLabel('任务名称', { exact: true }).fill(TITLE);
    await page.getByLabel('牵头单位').selectOption(String(yd.id));
    await page.getByRole('group', { name: '配合单位' }).getByLabel(dx.name).check();
    await page.getByLabel('责任人姓名').fill('王涛');
    await page.getByLabel('开始日期').fill('2023-10-01');
    await page.getByLabel('完成时限').fill('2023-09-30');
    await page.getByLabel('优先级').selectOption('high');
    await page.getByLabel('标签').fill('室分, 覆盖');
    await page.getByRole('button', { name: '创建任务' }).click();
    expect(await error('deadline').innerText()).toBe('完成时限不能早于开始日期');
    // the lead unit cannot also support: its box is disabled
    expect(await page.getByRole('group', { name: '配合单位' }).getByLabel(yd.name).isDisabled()).toBe(true);

    // an error only the API can find (a unit that no longer exists) is shown next to its field, and nothing is saved
    await page.getByLabel('完成时限').fill('2023-12-31');
    await page.evaluate(() => {
      const select = document.querySelector('select[name="leadUnitId"]') as any;
      select.append(new Option('已撤销的单位', '9999'));
      select.value = '9999';
    });
    await page.getByRole('button', { name: '创建任务' }).click();
    await page.locator('[data-field="leadUnitId"] .field-error', { hasText: '单位 9999 不存在' }).waitFor();
    expect(await page.getByLabel('牵头单位').getAttribute('aria-invalid')).toBe('true');
    expect(await error('deadline').isHidden()).toBe(true);
    expect((await t.get('lead', '/api/tasks?pageSize=1')).total).toBe(before);

    await page.getByLabel('牵头单位').selectOption(String(yd.id));
    await screenshot(page, 'task-form');
    await page.getByRole('button', { name: '创建任务' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /任务 W2-\d+ 已创建/ })
      .waitFor();
    await settle(page);
    const id = Number(new URL(page.url()).pathname.split('/')[2]);
    created = await t.get('lead', `/api/tasks/${id}`);
    expect(created).toMatchObject({
      title: TITLE,
      status: 'assigned',
      leadUnit: { id: yd.id },
      supportingUnits: [{ id: dx.id }],
      ownerName: '王涛',
      startDate: '2023-10-01',
      deadline: '2023-12-31',
      priority: 'high',
      tags: ['室分', '覆盖'],
      workItem: { id: w2.id },
    });
    expect(await page.locator('h1').innerText()).toBe(`${created.code} ${TITLE}`);
    const details = await page.locator('section', { has: page.getByRole('heading', { name: '基本信息' }) }).innerText();
    for (const text of ['天水移动', '天水电信', '王涛', '2023-10-01', '2023-12-31', '高'])
      expect(details).toContain(text);
    expect(await page.locator('.status').first().innerText()).toBe('已下达');
  });

  it('edits the task and changes its status, both recorded in its audit trail', async () => {
    const { page } = lead;
    await page.getByRole('link', { name: '编辑任务' }).click();
    await page.getByRole('heading', { level: 1, name: '编辑任务' }).waitFor();
    await settle(page);
    expect(await page.getByLabel('任务名称', { exact: true }).inputValue()).toBe(TITLE);
    await page.getByLabel('完成时限').fill('2024-01-31');
    // the task is assigned: moving its deadline is a re-plan, which the API refuses without a reason
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('[data-field="replanReason"] .field-error:not([hidden])').waitFor();
    expect((await t.get('lead', `/api/tasks/${created.id}`)).deadline).toBe('2023-12-31');
    await page.getByLabel('时限调整理由').fill('室分设备招标推迟');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存' }).waitFor();
    await settle(page);
    expect((await t.get('lead', `/api/tasks/${created.id}`)).deadline).toBe('2024-01-31');

    await page.getByLabel('新状态').selectOption('in_progress');
    await page.getByRole('button', { name: '变更状态' }).click();
    await page.getByRole('status').filter({ hasText: '状态已变更为“推进中”' }).waitFor();
    await settle(page);
    expect((await t.get('lead', `/api/tasks/${created.id}`)).status).toBe('in_progress');

    // blocking needs a reason, asked for before anything is sent
    await page.getByLabel('新状态').selectOption('blocked');
    await page.getByRole('button', { name: '变更状态' }).click();
    expect(await page.locator('[data-field="reason"] .field-error').innerText()).toBe(
      '设为“需协调”或“已取消”时请说明原因',
    );

    const trail = page.locator('section', { has: page.getByRole('heading', { name: '变更记录' }) });
    const text = await trail.innerText();
    expect(text).toContain('创建');
    expect(text).toMatch(/调整完成时限\s+完成时限\s+2023-12-31\s+2024-01-31/);
    expect(text).toContain('室分设备招标推迟');
    const history = page.getByRole('region', { name: '完成时限与延期申请' });
    expect(await history.locator('.extension-replanned').innerText()).toContain('计划调整');
    expect(text).toMatch(/变更状态\s+状态\s+已下达\s+推进中/);
  });

  it('lists the new task, and shows it to the liaison of its lead unit', async () => {
    const { page } = lead;
    await open(browser, page, `/tasks?q=${encodeURIComponent('室内分布')}`);
    expect(await page.locator('.task-table tbody tr').count()).toBe(1);
    expect(await page.locator('.task-table tbody tr').innerText()).toContain(created.code);

    // (a tab in the background is throttled by Chromium: the one in use is brought to the front)
    await liaison.page.bringToFront();
    await signIn(browser, liaison.page, 'liaison');
    await open(browser, liaison.page, '/my-unit');
    const led = liaison.page.locator('section', {
      has: liaison.page.getByRole('heading', { name: '本单位牵头的任务' }),
    });
    expect(await led.locator('tr', { hasText: TITLE }).innerText()).toContain(created.code);
    await lead.page.bringToFront();
  });

  it('draws the plan as a timeline grouped by work item, coloured by grade, with today marked', async () => {
    const { page } = lead;
    await open(browser, page, '/timeline');
    await page.locator('svg.gantt').waitFor();
    const all = await t.get('lead', '/api/tasks?pageSize=500');
    const bars = page.locator('svg.gantt a');
    expect(await bars.count()).toBe(all.items.filter((x: any) => x.deadline).length);
    expect(await page.locator('svg.gantt .today-label').textContent()).toBe('今天 2023-09-20');
    const red = all.items.find((x: any) => x.colour === 'red');
    const redBar = page.locator(`svg.gantt a[href="/tasks/${red.id}"]`);
    expect(await redBar.getAttribute('aria-label')).toContain('红色 · 逾期');
    expect(await redBar.getAttribute('class')).toContain('grade-red');
    const groups = await page.locator('svg.gantt .group-label').allTextContents();
    expect(groups.map((g) => g.split(' ')[0])).toEqual(['W1', 'W2', 'W3', 'W4']);
    // bars are links reachable from the keyboard
    await page.locator(`svg.gantt a[href="/tasks/${created.id}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(`**/tasks/${created.id}`);
    await settle(page);
    await open(browser, page, '/timeline');
    await screenshot(page, 'timeline');
  });

  it('switches every label of the pages to English, and back', async () => {
    const { page } = lead;
    await open(browser, page, '/dashboard');
    const zh = await interfaceTexts(page);
    expect(zh.some((x) => CJK.test(x))).toBe(true);
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await settle(page);
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    const pages = [
      '/dashboard',
      '/tasks',
      `/tasks/${created.id}`,
      `/tasks/${created.id}/edit`,
      '/tasks/new',
      '/timeline',
      `/tasks/${created.id}/report`,
    ];
    for (const path of pages) {
      await open(browser, page, path);
      const texts = await interfaceTexts(page);
      expect(texts.length).toBeGreaterThan(5);
      expect({ path, chinese: texts.filter((x) => CJK.test(x)) }).toEqual({ path, chinese: [] });
    }
    await open(browser, page, '/dashboard');
    await screenshot(page, 'dashboard-en');

    // the liaison's pages (its own tab remembers the language too: it is kept in this browser)
    await liaison.page.bringToFront();
    for (const path of ['/my-unit', '/tasks/new']) {
      await open(browser, liaison.page, path);
      const texts = await interfaceTexts(liaison.page);
      expect({ path, chinese: texts.filter((x) => CJK.test(x)) }).toEqual({ path, chinese: [] });
    }
    expect(await liaison.page.locator('h1').innerText()).toBe('No access');

    // the sign-in page
    const fresh = await browser.page();
    await open(browser, fresh.page, '/signin');
    expect(await fresh.page.locator('h1').innerText()).toBe('Sign in');
    expect((await interfaceTexts(fresh.page)).filter((x) => CJK.test(x))).toEqual([]);
    await fresh.page.close();

    await page.bringToFront();
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.getByRole('heading', { level: 1, name: '工作看板' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('is usable on a phone: the navigation collapses and tables scroll inside the page', async () => {
    const phone = await browser.page(PHONE);
    await signIn(browser, phone.page, 'lead');
    await open(browser, phone.page, '/dashboard');
    const { page } = phone;
    const nav = page.getByRole('navigation', { name: '主导航' });
    expect(await nav.isVisible()).toBe(false);
    const toggle = page.getByRole('button', { name: '菜单' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await nav.isVisible()).toBe(true);
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, 'phone-dashboard');
    await nav.getByRole('link', { name: '工作任务' }).click();
    await page.getByRole('heading', { level: 1, name: '工作任务' }).waitFor();
    await settle(page);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
      table: (document.querySelector('.task-table') as any).scrollWidth,
      wrap: (document.querySelector('.table-wrap') as any).clientWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.table).toBeGreaterThan(widths.wrap);
    await screenshot(page, 'phone-tasks');
    expect(phone.errors).toEqual([]);
    await page.close();
  });
});
