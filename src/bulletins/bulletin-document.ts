// A bulletin as a Word document, laid out as a Chinese government bulletin (通报): the title and issue number
// centred, the issuing office and date over a rule, then numbered sections with their tables, and the
// distribution line at the end.
import type { Paragraph, Table } from 'docx';
import { dataTable, paragraph, splitLine, writePaper, type DocLocale } from '../documents/docx';
import type { BulletinSnapshot } from './bulletin-snapshot';
import { bulletinView } from './bulletin-view';

const LABELS = {
  'zh-CN': {
    sections: [
      '主要指标完成情况',
      '工作事项推进情况',
      '本期办结任务',
      '逾期任务和三色督办情况',
      '成员单位排名',
      '报送滞后单位',
      '需协调解决事项',
    ],
    numbering: (n: number) => `${'一二三四五六七八九十'[n - 1]}、`,
    lede: (v: ReturnType<typeof bulletinView>) =>
      `现将${v.periodLabel}专班工作推进情况通报如下,数据截至${v.asOfLabel}。` +
      `计划共有工作任务${v.summary.tasks}项,正在推进${v.summary.open}项;本期办结${v.summary.closed}项;` +
      `逾期${v.summary.overdue}项;三色督办红色${v.summary.red}项、黄色${v.summary.yellow}项、蓝色${v.summary.blue}项;` +
      `需协调事项${v.summary.coordination}项。`,
    indicatorHead: ['指标', '计量单位', '目标值', '完成值', '完成率', '序时进度', '状态'],
    workItemHead: ['工作事项', '任务数', '在办', '已办结', '逾期', '红/黄/蓝', '平均进度'],
    closedHead: ['任务', '牵头单位', '完成时限', '办结日期', '按期办结', '调整时限'],
    gradesHead: ['单位', '在办任务', '逾期', '红色', '黄色', '蓝色'],
    overdueHead: ['逾期任务', '牵头单位', '完成时限', '逾期工作日', '进度'],
    rankingHead: ['名次', '单位', '按期办结率', '按期办结/办结', '按期报送率', '按期报送/应报'],
    lateHead: ['调度', '截止日期', '单位', '未报送', '逾期报送'],
    coordinationHead: ['序号', '任务', '报送单位', '报送日期', '存在问题'],
    noIndicators: '本计划未设置重点指标。',
    noClosed: '本期无办结任务。',
    noGrades: '无在办任务。',
    noOverdue: '本期无逾期任务。',
    noRanking: '暂无可排名的单位。',
    unranked: (names: string) => `尚无办结任务或到期调度、暂不排名的单位:${names}。`,
    noLate: '本期无到期调度,或各单位均已按时报送。',
    noCoordination: '本期无需协调事项。',
    closedSummary: (onTime: number, replanned: number, total: number) =>
      `本期办结${total}项,其中按期办结${onTime}项,调整过完成时限${replanned}项。`,
    rankingNote:
      '按期办结率按计划开始以来办结的任务计算;按期报送率按本期到期的调度计算;排名依两项比率的平均值,相同时按单位代码排序。',
    distribution: '发送:专班负责人,专班各成员单位。',
    printed: (office: string, date: string) => `${office}\u3000\u3000${date}印发`,
  },
  en: {
    sections: [
      'Headline indicators',
      'Progress by work item',
      'Tasks closed in the period',
      'Overdue tasks and colour grades by unit',
      'Ranking of member units',
      'Units late with their reports',
      'Matters needing coordination',
    ],
    numbering: (n: number) => `${n}. `,
    lede: (v: ReturnType<typeof bulletinView>) =>
      `This bulletin reports the task force's progress for ${v.periodLabel}, with figures as of ${v.asOfLabel}. ` +
      `The plan has ${v.summary.tasks} tasks, ${v.summary.open} of them under way; ${v.summary.closed} closed in ` +
      `the period; ${v.summary.overdue} overdue; colour grades: ${v.summary.red} red, ${v.summary.yellow} yellow, ` +
      `${v.summary.blue} blue; ${v.summary.coordination} matters need coordination.`,
    indicatorHead: ['Indicator', 'Unit', 'Target', 'Actual', 'Achieved', 'Pro-rata', 'Status'],
    workItemHead: ['Work item', 'Tasks', 'Open', 'Closed', 'Overdue', 'Red/Yellow/Blue', 'Mean progress'],
    closedHead: ['Task', 'Lead unit', 'Deadline', 'Closed on', 'On time', 'Re-planned'],
    gradesHead: ['Unit', 'Open tasks', 'Overdue', 'Red', 'Yellow', 'Blue'],
    overdueHead: ['Overdue task', 'Lead unit', 'Deadline', 'Working days overdue', 'Progress'],
    rankingHead: ['Rank', 'Unit', 'On-time closing', 'On time / closed', 'On-time reporting', 'On time / expected'],
    lateHead: ['Dispatch round', 'Due', 'Unit', 'Not reported', 'Reported late'],
    coordinationHead: ['No.', 'Task', 'Unit', 'Filed on', 'Problems'],
    noIndicators: 'The plan has no headline indicators.',
    noClosed: 'No task was closed in the period.',
    noGrades: 'No task is open.',
    noOverdue: 'No task is overdue.',
    noRanking: 'No unit can be ranked yet.',
    unranked: (names: string) => `Not ranked yet (no task closed and no dispatch round due): ${names}.`,
    noLate: 'No dispatch round fell due in the period, or every unit reported on time.',
    noCoordination: 'No matter needing coordination was raised in the period.',
    closedSummary: (onTime: number, replanned: number, total: number) =>
      `${total} tasks were closed in the period: ${onTime} on time, ${replanned} after their deadline was moved.`,
    rankingNote:
      'On-time closing counts the tasks closed since the plan began; on-time reporting counts the dispatch rounds ' +
      'due in the period; units are ranked by the mean of the two rates, ties by unit code.',
    distribution: 'To: the leads of the task force and all member units.',
    printed: (office: string, date: string) => `Issued by the ${office.replace(/^Office/, 'office')}, ${date}`,
  },
} as const;

/** The bulletin as a .docx file in the given language. */
export function bulletinDocument(snapshot: BulletinSnapshot, locale: DocLocale): Promise<Buffer> {
  const v = bulletinView(snapshot, locale);
  const L = LABELS[locale];
  const body: (Paragraph | Table)[] = [];
  const section = (n: number) =>
    body.push(
      paragraph(locale, `${L.numbering(n)}${L.sections[n - 1]}`, 'heading', {
        spaceBefore: 240,
        spaceAfter: 120,
        keepNext: true,
      }),
    );
  const note = (text: string) => body.push(paragraph(locale, text, 'body', { indent: true, spaceAfter: 120 }));
  const table = (
    head: readonly string[],
    rows: string[][],
    widths?: number[],
    align?: ('left' | 'center' | 'right')[],
  ) => {
    body.push(dataTable(locale, [...head], rows, { widths, align }));
    body.push(paragraph(locale, '', 'small', { spaceAfter: 120 }));
  };

  // Masthead: title, issue number, issuing office and date over a rule.
  body.push(paragraph(locale, v.title, 'title', { align: 'center', spaceBefore: 240, spaceAfter: 240 }));
  body.push(paragraph(locale, v.numberLabel, 'subtitle', { align: 'center', spaceAfter: 240 }));
  body.push(splitLine(locale, v.office, v.issuedLabel, { borderBottom: true }));
  body.push(paragraph(locale, '', 'body', { spaceAfter: 120 }));
  note(L.lede(v));

  section(1);
  if (v.indicators.length) {
    table(
      L.indicatorHead,
      v.indicators.map((i) => [
        i.name,
        i.measure,
        `${i.target}\n(${i.targetDateShort})`,
        i.latestOn ? `${i.latest}\n(${i.latestOn})` : '—',
        i.achievementLabel,
        i.proRataLabel,
        i.statusLabel,
      ]),
      [4, 1.2, 1.8, 1.8, 1.3, 1.3, 1.6],
      ['left', 'center', 'right', 'right', 'right', 'right', 'center'],
    );
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
    [5, 1, 1, 1, 1, 1.5, 1.5],
    ['left', 'center', 'center', 'center', 'center', 'center', 'right'],
  );

  section(3);
  if (v.closed.length) {
    note(L.closedSummary(v.closedOnTime, v.closedReplanned, v.closed.length));
    table(
      L.closedHead,
      v.closed.map((t) => [`${t.code} ${t.title}`, t.unit, t.deadline, t.closedOn, t.onTimeLabel, t.replannedLabel]),
      [5, 2.5, 1.6, 1.6, 1, 1.8],
      ['left', 'left', 'center', 'center', 'center', 'center'],
    );
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
      [4, 1.2, 1.2, 1, 1, 1],
      ['left', 'center', 'center', 'center', 'center', 'center'],
    );
  } else note(L.noGrades);
  if (v.overdueTasks.length) {
    table(
      L.overdueHead,
      v.overdueTasks.map((t) => [`${t.code} ${t.title}`, t.unit, t.deadline, String(t.days), `${t.progress}%`]),
      [5, 2.5, 1.6, 1.4, 1],
      ['left', 'left', 'center', 'center', 'right'],
    );
  } else note(L.noOverdue);

  section(5);
  if (v.ranking.length) {
    note(L.rankingNote);
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
      [0.8, 4, 1.5, 1.5, 1.5, 1.5],
      ['center', 'left', 'right', 'center', 'right', 'center'],
    );
  } else note(L.noRanking);
  if (v.unranked) note(L.unranked(v.unranked));

  section(6);
  const lateRows = v.lateRounds.flatMap((r) =>
    r.units.map((u) => [r.title, r.dueDate, u.unit, String(u.missing), String(u.late)]),
  );
  if (lateRows.length) {
    table(L.lateHead, lateRows, [3.5, 1.6, 3, 1.2, 1.2], ['left', 'center', 'left', 'center', 'center']);
  } else note(L.noLate);

  section(7);
  if (v.coordination.length) {
    table(
      L.coordinationHead,
      v.coordination.map((c) => [String(c.index), `${c.code} ${c.title}`, c.unit, c.filedOn, c.problems]),
      [0.7, 3, 2, 1.6, 5],
      ['center', 'left', 'left', 'center', 'left'],
    );
  } else note(L.noCoordination);

  // Distribution and printing line, between rules, as at the foot of a paper.
  body.push(paragraph(locale, '', 'body', { spaceAfter: 240 }));
  body.push(
    paragraph(locale, L.distribution, 'small', {
      borderTop: true,
      borderBottom: true,
      spaceBefore: 60,
      spaceAfter: 60,
    }),
  );
  body.push(paragraph(locale, L.printed(v.office, v.issuedLabel), 'small', { align: 'right', borderBottom: true }));

  return writePaper({
    locale,
    title: `${v.title} ${v.numberLabel}`,
    subject: v.periodLabel,
    creator: v.office,
    children: body,
  });
}
