// Drives Debian's Chromium through playwright-core for the web interface's tests: headless, a fresh profile per
// run, console errors and uncaught exceptions collected per page, screenshots to test-output/screenshots/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DEMO_PASSWORDS } from '../../support/app';

// The browser's globals, for the functions run inside the page by page.evaluate.
declare const document: any;
declare const getComputedStyle: any;

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve(__dirname, '../../../test-output/screenshots');

export const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const LAPTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Any of the CJK ideographs or CJK punctuation. */
export const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]/;

export interface TrackedPage {
  page: Page;
  /** Console errors and uncaught exceptions, except failed requests the test expects (a 403 it provoked). */
  errors: string[];
}

export class Browser {
  private constructor(
    readonly context: BrowserContext,
    private readonly profile: string,
    readonly baseUrl: string,
  ) {}

  static async launch(baseUrl: string): Promise<Browser> {
    const profile = mkdtempSync(join(tmpdir(), 'zhuanban-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: LAUNCH_ARGS,
      viewport: LAPTOP,
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    context.setDefaultTimeout(10_000);
    return new Browser(context, profile, baseUrl);
  }

  /** A new tab: each tab keeps its own sign-in (the token lives in sessionStorage). */
  async page(viewport = LAPTOP): Promise<TrackedPage> {
    const page = await this.context.newPage();
    await page.setViewportSize(viewport);
    const errors: string[] = [];
    page.on('console', (m) => {
      if (
        m.type() === 'error' &&
        !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())
      )
        errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`${e.name}: ${e.message}`));
    return { page, errors };
  }

  async close(): Promise<void> {
    await this.context.close();
    rmSync(this.profile, { recursive: true, force: true });
  }
}

/** Signs in through the form as one of the demo users and waits for the home page. */
export async function signIn(browser: Browser, page: Page, who: keyof typeof DEMO_PASSWORDS): Promise<void> {
  const [email, password] = DEMO_PASSWORDS[who];
  await page.goto(`${browser.baseUrl}/signin`);
  await page.getByLabel(/电子邮箱|Email/).fill(email);
  await page.getByLabel(/^(密码|Password)/).fill(password);
  await page.getByRole('button', { name: /^(登录|Sign in)$/ }).click();
  await page.locator('.topbar .who').waitFor();
  await settle(page);
}

/** Waits until the page has finished loading its data (no loading line, no request in flight). */
export async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').waitFor({ state: 'detached' });
}

/** Goes to a path inside the app by typing it into the address bar (a full load). */
export async function open(browser: Browser, page: Page, path: string): Promise<void> {
  await page.goto(browser.baseUrl + path);
  await settle(page);
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * The visible text of the interface's own words on the page: navigation, headings, labels, legends, buttons,
 * table headers and badges, leaving out data (marked translate="no": names, titles) and the language switch.
 */
export async function interfaceTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector =
      'nav, h1, h2, h3, label, legend, button, th[scope="col"], summary, .status, .grade, .flag, .tile-label, .hint, .lead-text, .muted';
    const texts: string[] = [];
    for (const el of Array.from<any>(document.querySelectorAll(selector))) {
      if (!el.offsetParent && getComputedStyle(el).position !== 'fixed') continue;
      const copy = el.cloneNode(true) as any;
      copy.querySelectorAll('[translate="no"], .visually-hidden, option').forEach((n: any) => n.remove());
      if (copy.getAttribute('translate') === 'no') continue;
      const text = (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text) texts.push(text);
    }
    return texts;
  });
}

/** The fonts Chromium used to draw an element's text (from the DevTools protocol), e.g. ["Noto Sans CJK SC"]. */
export async function renderedFonts(page: Page, selector: string): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    return fonts.map((f) => f.familyName);
  } finally {
    await cdp.detach();
  }
}
