// The JSON a task is shown as: its own fields, its relations in brief, what is derived for today, and what the
// caller may do to it now (from the access policy).
import { allowedStatuses, taskActions, type Action } from '../access';
import type { Actor } from '../auth/actor';
import type { TaskState } from './grades';
import type { Task } from './task.entity';

const unitBrief = (u: { id: number; code: string; name: string; nameEn: string | null }) => ({
  id: u.id,
  code: u.code,
  name: u.name,
  nameEn: u.nameEn,
});

export function taskView(actor: Actor, task: Task, state: TaskState, today: string) {
  const access = {
    leadUnitId: task.leadUnitId,
    supportingUnitIds: (task.supportingUnits ?? []).map((u) => u.id),
    status: task.status,
    deadline: task.deadline,
  };
  return {
    id: task.id,
    planId: task.planId,
    code: task.code,
    title: task.title,
    titleEn: task.titleEn,
    description: task.description,
    workItem: task.workItem
      ? { id: task.workItem.id, code: task.workItem.code, title: task.workItem.title, titleEn: task.workItem.titleEn }
      : { id: task.workItemId },
    parentId: task.parentId,
    leadUnit: task.leadUnit ? unitBrief(task.leadUnit) : { id: task.leadUnitId },
    supportingUnits: (task.supportingUnits ?? []).map(unitBrief).sort((a, b) => a.id - b.id),
    owner: task.owner ? { id: task.owner.id, displayName: task.owner.displayName } : null,
    ownerName: task.ownerName ?? task.owner?.displayName ?? null,
    startDate: task.startDate,
    deadline: task.deadline,
    originalDeadline: task.originalDeadline,
    replanned: task.deadline !== task.originalDeadline,
    deadlineWorkingDays: task.deadlineWorkingDays,
    recurrence: task.recurrence,
    priority: task.priority,
    status: task.status,
    progress: task.progress,
    tags: task.tags,
    indicators: (task.indicators ?? [])
      .map((i) => ({ id: i.id, code: i.code, name: i.name, nameEn: i.nameEn }))
      .sort((a, b) => a.id - b.id),
    source: task.source,
    sourceQuote: task.sourceQuote,
    closedOn: task.closedOn,
    decisionId: task.decisionId,
    ...state,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    allowedActions: taskActions(actor, access, today) as Action[],
    /** The statuses the caller may set through POST /tasks/:id/status. */
    allowedStatuses: allowedStatuses(actor, access),
  };
}

export type TaskView = ReturnType<typeof taskView>;
