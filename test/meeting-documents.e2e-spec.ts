// The documents and mail of consultation meetings over real HTTP on the demo plan (today 2023-09-20, a Wednesday):
// the agenda as a Word meeting notice, Markdown and HTML in Chinese and English, the iCalendar invitation read back
// with a calendar library, invitations, updates and cancellations delivered to a loopback SMTP server, the minutes
// and each unit's reminder letter after a held meeting, the command line, who may read what, and bad input.
import ICAL from 'ical.js';
import JSZip from 'jszip';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runCli } from '../src/cli';
import { MailSender } from '../src/mail/mail-sender';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { startApp, tempDir, type TestApp } from './support/app';
import { smtpConfig, startSmtp, type ReceivedMessage, type TestSmtpServer } from './support/smtp';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const TITLE = '5G建设和应用推进工作专班第三次会商会';
const MANUAL_ITEM = '研究5G基站进场难问题';

function outbox(t: TestApp) {
  return t.app.get(DataSource).getRepository(OutboxMessage);
}

async function unitIdOf(t: TestApp, code: string): Promise<number> {
  const unit = (await t.get('admin', '/api/units')).find((u: { code: string }) => u.code === code);
  if (!unit) throw new Error(`unit ${code} not found`);
  return unit.id;
}

/** GET a document as a user, with the body as bytes. */
async function download(t: TestApp, who: string, path: string) {
  const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${await t.as(who)}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

async function documentXml(content: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(content);
  return (await zip.file('word/document.xml')?.async('string')) as string;
}

/** The visible text of a Word document: its runs joined, paragraph by paragraph. */
function wordText(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

function filenameOf(disposition: string | null): string {
  const m = /filename\*=UTF-8''([^;]+)/.exec(disposition ?? '');
  return m ? decodeURIComponent(m[1]) : '';
}

interface ParsedIcs {
  method: string;
  event: ICAL.Event;
  vevents: number;
  vtimezones: ICAL.Component[];
  raw: string;
}

function parseIcs(text: string): ParsedIcs {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const vtimezones = calendar.getAllSubcomponents('vtimezone');
  for (const tz of vtimezones) ICAL.TimezoneService.register(tz);
  const vevents = calendar.getAllSubcomponents('vevent');
  return {
    method: String(calendar.getFirstPropertyValue('method')),
    event: new ICAL.Event(vevents[0]),
    vevents: vevents.length,
    vtimezones,
    raw: text,
  };
}

function icsOf(message: ReceivedMessage): { content: string; contentType: string; filename: string } {
  const a = message.attachments.find((x) => x.contentType === 'text/calendar');
  if (!a) throw new Error(`no .ics in "${message.subject}"`);
  return { content: a.content.toString('utf8'), contentType: a.contentType, filename: a.filename ?? '' };
}

const sentTo = (messages: ReceivedMessage[], address: string) =>
  messages.filter((m) => m.envelope.to.includes(address) || m.to.includes(address));

describe('the documents and mail of a consultation meeting', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let units: Record<string, number>;
  let meeting: any;
  let firstItemTitle: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({ config: smtpConfig(smtp.port) });
    units = {};
    for (const code of ['gxj', 'yd', 'qzq', 'dx', 'lt']) units[code] = await unitIdOf(t, code);
    const created = await t.call('secretariat', 'POST', '/api/meetings', {
      title: TITLE,
      titleEn: 'Third Consultation Meeting of the 5G Task Force',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '市工信局三楼会议室',
      conveningUnitId: units.gxj,
      convenerName: '李明华',
      unitIds: [units.gxj, units.yd, units.dx],
      attendees: [
        { unitId: units.yd, name: '王涛', position: '联络员', email: 'liaison.yd@tianshui.example.cn' },
        { unitId: units.dx, name: '孙丽', position: '副总经理', email: 'sun.li@dx.example.cn' },
        { name: '张建国', position: '市政府副秘书长', email: 'zhang.jg@tianshui.example.cn' },
      ],
    });
    expect(created.status).toBe(201);
    const generated = await t.call('secretariat', 'POST', `/api/meetings/${created.body.id}/agenda/generate`, {
      asOf: '2023-09-20',
    });
    expect(generated.status).toBe(200);
    const added = await t.call('secretariat', 'POST', `/api/meetings/${created.body.id}/agenda/items`, {
      title: MANUAL_ITEM,
      titleEn: 'Access of 5G base stations to sites',
      leadUnitId: units.yd,
      presenter: '王涛',
      minutes: 15,
    });
    expect(added.status).toBe(201);
    meeting = await t.get('secretariat', `/api/meetings/${created.body.id}`);
    firstItemTitle = meeting.agenda[0].title;
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('has an agenda with generated items and the manual one, in order', () => {
    expect(meeting.agenda.length).toBeGreaterThan(1);
    expect(meeting.agenda.map((i: { title: string }) => i.title)).toContain(MANUAL_ITEM);
  });

  it('writes the agenda as a Word meeting notice: title, Shanghai time, units, numbered items and their table', async () => {
    const res = await download(t, 'secretariat', `/api/meetings/${meeting.id}/agenda.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(DOCX);
    const disposition = res.headers.get('content-disposition');
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+\.docx"; filename\*=UTF-8''/);
    expect(filenameOf(disposition)).toBe('会商会议议程-2023-09-28.docx');

    const xml = await documentXml(res.body);
    const text = wordText(xml);
    expect(text).toContain(`关于召开${TITLE}的通知`);
    // 09:30 in Shanghai on Thursday 28 September, whatever the server's own zone
    expect(text).toContain('时间：2023年9月28日（星期四）上午9:30—11:30');
    expect(text).toContain('地点：市工信局三楼会议室');
    expect(text).toContain('召集单位：天水市工业和信息化局');
    expect(text).toContain('召集人：李明华');
    expect(text).toContain('参会单位：天水市工业和信息化局、天水电信、天水移动');
    expect(text).toContain('王涛（天水移动 联络员）');
    expect(text).toContain(`一、${firstItemTitle}`);
    // One numbered item per matter, printed once (no second list as a table), with its lead unit, presenter and time.
    // The manual item comes after the generated ones; a task that several rules bring is one item.
    expect(text).toMatch(
      new RegExp(
        `[一二三四五六七八九十]+、${MANUAL_ITEM}\\n牵头单位：天水移动；汇报人：王涛；时长：15分钟（\\d\\d:\\d\\d–\\d\\d:\\d\\d）`,
      ),
    );
    expect(text.split(MANUAL_ITEM).length - 1).toBe(1);
    expect(text).not.toContain('序号');
    expect(text).toMatch(/天水市5G建设和应用推进工作专班办公室\n2023年9月20日/);
    // the office faces declared for Chinese
    expect(xml).toMatch(/w:eastAsia="仿宋_GB2312"/);
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"/);
  });

  it('writes the agenda in English with English labels', async () => {
    const res = await download(t, 'secretariat', `/api/meetings/${meeting.id}/agenda.docx?lang=en`);
    expect(res.status).toBe(200);
    expect(filenameOf(res.headers.get('content-disposition'))).toBe('meeting-agenda-2023-09-28.docx');
    const text = wordText(await documentXml(res.body));
    expect(text).toContain('Notice of the Third Consultation Meeting of the 5G Task Force');
    expect(text).toContain('Time: Thursday 28 September 2023, 09:30–11:30 (UTC+8)');
    expect(text).toContain('Convening unit: Tianshui Municipal Bureau of Industry and Information Technology');
    expect(text).toContain('China Mobile Tianshui Branch');
    expect(text).toContain('Agenda');
    expect(text).toMatch(/\n1\. /);
    expect(text).toMatch(
      /\d+\. Access of 5G base stations to sites\nLead unit: China Mobile Tianshui Branch; presenter: 王涛; time: 15 min/,
    );
    expect(text).not.toContain('牵头单位');
  });

  it('writes the agenda as Markdown and HTML with the numbered items', async () => {
    const md = await download(t, 'viewer', `/api/meetings/${meeting.id}/agenda.md`);
    expect(md.status).toBe(200);
    expect(md.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(filenameOf(md.headers.get('content-disposition'))).toBe('会商会议议程-2023-09-28.md');
    const mdText = md.body.toString('utf8');
    expect(mdText).toContain(`# 关于召开${TITLE}的通知`);
    expect(mdText).toContain('**时间：**2023年9月28日（星期四）上午9:30—11:30');
    expect(mdText).toContain(`**一、${firstItemTitle}**`);
    expect(mdText).toContain(`| ${MANUAL_ITEM} | 天水移动 | 王涛 | 15分钟 |`);

    const html = await download(t, 'viewer', `/api/meetings/${meeting.id}/agenda.html`);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const page = html.body.toString('utf8');
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain(`一、${firstItemTitle}`);
    expect(page).toContain(`data-agenda-item-id="${meeting.agenda[0].id}"`);
    expect(page).toMatch(/font-family: 'FangSong'/);

    const en = (await download(t, 'viewer', `/api/meetings/${meeting.id}/agenda.md?lang=en`)).body.toString('utf8');
    expect(en).toContain('**1. ');
    expect(en).toContain('## Agenda');
  });

  it('writes the invitation as an iCalendar event at 09:30 in Asia/Shanghai, with its VTIMEZONE, UID and SEQUENCE', async () => {
    const res = await download(t, 'secretariat', `/api/meetings/${meeting.id}/invitation.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(filenameOf(res.headers.get('content-disposition'))).toBe('会商会议邀请-2023-09-28.ics');
    const ics = parseIcs(res.body.toString('utf8'));
    expect(ics.method).toBe('REQUEST');
    expect(ics.vevents).toBe(1);
    expect(ics.vtimezones.map((z) => z.getFirstPropertyValue('tzid'))).toEqual(['Asia/Shanghai']);
    const dtstart = ics.event.component.getFirstProperty('dtstart');
    expect(dtstart?.getParameter('tzid')).toBe('Asia/Shanghai');
    expect(ics.event.startDate.toString()).toBe('2023-09-28T09:30:00');
    expect(ics.event.startDate.toJSDate().toISOString()).toBe('2023-09-28T01:30:00.000Z');
    expect(ics.event.endDate.toJSDate().toISOString()).toBe('2023-09-28T03:30:00.000Z');
    expect(ics.event.uid).toBe(`meeting-${meeting.id}@zhuanban`);
    expect(ics.event.sequence).toBe(0);
    expect(ics.event.summary).toBe(TITLE);
    expect(ics.event.location).toBe('市工信局三楼会议室');
    expect(ics.event.description).toContain(`1. ${firstItemTitle}`);
    expect(ics.event.description).toContain(MANUAL_ITEM);
    expect(String(ics.event.component.getFirstPropertyValue('organizer'))).toBe('mailto:zhuanban@tianshui.example.cn');
    const attendees = ics.event.attendees.map((a) => String(a.getFirstValue()).toLowerCase());
    expect(attendees).toEqual(
      expect.arrayContaining([
        'mailto:gxj@tianshui.example.cn',
        'mailto:yd@tianshui.example.cn',
        'mailto:dx@tianshui.example.cn',
        'mailto:sun.li@dx.example.cn',
        'mailto:zhang.jg@tianshui.example.cn',
      ]),
    );
    expect(ics.raw).toMatch(/DTSTAMP:\d{8}T\d{6}Z/);
  });

  it('refuses a language it does not write, naming lang', async () => {
    for (const path of ['agenda.docx', 'minutes.md', 'invitation.ics']) {
      const res = await t.call('secretariat', 'GET', `/api/meetings/${meeting.id}/${path}?lang=fr`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['lang']);
    }
  });

  it('lets whoever may read the meeting read its documents, and no one else', async () => {
    // 秦州区 does not attend: its liaison gets 403; 天水移动 attends
    for (const path of ['agenda.docx', 'agenda.md', 'agenda.html', 'minutes.docx', 'minutes.html', 'invitation.ics']) {
      expect((await t.call('liaison2', 'GET', `/api/meetings/${meeting.id}/${path}`)).status).toBe(403);
      expect((await download(t, 'liaison', `/api/meetings/${meeting.id}/${path}`)).status).toBe(200);
      expect((await download(t, 'viewer', `/api/meetings/${meeting.id}/${path}`)).status).toBe(200);
    }
    expect((await t.request('GET', `/api/meetings/${meeting.id}/agenda.docx`)).status).toBe(401);
    expect((await t.call('secretariat', 'GET', '/api/meetings/999999/agenda.docx')).status).toBe(404);
    const bad = await t.call('secretariat', 'GET', '/api/meetings/abc/agenda.docx');
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].field).toBe('id');
  });

  it('only the secretariat and the leads send invitations and minutes', async () => {
    for (const who of ['liaison', 'viewer', 'admin']) {
      expect((await t.call(who, 'POST', `/api/meetings/${meeting.id}/invitations`)).status).toBe(403);
      expect((await t.call(who, 'POST', `/api/meetings/${meeting.id}/minutes/send`)).status).toBe(403);
    }
    expect(await outbox(t).countBy({ kind: 'meeting.invitation' })).toBe(0);
  });

  it('sends the invitation to each attending unit and each invited person, with the .ics and Chinese intact', async () => {
    smtp.reset();
    const res = await t.call('secretariat', 'POST', `/api/meetings/${meeting.id}/invitations`);
    expect(res.status).toBe(200);
    // three units, and the two people whose address no unit message reaches (王涛 is 天水移动's liaison)
    expect(res.body).toMatchObject({ meetingId: meeting.id, sequence: 0, messages: 5, unitsWithoutAddress: [] });
    expect(res.body.recipients.sort()).toEqual(
      [
        `unit:${units.gxj}`,
        `unit:${units.yd}`,
        `unit:${units.dx}`,
        ...meeting.attendees.slice(1).map((a: any) => `attendee:${a.id}`),
      ].sort(),
    );
    const keys = (await outbox(t).findBy({ kind: 'meeting.invitation' })).map((m) => m.idempotencyKey);
    expect(keys).toContain(`meeting.invitation:${meeting.id}:0:unit:${units.yd}`);
    expect((await t.get('secretariat', `/api/meetings/${meeting.id}`)).invitationsSentAt).not.toBeNull();

    expect(
      await t.app
        .get(MailSender)
        .deliverAll()
        .then((c) => c.sent),
    ).toBe(5);
    const [toYd] = sentTo(smtp.messages, 'yd@tianshui.example.cn');
    expect(toYd.envelope.to).toEqual(
      expect.arrayContaining(['yd@tianshui.example.cn', 'liaison.yd@tianshui.example.cn']),
    );
    expect(toYd.subject).toBe(`会议通知：${TITLE}（2023年9月28日（星期四）上午9:30—11:30）`);
    expect(toYd.html).toContain(MANUAL_ITEM);
    expect(toYd.html).toContain('天水移动：');
    expect(toYd.text).toContain(`一、${firstItemTitle}`);
    const ics = icsOf(toYd);
    expect(ics.contentType).toBe('text/calendar');
    expect(ics.filename).toBe('会商会议邀请-2023-09-28.ics');
    const parsed = parseIcs(ics.content);
    expect(parsed.method).toBe('REQUEST');
    expect(parsed.event.summary).toBe(TITLE);
    expect(parsed.event.sequence).toBe(0);
    const docx = toYd.attachments.find((a) => a.contentType === DOCX);
    expect(docx?.filename).toBe('会商会议议程-2023-09-28.docx');
    expect(wordText(await documentXml(docx!.content))).toContain(`关于召开${TITLE}的通知`);

    const [toPerson] = sentTo(smtp.messages, 'zhang.jg@tianshui.example.cn');
    expect(toPerson.html).toContain('张建国：');
    expect(sentTo(smtp.messages, 'liaison.yd@tianshui.example.cn')).toHaveLength(1);

    // sending again at the same sequence writes nothing new
    const again = await t.call('secretariat', 'POST', `/api/meetings/${meeting.id}/invitations`);
    expect(again.status).toBe(200);
    expect(again.body.messages).toBe(0);
  });

  it('a unit that reads English gets its invitation in English', async () => {
    expect((await t.call('admin', 'PATCH', `/api/units/${units.dx}`, { locale: 'en' })).status).toBe(200);
    const other = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G应用推进专题会商',
      titleEn: '5G Applications Consultation',
      startsAt: '2023-10-12T14:30:00+08:00',
      endsAt: '2023-10-12T16:00:00+08:00',
      onlineLink: 'https://meeting.example.cn/5g',
      unitIds: [units.dx],
    });
    expect(other.status).toBe(201);
    smtp.reset();
    expect((await t.call('lead', 'POST', `/api/meetings/${other.body.id}/invitations`)).status).toBe(200);
    await t.app
      .get(MailSender)
      .deliverAll()
      .then((c) => c.sent);
    const [toDx] = sentTo(smtp.messages, 'dx@tianshui.example.cn');
    expect(toDx.subject).toBe(
      'Meeting notice: 5G Applications Consultation (Thursday 12 October 2023, 14:30–16:00 (UTC+8))',
    );
    expect(toDx.text).toContain('To China Telecom Tianshui Branch,');
    const ics = parseIcs(icsOf(toDx).content);
    expect(ics.event.location).toBe('https://meeting.example.cn/5g');
    expect(ics.event.startDate.toString()).toBe('2023-10-12T14:30:00');
    expect((await t.call('admin', 'PATCH', `/api/units/${units.dx}`, { locale: 'zh-CN' })).status).toBe(200);
  });

  it('a change of time bumps the SEQUENCE and sends an update with the new .ics', async () => {
    smtp.reset();
    const res = await t.call('secretariat', 'PATCH', `/api/meetings/${meeting.id}`, {
      startsAt: '2023-09-28T14:30:00+08:00',
      endsAt: '2023-09-28T16:30:00+08:00',
    });
    expect(res.status).toBe(200);
    expect(res.body.sequence).toBe(1);

    const ics = parseIcs(
      (await download(t, 'secretariat', `/api/meetings/${meeting.id}/invitation.ics`)).body.toString(),
    );
    expect(ics.event.sequence).toBe(1);
    expect(ics.event.startDate.toString()).toBe('2023-09-28T14:30:00');
    expect(ics.event.startDate.toJSDate().toISOString()).toBe('2023-09-28T06:30:00.000Z');

    const updates = await outbox(t).findBy({ kind: 'meeting.update' });
    expect(updates.map((m) => m.idempotencyKey)).toContain(`meeting.update:${meeting.id}:1:unit:${units.yd}`);
    expect(updates).toHaveLength(5);
    await t.app
      .get(MailSender)
      .deliverAll()
      .then((c) => c.sent);
    const [toYd] = sentTo(smtp.messages, 'yd@tianshui.example.cn');
    expect(toYd.subject).toBe(`会议变更通知：${TITLE}（2023年9月28日（星期四）下午2:30—4:30）`);
    const updated = parseIcs(icsOf(toYd).content);
    expect(updated.method).toBe('REQUEST');
    expect(updated.event.sequence).toBe(1);
    expect(updated.event.uid).toBe(`meeting-${meeting.id}@zhuanban`);
    expect(updated.event.startDate.toString()).toBe('2023-09-28T14:30:00');

    // a change of title alone is no reschedule: nothing is sent
    const retitled = await t.call('secretariat', 'PATCH', `/api/meetings/${meeting.id}`, { convenerName: '李明华' });
    expect(retitled.body.sequence).toBe(1);
    expect(await outbox(t).countBy({ kind: 'meeting.update' })).toBe(5);
  });

  it('a meeting whose invitations were not sent changes without mail', async () => {
    const quiet = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '工作会商',
      startsAt: '2023-10-20T09:00:00+08:00',
      endsAt: '2023-10-20T10:00:00+08:00',
      place: '会议室',
      unitIds: [units.lt],
    });
    const before = await outbox(t).count();
    await t.call('secretariat', 'PATCH', `/api/meetings/${quiet.body.id}`, { startsAt: '2023-10-20T08:00:00+08:00' });
    await t.call('secretariat', 'POST', `/api/meetings/${quiet.body.id}/cancel`);
    expect(await outbox(t).count()).toBe(before);
  });

  it('refuses an invitation for a meeting in the past with a 400 naming startsAt, and queues nothing', async () => {
    const past = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '上周会商会议',
      startsAt: '2023-09-19T09:30:00+08:00',
      endsAt: '2023-09-19T11:00:00+08:00',
      place: '市工信局三楼会议室',
      unitIds: [units.yd],
    });
    expect(past.status).toBe(201);
    const before = await outbox(t).count();
    const res = await t.call('secretariat', 'POST', `/api/meetings/${past.body.id}/invitations`);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['startsAt']);
    expect(res.body.message).toContain('in the past');
    expect(await outbox(t).count()).toBe(before);
    expect((await t.get('secretariat', `/api/meetings/${past.body.id}`)).invitationsSentAt).toBeNull();
  });

  it('cancelling sends a METHOD:CANCEL to everyone invited, and a cancelled meeting takes no invitation', async () => {
    smtp.reset();
    const res = await t.call('secretariat', 'POST', `/api/meetings/${meeting.id}/cancel`);
    expect(res.status).toBe(200);
    const cancellations = await outbox(t).findBy({ kind: 'meeting.cancelled' });
    expect(cancellations).toHaveLength(5);
    expect(cancellations.map((m) => m.idempotencyKey)).toContain(`meeting.cancelled:${meeting.id}:unit:${units.dx}`);
    await t.app
      .get(MailSender)
      .deliverAll()
      .then((c) => c.sent);
    const [toDx] = sentTo(smtp.messages, 'dx@tianshui.example.cn');
    expect(toDx.subject).toContain(`会议取消通知：${TITLE}`);
    const ics = parseIcs(icsOf(toDx).content);
    expect(ics.method).toBe('CANCEL');
    expect(ics.event.component.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(ics.event.uid).toBe(`meeting-${meeting.id}@zhuanban`);
    expect(ics.event.sequence).toBeGreaterThanOrEqual(1);
    expect(ics.raw).toContain('METHOD:CANCEL');

    const served = parseIcs(
      (await download(t, 'secretariat', `/api/meetings/${meeting.id}/invitation.ics`)).body.toString(),
    );
    expect(served.method).toBe('CANCEL');
    const again = await t.call('secretariat', 'POST', `/api/meetings/${meeting.id}/invitations`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('meeting_cancelled');
  });
});

describe('the minutes and the reminder letters of a held meeting', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let units: Record<string, number>;
  let held: any;
  let decisions: any[];
  let taskCode: string;
  const dir = tempDir();

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({ config: smtpConfig(smtp.port) });
    units = {};
    for (const code of ['gxj', 'yd', 'qzq', 'dx', 'lt']) units[code] = await unitIdOf(t, code);
    const created = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G建设推进会商会',
      startsAt: '2023-09-18T15:00:00+08:00',
      endsAt: '2023-09-18T17:00:00+08:00',
      place: '市政府第二会议室',
      conveningUnitId: units.gxj,
      convenerName: '李明华',
      unitIds: [units.gxj, units.yd, units.qzq, units.dx],
      attendees: [
        { unitId: units.yd, name: '王涛', position: '联络员', email: 'liaison.yd@tianshui.example.cn' },
        { unitId: units.qzq, name: '刘婷', position: '联络员' },
        { unitId: units.dx, name: '孙丽', position: '副总经理' },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(
      (
        await t.call('secretariat', 'POST', `/api/meetings/${id}/agenda/items`, {
          title: MANUAL_ITEM,
          leadUnitId: units.yd,
        })
      ).status,
    ).toBe(201);
    expect((await t.call('secretariat', 'POST', `/api/meetings/${id}/held`)).status).toBe(200);
    let detail = await t.get('secretariat', `/api/meetings/${id}`);
    const [wang, liu, sun] = detail.attendees;
    const minutes = await t.call('secretariat', 'PATCH', `/api/meetings/${id}/minutes`, {
      minutes: '会议听取了各单位5G基站建设进展汇报，研究了基站进场难问题。',
      items: [{ id: detail.agenda[0].id, notes: '天水移动汇报了秦州区12个站址进场受阻的情况。' }],
      attendance: [
        { attendeeId: wang.id, present: true },
        { attendeeId: liu.id, present: true },
        { attendeeId: sun.id, present: false },
      ],
    });
    expect(minutes.status).toBe(200);
    const d1 = await t.call('secretariat', 'POST', `/api/meetings/${id}/decisions`, {
      text: '由天水移动牵头，秦州区配合，10月底前解决12个站址进场问题',
      agendaItemId: detail.agenda[0].id,
      leadUnitId: units.yd,
      supportingUnitIds: [units.qzq],
      deadline: '2023-10-31',
    });
    expect(d1.status).toBe(201);
    const d2 = await t.call('secretariat', 'POST', `/api/meetings/${id}/decisions`, {
      text: '市工信局汇总各县区站址需求，报市政府协调',
      leadUnitId: units.gxj,
      deadline: '2023-10-15',
    });
    expect(d2.status).toBe(201);
    const workItem = (await t.get('secretariat', '/api/work-items'))[0];
    const task = await t.call('secretariat', 'POST', `/api/meetings/${id}/decisions/${d1.body.id}/task`, {
      workItemId: workItem.id,
    });
    expect(task.status).toBe(201);
    detail = await t.get('secretariat', `/api/meetings/${id}`);
    held = detail;
    decisions = detail.decisions;
    taskCode = decisions[0].task.code;
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes the minutes: 会议纪要, time, place, chair, attendance, notes per item and the numbered decisions', async () => {
    const res = await download(t, 'liaison', `/api/meetings/${held.id}/minutes.docx`);
    expect(res.status).toBe(200);
    expect(filenameOf(res.headers.get('content-disposition'))).toBe('会商会议纪要-2023-09-18.docx');
    const text = wordText(await documentXml(res.body));
    expect(text).toContain('5G建设推进会商会纪要');
    expect(text).toContain('时间：2023年9月18日（星期一）下午3:00—5:00');
    expect(text).toContain('地点：市政府第二会议室');
    expect(text).toContain('主持：李明华（天水市工业和信息化局）');
    expect(text).toContain('出席：王涛（天水移动 联络员）、刘婷（秦州区 联络员）');
    expect(text).toContain('缺席：孙丽（天水电信 副总经理）');
    expect(text).toContain('会议听取了各单位5G基站建设进展汇报');
    expect(text).toContain(`（一）${MANUAL_ITEM}`);
    expect(text).toContain('天水移动汇报了秦州区12个站址进场受阻的情况。');
    expect(text).toContain('二、议定事项');
    expect(text).toContain(`1.${decisions[0].text}`);
    expect(text).toContain(`牵头单位：天水移动；配合单位：秦州区；完成时限：2023年10月31日；跟踪任务：${taskCode}（`);
    expect(text).toContain(`2.${decisions[1].text}`);

    const en = wordText(
      await documentXml((await download(t, 'liaison', `/api/meetings/${held.id}/minutes.docx?lang=en`)).body),
    );
    expect(en).toContain('Present: ');
    expect(en).toContain('Absent: ');
    expect(en).toContain('2. Decisions');
    expect(en).toContain(`follow-up task: ${taskCode}`);

    const md = (await download(t, 'viewer', `/api/meetings/${held.id}/minutes.md`)).body.toString('utf8');
    expect(md).toContain('## 二、议定事项');
    expect(md).toContain(`1.${decisions[0].text}`);
    const html = (await download(t, 'viewer', `/api/meetings/${held.id}/minutes.html`)).body.toString('utf8');
    expect(html).toContain(`data-decision-id="${decisions[0].id}"`);
    expect(html).toContain(`data-task-id="${decisions[0].taskId}"`);
  });

  it('minutes are sent only for a held meeting', async () => {
    const planned = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '下次会商',
      startsAt: '2023-10-26T09:30:00+08:00',
      endsAt: '2023-10-26T11:00:00+08:00',
      place: '会议室',
      unitIds: [units.yd],
    });
    const res = await t.call('secretariat', 'POST', `/api/meetings/${planned.body.id}/minutes/send`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('meeting_not_held');
    expect(await outbox(t).countBy({ kind: 'meeting.minutes' })).toBe(0);
  });

  it('sends the minutes to the attending units and the leads, and each unit given something its reminder letter', async () => {
    smtp.reset();
    const res = await t.call('lead', 'POST', `/api/meetings/${held.id}/minutes/send`);
    expect(res.status).toBe(200);
    const leadUser = (await t.get('admin', '/api/users')).find((u: any) => u.email === 'lead@tianshui.example.cn');
    expect(res.body.recipients).toEqual(
      expect.arrayContaining([
        `unit:${units.gxj}`,
        `unit:${units.yd}`,
        `unit:${units.qzq}`,
        `unit:${units.dx}`,
        `user:${leadUser.id}`,
      ]),
    );
    // 天水移动 leads the first decision, 秦州区 supports it, 市工信局 leads the second; 天水电信 was given nothing
    expect(res.body.reminderLetters).toEqual(
      [
        { unitId: units.gxj, decisionIds: [decisions[1].id] },
        { unitId: units.yd, decisionIds: [decisions[0].id] },
        { unitId: units.qzq, decisionIds: [decisions[0].id] },
      ].sort((a, b) => a.unitId - b.unitId),
    );
    const letters = await outbox(t).findBy({ kind: 'reminder.letter' });
    expect(letters.map((m) => m.idempotencyKey).sort()).toEqual(
      [units.gxj, units.yd, units.qzq].map((u) => `reminder.letter:${held.id}:unit:${u}`).sort(),
    );
    expect(await outbox(t).countBy({ kind: 'meeting.minutes' })).toBe(5);
    expect((await t.get('secretariat', `/api/meetings/${held.id}`)).minutesSentAt).not.toBeNull();

    await t.app
      .get(MailSender)
      .deliverAll()
      .then((c) => c.sent);
    const minutesToDx = sentTo(smtp.messages, 'dx@tianshui.example.cn');
    expect(minutesToDx).toHaveLength(1);
    expect(minutesToDx[0].subject).toBe('会议纪要：5G建设推进会商会（2023年9月18日）');
    const docx = minutesToDx[0].attachments.find((a) => a.contentType === DOCX);
    expect(docx?.filename).toBe('会商会议纪要-2023-09-18.docx');
    expect(wordText(await documentXml(docx!.content))).toContain('二、议定事项');
    expect(sentTo(smtp.messages, 'lead@tianshui.example.cn')).toHaveLength(1);

    const toYd = sentTo(smtp.messages, 'yd@tianshui.example.cn');
    expect(toYd.map((m) => m.subject).sort()).toEqual(
      ['会议纪要：5G建设推进会商会（2023年9月18日）', '工作提醒函：5G建设推进会商会议定事项（天水移动）'].sort(),
    );
    const letter = toYd.find((m) => m.subject.startsWith('工作提醒函'))!;
    expect(letter.text).toContain('一、牵头落实事项（1 项）');
    expect(letter.text).toContain(decisions[0].text);
    expect(letter.text).toContain('配合单位：秦州区；完成时限：2023年10月31日');
    expect(letter.text).toContain(`跟踪任务：${taskCode}`);
    expect(letter.text).not.toContain(decisions[1].text);
    const letterDoc = letter.attachments.find((a) => a.contentType === DOCX)!;
    expect(letterDoc.filename).toBe('工作提醒函-天水移动-2023-09-18.docx');
    const letterText = wordText(await documentXml(letterDoc.content));
    expect(letterText).toContain('工作提醒函');
    expect(letterText).toContain('天水移动：');
    expect(letterText).toContain(decisions[0].text);

    const toQzq = sentTo(smtp.messages, 'qzq@tianshui.example.cn').find((m) => m.subject.startsWith('工作提醒函'))!;
    expect(toQzq.text).toContain('一、配合落实事项（1 项）');
    expect(toQzq.text).toContain('牵头单位：天水移动');
    const toGxj = sentTo(smtp.messages, 'gxj@tianshui.example.cn').find((m) => m.subject.startsWith('工作提醒函'))!;
    expect(toGxj.text).toContain(decisions[1].text);
    expect(toGxj.text).toContain('2023年10月15日');
  });

  it('sending the minutes twice is refused with 409', async () => {
    const before = await outbox(t).count();
    const res = await t.call('secretariat', 'POST', `/api/meetings/${held.id}/minutes/send`);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('minutes_sent');
    expect(await outbox(t).count()).toBe(before);
  });

  it('the command line writes the agenda, the minutes and the invitation to files', async () => {
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const overrides = {
        database: t.config.database,
        log: { level: 'error' },
        mail: t.config.mail,
        clock: { today: '2023-09-20' },
      };
      const code = await runCli(argv, overrides, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
      return { code, out: out.join(''), err: err.join('') };
    };
    const docx = join(dir, 'minutes.docx');
    const res = await cli(
      'meeting-doc',
      '--meeting',
      String(held.id),
      '--kind',
      'minutes',
      '--format',
      'docx',
      '--out',
      docx,
    );
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^wrote .*minutes\.docx \(会商会议纪要-2023-09-18\.docx, \d+ bytes\)/);
    expect(wordText(await documentXml(readFileSync(docx)))).toContain('二、议定事项');

    const md = join(dir, 'agenda.md');
    expect(
      (
        await cli(
          'meeting-doc',
          '--meeting',
          String(held.id),
          '--kind',
          'agenda',
          '--format',
          'md',
          '--lang',
          'en',
          '--out',
          md,
        )
      ).code,
    ).toBe(0);
    expect(readFileSync(md, 'utf8')).toContain('## Agenda');
    const ics = join(dir, 'invite.ics');
    expect(
      (await cli('meeting-doc', '--meeting', String(held.id), '--kind', 'agenda', '--format', 'ics', '--out', ics))
        .code,
    ).toBe(0);
    expect(parseIcs(readFileSync(ics, 'utf8')).event.startDate.toString()).toBe('2023-09-18T15:00:00');

    const bad = await cli(
      'meeting-doc',
      '--meeting',
      String(held.id),
      '--kind',
      'minutes',
      '--format',
      'ics',
      '--out',
      ics,
    );
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format');
    const missing = await cli('meeting-doc', '--meeting', '99999', '--kind', 'agenda', '--format', 'md', '--out', md);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('Meeting 99999 not found');
    const fr = await cli(
      'meeting-doc',
      '--meeting',
      String(held.id),
      '--kind',
      'agenda',
      '--format',
      'md',
      '--lang',
      'fr',
      '--out',
      md,
    );
    expect(fr.code).toBe(2);
    expect(fr.err).toContain('--lang');
    expect(existsSync(join(dir, 'nothing.md'))).toBe(false);
  });
});
