// Creating and editing a task (leads and the secretariat): work item, title, lead and supporting units, owner,
// dates, priority, tags and indicators. Checked as the API checks, and the API's field errors are shown by field.
import { ApiError, get, getAll, patch, post } from '../api.js';
import { clear, fill, h } from '../dom.js';
import { PRIORITIES } from '../domain.js';
import {
  checkboxGroup,
  checkedValues,
  field,
  formSummary,
  isIsoDate,
  isInt,
  showApiError,
  showErrors,
} from '../forms.js';
import { nameOf, t } from '../i18n.js';
import { navigate } from '../router.js';
import { flash, loading } from '../ui.js';

const CODE = /^[A-Za-z0-9][A-Za-z0-9.\-_]{0,39}$/;

export async function renderTaskForm(view, { params }) {
  const editing = params.id !== undefined;
  const heading = editing ? t('taskForm.editTitle') : t('taskForm.newTitle');
  fill(view, h('h1', {}, heading), loading(t('page.loading')));
  if (editing && !/^\d+$/.test(params.id)) throw new ApiError(404, {});
  const [task, workItems, units, users, indicators, topLevel] = await Promise.all([
    editing ? get(`/api/tasks/${params.id}`) : null,
    get('/api/work-items'),
    get('/api/units'),
    get('/api/users'),
    get('/api/indicators'),
    getAll('/api/tasks', { topLevel: true, sort: 'code' }),
  ]);

  const opt = (value, label, selected) => ({ value: String(value), label, selected });
  const v = task ?? {};
  const workItem = field({
    label: t('task.workItem'),
    name: 'workItemId',
    control: 'select',
    required: true,
    options: [
      opt('', t('form.choose')),
      ...workItems.map((w) => opt(w.id, `${w.code} ${nameOf(w, 'title')}`, v.workItem?.id === w.id)),
    ],
  });
  const parent = editing
    ? null
    : field({
        label: t('taskForm.parent'),
        name: 'parentId',
        control: 'select',
        hint: t('taskForm.parentHint'),
        options: [],
      });
  const code = field({
    label: t('task.code'),
    name: 'code',
    hint: t('taskForm.codeHint'),
    attrs: { value: v.code ?? '', maxlength: '40', autocomplete: 'off' },
  });
  const title = field({
    label: t('taskForm.titleZh'),
    name: 'title',
    required: true,
    attrs: { value: v.title ?? '', maxlength: '300' },
  });
  const titleEn = field({
    label: t('taskForm.titleEn'),
    name: 'titleEn',
    attrs: { value: v.titleEn ?? '', maxlength: '300', lang: 'en' },
  });
  const description = field({
    label: t('task.description'),
    name: 'description',
    control: 'textarea',
    attrs: { maxlength: '10000' },
  });
  description.control.value = v.description ?? '';
  const lead = field({
    label: t('task.leadUnit'),
    name: 'leadUnitId',
    control: 'select',
    required: true,
    options: [opt('', t('form.choose')), ...units.map((u) => opt(u.id, nameOf(u), v.leadUnit?.id === u.id))],
  });
  const supportingIds = new Set((v.supportingUnits ?? []).map((u) => u.id));
  const supporting = checkboxGroup({
    legend: t('task.supportingUnits'),
    name: 'supportingUnitIds',
    options: units.map((u) => ({ value: u.id, label: nameOf(u), checked: supportingIds.has(u.id) })),
  });
  const owner = field({
    label: t('taskForm.ownerAccount'),
    name: 'ownerId',
    control: 'select',
    hint: t('taskForm.ownerHint'),
    options: [
      opt('', t('form.none')),
      ...users
        .filter((u) => u.active)
        .map((u) => opt(u.id, `${u.displayName}${u.unit ? ` (${nameOf(u.unit)})` : ''}`, v.owner?.id === u.id)),
    ],
  });
  const ownerName = field({
    label: t('taskForm.ownerName'),
    name: 'ownerName',
    attrs: { value: v.owner ? '' : (v.ownerName ?? ''), maxlength: '100' },
  });
  const startDate = field({
    label: t('task.startDate'),
    name: 'startDate',
    type: 'date',
    attrs: { value: v.startDate ?? '' },
  });
  const deadline = field({
    label: t('task.deadline'),
    name: 'deadline',
    type: 'date',
    required: !editing,
    hint: editing ? null : t('taskForm.deadlineHint'),
    attrs: { value: v.deadline ?? '' },
  });
  // Moving an assigned task's deadline is a re-plan: the API asks for its reason (separation of duties).
  const replanReason =
    editing && task.status !== 'draft'
      ? field({
          label: t('taskForm.replanReason'),
          name: 'replanReason',
          control: 'textarea',
          hint: t('taskForm.replanHint'),
          attrs: { rows: 2, maxlength: '2000' },
        })
      : null;
  const workingDays = editing
    ? null
    : field({
        label: t('taskForm.workingDays'),
        name: 'deadlineWorkingDays',
        type: 'number',
        attrs: { min: '1', max: '1000', step: '1', inputmode: 'numeric' },
      });
  const freq = field({
    label: t('taskForm.recurrence'),
    name: 'recurrence',
    control: 'select',
    options: [
      opt('', t('recurrence.none'), !v.recurrence),
      ...['monthly', 'quarterly'].map((f) => opt(f, t(`recurrence.${f}.label`), v.recurrence?.freq === f)),
    ],
  });
  const day = field({
    label: t('taskForm.recurrenceDay'),
    name: 'recurrence.day',
    type: 'number',
    attrs: { min: '1', max: '31', step: '1', value: v.recurrence?.day ?? '' },
  });
  const priority = field({
    label: t('task.priority'),
    name: 'priority',
    control: 'select',
    options: PRIORITIES.map((p) => opt(p, t(`priority.${p}`), (v.priority ?? 'normal') === p)),
  });
  const status = editing
    ? null
    : field({
        label: t('taskForm.initialStatus'),
        name: 'status',
        control: 'select',
        options: [opt('assigned', t('taskForm.assignNow'), true), opt('draft', t('taskForm.keepDraft'))],
      });
  const progress = editing
    ? field({
        label: t('taskForm.progress'),
        name: 'progress',
        type: 'number',
        attrs: { min: '0', max: '100', step: '1', value: v.progress ?? 0 },
      })
    : null;
  const tags = field({
    label: t('task.tags'),
    name: 'tags',
    hint: t('taskForm.tagsHint'),
    attrs: { value: (v.tags ?? []).join(', ') },
  });
  const indicatorIds = new Set((v.indicators ?? []).map((i) => i.id));
  const indicatorBox = checkboxGroup({ legend: t('task.indicators'), name: 'indicatorIds', options: [] });

  /** Parent tasks and indicators depend on the work item's plan. */
  const fillForWorkItem = () => {
    const wi = workItems.find((w) => String(w.id) === workItem.control.value);
    if (parent) {
      const select = parent.control;
      clear(select);
      select.append(h('option', { value: '' }, t('taskForm.noParent')));
      for (const x of topLevel.filter((x) => wi && x.workItem.id === wi.id))
        select.append(h('option', { value: String(x.id) }, `${x.code} ${nameOf(x, 'title')}`));
    }
    const box = indicatorBox.querySelector('.checks-box');
    const keep = new Set([...indicatorIds, ...checkedValues(form, 'indicatorIds')]);
    clear(box);
    const mine = indicators.filter((i) => !wi || i.planId === wi.planId);
    if (!mine.length) box.append(h('p', { class: 'muted' }, t('taskForm.noIndicators')));
    for (const i of mine) {
      const id = `ind-${i.id}`;
      box.append(
        h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', id, name: 'indicatorIds', value: String(i.id), checked: keep.has(i.id) }),
          h('label', { for: id }, nameOf(i)),
        ),
      );
    }
  };
  /** The lead unit cannot also support its own task. */
  const syncLead = () => {
    for (const box of supporting.querySelectorAll('input[type=checkbox]')) {
      const isLead = box.value === lead.control.value;
      if (isLead) box.checked = false;
      box.disabled = isLead;
    }
  };

  const submit = h(
    'button',
    { type: 'submit', class: 'btn btn-primary' },
    editing ? t('form.save') : t('taskForm.create'),
  );
  const form = h(
    'form',
    { class: 'form task-form', novalidate: true },
    formSummary(),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, t('taskForm.what')),
      workItem,
      parent,
      code,
      title,
      titleEn,
      description,
    ),
    h('fieldset', { class: 'group' }, h('legend', {}, t('taskForm.who')), lead, supporting, owner, ownerName),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, t('taskForm.when')),
      h('div', { class: 'row' }, startDate, deadline, workingDays),
      replanReason,
      h('div', { class: 'row' }, freq, day),
    ),
    h(
      'fieldset',
      { class: 'group' },
      h('legend', {}, t('taskForm.more')),
      h('div', { class: 'row' }, priority, status, progress),
      tags,
      indicatorBox,
    ),
    h(
      'div',
      { class: 'actions' },
      submit,
      h('a', { class: 'btn btn-quiet', href: editing ? `/tasks/${task.id}` : '/tasks' }, t('form.cancel')),
    ),
  );
  workItem.control.addEventListener('change', fillForWorkItem);
  lead.control.addEventListener('change', syncLead);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const { body, errors } = collect(form, { editing, task, dateInputs: [startDate.control, deadline.control] });
    if (errors.length) return showErrors(form, errors, t('form.fixErrors'));
    if (editing && !Object.keys(body).length) {
      flash(t('form.noChanges'));
      return navigate(`/tasks/${task.id}`);
    }
    submit.disabled = true;
    try {
      const saved = editing ? await patch(`/api/tasks/${task.id}`, body) : await post('/api/tasks', body);
      flash(editing ? t('form.saved') : t('taskForm.created', { code: saved.code }));
      navigate(`/tasks/${saved.id}`);
    } catch (error) {
      submit.disabled = false;
      showApiError(form, error);
    }
  });

  clear(view);
  fill(view, h('h1', {}, heading), editing ? h('p', { class: 'lead-text' }, task.code) : null, form);
  fillForWorkItem();
  syncLead();
  return heading;
}

/** The request body, and what the API would refuse, from the form's values. */
function collect(form, { editing, task, dateInputs }) {
  const val = (name) => (form.elements.namedItem(name)?.value ?? '').trim();
  const errors = [];
  const err = (field, key, params) => errors.push({ field, text: t(key, params) });
  const out = {};

  const workItemId = Number(val('workItemId'));
  if (!workItemId) err('workItemId', 'form.required');
  out.workItemId = workItemId;
  if (!editing && val('parentId')) out.parentId = Number(val('parentId'));
  const code = val('code');
  if (code && !CODE.test(code)) err('code', 'taskForm.codeInvalid');
  if (code) out.code = code;
  const title = val('title');
  if (!title) err('title', 'form.required');
  else if (title.length > 300) err('title', 'form.tooLong', { max: 300 });
  out.title = title;
  out.titleEn = val('titleEn') || null;
  out.description = form.elements.namedItem('description').value;
  const leadUnitId = Number(val('leadUnitId'));
  if (!leadUnitId) err('leadUnitId', 'form.required');
  out.leadUnitId = leadUnitId;
  out.supportingUnitIds = checkedValues(form, 'supportingUnitIds').filter((id) => id !== leadUnitId);
  out.ownerId = val('ownerId') ? Number(val('ownerId')) : null;
  out.ownerName = val('ownerName') || null;

  for (const input of dateInputs) {
    if (input.validity?.badInput) err(input.name, 'form.invalidDate');
  }
  const startDate = val('startDate');
  const deadline = val('deadline');
  const days = val('deadlineWorkingDays');
  if (startDate && !isIsoDate(startDate)) err('startDate', 'form.invalidDate');
  if (deadline && !isIsoDate(deadline)) err('deadline', 'form.invalidDate');
  if (!editing && !deadline && !days) err('deadline', 'taskForm.deadlineOrDays');
  if (editing && !deadline) err('deadline', 'form.required');
  if (deadline && days) err('deadline', 'taskForm.deadlineTwice');
  if (days && !isInt(days, 1, 1000)) err('deadlineWorkingDays', 'form.intRange', { min: 1, max: 1000 });
  if (days && !startDate) err('startDate', 'taskForm.startForDays');
  if (startDate && deadline && isIsoDate(startDate) && isIsoDate(deadline) && deadline < startDate)
    err('deadline', 'taskForm.beforeStart');
  out.startDate = startDate || null;
  if (deadline) out.deadline = deadline;
  if (days) out.deadlineWorkingDays = Number(days);

  const freq = val('recurrence');
  const day = val('recurrence.day');
  if (freq) {
    if (!isInt(day, 1, 31)) err('recurrence.day', 'form.intRange', { min: 1, max: 31 });
    out.recurrence = { freq, day: Number(day) };
  } else out.recurrence = null;
  out.priority = val('priority') || 'normal';
  if (!editing) out.status = val('status') || 'assigned';
  if (editing) {
    const progress = val('progress');
    if (!isInt(progress, 0, 100)) err('progress', 'form.intRange', { min: 0, max: 100 });
    out.progress = Number(progress);
  }
  const tags = val('tags')
    .split(/[,，、]/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (tags.length > 20 || tags.some((x) => x.length > 30)) err('tags', 'taskForm.tagsInvalid');
  out.tags = [...new Set(tags)];
  out.indicatorIds = checkedValues(form, 'indicatorIds');

  if (!editing) {
    for (const k of ['titleEn', 'ownerId', 'ownerName', 'startDate', 'recurrence']) if (out[k] === null) delete out[k];
    if (!out.description) delete out.description;
    return { body: out, errors };
  }
  const body = changes(task, out);
  // the reason goes with a moved deadline only; the API says when it is required
  const replanReason = val('replanReason');
  if (body.deadline !== undefined && replanReason) body.replanReason = replanReason;
  return { body, errors };
}

/** Only what differs from the task as loaded, so the audit trail records real changes. */
function changes(task, out) {
  const before = {
    workItemId: task.workItem.id,
    code: task.code,
    title: task.title,
    titleEn: task.titleEn ?? null,
    description: task.description ?? '',
    leadUnitId: task.leadUnit.id,
    supportingUnitIds: task.supportingUnits.map((u) => u.id).sort((a, b) => a - b),
    ownerId: task.owner?.id ?? null,
    ownerName: task.owner ? null : (task.ownerName ?? null),
    startDate: task.startDate ?? null,
    deadline: task.deadline,
    recurrence: task.recurrence ?? null,
    priority: task.priority,
    progress: task.progress,
    tags: task.tags,
    indicatorIds: task.indicators.map((i) => i.id).sort((a, b) => a - b),
  };
  const body = {};
  for (const [k, value] of Object.entries(out)) {
    const norm = Array.isArray(value) && k.endsWith('Ids') ? [...value].sort((a, b) => a - b) : value;
    if (JSON.stringify(norm) !== JSON.stringify(before[k] ?? null)) body[k] = value;
  }
  if (body.code === undefined) delete body.code;
  return body;
}
