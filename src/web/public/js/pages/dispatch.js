// Dispatch rounds (工作调度): the list, opening a round for a period, and a round's page with who has reported.
/* global window, URLSearchParams */
import { get, getAll, post, serverToday } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows } from '../domain.js';
import { clearErrors, field, formSummary, isIsoDate, periodStart, showApiError, showErrors } from '../forms.js';
import { errorText, formatDateTime, getLang, has, nameOf, t } from '../i18n.js';
import { currentQuery, navigate, refresh } from '../router.js';
import { flash, loading, section } from '../ui.js';
import { downloadButton, errorLine } from '../download.js';

function roundStatus(status) {
  return h('span', { class: `status status-${status === 'open' ? 'in' : 'closed'}` }, t(`round.status.${status}`));
}

function unitState(state) {
  const cls = { reported: 'status-closed', partial: 'status-in', awaiting: 'status-draft', late: 'status-blocked' };
  return h(
    'span',
    { class: `status ${cls[state] ?? 'status-cancelled'}`, dataset: { state } },
    has(`round.state.${state}`) ? t(`round.state.${state}`) : state,
  );
}

export async function renderDispatch(view) {
  fill(view, h('h1', {}, t('dispatch.title')), loading(t('page.loading')));
  const [rounds, today] = await Promise.all([getAll('/api/dispatch-rounds'), serverToday()]);

  const period = field({ label: t('round.period'), name: 'period', required: true, hint: t('round.periodHint') });
  const due = field({ label: t('round.dueDate'), name: 'dueDate', type: 'date', required: true });
  period.control.value = today.slice(0, 7);
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    period,
    due,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('round.open'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const errors = [];
    if (!periodStart(period.control.value.trim())) errors.push({ field: 'period', text: t('round.periodInvalid') });
    if (!isIsoDate(due.control.value)) errors.push({ field: 'dueDate', text: t('form.invalidDate') });
    if (errors.length) return showErrors(form, errors, t('form.fixErrors'));
    try {
      const res = await post('/api/dispatch-rounds', {
        period: period.control.value.trim(),
        dueDate: due.control.value,
      });
      flash(t('round.opened'));
      navigate(`/dispatch/${res.round?.id ?? res.id}`);
    } catch (error) {
      showApiError(form, error);
    }
  });

  const rows = rounds.map((r) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `/dispatch/${r.id}` }, data(r.title))),
      h('td', {}, r.period),
      h('td', {}, r.dueDate),
      h('td', {}, roundStatus(r.status)),
    ),
  );
  clear(view);
  fill(
    view,
    h('h1', {}, t('dispatch.title')),
    section('round-new', t('round.new'), form),
    section(
      'round-list',
      t('dispatch.rounds'),
      rounds.length
        ? table(
            t('dispatch.rounds'),
            [t('round.title'), t('round.period'), t('round.dueDate'), t('round.statusLabel')],
            rows,
            { class: 'data-table' },
          )
        : h('p', { class: 'muted' }, t('dispatch.none')),
    ),
  );
  return t('dispatch.title');
}

const TASK_PAGE = 50;

/** The round's tasks a page at a time, for one unit (?unit=) or all; the links keep the unit and move the page. */
function roundTasks(round, units, tasks, unitId, page) {
  const href = (p, u = unitId) =>
    `/dispatch/${round.id}?${new URLSearchParams({ ...(u ? { unit: u } : {}), page: p })}`;
  const unitNames = new Map(units.map((u) => [u.unit.id, nameOf(u.unit)]));
  const select = h(
    'select',
    {
      'aria-label': t('round.unit'),
      onChange: (e) => navigate(href(1, e.target.value)),
    },
    h('option', { value: '' }, t('round.allUnits')),
    ...units
      .filter((u) => u.expected.count)
      .map((u) =>
        h('option', { value: String(u.unit.id), selected: String(u.unit.id) === unitId }, data(nameOf(u.unit))),
      ),
  );
  const rows = tasks.items.map((x) =>
    h(
      'tr',
      { dataset: { taskId: String(x.id) } },
      h('td', {}, h('a', { href: `/tasks/${x.id}` }, x.code)),
      h('td', {}, data(getLang() === 'en' ? (x.titleEn ?? x.title) : x.title)),
      h('td', {}, data(unitNames.get(x.leadUnitId) ?? '')),
      h('td', {}, x.reported ? (x.late ? t('round.late') : t('round.taskReported')) : t('round.missing')),
    ),
  );
  const pages = Math.max(1, Math.ceil(tasks.total / TASK_PAGE));
  return section(
    'round-tasks',
    t('round.tasks'),
    h('p', {}, select),
    table(t('round.tasks'), [t('task.code'), t('task.task'), t('round.unit'), t('round.state')], rows, {
      class: 'data-table round-tasks',
    }),
    h(
      'p',
      { class: 'muted pager' },
      t('round.pageOf', { page, total: tasks.total }),
      page > 1 ? [' ', h('a', { href: href(page - 1) }, t('round.prevPage'))] : null,
      page < pages ? [' ', h('a', { href: href(page + 1) }, t('round.nextPage'))] : null,
    ),
  );
}

export async function renderRound(view, { params }) {
  fill(view, h('h1', {}, t('round.pageTitle')), loading(t('page.loading')));
  const query = currentQuery();
  const unitId = query.get('unit') ?? '';
  const page = Math.max(1, Number(query.get('page')) || 1);
  const base = `/api/dispatch-rounds/${encodeURIComponent(params.id)}`;
  const [round, tasks, missing, late] = await Promise.all([
    get(base),
    get(`${base}/tasks`, {
      ...(unitId ? { unitId } : {}),
      page,
      pageSize: TASK_PAGE,
    }),
    get(`${base}/missing`, { pageSize: MISSING_UNITS }),
    get(`${base}/late`),
  ]);
  const closeError = h('p', { class: 'form-errors', role: 'alert', hidden: true });
  const exportError = errorLine();
  const closeButton = allows(round, 'round.manage')
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn',
          onClick: async () => {
            if (!window.confirm(t('round.closeConfirm'))) return;
            try {
              await post(`/api/dispatch-rounds/${round.id}/close`);
              flash(t('round.closed'));
              refresh();
            } catch (error) {
              closeError.hidden = false;
              closeError.textContent = errorText(error);
            }
          },
        },
        t('round.close'),
      )
    : null;
  const rows = round.units.map((u) =>
    h(
      'tr',
      { dataset: { unitId: String(u.unit.id) } },
      h('td', {}, data(nameOf(u.unit))),
      h('td', {}, unitState(u.state)),
      h('td', { class: 'num' }, String(u.expected.count)),
      h('td', { class: 'num' }, String(u.received.count)),
      h('td', { class: 'num' }, String(u.missing.count)),
      h('td', { class: 'num' }, String(u.late.count)),
    ),
  );
  clear(view);
  fill(
    view,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '/dispatch' }, t('dispatch.title'))),
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, data(round.title)),
      h(
        'div',
        { class: 'page-actions' },
        downloadButton(
          t('round.exportReports'),
          `/api/dispatch-rounds/${round.id}/reports.xlsx?lang=${getLang()}`,
          `round-${round.id}.xlsx`,
          exportError,
        ),
        closeButton,
      ),
    ),
    closeError,
    exportError,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('round.period')),
      h('dd', {}, round.period),
      h('dt', {}, t('round.dueDate')),
      h('dd', {}, round.dueDate),
      h('dt', {}, t('round.statusLabel')),
      h('dd', {}, roundStatus(round.status)),
      round.closedAt ? [h('dt', {}, t('round.closedAt')), h('dd', {}, formatDateTime(round.closedAt))] : null,
    ),
    section(
      'round-units',
      t('round.units'),
      table(
        t('round.units'),
        [
          t('round.unit'),
          t('round.state'),
          ...['round.expected', 'round.received', 'round.missing', 'round.late'].map((k) =>
            h('th', { scope: 'col', class: 'num' }, t(k)),
          ),
        ],
        rows,
        { class: 'data-table round-units' },
      ),
    ),
    missingCard(round, missing),
    lateCard(late),
    roundTasks(round, round.units, tasks, unitId, page),
  );
  return round.title;
}

/** Units shown at most in the missing list; the rest are in the round's task list by unit. */
const MISSING_UNITS = 100;

/** A button that posts a reminder and reloads the page, saying what was queued. */
function remindButton(path, label, errorLine) {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn btn-small',
      onClick: async () => {
        try {
          const res = await post(path);
          flash(t('round.reminded', { count: res.reminded.length, already: res.alreadyReminded.length }));
          refresh();
        } catch (error) {
          errorLine.hidden = false;
          errorLine.textContent = errorText(error);
        }
      },
    },
    label,
  );
}

/** Per unit, the tasks still missing a report, with a remind action for those who may remind. */
function missingCard(round, missing) {
  const canRemind = allows(round, 'round.remind');
  const remindError = h('p', { class: 'form-errors', role: 'alert', hidden: true });
  const rows = missing.items.map((u) =>
    h(
      'tr',
      { dataset: { missingUnitId: String(u.unit.id) } },
      h('th', { scope: 'row' }, data(nameOf(u.unit))),
      h('td', {}, unitState(u.state)),
      h('td', { class: 'num' }, String(u.missing.count)),
      h(
        'td',
        {},
        ...u.missing.tasks.flatMap((x, i) => [i ? ', ' : '', h('a', { href: `/tasks/${x.id}` }, x.code)]),
        u.missing.count > u.missing.tasks.length
          ? [
              ' ',
              h(
                'a',
                { href: `/dispatch/${round.id}?unit=${u.unit.id}` },
                t('round.moreTasks', { count: u.missing.count - u.missing.tasks.length }),
              ),
            ]
          : null,
      ),
      canRemind
        ? h(
            'td',
            {},
            remindButton(`/api/dispatch-rounds/${round.id}/units/${u.unit.id}/remind`, t('round.remind'), remindError),
          )
        : null,
    ),
  );
  const head = [t('round.unit'), t('round.state'), t('round.missing'), t('round.missingTasks')];
  if (canRemind) head.push(t('round.actions'));
  return section(
    'round-missing',
    t('round.missingTitle'),
    canRemind && missing.pastDue
      ? h(
          'p',
          {},
          remindButton(`/api/dispatch-rounds/${round.id}/late/remind`, t('round.remindLate'), remindError),
        )
      : null,
    remindError,
    rows.length
      ? table(t('round.missingTitle'), head, rows, { class: 'data-table round-missing' })
      : h('p', { class: 'muted' }, t('round.nothingMissing')),
  );
}

/** The late list: after the due date, units with reports missing, and those that filed late. */
function lateCard(late) {
  const rows = late.units.map((u) =>
    h(
      'tr',
      { dataset: { lateUnitId: String(u.unit.id) } },
      h('th', { scope: 'row' }, data(nameOf(u.unit))),
      h('td', { class: 'num' }, String(u.missing.count)),
      h('td', { class: 'num' }, String(u.late.count)),
    ),
  );
  return section(
    'round-late',
    t('round.lateTitle'),
    rows.length
      ? table(t('round.lateTitle'), [t('round.unit'), t('round.missing'), t('round.late')], rows, {
          class: 'data-table round-late',
        })
      : h('p', { class: 'muted' }, t('round.noneLate')),
  );
}
