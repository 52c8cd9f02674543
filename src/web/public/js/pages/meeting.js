// A consultation meeting: its agenda (generated from the plan, edited, reordered, added to), the agenda as a
// Word document and the calendar invitation, the invitations sent to the attending units; once held, the minutes
// (notes per item, attendance) and the decisions, each of which can become a follow-up task in one step.
/* global window */
import { api, get, patch, post, serverToday } from '../api.js';
import { clear, data, fill, h, nextId } from '../dom.js';
import { allows, taskLink } from '../domain.js';
import { clearErrors, field, formSummary, isBlank, isIsoDate, showApiError, showErrors } from '../forms.js';
import { errorText, formatDateTime, has, nameOf, t } from '../i18n.js';
import { refresh } from '../router.js';
import { flash, loading, section } from '../ui.js';
import { downloadButton, errorLine } from '../download.js';
import { attachmentList, uploadForm } from '../attachments.js';
import { meetingStatus } from './meetings.js';

/** What to focus after the page is drawn again (the button just used, so keyboard users keep their place). */
let focusAfter = null;

function kindLabel(kind) {
  return has(`agenda.kind.${kind}`) ? t(`agenda.kind.${kind}`) : kind;
}

export async function renderMeeting(view, { params }) {
  fill(view, h('h1', {}, t('meeting.pageTitle')), loading(t('page.loading')));
  const id = encodeURIComponent(params.id);
  const [meeting, today, papers] = await Promise.all([
    get(`/api/meetings/${id}`),
    serverToday(),
    get(`/api/meetings/${id}/attachments`).catch(() => []),
  ]);
  // what may change follows the meeting's allowedActions; which part changes follows its status
  const manage = allows(meeting, 'meeting.manage');
  const planned = manage && meeting.status === 'planned';
  const held = manage && meeting.status === 'held';
  const errors = errorLine();

  /** Runs an action; on success shows a message and draws the page again, on failure shows the error. */
  const act = async (fn, message, focus) => {
    errors.hidden = true;
    try {
      await fn();
      if (message) flash(message);
      focusAfter = focus ?? null;
      refresh();
    } catch (error) {
      errors.hidden = false;
      errors.textContent = errorText(error);
      errors.scrollIntoView?.({ block: 'nearest' });
    }
  };

  const base = `/api/meetings/${meeting.id}`;
  const actions = h(
    'div',
    { class: 'page-actions' },
    downloadButton(t('meeting.agendaDocx'), `${base}/agenda.docx`, 'agenda.docx', errors),
    downloadButton(t('meeting.ics'), `${base}/invitation.ics`, 'invitation.ics', errors),
    planned
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn',
            onClick: () => {
              if (window.confirm(t('meeting.inviteConfirm')))
                act(() => post(`${base}/invitations`), t('meeting.invited'));
            },
          },
          t('meeting.invite'),
        )
      : null,
    planned
      ? h(
          'button',
          {
            type: 'button',
            class: 'btn',
            onClick: () => {
              if (window.confirm(t('meeting.heldConfirm'))) act(() => post(`${base}/held`), t('meeting.markedHeld'));
            },
          },
          t('meeting.markHeld'),
        )
      : null,
  );

  clear(view);
  fill(
    view,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '/meetings' }, t('meetings.title'))),
    h('div', { class: 'page-head' }, h('h1', {}, data(nameOf(meeting, 'title'))), actions),
    errors,
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, t('round.statusLabel')),
      h('dd', {}, meetingStatus(meeting.status)),
      h('dt', {}, t('meeting.time')),
      h('dd', {}, `${formatDateTime(meeting.startsAt)} – ${formatDateTime(meeting.endsAt)}`),
      h('dt', {}, t('meeting.place')),
      h('dd', {}, data(meeting.place ?? '—')),
      h('dt', {}, t('meeting.units')),
      h('dd', {}, data(meeting.units.map((u) => nameOf(u)).join(t('meeting.listSeparator')))),
      h('dt', {}, t('meeting.invitationsSent')),
      h('dd', {}, meeting.invitationsSentAt ? formatDateTime(meeting.invitationsSentAt) : t('meeting.notYet')),
    ),
    agendaSection(meeting, today, act, planned),
    papersSection(meeting, papers, manage && meeting.status !== 'cancelled'),
    held ? minutesSection(meeting) : null,
    held ? await decisionsSection(meeting) : null,
  );
  if (focusAfter) {
    const target = view.querySelector(focusAfter);
    focusAfter = null;
    if (target) window.setTimeout(() => target.focus(), 0);
  }
  return nameOf(meeting, 'title');
}

/** 会议材料: the meeting's files (and its decisions'), with an upload for those who run the meeting. */
function papersSection(meeting, papers, editable) {
  const own = papers.filter((a) => a.ownerType === 'meeting');
  const ofDecisions = papers.filter((a) => a.ownerType === 'decision');
  return section(
    'meeting-papers',
    t('meeting.papers'),
    papers.length ? null : h('p', { class: 'muted' }, t('meeting.noPapers')),
    own.length ? attachmentList(own) : null,
    ofDecisions.length ? attachmentList(ofDecisions, () => t('meeting.decisionPaper')) : null,
    editable ? uploadForm('meeting', meeting.id) : null,
  );
}

function agendaSection(meeting, today, act, editable) {
  const base = `/api/meetings/${meeting.id}`;
  const items = meeting.agenda.filter((i) => !i.removed);
  const order = items.map((i) => i.id);

  const asOf = field({ label: t('agenda.asOf'), name: 'asOf', type: 'date', required: true });
  asOf.control.value = meeting.agendaAsOf ?? today;
  const generate = h(
    'form',
    { class: 'form filters-inline', novalidate: true },
    formSummary(),
    asOf,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('agenda.generate'))),
  );
  generate.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(generate);
    if (!isIsoDate(asOf.control.value)) return showErrors(generate, [{ field: 'asOf', text: t('form.invalidDate') }]);
    act(() => post(`${base}/agenda/generate`, { asOf: asOf.control.value }), t('agenda.generated'));
  });

  const move = (index, delta) => {
    const next = [...order];
    const [moved] = next.splice(index, 1);
    next.splice(index + delta, 0, moved);
    const dir = delta < 0 ? 'up' : 'down';
    act(
      () => api('PUT', `${base}/agenda/order`, { itemIds: next }),
      null,
      `[data-item-id="${moved}"] .move-${index + delta === 0 ? 'down' : index + delta === next.length - 1 ? 'up' : dir}`,
    );
  };

  const rows = items.map((item, index) => {
    const titleCell = h('div', { class: 'agenda-title' }, data(nameOf(item, 'title')));
    const edit = () => {
      const input = h('input', {
        type: 'text',
        value: item.title,
        maxlength: 500,
        'aria-label': t('agenda.itemTitle'),
        class: 'agenda-title-input',
      });
      const form = h(
        'form',
        { class: 'inline-edit', novalidate: true },
        input,
        h('button', { type: 'submit', class: 'btn btn-small btn-primary' }, t('form.save')),
        h('button', { type: 'button', class: 'btn btn-small btn-quiet', onClick: () => refresh() }, t('agenda.cancel')),
      );
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        if (isBlank(input.value)) {
          input.setAttribute('aria-invalid', 'true');
          return;
        }
        act(
          () => patch(`${base}/agenda/items/${item.id}`, { title: input.value.trim() }),
          t('agenda.saved'),
          `[data-item-id="${item.id}"] .edit-title`,
        );
      });
      clear(titleCell).append(form);
      input.focus();
    };
    const button = (label, cls, onClick, disabled) =>
      h('button', { type: 'button', class: `btn btn-small ${cls}`, onClick, disabled: disabled || null }, label);
    return h(
      'li',
      { class: 'agenda-item card', dataset: { itemId: String(item.id) } },
      titleCell,
      h(
        'p',
        { class: 'muted' },
        h('span', { class: 'tag' }, kindLabel(item.kind)),
        ' ',
        t('agenda.leadUnit'),
        ': ',
        data(item.leadUnit ? nameOf(item.leadUnit) : '—'),
        ' · ',
        t('agenda.presenter'),
        ': ',
        data(item.presenter ?? '—'),
        ' · ',
        t('agenda.minutes', { n: item.minutes }),
      ),
      editable
        ? h(
            'div',
            { class: 'actions', role: 'group', 'aria-label': t('agenda.itemActions', { n: item.number }) },
            button(t('agenda.editTitle'), 'edit-title', edit),
            button(t('agenda.up'), 'move-up', () => move(index, -1), index === 0),
            button(t('agenda.down'), 'move-down', () => move(index, 1), index === items.length - 1),
            button(t('agenda.remove'), 'btn-quiet remove-item', () => {
              if (window.confirm(t('agenda.removeConfirm')))
                act(() => api('DELETE', `${base}/agenda/items/${item.id}`), t('agenda.removed'));
            }),
          )
        : null,
    );
  });

  const newTitle = field({ label: t('agenda.itemTitle'), name: 'title', required: true, attrs: { maxlength: 500 } });
  const newMinutes = field({
    label: t('agenda.itemMinutes'),
    name: 'minutes',
    type: 'number',
    attrs: { min: 1, max: 480, value: 10 },
  });
  const add = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    newTitle,
    newMinutes,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('agenda.add'))),
  );
  add.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(add);
    const minutes = Number(newMinutes.control.value || 10);
    const errs = [];
    if (isBlank(newTitle.control.value)) errs.push({ field: 'title', text: t('form.required') });
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 480)
      errs.push({ field: 'minutes', text: t('form.intRange', { min: 1, max: 480 }) });
    if (errs.length) return showErrors(add, errs, t('form.fixErrors'));
    try {
      await post(`${base}/agenda/items`, { title: newTitle.control.value.trim(), minutes });
      flash(t('agenda.added'));
      refresh();
    } catch (error) {
      showApiError(add, error);
    }
  });

  return section(
    'agenda',
    t('agenda.title'),
    editable ? generate : null,
    items.length
      ? [
          h('p', { class: 'muted' }, t('agenda.total', { n: meeting.agendaMinutes })),
          h('ol', { class: 'agenda-list', 'aria-label': t('agenda.title') }, rows),
        ]
      : h('p', { class: 'muted' }, t('agenda.empty')),
    editable ? h('h3', {}, t('agenda.addTitle')) : null,
    editable ? add : null,
  );
}

function minutesSection(meeting) {
  const items = meeting.agenda.filter((i) => !i.removed);
  const general = field({ label: t('minutes.general'), name: 'minutes', control: 'textarea' });
  general.control.value = meeting.minutes ?? '';
  const notes = items.map((item) => {
    const f = field({
      label: t('minutes.itemNotes', { n: item.number }),
      name: `items[${item.id}]`,
      control: 'textarea',
      hint: data(nameOf(item, 'title')),
    });
    f.control.value = item.notes ?? '';
    f.itemId = item.id;
    return f;
  });
  const attendance = meeting.attendees.map((a) => {
    const id = nextId('present');
    const box = h('input', { type: 'checkbox', id, checked: a.present === true });
    box.attendeeId = a.id;
    return h(
      'div',
      { class: 'check' },
      box,
      h('label', { for: id }, data(`${a.name}${a.unit ? ` (${nameOf(a.unit)})` : ''}`)),
    );
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    general,
    notes,
    attendance.length
      ? h(
          'fieldset',
          { class: 'field checks' },
          h('legend', {}, t('minutes.attendance')),
          h('div', { class: 'checks-box' }, attendance),
        )
      : null,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('minutes.save'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    try {
      await patch(`/api/meetings/${meeting.id}/minutes`, {
        minutes: general.control.value,
        items: notes.map((n) => ({ id: n.itemId, notes: n.control.value })),
        attendance: attendance.map((div) => {
          const box = div.querySelector('input');
          return { attendeeId: box.attendeeId, present: box.checked };
        }),
      });
      flash(t('minutes.saved'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return section('minutes', t('minutes.title'), form);
}

async function decisionsSection(meeting) {
  const base = `/api/meetings/${meeting.id}`;
  const [units, workItems] = await Promise.all([get('/api/units'), get('/api/work-items')]);
  const workItemOptions = [
    { value: '', label: t('form.choose') },
    ...workItems.map((w) => ({ value: String(w.id), label: `${w.code} ${nameOf(w, 'title')}` })),
  ];
  const list = meeting.decisions.map((d) => {
    let follow;
    if (d.taskId) {
      follow = h(
        'p',
        {},
        t('decision.task'),
        ': ',
        taskLink(d.task ?? { id: d.taskId, code: String(d.taskId), title: '' }),
      );
    } else {
      const wi = field({
        label: t('decision.workItem'),
        name: 'workItemId',
        control: 'select',
        required: true,
        options: workItemOptions,
      });
      const form = h(
        'form',
        { class: 'form filters-inline', novalidate: true },
        formSummary(),
        wi,
        h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn' }, t('decision.makeTask'))),
      );
      form.addEventListener('submit', async (event) => {
        event.preventDefault();
        clearErrors(form);
        if (!wi.control.value) return showErrors(form, [{ field: 'workItemId', text: t('form.required') }]);
        try {
          await post(`${base}/decisions/${d.id}/task`, { workItemId: Number(wi.control.value) });
          flash(t('decision.taskCreated'));
          refresh();
        } catch (error) {
          showApiError(form, error);
        }
      });
      follow = form;
    }
    return h(
      'li',
      { class: 'decision', dataset: { decisionId: String(d.id) } },
      h('p', {}, data(d.text)),
      h(
        'p',
        { class: 'muted' },
        t('agenda.leadUnit'),
        ': ',
        data(d.leadUnit ? nameOf(d.leadUnit) : '—'),
        ' · ',
        t('decision.deadline'),
        ': ',
        d.deadline ?? '—',
      ),
      follow,
    );
  });

  const text = field({ label: t('decision.text'), name: 'text', control: 'textarea', required: true });
  const lead = field({
    label: t('agenda.leadUnit'),
    name: 'leadUnitId',
    control: 'select',
    options: [{ value: '', label: t('form.none') }, ...units.map((u) => ({ value: String(u.id), label: nameOf(u) }))],
  });
  const deadline = field({ label: t('decision.deadline'), name: 'deadline', type: 'date' });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    text,
    lead,
    deadline,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('decision.add'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const errs = [];
    if (isBlank(text.control.value)) errs.push({ field: 'text', text: t('form.required') });
    if (deadline.control.value && !isIsoDate(deadline.control.value))
      errs.push({ field: 'deadline', text: t('form.invalidDate') });
    if (errs.length) return showErrors(form, errs, t('form.fixErrors'));
    try {
      await post(`${base}/decisions`, {
        text: text.control.value.trim(),
        leadUnitId: lead.control.value ? Number(lead.control.value) : null,
        deadline: deadline.control.value || null,
      });
      flash(t('decision.added'));
      refresh();
    } catch (error) {
      showApiError(form, error);
    }
  });
  return section(
    'decisions',
    t('decision.title'),
    list.length ? h('ol', { class: 'decision-list' }, list) : h('p', { class: 'muted' }, t('decision.none')),
    h('h3', {}, t('decision.addTitle')),
    form,
  );
}
