// Supervision notices (督办单): the list (a liaison sees its own unit's), one notice with its document and the
// lead unit's replies and reply form, and on the task page the task's notices with the form that issues one for a
// yellow or red task. The actions shown are those the API lists (allowedActions).
import { ApiError, get, post } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows, gradeBadge, unitName } from '../domain.js';
import { downloadButton, errorLine } from '../download.js';
import { clearErrors, field, formSummary, isBlank, isIsoDate, showApiError, showErrors } from '../forms.js';
import { formatDateTime, getLang, nameOf, t } from '../i18n.js';
import { refresh } from '../router.js';
import { flash, loading, section } from '../ui.js';

function noticeStatus(n) {
  if (n.overdue) return h('span', { class: 'status status-blocked' }, t('supervision.status.overdue'));
  return h(
    'span',
    { class: `status status-${n.status === 'replied' ? 'closed' : 'in_progress'}` },
    t(`supervision.status.${n.status}`),
  );
}

function noticeRows(notices) {
  return notices.map((n) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `/supervision/${n.id}` }, data(n.number))),
      h('td', {}, gradeBadge(n.grade)),
      h('td', {}, h('a', { href: `/tasks/${n.task.id}` }, data(n.task.code), ' ', data(nameOf(n.task, 'title')))),
      h('td', {}, unitName(n.unit)),
      h('td', {}, n.issuedOn),
      h('td', {}, n.replyDueOn),
      h('td', {}, noticeStatus(n)),
    ),
  );
}

function noticeTable(caption, notices) {
  return table(
    caption,
    [
      t('supervision.number'),
      t('supervision.grade'),
      t('supervision.task'),
      t('supervision.unit'),
      t('supervision.issuedOn'),
      t('supervision.replyDueOn'),
      t('supervision.statusLabel'),
    ],
    noticeRows(notices),
    { class: 'data-table' },
  );
}

export async function renderNotices(view, { query }) {
  fill(view, h('h1', {}, t('supervision.title')), loading(t('page.loading')));
  const status = ['open', 'replied'].includes(query.get('status')) ? query.get('status') : '';
  const notices = await get(`/api/supervision-notices${status ? `?status=${status}` : ''}`);
  const filter = (value, label) =>
    h(
      'a',
      {
        href: value ? `/supervision?status=${value}` : '/supervision',
        'aria-current': value === status ? 'page' : null,
      },
      label,
    );
  clear(view);
  fill(
    view,
    h('h1', {}, t('supervision.title')),
    h(
      'p',
      { class: 'inline-list' },
      filter('', t('supervision.all')),
      ' · ',
      filter('open', t('supervision.status.open')),
      ' · ',
      filter('replied', t('supervision.status.replied')),
    ),
    section(
      'notices-title',
      t('supervision.list'),
      notices.length ? noticeTable(t('supervision.list'), notices) : h('p', { class: 'muted' }, t('supervision.none')),
    ),
  );
  return t('supervision.title');
}

export async function renderNotice(view, { params }) {
  fill(view, h('h1', {}, t('supervision.title')), loading(t('page.loading')));
  if (!/^\d+$/.test(params.id)) throw new ApiError(404, {});
  const n = await get(`/api/supervision-notices/${params.id}`);
  const lang = getLang() === 'en' ? 'en' : 'zh-CN';
  const errors = errorLine();
  const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  clear(view);
  fill(
    view,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '/supervision' }, t('supervision.title'))),
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('supervision.notice'), ' ', data(n.number)),
      h(
        'div',
        { class: 'page-actions' },
        downloadButton(
          t('supervision.docx'),
          `/api/supervision-notices/${n.id}/document.docx?lang=${lang}`,
          'supervision-notice.docx',
          errors,
        ),
      ),
    ),
    errors,
    h(
      'dl',
      { class: 'facts' },
      fact(
        t('supervision.task'),
        h('a', { href: `/tasks/${n.task.id}` }, data(n.task.code), ' ', data(nameOf(n.task, 'title'))),
      ),
      fact(t('supervision.unit'), unitName(n.unit)),
      fact(t('supervision.grade'), gradeBadge(n.grade)),
      fact(t('supervision.issuedOn'), n.issuedOn),
      fact(t('supervision.replyDueOn'), n.replyDueOn),
      fact(t('supervision.statusLabel'), noticeStatus(n)),
      n.note ? fact(t('supervision.note'), data(n.note)) : null,
    ),
    section(
      'replies-title',
      t('supervision.replies'),
      n.replies.length
        ? h(
            'ol',
            { class: 'replies' },
            n.replies.map((r) =>
              h(
                'li',
                {},
                h(
                  'p',
                  { class: 'muted' },
                  data(r.by.displayName ?? ''),
                  ' · ',
                  formatDateTime(r.createdAt),
                  r.late ? h('span', { class: 'flag flag-red' }, ' ', t('supervision.late')) : null,
                ),
                h('p', {}, data(r.text)),
              ),
            ),
          )
        : h('p', { class: 'muted' }, t('supervision.noReplies')),
      allows(n, 'supervision.reply') ? replyForm(n) : null,
    ),
  );
  return `${t('supervision.notice')} ${n.number}`;
}

function replyForm(n) {
  const text = field({
    label: t('supervision.replyText'),
    name: 'text',
    control: 'textarea',
    required: true,
    hint: t('supervision.replyHint'),
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    text,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('supervision.reply'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const value = text.control.value;
    if (isBlank(value)) return showErrors(form, [{ field: 'text', text: t('supervision.replyRequired') }]);
    if (value.length > 4000) return showErrors(form, [{ field: 'text', text: t('supervision.replyTooLong') }]);
    try {
      await post(`/api/supervision-notices/${n.id}/replies`, { text: value });
      flash(t('supervision.replied'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

/** On the task page: the task's notices, and the form that issues one for a yellow or red task. */
export async function taskNoticesCard(task, user) {
  const notices = await get(`/api/tasks/${task.id}/supervision-notices`).catch(() => []);
  const mayIssue = allows(user, 'supervision.issue') && ['yellow', 'red'].includes(task.colour);
  if (!notices.length && !mayIssue) return null;
  return section(
    'task-notices-title',
    t('supervision.ofTask'),
    notices.length ? noticeTable(t('supervision.ofTask'), notices) : h('p', { class: 'muted' }, t('supervision.none')),
    mayIssue ? issueForm(task) : null,
  );
}

function issueForm(task) {
  const due = field({
    label: t('supervision.replyDueOn'),
    name: 'replyDueOn',
    type: 'date',
    hint: t('supervision.replyDueHint'),
  });
  const note = field({ label: t('supervision.note'), name: 'note', control: 'textarea' });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    due,
    note,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('supervision.issue'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {};
    const dueValue = due.control.value.trim();
    if (dueValue) {
      if (!isIsoDate(dueValue)) return showErrors(form, [{ field: 'replyDueOn', text: t('supervision.dateInvalid') }]);
      body.replyDueOn = dueValue;
    }
    if (note.control.value.trim()) body.note = note.control.value.trim();
    try {
      const created = await post(`/api/tasks/${task.id}/supervision-notices`, body);
      flash(t('supervision.issued', { number: created.number }));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}
