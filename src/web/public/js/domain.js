// What the interface shows of the domain: statuses, colour grades, progress, and who may do what. The rules
// mirror the API's (src/auth/policy.ts, src/tasks/status-machine.ts); the API enforces them regardless.
import { data, h } from './dom.js';
import { formatPercent, nameOf, t } from './i18n.js';

export const PLANNERS = ['lead', 'secretariat'];
export const READ_ALL = ['admin', 'lead', 'secretariat', 'viewer'];

export const TASK_STATUSES = ['draft', 'assigned', 'in_progress', 'submitted', 'closed', 'blocked', 'cancelled'];
export const COLOURS = ['red', 'yellow', 'blue', 'none'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];

export const TRANSITIONS = {
  draft: ['assigned', 'cancelled'],
  assigned: ['in_progress', 'blocked', 'submitted', 'draft', 'cancelled'],
  in_progress: ['blocked', 'submitted', 'cancelled'],
  blocked: ['in_progress', 'cancelled'],
  submitted: ['closed', 'in_progress'],
  closed: [],
  cancelled: ['draft'],
};

export const isPlanner = (user) => PLANNERS.includes(user?.role);
export const seesAllUnits = (user) => READ_ALL.includes(user?.role);

export function involvesUnit(task, unitId) {
  return (
    unitId !== null &&
    unitId !== undefined &&
    (task.leadUnit?.id === unitId || (task.supportingUnits ?? []).some((u) => u.id === unitId))
  );
}

/** Status changes this person may make through POST /tasks/:id/status (closing has its own requests). */
export function allowedStatusChanges(user, task) {
  const targets = (TRANSITIONS[task.status] ?? []).filter((s) => s !== 'submitted' && s !== 'closed');
  if (isPlanner(user)) return targets;
  if (user?.role === 'liaison' && user.unitId === task.leadUnit?.id)
    return targets.filter((s) => s === 'in_progress' || s === 'blocked');
  return [];
}

/** The lead unit's liaisons, or a planner on their behalf, ask for closing (申请办结). */
export function mayRequestClosing(user, task) {
  const actsFor = isPlanner(user) || (user?.role === 'liaison' && user.unitId === task.leadUnit?.id);
  return actsFor && (TRANSITIONS[task.status] ?? []).includes('submitted');
}

export function mayDecideClosing(user, task) {
  return user?.role === 'lead' && task.status === 'submitted';
}

/** Who files progress reports: the involved units' liaisons, or a planner on a unit's behalf. */
export function mayReport(user, task) {
  if (['draft', 'closed', 'cancelled'].includes(task.status)) return false;
  if (isPlanner(user)) return true;
  return user?.role === 'liaison' && involvesUnit(task, user.unitId);
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
