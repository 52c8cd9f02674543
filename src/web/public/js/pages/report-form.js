// Filing a progress report (进展) on a task: period, what was done, percent, problems, next steps, whether it
// needs coordination, and values of the task's indicators. The form keeps a draft in this browser while it is
// being written, and checks what the API checks before sending.
/* global clearTimeout, localStorage, setTimeout */
import { ApiError, get, post, serverToday } from '../api.js';
import { clear, data, fill, h } from '../dom.js';
import { allows, ownUnitOnly } from '../domain.js';
import { field, formSummary, isBlank, isInt, periodStart, showApiError, showErrors } from '../forms.js';
import { formatDateTime, getLang, nameOf, t } from '../i18n.js';
import { navigate } from '../router.js';
import { flash, loading } from '../ui.js';

const MAX_TEXT = 10000;

const draftKey = (user, taskId) => `zb.reportDraft.${user.id}.${taskId}`;

function readDraft(key) {
  try {
    return JSON.parse(localStorage.getItem(key) ?? 'null');
  } catch {
    return null;
  }
}

export async function renderReportForm(view, { params, query, user }) {
  fill(view, h('h1', {}, t('report.title')), loading(t('page.loading')));
  if (!/^\d+$/.test(params.id)) throw new ApiError(404, {});
  const task = await get(`/api/tasks/${params.id}`);
  const [today, indicators] = await Promise.all([
    serverToday(),
    task.indicators.length ? get('/api/indicators', { planId: task.planId }) : [],
  ]);

  clear(view);
  const heading = t('report.title');
  fill(
    view,
    h(
      'nav',
      { class: 'breadcrumbs', 'aria-label': t('page.breadcrumbs') },
      h('a', { href: '/tasks' }, t('nav.tasks')),
      ' › ',
      h('a', { href: `/tasks/${task.id}` }, data(task.code)),
      ' › ',
      h('span', { 'aria-current': 'page' }, heading),
    ),
    h('h1', {}, heading),
    h(
      'p',
      { class: 'lead-text' },
      h('a', { href: `/tasks/${task.id}` }, data(task.code), ' ', data(nameOf(task, 'title'))),
    ),
  );
  if (!allows(task, 'report.file')) {
    fill(view, h('p', { class: 'notice' }, t('report.notTaken', { status: t(`status.${task.status}`) })));
    return heading;
  }

  const key = draftKey(user, task.id);
  const draft = readDraft(key);
  const initial = draft?.values ?? {};
  const period = field({
    label: t('report.period'),
    name: 'period',
    required: true,
    hint: t('report.periodHint'),
    attrs: {
      value: initial.period ?? query.get('period') ?? today.slice(0, 7),
      maxlength: '8',
      autocomplete: 'off',
      spellcheck: 'false',
    },
  });
  const unitChoices = [task.leadUnit, ...task.supportingUnits];
  const unit = !ownUnitOnly(user)
    ? field({
        label: t('report.unit'),
        name: 'unitId',
        control: 'select',
        required: true,
        hint: t('report.unitHint'),
        options: [
          { value: '', label: t('form.choose') },
          ...unitChoices.map((u) => ({
            value: String(u.id),
            label: nameOf(u),
            selected: String(initial.unitId) === String(u.id),
          })),
        ],
      })
    : null;
  const text = field({
    label: t('report.text'),
    name: 'text',
    control: 'textarea',
    required: true,
    attrs: { rows: 5, maxlength: String(MAX_TEXT) },
  });
  const percent = field({
    label: t('report.percent'),
    name: 'percent',
    type: 'number',
    required: true,
    hint:
      user.unitId === task.leadUnit.id || !ownUnitOnly(user)
        ? t('report.percentHintLead')
        : t('report.percentHintSupporting'),
    attrs: { min: '0', max: '100', step: '1', inputmode: 'numeric', value: initial.percent ?? task.progress },
  });
  const problems = field({
    label: t('report.problems'),
    name: 'problems',
    control: 'textarea',
    attrs: { rows: 3, maxlength: String(MAX_TEXT) },
  });
  const nextSteps = field({
    label: t('report.nextSteps'),
    name: 'nextSteps',
    control: 'textarea',
    attrs: { rows: 3, maxlength: String(MAX_TEXT) },
  });
  const coordination = field({
    label: t('report.needsCoordination'),
    name: 'needsCoordination',
    type: 'checkbox',
    attrs: { checked: Boolean(initial.needsCoordination) },
  });
  text.control.value = initial.text ?? '';
  problems.control.value = initial.problems ?? '';
  nextSteps.control.value = initial.nextSteps ?? '';

  const byId = new Map((Array.isArray(indicators) ? indicators : []).map((i) => [i.id, i]));
  const valueFields = task.indicators.map((ref, n) => {
    const ind = byId.get(ref.id);
    const measure = ind ? (getLang() === 'en' && ind.measureEn ? ind.measureEn : ind.measure) : '';
    const f = field({
      label: `${nameOf(ref)}${measure ? ` (${measure})` : ''}`,
      name: `indicatorValues[${n}].value`,
      type: 'number',
      hint:
        ind?.metrics?.latestValue !== null && ind?.metrics?.latestValue !== undefined
          ? t('report.latestValue', { value: ind.metrics.latestValue, date: ind.metrics.latestOn })
          : null,
      attrs: {
        step: 'any',
        inputmode: 'decimal',
        value: initial.indicatorValues?.[ref.id] ?? '',
        dataset: { indicatorId: String(ref.id) },
      },
    });
    f.dataset.field = `indicatorValues[${n}]`;
    return f;
  });

  const draftStatus = h(
    'p',
    { class: 'draft-status muted', role: 'status' },
    draft ? t('report.draftRestored', { at: formatDateTime(draft.savedAt) }) : '',
  );
  const discard = h('button', { type: 'button', class: 'btn btn-quiet', hidden: !draft }, t('report.discardDraft'));
  const saveDraftButton = h('button', { type: 'button', class: 'btn' }, t('report.saveDraft'));
  const submit = h('button', { type: 'submit', class: 'btn btn-primary' }, t('report.submit'));
  const form = h(
    'form',
    { class: 'form report-form', novalidate: true },
    formSummary(),
    h('div', { class: 'row' }, period, unit, percent),
    text,
    problems,
    nextSteps,
    coordination,
    valueFields.length
      ? h('fieldset', { class: 'group' }, h('legend', {}, t('report.indicatorValues')), valueFields)
      : null,
    draftStatus,
    h(
      'div',
      { class: 'actions' },
      submit,
      saveDraftButton,
      discard,
      h('a', { class: 'btn btn-quiet', href: `/tasks/${task.id}` }, t('form.cancel')),
    ),
  );

  const values = () => ({
    period: period.control.value.trim(),
    unitId: unit ? unit.control.value : undefined,
    text: text.control.value,
    percent: percent.control.value,
    problems: problems.control.value,
    nextSteps: nextSteps.control.value,
    needsCoordination: coordination.control.checked,
    indicatorValues: Object.fromEntries(valueFields.map((f) => [f.control.dataset.indicatorId, f.control.value])),
  });
  const saveDraft = (announce) => {
    const savedAt = new Date().toISOString();
    localStorage.setItem(key, JSON.stringify({ savedAt, values: values() }));
    discard.hidden = false;
    if (announce) draftStatus.textContent = t('report.draftSaved', { at: formatDateTime(savedAt) });
  };
  let timer = null;
  form.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => saveDraft(false), 500);
  });
  saveDraftButton.addEventListener('click', () => saveDraft(true));
  discard.addEventListener('click', () => {
    clearTimeout(timer);
    localStorage.removeItem(key);
    navigate(`/tasks/${task.id}/report`, { replace: true });
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const v = values();
    const errors = [];
    const err = (name, msg, p) => errors.push({ field: name, text: t(msg, p) });
    const start = periodStart(v.period);
    if (!v.period) err('period', 'form.required');
    else if (!start) err('period', 'report.periodInvalid');
    else if (start > today) err('period', 'report.periodFuture', { today });
    if (unit && !v.unitId) err('unitId', 'form.required');
    if (isBlank(v.text)) err('text', 'form.required');
    else if (v.text.length > MAX_TEXT) err('text', 'form.tooLong', { max: MAX_TEXT });
    if (!isInt(v.percent, 0, 100)) err('percent', 'form.intRange', { min: 0, max: 100 });
    if (v.problems.length > MAX_TEXT) err('problems', 'form.tooLong', { max: MAX_TEXT });
    if (v.nextSteps.length > MAX_TEXT) err('nextSteps', 'form.tooLong', { max: MAX_TEXT });
    const indicatorValues = [];
    // The API numbers the values it is sent; blank fields are not sent, so its index maps back to a field.
    const fieldIndex = [];
    valueFields.forEach((f, n) => {
      const raw = f.control.value.trim();
      if (f.control.validity?.badInput) return err(`indicatorValues[${n}]`, 'form.number');
      if (raw === '') return;
      const num = Number(raw);
      if (!Number.isFinite(num)) return err(`indicatorValues[${n}]`, 'form.number');
      indicatorValues.push({ indicatorId: Number(f.control.dataset.indicatorId), value: num });
      fieldIndex.push(n);
    });
    if (errors.length) return showErrors(form, errors, t('form.fixErrors'));

    const body = { period: v.period, text: v.text, percent: Number(v.percent), needsCoordination: v.needsCoordination };
    if (v.problems.trim()) body.problems = v.problems;
    if (v.nextSteps.trim()) body.nextSteps = v.nextSteps;
    if (unit) body.unitId = Number(v.unitId);
    if (indicatorValues.length) body.indicatorValues = indicatorValues;
    submit.disabled = true;
    try {
      await post(`/api/tasks/${task.id}/reports`, body);
      clearTimeout(timer);
      localStorage.removeItem(key);
      flash(t('report.filed', { period: v.period }));
      navigate(`/tasks/${task.id}`);
    } catch (error) {
      submit.disabled = false;
      for (const fe of error.fieldErrors ?? []) {
        fe.field = String(fe.field).replace(
          /^indicatorValues\[(\d+)\]/,
          (m, i) => `indicatorValues[${fieldIndex[Number(i)] ?? i}]`,
        );
      }
      showApiError(form, error);
    }
  });

  fill(view, form);
  return heading;
}
