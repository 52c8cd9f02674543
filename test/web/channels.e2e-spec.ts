// Channels in a real browser: a liaison opens 消息渠道 from the navigation, adds its unit's WeCom robot (the list
// shows the address masked), sends a test that a loopback WeCom robot takes, turns the channel off and deletes it,
// and unticks a kind × channel in its preferences, which the API then holds; the office picks another unit. In
// English the page has no Chinese left in its labels.
import { ChannelFakes } from '../support/channel-fakes';
import { startApp, type TestApp } from '../support/app';
import { Browser, CJK, interfaceTexts, open, screenshot, signIn, type TrackedPage } from './support/browser';

const WECOM_KEY = 'web-wecom-key-00000001';

describe('web interface: channels', () => {
  let t: TestApp;
  let fakes: ChannelFakes;
  let browser: Browser;
  let liaison: TrackedPage;
  let office: TrackedPage;

  beforeAll(async () => {
    fakes = await ChannelFakes.start();
    fakes.wecomKeys.add(WECOM_KEY);
    t = await startApp({
      config: { channels: { secretKey: 'ab'.repeat(32), wecom: { baseUrl: fakes.url }, timeoutSeconds: 5 } },
    });
    browser = await Browser.launch(t.url);
    liaison = await browser.page();
    office = await browser.page();
    await signIn(browser, liaison.page, 'liaison');
    await signIn(browser, office.page, 'secretariat');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await fakes?.close();
  });
  afterEach(() => {
    expect(liaison.errors.splice(0)).toEqual([]);
    expect(office.errors.splice(0)).toEqual([]);
  });

  it('lets a liaison add, test, edit, turn off and delete its unit’s WeCom robot, the address masked', async () => {
    const { page } = liaison;
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '消息渠道' }).click();
    await page.getByRole('heading', { level: 1, name: '消息渠道' }).waitFor();
    await page.getByText('尚未设置邮件以外的消息渠道。').waitFor();
    await page.getByLabel('渠道', { exact: true }).selectOption('wecom');
    await page.getByLabel('名称').fill('天水移动工作群');
    await page.getByLabel('地址').fill(`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${WECOM_KEY}`);
    await page.getByLabel('手机号').fill('13800000001');
    await page.getByRole('button', { name: '添加渠道' }).click();
    await page.getByText('消息渠道已添加').waitFor();
    const row = page.locator('tr', { hasText: '天水移动工作群' });
    await row.getByText('https://qyapi.weixin.qq.com/…****0001').waitFor();
    expect(await page.content()).not.toContain(WECOM_KEY);
    await row.getByRole('button', { name: '发送测试消息' }).click();
    await row.getByText('测试消息已送达').waitFor();
    expect(fakes.accepted.map((a) => a.title)).toEqual(['专班工作系统测试消息']);
    await screenshot(page, 'channels');

    // edit: a new name and mobile; the address, left empty, is kept
    await row.getByRole('button', { name: '修改' }).click();
    const edit = page.locator('.channel-edit');
    await edit.getByLabel('名称').fill('天水移动工作群（新）');
    await edit.getByLabel('手机号').fill('13800000002');
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByText('消息渠道已保存').waitFor();
    await page.locator('tr', { hasText: '天水移动工作群（新）' }).getByText('138****0002').waitFor();
    await page
      .locator('tr', { hasText: '天水移动工作群' })
      .getByText('https://qyapi.weixin.qq.com/…****0001')
      .waitFor();

    await page.locator('tr', { hasText: '天水移动工作群' }).getByRole('button', { name: '停用' }).click();
    await page.getByText('消息渠道已停用').waitFor();
    await page
      .getByRole('row', { name: /天水移动工作群/ })
      .getByText('已停用')
      .waitFor();
    const yd = (await t.get('liaison', '/api/auth/me')).unitId;
    expect((await t.get('liaison', `/api/units/${yd}/channels`))[0].enabled).toBe(false);

    page.once('dialog', (d) => void d.accept());
    await page
      .getByRole('row', { name: /天水移动工作群/ })
      .getByRole('button', { name: '删除' })
      .click();
    await page.getByText('消息渠道已删除').waitFor();
    expect(await t.get('liaison', `/api/units/${yd}/channels`)).toEqual([]);
  });

  it('shows the add form’s refusal next to the field', async () => {
    const { page } = liaison;
    await open(browser, page, '/channels');
    await page.getByLabel('渠道', { exact: true }).selectOption('webhook');
    await page.getByLabel('名称').fill('OA');
    await page.getByLabel('地址').fill('not a url');
    await page.getByRole('button', { name: '添加渠道' }).click();
    await page.locator('[data-field="address"] .field-error:not([hidden])').waitFor();
  });

  it('keeps a person’s preferences: an unticked kind × channel stays off', async () => {
    const { page } = liaison;
    await open(browser, page, '/channels');
    const box = page.getByRole('checkbox', { name: '督办催办：钉钉' });
    expect(await box.isChecked()).toBe(true);
    await box.uncheck();
    await page.getByRole('button', { name: '保存偏好' }).click();
    await page.getByText('接收偏好已保存').waitFor();
    const prefs = await t.get('liaison', '/api/me/channel-preferences');
    expect(prefs.preferences.filter((p: { enabled: boolean }) => !p.enabled)).toEqual([
      { kind: 'urging', channel: 'dingtalk', enabled: false },
    ]);
    expect(await page.getByRole('checkbox', { name: '督办催办：钉钉' }).isChecked()).toBe(false);
  });

  it('lets the office choose the unit; in English no Chinese is left in the labels', async () => {
    const { page } = office;
    await open(browser, page, '/channels');
    const units = await t.get('secretariat', '/api/units');
    const qzq = units.find((u: { code: string }) => u.code === 'qzq');
    await page.getByLabel('单位', { exact: true }).selectOption(String(qzq.id));
    await page.waitForURL(new RegExp(`/channels\\?unit=${qzq.id}$`));
    await page.getByRole('button', { name: '添加渠道' }).waitFor();
    await page.getByRole('button', { name: '切换语言' }).click();
    await page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    expect((await interfaceTexts(page)).filter((x) => CJK.test(x))).toEqual([]);
    await screenshot(page, 'channels-en');
    await page.getByRole('button', { name: 'Switch language' }).click();
  });
});
