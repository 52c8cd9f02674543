// A bulletin as a Word document, laid out as a task force's 工作通报 (GB/T 9704 page): the red masthead with the
// bulletin's title, 第N期, the editing office and the date over a red line; a title; numbered sections with their
// tables; the 报/送 closing block with the printing line.
import type { Paragraph, Table } from 'docx';
import { cellDate } from '../documents/chinese';
import {
  blank,
  body,
  closingBlock,
  dataTable,
  heading,
  SIZES,
  title,
  writePaper,
  type DocLocale,
} from '../documents/docx';
import { paperParts, type PaperSettings } from '../documents/paper.service';
import type { BulletinSnapshot } from './bulletin-snapshot';
import { bulletinView, type BulletinView } from './bulletin-view';

const DIGITS = '一二三四五六七八九';

/** 一 … 十, 十一 … 十九, 二十 …: the numbers before the first-level headings. */
export function chineseNumeral(n: number): string {
  if (n < 10) return DIGITS[n - 1];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return `${tens === 1 ? '' : DIGITS[tens - 1]}十${ones ? DIGITS[ones - 1] : ''}`;
}

const LABELS = {
  'zh-CN': {
    title: (v: BulletinView) => `${v.periodLabel}专班工作推进情况`,
    sections: [
      '主要指标完成情况',
      '工作事项推进情况',
      '本期办结任务',
      '逾期任务和三色督办情况',
      '成员单位排名',
      '报送滞后单位',
      '需协调解决事项',
      '考评排名',
      '成员单位签收情况',
      '催办情况',
    ],
    numbering: (n: number) => `${chineseNumeral(n)}、`,
    lede: (v: BulletinView) =>
      `现将${v.periodLabel}专班工作推进情况通报如下，数据截至${v.asOfLabel}。` +
      `计划共有工作任务${v.summary.tasks}项，正在推进${v.summary.open}项；本期办结${v.summary.closed}项；` +
      `逾期${v.summary.overdue}项；三色督办红色${v.summary.red}项、黄色${v.summary.yellow}项、蓝色${v.summary.blue}项；` +
      `需协调事项${v.summary.coordination}项。`,
    // the two pro-rata columns named short in the table and in full in the note under it
    indicatorHead: ['指标', '目标值', '完成值', '完成率', '序时进度\n（数据日）', '序时进度\n（今日）', '状态'],
    proRataNote: '表中“序时进度（数据日）”指截至最新数据日的序时进度，“序时进度（今日）”指截至今日的序时进度。',
    workItemHead: ['工作事项', '任务', '在办', '办结', '逾期', '红/黄/蓝', '平均进度'],
    closedHead: ['任务', '牵头单位', '完成时限', '办结日期', '按期', '调整时限'],
    gradesHead: ['单位', '在办任务', '逾期', '红色', '黄色', '蓝色'],
    overdueHead: ['逾期任务', '牵头单位', '完成时限', '逾期工作日', '进度'],
    rankingHead: ['名次', '单位', '按期办结率', '按期/办结', '按期报送率', '按期/应报'],
    lateHead: ['调度', '截止日期', '单位', '未报送', '逾期报送'],
    coordinationHead: ['序号', '任务', '报送单位', '报送日期', '存在问题'],
    assessmentHead: ['名次', '单位', '得分'],
    assessmentRule: (points: string) => `考评计分：${points}。得分相同的单位名次并列。`,
    acknowledgementHead: ['单位', '应签收', '按时签收', '逾期', '尚未签收', '签收及时率'],
    acknowledgementNote: '签收及时率为本期送达事项中按时签收的比例；逾期含超时签收和超时未签收。',
    noAcknowledgements: '本期无送达签收事项。',
    urgingHead: ['单位', '催办次数'],
    noUrgings: '本期无催办。',
    by: (date: string) => `${date}前`,
    asOf: (date: string) => `截至${date}`,
    noIndicators: '本计划未设置重点指标。',
    noClosed: '本期无办结任务。',
    noGrades: '无在办任务。',
    noOverdue: '本期无逾期任务。',
    noRanking: '暂无可排名的单位。',
    unranked: (names: string, min: number) => `牵头任务不足${min}项、暂不排名的单位：${names}。`,
    noLate: '本期无到期调度，或各单位均已按时报送。',
    noCoordination: '截至统计日无需协调事项。',
    more: (n: number) => `另有${n}项，见任务清单。`,
    closedSummary: (onTime: number, replanned: number, total: number) =>
      `本期办结${total}项，其中按期办结${onTime}项，调整过完成时限${replanned}项。`,
    report: { label: '报：', names: '专班负责人' },
    send: { label: '送：', names: '专班各成员单位' },
    copy: '抄送：',
    printed: (date: string) => `${date}印发`,
    measure: (figure: string, measure: string) => `${figure}${measure}`,
  },
  en: {
    title: (v: BulletinView) => `Progress of the task force, ${v.periodLabel}`,
    sections: [
      'Headline indicators',
      'Progress by work item',
      'Tasks closed in the period',
      'Overdue tasks and colour grades by unit',
      'Ranking of member units',
      'Units late with their reports',
      'Matters needing coordination',
      'Unit assessment',
      'Acknowledgements by unit',
      'Urgings by unit',
    ],
    numbering: (n: number) => `${n}. `,
    lede: (v: BulletinView) =>
      `This bulletin reports the task force's progress for ${v.periodLabel}, with figures as of ${v.asOfLabel}. ` +
      `The plan has ${v.summary.tasks} tasks, ${v.summary.open} of them under way; ${v.summary.closed} closed in ` +
      `the period; ${v.summary.overdue} overdue; colour grades: ${v.summary.red} red, ${v.summary.yellow} yellow, ` +
      `${v.summary.blue} blue; ${v.summary.coordination} matters need coordination.`,
    indicatorHead: ['Indicator', 'Target', 'Actual', 'Done', 'Pro-rata\n(latest value)', 'Pro-rata\n(today)', 'Status'],
    proRataNote:
      "Pro-rata (latest value): as of the date of the latest value; pro-rata (today): as of the bulletin's date.",
    workItemHead: ['Work item', 'Tasks', 'Open', 'Closed', 'Overdue', 'R/Y/B', 'Progress'],
    closedHead: ['Task', 'Lead unit', 'Deadline', 'Closed on', 'On time', 'Re-planned'],
    gradesHead: ['Unit', 'Open', 'Overdue', 'Red', 'Yellow', 'Blue'],
    overdueHead: ['Overdue task', 'Lead unit', 'Deadline', 'Days late', 'Progress'],
    rankingHead: ['Rank', 'Unit', 'On-time closing', 'On time / closed', 'On-time reporting', 'On time / due'],
    lateHead: ['Dispatch round', 'Due', 'Unit', 'Missing', 'Late'],
    coordinationHead: ['No.', 'Task', 'Unit', 'Filed on', 'Problems'],
    assessmentHead: ['Rank', 'Unit', 'Score'],
    assessmentRule: (points: string) => `Points: ${points}. Units with equal scores share a rank.`,
    acknowledgementHead: ['Unit', 'Requested', 'On time', 'Late', 'Awaited', 'On-time rate'],
    acknowledgementNote:
      'On-time rate: the share of the items sent in the period acknowledged by their due time; late counts items acknowledged after it and items still awaited past it.',
    noAcknowledgements: 'Nothing was sent for acknowledgement in the period.',
    urgingHead: ['Unit', 'Urgings'],
    noUrgings: 'No unit was urged in the period.',
    by: (date: string) => `by ${date}`,
    asOf: (date: string) => `as of ${date}`,
    noIndicators: 'The plan has no headline indicators.',
    noClosed: 'No task was closed in the period.',
    noGrades: 'No task is open.',
    noOverdue: 'No task is overdue.',
    noRanking: 'No unit can be ranked yet.',
    unranked: (names: string, min: number) => `Not ranked (leading fewer than ${min} tasks): ${names}.`,
    noLate: 'No dispatch round fell due in the period, or every unit reported on time.',
    noCoordination: 'No matter needing coordination is open.',
    more: (n: number) => `and ${n} more, see the task list.`,
    closedSummary: (onTime: number, replanned: number, total: number) =>
      `${total} tasks were closed in the period: ${onTime} on time, ${replanned} after their deadline was moved.`,
    report: { label: 'To: ', names: 'the leads of the task force' },
    send: { label: 'Copied to: ', names: 'all member units' },
    copy: 'Also to: ',
    printed: (date: string) => `Issued ${date}`,
    measure: (figure: string, measure: string) => `${figure} ${measure}`,
  },
} as const;

/** The bulletin as a .docx file in the given language. */
export function bulletinDocument(
  snapshot: BulletinSnapshot,
  locale: DocLocale,
  settings?: PaperSettings,
): Promise<Buffer> {
  const v = bulletinView(snapshot, locale);
  const L = LABELS[locale];
  const parts = settings ? paperParts(settings, locale, v.office) : { organ: v.office, contact: '', copyTo: '' };
  const year = Number(v.asOf.slice(0, 4));
  const day = (d: string | null) => cellDate(d, locale, year);
  const out: (Paragraph | Table)[] = [];
  // numbered as they appear: a snapshot older than a section has none of it, and the ones after move up
  let shown = 0;
  const section = (n: number) => out.push(heading(locale, 1, `${L.numbering(++shown)}${L.sections[n - 1]}`));
  const note = (text: string) => out.push(body(locale, text));
  const table = (
    head: readonly string[],
    rows: string[][],
    align: ('left' | 'center' | 'right')[],
    colour?: (row: number, col: number) => string | undefined,
    size?: number,
  ) => {
    out.push(dataTable(locale, [...head], rows, { align, colour, size }));
    out.push(blank());
  };
  // after a list cut at bulletins.maxListedTasks: how many it leaves out, and where they are
  const more = (n: number) => {
    if (n > 0) note(L.more(n));
  };

  out.push(blank(2));
  out.push(title(locale, L.title(v), { linesAfter: 1 }));
  note(L.lede(v));
  if (v.calendarNote) note(v.calendarNote);

  section(1);
  if (v.indicators.length) {
    table(
      L.indicatorHead,
      v.indicators.map((i) => [
        i.name,
        `${L.measure(i.target, i.measure)}\n${L.by(day(i.targetDateShort))}`,
        i.latestOn ? `${L.measure(i.latest, i.measure)}\n${L.asOf(day(i.latestOn))}` : '—',
        i.achievementLabel,
        i.proRataAtLatestLabel,
        i.proRataLabel,
        i.statusLabel,
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'center'],
      (row, col) => (col === 6 && v.indicators[row].behind ? 'C00000' : undefined),
      // seven columns of figures with dates under them: 五号 keeps a date on one line
      SIZES.wuhao,
    );
    note(L.proRataNote);
  } else note(L.noIndicators);

  section(2);
  table(
    L.workItemHead,
    v.workItems.map((w) => [
      `${w.code} ${w.title}`,
      String(w.tasks),
      String(w.open),
      String(w.closed),
      String(w.overdue),
      `${w.red}/${w.yellow}/${w.blue}`,
      w.meanProgressLabel,
    ]),
    ['left', 'center', 'center', 'center', 'center', 'center', 'right'],
  );
  note(v.rules.counting);

  section(3);
  if (v.closed.length) {
    note(L.closedSummary(v.closedOnTime, v.closedReplanned, v.summary.closed));
    table(
      L.closedHead,
      v.closed.map((t) => [
        `${t.code} ${t.title}`,
        t.unit,
        day(t.deadline),
        day(t.closedOn),
        t.onTimeLabel,
        t.replannedShortLabel,
      ]),
      ['left', 'left', 'center', 'center', 'center', 'center'],
    );
    more(v.closedMore);
  } else note(L.noClosed);

  section(4);
  if (v.unitGrades.length) {
    table(
      L.gradesHead,
      v.unitGrades.map((u) => [
        u.unit,
        String(u.open),
        String(u.overdue),
        String(u.red),
        String(u.yellow),
        String(u.blue),
      ]),
      ['left', 'center', 'center', 'center', 'center', 'center'],
    );
  } else note(L.noGrades);
  if (v.overdueTasks.length) {
    table(
      L.overdueHead,
      v.overdueTasks.map((t) => [`${t.code} ${t.title}`, t.unit, day(t.deadline), String(t.days), `${t.progress}%`]),
      ['left', 'left', 'center', 'center', 'right'],
    );
    more(v.overdueMore);
  } else note(L.noOverdue);

  section(5);
  if (v.ranking.length) {
    note(v.rules.ranking);
    table(
      L.rankingHead,
      v.ranking.map((r) => [
        String(r.rank),
        r.unit,
        r.closingRateLabel,
        `${r.closedOnTime}/${r.closed}`,
        r.reportingRateLabel,
        `${r.reportedOnTime}/${r.expected}`,
      ]),
      ['center', 'left', 'right', 'center', 'right', 'center'],
    );
  } else note(L.noRanking);
  if (v.unranked) note(L.unranked(v.unranked, v.rules.minTasks));

  section(6);
  const lateRows = v.lateRounds.flatMap((r) =>
    r.units.map((u) => [r.title, day(r.dueDate), u.unit, String(u.missing), String(u.late)]),
  );
  if (lateRows.length) {
    table(L.lateHead, lateRows, ['left', 'center', 'left', 'center', 'center']);
  } else note(L.noLate);

  section(7);
  note(v.rules.coordination);
  if (v.coordination.length) {
    table(
      L.coordinationHead,
      v.coordination.map((c) => [String(c.index), `${c.code} ${c.title}`, c.unit, day(c.filedOn), c.problems]),
      ['center', 'left', 'left', 'center', 'left'],
    );
    more(v.coordinationMore);
  } else note(L.noCoordination);

  // a snapshot generated before the assessment has no section for it
  if (v.assessment.length) {
    section(8);
    note(L.assessmentRule(v.assessmentPoints));
    table(
      L.assessmentHead,
      v.assessment.map((a) => [String(a.rank), a.unit, String(a.score)]),
      ['center', 'left', 'right'],
    );
  }

  // sections of follow-up: in snapshots that carry them
  if (snapshot.followUp) {
    const unitName = (u: { name: string; nameEn: string | null }) => (locale === 'en' ? (u.nameEn ?? u.name) : u.name);
    section(9);
    const acks = snapshot.followUp.acknowledgements;
    if (acks.length) {
      note(L.acknowledgementNote);
      table(
        L.acknowledgementHead,
        acks.map((a) => [
          unitName(a),
          String(a.requested),
          String(a.onTime),
          String(a.late),
          String(a.pending),
          `${((a.onTime / a.requested) * 100).toFixed(1)}%`,
        ]),
        ['left', 'center', 'center', 'center', 'center', 'right'],
      );
    } else note(L.noAcknowledgements);
    section(10);
    const urged = snapshot.followUp.urgings;
    if (urged.length) {
      table(
        L.urgingHead,
        urged.map((u) => [unitName(u), String(u.count)]),
        ['left', 'center'],
      );
    } else note(L.noUrgings);
  }

  const lines: { label: string; names: string }[] = [L.report, L.send];
  if (parts.copyTo) lines.push({ label: L.copy, names: parts.copyTo });
  out.push(...closingBlock(locale, { lines, printer: parts.organ, printed: L.printed(v.issuedLabel) }));

  return writePaper({
    locale,
    title: `${v.title} ${v.numberLabel}`,
    subject: v.periodLabel,
    creator: parts.organ,
    masthead: { kind: 'bulletin', title: v.title, issue: v.numberLabel, office: parts.organ, date: v.issuedLabel },
    children: out,
  });
}
