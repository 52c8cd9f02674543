// The follow-up of a task on its page: leaders' instructions (shown first), who of its units acknowledged it (with
// the 签收 button for my unit's awaited items), the urgings (催办) with a form for the office, and the comment
// thread (post, edit within the window, delete with a reason). Buttons follow the answers' allowedActions.
import { api, get, post } from '../api.js';
import { data, h, table } from '../dom.js';
import { allows, unitName } from '../domain.js';
import { field, formSummary, isBlank, showApiError, showErrors } from '../forms.js';
import { formatDateTime, getLang, nameOf, t } from '../i18n.js';
import { refresh } from '../router.js';
import { flash, section } from '../ui.js';

/** Units named in a line: with the pause mark in Chinese, commas in English. */
function listOf(units) {
  return data(units.map((u) => nameOf(u)).join(getLang() === 'en' ? ', ' : '、'));
}

/** What the follow-up cards show, read together. */
export async function loadFollowup(taskId) {
  const [instructions, acknowledgements, urgings, comments] = await Promise.all([
    get(`/api/tasks/${taskId}/instructions`).catch(() => []),
    get(`/api/tasks/${taskId}/acknowledgements`).catch(() => []),
    get(`/api/tasks/${taskId}/urgings`).catch(() => ({ urgingCount: 0, byUnit: [], items: [] })),
    get(`/api/tasks/${taskId}/comments`).catch(() => []),
  ]);
  return { instructions, acknowledgements, urgings, comments };
}

export function instructionsCard(instructions) {
  if (!instructions.length) return null;
  return section(
    'instructions-title',
    t('instruction.title'),
    h(
      'ul',
      { class: 'instruction-list' },
      instructions.map((i) =>
        h(
          'li',
          { class: 'instruction', 'data-instruction-id': String(i.id) },
          h('p', { class: 'instruction-head' }, data(i.leaderName), ' · ', data(i.issuedOn)),
          h('blockquote', { class: 'prose' }, data(i.text)),
          h('p', { class: 'muted' }, t('instruction.reaches'), ' ', listOf(i.units)),
        ),
      ),
    ),
  );
}

export function acknowledgementsCard(items) {
  if (!items.length) return null;
  const mine = items.filter((a) => allows(a, 'acknowledgement.ack'));
  const rows = items.map((a) =>
    h(
      'tr',
      { 'data-acknowledgement-id': String(a.id) },
      h('td', {}, unitName(a.unit)),
      h('td', {}, t(`acknowledgement.kind.${a.kind}`)),
      h('td', {}, formatDateTime(a.dueAt)),
      h(
        'td',
        { class: `ack-${a.status}` },
        t(`acknowledgement.status.${a.status}`),
        a.acknowledgedAt ? [' ', formatDateTime(a.acknowledgedAt)] : null,
        a.acknowledgedBy ? [' · ', data(a.acknowledgedBy.displayName)] : null,
      ),
    ),
  );
  const button = mine.length
    ? h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'acknowledge' }, t('acknowledgement.ack'))
    : null;
  if (button) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await post(`/api/tasks/${mine[0].task.id}/acknowledge`);
        flash(t('acknowledgement.done'));
        refresh();
      } catch {
        button.disabled = false;
      }
    });
  }
  return section(
    'acknowledgements-title',
    t('acknowledgement.title'),
    table(
      t('acknowledgement.title'),
      [t('acknowledgement.unit'), t('acknowledgement.kind'), t('acknowledgement.due'), t('acknowledgement.state')],
      rows,
    ),
    button ? h('div', { class: 'actions' }, button) : null,
  );
}

export function urgingsCard(task, urgings, user) {
  // the office and the leads urge; the API refuses anyone else whatever the page shows
  const canUrge = (user?.allowedActions ?? []).includes('task.urge');
  const list = urgings.items.length
    ? h(
        'ul',
        { class: 'urging-list' },
        urgings.items.map((u) =>
          h(
            'li',
            { 'data-urging-id': String(u.id) },
            h('strong', {}, unitName(u.unit)),
            ' ',
            formatDateTime(u.createdAt),
            u.by ? [' · ', data(u.by.displayName)] : null,
            h('p', { class: 'prose' }, data(u.note)),
          ),
        ),
      )
    : h('p', { class: 'muted' }, t('urging.none'));
  return section(
    'urgings-title',
    t('urging.title', { count: urgings.urgingCount }),
    list,
    canUrge ? urgingForm(task) : null,
  );
}

function urgingForm(task) {
  const units = [task.leadUnit, ...task.supportingUnits];
  const unit = field({
    label: t('urging.unit'),
    name: 'unitId',
    control: 'select',
    options: units.map((u) => ({ value: String(u.id), label: unitName(u) })),
  });
  const note = field({
    label: t('urging.note'),
    name: 'note',
    control: 'textarea',
    required: true,
    attrs: { rows: 2, maxlength: '500' },
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-form': 'urging' },
    h('h3', {}, t('urging.urge')),
    formSummary(),
    unit,
    note,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('urging.urge'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = note.control.value.trim();
    if (isBlank(text))
      return showErrors(form, [{ field: 'note', text: t('urging.noteRequired') }], t('form.fixErrors'));
    try {
      await post(`/api/tasks/${task.id}/urgings`, { unitId: Number(unit.control.value), note: text });
      flash(t('urging.sent'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

export function commentsCard(task, comments, user) {
  const mayComment = (user?.allowedActions ?? []).includes('comment.create');
  return section(
    'comments-title',
    t('comment.title'),
    comments.length
      ? h(
          'ol',
          { class: 'comment-list' },
          comments.map((c) => commentItem(c)),
        )
      : h('p', { class: 'muted' }, t('comment.none')),
    mayComment ? commentForm(task) : null,
  );
}

function commentItem(c) {
  const item = h(
    'li',
    { class: 'comment', 'data-comment-id': String(c.id) },
    h(
      'p',
      { class: 'comment-head' },
      h('strong', {}, data(c.author?.displayName ?? '—')),
      ' ',
      formatDateTime(c.createdAt),
      c.editedAt ? [' ', t('comment.edited')] : null,
    ),
    c.deletedAt
      ? h(
          'p',
          { class: 'muted' },
          t('comment.deletedBy'),
          ' ',
          data(c.deletedBy?.displayName ?? '—'),
          t('comment.deletedReason'),
          data(c.deleteReason ?? ''),
        )
      : h('p', { class: 'prose comment-body' }, data(c.body)),
    c.mentions.length ? h('p', { class: 'muted' }, t('comment.mentions'), ' ', listOf(c.mentions)) : null,
  );
  const actions = h('div', { class: 'actions' });
  if (c.allowedActions.includes('comment.edit')) {
    const edit = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'edit' }, t('comment.edit'));
    edit.addEventListener('click', () => item.append(editForm(c)));
    actions.append(edit);
  }
  if (c.allowedActions.includes('comment.delete')) {
    const del = h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'delete' }, t('comment.delete'));
    del.addEventListener('click', () => item.append(deleteForm(c)));
    actions.append(del);
  }
  if (actions.childNodes.length) item.append(actions);
  return item;
}

function editForm(c) {
  const body = field({
    label: t('comment.body'),
    name: 'body',
    control: 'textarea',
    attrs: { rows: 3, maxlength: '2000' },
  });
  body.control.value = c.body ?? '';
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-form': 'comment-edit' },
    formSummary(),
    body,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('comment.save'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('PATCH', `/api/comments/${c.id}`, { body: body.control.value });
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

function deleteForm(c) {
  const reason = field({
    label: t('comment.reason'),
    name: 'reason',
    control: 'textarea',
    attrs: { rows: 2, maxlength: '500' },
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-form': 'comment-delete' },
    formSummary(),
    reason,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('comment.confirmDelete'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (isBlank(reason.control.value))
      return showErrors(form, [{ field: 'reason', text: t('comment.reasonRequired') }], t('form.fixErrors'));
    try {
      await api('DELETE', `/api/comments/${c.id}`, { reason: reason.control.value });
      flash(t('comment.removed'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

function commentForm(task) {
  const body = field({
    label: t('comment.body'),
    name: 'body',
    control: 'textarea',
    hint: t('comment.hint'),
    attrs: { rows: 3, maxlength: '2000' },
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true, 'data-form': 'comment' },
    formSummary(),
    body,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('comment.post'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (isBlank(body.control.value))
      return showErrors(form, [{ field: 'body', text: t('comment.bodyRequired') }], t('form.fixErrors'));
    try {
      await post(`/api/tasks/${task.id}/comments`, { body: body.control.value });
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}
