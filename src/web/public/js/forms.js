// Form fields with their labels, hints and error messages, and the checks the API makes, run before sending
// so a person sees what to fix next to the field. The API's own field errors are shown the same way.
/* global CSS */
import { ApiError } from './api.js';
import { h, nextId } from './dom.js';
import { errorText, fieldErrorText, t } from './i18n.js';

/**
 * A labelled field. `control` is 'input' | 'textarea' | 'select'; `name` is the API field it fills.
 * Returns the wrapper; the control is wrapper.control.
 */
export function field({ label, name, control = 'input', type = 'text', hint, required, options, attrs = {} }) {
  const id = nextId(name.replace(/[^\w-]/g, '-'));
  const hintId = hint ? `${id}-hint` : null;
  const errorId = `${id}-error`;
  const common = {
    id,
    name,
    'aria-describedby': [hintId, errorId].filter(Boolean).join(' '),
    'aria-required': required ? 'true' : null,
    required: required || null,
    ...attrs,
  };
  let input;
  if (control === 'textarea') input = h('textarea', { rows: 4, ...common });
  else if (control === 'select')
    input = h(
      'select',
      common,
      (options ?? []).map((o) => h('option', { value: o.value, selected: o.selected }, o.label)),
    );
  else input = h('input', { type, ...common });
  const wrapper = h(
    'div',
    { class: `field${type === 'checkbox' ? ' field-check' : ''}`, dataset: { field: name } },
    type === 'checkbox'
      ? [input, h('label', { for: id }, label)]
      : [h('label', { for: id, class: required ? 'required' : null }, label), input],
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null,
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
  wrapper.control = input;
  return wrapper;
}

/** A group of checkboxes in a fieldset (supporting units, indicators). */
export function checkboxGroup({ legend, name, options, hint }) {
  const errorId = nextId(`${name}-error`);
  const set = h(
    'fieldset',
    { class: 'field checks', dataset: { field: name }, 'aria-describedby': errorId },
    h('legend', {}, legend),
    hint ? h('p', { class: 'hint' }, hint) : null,
    h(
      'div',
      { class: 'checks-box' },
      options.map((o) => {
        const id = nextId(name);
        return h(
          'div',
          { class: 'check' },
          h('input', { type: 'checkbox', id, name, value: o.value, checked: o.checked }),
          h('label', { for: id }, o.label),
        );
      }),
    ),
    h('p', { class: 'field-error', id: errorId, hidden: true }),
  );
  return set;
}

export function checkedValues(form, name) {
  return [...form.querySelectorAll(`input[type=checkbox][name="${name}"]:checked`)].map((i) => Number(i.value));
}

/** Clears the messages a form shows. */
export function clearErrors(form) {
  form.querySelectorAll('.field-error').forEach((p) => {
    p.hidden = true;
    p.textContent = '';
  });
  form.querySelectorAll('[aria-invalid]').forEach((el) => el.removeAttribute('aria-invalid'));
  const summary = form.querySelector('.form-errors');
  if (summary) {
    summary.hidden = true;
    summary.textContent = '';
  }
}

/** The field wrapper an API field name belongs to: 'indicatorValues[0].value' → 'indicatorValues[0].value' or its parent. */
function fieldFor(form, name) {
  const candidates = [name, name.replace(/\.\w+$/, ''), name.replace(/\[\d+\].*$/, '')];
  for (const c of candidates) {
    const el = form.querySelector(`[data-field="${CSS.escape(c)}"]`);
    if (el) return el;
  }
  return null;
}

/**
 * Shows errors: [{ field, text }]. Each goes next to its field; those without a field (or a general message)
 * go to the form's summary. Focus moves to the first field in error.
 */
export function showErrors(form, errors, general) {
  clearErrors(form);
  const summary = form.querySelector('.form-errors');
  const unplaced = [];
  let first = null;
  for (const e of errors) {
    const wrapper = e.field ? fieldFor(form, e.field) : null;
    if (!wrapper) {
      unplaced.push(e.text);
      continue;
    }
    const p = wrapper.querySelector('.field-error');
    p.hidden = false;
    p.textContent = p.textContent ? `${p.textContent} ${e.text}` : e.text;
    const control = wrapper.querySelector('input, select, textarea');
    if (control) {
      control.setAttribute('aria-invalid', 'true');
      first ??= control;
    }
  }
  if (summary && (general || unplaced.length)) {
    summary.hidden = false;
    summary.textContent = [general, ...unplaced].filter(Boolean).join(' ');
  }
  if (first) first.focus();
  else if (summary && !summary.hidden) summary.focus();
}

/**
 * Shows an error thrown while saving: the API's field errors by field, anything else in the summary. A refusal
 * for the state of things (409: a report already filed, a code taken) also says why in the summary.
 */
export function showApiError(form, error) {
  if (error instanceof ApiError && error.fieldErrors.length) {
    showErrors(
      form,
      error.fieldErrors.map((f) => ({ field: f.field, text: fieldErrorText(f) })),
      error.status === 409 ? errorText(error) : t('form.fixErrors'),
    );
  } else {
    showErrors(form, [], errorText(error));
  }
}

export function formSummary() {
  return h('div', { class: 'form-errors', role: 'alert', tabindex: '-1', hidden: true });
}

// --- the API's checks ---

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date as YYYY-MM-DD (2023-02-30 is refused), years 1900–2200 as the API accepts. */
export function isIsoDate(value) {
  const m = ISO_DATE.exec(value ?? '');
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return (
    d.getUTCFullYear() === +m[1] &&
    d.getUTCMonth() === +m[2] - 1 &&
    d.getUTCDate() === +m[3] &&
    +m[1] >= 1900 &&
    +m[1] <= 2200
  );
}

function isoWeeksInYear(year) {
  const jan1 = new Date(Date.UTC(year, 0, 1)).getUTCDay();
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return jan1 === 4 || (leap && jan1 === 3) ? 53 : 52;
}

/** The first day of a reporting period (2023-08, 2023-Q3, 2023-W34), or null when it names none. */
export function periodStart(value) {
  let m = /^(\d{4})-(\d{2})$/.exec(value ?? '');
  const pad = (n) => String(n).padStart(2, '0');
  const inRange = (y) => y >= 1900 && y <= 2200;
  if (m) {
    const [y, mo] = [+m[1], +m[2]];
    return inRange(y) && mo >= 1 && mo <= 12 ? `${y}-${pad(mo)}-01` : null;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(value ?? '');
  if (m) return inRange(+m[1]) ? `${m[1]}-${pad(+m[2] * 3 - 2)}-01` : null;
  m = /^(\d{4})-W(\d{2})$/.exec(value ?? '');
  if (m) {
    const [y, w] = [+m[1], +m[2]];
    if (!inRange(y) || w < 1 || w > isoWeeksInYear(y)) return null;
    const jan4 = new Date(Date.UTC(y, 0, 4));
    const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() + 6) % 7) * 86400000 + (w - 1) * 7 * 86400000);
    return monday.toISOString().slice(0, 10);
  }
  return null;
}

export function isInt(value, min, max) {
  if (value === '' || value === null || value === undefined) return false;
  const n = Number(value);
  return Number.isInteger(n) && n >= min && n <= max;
}

export const isBlank = (value) => !/\S/.test(value ?? '');
