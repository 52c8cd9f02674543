// The supervision notice (督办单) for one task graded yellow or red (blue on request): numbered per year, addressed to
// the lead unit, with the facts (deadline, progress against pro-rata, what is late), what is required and by when, and a
// reply section (办理情况反馈) with date and signature lines. Pure: the view is made from the task as the API shows it.
import { longDate } from '../documents/chinese';
import {
  blank,
  body,
  closingBlock,
  flush,
  formTable,
  heading,
  para,
  run,
  signature,
  title,
  writePaper,
  type DocLocale,
} from '../documents/docx';
import type { PaperParts } from '../documents/paper.service';
import { calendarNote } from '../calendar/calendar-gaps';
import type { Colour } from './grades';
import type { TaskView } from './task.view';

export interface SupervisionInput {
  task: TaskView;
  /** The plan's title (the basis of the supervision), in Chinese and English. */
  plan: { title: string; titleEn: string | null };
  parts: PaperParts;
  /** 督办〔2023〕5号. */
  number: string;
  issuedOn: string;
  /** The day the unit's answer is due. */
  replyBy: string;
  /** Working days past the deadline (0 when not overdue). */
  workingDaysOverdue: number;
  /** Years without a working-day calendar that the notice's dates reach (WorkingDaysService.missingYears). */
  calendarMissingYears?: number[];
}

const GRADE: Record<Colour, { zh: string; en: string; colour: string; why: [string, string] }> = {
  red: { zh: '红色', en: 'Red', colour: 'C00000', why: ['已逾期', 'overdue'] },
  yellow: { zh: '黄色', en: 'Yellow', colour: 'B8860B', why: ['进度滞后于序时进度', 'behind pro-rata'] },
  blue: { zh: '蓝色', en: 'Blue', colour: '1F4E9A', why: ['临近完成时限', 'deadline near'] },
};

const pick = (locale: DocLocale, zh: string, en: string | null | undefined) => (locale === 'en' ? en || zh : zh);

export function supervisionView(input: SupervisionInput, locale: DocLocale) {
  const t = input.task;
  const colour: Colour = t.colour ?? 'blue';
  const g = GRADE[colour];
  const en = locale === 'en';
  const unit = (u: { name?: string; nameEn?: string | null }) => pick(locale, u.name ?? '', u.nameEn);
  const lead = unit(t.leadUnit as { name?: string; nameEn?: string | null });
  const supporting = t.supportingUnits.map(unit).join(en ? ', ' : '、');
  const taskTitle = `${t.code} ${pick(locale, t.title, t.titleEn)}`;
  const plan = pick(locale, input.plan.title, input.plan.titleEn);
  const workItem = t.workItem && 'title' in t.workItem ? pick(locale, t.workItem.title ?? '', t.workItem.titleEn) : '';
  const date = (d: string) => longDate(d, locale);
  const expected = t.expectedProgress;
  const progress = en
    ? `${t.progress}%${expected !== null ? ` (pro-rata ${expected}%)` : ''}`
    : `${t.progress}%${expected !== null ? `（序时进度${expected}%）` : ''}`;
  const late = t.overdue
    ? en
      ? `Overdue by ${input.workingDaysOverdue} working days: the deadline was ${date(t.deadline)}.`
      : `已逾期${input.workingDaysOverdue}个工作日（完成时限${date(t.deadline)}）。`
    : expected !== null && t.progress < expected
      ? en
        ? `Behind pro-rata by ${expected - t.progress} points.`
        : `进度落后序时进度${expected - t.progress}个百分点。`
      : en
        ? `Due in ${t.workingDaysLeft} working days.`
        : `距完成时限还有${t.workingDaysLeft}个工作日。`;
  const requirement = en
    ? `Take the matter in hand at once, clear what holds it up, and finish it ${t.overdue ? 'as soon as possible' : `by ${date(t.deadline)}`}; ` +
      `report what was done, and the new completion date if any, by ${date(input.replyBy)}.`
    : `请贵单位高度重视，立即组织力量${supporting ? '并会同配合单位' : ''}研究解决存在的问题，` +
      `${t.overdue ? '尽快完成' : `确保${date(t.deadline)}前完成`}任务，并于${date(input.replyBy)}前` +
      '将办理情况（含整改措施和预计完成时间）书面报专班办公室。';
  return {
    locale,
    colour,
    gradeLabel: en ? `${g.en} grade` : `${g.zh}督办`,
    gradeColour: g.colour,
    number: input.number,
    organ: input.parts.organ,
    contact: input.parts.contact,
    copyTo: [...t.supportingUnits.map(unit), input.parts.copyTo].filter(Boolean).join(en ? ', ' : '，'),
    heading: en ? 'Supervision Notice' : '督办单',
    subheading: en ? `${g.en} grade: ${g.why[1]}` : `（${g.zh}督办：${g.why[0]}）`,
    addressee: en ? `To: ${lead}` : `${lead}：`,
    intro: en
      ? `Under the ${plan.replace(/^Work plan\b/, 'work plan')}, your unit leads the task "${taskTitle}". As of ${date(input.issuedOn)} it is ` +
        `${g.why[1]}; its progress is ${progress}. The task force office places it under ${g.en.toLowerCase()}-grade ` +
        'supervision and asks you to act as follows.'
      : `根据《${plan}》，贵单位牵头负责“${taskTitle}”任务。截至${date(input.issuedOn)}，该任务${g.why[0]}，` +
        `当前进度${progress}。现予${g.zh}督办，请按要求抓紧办理。`,
    facts: [
      { label: en ? 'Matter' : '督办事项', value: taskTitle },
      {
        label: en ? 'Basis' : '督办依据',
        value: en ? `${plan}${workItem ? `, ${workItem}` : ''}` : `《${plan}》${workItem ? `“${workItem}”` : ''}`,
      },
      { label: en ? 'Lead unit' : '牵头单位', value: lead },
      { label: en ? 'Supporting units' : '配合单位', value: supporting || '—' },
      { label: en ? 'Deadline' : '完成时限', value: date(t.deadline) },
      { label: en ? 'Progress' : '当前进度', value: progress },
      { label: en ? 'What is late' : '滞后情况', value: late },
      { label: en ? 'Required' : '督办要求', value: requirement },
      { label: en ? 'Reply by' : '反馈时限', value: date(input.replyBy) },
    ],
    replyHeading: en ? 'Reply (to be returned to the task force office)' : '办理情况反馈',
    reply: [
      { label: en ? 'What was done' : '办理情况', value: '', height: 2400 },
      { label: en ? 'Completion expected' : '预计完成时间', value: en ? '' : '　　　　年　　月　　日' },
      {
        label: en ? 'Handled by' : '经办人',
        value: en ? 'Name:                Telephone:' : '姓名：　　　　　　　电话：',
      },
      { label: en ? 'Head of unit' : '单位负责人', value: en ? 'Signature:' : '（签字）' },
      {
        label: en ? 'Date and seal' : '反馈日期',
        value: en ? 'Date:                (seal)' : '　　　　年　　月　　日（盖章）',
      },
    ],
    issuedLabel: date(input.issuedOn),
    /** 注：2027年工作日历…未加载…, when the notice's dates reach a year without calendar data; else null. */
    calendarNote: calendarNote(input.calendarMissingYears, locale),
  };
}

export type SupervisionView = ReturnType<typeof supervisionView>;

export function supervisionDocument(v: SupervisionView): Promise<Buffer> {
  const locale = v.locale;
  const out = [
    blank(2),
    title(locale, v.heading),
    para([run(locale, v.subheading, { colour: v.gradeColour, bold: true })], { align: 'center', linesAfter: 1 }),
    flush(locale, v.addressee),
    body(locale, v.intro),
    blank(),
    formTable(locale, v.facts),
    blank(),
  ];
  if (v.calendarNote) out.push(body(locale, v.calendarNote));
  if (v.contact) out.push(body(locale, v.contact, { keepNext: true }));
  out.push(...signature(locale, v.organ, v.issuedLabel));
  out.push(heading(locale, 1, v.replyHeading, { pageBreakBefore: true, align: 'center', indent: false }));
  out.push(blank());
  out.push(formTable(locale, v.reply));
  const lines = v.copyTo ? [{ label: locale === 'en' ? 'Copied to: ' : '抄送：', names: v.copyTo }] : [];
  out.push(
    ...closingBlock(locale, {
      lines,
      printer: v.organ,
      printed: locale === 'en' ? `Issued ${v.issuedLabel}` : `${v.issuedLabel}印发`,
    }),
  );
  return writePaper({
    locale,
    title: `${v.heading} ${v.number}`,
    creator: v.organ,
    masthead: { kind: 'document', organ: v.organ, number: v.number },
    children: out,
  });
}
