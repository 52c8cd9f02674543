// 待办 in a real browser: the lead and the liaison land on their work after signing in, each card counts what the
// API counts and links to where it is done, the navigation shows the total beside 待办, the viewer (who decides
// nothing) lands on the dashboard without the link; in English the page has no Chinese left in its labels; on a
// phone the cards stack in one column.
import { startApp, type TestApp } from '../support/app';
import { Browser, CJK, interfaceTexts, open, PHONE, screenshot, settle, signIn } from './support/browser';

describe('web interface: my work (待办)', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startApp();
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    expect(round.status).toBe(201);
    browser = await Browser.launch(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it("is the lead's home page, counting what the API counts, with the total in the navigation", async () => {
    const { page, errors } = await browser.page();
    await signIn(browser, page, 'lead');
    expect(new URL(page.url()).pathname).toBe('/work');
    await page.getByRole('heading', { level: 1, name: '我的待办' }).waitFor();
    const work = await t.get('lead', '/api/my-work');
    expect(work.total).toBeGreaterThan(0);
    const closing = work.sections.find((s: { kind: string }) => s.kind === 'closing');
    const card = page.getByRole('region', { name: /待审批的办结申请/ });
    expect(await card.locator('.count-badge').innerText()).toBe(String(closing.count));
    expect(await card.locator('.work-item').count()).toBe(closing.items.length);
    const badge = page.locator('#main-nav').getByRole('link', { name: /待办/ }).locator('.count-badge');
    await badge.waitFor();
    expect(await badge.innerText()).toBe(String(work.total));
    await screenshot(page, 'work-lead');
    await card.locator('.work-item a').first().click();
    await page.waitForURL(`**${closing.items[0].href}`);
    await settle(page);
    expect(await page.locator('h1').innerText()).toContain(closing.items[0].code);
    expect(errors).toEqual([]);
  });

  it("is the liaison's home page with its unit's reports the round asks for", async () => {
    const { page, errors } = await browser.page();
    await page.bringToFront();
    await signIn(browser, page, 'liaison');
    expect(new URL(page.url()).pathname).toBe('/work');
    const work = await t.get('liaison', '/api/my-work');
    const due = work.sections.find((s: { kind: string }) => s.kind === 'toReport');
    expect(due.count).toBeGreaterThan(0);
    const card = page.getByRole('region', { name: /本单位待报送的任务/ });
    expect(await card.locator('.count-badge').innerText()).toBe(String(due.count));
    expect(await card.locator('.work-item a').first().getAttribute('href')).toBe(due.items[0].href);
    expect(await card.innerText()).toContain('2023-09-25 前报送');
    expect(errors).toEqual([]);
  });

  it('sends the viewer to the dashboard, with no 待办 in the navigation', async () => {
    const { page, errors } = await browser.page();
    await page.bringToFront();
    await signIn(browser, page, 'viewer');
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    expect(await page.locator('#main-nav').getByRole('link', { name: /待办/ }).count()).toBe(0);
    await open(browser, page, '/work');
    expect(await page.locator('h1').innerText()).toBe('无权访问');
    expect(errors).toEqual([]);
  });

  it('reads in English, and stacks its cards on a phone', async () => {
    const { page, errors } = await browser.page(PHONE);
    await page.bringToFront();
    await signIn(browser, page, 'secretariat');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { level: 1, name: 'My work' }).waitFor();
    await settle(page);
    const texts = await interfaceTexts(page);
    expect(texts.filter((x) => CJK.test(x))).toEqual([]);
    const widths = await page.evaluate(() => {
      const g = globalThis as any;
      return {
        page: g.document.documentElement.scrollWidth,
        view: g.innerWidth,
        columns: g.getComputedStyle(g.document.querySelector('.work-grid')).gridTemplateColumns.split(' ').length,
      };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.view);
    expect(widths.columns).toBe(1);
    await screenshot(page, 'work-secretariat-phone-en');
    expect(errors).toEqual([]);
  });
});
