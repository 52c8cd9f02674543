// Renders every kind of document for the demo plan, in Chinese and English, to look at: the bulletin, the meeting notice
// with its agenda, the minutes, a reminder letter and red and yellow supervision notices, as DOCX, PDF (LibreOffice)
// and PNG pages (pdftoppm), under test-output/documents/. Also queues the mail those documents go out with, so the
// punctuation test can read every message. Run with `npm run documents:render`; `renderAll` is what the test calls.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApp } from '../src/app.factory';
import { SYSTEM_ACTOR, type Actor } from '../src/auth/actor';
import { BulletinsService } from '../src/bulletins/bulletins.service';
import { loadConfig } from '../src/config/config';
import { DigestsService } from '../src/digests/digests.service';
import { docxToPdf, sofficePath } from '../src/documents/pdf';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { AgendaService } from '../src/meetings/agenda.service';
import { MeetingDocumentsService } from '../src/meetings/documents/meeting-documents.service';
import { MeetingMailService } from '../src/meetings/meeting-mail.service';
import { MeetingsService } from '../src/meetings/meetings.service';
import { MinutesService } from '../src/meetings/minutes.service';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { StartupService } from '../src/startup.service';
import { SupervisionNoticeService } from '../src/supervision/supervision-notice.service';
import { TasksService } from '../src/tasks/tasks.service';
import { Unit } from '../src/units/unit.entity';
import { User } from '../src/users/user.entity';

export const TODAY = '2023-09-20';
export const LOCALES = ['zh-CN', 'en'] as const;
export type RenderLocale = (typeof LOCALES)[number];

export interface RenderedFile {
  /** bulletin, notice, minutes, reminder-letter, supervision-red, supervision-yellow. */
  kind: string;
  locale: RenderLocale;
  docx: Buffer;
  path: string;
}

export interface RenderResult {
  files: RenderedFile[];
  /** The invitations' .ics text, per language. */
  ics: { locale: RenderLocale; text: string }[];
  /** Every message queued for the demo: bulletin, invitations, minutes, letters, dispatch, digests, escalation. */
  mail: { kind: string; subject: string; html: string; text: string }[];
  /** The HTML of the sent bulletin, as `bulletin --send --html` writes it. */
  bulletinHtml: { locale: RenderLocale; html: string }[];
  app: NestFastifyApplication;
  close: () => Promise<void>;
}

async function actorOf(ds: DataSource, email: string): Promise<Actor> {
  const u = await ds.getRepository(User).findOneByOrFail({ email });
  return { id: u.id, email: u.email, displayName: u.displayName, role: u.role, unitId: u.unitId };
}

/** Starts the service on a fresh demo database and writes every document as DOCX into `dir`. */
export async function renderAll(dir: string): Promise<RenderResult> {
  const work = mkdtempSync(join(tmpdir(), 'zhuanban-render-'));
  mkdirSync(dir, { recursive: true });
  const config = loadConfig(
    {},
    {
      database: { path: join(work, 'db.sqlite') },
      demo: { load: true },
      clock: { today: TODAY },
      log: { level: 'error' },
      scheduler: { enabled: false },
      mail: { dir: join(work, 'mail') },
      publicUrl: 'https://zhuanban.tianshui.example.cn',
    },
  );
  const app = await createApp(config);
  await app.init();
  await app.get(StartupService).run();
  const ds = app.get(DataSource);
  const office = await actorOf(ds, 'office@tianshui.example.cn');
  const unitId = async (code: string) => (await ds.getRepository(Unit).findOneByOrFail({ code })).id;
  const files: RenderedFile[] = [];
  const save = (kind: string, locale: RenderLocale, docx: Buffer) => {
    const path = join(dir, `${kind}.${locale}.docx`);
    writeFileSync(path, docx);
    files.push({ kind, locale, docx, path });
  };

  // The bulletin of September 2023, sent: its HTML is then the sent version.
  const bulletins = app.get(BulletinsService);
  const bulletin = await bulletins.create(office, { period: '2023-09' });
  await bulletins.send(office, bulletin.id);
  const bulletinHtml: RenderResult['bulletinHtml'] = [];
  for (const locale of LOCALES) {
    save('bulletin', locale, (await bulletins.document(office, bulletin.id, locale)).content);
    bulletinHtml.push({ locale, html: await bulletins.preview(office, bulletin.id, locale) });
  }

  // The next consultation meeting: its notice with the generated agenda and one item added by hand.
  const meetings = app.get(MeetingsService);
  const agenda = app.get(AgendaService);
  const documents = app.get(MeetingDocumentsService);
  const [gxj, yd, qzq, dx] = [await unitId('gxj'), await unitId('yd'), await unitId('qzq'), await unitId('dx')];
  const next = await meetings.create(office, {
    title: '5G建设和应用推进工作专班第三次会商会',
    titleEn: 'Third Consultation Meeting of the 5G Task Force',
    startsAt: '2023-09-28T09:30:00+08:00',
    endsAt: '2023-09-28T11:30:00+08:00',
    place: '市工信局三楼会议室',
    conveningUnitId: gxj,
    convenerName: '李明华',
    unitIds: [gxj, yd, dx, qzq],
    attendees: [
      { unitId: yd, name: '王涛', position: '联络员', email: 'liaison.yd@tianshui.example.cn' },
      { unitId: dx, name: '孙丽', position: '副总经理', email: 'sun.li@dx.example.cn' },
      { name: '张建国', position: '市政府副秘书长', email: 'zhang.jg@tianshui.example.cn' },
    ],
  });
  await agenda.generate(office, next.id, TODAY);
  await agenda.addItem(office, next.id, {
    title: '研究5G基站进场难问题',
    titleEn: 'Access of 5G base stations to sites',
    leadUnitId: yd,
    presenter: '王涛',
    minutes: 15,
  });
  const nextDoc = await documents.load(next.id);
  const ics: RenderResult['ics'] = [];
  for (const locale of LOCALES) {
    save('notice', locale, (await documents.render(nextDoc, 'agenda', 'docx', locale)).content);
    ics.push({ locale, text: documents.ics(nextDoc, locale).content.toString('utf8') });
  }
  await app.get(MeetingMailService).sendInvitations(office, next.id);

  // A meeting held two days ago: its minutes, decisions and reminder letters.
  const held = await meetings.create(office, {
    title: '5G建设推进会商会',
    titleEn: '5G Construction Consultation Meeting',
    startsAt: '2023-09-18T15:00:00+08:00',
    endsAt: '2023-09-18T17:00:00+08:00',
    place: '市政府第二会议室',
    conveningUnitId: gxj,
    convenerName: '李明华',
    unitIds: [gxj, yd, qzq, dx],
    attendees: [
      { unitId: yd, name: '王涛', position: '联络员', email: 'liaison.yd@tianshui.example.cn' },
      { unitId: qzq, name: '刘婷', position: '联络员' },
      { unitId: dx, name: '孙丽', position: '副总经理' },
    ],
  });
  await agenda.generate(office, held.id, '2023-09-15');
  await meetings.markHeld(office, held.id);
  let detail = await meetings.detail(office, held.id);
  const [wang, liu, sun] = detail.attendees;
  await app.get(MinutesService).updateMinutes(office, held.id, {
    minutes: '会议听取了各单位5G基站建设进展汇报，研究了基站进场难问题。',
    items: [
      { id: detail.agenda[0].id, notes: '市工信局通报了重点指标完成情况，新建5G基站已超额完成全年目标。' },
      { id: detail.agenda[1].id, notes: '天水移动汇报了秦州区12个站址进场受阻的情况。' },
    ],
    attendance: [
      { attendeeId: wang.id, present: true },
      { attendeeId: liu.id, present: true },
      { attendeeId: sun.id, present: false },
    ],
  });
  const minutes = app.get(MinutesService);
  const d1 = await minutes.createDecision(office, held.id, {
    text: '由天水移动牵头，秦州区配合，10月底前解决12个站址进场问题',
    agendaItemId: detail.agenda[1].id,
    leadUnitId: yd,
    supportingUnitIds: [qzq],
    deadline: '2023-10-31',
  });
  await minutes.createDecision(office, held.id, {
    text: '市工信局汇总各县区站址需求，报市政府协调',
    leadUnitId: gxj,
    supportingUnitIds: [yd, dx],
    deadline: '2023-10-15',
  });
  const workItems = await ds.query('SELECT id FROM work_item ORDER BY id LIMIT 1');
  await minutes.createTask(office, held.id, d1.id, { workItemId: workItems[0].id });
  detail = await meetings.detail(office, held.id);
  const heldDoc = await documents.load(held.id);
  for (const locale of LOCALES) {
    save('minutes', locale, (await documents.render(heldDoc, 'minutes', 'docx', locale)).content);
    const letter = await documents.reminderLetter(heldDoc, yd, locale);
    if (letter) save('reminder-letter', locale, letter.content);
  }
  await app.get(MeetingMailService).sendMinutes(office, held.id);

  // Supervision notices: the first red task and the first yellow one.
  const tasks = app.get(TasksService);
  const notices = app.get(SupervisionNoticeService);
  for (const colour of ['red', 'yellow'] as const) {
    const page = await tasks.list(SYSTEM_ACTOR, { colour: [colour], page: 1, pageSize: 1 } as never);
    const task = page.items[0];
    if (!task) continue;
    for (const locale of LOCALES) {
      save(`supervision-${colour}`, locale, (await notices.render(office, task.id, locale, 'docx')).content);
    }
  }

  // The rest of the mail the demo sends: dispatch requests and reminders, digests, escalation.
  const scheduler = app.get(SchedulerService);
  for (const job of ['dispatch.open', 'dispatch.remind', 'digest', 'escalation']) {
    try {
      await scheduler.runNow(job);
    } catch {
      // a job with nothing to do on the demo's day is not a rendering problem
    }
  }
  await app.get(DigestsService).previewUnit(SYSTEM_ACTOR, yd);
  const mail = (await ds.getRepository(OutboxMessage).find({ order: { id: 'ASC' } })).map((m) => ({
    kind: m.kind,
    subject: m.subject,
    html: m.html,
    text: m.text,
  }));

  return {
    files,
    ics,
    mail,
    bulletinHtml,
    app,
    close: async () => {
      await app.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** PDF beside each DOCX, and the PDF's pages as PNG (page-1.png …) at 60 dpi. */
export async function toPdfAndPng(file: RenderedFile): Promise<{ pdf: string; pngs: string[] }> {
  const pdf = file.path.replace(/\.docx$/, '.pdf');
  writeFileSync(pdf, await docxToPdf(file.docx, { timeoutMs: 120_000 }));
  const prefix = file.path.replace(/\.docx$/, '');
  execFileSync('pdftoppm', ['-png', '-r', '60', pdf, prefix]);
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf]).toString())?.[1] ?? 0);
  const width = String(pages).length;
  const pngs = Array.from({ length: pages }, (_, i) => `${prefix}-${String(i + 1).padStart(width, '0')}.png`);
  return { pdf, pngs };
}

async function main(): Promise<void> {
  const dir = resolve(process.cwd(), 'test-output/documents');
  rmSync(dir, { recursive: true, force: true });
  const result = await renderAll(dir);
  await result.close();
  if (!sofficePath()) {
    console.log(`wrote ${result.files.length} DOCX files to ${dir}; no soffice here, so no PDF or PNG`);
    console.log('install them with: apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils');
    return;
  }
  // RENDER_ONLY=bulletin,notice converts only those kinds (the DOCX files are all written).
  const only = process.env.RENDER_ONLY?.split(',');
  for (const file of result.files.filter((f) => !only || only.some((k) => f.kind.startsWith(k)))) {
    const { pdf, pngs } = await toPdfAndPng(file);
    console.log(`${file.kind} (${file.locale}): ${pdf}, ${pngs.length} page${pngs.length === 1 ? '' : 's'}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
