// allowedActions: what the caller may do now to an object shown in an API answer, from the policy and the
// object's state (the task status machine, a report under review, a draft bulletin, an open round). Computed from
// what the answer already holds, without queries.
import type { Actor } from '../auth/actor';
import { CLOSING_STATUSES, TRANSITIONS, canTransition } from '../tasks/status-machine';
import type { TaskStatus } from '../tasks/task.entity';
import type { Action } from './actions';
import { attachmentUploadObject, taskObject, type TaskUnits } from './objects';
import { can, scopeOf, type AccessObject } from './policy';
import { decidesOwn } from './separation-of-duties';

const FINISHED: readonly TaskStatus[] = ['closed', 'cancelled'];
/** Statuses in which a task takes no progress reports. */
const NO_REPORTS: readonly TaskStatus[] = ['draft', 'closed', 'cancelled'];

export interface TaskForActions extends TaskUnits {
  status: TaskStatus;
  deadline: string;
}

/** The statuses the actor may move the task to through POST /tasks/:id/status (closing has its own requests). */
export function allowedStatuses(actor: Actor, task: TaskForActions): TaskStatus[] {
  const object = taskObject(task);
  return TRANSITIONS[task.status].filter(
    (to) => !CLOSING_STATUSES.includes(to) && can(actor, 'task.status', object, to),
  );
}

export function taskActions(actor: Actor, task: TaskForActions, today: string): Action[] {
  const object = taskObject(task);
  const out: Action[] = [];
  const open = !FINISHED.includes(task.status);
  if (open && can(actor, 'task.update', object)) out.push('task.update');
  if (allowedStatuses(actor, task).length) out.push('task.status');
  if (canTransition(task.status, 'submitted') && can(actor, 'task.closing.request', object)) {
    out.push('task.closing.request');
  }
  if (task.status === 'submitted' && can(actor, 'task.closing.decide', object)) out.push('task.closing.decide');
  if (open && today <= task.deadline && can(actor, 'extension.request', object)) out.push('extension.request');
  if (!NO_REPORTS.includes(task.status) && can(actor, 'report.file', object)) out.push('report.file');
  return out;
}

/** With separation of duties on (`sod`), the one who filed a report is not offered its review. */
export function reportActions(
  actor: Actor,
  report: { status: string; filedById?: number | null },
  sod = false,
): Action[] {
  if (decidesOwn(actor, report.filedById, sod)) return [];
  return report.status === 'submitted' && can(actor, 'report.review') ? ['report.review'] : [];
}

export function meetingActions(actor: Actor, meeting: { status: string }, object?: AccessObject): Action[] {
  return meeting.status !== 'cancelled' && can(actor, 'meeting.manage', object) ? ['meeting.manage'] : [];
}

export function roundActions(actor: Actor, round: { status: string }): Action[] {
  if (round.status !== 'open') return [];
  return (['round.manage', 'round.remind'] as const).filter((a) => can(actor, a));
}

export function bulletinActions(actor: Actor, bulletin: { status: string }): Action[] {
  return bulletin.status === 'draft' && can(actor, 'bulletin.issue') ? ['bulletin.issue'] : [];
}

/**
 * Whether the actor may add attachments to an owner now: the unit acting on it (its liaisons) while the owner is
 * open (a report awaiting review, a pending request), the office whatever the owner's state.
 */
export function attachmentUploadActions(actor: Actor, owner: { unitId: number | null; editable?: boolean }): Action[] {
  if (!can(actor, 'attachment.upload', attachmentUploadObject(owner))) return [];
  if (owner.editable === false && scopeOf(actor, 'attachment.upload') !== 'all') return [];
  return ['attachment.upload'];
}
