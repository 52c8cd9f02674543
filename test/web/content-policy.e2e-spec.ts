// The content security policy in a real browser: the Swagger UI draws the API's operations and a bulletin's
// preview opens with no violation reported, and a script added to an HTML document the API serves (a bulletin's
// preview opened on its own) does not run.
import { startApp, type TestApp } from '../support/app';
import { Browser, open, signIn } from './support/browser';

describe('web interface: the content security policy', () => {
  let t: TestApp;
  let browser: Browser;
  let bulletinId: number;

  beforeAll(async () => {
    t = await startApp();
    browser = await Browser.launch(t.url);
    const created = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect(created.status).toBe(201);
    bulletinId = created.body.id;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets the Swagger UI load its scripts and styles and list the operations, with no violation', async () => {
    const { page, errors } = await browser.page();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const res = await page.goto(`${t.url}/api/docs`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.locator('.opblock-summary-path').first().waitFor();
    expect(await page.locator('.opblock-summary-path').count()).toBeGreaterThan(90);
    // the operations open and show their schemas, drawn by the UI's own scripts
    await page
      .locator('.opblock-summary-path', { hasText: /^\/api\/tasks$/ })
      .first()
      .click();
    await page.locator('.opblock-body').first().waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('keeps the pages that show a bulletin preview free of violations', async () => {
    const { page, errors } = await browser.page();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await signIn(browser, page, 'secretariat');
    await open(browser, page, `/bulletins/${bulletinId}`);
    await page.locator('iframe.bulletin-preview').waitFor();
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('runs no script in an HTML document the API serves, whatever its text', async () => {
    const token = await t.as('secretariat');
    const { page } = await browser.page();
    let blocked = false;
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked = true;
    });
    await page.setExtraHTTPHeaders({ authorization: `Bearer ${token}` });
    await page.goto(`${t.url}/api/bulletins/${bulletinId}/preview`);
    // the page itself may run nothing: an inline script added to it is refused by the policy
    const ran = await page.evaluate(() => {
      const g = globalThis as any;
      const s = g.document.createElement('script');
      s.textContent = 'globalThis.ranScript = true';
      g.document.body.appendChild(s);
      return g.ranScript === true;
    });
    expect(ran).toBe(false);
    expect(blocked).toBe(true);
  });
});
