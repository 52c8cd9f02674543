// The dashboard: progress by work item, headline indicators against target and pro-rata with their trend,
// overdue tasks, units ranked by on-time closing (and reporting, from the latest bulletin), the next meeting and
// the next bulletin. A liaison sees its own unit's share, as the API gives it. Every request is bounded whatever
// the number of tasks: the overdue tasks come from the dashboard as a top-N list with its total, and the task
// list has them all.
import { assessmentCard } from './assessment.js';
import { ApiError, get } from '../api.js';
import { chart, GRADE_COLOURS } from '../charts.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows, gradeBadge, ownUnitOnly, progressBar, taskLink, unitName } from '../domain.js';
import { formatDateTime, formatNumber, formatPercent, getLang, nameOf, t } from '../i18n.js';
import { loading, section } from '../ui.js';

const MAX_LABEL = 16;
/** Overdue tasks listed on the dashboard (the longest overdue); the rest are a link away. */
const TOP_OVERDUE = 10;
const short = (text) => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);

/** A request whose failure leaves its card out rather than the whole page. */
const optional = (promise) => promise.catch(() => null);

/** The next planned meeting, or null when there is none or the service has no meetings. */
async function nextMeeting(today) {
  try {
    const page = await get('/api/meetings', { status: 'planned', from: today, pageSize: 100 });
    const items = Array.isArray(page) ? page : (page.items ?? []);
    return [...items].sort((a, b) => String(a.startsAt).localeCompare(String(b.startsAt)))[0] ?? null;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw error;
    return null;
  }
}

async function bulletinInfo(user) {
  const canSeeSchedule = allows(user, 'schedule.read');
  const [schedule, list] = await Promise.all([
    canSeeSchedule ? optional(get('/api/schedule')) : null,
    optional(get('/api/bulletins', { status: 'sent' })),
  ]);
  const weekly = Array.isArray(schedule) ? schedule.find((j) => j.name === 'bulletin.weekly') : null;
  const latest = Array.isArray(list) && list.length ? list[0] : null;
  const snapshot = latest ? await optional(get(`/api/bulletins/${latest.id}`)) : null;
  return { weekly, latest, ranking: snapshot?.snapshot?.ranking ?? null };
}

export async function renderDashboard(view, { user }) {
  fill(view, h('h1', {}, t('dashboard.title')), loading(t('page.loading')));
  const d = await get('/api/dashboard', { top: TOP_OVERDUE });
  const [bulletins, meeting, trends] = await Promise.all([
    bulletinInfo(user),
    nextMeeting(d.asOf),
    Promise.all(d.indicators.map((i) => optional(get(`/api/indicators/${i.id}/values`)))),
  ]);

  clear(view);
  fill(
    view,
    h('h1', {}, t('dashboard.title')),
    h(
      'p',
      { class: 'lead-text' },
      t('dashboard.asOf', { date: d.asOf }),
      ' · ',
      data(nameOf(d.plan, 'title')),
      ownUnitOnly(user) ? h('span', { class: 'muted' }, ' · ', t('dashboard.ownShare')) : null,
    ),
    calendarNotice(d.calendarWarnings),
    tiles(d),
    workItemsCard(d),
    indicatorsCard(d),
    trendsCard(d, trends),
    overdueCard(d.topOverdue),
    rankingCard(d, bulletins),
    assessmentCard(d.assessment),
    h('div', { class: 'grid-2' }, meeting ? meetingCard(meeting) : null, bulletinCard(bulletins)),
  );
  return t('dashboard.title');
}

/** Years the figures reach without a working-day calendar: their holidays count as working days until added. */
function calendarNotice(warnings) {
  if (!warnings?.length) return null;
  return h(
    'div',
    { class: 'notice notice-warning', role: 'note', 'aria-label': t('dashboard.calendarMissing') },
    warnings.map((w) => h('p', {}, getLang() === 'en' ? w.messageEn : w.message)),
  );
}

function tiles(d) {
  const tile = (label, value, extra = {}) =>
    h(
      'div',
      { class: `tile ${extra.class ?? ''}` },
      h('p', { class: 'tile-value' }, value),
      h('p', { class: 'tile-label' }, label),
    );
  return h(
    'section',
    { class: 'tiles', 'aria-label': t('dashboard.summary') },
    tile(t('dashboard.tasks'), formatNumber(d.totals.tasks, 0)),
    tile(t('dashboard.overdue'), formatNumber(d.totals.overdue, 0), { class: 'tile-red' }),
    tile(t('dashboard.meanProgress'), formatPercent(d.totals.meanProgress)),
    tile(t('grade.red'), formatNumber(d.totals.byColour.red, 0), { class: 'tile-red' }),
    tile(t('grade.yellow'), formatNumber(d.totals.byColour.yellow, 0), { class: 'tile-yellow' }),
    tile(t('grade.blue'), formatNumber(d.totals.byColour.blue, 0), { class: 'tile-blue' }),
  );
}

function workItemsCard(d) {
  const items = d.workItems;
  const labels = items.map((w) => `${w.code} ${short(nameOf(w, 'title'))}`);
  const summary = items.map((w) => `${w.code} ${formatPercent(w.meanProgress)}`).join(', ');
  const bars = chart(
    `${t('dashboard.byWorkItem')}: ${summary}`,
    {
      grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: labels, inverse: true },
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatPercent(v) },
      series: [
        {
          type: 'bar',
          name: t('dashboard.meanProgress'),
          data: items.map((w) => w.meanProgress ?? 0),
          itemStyle: { color: '#1f6f5c' },
          label: { show: true, position: 'right', formatter: (p) => formatPercent(p.value) },
          barMaxWidth: 26,
        },
      ],
    },
    { height: Math.max(180, 48 * items.length + 40) },
  );
  const rows = items.map((w) =>
    h(
      'tr',
      {},
      h(
        'th',
        { scope: 'row' },
        h('a', { href: `/tasks?workItemId=${w.id}` }, data(w.code), ' ', data(nameOf(w, 'title'))),
      ),
      h('td', { class: 'num' }, formatNumber(w.tasks, 0)),
      h('td', {}, progressBar(w.meanProgress ?? 0)),
      h('td', { class: 'num' }, formatNumber(w.overdue, 0)),
      h('td', {}, gradeCounts(w.byColour)),
    ),
  );
  return section(
    'wi-title',
    t('dashboard.byWorkItem'),
    h(
      'div',
      { class: 'split' },
      bars,
      table(
        t('dashboard.byWorkItem'),
        [
          t('task.workItem'),
          t('dashboard.tasks'),
          t('dashboard.meanProgress'),
          t('dashboard.overdue'),
          t('task.grade'),
        ],
        rows,
        { class: 'data-table' },
      ),
    ),
    h('p', { class: 'muted counting-rule' }, getLang() === 'en' ? d.countingRule.en : d.countingRule.zh),
  );
}

/** Counts per colour grade, each with its mark and its name in words. */
function gradeCounts(byColour) {
  return h(
    'ul',
    { class: 'grade-counts' },
    ['red', 'yellow', 'blue'].map((c) =>
      h(
        'li',
        { class: `grade grade-${c}` },
        h('span', { class: 'grade-mark', 'aria-hidden': 'true' }),
        t(`grade.short.${c}`),
        ' ',
        formatNumber(byColour[c], 0),
      ),
    ),
  );
}

function indicatorStatus(m) {
  return h('span', { class: `ind-status ind-${m.status}` }, t(`indicator.status.${m.status}`));
}

function indicatorsCard(d) {
  const inds = d.indicators;
  if (!inds.length)
    return section('ind-title', t('dashboard.indicators'), h('p', { class: 'muted' }, t('dashboard.noIndicators')));
  const names = inds.map((i) => short(nameOf(i)));
  const bars = chart(
    `${t('dashboard.indicators')}: ${inds
      .map(
        (i) =>
          `${nameOf(i)} ${formatPercent(i.metrics.achievementPercent)} / ${t('indicator.expectedAtLatest')} ${formatPercent(i.metrics.proRataAtLatest)}`,
      )
      .join('; ')}`,
    {
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', valueFormatter: (v) => formatPercent(v) },
      xAxis: { type: 'category', data: names, axisLabel: { interval: 0, width: 90, overflow: 'break' } },
      yAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      series: [
        {
          type: 'bar',
          name: t('indicator.achievement'),
          data: inds.map((i) => i.metrics.achievementPercent ?? 0),
          itemStyle: { color: '#1f6f5c' },
          label: { show: true, position: 'top', formatter: (p) => formatPercent(p.value) },
        },
        {
          type: 'bar',
          name: t('indicator.expectedAtLatest'),
          data: inds.map((i) => i.metrics.proRataAtLatest ?? 0),
          itemStyle: {
            color: '#9aa5b1',
            decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [2, 3], rotation: -0.78 },
          },
          label: { show: true, position: 'top', formatter: (p) => formatPercent(p.value) },
        },
      ],
      aria: { enabled: true, decal: { show: true } },
    },
    { height: 300 },
  );
  const measure = (i) => (getLang() === 'en' && i.measureEn ? i.measureEn : i.measure);
  const rows = inds.map((i) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, data(nameOf(i))),
      h(
        'td',
        { class: 'num' },
        formatNumber(i.metrics.latestValue, 2),
        ' / ',
        formatNumber(i.target, 2),
        ' ',
        data(measure(i)),
      ),
      h('td', { class: 'num' }, formatPercent(i.metrics.achievementPercent)),
      h('td', { class: 'num' }, formatPercent(i.metrics.proRataAtLatest)),
      h('td', { class: 'num' }, formatPercent(i.metrics.proRataToday)),
      h(
        'td',
        { class: 'num' },
        i.metrics.gap === null ? '—' : `${i.metrics.gap > 0 ? '+' : ''}${formatNumber(i.metrics.gap)}`,
      ),
      h('td', {}, indicatorStatus(i.metrics)),
    ),
  );
  return section(
    'ind-title',
    t('dashboard.indicators'),
    h(
      'div',
      { class: 'split split-wide' },
      bars,
      table(
        t('dashboard.indicators'),
        [
          t('indicator.name'),
          t('indicator.latestOfTarget'),
          t('indicator.achievement'),
          t('indicator.expectedAtLatest'),
          t('indicator.expectedToday'),
          t('indicator.gap'),
          t('indicator.statusLabel'),
        ],
        rows,
        { class: 'data-table' },
      ),
    ),
  );
}

function trendsCard(d, trends) {
  if (!d.indicators.length) return null;
  const blocks = d.indicators.map((ind, n) => {
    const values = (trends[n] ?? []).filter((v) => !v.voided).sort((a, b) => a.observedOn.localeCompare(b.observedOn));
    const points = [[ind.baselineDate, ind.baseline], ...values.map((v) => [v.observedOn, v.value])];
    const headingId = `trend-${ind.id}`;
    const line = chart(
      `${nameOf(ind)}: ${points.map((p) => `${p[0]} ${formatNumber(p[1], 2)}`).join(', ')}; ${t('indicator.target')} ${formatNumber(ind.target, 2)}`,
      {
        grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'time' },
        yAxis: { type: 'value', scale: false },
        series: [
          {
            type: 'line',
            name: t('indicator.values'),
            data: points,
            symbolSize: 8,
            itemStyle: { color: '#1f6f5c' },
            label: { show: true, formatter: (p) => formatNumber(p.value[1], 2) },
            markLine: {
              symbol: 'none',
              lineStyle: { color: GRADE_COLOURS.red, type: 'solid' },
              label: { formatter: `${t('indicator.target')} ${formatNumber(ind.target, 2)}`, position: 'insideEndTop' },
              data: [{ yAxis: ind.target }],
            },
          },
          {
            type: 'line',
            name: t('indicator.proRataPath'),
            data: [
              [ind.baselineDate, ind.baseline],
              [ind.targetDate, ind.target],
            ],
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#9aa5b1' },
            itemStyle: { color: '#9aa5b1' },
          },
        ],
      },
      { height: 240 },
    );
    const rows = points.map((p, i) =>
      h(
        'tr',
        {},
        h('td', {}, p[0]),
        h('td', { class: 'num' }, formatNumber(p[1], 2)),
        h('td', {}, i === 0 ? t('indicator.baseline') : sourceLabel(values[i - 1])),
      ),
    );
    return h(
      'div',
      { class: 'trend' },
      h('h3', { id: headingId }, data(nameOf(ind))),
      line,
      h(
        'details',
        {},
        h('summary', {}, t('dashboard.dataTable')),
        table(nameOf(ind), [t('indicator.date'), t('indicator.value'), t('indicator.source')], rows, {
          class: 'data-table',
        }),
      ),
    );
  });
  return section('trend-title', t('dashboard.trends'), h('div', { class: 'grid-3' }, blocks));
}

function sourceLabel(value) {
  if (value.source === 'report' && value.report) return t('indicator.fromReport', { period: value.report.period });
  return t(
    `indicator.source.${value.source === 'report' ? 'report' : value.source === 'document' ? 'document' : 'entry'}`,
  );
}

function overdueCard({ total, items: tasks }) {
  const body = tasks.length
    ? table(
        t('dashboard.overdueTasks'),
        [
          t('task.task'),
          t('task.leadUnit'),
          t('task.deadline'),
          t('task.daysOverdue'),
          t('task.progress'),
          t('task.grade'),
        ],
        tasks.map((task) =>
          h(
            'tr',
            {},
            h('td', {}, taskLink(task)),
            h('td', {}, unitName(task.leadUnit)),
            h('td', { class: 'nowrap' }, task.deadline),
            h('td', { class: 'num' }, formatNumber(-task.workingDaysLeft, 0)),
            h('td', {}, progressBar(task.progress)),
            h('td', {}, gradeBadge(task.colour)),
          ),
        ),
        { class: 'data-table' },
      )
    : h('p', { class: 'muted' }, t('dashboard.noOverdue'));
  return section(
    'overdue-title',
    t('dashboard.overdueTasks'),
    total > tasks.length
      ? h(
          'p',
          { class: 'muted' },
          t('dashboard.overdueShown', { total: formatNumber(total, 0), shown: formatNumber(tasks.length, 0) }),
        )
      : null,
    body,
    tasks.length
      ? h(
          'p',
          {},
          h(
            'a',
            { href: '/tasks?overdue=true' },
            total > tasks.length
              ? t('dashboard.allOverdueCount', { total: formatNumber(total, 0) })
              : t('dashboard.allOverdue'),
          ),
        )
      : null,
  );
}

function rankingCard(d, bulletins) {
  const reporting = new Map((bulletins.ranking ?? []).map((r) => [r.unitId ?? r.id, r.reporting?.rate ?? null]));
  const withReporting = bulletins.ranking !== null;
  // ranked by the API's rule (the bulletin's): ranked units in rank order, then the others
  const units = d.units
    .filter((u) => u.lead > 0)
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.code.localeCompare(b.code));
  const headers = [
    t('ranking.rank'),
    t('ranking.unit'),
    t('ranking.ledTasks'),
    t('ranking.closed'),
    t('ranking.onTimeClosing'),
    t('dashboard.overdue'),
  ];
  if (withReporting) headers.push(t('ranking.onTimeReporting'));
  const rows = units.map((u) =>
    h(
      'tr',
      {},
      h('td', { class: 'num' }, u.rank === null ? '—' : String(u.rank)),
      h('th', { scope: 'row' }, h('a', { href: `/tasks?unitId=${u.id}&unitRole=lead` }, unitName(u))),
      h('td', { class: 'num' }, formatNumber(u.lead, 0)),
      h('td', { class: 'num' }, `${formatNumber(u.closedOnTime, 0)} / ${formatNumber(u.closed, 0)}`),
      h('td', { class: 'num' }, formatPercent(u.onTimeClosingRate)),
      h('td', { class: 'num' }, formatNumber(u.overdue, 0)),
      withReporting ? h('td', { class: 'num' }, formatPercent(reporting.get(u.id) ?? null)) : null,
    ),
  );
  return section(
    'ranking-title',
    t('dashboard.ranking'),
    withReporting
      ? h(
          'p',
          { class: 'muted' },
          t('ranking.reportingFrom', { number: bulletins.latest.number, period: bulletins.latest.period }),
        )
      : null,
    units.length
      ? table(t('dashboard.ranking'), headers, rows, { class: 'data-table' })
      : h('p', { class: 'muted' }, t('ranking.none')),
    h('p', { class: 'muted ranking-rule' }, getLang() === 'en' ? d.rankingRule.en : d.rankingRule.zh),
  );
}

function meetingCard(m) {
  return section(
    'meeting-title',
    t('dashboard.nextMeeting'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('meeting.title')),
      h('dd', {}, data(nameOf(m, 'title'))),
      h('dt', {}, t('meeting.time')),
      h('dd', {}, formatDateTime(m.startsAt)),
      m.place ? [h('dt', {}, t('meeting.place')), h('dd', {}, data(m.place))] : null,
      m.conveningUnit ? [h('dt', {}, t('meeting.convener')), h('dd', {}, unitName(m.conveningUnit))] : null,
    ),
  );
}

function bulletinCard({ weekly, latest }) {
  const facts = [];
  if (weekly) {
    facts.push(
      h('dt', {}, t('bulletin.nextRun')),
      h('dd', {}, weekly.enabled && weekly.nextRun ? formatDateTime(weekly.nextRun) : t('bulletin.notScheduled')),
    );
  }
  if (latest) {
    facts.push(
      h('dt', {}, t('bulletin.latest')),
      h('dd', {}, t('bulletin.issue', { number: latest.number, period: latest.period })),
      h('dt', {}, t('bulletin.sentAt')),
      h('dd', {}, formatDateTime(latest.sentAt)),
    );
  }
  const title = weekly ? t('dashboard.nextBulletin') : t('dashboard.latestBulletin');
  return section(
    'bulletin-title',
    title,
    facts.length ? h('dl', { class: 'facts' }, facts) : h('p', { class: 'muted' }, t('bulletin.none')),
  );
}
