// Who may do what, as small pure functions the services call. Routes narrow by role with @Roles();
// these answer the object-level questions (whose unit, which task).
import { ForbiddenError } from '../common/errors';
import type { Role } from '../users/user.entity';
import type { Actor } from './actor';

/** Roles that see every unit's work. */
export const READ_ALL: Role[] = ['admin', 'lead', 'secretariat', 'viewer'];
/** Roles that keep the plan: create, assign and edit tasks, work items and indicators. */
export const PLANNERS: Role[] = ['lead', 'secretariat'];

export function seesAllUnits(actor: Actor): boolean {
  return READ_ALL.includes(actor.role);
}

export function isPlanner(actor: Actor): boolean {
  return PLANNERS.includes(actor.role);
}

export function requireRole(actor: Actor, roles: Role[], en?: string, zh?: string): void {
  if (!roles.includes(actor.role)) {
    throw new ForbiddenError(
      en ?? `This needs one of the roles: ${roles.join(', ')}`,
      zh ?? `此操作需要以下角色之一:${roles.join('、')}`,
    );
  }
}

export interface UnitScoped {
  leadUnitId: number;
  supportingUnitIds: number[];
}

/** A liaison works on tasks its unit leads or supports. */
export function involvesUnit(task: UnitScoped, unitId: number | null): boolean {
  return unitId !== null && (task.leadUnitId === unitId || task.supportingUnitIds.includes(unitId));
}

export function canReadTask(actor: Actor, task: UnitScoped): boolean {
  return seesAllUnits(actor) || (actor.role === 'liaison' && involvesUnit(task, actor.unitId));
}

/** The lead unit's liaisons act for the task: status, extension and closing requests. */
export function actsForLeadUnit(actor: Actor, task: UnitScoped): boolean {
  return actor.role === 'liaison' && actor.unitId === task.leadUnitId;
}
