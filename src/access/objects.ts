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

/** A supervision notice: addressed to one unit, the task's lead unit when it was issued. */
export function noticeObject(notice: { unitId: number }): AccessObject {
  return { leadUnitId: notice.unitId };
}
