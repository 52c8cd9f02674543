// What the interface shows of the domain: statuses, colour grades, progress. Who may do what comes from the API's
// answers (allowedActions), never worked out here.
import { data, h } from './dom.js';
import { formatPercent, nameOf, t } from './i18n.js';

export const TASK_STATUSES = ['draft', 'assigned', 'in_progress', 'submitted', 'closed', 'blocked', 'cancelled'];
export const COLOURS = ['red', 'yellow', 'blue', 'none'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

/**
 * Whether the API lets the person take an action: on an object, from the allowedActions of its answer; on the
 * signed-in user, the actions of its role on some object (from /api/auth/me).
 */
export function allows(object, action) {
  return (object?.allowedActions ?? []).includes(action);
}

/** Whether the person's work is narrowed to its own unit (a liaison's). */
export function ownUnitOnly(user) {
  return user?.seesAllUnits === false;
}

export function statusBadge(status) {
  return h('span', { class: `status status-${status}` }, t(`status.${status}`));
}

/** The colour grade as a coloured badge that also says what it means in words. */
export function gradeBadge(colour) {
  const key = colour ?? 'none';
  return h(
    'span',
    { class: `grade grade-${key}` },
    h('span', { class: 'grade-mark', 'aria-hidden': 'true' }),
    t(`grade.${key}`),
  );
}

/** A progress bar with its figure as text; `expected` marks the pro-rata expectation (序时进度). */
export function progressBar(progress, expected) {
  const value = Math.max(0, Math.min(100, Number(progress) || 0));
  const label =
    expected === null || expected === undefined
      ? formatPercent(value, 0)
      : t('task.progressWithExpected', { progress: formatPercent(value, 0), expected: formatPercent(expected) });
  return h(
    'div',
    { class: 'progress' },
    h(
      'div',
      {
        class: 'progress-track',
        role: 'progressbar',
        'aria-label': t('task.progress'),
        'aria-valuemin': '0',
        'aria-valuemax': '100',
        'aria-valuenow': String(value),
        'aria-valuetext': label,
      },
      h('div', { class: 'progress-fill', style: { width: `${value}%` } }),
      expected === null || expected === undefined
        ? null
        : h('div', { class: 'progress-expected', style: { left: `${Math.min(100, expected)}%` }, title: label }),
    ),
    h('span', { class: 'progress-text' }, label),
  );
}

export function unitName(unit) {
  return data(nameOf(unit));
}

export function taskTitle(task) {
  return data(nameOf(task, 'title'));
}

export function taskLink(task) {
  return h('a', { href: `/tasks/${task.id}` }, data(task.code), ' ', taskTitle(task));
}

export function roleLabel(role) {
  return t(`role.${role}`);
}
