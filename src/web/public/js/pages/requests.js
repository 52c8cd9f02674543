// Requests waiting for a decision: deadline extensions for a lead to approve or refuse, and submitted progress
// reports for the secretariat (or a lead) to accept or send back. The review forms are shared with the task page.
import { get, post } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { unitName } from '../domain.js';
import { field, formSummary, isBlank, showApiError, showErrors } from '../forms.js';
import { formatDateTime, formatPercent, t } from '../i18n.js';
import { refresh } from '../router.js';
import { flash, loading } from '../ui.js';

const taskCell = (task) => h('a', { href: `/tasks/${task.id}` }, data(task.code), ' ', data(task.title));

/**
 * Two buttons and a reason: `yes` sends `yesPath` (the reason as an optional note), `no` sends `noPath` with the
 * reason, which it requires.
 */
export function decisionForm({ yesLabel, noLabel, yesPath, noPath, done, reasonLabel }) {
  const reason = field({
    label: reasonLabel,
    name: 'decisionReason',
    control: 'textarea',
    hint: t('review.reasonHint'),
    attrs: { rows: 2, maxlength: '2000' },
  });
  const form = h(
    'form',
    { class: 'form decision-form', novalidate: true },
    formSummary(),
    reason,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', value: 'yes' }, yesLabel),
      h('button', { type: 'submit', class: 'btn', value: 'no' }, noLabel),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const yes = event.submitter?.value !== 'no';
    const text = reason.control.value.trim();
    if (!yes && isBlank(text))
      return showErrors(form, [{ field: 'decisionReason', text: t('review.reasonRequired') }], t('form.fixErrors'));
    try {
      if (yes) await post(yesPath, text ? { note: text } : {});
      else await post(noPath, { reason: text });
      flash(done(yes));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

export function extensionDecision(ext) {
  return decisionForm({
    yesLabel: t('extension.approve'),
    noLabel: t('extension.refuse'),
    reasonLabel: t('review.reason'),
    yesPath: `/api/extensions/${ext.id}/approve`,
    noPath: `/api/extensions/${ext.id}/refuse`,
    done: (yes) => (yes ? t('extension.approved') : t('extension.refused')),
  });
}

export function reportDecision(report) {
  return decisionForm({
    yesLabel: t('review.accept'),
    noLabel: t('review.return'),
    reasonLabel: t('review.reason'),
    yesPath: `/api/reports/${report.id}/accept`,
    noPath: `/api/reports/${report.id}/return`,
    done: (yes) => (yes ? t('review.accepted') : t('review.returned')),
  });
}

export async function renderExtensionRequests(view) {
  fill(view, h('h1', {}, t('extension.pendingTitle')), loading(t('page.loading')));
  const items = await get('/api/extensions', { status: 'pending' });
  clear(view);
  fill(
    view,
    h('h1', {}, t('extension.pendingTitle')),
    items.length
      ? table(
          t('extension.pendingTitle'),
          [
            t('task.task'),
            t('extension.previous'),
            t('extension.requested'),
            t('extension.reason'),
            t('extension.requestedBy'),
            t('page.actions'),
          ],
          items.map((e) =>
            h(
              'tr',
              { dataset: { extension: String(e.id) } },
              h('td', {}, taskCell(e.task)),
              h('td', { class: 'nowrap' }, e.previousDeadline),
              h('td', { class: 'nowrap' }, e.requestedDeadline),
              h('td', {}, data(e.reason)),
              h(
                'td',
                {},
                e.requestedBy ? data(e.requestedBy.displayName) : '—',
                h('br'),
                formatDateTime(e.requestedAt),
              ),
              h('td', {}, extensionDecision(e)),
            ),
          ),
          { class: 'data-table' },
        )
      : h('p', { class: 'muted' }, t('extension.noPending')),
  );
  return t('extension.pendingTitle');
}

export async function renderReportReviews(view) {
  fill(view, h('h1', {}, t('review.title')), loading(t('page.loading')));
  const page = await get('/api/reports', { status: 'submitted', pageSize: 100 });
  clear(view);
  fill(
    view,
    h('h1', {}, t('review.title')),
    page.items.length
      ? table(
          t('review.title'),
          [
            t('task.task'),
            t('review.unit'),
            t('review.period'),
            t('review.percent'),
            t('review.text'),
            t('page.actions'),
          ],
          page.items.map((r) =>
            h(
              'tr',
              { dataset: { report: String(r.id) } },
              h('td', {}, taskCell(r.task)),
              h('td', {}, unitName(r.unit)),
              h('td', { class: 'nowrap' }, data(r.period)),
              h('td', { class: 'num' }, formatPercent(r.percent, 0)),
              h('td', {}, h('p', { class: 'prose' }, data(r.text))),
              h('td', {}, reportDecision(r)),
            ),
          ),
          { class: 'data-table' },
        )
      : h('p', { class: 'muted' }, t('review.none')),
    page.total > page.items.length ? h('p', { class: 'muted' }, t('review.more', { n: page.total })) : null,
  );
  return t('review.title');
}
