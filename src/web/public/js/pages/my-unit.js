// "My unit" for a liaison: the reports its unit owes in the open dispatch rounds, and the tasks it leads and
// supports with their colour grades, each with a link to file a report.
import { get, getAll, post } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows, gradeBadge, progressBar, statusBadge, taskLink, unitName } from '../domain.js';
import { formatDateTime, formatNumber, nameOf, t } from '../i18n.js';
import { flash, loading, section } from '../ui.js';
import { refresh } from '../router.js';

export async function renderMyUnit(view, { user }) {
  fill(view, h('h1', {}, t('myUnit.title')), loading(t('page.loading')));
  const unitId = user.unitId;
  const [led, supported, rounds] = await Promise.all([
    getAll('/api/tasks', { unitId, unitRole: 'lead', sort: 'deadline' }),
    getAll('/api/tasks', { unitId, unitRole: 'supporting', sort: 'deadline' }),
    get('/api/dispatch-rounds', { status: 'open', pageSize: 50 }),
  ]);
  const awaiting = (await get('/api/acknowledgements', { unitId }).catch(() => [])).filter((a) => a.status !== 'done');
  // each round's counts, and the first page of the tasks the unit leads in it (the page links to the rest)
  const details = await Promise.all(
    rounds.items.map(async (r) => ({
      ...(await get(`/api/dispatch-rounds/${r.id}`)),
      unitTasks: await get(`/api/dispatch-rounds/${r.id}/tasks`, { unitId, pageSize: 100 }),
    })),
  );

  clear(view);
  fill(
    view,
    h('h1', {}, t('myUnit.title')),
    h('p', { class: 'lead-text' }, user.unit ? data(nameOf(user.unit)) : null),
    gradeSummary([...led, ...supported]),
    awaitingCard(awaiting),
    dueCard(details, unitId, [...led, ...supported]),
    tasksCard('led-title', t('myUnit.led'), led),
    tasksCard('supported-title', t('myUnit.supported'), supported),
  );
  return t('myUnit.title');
}

/** What reached the unit and awaits its acknowledgement (签收), each with its button. */
function awaitingCard(items) {
  if (!items.length) {
    return section(
      'awaiting-title',
      t('acknowledgement.awaiting'),
      h('p', { class: 'muted' }, t('acknowledgement.noneAwaiting')),
    );
  }
  const rows = items.map((a) => {
    const button = allows(a, 'acknowledgement.ack')
      ? h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'acknowledge' }, t('acknowledgement.ack'))
      : null;
    button?.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await post(`/api/acknowledgements/${a.id}`);
        flash(t('acknowledgement.done'));
        refresh();
      } catch {
        button.disabled = false;
      }
    });
    return h(
      'tr',
      { 'data-acknowledgement-id': String(a.id) },
      h('td', {}, taskLink({ id: a.task.id, code: a.task.code, title: a.task.title })),
      h('td', {}, t(`acknowledgement.kind.${a.kind}`)),
      h('td', { class: `ack-${a.status}` }, formatDateTime(a.dueAt), ' ', t(`acknowledgement.status.${a.status}`)),
      h('td', {}, button),
    );
  });
  return section(
    'awaiting-title',
    t('acknowledgement.awaiting'),
    table(
      t('acknowledgement.awaiting'),
      [t('task.title'), t('acknowledgement.kind'), t('acknowledgement.due'), t('page.actions')],
      rows,
    ),
  );
}

function gradeSummary(tasks) {
  const count = (c) => tasks.filter((x) => (x.colour ?? 'none') === c).length;
  return h(
    'section',
    { class: 'tiles', 'aria-label': t('myUnit.grades') },
    ['red', 'yellow', 'blue'].map((c) =>
      h(
        'div',
        { class: `tile tile-${c}` },
        h('p', { class: 'tile-value' }, formatNumber(count(c), 0)),
        h('p', { class: 'tile-label' }, t(`grade.${c}`)),
      ),
    ),
    h(
      'div',
      { class: 'tile' },
      h('p', { class: 'tile-value' }, formatNumber(tasks.length, 0)),
      h('p', { class: 'tile-label' }, t('myUnit.allTasks')),
    ),
  );
}

/** Reports due in the open rounds: the tasks the unit leads in each round's scope, reported or not. */
function dueCard(rounds, unitId, tasks) {
  const byId = new Map(tasks.map((x) => [x.id, x]));
  const blocks = rounds.map((round) => {
    const row = (round.units ?? []).find((u) => u.unit.id === unitId);
    const rows = round.unitTasks.items.map((item) => {
      const taskId = item.id;
      const task = byId.get(taskId) ?? item;
      const done = item.reported;
      return h(
        'tr',
        {},
        h('td', {}, taskLink(task)),
        h(
          'td',
          {},
          h(
            'span',
            { class: `report-state ${done ? 'state-done' : 'state-due'}` },
            done ? (item.late ? t('myUnit.reportedLate') : t('myUnit.reported')) : t('myUnit.notReported'),
          ),
        ),
        h(
          'td',
          {},
          done
            ? null
            : h(
                'a',
                { class: 'btn btn-small', href: `/tasks/${taskId}/report?period=${encodeURIComponent(round.period)}` },
                t('myUnit.fileReport'),
              ),
        ),
      );
    });
    return h(
      'div',
      { class: 'round' },
      h('h3', {}, data(round.title), ' · ', t('myUnit.dueBy', { date: round.dueDate })),
      row
        ? h(
            'p',
            { class: 'muted' },
            t(`round.state.${row.state}`),
            ' · ',
            t('myUnit.receivedOf', { received: row.received.count, expected: row.expected.count }),
          )
        : null,
      rows.length
        ? table(round.title, [t('task.task'), t('myUnit.reportState'), t('page.actions')], rows, {
            class: 'data-table',
          })
        : h('p', { class: 'muted' }, t('myUnit.nothingExpected')),
      round.unitTasks.total > rows.length
        ? h(
            'p',
            { class: 'muted' },
            h(
              'a',
              { href: `/dispatch/${round.id}?unit=${unitId}` },
              t('round.moreTasks', { count: round.unitTasks.total - rows.length }),
            ),
          )
        : null,
    );
  });
  return section(
    'due-title',
    t('myUnit.dueReports'),
    blocks.length ? blocks : h('p', { class: 'muted' }, t('myUnit.noOpenRound')),
  );
}

function tasksCard(id, title, tasks) {
  if (!tasks.length) return section(id, title, h('p', { class: 'muted' }, t('tasks.none')));
  const rows = tasks.map((task) =>
    h(
      'tr',
      {},
      h('td', {}, taskLink(task)),
      h('td', {}, unitName(task.leadUnit)),
      h('td', {}, statusBadge(task.status)),
      h('td', {}, gradeBadge(task.colour)),
      h('td', {}, progressBar(task.progress, task.expectedProgress)),
      h('td', { class: 'nowrap' }, task.nextDueDate ?? task.deadline),
      h(
        'td',
        {},
        allows(task, 'report.file')
          ? h('a', { class: 'btn btn-small', href: `/tasks/${task.id}/report` }, t('myUnit.fileReport'))
          : null,
      ),
    ),
  );
  return section(
    id,
    title,
    table(
      title,
      [
        t('task.task'),
        t('task.leadUnit'),
        t('task.status'),
        t('task.grade'),
        t('task.progress'),
        t('task.deadline'),
        t('page.actions'),
      ],
      rows,
      {
        class: 'data-table',
      },
    ),
  );
}
