// The dashboard in a real browser with the clock in a year the working-day calendar has no data for: the notice
// stands above the figures, says what the API says in the reader's language, and is left out once the year is
// given by an extra-calendar file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkingDaysService } from '../../src/calendar/working-days.service';
import { loadConfig } from '../../src/config/config';
import { startApp, tempDir, type TestApp } from '../support/app';
import { Browser, open, screenshot, signIn } from './support/browser';

const YEAR = Math.max(...new WorkingDaysService(loadConfig({})).years()) + 1;
const TODAY = `${YEAR}-03-10`;

describe('web interface: a year without calendar data on the dashboard', () => {
  let t: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    t = await startApp({ today: TODAY });
    browser = await Browser.launch(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows the warning as a notice before the figures, in Chinese and in English', async () => {
    const { page, errors } = await browser.page();
    await signIn(browser, page, 'lead');
    await open(browser, page, '/dashboard');
    const [warning] = (await t.get('lead', '/api/dashboard')).calendarWarnings;
    expect(warning.year).toBe(YEAR);
    const notice = page.getByRole('note', { name: '工作日历缺少数据' });
    expect(await notice.innerText()).toBe(warning.message);
    // above the summary tiles, where it is read first
    const before = await page.evaluate(() => {
      const doc = (globalThis as any).document;
      const n = doc.querySelector('.notice-warning');
      const tiles = doc.querySelector('.tiles');
      return !!(n.compareDocumentPosition(tiles) & 4);
    });
    expect(before).toBe(true);
    await screenshot(page, 'dashboard-calendar-notice');

    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await open(browser, page, '/dashboard');
    expect(await page.getByRole('note', { name: 'Working-day calendar missing' }).innerText()).toBe(warning.messageEn);
    await screenshot(page, 'dashboard-calendar-notice-en');
    expect(errors).toEqual([]);
  });

  it('shows no notice once an extra-calendar file gives the year', async () => {
    const file = join(tempDir(), 'calendar-extra.json');
    writeFileSync(file, JSON.stringify({ years: [YEAR], holidays: [`${YEAR}-01-01`], workdays: [] }));
    const covered = await startApp({ today: TODAY, config: { calendar: { extraFile: file } } });
    const other = await Browser.launch(covered.url);
    try {
      const { page, errors } = await other.page();
      await signIn(other, page, 'lead');
      await open(other, page, '/dashboard');
      await page.locator('.tiles').waitFor();
      expect(await page.locator('.notice-warning').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await other.close();
      await covered.close();
    }
  });
});
