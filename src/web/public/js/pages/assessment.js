// Unit assessment (考评): the ranking over a period with each kind's points, the spreadsheet, and one unit's
// events with their points and the rows they trace to (a report, a task, a supervision notice).
import { ApiError, get, serverToday } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { unitName } from '../domain.js';
import { downloadButton, errorLine } from '../download.js';
import { clearErrors, field, formSummary, periodStart, showErrors } from '../forms.js';
import { formatNumber, getLang, t } from '../i18n.js';
import { navigate } from '../router.js';
import { loading, section } from '../ui.js';

const kindLabel = (k) => (getLang() === 'en' ? k.labelEn : k.label);
const points = (n) => formatNumber(n, Number.isInteger(n) ? 0 : 1);

async function periodOf(query) {
  const asked = query.get('period');
  if (asked && periodStart(asked)) return asked;
  return (await serverToday()).slice(0, 7);
}

function periodForm(period, path) {
  const input = field({ label: t('round.period'), name: 'period', required: true, hint: t('round.periodHint') });
  input.control.value = period;
  const form = h(
    'form',
    { class: 'form form-inline', novalidate: true },
    formSummary(),
    input,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('assessment.show'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const value = input.control.value.trim();
    if (!periodStart(value)) return showErrors(form, [{ field: 'period', text: t('round.periodInvalid') }]);
    navigate(`${path}?period=${encodeURIComponent(value)}`);
  });
  return form;
}

export async function renderAssessment(view, { query }) {
  fill(view, h('h1', {}, t('assessment.title')), loading(t('page.loading')));
  const period = await periodOf(query);
  const ranking = await get(`/api/assessment?period=${encodeURIComponent(period)}`);
  const errors = errorLine();
  const headers = [
    t('ranking.rank'),
    t('ranking.unit'),
    t('assessment.score'),
    ...ranking.kinds.map((k) =>
      getLang() === 'en' ? `${kindLabel(k)} (${points(k.points)})` : `${kindLabel(k)}（${points(k.points)}）`,
    ),
  ];
  const rows = ranking.units.map((u) =>
    h(
      'tr',
      {},
      h('td', { class: 'num' }, String(u.rank)),
      h(
        'th',
        { scope: 'row' },
        h('a', { href: `/assessment/units/${u.unit.id}?period=${encodeURIComponent(period)}` }, unitName(u.unit)),
      ),
      h('td', { class: 'num' }, points(u.score)),
      ...u.kinds.map((k) => h('td', { class: 'num' }, points(k.points))),
    ),
  );
  clear(view);
  fill(
    view,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('assessment.title')),
      h(
        'div',
        { class: 'page-actions' },
        downloadButton(
          t('assessment.xlsx'),
          `/api/assessment.xlsx?period=${encodeURIComponent(period)}&lang=${getLang() === 'en' ? 'en' : 'zh-CN'}`,
          'assessment.xlsx',
          errors,
        ),
      ),
    ),
    errors,
    periodForm(period, '/assessment'),
    h('p', { class: 'muted' }, t('assessment.span', { from: ranking.from, to: ranking.to })),
    section(
      'assessment-ranking-title',
      t('assessment.ranking'),
      table(t('assessment.ranking'), headers, rows, { class: 'data-table' }),
      h('p', { class: 'muted' }, t('assessment.rule')),
    ),
  );
  return t('assessment.title');
}

function refLink(e) {
  if (e.ref.type === 'supervision_notice')
    return h('a', { href: `/supervision/${e.ref.id}` }, t('assessment.ref.notice'));
  if (e.ref.type === 'report') return h('a', { href: `/tasks/${e.taskId}` }, t('assessment.ref.report'));
  if (e.ref.type === 'task') return h('a', { href: `/tasks/${e.ref.id}` }, t('assessment.ref.task'));
  return data(`${e.ref.type} ${e.ref.id}`);
}

export async function renderAssessmentUnit(view, { params, query }) {
  fill(view, h('h1', {}, t('assessment.title')), loading(t('page.loading')));
  if (!/^\d+$/.test(params.id)) throw new ApiError(404, {});
  const period = await periodOf(query);
  const [res, ranking] = await Promise.all([
    get(`/api/assessment/units/${params.id}/events?period=${encodeURIComponent(period)}`),
    get(`/api/assessment?period=${encodeURIComponent(period)}`),
  ]);
  const kinds = new Map(ranking.kinds.map((k) => [k.kind, k]));
  const rows = res.events.map((e) =>
    h(
      'tr',
      {},
      h('td', {}, e.on),
      h('td', {}, kinds.has(e.kind) ? kindLabel(kinds.get(e.kind)) : data(e.kind)),
      h('td', {}, data(getLang() === 'en' ? e.descriptionEn : e.description)),
      h('td', { class: 'num' }, formatNumber(e.quantity, 0)),
      h('td', { class: 'num' }, points(e.points)),
      h('td', {}, refLink(e)),
    ),
  );
  clear(view);
  fill(
    view,
    h(
      'p',
      { class: 'breadcrumbs' },
      h('a', { href: `/assessment?period=${encodeURIComponent(period)}` }, t('assessment.title')),
    ),
    h('h1', {}, unitName(res.unit), ' · ', t('assessment.title')),
    periodForm(period, `/assessment/units/${res.unit.id}`),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('assessment.score')),
      h('dd', {}, points(res.score)),
      h('dt', {}, t('ranking.rank')),
      h('dd', {}, String(res.rank)),
    ),
    section(
      'assessment-events-title',
      t('assessment.events'),
      res.events.length
        ? table(
            t('assessment.events'),
            [
              t('assessment.on'),
              t('assessment.kind'),
              t('assessment.description'),
              t('assessment.quantity'),
              t('assessment.points'),
              t('assessment.source'),
            ],
            rows,
            { class: 'data-table' },
          )
        : h('p', { class: 'muted' }, t('assessment.noEvents')),
    ),
  );
  return `${nameOrCode(res.unit)} · ${t('assessment.title')}`;
}

function nameOrCode(unit) {
  return getLang() === 'en' ? (unit.nameEn ?? unit.name) : unit.name;
}

/** On the dashboard: this month's top and bottom units, linked to the whole ranking. */
export function assessmentCard(a) {
  if (!a) return null;
  const list = (caption, rows) =>
    table(
      caption,
      [t('ranking.rank'), t('ranking.unit'), t('assessment.score')],
      rows.map((r) =>
        h(
          'tr',
          {},
          h('td', { class: 'num' }, String(r.rank)),
          h(
            'th',
            { scope: 'row' },
            h('a', { href: `/assessment/units/${r.unit.id}?period=${a.period}` }, unitName(r.unit)),
          ),
          h('td', { class: 'num' }, points(r.score)),
        ),
      ),
      { class: 'data-table' },
    );
  return section(
    'assessment-card-title',
    t('assessment.dashboard', { period: a.period }),
    h('div', { class: 'grid-2' }, list(t('assessment.top'), a.top), list(t('assessment.bottom'), a.bottom)),
    h('p', {}, h('a', { href: a.list }, t('assessment.all'))),
  );
}
