// The meeting's Word documents on the GB/T 9704 page (documents/docx.ts): the agenda as a meeting notice (会议通知)
// under the organ's red masthead and number, with its reply slip (回执) when configured; the minutes (会议纪要, 第N期)
// under a red minutes masthead; a unit's reminder letter (工作提醒函) with its letter number and contact line.
import type { Paragraph, Table } from 'docx';
import { cellDate } from '../../documents/chinese';
import {
  attachmentNote,
  blank,
  body,
  closingBlock,
  dataTable,
  flush,
  heading,
  labelled,
  para,
  run,
  signature,
  title,
  writePaper,
  type DocLocale,
} from '../../documents/docx';
import type { AgendaView, MinutesView, ReminderLetterView } from './document-view';

const LABELS = {
  'zh-CN': {
    cancelled: '（本次会议已取消）',
    time: '时间：',
    place: '地点：',
    online: '线上链接：',
    convener: '召集人：',
    conveningUnit: '召集单位：',
    units: '参会单位：',
    people: '参会人员：',
    agenda: '会议议程',
    reasons: '列入原因：',
    noItems: '议程待定。',
    chair: '主持：',
    present: '出席：',
    absent: '缺席：',
    unrecorded: '出席情况未记录：',
    itemsSection: '一、会议议题及讨论情况',
    decisionsSection: '二、议定事项',
    noDecisions: '本次会议未形成议定事项。',
    minutesMasthead: (taskForce: string) => `${taskForce}会议纪要`,
    distribute: '分送：',
    copy: '抄送：',
    printed: (date: string) => `${date}印发`,
    ledSection: '一、牵头落实事项',
    supportedSection: (n: number) => `${n === 1 ? '一' : '二'}、配合落实事项`,
    ledHead: ['序号', '议定事项', '配合单位', '完成时限', '跟踪任务'],
    supportedHead: ['序号', '议定事项', '牵头单位', '完成时限', '跟踪任务'],
    attachment: '附件：',
    attachmentHead: '附件',
  },
  en: {
    cancelled: '(This meeting is cancelled.)',
    time: 'Time: ',
    place: 'Place: ',
    online: 'Online: ',
    convener: 'Convener: ',
    conveningUnit: 'Convening unit: ',
    units: 'Attending units: ',
    people: 'Attendees: ',
    agenda: 'Agenda',
    reasons: 'On the agenda as: ',
    noItems: 'The agenda is to be settled.',
    chair: 'Chair: ',
    present: 'Present: ',
    absent: 'Absent: ',
    unrecorded: 'Attendance not recorded: ',
    itemsSection: '1. Items discussed',
    decisionsSection: '2. Decisions',
    noDecisions: 'The meeting took no decisions.',
    minutesMasthead: (taskForce: string) => `${taskForce}: Minutes`,
    distribute: 'To: ',
    copy: 'Copied to: ',
    printed: (date: string) => `Issued ${date}`,
    ledSection: '1. Decisions your unit leads',
    supportedSection: (n: number) => `${n}. Decisions your unit supports`,
    ledHead: ['No.', 'Decision', 'Supporting units', 'Deadline', 'Follow-up task'],
    supportedHead: ['No.', 'Decision', 'Lead unit', 'Deadline', 'Follow-up task'],
    attachment: 'Attachment: ',
    attachmentHead: 'Attachment',
  },
} as const;

type Body = (Paragraph | Table)[];

/** What the service adds to a view when it writes the file: the document's number (发文字号 or 第N期). */
export interface DocumentExtras {
  number?: string;
}

/** 一、议题 in Chinese; 1. Item in English. */
function numbered(locale: DocLocale, label: string, text: string): string {
  return locale === 'en' ? `${label} ${text}` : `${label}${text}`;
}

function closing(locale: DocLocale, organ: string, date: string, lines: { label: string; names: string }[]): Body {
  return closingBlock(locale, { lines, printer: organ, printed: LABELS[locale].printed(date) });
}

function copyLines(locale: DocLocale, distribute: string, copyTo: string) {
  const L = LABELS[locale];
  const lines: { label: string; names: string }[] = distribute ? [{ label: L.distribute, names: distribute }] : [];
  if (copyTo) lines.push({ label: L.copy, names: copyTo });
  return lines;
}

const end = (locale: DocLocale, text: string) => (text ? `${text}${locale === 'en' ? '.' : '。'}` : '');

/** The agenda as a meeting notice: 关于召开…的通知, addressees, time, place, people, one numbered item per matter. */
export function agendaDocument(v: AgendaView, extras: DocumentExtras = {}): Promise<Buffer> {
  const locale = v.locale;
  const L = LABELS[locale];
  const out: Body = [blank(2), title(locale, v.heading, { linesAfter: 1 })];
  if (v.cancelled) out.push(para([run(locale, L.cancelled, { colour: 'FF0000' })], { align: 'center' }));
  if (v.addressee) out.push(flush(locale, v.addressee));
  out.push(body(locale, v.intro));

  out.push(labelled(locale, L.time, v.timeLabel));
  if (v.place) out.push(labelled(locale, L.place, v.place));
  if (v.onlineLink) out.push(labelled(locale, L.online, v.onlineLink));
  if (v.conveningUnit) out.push(labelled(locale, L.conveningUnit, v.conveningUnit));
  if (v.convenerName) out.push(labelled(locale, L.convener, v.convenerName));
  if (v.unitsLabel) out.push(labelled(locale, L.units, v.unitsLabel));
  if (v.attendeesLabel) out.push(labelled(locale, L.people, v.attendeesLabel));

  out.push(heading(locale, 1, L.agenda, { align: 'center', indent: false, linesBefore: 1 }));
  if (v.items.length) {
    for (const item of v.items) {
      out.push(heading(locale, 1, numbered(locale, item.numberLabel, item.title)));
      if (item.reasonsLabel) out.push(body(locale, `${L.reasons}${end(locale, item.reasonsLabel)}`));
      for (const line of item.details) out.push(body(locale, line));
      out.push(body(locale, item.noteLine));
    }
  } else {
    out.push(body(locale, L.noItems));
  }
  out.push(body(locale, v.request, { linesBefore: 1 }));
  if (v.calendarNote) out.push(body(locale, v.calendarNote));
  // The last lines of the body go with the signature, which never stands alone on a page.
  if (v.replySlip) out.push(body(locale, v.replySlip.request, { keepNext: true }));
  if (v.contact) out.push(body(locale, v.contact, { keepNext: true }));
  if (v.replySlip) out.push(attachmentNote(locale, L.attachment, v.replySlip.heading));
  out.push(...signature(locale, v.office, v.issuedLabel));

  if (v.replySlip) {
    out.push(
      para([run(locale, L.attachmentHead, { face: '黑体' })], { pageBreakBefore: true }),
      blank(),
      title(locale, v.replySlip.heading, { linesAfter: 1 }),
      dataTable(
        locale,
        [...v.replySlip.head],
        Array.from({ length: 5 }, () => v.replySlip!.head.map(() => ' ')),
        { align: v.replySlip.head.map(() => 'center' as const), weights: [3, 1.3, 1.6, 2, 1.3], rowHeight: 680 },
      ),
      blank(),
    );
  }
  out.push(...closing(locale, v.office, v.issuedLabel, copyLines(locale, v.unitsLabel, v.copyTo)));
  return writePaper({
    locale,
    title: v.heading,
    subject: v.timeLabel,
    creator: v.office,
    masthead: { kind: 'document', organ: v.office, number: extras.number },
    children: out,
  });
}

/** The minutes: the minutes masthead with 第N期, time, place, chair, attendance, notes per item, numbered decisions. */
export function minutesDocument(v: MinutesView, extras: DocumentExtras = {}): Promise<Buffer> {
  const locale = v.locale;
  const L = LABELS[locale];
  const out: Body = [blank(), title(locale, v.heading, { linesAfter: 1 })];
  out.push(body(locale, v.intro));
  out.push(labelled(locale, L.time, v.timeLabel));
  if (v.place) out.push(labelled(locale, L.place, v.place));
  if (v.onlineLink) out.push(labelled(locale, L.online, v.onlineLink));
  if (v.convenerLabel) out.push(labelled(locale, L.chair, v.convenerLabel));
  if (v.presentLabel) out.push(labelled(locale, L.present, v.presentLabel));
  if (v.absentLabel) out.push(labelled(locale, L.absent, v.absentLabel));
  if (v.unrecordedLabel) out.push(labelled(locale, L.unrecorded, v.unrecordedLabel));
  if (!v.presentLabel && !v.absentLabel && !v.unrecordedLabel && v.unitsLabel) {
    out.push(labelled(locale, L.units, v.unitsLabel));
  }
  for (const p of v.summary) out.push(body(locale, p));

  out.push(heading(locale, 1, L.itemsSection));
  for (const item of v.items) {
    out.push(heading(locale, 2, numbered(locale, item.numberLabel, item.title)));
    for (const p of item.noteParagraphs) out.push(body(locale, p));
  }
  if (v.unnotedLabel) out.push(body(locale, v.unnotedLabel));

  out.push(heading(locale, 1, L.decisionsSection));
  if (v.decisions.length) {
    for (const d of v.decisions) {
      out.push(body(locale, numbered(locale, d.numberLabel, d.text), { keepNext: !!d.detailLine }));
      if (d.detailLine) out.push(body(locale, d.detailLine, { keepNext: d === v.decisions[v.decisions.length - 1] }));
    }
  } else {
    out.push(body(locale, L.noDecisions));
  }
  if (v.calendarNote) out.push(body(locale, v.calendarNote, { linesBefore: 1 }));
  out.push(...signature(locale, v.office, v.issuedLabel));
  out.push(...closing(locale, v.office, v.issuedLabel, copyLines(locale, v.unitsLabel, v.copyTo)));
  return writePaper({
    locale,
    title: v.heading,
    subject: v.timeLabel,
    creator: v.office,
    masthead: {
      kind: 'bulletin',
      title: L.minutesMasthead(v.taskForce),
      issue: extras.number ?? '',
      office: v.office,
      date: v.issuedLabel,
    },
    children: out,
  });
}

/** A unit's reminder letter: the decisions it leads and those it supports, with deadlines and follow-up tasks. */
export function reminderLetterDocument(v: ReminderLetterView, extras: DocumentExtras = {}): Promise<Buffer> {
  const locale = v.locale;
  const L = LABELS[locale];
  const out: Body = [blank(2), title(locale, v.heading), title(locale, v.subheading, { linesAfter: 1 })];
  // The follow-up task on two lines (W1-8 / （已交办）) and the deadline as 10月31日, so neither breaks in its column.
  const task = (d: ReminderLetterView['led'][number]) =>
    d.taskCode ? `${d.taskCode}\n${locale === 'en' ? `(${d.taskStatusLabel})` : `（${d.taskStatusLabel}）`}` : '—';
  const deadline = (d: ReminderLetterView['led'][number]) =>
    cellDate(d.deadline, locale, Number(v.issuedOn.slice(0, 4)));
  out.push(flush(locale, v.addressee));
  out.push(body(locale, v.intro));
  let section = 0;
  const align = ['center', 'left', 'left', 'center', 'center'] as ('left' | 'center')[];
  if (v.led.length) {
    section++;
    out.push(heading(locale, 1, L.ledSection));
    out.push(
      dataTable(
        locale,
        [...L.ledHead],
        v.led.map((d) => [String(d.number), d.text, d.supportingUnits || '—', deadline(d), task(d)]),
        { align },
      ),
    );
  }
  if (v.supported.length) {
    section++;
    out.push(heading(locale, 1, L.supportedSection(section), { linesBefore: v.led.length ? 1 : 0 }));
    out.push(
      dataTable(
        locale,
        [...L.supportedHead],
        v.supported.map((d) => [String(d.number), d.text, d.leadUnit || '—', deadline(d), task(d)]),
        { align },
      ),
    );
  }
  out.push(body(locale, v.closing, { linesBefore: 1, keepNext: true }));
  if (v.calendarNote) out.push(body(locale, v.calendarNote, { keepNext: true }));
  if (v.contact) out.push(body(locale, v.contact, { keepNext: true }));
  out.push(...signature(locale, v.office, v.issuedLabel));
  out.push(...closing(locale, v.office, v.issuedLabel, copyLines(locale, '', v.copyTo)));
  return writePaper({
    locale,
    title: `${v.heading} ${v.subheading}`,
    creator: v.office,
    masthead: { kind: 'document', organ: v.office, number: extras.number },
    children: out,
  });
}
