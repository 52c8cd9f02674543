// Consultation meetings (会商会): the list and a new meeting. Times are entered in Beijing time (Asia/Shanghai)
// and sent as instants with +08:00.
import { get, getAll, post } from '../api.js';
import { clear, data, fill, h, table } from '../dom.js';
import {
  checkboxGroup,
  checkedValues,
  clearErrors,
  field,
  formSummary,
  isBlank,
  showApiError,
  showErrors,
} from '../forms.js';
import { formatDateTime, nameOf, t } from '../i18n.js';
import { navigate } from '../router.js';
import { flash, loading, section } from '../ui.js';

export function meetingStatus(status) {
  const cls = { planned: 'status-in', held: 'status-closed', cancelled: 'status-cancelled' };
  return h('span', { class: `status ${cls[status] ?? ''}` }, t(`meeting.status.${status}`));
}

/** '2023-09-28T09:30' entered in Beijing time → '2023-09-28T09:30:00+08:00'. */
export function beijingInstant(local) {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local ?? '') ? `${local}:00+08:00` : null;
}

export async function renderMeetings(view) {
  fill(view, h('h1', {}, t('meetings.title')), loading(t('page.loading')));
  const meetings = await getAll('/api/meetings');
  const rows = meetings.map((m) =>
    h(
      'tr',
      {},
      h('td', {}, h('a', { href: `/meetings/${m.id}` }, data(nameOf(m, 'title')))),
      h('td', {}, formatDateTime(m.startsAt)),
      h('td', {}, data(m.place ?? '')),
      h('td', {}, meetingStatus(m.status)),
    ),
  );
  clear(view);
  fill(
    view,
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, t('meetings.title')),
      h(
        'div',
        { class: 'page-actions' },
        h('a', { class: 'btn btn-primary', href: '/meetings/new' }, t('meeting.new')),
      ),
    ),
    meetings.length
      ? table(
          t('meetings.title'),
          [t('meeting.titleField'), t('meeting.startsAt'), t('meeting.place'), t('round.statusLabel')],
          rows,
          { class: 'data-table' },
        )
      : h('p', { class: 'muted' }, t('meetings.none')),
  );
  return t('meetings.title');
}

export async function renderMeetingForm(view) {
  fill(view, h('h1', {}, t('meeting.new')), loading(t('page.loading')));
  const units = await get('/api/units');
  const title = field({ label: t('meeting.titleField'), name: 'title', required: true, attrs: { maxlength: 300 } });
  const starts = field({
    label: t('meeting.startsAt'),
    name: 'startsAt',
    type: 'datetime-local',
    required: true,
    hint: t('meeting.timeHint'),
  });
  const ends = field({ label: t('meeting.endsAt'), name: 'endsAt', type: 'datetime-local', required: true });
  const place = field({ label: t('meeting.place'), name: 'place' });
  const attending = checkboxGroup({
    legend: t('meeting.units'),
    name: 'unitIds',
    options: units.map((u) => ({ value: String(u.id), label: data(nameOf(u)) })),
  });
  const form = h(
    'form',
    { class: 'form', novalidate: true },
    formSummary(),
    title,
    starts,
    ends,
    place,
    attending,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('meeting.create'))),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearErrors(form);
    const body = {
      title: title.control.value.trim(),
      startsAt: beijingInstant(starts.control.value),
      endsAt: beijingInstant(ends.control.value),
      place: place.control.value.trim() || null,
      unitIds: checkedValues(form, 'unitIds'),
    };
    const errors = [];
    if (isBlank(body.title)) errors.push({ field: 'title', text: t('form.required') });
    if (!body.startsAt) errors.push({ field: 'startsAt', text: t('meeting.timeInvalid') });
    if (!body.endsAt) errors.push({ field: 'endsAt', text: t('meeting.timeInvalid') });
    else if (body.startsAt && body.endsAt <= body.startsAt)
      errors.push({ field: 'endsAt', text: t('meeting.endsBefore') });
    if (!body.unitIds.length) errors.push({ field: 'unitIds', text: t('meeting.unitsRequired') });
    if (errors.length) return showErrors(form, errors, t('form.fixErrors'));
    try {
      const created = await post('/api/meetings', body);
      flash(t('meeting.created'));
      navigate(`/meetings/${created.id}`);
    } catch (error) {
      showApiError(form, error);
    }
  });
  clear(view);
  fill(
    view,
    h('p', { class: 'breadcrumbs' }, h('a', { href: '/meetings' }, t('meetings.title'))),
    h('h1', {}, t('meeting.new')),
    section('meeting-form', t('meeting.details'), form),
  );
  return t('meeting.new');
}
