// Meeting papers (会议材料) in a real browser: the secretariat adds a file on the meeting page and it is listed there,
// as the API lists it; a viewer of the meeting sees no upload.
import { startApp, type TestApp } from '../support/app';
import { Browser, open, screenshot, settle, signIn } from './support/browser';

describe('web interface: meeting papers', () => {
  let t: TestApp;
  let browser: Browser;
  let meetingId: number;

  beforeAll(async () => {
    t = await startApp();
    const meeting = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G建设和应用推进工作专班第三次会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '市工信局三楼会议室',
      unitIds: [1, 3],
    });
    expect(meeting.status).toBe(201);
    meetingId = meeting.body.id;
    browser = await Browser.launch(t.url);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('adds a file to the meeting and lists it, under its Chinese name', async () => {
    const { page, errors } = await browser.page();
    await signIn(browser, page, 'secretariat');
    await open(browser, page, `/meetings/${meetingId}`);
    const card = page.getByRole('region', { name: '会议材料' });
    expect(await card.innerText()).toContain('尚无会议材料。');
    await card.locator('input[type=file]').setInputFiles({
      name: '会商议题说明.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('一、5G基站建设进展\n二、进场难问题\n', 'utf8'),
    });
    await card.getByRole('button', { name: '上传' }).click();
    await page.getByText('附件已上传').waitFor();
    await settle(page);
    const listed = await t.get('secretariat', `/api/meetings/${meetingId}/attachments`);
    expect(listed.map((a: { filename: string }) => a.filename)).toEqual(['会商议题说明.txt']);
    expect(await page.getByRole('region', { name: '会议材料' }).innerText()).toContain('会商议题说明.txt');
    await screenshot(page, 'meeting-papers');
    expect(errors).toEqual([]);
  });
});
