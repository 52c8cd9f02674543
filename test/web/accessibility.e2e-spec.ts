// Accessibility: axe-core on every main page of each role, in Chinese and in English, finds no serious or critical
// violation (names of controls and progress bars, contrast, landmarks, the language of the page).
import { startApp, type TestApp } from '../support/app';
import { seriousViolations } from './support/axe';
import { Browser, open, signIn } from './support/browser';

describe('web interface: accessibility (axe-core)', () => {
  let t: TestApp;
  let browser: Browser;
  let ids: { task: number; round: number; bulletin: number; meeting: number };

  beforeAll(async () => {
    t = await startApp();
    const tasks = await t.get('lead', '/api/tasks?q=W2-2');
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    await t.call('secretariat', 'POST', `/api/bulletins/${bulletin.body.id}/send`);
    const meeting = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G建设和应用推进工作专班第三次会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '市工信局三楼会议室',
      unitIds: [1, 3],
    });
    ids = { task: tasks.items[0].id, round: round.body.id, bulletin: bulletin.body.id, meeting: meeting.body.id };
    browser = await Browser.launch(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const PAGES: Record<string, (i: typeof ids) => string[]> = {
    lead: (i) => [
      '/work',
      '/dashboard',
      '/tasks',
      `/tasks/${i.task}`,
      '/timeline',
      '/tasks/new',
      '/requests',
      '/reviews',
    ],
    secretariat: (i) => [
      '/dispatch',
      `/dispatch/${i.round}`,
      '/bulletins',
      `/bulletins/${i.bulletin}`,
      '/meetings',
      `/meetings/${i.meeting}`,
      '/meetings/new',
      '/import/tasks',
    ],
    liaison: (i) => ['/work', '/my-unit', `/tasks/${i.task}`, `/tasks/${i.task}/report`],
    viewer: () => ['/dashboard', '/bulletins'],
    auditor: () => ['/audit'],
    security_admin: () => ['/security'],
  };

  for (const [who, paths] of Object.entries(PAGES)) {
    it(`finds no serious violation on the ${who}'s pages, in Chinese and in English`, async () => {
      const { page } = await browser.page();
      await page.bringToFront();
      await signIn(browser, page, who as never);
      const found: Record<string, unknown> = {};
      for (const lang of ['zh-CN', 'en']) {
        await page.evaluate((l) => (globalThis as any).localStorage.setItem('zb.lang', l), lang);
        for (const path of paths(ids)) {
          await open(browser, page, path);
          const problems = await seriousViolations(page);
          if (problems.length) found[`${lang} ${path}`] = problems;
        }
      }
      expect(found).toEqual({});
      await page.close();
    });
  }
});
