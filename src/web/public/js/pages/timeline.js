// The plan as a timeline (Gantt-style): each task a bar from its start to its deadline, grouped by work item,
// coloured by its grade (and labelled with it in words), with today marked. Plain SVG; each bar links to its task.
import { get, getAll, query, serverToday } from '../api.js';
import { GRADE_COLOURS } from '../charts.js';
import { clear, fill, h } from '../dom.js';
import { field } from '../forms.js';
import { formatPercent, getLang, nameOf, t } from '../i18n.js';
import { navigate } from '../router.js';
import { loading } from '../ui.js';

const DAY = 86400000;
const LABEL_W = 280;
const ROW_H = 30;
const GROUP_H = 34;
const AXIS_H = 44;
const BAR_H = 16;
const NOTE_W = 150;

const ms = (iso) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
const iso = (time) => new Date(time).toISOString().slice(0, 10);
const clip = (text, max) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

export async function renderTimeline(view, { query: queryParams }) {
  fill(view, h('h1', {}, t('timeline.title')), loading(t('page.loading')));
  const filters = { workItemId: queryParams.get('workItemId') ?? '', unitId: queryParams.get('unitId') ?? '' };
  const [workItems, units, tasks, today] = await Promise.all([
    get('/api/work-items'),
    get('/api/units'),
    getAll('/api/tasks', { workItemId: filters.workItemId, unitId: filters.unitId, sort: 'code' }),
    serverToday(),
  ]);

  clear(view);
  fill(
    view,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('timeline.title')),
      h('div', { class: 'page-actions' }, h('a', { class: 'btn', href: `/tasks${query(filters)}` }, t('nav.tasks'))),
    ),
    filterForm(filters, workItems, units),
    legend(),
    tasks.length ? gantt(tasks, workItems, today, view.clientWidth) : h('p', { class: 'muted' }, t('tasks.none')),
  );
  return t('timeline.title');
}

function filterForm(filters, workItems, units) {
  const workItem = field({
    label: t('task.workItem'),
    name: 'workItemId',
    control: 'select',
    options: [
      { value: '', label: t('filter.all') },
      ...workItems.map((w) => ({
        value: String(w.id),
        label: `${w.code} ${nameOf(w, 'title')}`,
        selected: filters.workItemId === String(w.id),
      })),
    ],
  });
  const unit = field({
    label: t('task.unit'),
    name: 'unitId',
    control: 'select',
    options: [
      { value: '', label: t('filter.all') },
      ...units.map((u) => ({ value: String(u.id), label: nameOf(u), selected: filters.unitId === String(u.id) })),
    ],
  });
  const form = h(
    'form',
    { class: 'filters filters-inline', role: 'search', 'aria-label': t('filter.label') },
    workItem,
    unit,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('filter.apply'))),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(`/timeline${query({ workItemId: workItem.control.value, unitId: unit.control.value })}`);
  });
  return form;
}

function legend() {
  return h(
    'ul',
    { class: 'legend', 'aria-label': t('timeline.legend') },
    ['red', 'yellow', 'blue', 'none'].map((c) =>
      h(
        'li',
        {},
        h('span', { class: 'swatch', style: { background: GRADE_COLOURS[c] }, 'aria-hidden': 'true' }),
        t(`grade.${c}`),
      ),
    ),
    h('li', {}, h('span', { class: 'swatch swatch-today', 'aria-hidden': 'true' }), t('timeline.today')),
  );
}

/** `room`: the page's width, which the chart fills (it scrolls sideways when the plan is long or the screen small). */
function gantt(tasks, workItems, today, room) {
  const dated = tasks.filter((x) => x.deadline);
  const starts = dated.map((x) => ms(x.startDate ?? x.deadline));
  const ends = dated.map((x) => ms(x.deadline));
  const from = Math.min(...starts, ms(today)) - 7 * DAY;
  const to = Math.max(...ends, ms(today)) + 14 * DAY;
  const days = Math.round((to - from) / DAY);
  const dayW = Math.max(2, Math.min(8, (Math.max(room, 900) - LABEL_W - NOTE_W - 4) / days));
  const chartW = Math.round(days * dayW);
  const x = (time) => LABEL_W + ((time - from) / DAY) * dayW;

  const groups = workItems
    .map((w) => ({ w, items: dated.filter((task) => task.workItem.id === w.id) }))
    .filter((g) => g.items.length);
  const height = AXIS_H + groups.reduce((a, g) => a + GROUP_H + g.items.length * ROW_H, 0) + 8;
  const width = LABEL_W + chartW + NOTE_W;

  const svg = h('svg:svg', {
    class: 'gantt',
    width: String(width),
    height: String(height),
    viewBox: `0 0 ${width} ${height}`,
    role: 'group',
    'aria-label': t('timeline.chartLabel', { from: iso(from), to: iso(to), today }),
  });

  // months along the top, with grid lines
  const axis = h('svg:g', { class: 'gantt-axis', 'aria-hidden': 'true' });
  const first = new Date(from);
  let m = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1);
  for (let i = 0; i < 120 && m < to; i++) {
    const d = new Date(m);
    axis.append(
      h('svg:line', { x1: x(m), x2: x(m), y1: AXIS_H - 8, y2: height, class: 'grid' }),
      h('svg:text', { x: x(m) + 3, y: AXIS_H - 14, class: 'tick' }, iso(m).slice(0, 7)),
    );
    m = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  svg.append(axis);

  let y = AXIS_H;
  for (const g of groups) {
    svg.append(
      h('svg:rect', { x: 0, y, width, height: GROUP_H, class: 'group-band', 'aria-hidden': 'true' }),
      h(
        'svg:text',
        { x: 8, y: y + 22, class: 'group-label' },
        clip(`${g.w.code} ${nameOf(g.w, 'title')}`, getLang() === 'en' ? 70 : 40),
      ),
    );
    y += GROUP_H;
    for (const task of g.items) {
      svg.append(row(task, y, x));
      y += ROW_H;
    }
  }

  const tx = x(ms(today) + DAY / 2);
  svg.append(
    h('svg:line', { x1: tx, x2: tx, y1: AXIS_H - 6, y2: height, class: 'today-line' }),
    h('svg:text', { x: tx + 4, y: 14, class: 'today-label' }, `${t('timeline.today')} ${today}`),
  );
  return h('div', { class: 'gantt-wrap', tabindex: '0', role: 'region', 'aria-label': t('timeline.title') }, svg);
}

function row(task, y, x) {
  const grade = task.colour ?? 'none';
  const title = nameOf(task, 'title');
  const start = task.startDate ?? null;
  const gradeText = t(`grade.${grade}`);
  const label = t('timeline.barLabel', {
    code: task.code,
    title,
    start: start ?? '—',
    deadline: task.deadline,
    grade: gradeText,
    progress: formatPercent(task.progress, 0),
  });
  const link = h('svg:a', { href: `/tasks/${task.id}`, class: `bar-link grade-${grade}`, 'aria-label': label });
  link.append(h('svg:title', {}, label));
  // The clipped title and the figures beside the bar are for the eye, outside the link: its name carries the whole
  // of them, and a link's name must hold the text it shows.
  const group = h('svg:g', { class: 'bar-row' }, link);
  group.append(
    h(
      'svg:text',
      { x: 8, y: y + 20, class: 'row-label', 'aria-hidden': 'true' },
      clip(`${task.code} ${title}`, getLang() === 'en' ? 38 : 19),
    ),
  );
  const end = x(ms(task.deadline) + DAY);
  const colour = GRADE_COLOURS[grade];
  if (start) {
    const bx = x(ms(start));
    const bw = Math.max(4, end - bx);
    link.append(
      h('svg:rect', {
        x: bx,
        y: y + (ROW_H - BAR_H) / 2,
        width: bw,
        height: BAR_H,
        rx: 3,
        fill: colour,
        'fill-opacity': '0.3',
        stroke: colour,
      }),
      h('svg:rect', {
        x: bx,
        y: y + (ROW_H - BAR_H) / 2,
        width: (bw * Math.min(100, task.progress)) / 100,
        height: BAR_H,
        rx: 3,
        fill: colour,
      }),
    );
  } else {
    const cy = y + ROW_H / 2;
    link.append(
      h('svg:path', {
        d: `M ${end} ${cy - 8} L ${end + 8} ${cy} L ${end} ${cy + 8} L ${end - 8} ${cy} Z`,
        fill: colour,
      }),
    );
  }
  group.append(
    h(
      'svg:text',
      { x: end + 10, y: y + 20, class: 'bar-note', 'aria-hidden': 'true' },
      `${formatPercent(task.progress, 0)}${grade === 'none' ? '' : ` · ${gradeText}`}`,
    ),
  );
  return group;
}
