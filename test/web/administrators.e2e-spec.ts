// The administrators' pages in a real browser: the auditor lands on the audit log, sees none of the task force's
// work in the navigation, and checks the hash chain; the security administrator reads the policy and signs a user
// out everywhere. In English the pages have no Chinese left in their labels.
import { startApp, type TestApp } from '../support/app';
import { Browser, CJK, interfaceTexts, open, screenshot, signIn, type TrackedPage } from './support/browser';

describe('web interface: the auditor and the security administrator', () => {
  let t: TestApp;
  let browser: Browser;
  let auditor: TrackedPage;
  let security: TrackedPage;

  beforeAll(async () => {
    t = await startApp();
    browser = await Browser.launch(t.url);
    auditor = await browser.page();
    security = await browser.page();
    await signIn(browser, auditor.page, 'auditor');
    await signIn(browser, security.page, 'security_admin');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(auditor.errors.splice(0)).toEqual([]);
    expect(security.errors.splice(0)).toEqual([]);
  });

  it('takes the auditor to the audit log, where the chain is checked', async () => {
    const { page } = auditor;
    await page.getByRole('heading', { level: 1, name: '审计日志' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/audit');
    expect(await page.locator('#main-nav a').allTextContents()).toEqual(['审计日志']);
    await page.getByRole('button', { name: '开始校验' }).click();
    await page.getByText('校验通过：所有记录与封存时一致，无缺失。').waitFor();
    expect(await page.locator('#audit-chain code').textContent()).toMatch(/^\d+ [0-9a-f]{64}$/);
    await screenshot(page, 'audit-log');
    // the task force's pages are not the auditor's
    await open(browser, page, '/tasks');
    expect(await page.getByRole('heading', { level: 1, name: '工作任务' }).count()).toBe(0);
  });

  it('filters the log by kind: the refused requests', async () => {
    expect((await t.call('liaison', 'GET', '/api/audit')).status).toBe(403);
    const { page } = auditor;
    await open(browser, page, '/audit');
    await page.getByLabel('对象类型').selectOption('access');
    await page.getByRole('button', { name: '显示' }).click();
    await page.waitForURL(/entityType=access/);
    await page.getByRole('cell', { name: 'GET /api/audit', exact: true }).waitFor();
  });

  it('lets the security administrator read the policy and sign a user out everywhere', async () => {
    const viewer = await t.as('viewer');
    const { page } = security;
    await page.getByRole('heading', { level: 1, name: '安全管理' }).waitFor();
    await page.getByText('5 次，锁定 15 分钟').waitFor();
    const row = page.locator('tr', { hasText: 'viewer@tianshui.example.cn' });
    await row.getByRole('button', { name: '强制退出' }).click();
    await page.getByText('周建平已在所有设备上退出登录。').waitFor();
    expect((await t.request('GET', '/api/tasks', { token: viewer })).status).toBe(401);
    await screenshot(page, 'security-admin');
  });

  it('has no Chinese left in the labels of these pages in English', async () => {
    await open(browser, auditor.page, '/');
    // the language is kept for the browser: both pages are in English from here
    await auditor.page.getByRole('button', { name: '切换语言' }).click();
    for (const { page } of [auditor, security]) {
      await open(browser, page, '/');
      await page.getByRole('heading', { level: 1, name: /^(Audit log|Security)$/ }).waitFor();
      expect((await interfaceTexts(page)).filter((x) => CJK.test(x))).toEqual([]);
    }
    await screenshot(auditor.page, 'audit-log-en');
    await screenshot(security.page, 'security-admin-en');
    await security.page.getByRole('button', { name: 'Switch language' }).click();
  });
});
