// A meeting's documents as read in one language: the agenda (a meeting notice, 会议通知), the minutes (会议纪要) and
// each unit's reminder letter (工作提醒函), with names in the reader's language (Chinese when a row has no English
// name), times in the task force's time zone and dates in words. The DOCX writers, the Markdown and HTML templates,
// the iCalendar invitation and the mail all read these views, so they say the same thing.
import { DateTime } from 'luxon';
import { longDate } from '../../bulletins/bulletin-period';
import { calendarNote } from '../../calendar/calendar-gaps';
import { fullWidthPunctuation } from '../../documents/chinese';
import { paperParts, type PaperParts, type PaperSettings } from '../../documents/paper.service';
import { taskForceName } from '../../bulletins/bulletin-view';
import { STATUS_LABELS } from '../../digests/change-lines';
import type { Locale } from '../../units/recipients.service';
import type { DocAttendee, DocDecision, DocUnit, MeetingDoc } from './meeting-doc';
import { httpLink } from '../../common/validation';

export type DocumentKind = 'agenda' | 'minutes';

export interface ViewOptions {
  timeZone: string;
  /** The date the document is issued on (today in the task force's time zone), YYYY-MM-DD. */
  issuedOn: string;
  /** The task force's document settings (issuing organ, contact, 抄送, reply slip); the plan's office without them. */
  paper?: PaperSettings;
  /** The years without a working-day calendar that the dates reach (WorkingDaysService.missingYears); none without it. */
  missingYears?: (dates: (string | null)[]) => number[];
}

/** The note line of a document whose dates reach a year without calendar data; null when they do not. */
function calendarNoteOf(opts: ViewOptions, locale: Locale, dates: (string | null)[]): string | null {
  return calendarNote(opts.missingYears?.(dates) ?? [], locale);
}

const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;

/**
 * Text written by the agenda rules or typed by users, as a Chinese document prints it: dates as 2023年9月20日 and
 * full-width punctuation next to Chinese characters.
 */
export function chineseText(text: string): string {
  return fullWidthPunctuation(text.replace(ISO_DATE, (_m, y, m, d) => `${Number(y)}年${Number(m)}月${Number(d)}日`));
}

/** A line of Chinese ends with a full stop (a list line from the agenda rules does not). */
function sentence(line: string): string {
  return /[\u4e00-\u9fff）%\d]$/.test(line) && /[\u4e00-\u9fff]/.test(line) ? `${line}。` : line;
}

/** Data text in the reader's language: Chinese rows are mended as Chinese; English is left as written. */
function dataText(text: string): string {
  return /[\u4e00-\u9fff]/.test(text) ? chineseText(text) : text;
}

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const WEEKDAYS_ZH = ['一', '二', '三', '四', '五', '六', '日'];

/** 1 → 一, 10 → 十, 12 → 十二, 21 → 二十一, 100 → 一百; Arabic figures beyond 999. */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return DIGITS[n];
  if (n < 20) return `十${n % 10 ? DIGITS[n % 10] : ''}`;
  if (n < 100) return `${DIGITS[Math.floor(n / 10)]}十${n % 10 ? DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const tail =
    rest === 0 ? '' : rest < 10 ? `零${DIGITS[rest]}` : rest < 20 ? `一${chineseNumeral(rest)}` : chineseNumeral(rest);
  return `${DIGITS[Math.floor(n / 100)]}百${tail}`;
}

/** The number of the nth section or item: 一、 in Chinese, 1. in English. */
export function itemNumber(n: number, locale: Locale): string {
  return locale === 'en' ? `${n}.` : `${chineseNumeral(n)}、`;
}

function zoned(instant: Date, timeZone: string): DateTime {
  return DateTime.fromJSDate(instant, { zone: timeZone });
}

/** 上午9:30, 下午2:00, 晚上7:00: the time of day as a Chinese notice writes it. */
function clockZh(t: DateTime): string {
  const period = t.hour < 12 ? '上午' : t.hour < 18 ? '下午' : '晚上';
  const hour = t.hour > 12 ? t.hour - 12 : t.hour;
  return `${period}${hour}:${String(t.minute).padStart(2, '0')}`;
}

function dayZh(t: DateTime, withYear = true): string {
  const date = withYear ? `${t.year}年${t.month}月${t.day}日` : `${t.month}月${t.day}日`;
  return `${date}（星期${WEEKDAYS_ZH[t.weekday - 1]}）`;
}

/** The offset of the zone at that moment, e.g. UTC+8. */
function offsetLabel(t: DateTime): string {
  const minutes = t.offset;
  const sign = minutes < 0 ? '-' : '+';
  const h = Math.floor(Math.abs(minutes) / 60);
  const m = Math.abs(minutes) % 60;
  return `UTC${sign}${h}${m ? `:${String(m).padStart(2, '0')}` : ''}`;
}

/**
 * When a meeting takes place, in the task force's time zone: 2023年9月28日(星期四)上午9:30—11:30, or
 * Thursday 28 September 2023, 09:30–11:30 (UTC+8).
 */
export function meetingTimeLabel(startsAt: Date, endsAt: Date, locale: Locale, timeZone: string): string {
  const start = zoned(startsAt, timeZone);
  const end = zoned(endsAt, timeZone);
  const sameDay = start.toISODate() === end.toISODate();
  if (locale === 'en') {
    const day = start.setLocale('en-GB').toFormat('cccc d LLLL yyyy');
    const endPart = sameDay
      ? end.toFormat('HH:mm')
      : `${end.setLocale('en-GB').toFormat('cccc d LLLL yyyy')}, ${end.toFormat('HH:mm')}`;
    return `${day}, ${start.toFormat('HH:mm')}–${endPart} (${offsetLabel(start)})`;
  }
  if (sameDay) {
    const endClock = clockZh(end);
    // 上午9:30—11:30, but 上午9:30—下午2:00 when the period of the day changes
    const samePeriod = endClock.slice(0, 2) === clockZh(start).slice(0, 2);
    return `${dayZh(start)}${clockZh(start)}—${samePeriod ? endClock.slice(2) : endClock}`;
  }
  return `${dayZh(start)}${clockZh(start)}至${dayZh(end, end.year !== start.year)}${clockZh(end)}`;
}

/** The date of the meeting, YYYY-MM-DD in the task force's time zone. */
export function meetingDate(startsAt: Date, timeZone: string): string {
  return zoned(startsAt, timeZone).toISODate() as string;
}

const pick = (locale: Locale, zh: string, en: string | null | undefined) => (locale === 'en' ? en || zh : zh);

export function unitName(unit: DocUnit | undefined, locale: Locale): string {
  if (!unit) return '';
  return pick(locale, unit.name, unit.nameEn);
}

export function meetingTitle(doc: MeetingDoc, locale: Locale): string {
  return pick(locale, doc.meeting.title, doc.meeting.titleEn);
}

/** 关于召开…会商会议的通知, from the meeting's title; Notice of the … in English. */
export function noticeTitle(title: string, locale: Locale): string {
  if (locale === 'en') return /^notice\b/i.test(title) ? title : `Notice of the ${title}`;
  if (/^关于召开.*的通知$/.test(title)) return title;
  // 会商会议 and 推进会 read as they are; 工作会商 becomes 工作会商会议; any other title is a 会商会议's.
  const meeting = /会议?$/.test(title) ? title : /会商$/.test(title) ? `${title}会议` : `${title}会商会议`;
  return `关于召开${meeting}的通知`;
}

const KIND_LABELS: Record<string, [string, string]> = {
  indicators: ['重点指标完成情况', 'Headline indicators'],
  coordination: ['需协调事项', 'Matters needing coordination'],
  overdue: ['逾期任务', 'Overdue tasks'],
  blocked: ['受阻任务', 'Blocked tasks'],
  open_decision: ['前次议定事项落实情况', 'Open decisions of earlier meetings'],
  deadline: ['近期到期任务', 'Deadlines ahead'],
  manual: ['其他议题', 'Other business'],
};

export function kindLabel(kind: string, locale: Locale): string {
  const l = KIND_LABELS[kind];
  return l ? (locale === 'en' ? l[1] : l[0]) : kind;
}

export function taskStatusLabel(status: string, locale: Locale): string {
  const l = STATUS_LABELS[status];
  return l ? (locale === 'en' ? l[1] : l[0]) : status;
}

function minutesLabel(minutes: number, locale: Locale): string {
  return locale === 'en' ? `${minutes} min` : `${minutes}分钟`;
}

/** "牵头单位：天水移动；完成时限：2023年10月31日" / "lead unit: …; deadline: …": the parts that have a value. */
function detailParts(parts: [string, string, string][], locale: Locale): string {
  const line = parts
    .filter(([, , value]) => value)
    .map(([zh, en, value]) => (locale === 'en' ? `${en}: ${value}` : `${zh}：${value}`))
    .join(locale === 'en' ? '; ' : '；');
  return locale === 'en' ? line.charAt(0).toUpperCase() + line.slice(1) : line;
}

function joinNames(names: string[], locale: Locale): string {
  return names.filter(Boolean).join(locale === 'en' ? ', ' : '、');
}

function office(doc: MeetingDoc, locale: Locale): { taskForce: string; office: string } {
  const taskForce = taskForceName({ planId: doc.plan.id, ...doc.plan }, locale);
  return { taskForce, office: locale === 'en' ? `Office of the ${taskForce}` : `${taskForce}办公室` };
}

export interface AttendeeLine {
  id: number;
  unitId: number | null;
  name: string;
  position: string | null;
  unit: string;
  /** 王涛（天水移动 副总经理）, or Wang Tao (China Mobile Tianshui Branch, deputy manager). */
  label: string;
}

function attendeeLine(doc: MeetingDoc, a: DocAttendee, locale: Locale): AttendeeLine {
  const unit = a.unitId !== null ? unitName(doc.unitsById.get(a.unitId), locale) : '';
  const extra = [unit, a.position ?? ''].filter(Boolean);
  const label = extra.length
    ? locale === 'en'
      ? `${a.name} (${extra.join(', ')})`
      : `${a.name}（${extra.join(' ')}）`
    : a.name;
  return { id: a.id, unitId: a.unitId, name: a.name, position: a.position, unit, label };
}

/** The parts every document of the meeting shares: who holds it, when, where, who comes. */
function common(doc: MeetingDoc, locale: Locale, opts: ViewOptions) {
  const m = doc.meeting;
  const { taskForce, office: derivedOffice } = office(doc, locale);
  const parts: PaperParts = opts.paper
    ? paperParts(opts.paper, locale, derivedOffice)
    : { organ: derivedOffice, contact: '', copyTo: '' };
  const officeName = parts.organ;
  const conveningUnit = m.conveningUnitId !== null ? unitName(doc.unitsById.get(m.conveningUnitId), locale) : '';
  const units = doc.units.map((u) => ({ id: u.id, code: u.code, name: unitName(u, locale) }));
  const attendees = doc.attendees.map((a) => attendeeLine(doc, a, locale));
  return {
    locale,
    meetingId: m.id,
    sequence: m.sequence,
    status: m.status,
    taskForce,
    office: officeName,
    /** 联系人：…，电话：…。 from the settings; empty without them. */
    contact: parts.contact,
    /** 抄送 names, joined; empty without them. */
    copyTo: parts.copyTo,
    issuedOn: opts.issuedOn,
    issuedLabel: longDate(opts.issuedOn, locale),
    title: meetingTitle(doc, locale),
    date: meetingDate(m.startsAt, opts.timeZone),
    dateLabel: longDate(meetingDate(m.startsAt, opts.timeZone), locale),
    timeLabel: meetingTimeLabel(m.startsAt, m.endsAt, locale, opts.timeZone),
    startsAt: m.startsAt.toISOString(),
    endsAt: m.endsAt.toISOString(),
    place: m.place,
    onlineLink: httpLink(m.onlineLink),
    conveningUnitId: m.conveningUnitId,
    conveningUnit,
    convenerName: m.convenerName,
    /** 李明华（天水市工业和信息化局）: the convener and the convening unit, as far as they are known. */
    convenerLabel: m.convenerName
      ? conveningUnit
        ? locale === 'en'
          ? `${m.convenerName} (${conveningUnit})`
          : `${m.convenerName}（${conveningUnit}）`
        : m.convenerName
      : conveningUnit,
    units,
    unitIds: units.map((u) => u.id),
    unitsLabel: joinNames(
      units.map((u) => u.name),
      locale,
    ),
    attendees,
    attendeeIds: attendees.map((a) => a.id),
    attendeesLabel: joinNames(
      attendees.map((a) => a.label),
      locale,
    ),
    cancelled: m.status === 'cancelled',
  };
}

export interface AgendaLine {
  id: number;
  /** The agenda items this line stands for: one matter (a task) once, however many reasons brought it. */
  itemIds: number[];
  number: number;
  numberLabel: string;
  kind: string;
  kindLabel: string;
  /** Why the matter is on the agenda: 逾期任务、受阻任务 …, when more than one reason brought it. */
  reasonsLabel: string;
  title: string;
  detail: string;
  /** The item's details as printed, line by line: figures, tasks due, what the reports say. */
  details: string[];
  leadUnitId: number | null;
  leadUnit: string;
  /** Who presents; a unit named as presenter is named in the reader's language. */
  presenter: string;
  /** The presenter when it is not the lead unit itself, for lines that already name the lead unit. */
  presenterNote: string;
  minutes: number;
  minutesLabel: string;
  /** The item's slot from the meeting's start, HH:mm–HH:mm. */
  slot: string;
  /** 牵头单位：…；汇报人：…；时长：10分钟（09:30–09:40）, the line under the item's title. */
  noteLine: string;
  sources: MeetingDoc['agenda'][number]['sources'];
}

export type AgendaView = ReturnType<typeof agendaView>;

/** Kinds of generated item that are about one task, and the words their titles start with. */
const TASK_MATTER = new Set(['coordination', 'overdue', 'blocked']);
const MATTER_PREFIX = /^(逾期任务|受阻任务|协调事项|Overdue|Blocked|For coordination)\s*[:：]\s*/;

/** 逾期任务:W1-6 建立…(天水移动) → W1-6 建立…: the matter itself, for a line that lists its reasons. */
function matterTitle(title: string, kind: string): string {
  const bare = title.replace(MATTER_PREFIX, '');
  return kind === 'coordination' ? bare.replace(/\s*[(（][^()（）]*[)）]$/, '') : bare;
}

type DocItem = MeetingDoc['agenda'][number];

/** The agenda's items with the ones about the same task put together, in the order of the first. */
export function agendaMatters(agenda: DocItem[]): DocItem[][] {
  const groups: DocItem[][] = [];
  const byTask = new Map<number, DocItem[]>();
  for (const item of agenda) {
    const ids = item.sources.taskIds ?? [];
    if (TASK_MATTER.has(item.kind) && ids.length === 1) {
      const group = byTask.get(ids[0]);
      if (group) {
        group.push(item);
        continue;
      }
      byTask.set(ids[0], [item]);
      groups.push(byTask.get(ids[0]) as DocItem[]);
    } else groups.push([item]);
  }
  return groups;
}

/** The agenda as a meeting notice (会议通知): heading, addressees, time, place, people, numbered items. */
export function agendaView(doc: MeetingDoc, locale: Locale, opts: ViewOptions) {
  const c = common(doc, locale, opts);
  let offset = 0;
  const start = zoned(doc.meeting.startsAt, opts.timeZone);
  const items: AgendaLine[] = agendaMatters(doc.agenda).map((group, i) => {
    const item = group[0];
    const merged = group.length > 1;
    const minutes = group.reduce((sum, g) => sum + g.minutes, 0);
    const from = start.plus({ minutes: offset });
    offset += minutes;
    const to = start.plus({ minutes: offset });
    const lead = item.leadUnitId !== null ? doc.unitsById.get(item.leadUnitId) : undefined;
    const leadUnit = unitName(lead, locale);
    // a presenter named as a unit is that unit, in the reader's language
    const presentingUnit = item.presenter
      ? [...doc.unitsById.values()].find((u) => item.presenter === u.name || item.presenter === u.nameEn)
      : undefined;
    const presenter =
      presentingUnit && lead && presentingUnit.id === lead.id
        ? leadUnit
        : presentingUnit
          ? unitName(presentingUnit, locale)
          : (item.presenter ?? '');
    const slot = `${from.toFormat('HH:mm')}–${to.toFormat('HH:mm')}`;
    const time =
      locale === 'en' ? `${minutesLabel(minutes, locale)} (${slot})` : `${minutesLabel(minutes, locale)}（${slot}）`;
    const title = pick(locale, item.title, item.titleEn);
    const details = group.flatMap((g) => {
      const lines = paragraphs(pick(locale, g.detail, g.detailEn)).map((l) => sentence(dataText(l)));
      if (!merged) return lines;
      const reason = kindLabel(g.kind, locale);
      return lines.length ? [`${reason}${locale === 'en' ? ': ' : '：'}${lines[0]}`, ...lines.slice(1)] : [reason];
    });
    return {
      id: item.id,
      itemIds: group.map((g) => g.id),
      number: i + 1,
      numberLabel: itemNumber(i + 1, locale),
      kind: item.kind,
      kindLabel: kindLabel(item.kind, locale),
      reasonsLabel: merged ? joinNames([...new Set(group.map((g) => kindLabel(g.kind, locale)))], locale) : '',
      title: dataText(merged ? matterTitle(title, item.kind) : title),
      detail: item.detail,
      details,
      leadUnitId: item.leadUnitId,
      leadUnit,
      presenter,
      presenterNote: presenter === leadUnit ? '' : presenter,
      minutes,
      minutesLabel: minutesLabel(minutes, locale),
      slot,
      noteLine: detailParts(
        [
          ['牵头单位', 'lead unit', leadUnit],
          ['汇报人', 'presenter', presenter === leadUnit ? '' : presenter],
          ['时长', 'time', time],
        ],
        locale,
      ),
      sources: item.sources,
    };
  });
  const totalMinutes = items.reduce((s, i) => s + i.minutes, 0);
  const meetingDay = meetingDate(doc.meeting.startsAt, opts.timeZone);
  const slip = opts.paper?.replySlip;
  const replyBy = slip?.enabled
    ? (DateTime.fromISO(meetingDay).minus({ days: slip.daysBefore }).toISODate() as string)
    : null;
  return {
    ...c,
    kind: 'agenda' as const,
    heading: locale === 'en' ? noticeTitle(c.title, 'en') : noticeTitle(c.title, 'zh-CN'),
    addressee: c.unitsLabel ? (locale === 'en' ? `To: ${c.unitsLabel}` : `${c.unitsLabel}：`) : '',
    intro:
      locale === 'en'
        ? `The ${c.office.replace(/^Office/, 'office')} will hold the ${c.title} on ${c.dateLabel}. ` +
          'The arrangements are as follows.'
        : `为协调推进专班各项工作，经研究，定于${c.dateLabel}召开${c.title}。现将有关事项通知如下：`,
    items,
    agendaItemIds: items.map((i) => i.id),
    /** 注：2027年工作日历…未加载…, when the notice's dates reach a year without calendar data; else null. */
    calendarNote: calendarNoteOf(opts, locale, [meetingDay, opts.issuedOn, replyBy, doc.meeting.agendaAsOf]),
    totalMinutes,
    totalMinutesLabel: minutesLabel(totalMinutes, locale),
    agendaAsOf: doc.meeting.agendaAsOf,
    agendaAsOfLabel: doc.meeting.agendaAsOf ? longDate(doc.meeting.agendaAsOf, locale) : '',
    request:
      locale === 'en'
        ? 'Please prepare the reports on your items and attend on time. Tell the task force office of any change ' +
          'in who attends.'
        : '请各参会单位认真准备汇报材料，安排相关负责同志按时参会。参会人员如有变动，请及时报专班办公室。',
    /** The reply slip (回执), when the settings ask for one: due some days before the meeting. */
    replySlip: replyBy
      ? {
          dueOn: replyBy,
          dueLabel: longDate(replyBy, locale),
          request:
            locale === 'en'
              ? `Please return the reply slip to the task force office by ${longDate(replyBy, 'en')}.`
              : `请各参会单位于${longDate(replyBy, 'zh-CN')}前将参会回执报专班办公室。`,
          heading: locale === 'en' ? 'Reply slip' : '参会回执',
          head:
            locale === 'en'
              ? ['Unit', 'Name', 'Position', 'Telephone', 'Notes']
              : ['单位', '姓名', '职务', '联系电话', '备注'],
        }
      : null,
  };
}

export interface DecisionLine {
  id: number;
  number: number;
  numberLabel: string;
  text: string;
  agendaItemId: number | null;
  leadUnitId: number | null;
  leadUnit: string;
  supportingUnitIds: number[];
  supportingUnits: string;
  deadline: string | null;
  deadlineLabel: string;
  taskId: number | null;
  taskCode: string;
  taskStatus: string;
  taskStatusLabel: string;
  /** W1-8（已交办）: the follow-up task and its status. */
  taskLabel: string;
  /** 牵头单位：…；配合单位：…；完成时限：…；跟踪任务：…, the line under the decision. */
  detailLine: string;
}

function decisionLine(doc: MeetingDoc, d: DocDecision, n: number, locale: Locale): DecisionLine {
  const leadUnit = d.leadUnitId !== null ? unitName(doc.unitsById.get(d.leadUnitId), locale) : '';
  const supportingUnits = joinNames(
    d.supportingUnitIds.map((id) => unitName(doc.unitsById.get(id), locale)),
    locale,
  );
  const deadlineLabel = d.deadline ? longDate(d.deadline, locale) : '';
  const status = d.task ? taskStatusLabel(d.task.status, locale) : '';
  const taskLabel = d.task ? (locale === 'en' ? `${d.task.code} (${status})` : `${d.task.code}（${status}）`) : '';
  return {
    id: d.id,
    number: n,
    numberLabel: `${n}.`,
    text: sentence(dataText(d.text)),
    agendaItemId: d.agendaItemId,
    leadUnitId: d.leadUnitId,
    leadUnit,
    supportingUnitIds: d.supportingUnitIds,
    supportingUnits,
    deadline: d.deadline,
    deadlineLabel,
    taskId: d.task?.id ?? d.taskId,
    taskCode: d.task?.code ?? '',
    taskStatus: d.task?.status ?? '',
    taskStatusLabel: status,
    taskLabel,
    detailLine: detailParts(
      [
        ['牵头单位', 'lead unit', leadUnit],
        ['配合单位', 'supporting units', supportingUnits],
        ['完成时限', 'deadline', deadlineLabel],
        ['跟踪任务', 'follow-up task', taskLabel],
      ],
      locale,
    ),
  };
}

export type MinutesView = ReturnType<typeof minutesView>;

/** The minutes (会议纪要): time, place, chair, attendance, the notes of each item, and the decisions. */
export function minutesView(doc: MeetingDoc, locale: Locale, opts: ViewOptions) {
  const c = common(doc, locale, opts);
  const byAttendance = (present: boolean | null) => c.attendees.filter((_, i) => doc.attendees[i].present === present);
  const present = byAttendance(true);
  const absent = byAttendance(false);
  const unrecorded = byAttendance(null);
  // One line per matter, as in the notice; items without notes are named once rather than printed empty.
  const matters = agendaMatters(doc.agenda).map((group) => {
    const item = group[0];
    const title = pick(locale, item.title, item.titleEn);
    const notes = group.map((g) => g.notes.trim()).filter(Boolean);
    return {
      id: item.id,
      itemIds: group.map((g) => g.id),
      title: dataText(group.length > 1 ? matterTitle(title, item.kind) : title),
      /** The matter without "逾期任务：", for the list of items heard without notes. */
      bareTitle: dataText(TASK_MATTER.has(item.kind) ? matterTitle(title, item.kind) : title),
      leadUnit: item.leadUnitId !== null ? unitName(doc.unitsById.get(item.leadUnitId), locale) : '',
      presenter: item.presenter ?? '',
      notes: notes.join('\n'),
      noteParagraphs: notes.flatMap(paragraphs).map(dataText),
    };
  });
  const items = matters
    .filter((m) => m.noteParagraphs.length)
    .map((m, i) => ({
      ...m,
      number: i + 1,
      numberLabel: locale === 'en' ? `${i + 1}.` : `（${chineseNumeral(i + 1)}）`,
    }));
  const unnoted = matters.filter((m) => !m.noteParagraphs.length);
  const decisions = doc.decisions.map((d, i) => decisionLine(doc, d, i + 1, locale));
  return {
    ...c,
    kind: 'minutes' as const,
    heading: locale === 'en' ? `Minutes of the ${c.title}` : `${c.title.replace(/纪要$/, '')}纪要`,
    intro:
      locale === 'en'
        ? `The ${c.title} was held on ${c.timeLabel}${c.place ? ` at ${c.place}` : ''}` +
          `${c.convenerLabel ? `, chaired by ${c.convenerLabel}` : ''}. These minutes record what it discussed ` +
          'and decided.'
        : `${c.timeLabel}，${c.convenerLabel ? `${c.convenerLabel}主持` : ''}召开${c.title}` +
          `${c.unitsLabel ? `，${c.unitsLabel}参加会议` : ''}。现将会议议定事项纪要如下：`,
    present,
    presentIds: present.map((a) => a.id),
    presentLabel: joinNames(
      present.map((a) => a.label),
      locale,
    ),
    absent,
    absentIds: absent.map((a) => a.id),
    absentLabel: joinNames(
      absent.map((a) => a.label),
      locale,
    ),
    unrecorded,
    unrecordedLabel: joinNames(
      unrecorded.map((a) => a.label),
      locale,
    ),
    summary: paragraphs(doc.meeting.minutes).map(dataText),
    items,
    agendaItemIds: items.map((i) => i.id),
    /** Agenda items heard without notes, named once: 会议还听取了…的汇报。 */
    unnotedLabel: unnoted.length
      ? locale === 'en'
        ? `The meeting also heard reports on ${joinNames(
            unnoted.map((m) => `“${m.bareTitle}”`),
            'en',
          )}.`
        : `会议还听取了${joinNames(
            unnoted.map((m) => `“${m.bareTitle}”`),
            'zh-CN',
          )}等议题的汇报。`
      : '',
    decisions,
    decisionIds: decisions.map((d) => d.id),
    /** 注：2027年工作日历…未加载…, when the minutes' dates reach a year without calendar data; else null. */
    calendarNote: calendarNoteOf(opts, locale, [c.date, opts.issuedOn, ...decisions.map((d) => d.deadline)]),
  };
}

export type ReminderLetterView = NonNullable<ReturnType<typeof reminderLetterView>>;

/** What the unit was given by the meeting: the decisions it leads and those it supports; null when nothing. */
export function reminderLetterView(doc: MeetingDoc, unitId: number, locale: Locale, opts: ViewOptions) {
  const c = common(doc, locale, opts);
  const all = doc.decisions.map((d, i) => decisionLine(doc, d, i + 1, locale));
  // Numbered within the letter; each line keeps the decision's id and names the other side of the work.
  const lines = (list: DecisionLine[], other: (d: DecisionLine) => [string, string, string]) =>
    list.map((d, i) => ({
      ...d,
      number: i + 1,
      numberLabel: `${i + 1}.`,
      letterLine: detailParts(
        [other(d), ['完成时限', 'deadline', d.deadlineLabel], ['跟踪任务', 'follow-up task', d.taskLabel]],
        locale,
      ),
    }));
  const led = lines(
    all.filter((d) => d.leadUnitId === unitId),
    (d) => ['配合单位', 'supporting units', d.supportingUnits],
  );
  const supported = lines(
    all.filter((d) => d.leadUnitId !== unitId && d.supportingUnitIds.includes(unitId)),
    (d) => ['牵头单位', 'lead unit', d.leadUnit],
  );
  if (!led.length && !supported.length) return null;
  const unit = unitName(doc.unitsById.get(unitId), locale);
  return {
    ...c,
    kind: 'reminder-letter' as const,
    unitId,
    unit,
    heading: locale === 'en' ? 'Reminder Letter' : '工作提醒函',
    subheading: locale === 'en' ? `Decisions of the ${c.title}` : `${c.title}议定事项`,
    addressee: locale === 'en' ? `To: ${unit}` : `${unit}：`,
    intro:
      locale === 'en'
        ? `The ${c.title}, held on ${c.dateLabel}, gave your unit the tasks below, to lead or to support. Please ` +
          'carry them out by their deadlines and report progress in time.'
        : `${c.dateLabel}召开的${c.title}议定了以下由贵单位牵头或配合落实的事项。请对照完成时限抓好落实，` +
          '并按时报送工作进展。',
    led,
    supported,
    decisionIds: [...led, ...supported].map((d) => d.id),
    /** 注：2027年工作日历…未加载…, when the letter's dates reach a year without calendar data; else null. */
    calendarNote: calendarNoteOf(opts, locale, [
      c.date,
      opts.issuedOn,
      ...[...led, ...supported].map((d) => d.deadline),
    ]),
    closing:
      locale === 'en'
        ? 'Lead units consolidate the progress of their supporting units and report it to the task force office.'
        : '牵头单位负责汇总配合单位工作进展，统一报专班办公室。',
  };
}

/** Text split into paragraphs at blank lines (and single line breaks), trimmed, without empty ones. */
export function paragraphs(text: string): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean);
}

const UNSAFE = /[\\/:*?"<>|\r\n]+/g;

/** 会商会议议程-2023-09-28.docx, meeting-agenda-2023-09-28.docx in English. */
export function documentFileName(
  doc: MeetingDoc,
  kind: DocumentKind | 'invitation' | 'reminder-letter',
  locale: Locale,
  ext: string,
  timeZone: string,
  unit?: DocUnit,
): string {
  const date = meetingDate(doc.meeting.startsAt, timeZone);
  const zh = {
    agenda: '会商会议议程',
    minutes: '会商会议纪要',
    invitation: '会商会议邀请',
    'reminder-letter': '工作提醒函',
  };
  const en = {
    agenda: 'meeting-agenda',
    minutes: 'meeting-minutes',
    invitation: 'meeting-invitation',
    'reminder-letter': 'reminder-letter',
  };
  const who = unit ? `-${locale === 'en' ? unit.code : unit.name}` : '';
  const base = locale === 'en' ? `${en[kind]}${who}-${date}` : `${zh[kind]}${who}-${date}`;
  return `${base.replace(UNSAFE, ' ').trim()}.${ext}`;
}

/** The file name for clients that do not read RFC 5987: ASCII only. */
export function asciiFileName(
  doc: MeetingDoc,
  kind: DocumentKind | 'invitation',
  locale: Locale,
  ext: string,
  timeZone: string,
): string {
  const date = meetingDate(doc.meeting.startsAt, timeZone);
  return `meeting-${doc.meeting.id}-${kind}-${date}${locale === 'en' ? '-en' : ''}.${ext}`;
}
