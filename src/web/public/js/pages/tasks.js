// The task list: filters and sort order live in the URL (so a view can be bookmarked) and map one to one onto
// GET /api/tasks query parameters.
/* global window */
import { get, query } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows, COLOURS, gradeBadge, progressBar, statusBadge, TASK_STATUSES, unitName } from '../domain.js';
import { field } from '../forms.js';
import { formatNumber, nameOf, t } from '../i18n.js';
import { navigate } from '../router.js';
import { loading } from '../ui.js';
import { exportButton } from './spreadsheets.js';

const FILTERS = ['workItemId', 'unitId', 'unitRole', 'status', 'colour', 'overdue', 'dueSoon', 'q'];
const PAGE_SIZE = 50;

/** Sortable columns: the API's sort key for each. */
const COLUMNS = [
  { key: 'code', label: 'task.code' },
  { key: 'title', label: 'task.task' },
  { key: null, label: 'task.workItem' },
  { key: null, label: 'task.leadUnit' },
  { key: 'status', label: 'task.status' },
  { key: 'colour', label: 'task.grade' },
  { key: 'progress', label: 'task.progress' },
  { key: 'deadline', label: 'task.deadline' },
  { key: null, label: 'task.owner' },
];

function filtersFrom(queryParams) {
  const f = {};
  for (const k of FILTERS) {
    const v = queryParams.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export async function renderTasks(view, { query: queryParams, user }) {
  fill(view, h('h1', {}, t('tasks.title')), loading(t('page.loading')));
  const filters = filtersFrom(queryParams);
  const sort = queryParams.get('sort') || 'deadline';
  const page = Math.max(1, Number(queryParams.get('page')) || 1);
  const [workItems, units, result] = await Promise.all([
    get('/api/work-items'),
    get('/api/units'),
    get('/api/tasks', { ...filters, sort, page, pageSize: PAGE_SIZE }),
  ]);

  clear(view);
  fill(
    view,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('tasks.title')),
      h(
        'div',
        { class: 'page-actions' },
        allows(user, 'task.create') ? h('a', { class: 'btn btn-primary', href: '/tasks/new' }, t('nav.newTask')) : null,
        allows(user, 'tasks.import') ? h('a', { class: 'btn', href: '/import/tasks' }, t('sheet.importTitle')) : null,
        exportButton({ ...filters, sort }),
        h(
          'a',
          { class: 'btn', href: `/timeline${query({ workItemId: filters.workItemId, unitId: filters.unitId })}` },
          t('nav.timeline'),
        ),
      ),
    ),
    h(
      'details',
      {
        class: 'filters-box',
        open: Object.keys(filters).length > 0 || !window.matchMedia('(max-width: 760px)').matches,
      },
      h('summary', {}, t('filter.label')),
      filterForm(filters, sort, workItems, units),
    ),
    h('p', { class: 'result-count', role: 'status' }, t('tasks.count', { total: formatNumber(result.total, 0) })),
    result.items.length ? taskTable(result.items, filters, sort) : h('p', { class: 'muted' }, t('tasks.none')),
    pager(result, filters, sort),
  );
  return t('tasks.title');
}

function filterForm(filters, sort, workItems, units) {
  const opt = (value, label, selected) => ({ value, label, selected });
  const workItem = field({
    label: t('task.workItem'),
    name: 'workItemId',
    control: 'select',
    options: [
      opt('', t('filter.all')),
      ...workItems.map((w) =>
        opt(String(w.id), `${w.code} ${nameOf(w, 'title')}`, filters.workItemId === String(w.id)),
      ),
    ],
  });
  const unit = field({
    label: t('task.unit'),
    name: 'unitId',
    control: 'select',
    options: [
      opt('', t('filter.all')),
      ...units.map((u) => opt(String(u.id), nameOf(u), filters.unitId === String(u.id))),
    ],
  });
  const unitRole = field({
    label: t('filter.unitRole'),
    name: 'unitRole',
    control: 'select',
    options: ['any', 'lead', 'supporting'].map((r) =>
      opt(r === 'any' ? '' : r, t(`filter.unitRole.${r}`), (filters.unitRole ?? '') === (r === 'any' ? '' : r)),
    ),
  });
  const status = field({
    label: t('task.status'),
    name: 'status',
    control: 'select',
    options: [opt('', t('filter.all')), ...TASK_STATUSES.map((s) => opt(s, t(`status.${s}`), filters.status === s))],
  });
  const colour = field({
    label: t('task.grade'),
    name: 'colour',
    control: 'select',
    options: [opt('', t('filter.all')), ...COLOURS.map((c) => opt(c, t(`grade.${c}`), filters.colour === c))],
  });
  const overdue = field({
    label: t('filter.overdue'),
    name: 'overdue',
    type: 'checkbox',
    attrs: { value: 'true', checked: filters.overdue === 'true' },
  });
  const dueSoon = field({
    label: t('filter.dueSoon'),
    name: 'dueSoon',
    type: 'checkbox',
    attrs: { value: 'true', checked: filters.dueSoon === 'true' },
  });
  const text = field({
    label: t('filter.text'),
    name: 'q',
    type: 'search',
    attrs: { value: filters.q ?? '', maxlength: '100' },
  });

  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': t('filter.label') },
    text,
    workItem,
    unit,
    unitRole,
    status,
    colour,
    h('div', { class: 'filter-checks' }, overdue, dueSoon),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('filter.apply')),
      h('a', { class: 'btn btn-quiet', href: '/tasks' }, t('filter.reset')),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = {};
    for (const k of FILTERS) {
      const el = form.elements.namedItem(k);
      if (!el) continue;
      if (el.type === 'checkbox') next[k] = el.checked ? 'true' : '';
      else next[k] = el.value.trim();
    }
    if (!next.unitId) next.unitRole = '';
    navigate(`/tasks${query({ ...next, sort: sort === 'deadline' ? '' : sort })}`);
  });
  return form;
}

function taskTable(items, filters, sort) {
  const desc = sort.startsWith('-');
  const sortKey = sort.replace(/^-/, '');
  const headers = COLUMNS.map((c) => {
    if (!c.key) return h('th', { scope: 'col' }, t(c.label));
    const active = sortKey === c.key;
    const next = active && !desc ? `-${c.key}` : c.key;
    return h(
      'th',
      { scope: 'col', 'aria-sort': active ? (desc ? 'descending' : 'ascending') : null },
      h(
        'a',
        {
          class: 'sort',
          href: `/tasks${query({ ...filters, sort: next })}`,
          title: t('tasks.sortBy', { column: t(c.label) }),
        },
        t(c.label),
        h('span', { class: 'sort-mark', 'aria-hidden': 'true' }, active ? (desc ? ' ▼' : ' ▲') : ' ↕'),
      ),
    );
  });
  const rows = items.map((task) =>
    h(
      'tr',
      { class: task.overdue ? 'row-overdue' : null },
      h('td', { class: 'nowrap' }, data(task.code)),
      h('td', {}, h('a', { href: `/tasks/${task.id}` }, data(nameOf(task, 'title')))),
      h('td', {}, data(task.workItem?.code ?? '')),
      h('td', {}, unitName(task.leadUnit)),
      h('td', {}, statusBadge(task.status)),
      h('td', {}, gradeBadge(task.colour)),
      h('td', {}, progressBar(task.progress, task.expectedProgress)),
      h(
        'td',
        { class: 'nowrap' },
        task.nextDueDate ?? task.deadline,
        task.overdue
          ? h('span', { class: 'flag flag-red' }, t('filter.overdue'))
          : task.dueSoon
            ? h('span', { class: 'flag flag-blue' }, t('filter.dueSoon'))
            : null,
      ),
      h('td', {}, task.ownerName ? data(task.ownerName) : '—'),
    ),
  );
  return table(t('tasks.title'), headers, rows, { class: 'data-table task-table' });
}

function pager(result, filters, sort) {
  const pages = Math.ceil(result.total / result.pageSize);
  if (pages <= 1) return null;
  const link = (p, label) =>
    h(
      'a',
      {
        class: 'btn btn-small',
        href: `/tasks${query({ ...filters, sort: sort === 'deadline' ? '' : sort, page: p })}`,
      },
      label,
    );
  return h(
    'nav',
    { class: 'pager', 'aria-label': t('tasks.pages') },
    result.page > 1 ? link(result.page - 1, t('tasks.previous')) : null,
    h('span', {}, t('tasks.pageOf', { page: result.page, pages })),
    result.page < pages ? link(result.page + 1, t('tasks.next')) : null,
  );
}
