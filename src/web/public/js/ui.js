// Small pieces pages share with the frame: the home page of a role, a message carried to the next page, and
// the signal that a page may not be shown to this person.
import { h } from './dom.js';
import { allows, ownUnitOnly } from './domain.js';

/** Whether the person's role decides, reviews, runs rounds or reports: 待办 (/work) is then the home page. */
export function hasWork(user) {
  if (!allows(user, 'workspace.read')) return false;
  if (ownUnitOnly(user)) return allows(user, 'report.file');
  return ['task.closing.decide', 'extension.decide', 'report.review', 'round.manage'].some((a) => allows(user, a));
}

export function homePath(user) {
  if (!allows(user, 'workspace.read')) return allows(user, 'audit.read') ? '/audit' : '/security';
  if (hasWork(user)) return '/work';
  return ownUnitOnly(user) ? '/my-unit' : '/dashboard';
}

let flashMessage = null;

/** A message shown at the top of the next page (after saving, for instance). */
export function flash(text) {
  flashMessage = text;
}

export function takeFlash() {
  const text = flashMessage;
  flashMessage = null;
  return text;
}

/** Thrown by a page that finds the person may not see what the URL names. */
export class NoAccessError extends Error {}

/** A section with a heading; `id` names it for aria-labelledby. */
export function section(id, title, ...children) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h2', { id }, title), ...children);
}

export function loading(text) {
  return h('p', { class: 'loading', role: 'status' }, text);
}
