// Requests waiting for a decision: deadline extensions for a lead to approve or refuse, and submitted progress
// reports for the secretariat (or a lead) to accept or send back. The review forms are shared with the task page.
import { get, post } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows, unitName } from '../domain.js';
import { field, formSummary, isBlank, showApiError, showErrors } from '../forms.js';
import { errorText, formatDateTime, formatNumber, formatPercent, getLang, nameOf, t } from '../i18n.js';
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

/** One report as a reviewer needs it: who filed what and when, every part of it, and the decision beside it. */
function reviewCard(r, select) {
  const colon = t('page.colon');
  const part = (label, text) => (text ? h('p', { class: 'prose' }, h('strong', {}, label, colon), data(text)) : null);
  return h(
    'article',
    { class: 'card review-card', dataset: { report: String(r.id) }, 'aria-labelledby': `review-${r.id}` },
    h(
      'div',
      { class: 'review-head' },
      select,
      h('h2', { id: `review-${r.id}`, class: 'review-task' }, taskCell(r.task)),
    ),
    h(
      'p',
      { class: 'report-head' },
      h('strong', {}, data(r.period)),
      h('span', {}, unitName(r.unit)),
      h('span', { class: 'flag' }, r.fromLeadUnit ? t('reports.leadUnit') : t('reports.supportingUnit')),
      h('span', { class: 'report-percent' }, t('reports.percent', { percent: formatPercent(r.percent, 0) })),
      r.late ? h('span', { class: 'flag flag-red' }, t('reports.late')) : null,
      r.needsCoordination ? h('span', { class: 'flag flag-yellow' }, t('report.needsCoordination')) : null,
    ),
    h(
      'p',
      { class: 'muted' },
      t('review.filed'),
      colon,
      r.filedBy ? data(r.filedBy.displayName) : '—',
      ' · ',
      formatDateTime(r.filedAt),
    ),
    part(t('review.text'), r.text),
    part(t('report.problems'), r.problems),
    part(t('report.nextSteps'), r.nextSteps),
    r.indicatorValues.length
      ? h(
          'p',
          { class: 'prose' },
          h('strong', {}, t('report.indicatorValues'), colon),
          r.indicatorValues
            .map((v) => `${nameOf(v)} ${formatNumber(v.value, 2)}${getLang() === 'en' ? '' : ` ${v.measure ?? ''}`}`)
            .join(t('page.listSeparator')),
        )
      : null,
    Array.isArray(r.attachments) && r.attachments.length
      ? h(
          'p',
          { class: 'prose' },
          h('strong', {}, t('review.attachments'), colon),
          r.attachments.map((a, i) => [
            i ? t('page.listSeparator') : '',
            h('a', { href: `/api/attachments/${a.id}/content`, target: '_blank', rel: 'noopener' }, data(a.filename)),
          ]),
        )
      : null,
    allows(r, 'report.review') ? reportDecision(r) : h('p', { class: 'muted' }, t('review.notYours')),
  );
}

export async function renderReportReviews(view) {
  fill(view, h('h1', {}, t('review.title')), loading(t('page.loading')));
  const page = await get('/api/reports', { status: 'submitted', pageSize: 100 });
  const selectable = page.items.filter((r) => allows(r, 'report.review'));
  const boxes = new Map(
    selectable.map((r) => [
      r.id,
      h('input', {
        type: 'checkbox',
        class: 'review-select',
        'aria-label': t('review.select', { code: r.task.code, unit: nameOf(r.unit) }),
      }),
    ]),
  );
  const outcome = h('p', { class: 'notice', role: 'status', hidden: true });
  const bulk = h(
    'div',
    { class: 'actions review-bulk' },
    h(
      'button',
      {
        type: 'button',
        class: 'btn',
        onClick: () => boxes.forEach((b) => (b.checked = true)),
      },
      t('review.selectAll'),
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'btn btn-primary',
        onClick: async () => {
          const chosen = [...boxes].filter(([, b]) => b.checked).map(([id]) => id);
          if (!chosen.length) {
            outcome.hidden = false;
            outcome.textContent = t('review.noneSelected');
            return;
          }
          let accepted = 0;
          const failed = [];
          // one at a time: each acceptance moves its task's progress, and an error names its report
          for (const id of chosen) {
            try {
              await post(`/api/reports/${id}/accept`, {});
              accepted += 1;
            } catch (error) {
              const r = page.items.find((x) => x.id === id);
              failed.push(`${r.task.code}${t('page.colon')}${errorText(error)}`);
            }
          }
          flash(
            failed.length
              ? t('review.bulkPartly', { accepted, failed: failed.length }) + ' ' + failed.join(t('page.listSeparator'))
              : t('review.bulkDone', { accepted }),
          );
          refresh();
        },
      },
      t('review.acceptSelected'),
    ),
  );
  clear(view);
  fill(
    view,
    h('h1', {}, t('review.title')),
    page.items.length
      ? [
          h('p', { class: 'lead-text' }, t('review.count', { n: page.total })),
          selectable.length > 1 ? bulk : null,
          outcome,
          h(
            'div',
            { class: 'review-list' },
            page.items.map((r) => reviewCard(r, boxes.get(r.id) ?? null)),
          ),
        ]
      : h('p', { class: 'muted' }, t('review.none')),
    page.total > page.items.length ? h('p', { class: 'muted' }, t('review.more', { n: page.total })) : null,
  );
  return t('review.title');
}
