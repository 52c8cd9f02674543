// The meeting's Word documents, laid out as Chinese official papers: the agenda as a meeting notice (会议通知), the
// minutes (会议纪要) and a unit's reminder letter (工作提醒函). Fonts, sizes and margins come from documents/docx.ts.
import type { Paragraph, Table } from 'docx';
import { dataTable, paragraph, splitLine, textRun, writePaper, type DocLocale } from '../../documents/docx';
import type { AgendaView, MinutesView, ReminderLetterView } from './document-view';

const LABELS = {
  'zh-CN': {
    cancelled: '(本次会议已取消)',
    time: '时间:',
    place: '地点:',
    online: '线上链接:',
    convener: '召集人:',
    conveningUnit: '召集单位:',
    units: '参会单位:',
    people: '参会人员:',
    agenda: '会议议程',
    agendaAsOf: (date: string) => `议程依据截至${date}的工作计划执行情况生成。`,
    agendaHead: ['序号', '议题', '牵头单位', '汇报人', '时长'],
    total: (minutes: string) => `合计 ${minutes}`,
    noItems: '议程待定。',
    chair: '主持:',
    present: '出席:',
    absent: '缺席:',
    unrecorded: '出席情况未记录:',
    itemsSection: '一、会议议题及讨论情况',
    decisionsSection: '二、议定事项',
    noNotes: '(未记录讨论情况)',
    noDecisions: '本次会议未形成议定事项。',
    minutesDistribution: '发送:参会各单位,专班负责人。',
    letterDistribution: (unit: string) => `发送:${unit}。`,
    ledSection: '一、牵头落实事项',
    supportedSection: (n: number) => `${n === 1 ? '一' : '二'}、配合落实事项`,
    ledHead: ['序号', '议定事项', '配合单位', '完成时限', '跟踪任务'],
    supportedHead: ['序号', '议定事项', '牵头单位', '完成时限', '跟踪任务'],
    printed: (office: string, date: string) => `${office}\u3000\u3000${date}印发`,
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
    agendaAsOf: (date: string) => `The agenda was drawn from the state of the work plan on ${date}.`,
    agendaHead: ['No.', 'Item', 'Lead unit', 'Presenter', 'Time'],
    total: (minutes: string) => `Total ${minutes}`,
    noItems: 'The agenda is to be settled.',
    chair: 'Chair: ',
    present: 'Present: ',
    absent: 'Absent: ',
    unrecorded: 'Attendance not recorded: ',
    itemsSection: '1. Items discussed',
    decisionsSection: '2. Decisions',
    noNotes: '(no notes recorded)',
    noDecisions: 'The meeting took no decisions.',
    minutesDistribution: 'To: the attending units and the leads of the task force.',
    letterDistribution: (unit: string) => `To: ${unit}.`,
    ledSection: '1. Decisions your unit leads',
    supportedSection: (n: number) => `${n}. Decisions your unit supports`,
    ledHead: ['No.', 'Decision', 'Supporting units', 'Deadline', 'Follow-up task'],
    supportedHead: ['No.', 'Decision', 'Lead unit', 'Deadline', 'Follow-up task'],
    printed: (office: string, date: string) => `Issued by the ${office.replace(/^Office/, 'office')}, ${date}`,
  },
} as const;

type Body = (Paragraph | Table)[];

/** 一、议题 in Chinese; 1. Item in English. */
function numbered(locale: DocLocale, label: string, text: string): string {
  return locale === 'en' ? `${label} ${text}` : `${label}${text}`;
}

/** "时间:2023年9月28日…" with the label in 黑体 and the value in the body face. */
function labelled(locale: DocLocale, label: string, value: string) {
  return paragraph(locale, [textRun(locale, label, 'heading'), textRun(locale, value, 'body')], 'body', {
    indent: true,
  });
}

function heading(locale: DocLocale, text: string) {
  return paragraph(locale, text, 'heading', { spaceBefore: 240, spaceAfter: 120, keepNext: true, indent: true });
}

function closing(body: Body, locale: DocLocale, office: string, date: string, distribution: string) {
  body.push(paragraph(locale, '', 'body', { spaceAfter: 240 }));
  body.push(paragraph(locale, office, 'body', { align: 'right' }));
  body.push(paragraph(locale, date, 'body', { align: 'right', spaceAfter: 480 }));
  body.push(paragraph(locale, distribution, 'small', { borderTop: true, borderBottom: true, spaceBefore: 60 }));
  const L = LABELS[locale];
  body.push(paragraph(locale, L.printed(office, date), 'small', { align: 'right', borderBottom: true }));
}

/** The agenda as a meeting notice: 关于召开…的通知, addressees, time, place, people, numbered items, a table. */
export function agendaDocument(v: AgendaView): Promise<Buffer> {
  const locale = v.locale;
  const L = LABELS[locale];
  const body: Body = [];
  body.push(paragraph(locale, v.heading, 'title', { align: 'center', spaceBefore: 240, spaceAfter: 360 }));
  if (v.cancelled) body.push(paragraph(locale, L.cancelled, 'subtitle', { align: 'center', spaceAfter: 240 }));
  if (v.addressee) body.push(paragraph(locale, v.addressee, 'body'));
  body.push(paragraph(locale, v.intro, 'body', { indent: true }));

  body.push(labelled(locale, L.time, v.timeLabel));
  if (v.place) body.push(labelled(locale, L.place, v.place));
  if (v.onlineLink) body.push(labelled(locale, L.online, v.onlineLink));
  if (v.conveningUnit) body.push(labelled(locale, L.conveningUnit, v.conveningUnit));
  if (v.convenerName) body.push(labelled(locale, L.convener, v.convenerName));
  if (v.unitsLabel) body.push(labelled(locale, L.units, v.unitsLabel));
  if (v.attendeesLabel) body.push(labelled(locale, L.people, v.attendeesLabel));

  body.push(paragraph(locale, L.agenda, 'heading', { align: 'center', spaceBefore: 240, spaceAfter: 120 }));
  if (v.items.length) {
    for (const item of v.items) {
      body.push(
        paragraph(locale, numbered(locale, item.numberLabel, item.title), 'body', { indent: true, keepNext: true }),
      );
      body.push(paragraph(locale, item.noteLine, 'small', { indent: true }));
    }
    body.push(paragraph(locale, '', 'small', { spaceAfter: 120 }));
    body.push(
      dataTable(
        locale,
        [...L.agendaHead],
        [
          ...v.items.map((i) => [String(i.number), i.title, i.leadUnit || '—', i.presenter || '—', i.minutesLabel]),
          ['', L.total(v.totalMinutesLabel), '', '', ''],
        ],
        { widths: [0.8, 6, 2.6, 1.6, 1.2], align: ['center', 'left', 'left', 'center', 'center'] },
      ),
    );
    if (v.agendaAsOfLabel) body.push(paragraph(locale, L.agendaAsOf(v.agendaAsOfLabel), 'small', { spaceBefore: 60 }));
  } else {
    body.push(paragraph(locale, L.noItems, 'body', { indent: true }));
  }
  body.push(paragraph(locale, v.request, 'body', { indent: true, spaceBefore: 240 }));
  closing(body, locale, v.office, v.issuedLabel, locale === 'en' ? `To: ${v.unitsLabel}.` : `发送:${v.unitsLabel}。`);
  return writePaper({ locale, title: v.heading, subject: v.timeLabel, creator: v.office, children: body });
}

/** The minutes: 会议纪要, time, place, chair, attendance, notes per item, numbered decisions. */
export function minutesDocument(v: MinutesView): Promise<Buffer> {
  const locale = v.locale;
  const L = LABELS[locale];
  const body: Body = [];
  body.push(paragraph(locale, v.heading, 'title', { align: 'center', spaceBefore: 240, spaceAfter: 240 }));
  body.push(splitLine(locale, v.office, v.issuedLabel, { borderBottom: true }));
  body.push(paragraph(locale, '', 'body', { spaceAfter: 120 }));
  body.push(paragraph(locale, v.intro, 'body', { indent: true }));
  body.push(labelled(locale, L.time, v.timeLabel));
  if (v.place) body.push(labelled(locale, L.place, v.place));
  if (v.onlineLink) body.push(labelled(locale, L.online, v.onlineLink));
  if (v.convenerLabel) body.push(labelled(locale, L.chair, v.convenerLabel));
  if (v.presentLabel) body.push(labelled(locale, L.present, v.presentLabel));
  if (v.absentLabel) body.push(labelled(locale, L.absent, v.absentLabel));
  if (v.unrecordedLabel) body.push(labelled(locale, L.unrecorded, v.unrecordedLabel));
  if (!v.presentLabel && !v.absentLabel && !v.unrecordedLabel && v.unitsLabel) {
    body.push(labelled(locale, L.units, v.unitsLabel));
  }
  for (const p of v.summary) body.push(paragraph(locale, p, 'body', { indent: true }));

  body.push(heading(locale, L.itemsSection));
  for (const item of v.items) {
    body.push(
      paragraph(locale, numbered(locale, item.numberLabel, item.title), 'body', {
        indent: true,
        bold: true,
        keepNext: true,
      }),
    );
    const notes = item.noteParagraphs.length ? item.noteParagraphs : [L.noNotes];
    for (const p of notes) body.push(paragraph(locale, p, 'body', { indent: true }));
  }

  body.push(heading(locale, L.decisionsSection));
  if (v.decisions.length) {
    for (const d of v.decisions) {
      body.push(paragraph(locale, numbered(locale, d.numberLabel, d.text), 'body', { indent: true, keepNext: true }));
      if (d.detailLine) body.push(paragraph(locale, d.detailLine, 'small', { indent: true, spaceAfter: 60 }));
    }
  } else {
    body.push(paragraph(locale, L.noDecisions, 'body', { indent: true }));
  }
  closing(body, locale, v.office, v.issuedLabel, L.minutesDistribution);
  return writePaper({ locale, title: v.heading, subject: v.timeLabel, creator: v.office, children: body });
}

/** A unit's reminder letter: the decisions it leads and those it supports, with deadlines and follow-up tasks. */
export function reminderLetterDocument(v: ReminderLetterView): Promise<Buffer> {
  const locale = v.locale;
  const L = LABELS[locale];
  const body: Body = [];
  const task = (d: ReminderLetterView['led'][number]) => d.taskLabel || '—';
  body.push(paragraph(locale, v.heading, 'title', { align: 'center', spaceBefore: 240, spaceAfter: 120 }));
  body.push(paragraph(locale, v.subheading, 'subtitle', { align: 'center', spaceAfter: 360 }));
  body.push(paragraph(locale, v.addressee, 'body'));
  body.push(paragraph(locale, v.intro, 'body', { indent: true }));
  let section = 0;
  if (v.led.length) {
    section++;
    body.push(heading(locale, L.ledSection));
    body.push(
      dataTable(
        locale,
        [...L.ledHead],
        v.led.map((d) => [String(d.number), d.text, d.supportingUnits || '—', d.deadlineLabel || '—', task(d)]),
        { widths: [0.8, 6, 2.6, 2, 1.8], align: ['center', 'left', 'left', 'center', 'center'] },
      ),
    );
  }
  if (v.supported.length) {
    section++;
    body.push(heading(locale, L.supportedSection(section)));
    body.push(
      dataTable(
        locale,
        [...L.supportedHead],
        v.supported.map((d) => [String(d.number), d.text, d.leadUnit || '—', d.deadlineLabel || '—', task(d)]),
        { widths: [0.8, 6, 2.6, 2, 1.8], align: ['center', 'left', 'left', 'center', 'center'] },
      ),
    );
  }
  body.push(paragraph(locale, v.closing, 'body', { indent: true, spaceBefore: 240 }));
  closing(body, locale, v.office, v.issuedLabel, L.letterDistribution(v.unit));
  return writePaper({ locale, title: `${v.heading} ${v.subheading}`, creator: v.office, children: body });
}
