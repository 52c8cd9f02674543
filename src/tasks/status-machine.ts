// The task status machine. draft → assigned → in progress → submitted for closing (申请办结) → closed (办结);
// blocked (needs coordination) and cancelled on the side. Submitting and closing go through closing requests.
import { InvalidTransitionError } from '../common/errors';
import type { TaskStatus } from './task.entity';

export const TRANSITIONS: Record<TaskStatus, TaskStatus[]> = {
  draft: ['assigned', 'cancelled'],
  assigned: ['in_progress', 'blocked', 'submitted', 'draft', 'cancelled'],
  in_progress: ['blocked', 'submitted', 'cancelled'],
  blocked: ['in_progress', 'cancelled'],
  submitted: ['closed', 'in_progress'],
  closed: [],
  cancelled: ['draft'],
};

/** Statuses in which a task is live work: it can fall overdue and be colour-graded. */
export const OPEN_STATUSES: TaskStatus[] = ['assigned', 'in_progress', 'blocked'];
/** Statuses reached only through a closing request and its decision. */
export const CLOSING_STATUSES: TaskStatus[] = ['submitted', 'closed'];

export function canTransition(from: TaskStatus, to: TaskStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function assertTransition(from: TaskStatus, to: TaskStatus): void {
  if (!canTransition(from, to)) throw new InvalidTransitionError(from, to, TRANSITIONS[from]);
}
