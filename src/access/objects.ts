// The objects the policy decides on, reduced to their units: a task's lead and supporting units, the units a
// report may be read by, a meeting's convening and attending units, a dispatch round's units.
import type { AccessObject } from './policy';

export interface TaskUnits {
  leadUnitId: number;
  supportingUnitIds: readonly number[];
}

export function taskObject(task: TaskUnits): AccessObject {
  return { leadUnitId: task.leadUnitId, unitIds: task.supportingUnitIds };
}

/** A task as loaded with its supporting units. */
export function loadedTaskObject(task: { leadUnitId: number; supportingUnits?: { id: number }[] }): AccessObject {
  return { leadUnitId: task.leadUnitId, unitIds: (task.supportingUnits ?? []).map((u) => u.id) };
}

/**
 * A report on a task: the lead unit reads every report on its task; a supporting unit reads its own and the lead
 * unit's, not another supporting unit's.
 */
export function reportObject(task: TaskUnits, report: { unitId: number }): AccessObject {
  const fromLead = report.unitId === task.leadUnitId;
  const involved = fromLead || task.supportingUnitIds.includes(report.unitId);
  return {
    leadUnitId: task.leadUnitId,
    unitIds: fromLead ? task.supportingUnitIds : involved ? [report.unitId] : [],
  };
}

export function meetingObject(meeting: { conveningUnitId: number | null; units?: { id: number }[] }): AccessObject {
  return { leadUnitId: meeting.conveningUnitId, unitIds: (meeting.units ?? []).map((u) => u.id) };
}

export function unitsObject(unitIds: readonly number[]): AccessObject {
  return { unitIds };
}

/**
 * An attachment's owner as its readers see it: a report's (or request's, reply's) readers on its task — the acting
 * unit's report rules — else the task's, else the meeting's; with neither, the office's only.
 */
export function attachmentReadObject(
  owner: { unitId: number | null },
  task: TaskUnits | null,
  meeting: { conveningUnitId: number | null; units?: { id: number }[] } | null,
): AccessObject {
  if (task) return owner.unitId !== null ? reportObject(task, { unitId: owner.unitId }) : taskObject(task);
  if (meeting) return meetingObject(meeting);
  return { leadUnitId: null };
}

/** Who adds files to an owner: the unit acting on it, as its lead; an owner of the office's (a meeting) has none. */
export function attachmentUploadObject(owner: { unitId: number | null }): AccessObject {
  return { leadUnitId: owner.unitId };
}

/** Who removes an attachment: the one who uploaded it (scope own), the office any. */
export function attachmentObject(a: { unitId: number | null; uploadedById: number | null }): AccessObject {
  return { leadUnitId: a.unitId, createdById: a.uploadedById };
}

/** A supervision notice: addressed to one unit, the task's lead unit when it was issued. */
export function noticeObject(notice: { unitId: number }): AccessObject {
  return { leadUnitId: notice.unitId };
}
