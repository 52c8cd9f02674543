// A bulletin's snapshot as read in one language: names in the reader's language (Chinese when a row has no
// English name), the task force and its office named from the plan, periods and dates in words. The mail templates
// and the DOCX writer both read this, so the email and the document say the same thing.
import { calendarNote } from '../calendar/calendar-gaps';
import type { Locale } from '../units/recipients.service';
import { cellDate, fullWidthPunctuation, plainNumber } from '../documents/chinese';
import { longDate, periodLabel } from './bulletin-period';
import type { BulletinSnapshot, SnapshotIndicator, TaskRef, UnitRef } from './bulletin-snapshot';
import { PRO_RATA_LABELS } from '../indicators/indicator-metrics';
import { OPEN_COORDINATION_RULE } from '../reports/open-coordination';
import { COUNTED_TASKS_RULE } from '../tasks/counted-tasks';
import { RANKING_MIN_TASKS, RANKING_RULE } from './unit-ranking';

const name = (locale: Locale, zh: string, en: string | null) => (locale === 'en' ? (en ?? zh) : zh);
const unitName = (locale: Locale, u: UnitRef) => name(locale, u.name, u.nameEn);
const taskTitle = (locale: Locale, t: TaskRef) => name(locale, t.title, t.titleEn);

/** The task force as named by its plan: 天水市…工作专班工作计划 → 天水市…工作专班. */
export function taskForceName(plan: BulletinSnapshot['plan'], locale: Locale): string {
  if (locale === 'en' && plan.titleEn) {
    return plan.titleEn.replace(/^(the\s+)?(work\s+)?plan\s+of\s+(the\s+)?/i, '').trim() || plan.titleEn;
  }
  return plan.title.replace(/(的)?(工作计划|工作方案|计划)$/, '').trim() || plan.title;
}

/** 1,127 in English; 1127 in Chinese text, which takes no ASCII thousands comma (GB/T 15835). */
export function formatNumber(value: number | null, locale: Locale): string {
  if (value === null || value === undefined) return '—';
  return locale === 'en'
    ? new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(value)
    : plainNumber(value);
}

export function formatPercent(value: number | null): string {
  return value === null || value === undefined ? '—' : `${value.toFixed(1)}%`;
}

const INDICATOR_STATUS: Record<SnapshotIndicator['status'], { zh: string; en: string; colour: string | null }> = {
  ahead: { zh: '超序时进度', en: 'ahead', colour: null },
  on_track: { zh: '符合序时进度', en: 'on track', colour: null },
  behind: { zh: '落后序时进度', en: 'behind', colour: 'yellow' },
  no_data: { zh: '暂无数据', en: 'no data', colour: null },
};

export function bulletinFileName(snapshot: BulletinSnapshot, locale: Locale): string {
  const base =
    locale === 'en'
      ? `${taskForceName(snapshot.plan, 'en')} Bulletin No. ${snapshot.number}`
      : `${taskForceName(snapshot.plan, 'zh-CN')}通报第${snapshot.number}期`;
  return `${base.replace(/[\\/:*?"<>|\r\n]+/g, ' ').trim()}.docx`;
}

export function bulletinAsciiFileName(snapshot: BulletinSnapshot): string {
  return `bulletin-${snapshot.plan.code.replace(/[^A-Za-z0-9_-]+/g, '-')}-${snapshot.number}.docx`;
}

export function bulletinView(snapshot: BulletinSnapshot, locale: Locale) {
  const s = snapshot;
  const typed = (text: string) => (/[\u4e00-\u9fff]/.test(text) ? fullWidthPunctuation(text) : text);
  const taskForce = taskForceName(s.plan, locale);
  const date = (d: string | null) => (d ? longDate(d, locale) : '—');
  const shortDate = (d: string | null) => d ?? '—';
  const lang = locale === 'en' ? 'en' : 'zh';
  const yesNo = (v: boolean) => (locale === 'en' ? (v ? 'yes' : 'no') : v ? '是' : '否');

  return {
    locale,
    taskForce,
    office: locale === 'en' ? `Office of the ${taskForce}` : `${taskForce}办公室`,
    title: locale === 'en' ? `${taskForce} Bulletin` : `${taskForce}工作通报`,
    number: s.number,
    numberLabel: locale === 'en' ? `No. ${s.number}` : `第${s.number}期`,
    period: s.period,
    periodLabel: periodLabel(s.period, s.periodStart, s.periodEnd, locale),
    periodStart: s.periodStart,
    periodEnd: s.periodEnd,
    asOf: s.asOf,
    asOfLabel: date(s.asOf),
    issuedLabel: date(s.generatedOn),
    /** Years of the bulletin without a working-day calendar, as a note line; null when there are none. */
    calendarNote: calendarNote(s.calendarMissingYears, locale),
    summary: {
      tasks: s.summary.tasks.count,
      open: s.summary.open.count,
      closed: s.summary.closedThisPeriod.count,
      overdue: s.summary.overdue.count,
      red: s.summary.red.count,
      yellow: s.summary.yellow.count,
      blue: s.summary.blue.count,
      coordination: s.summary.coordination.count,
      lateUnits: s.summary.lateUnits.count,
    },
    indicators: s.indicators.map((i) => {
      const status = INDICATOR_STATUS[i.status];
      return {
        code: i.code,
        name: name(locale, i.name, i.nameEn),
        measure: name(locale, i.measure, i.measureEn),
        target: formatNumber(i.target, locale),
        targetDate: date(i.targetDate),
        targetDateShort: shortDate(i.targetDate),
        latest: formatNumber(i.latestValue, locale),
        latestOn: i.latestOn,
        latestOnLabel: i.latestOn ? date(i.latestOn) : '—',
        achievement: i.achievementPercent,
        achievementLabel: formatPercent(i.achievementPercent),
        proRata: i.proRataPercent,
        proRataLabel: formatPercent(i.proRataPercent),
        proRataAtLatest: i.proRataAtLatest,
        proRataAtLatestLabel: formatPercent(i.proRataAtLatest),
        gap: i.gap,
        status: i.status,
        statusLabel: locale === 'en' ? status.en : status.zh,
        statusColour: status.colour,
        behind: i.status === 'behind',
      };
    }),
    workItems: s.workItems.map((w) => ({
      seq: w.seq,
      code: w.code,
      title: name(locale, w.title, w.titleEn),
      tasks: w.tasks.count,
      open: w.byStatus.in_progress.count + w.byStatus.assigned.count + w.byStatus.blocked.count,
      blocked: w.byStatus.blocked.count,
      submitted: w.byStatus.submitted.count,
      closed: w.byStatus.closed.count,
      overdue: w.overdue.count,
      red: w.byColour.red.count,
      yellow: w.byColour.yellow.count,
      blue: w.byColour.blue.count,
      meanProgress: w.meanProgress,
      meanProgressLabel: formatPercent(w.meanProgress),
    })),
    closed: s.closedThisPeriod.tasks.map((t) => ({
      code: t.code,
      title: taskTitle(locale, t),
      unit: unitName(locale, t.leadUnit),
      closedOn: t.closedOn,
      closedOnLabel: date(t.closedOn),
      deadline: t.deadline,
      deadlineLabel: date(t.deadline),
      onTime: t.onTime,
      onTimeLabel: yesNo(t.onTime),
      replanned: t.replanned,
      replannedLabel: t.replanned
        ? locale === 'en'
          ? `yes (was ${date(t.originalDeadline)})`
          : `是（原定${date(t.originalDeadline)}）`
        : yesNo(false),
      /** The same for a narrow table column: 是（原定9月30日）. */
      replannedShortLabel: t.replanned
        ? locale === 'en'
          ? `yes (was ${cellDate(t.originalDeadline, 'en')})`
          : `是（原定${cellDate(t.originalDeadline, 'zh-CN', Number(s.asOf.slice(0, 4)))}）`
        : yesNo(false),
    })),
    /** How many closed tasks the list leaves out (it holds bulletins.maxListedTasks). */
    closedMore: Math.max(0, s.closedThisPeriod.total.count - s.closedThisPeriod.tasks.length),
    closedOnTime: s.closedThisPeriod.onTime.count,
    closedReplanned: s.closedThisPeriod.replanned.count,
    unitGrades: s.unitGrades.map((u) => ({
      code: u.code,
      unit: unitName(locale, u),
      open: u.open.count,
      overdue: u.overdue.count,
      red: u.red.count,
      yellow: u.yellow.count,
      blue: u.blue.count,
      flagged: u.red.count + u.yellow.count + u.blue.count > 0,
    })),
    overdueTasks: s.overdueTasks.map((t) => ({
      code: t.code,
      title: taskTitle(locale, t),
      unit: unitName(locale, t.leadUnit),
      deadline: t.deadline,
      deadlineLabel: date(t.deadline),
      days: t.workingDaysOverdue,
      progress: t.progress,
    })),
    overdueMore: Math.max(0, s.summary.overdue.count - s.overdueTasks.length),
    ranking: s.ranking
      .filter((r) => r.rank !== null)
      .map((r) => ({
        rank: r.rank as number,
        code: r.code,
        unit: unitName(locale, r),
        closingRate: r.closing.rate,
        closingRateLabel: formatPercent(r.closing.rate),
        closedOnTime: r.closing.onTime.count,
        closed: r.closing.closed.count,
        reportingRate: r.reporting.rate,
        reportingRateLabel: formatPercent(r.reporting.rate),
        reportedOnTime: r.reporting.onTime,
        expected: r.reporting.expected,
        ledTasks: r.ledTasks,
        overdue: r.overdue,
      })),
    /** Units leading fewer tasks than the ranking asks: named, not ranked. */
    unranked: s.ranking
      .filter((r) => r.rank === null)
      .map((r) => unitName(locale, r))
      .join(locale === 'en' ? ', ' : '、'),
    lateRounds: s.lateReporting.rounds.map((r) => ({
      title: r.title,
      period: r.period,
      dueDate: r.dueDate,
      dueDateLabel: date(r.dueDate),
      units: r.units.map((u) => ({
        code: u.code,
        unit: unitName(locale, u),
        missing: u.missing.count,
        late: u.late.count,
      })),
    })),
    coordination: s.coordination.map((c, i) => ({
      index: i + 1,
      code: c.task.code,
      title: taskTitle(locale, c.task),
      unit: unitName(locale, c.unit),
      filedOn: c.filedOn,
      filedOnLabel: date(c.filedOn),
      // Typed by a liaison: a Chinese reader gets it with full-width punctuation.
      problems: typed(c.problems.trim() || c.text.trim()),
      nextSteps: typed(c.nextSteps.trim()),
    })),
    coordinationMore: Math.max(0, s.summary.coordination.count - s.coordination.length),
    /** The unit assessment (考评排名): each unit's score and rank; empty for a snapshot older than it. */
    assessment: (s.assessment?.units ?? []).map((u) => ({
      rank: u.rank,
      code: u.code,
      unit: unitName(locale, u),
      score: u.score,
    })),
    assessmentPoints: (s.assessment?.kinds ?? [])
      .map((k) => (locale === 'en' ? `${k.labelEn} ${k.points}` : `${k.label}${k.points}分`))
      .join(locale === 'en' ? '; ' : '；'),
    /** The rules the figures follow, printed where they matter. */
    rules: {
      counting: COUNTED_TASKS_RULE[lang],
      coordination: OPEN_COORDINATION_RULE[lang],
      ranking: RANKING_RULE[lang],
      proRataToday: PRO_RATA_LABELS.today[lang],
      proRataAtLatest: PRO_RATA_LABELS.atLatest[lang],
      minTasks: RANKING_MIN_TASKS,
    },
  };
}

export type BulletinView = ReturnType<typeof bulletinView>;
