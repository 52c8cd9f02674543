// A task: its details, progress against the pro-rata expectation, reports history, linked indicators and audit
// trail, with the actions the person's role allows (edit, report, status changes, closing).
import { ApiError, get, post } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import { allows, gradeBadge, progressBar, statusBadge, taskLink, unitName } from '../domain.js';
import { field, formSummary, isBlank, isIsoDate, showApiError, showErrors } from '../forms.js';
import { formatDateTime, formatNumber, formatPercent, getLang, has, nameOf, t } from '../i18n.js';
import { refresh } from '../router.js';
import { flash, loading, section } from '../ui.js';
import { reportDecision } from './requests.js';
import { downloadButton, errorLine } from '../download.js';
import { attachmentList, uploadForm } from '../attachments.js';
import { taskNoticesCard } from './supervision.js';
import { acknowledgementsCard, commentsCard, instructionsCard, loadFollowup, urgingsCard } from './task-followup.js';

export async function renderTask(view, { params, user }) {
  fill(view, h('h1', {}, t('task.title')), loading(t('page.loading')));
  if (!/^\d+$/.test(params.id)) throw new ApiError(404, {});
  const id = Number(params.id);
  const task = await get(`/api/tasks/${id}`);
  const [reports, audit, indicators, closing, parent, extensions, attachments] = await Promise.all([
    get(`/api/tasks/${id}/reports`),
    get(`/api/tasks/${id}/audit`),
    task.indicators.length ? get('/api/indicators', { planId: task.planId }) : [],
    task.status === 'submitted' ? get(`/api/tasks/${id}/closing`).catch(() => []) : [],
    task.parentId ? get(`/api/tasks/${task.parentId}`).catch(() => null) : null,
    get(`/api/tasks/${id}/extensions`).catch(() => []),
    get(`/api/tasks/${id}/attachments`).catch(() => []),
  ]);
  const notices = await taskNoticesCard(task, user);
  const followup = await loadFollowup(id);

  clear(view);
  const title = `${task.code} ${nameOf(task, 'title')}`;
  fill(
    view,
    h(
      'nav',
      { class: 'breadcrumbs', 'aria-label': t('page.breadcrumbs') },
      h('a', { href: '/tasks' }, t('nav.tasks')),
      ' › ',
      parent ? [h('a', { href: `/tasks/${parent.id}` }, data(parent.code)), ' › '] : null,
      h('span', { 'aria-current': 'page' }, data(task.code)),
    ),
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, data(task.code), ' ', data(nameOf(task, 'title'))),
      h(
        'div',
        { class: 'page-actions' },
        allows(task, 'report.file')
          ? h('a', { class: 'btn btn-primary', href: `/tasks/${task.id}/report` }, t('task.fileReport'))
          : null,
        allows(task, 'task.update') ? h('a', { class: 'btn', href: `/tasks/${task.id}/edit` }, t('task.edit')) : null,
      ),
    ),
    // a leader's instruction comes before everything else on the task
    instructionsCard(followup.instructions),
    h(
      'div',
      { class: 'task-status-line' },
      statusBadge(task.status),
      gradeBadge(task.colour),
      task.overdue ? h('span', { class: 'flag flag-red' }, t('task.overdueBy', { days: -task.workingDaysLeft })) : null,
      task.dueSoon ? h('span', { class: 'flag flag-blue' }, t('task.dueIn', { days: task.workingDaysLeft })) : null,
      task.replanned ? h('span', { class: 'flag' }, t('task.replanned')) : null,
    ),
    h('div', { class: 'grid-2' }, detailsCard(task), progressCard(task)),
    acknowledgementsCard(followup.acknowledgements),
    actionsCard(task, user, closing),
    urgingsCard(task, followup.urgings, user),
    task.subtasks?.length ? subtasksCard(task.subtasks) : null,
    extensionsCard(task, user, extensions),
    notices,
    reportsCard(reports),
    requestAttachmentsCard(attachments),
    task.indicators.length ? indicatorsCard(task, indicators) : null,
    commentsCard(task, followup.comments, user),
    auditCard(audit.items ?? audit),
    dossierCard(task),
  );
  return title;
}

/** 一事一档: the task's whole record as Word or PDF, or as a ZIP with every attachment. */
function dossierCard(task) {
  const errors = errorLine();
  const lang = getLang() === 'en' ? 'en' : 'zh-CN';
  const path = (ext) => `/api/tasks/${task.id}/dossier.${ext}?lang=${lang}`;
  return section(
    'dossier-title',
    t('dossier.title'),
    h('p', { class: 'muted' }, t('dossier.text')),
    h(
      'div',
      { class: 'actions' },
      downloadButton(t('dossier.docx'), path('docx'), `task-${task.id}-dossier.docx`, errors),
      downloadButton(t('dossier.pdf'), path('pdf'), `task-${task.id}-dossier.pdf`, errors),
      downloadButton(t('dossier.zip'), path('zip'), `task-${task.id}-dossier.zip`, errors),
    ),
    errors,
  );
}

function detailsCard(task) {
  const fact = (label, value) => [h('dt', {}, label), h('dd', {}, value ?? '—')];
  const priority = t(`priority.${task.priority}`);
  return section(
    'details-title',
    t('task.details'),
    h(
      'dl',
      { class: 'facts' },
      fact(t('task.workItem'), h('span', {}, data(task.workItem.code), ' ', data(nameOf(task.workItem, 'title')))),
      fact(t('task.leadUnit'), unitName(task.leadUnit)),
      fact(
        t('task.supportingUnits'),
        task.supportingUnits.length
          ? h(
              'ul',
              { class: 'inline-list' },
              task.supportingUnits.map((u) => h('li', {}, unitName(u))),
            )
          : '—',
      ),
      fact(t('task.owner'), task.ownerName ? data(task.ownerName) : null),
      fact(t('task.startDate'), task.startDate),
      fact(t('task.deadline'), task.deadline),
      task.replanned ? fact(t('task.originalDeadline'), task.originalDeadline) : null,
      task.recurrence
        ? fact(t('task.recurrence'), t(`recurrence.${task.recurrence.freq}`, { day: task.recurrence.day }))
        : null,
      task.nextDueDate ? fact(t('task.nextDue'), task.nextDueDate) : null,
      fact(t('task.priority'), priority),
      task.tags.length
        ? fact(
            t('task.tags'),
            h(
              'ul',
              { class: 'inline-list' },
              task.tags.map((x) => h('li', { class: 'tag' }, data(x))),
            ),
          )
        : null,
      task.closedOn ? fact(t('task.closedOn'), task.closedOn) : null,
    ),
    task.description ? [h('h3', {}, t('task.description')), h('p', { class: 'prose' }, data(task.description))] : null,
    task.sourceQuote ? [h('h3', {}, t('task.source')), h('blockquote', {}, data(task.sourceQuote))] : null,
  );
}

function progressCard(task) {
  return section(
    'progress-title',
    t('task.progress'),
    h('div', { class: 'big-progress' }, progressBar(task.progress, task.expectedProgress)),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('task.progressNow')),
      h('dd', { class: 'task-progress-value' }, formatPercent(task.progress, 0)),
      h('dt', {}, t('task.expected')),
      h('dd', {}, task.expectedProgress === null ? t('task.noExpected') : formatPercent(task.expectedProgress)),
      h('dt', {}, t('task.grade')),
      h('dd', {}, gradeBadge(task.colour)),
      h('dt', {}, t('task.workingDaysLeft')),
      h('dd', {}, formatNumber(task.workingDaysLeft, 0)),
    ),
  );
}

function actionsCard(task, user, closing) {
  const parts = [];
  const targets = allows(task, 'task.status') ? (task.allowedStatuses ?? []) : [];
  if (targets.length) parts.push(statusForm(task, targets));
  if (allows(task, 'task.closing.request')) parts.push(closingRequestForm(task));
  if (allows(task, 'task.closing.decide')) parts.push(closingDecisionForm(task, closing));
  else if (task.status === 'submitted' && closing.length) parts.push(pendingClosing(closing));
  if (!parts.length) return null;
  return section('actions-title', t('task.actions'), h('div', { class: 'grid-2' }, parts));
}

function pendingClosing(closing) {
  const pending = closing.find((c) => c.status === 'pending');
  if (!pending) return null;
  return h(
    'div',
    {},
    h('h3', {}, t('closing.pending')),
    pending.note ? h('p', { class: 'prose' }, data(pending.note)) : null,
    allows(pending, 'attachment.upload') ? uploadForm('closing_request', pending.id) : null,
  );
}

function statusForm(task, targets) {
  const status = field({
    label: t('task.newStatus'),
    name: 'status',
    control: 'select',
    options: targets.map((s) => ({ value: s, label: t(`status.${s}`) })),
  });
  const reason = field({
    label: t('task.reason'),
    name: 'reason',
    control: 'textarea',
    hint: t('task.reasonHint'),
    attrs: { rows: 2, maxlength: '2000' },
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('h3', {}, t('task.changeStatus')),
    formSummary(),
    status,
    reason,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('task.changeStatus'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const to = status.control.value;
    const text = reason.control.value.trim();
    if ((to === 'blocked' || to === 'cancelled') && isBlank(text))
      return showErrors(form, [{ field: 'reason', text: t('task.reasonRequired') }], t('form.fixErrors'));
    try {
      await post(`/api/tasks/${task.id}/status`, text ? { status: to, reason: text } : { status: to });
      flash(t('task.statusChanged', { status: t(`status.${to}`) }));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

function closingRequestForm(task) {
  const note = field({
    label: t('closing.note'),
    name: 'note',
    control: 'textarea',
    attrs: { rows: 2, maxlength: '5000' },
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('h3', {}, t('closing.request')),
    formSummary(),
    note,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('closing.request'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = note.control.value.trim();
    try {
      await post(`/api/tasks/${task.id}/closing`, text ? { note: text } : {});
      flash(t('closing.requested'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

function closingDecisionForm(task, closing) {
  const pending = closing.find((c) => c.status === 'pending');
  const reason = field({
    label: t('closing.decisionNote'),
    name: 'reason',
    control: 'textarea',
    hint: t('closing.reasonHint'),
    attrs: { rows: 2, maxlength: '2000' },
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('h3', {}, t('closing.decide')),
    pending?.note ? h('p', { class: 'prose' }, data(pending.note)) : null,
    formSummary(),
    reason,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', value: 'accept' }, t('closing.accept')),
      h('button', { type: 'submit', class: 'btn', value: 'return' }, t('closing.return')),
    ),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const accept = event.submitter?.value !== 'return';
    const text = reason.control.value.trim();
    if (!accept && isBlank(text))
      return showErrors(form, [{ field: 'reason', text: t('closing.reasonRequired') }], t('form.fixErrors'));
    try {
      if (accept) await post(`/api/tasks/${task.id}/closing/accept`, text ? { note: text } : {});
      else await post(`/api/tasks/${task.id}/closing/return`, { reason: text });
      flash(accept ? t('closing.accepted') : t('closing.returned'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

function subtasksCard(subtasks) {
  return section(
    'subtasks-title',
    t('task.subtasks'),
    table(
      t('task.subtasks'),
      [t('task.task'), t('task.leadUnit'), t('task.status'), t('task.grade'), t('task.progress'), t('task.deadline')],
      subtasks.map((s) =>
        h(
          'tr',
          {},
          h('td', {}, taskLink(s)),
          h('td', {}, unitName(s.leadUnit)),
          h('td', {}, statusBadge(s.status)),
          h('td', {}, gradeBadge(s.colour)),
          h('td', {}, progressBar(s.progress, s.expectedProgress)),
          h('td', { class: 'nowrap' }, s.deadline),
        ),
      ),
      { class: 'data-table' },
    ),
  );
}

function extensionForm(task) {
  const date = field({
    label: t('extension.requested'),
    name: 'requestedDeadline',
    type: 'date',
    required: true,
    attrs: { min: task.deadline },
  });
  const reason = field({
    label: t('extension.reason'),
    name: 'extensionReason',
    control: 'textarea',
    required: true,
    attrs: { rows: 2, maxlength: '2000' },
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    h('h3', {}, t('extension.request')),
    formSummary(),
    date,
    reason,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('extension.request'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const errors = [];
    const when = date.control.value;
    const text = reason.control.value.trim();
    if (!isIsoDate(when)) errors.push({ field: 'requestedDeadline', text: t('extension.dateRequired') });
    else if (when <= task.deadline) errors.push({ field: 'requestedDeadline', text: t('extension.dateLater') });
    if (isBlank(text)) errors.push({ field: 'extensionReason', text: t('extension.reasonRequired') });
    if (errors.length) return showErrors(form, errors, t('form.fixErrors'));
    try {
      await post(`/api/tasks/${task.id}/extensions`, { requestedDeadline: when, reason: text });
      flash(t('extension.sent'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return form;
}

function extensionsCard(task, user, extensions) {
  const pending = extensions.some((e) => e.status === 'pending');
  const form = !pending && allows(task, 'extension.request') ? extensionForm(task) : null;
  if (!extensions.length && !form) return null;
  return section(
    'extensions-title',
    t('extension.title'),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('task.deadline')),
      h('dd', { class: 'current-deadline' }, task.deadline),
      h('dt', {}, t('task.originalDeadline')),
      h('dd', { class: 'original-deadline' }, task.originalDeadline ?? task.deadline),
    ),
    extensions.length
      ? table(
          t('extension.history'),
          [
            t('extension.previous'),
            t('extension.requested'),
            t('extension.reason'),
            t('extension.status'),
            t('extension.decisionNote'),
          ],
          extensions.map((e) =>
            h(
              'tr',
              { class: `extension extension-${e.status}` },
              h('td', { class: 'nowrap' }, e.previousDeadline),
              h('td', { class: 'nowrap' }, e.requestedDeadline),
              h('td', {}, data(e.reason)),
              h('td', {}, h('span', { class: 'status' }, t(`extension.status.${e.status}`))),
              h('td', {}, e.decisionNote ? data(e.decisionNote) : '—'),
            ),
          ),
          { class: 'data-table' },
        )
      : null,
    pending && allows(user, 'extension.decide')
      ? h('p', {}, h('a', { href: '/requests' }, t('extension.pendingTitle')))
      : null,
    form,
  );
}

function reportsCard(reports) {
  if (!reports.length)
    return section('reports-title', t('reports.title'), h('p', { class: 'muted' }, t('reports.none')));
  return section(
    'reports-title',
    t('reports.title'),
    h(
      'ol',
      { class: 'reports' },
      reports.map((r) =>
        h(
          'li',
          { class: `report report-${r.status}` },
          h(
            'div',
            { class: 'report-head' },
            h('strong', {}, data(r.period)),
            h('span', {}, unitName(r.unit)),
            h('span', { class: 'flag' }, r.fromLeadUnit ? t('reports.leadUnit') : t('reports.supportingUnit')),
            h('span', { class: `status report-status-${r.status}` }, t(`report.status.${r.status}`)),
            r.late ? h('span', { class: 'flag flag-red' }, t('reports.late')) : null,
            r.needsCoordination ? h('span', { class: 'flag flag-yellow' }, t('report.needsCoordination')) : null,
            h('span', { class: 'report-percent' }, t('reports.percent', { percent: formatPercent(r.percent, 0) })),
          ),
          h('p', { class: 'prose' }, data(r.text)),
          r.problems ? h('p', { class: 'prose' }, h('strong', {}, t('report.problems'), ': '), data(r.problems)) : null,
          r.nextSteps
            ? h('p', { class: 'prose' }, h('strong', {}, t('report.nextSteps'), ': '), data(r.nextSteps))
            : null,
          r.indicatorValues.length
            ? h(
                'ul',
                { class: 'inline-list' },
                r.indicatorValues.map((v) =>
                  h(
                    'li',
                    { class: v.voided ? 'voided' : null },
                    data(nameOf(v)),
                    ': ',
                    formatNumber(v.value, 2),
                    ' ',
                    data(getLang() === 'en' ? '' : v.measure),
                    v.voided ? ` (${t('reports.voided')})` : '',
                  ),
                ),
              )
            : null,
          r.reviewReason
            ? h('p', { class: 'review' }, h('strong', {}, t('reports.reviewNote'), ': '), data(r.reviewReason))
            : null,
          r.attachments?.length ? attachmentList(r.attachments) : null,
          allows(r, 'attachment.upload') ? uploadForm('report', r.id) : null,
          allows(r, 'report.review') ? reportDecision(r) : null,
          h(
            'p',
            { class: 'muted small' },
            t('reports.filed', { date: formatDateTime(r.filedAt) }),
            r.filedBy ? [' · ', data(r.filedBy.displayName)] : null,
          ),
        ),
      ),
    ),
  );
}

/** The files of the task's requests (closing, extension) and replies; reports show their own. */
function requestAttachmentsCard(attachments) {
  const others = attachments.filter((a) => a.ownerType !== 'report');
  if (!others.length) return null;
  const owner = (a) => (has(`attachments.owner.${a.ownerType}`) ? t(`attachments.owner.${a.ownerType}`) : a.ownerType);
  return section('request-attachments-title', t('attachments.other'), attachmentList(others, owner));
}

function indicatorsCard(task, all) {
  const byId = new Map((Array.isArray(all) ? all : (all.items ?? [])).map((i) => [i.id, i]));
  const rows = task.indicators.map((ref) => {
    const i = byId.get(ref.id);
    const m = i?.metrics;
    return h(
      'tr',
      {},
      h('th', { scope: 'row' }, data(nameOf(ref))),
      h('td', { class: 'num' }, m ? `${formatNumber(m.latestValue, 2)} / ${formatNumber(i.target, 2)}` : '—'),
      h('td', { class: 'num' }, m ? formatPercent(m.achievementPercent) : '—'),
      h('td', { class: 'num' }, m ? formatPercent(m.proRataAtLatest) : '—'),
      h('td', { class: 'num' }, m ? formatPercent(m.proRataToday) : '—'),
      h('td', {}, m ? h('span', { class: `ind-status ind-${m.status}` }, t(`indicator.status.${m.status}`)) : '—'),
    );
  });
  return section(
    'task-ind-title',
    t('task.indicators'),
    table(
      t('task.indicators'),
      [
        t('indicator.name'),
        t('indicator.latestOfTarget'),
        t('indicator.achievement'),
        t('indicator.expectedAtLatest'),
        t('indicator.expectedToday'),
        t('indicator.statusLabel'),
      ],
      rows,
      { class: 'data-table' },
    ),
  );
}

function actionLabel(action) {
  if (action.startsWith('status.')) return t('audit.action.status');
  return has(`audit.action.${action}`) ? t(`audit.action.${action}`) : data(action);
}

function fieldLabel(name) {
  if (!name) return '';
  return has(`audit.field.${name}`) ? t(`audit.field.${name}`) : data(name);
}

function auditValue(name, value) {
  if (value === null || value === undefined) return '—';
  if (name === 'status' && has(`status.${value}`)) return t(`status.${value}`);
  return data(value);
}

function auditCard(entries) {
  if (!entries.length) return section('audit-title', t('audit.title'), h('p', { class: 'muted' }, t('audit.none')));
  return section(
    'audit-title',
    t('audit.title'),
    table(
      t('audit.title'),
      [t('audit.when'), t('audit.who'), t('audit.action'), t('audit.field'), t('audit.from'), t('audit.to')],
      entries.map((e) =>
        h(
          'tr',
          {},
          h('td', { class: 'nowrap' }, formatDateTime(e.at)),
          h('td', {}, data(e.actorEmail ?? '')),
          h('td', {}, actionLabel(e.action)),
          h('td', {}, fieldLabel(e.field)),
          h('td', { class: 'audit-value' }, auditValue(e.field, e.oldValue)),
          h('td', { class: 'audit-value' }, auditValue(e.field, e.newValue)),
        ),
      ),
      { class: 'data-table audit-table' },
    ),
  );
}
