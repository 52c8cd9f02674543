// The viewer in a real browser reads what the API lets it read: the sent bulletins (not the drafts), each with its
// preview and Word document, without the forms and buttons of those who issue them.
import { startApp, type TestApp } from '../support/app';
import { Browser, open, screenshot, signIn } from './support/browser';

describe('web interface: the viewer reads bulletins', () => {
  let t: TestApp;
  let browser: Browser;
  let sent: number;
  let draft: number;

  beforeAll(async () => {
    t = await startApp();
    const first = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-08' });
    expect((await t.call('secretariat', 'POST', `/api/bulletins/${first.body.id}/send`)).status).toBe(200);
    const second = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    [sent, draft] = [first.body.id, second.body.id];
    browser = await Browser.launch(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lists the sent bulletins only, and opens one without the send button', async () => {
    const { page, errors } = await browser.page();
    await signIn(browser, page, 'viewer');
    await page.locator('#main-nav').getByRole('link', { name: '工作通报' }).click();
    await page.getByRole('heading', { level: 1, name: '工作通报' }).waitFor();
    await page.getByRole('table').waitFor();
    expect(await page.getByRole('button', { name: '生成草稿' }).count()).toBe(0);
    const links = await page
      .locator(`table a[href^="/bulletins/"]`)
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([`/bulletins/${sent}`]);
    await page.locator(`a[href="/bulletins/${sent}"]`).click();
    await page.locator('iframe.bulletin-preview').waitFor();
    expect(await page.getByRole('button', { name: '下载 Word 文档' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: '印发' }).count()).toBe(0);
    await screenshot(page, 'viewer-bulletin');
    await open(browser, page, `/bulletins/${draft}`);
    expect(await page.locator('h1').innerText()).toBe('无权访问');
    expect(errors).toEqual([]);
  });
});
