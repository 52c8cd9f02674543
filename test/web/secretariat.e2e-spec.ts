// The secretariat in a real browser: a dispatch round opened through the form with each unit's state as the API
// reports it, a bulletin generated and previewed, a meeting created with its agenda generated, retitled and
// reordered (checked through the API), the agenda downloaded as Word, invitations sent (checked in the outbox),
// a liaison kept out, and the English switch.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { startApp, type TestApp } from '../support/app';
import { Browser, CJK, interfaceTexts, open, screenshot, settle, signIn, type TrackedPage } from './support/browser';

const MEETING = '5G专班第四次会商会';

describe('web interface: the secretariat', () => {
  let t: TestApp;
  let browser: Browser;
  let office: TrackedPage;
  let liaison: TrackedPage;
  let roundId: number;
  let bulletinId: number;
  let meetingId: number;

  beforeAll(async () => {
    t = await startApp({ today: '2023-09-20' });
    browser = await Browser.launch(t.url);
    office = await browser.page();
    liaison = await browser.page();
    // confirmations are accepted
    office.page.on('dialog', (d) => void d.accept());
    await signIn(browser, office.page, 'secretariat');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });
  afterEach(() => {
    expect(office.errors.splice(0)).toEqual([]);
    expect(liaison.errors.splice(0)).toEqual([]);
  });

  it('opens a dispatch round and shows each unit as the API does', async () => {
    const { page } = office;
    await page.locator('#main-nav').getByRole('link', { name: '工作调度' }).click();
    await page.getByRole('heading', { level: 1, name: '工作调度' }).waitFor();
    await settle(page);
    // a due date in the past: the API's field error is shown next to the field
    await page.getByLabel('报送周期').fill('2023-09');
    await page.getByLabel('报送截止日期').fill('2023-09-01');
    await page.getByRole('button', { name: '发起调度', exact: true }).click();
    await page.locator('[data-field="dueDate"] .field-error:not([hidden])').waitFor();
    await page.getByLabel('报送截止日期').fill('2023-09-25');
    await page.getByRole('button', { name: '发起调度', exact: true }).click();
    await page.waitForURL(/\/dispatch\/\d+$/);
    await settle(page);
    roundId = Number(new URL(page.url()).pathname.split('/').pop());
    const round = await t.get('secretariat', `/api/dispatch-rounds/${roundId}`);
    expect(round.period).toBe('2023-09');
    expect(round.units.length).toBeGreaterThan(0);
    const labels: Record<string, string> = {
      reported: '已全部报送',
      partial: '部分报送',
      awaiting: '待报送',
      late: '逾期未报',
      nothing_expected: '无需报送',
    };
    for (const u of round.units) {
      const cells = await page.locator(`tr[data-unit-id="${u.unit.id}"] td`).allInnerTexts();
      expect(cells[1]).toBe(labels[u.state]);
      expect(cells.slice(2).map(Number)).toEqual([u.expected.count, u.received.count, u.missing.count, u.late.count]);
    }
    // per unit, the tasks still missing a report, each unit with a remind action
    const missing = await t.get('secretariat', `/api/dispatch-rounds/${roundId}/missing?pageSize=100`);
    expect(await page.locator('tr[data-missing-unit-id]').count()).toBe(missing.items.length);
    for (const u of missing.items.slice(0, 3)) {
      const row = page.locator(`tr[data-missing-unit-id="${u.unit.id}"]`);
      for (const x of u.missing.tasks.slice(0, 3)) expect(await row.innerText()).toContain(x.code);
      expect(await row.getByRole('button', { name: '催报' }).count()).toBe(1);
    }
    await screenshot(page, 'dispatch-round');

    // who has reported, as a spreadsheet
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出报送情况 .xlsx' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(await download.path());
    const sheet = book.worksheets[0];
    const expectedRows = round.units.reduce((n: number, u: { expected: { count: number } }) => n + u.expected.count, 0);
    expect(sheet.actualRowCount - 1).toBe(expectedRows);
  });

  it('generates a bulletin and shows its preview', async () => {
    const { page } = office;
    await open(browser, page, '/bulletins');
    await page.getByLabel('报送周期').fill('2023-09');
    await page.getByRole('button', { name: '生成草稿' }).click();
    await page.waitForURL(/\/bulletins\/\d+$/);
    await settle(page);
    bulletinId = Number(new URL(page.url()).pathname.split('/').pop());
    const frame = page.frameLocator('iframe.bulletin-preview');
    await frame.locator('body').waitFor();
    expect(await frame.locator('body').innerText()).toContain('第1期');
    expect(await page.locator('iframe.bulletin-preview').getAttribute('sandbox')).toBe('');
    await screenshot(page, 'bulletin-preview');
  });

  it('creates a meeting, generates, retitles and reorders its agenda, downloads it and sends invitations', async () => {
    const { page } = office;
    await open(browser, page, '/meetings');
    await page.getByRole('link', { name: '新建会商会' }).click();
    await page.getByLabel('会议名称').waitFor();
    await settle(page);
    await page.getByLabel('会议名称').fill(MEETING);
    await page.getByLabel('开始时间').fill('2023-09-28T09:30');
    await page.getByLabel('结束时间').fill('2023-09-28T11:30');
    await page.getByLabel('地点').fill('市工信局三楼会议室');
    const units = await t.get('secretariat', '/api/units');
    for (const u of units.slice(0, 3)) await page.getByLabel(u.name, { exact: true }).check();
    await page.getByRole('button', { name: '创建会商会' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await settle(page);
    meetingId = Number(new URL(page.url()).pathname.split('/').pop());
    const created = await t.get('secretariat', `/api/meetings/${meetingId}`);
    expect(created.title).toBe(MEETING);
    expect(new Date(created.startsAt).toISOString()).toBe('2023-09-28T01:30:00.000Z');
    expect(created.units.map((u: any) => u.id)).toEqual(units.slice(0, 3).map((u: any) => u.id));

    await page.getByLabel('数据截止日期').fill('2023-09-20');
    await page.getByRole('button', { name: '生成议程' }).click();
    await page.locator('.agenda-item').first().waitFor();
    await settle(page);
    let meeting = await t.get('secretariat', `/api/meetings/${meetingId}`);
    const before = meeting.agenda.filter((i: any) => !i.removed);
    expect(before.length).toBeGreaterThan(1);
    expect(await page.locator('.agenda-item').count()).toBe(before.length);

    // retitle the second item inline
    const second = page.locator(`[data-item-id="${before[1].id}"]`);
    await second.getByRole('button', { name: '修改标题' }).click();
    await second.getByLabel('议题标题').fill('研究5G基站进场难问题');
    await second.getByRole('button', { name: '保存' }).click();
    await page.locator(`[data-item-id="${before[1].id}"] .agenda-title`).getByText('研究5G基站进场难问题').waitFor();
    await settle(page);

    // move it up with the keyboard: it becomes the first item
    await page.locator(`[data-item-id="${before[1].id}"] .move-up`).focus();
    await page.keyboard.press('Enter');
    await page
      .locator('.agenda-item')
      .first()
      .and(page.locator(`[data-item-id="${before[1].id}"]`))
      .waitFor();
    await settle(page);
    meeting = await t.get('secretariat', `/api/meetings/${meetingId}`);
    const after = meeting.agenda.filter((i: any) => !i.removed);
    expect(after.map((i: any) => i.id)).toEqual([before[1].id, before[0].id, ...before.slice(2).map((i: any) => i.id)]);
    expect(after[0].title).toBe('研究5G基站进场难问题');
    await screenshot(page, 'meeting-agenda');

    // the agenda as Word
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载议程（Word）' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.docx$/);
    const zip = await JSZip.loadAsync(readFileSync(await download.path()));
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain(MEETING);
    expect(xml).toContain('研究5G基站进场难问题');

    // invitations
    await page.getByRole('button', { name: '发送会议通知' }).click();
    await page.getByText('会议通知已发送').waitFor();
    await settle(page);
    const outbox = await t.get('secretariat', '/api/outbox?kind=meeting.invitation');
    const messages = outbox.items ?? outbox;
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m: any) => m.kind === 'meeting.invitation')).toBe(true);
  });

  it('marks a meeting held, records its minutes and turns a decision into a task', async () => {
    const { page } = office;
    const units = await t.get('secretariat', '/api/units');
    const held = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G专班第三次会商会',
      startsAt: '2023-09-19T09:30:00+08:00',
      endsAt: '2023-09-19T11:00:00+08:00',
      place: '市工信局三楼会议室',
      unitIds: [units[0].id, units[1].id],
      attendees: [{ name: '王主任', unitId: units[0].id }],
    });
    expect(held.status).toBe(201);
    const item = await t.call('secretariat', 'POST', `/api/meetings/${held.body.id}/agenda/items`, {
      title: '研究基站进场问题',
      minutes: 20,
    });
    expect(item.status).toBe(201);
    await open(browser, page, `/meetings/${held.body.id}`);
    await page.getByRole('button', { name: '标记为已召开' }).click();
    await page.getByRole('heading', { level: 2, name: '会议纪要' }).waitFor();
    await settle(page);

    await page.getByLabel('纪要正文').fill('会议听取了各单位汇报。');
    await page.getByLabel('第1项记录').fill('秦州区牵头协调基站进场。');
    await page.getByLabel(/王主任/).check();
    await page.getByRole('button', { name: '保存纪要' }).click();
    await page.getByText('纪要已保存').waitFor();
    await settle(page);
    let meeting = await t.get('secretariat', `/api/meetings/${held.body.id}`);
    expect(meeting.status).toBe('held');
    expect(meeting.minutes).toBe('会议听取了各单位汇报。');
    expect(meeting.agenda[0].notes).toBe('秦州区牵头协调基站进场。');
    expect(meeting.attendees[0].present).toBe(true);

    await page.getByLabel('议定内容').fill('10月底前完成主城区基站进场协调');
    await page.getByLabel('牵头单位').selectOption(String(units[0].id));
    await page.getByLabel('完成时限').fill('2023-10-31');
    await page.getByRole('button', { name: '记录', exact: true }).click();
    await page.getByText('议定事项已记录').waitFor();
    await settle(page);
    const workItems = await t.get('secretariat', '/api/work-items');
    await page.getByLabel('所属工作事项').selectOption(String(workItems[0].id));
    await page.getByRole('button', { name: '转为任务' }).click();
    await page.getByText('已转为任务').waitFor();
    await settle(page);
    meeting = await t.get('secretariat', `/api/meetings/${held.body.id}`);
    const taskId = meeting.decisions[0].taskId;
    expect(taskId).toEqual(expect.any(Number));
    expect(await page.locator(`.decision a[href="/tasks/${taskId}"]`).count()).toBe(1);
    await screenshot(page, 'meeting-minutes');
  });

  it('keeps a liaison out of these pages', async () => {
    const { page } = liaison;
    await signIn(browser, page, 'liaison');
    expect(await page.locator('#main-nav').getByRole('link', { name: '会商会' }).count()).toBe(0);
    for (const path of ['/meetings/new', '/dispatch']) {
      await open(browser, page, path);
      await page.getByRole('heading', { level: 1, name: '无权访问' }).waitFor();
    }
  });

  it('shows these pages in English with no Chinese in their labels', async () => {
    const { page } = office;
    await page.bringToFront();
    await open(browser, page, '/dispatch');
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dispatch rounds' }).waitFor();
    await settle(page);
    const paths = [
      '/dispatch',
      `/dispatch/${roundId}`,
      '/bulletins',
      `/bulletins/${bulletinId}`,
      '/meetings',
      '/meetings/new',
      `/meetings/${meetingId}`,
    ];
    for (const path of paths) {
      await open(browser, page, path);
      const texts = await interfaceTexts(page);
      expect(texts.length).toBeGreaterThan(5);
      expect({ path, chinese: texts.filter((x) => CJK.test(x)) }).toEqual({ path, chinese: [] });
    }
    await screenshot(page, 'meeting-en');
    await page.getByRole('button', { name: 'Switch language' }).click();
    await page.getByRole('heading', { level: 1 }).first().waitFor();
  });
});
