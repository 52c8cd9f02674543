// The one policy: for each action, which roles may take it and on which objects (scope). Route guards ask it at
// role level, services at object level, list queries through list-scope.ts and the API answers through
// allowed-actions.ts. A role missing from an action's row may not take it.
import type { Actor } from '../auth/actor';
import { ForbiddenError } from '../common/errors';
import type { TaskStatus } from '../tasks/task.entity';
import { ACTIONS, type Action } from './actions';
import { ROLES, type Role } from './roles';

/**
 * How far a role reaches with an action: every object, the objects its unit has a part in (leads, supports,
 * attends, is addressed by), the objects its unit leads, or none.
 */
export type Scope = 'all' | 'unit' | 'leadUnit' | 'own' | 'none';

/** What the policy needs to know of an object: its lead (or convening) unit and the other units involved. */
export interface AccessObject {
  leadUnitId?: number | null;
  unitIds?: readonly number[];
  /** The person who made the object (an attachment's uploader), for the 'own' scope. */
  createdById?: number | null;
}

const PLANNERS = { lead: 'all', secretariat: 'all' } as const;
const READERS = { admin: 'all', lead: 'all', secretariat: 'all', viewer: 'all', liaison: 'unit' } as const;
const OFFICE = { admin: 'all', lead: 'all', secretariat: 'all' } as const;
const TASK_FORCE = { admin: 'all', lead: 'all', secretariat: 'all', viewer: 'all', liaison: 'all' } as const;

export const POLICY: Record<Action, Partial<Record<Role, Scope>>> = {
  'workspace.read': TASK_FORCE,
  'unit.manage': { admin: 'all' },
  'user.read': { ...OFFICE, liaison: 'unit', security_admin: 'all' },
  // accounts of the task force's roles; the administrators' own are the operator's (see PRIVILEGED_ROLES)
  'user.manage': { admin: 'all' },
  'account.security': { security_admin: 'all' },
  'security.policy.read': { security_admin: 'all', auditor: 'all' },
  'plan.create': { lead: 'all' },
  'plan.manage': PLANNERS,
  'task.read': READERS,
  'task.create': PLANNERS,
  'task.update': PLANNERS,
  'task.status': { ...PLANNERS, liaison: 'leadUnit' },
  'task.closing.request': { ...PLANNERS, liaison: 'leadUnit' },
  'task.closing.decide': { lead: 'all' },
  'extension.read': { ...READERS, liaison: 'leadUnit' },
  'extension.request': { ...PLANNERS, liaison: 'leadUnit' },
  'extension.decide': { lead: 'all' },
  'report.read': READERS,
  'report.file': { ...PLANNERS, liaison: 'unit' },
  'report.review': PLANNERS,
  'indicator.manage': PLANNERS,
  'round.read': READERS,
  'round.manage': PLANNERS,
  // what a unit still owes in a round: the office sees every unit's, a liaison its own unit's only
  'round.missing.read': READERS,
  // reminding a unit (or every late unit) is the office's, never a liaison's
  'round.remind': PLANNERS,
  'bulletin.read': { ...OFFICE, viewer: 'all', liaison: 'all' },
  'bulletin.drafts.read': OFFICE,
  'bulletin.issue': PLANNERS,
  'supervision.issue': PLANNERS,
  'meeting.read': READERS,
  'meeting.manage': PLANNERS,
  'digest.preview': { ...OFFICE, liaison: 'unit' },
  'digest.send': { admin: 'all', secretariat: 'all' },
  // the office reads the log for the work's history; the system administrator, whose acts it records, does not
  'audit.read': { lead: 'all', secretariat: 'all', auditor: 'all' },
  'audit.verify': { auditor: 'all' },
  'outbox.read': OFFICE,
  'outbox.manage': { admin: 'all', secretariat: 'all' },
  'schedule.read': OFFICE,
  'schedule.run': { admin: 'all', secretariat: 'all' },
  'tasks.import': PLANNERS,
  // an owner's attachments are read by those who read the owner; a liaison uploads on its own unit's reports and
  // requests (the object names the acting unit as lead), the office on every owner, meetings and decisions too
  'attachment.read': READERS,
  'attachment.upload': { ...PLANNERS, liaison: 'unit' },
  // the office removes any attachment; a lead or a liaison only one it uploaded (while the owner is editable)
  'attachment.delete': { admin: 'all', secretariat: 'all', lead: 'own', liaison: 'own' },
  // a liaison reads the notices addressed to its unit (the notice's lead unit) and only its liaison replies
  'supervision.read': READERS,
  'supervision.reply': { liaison: 'leadUnit' },
  // the ranking is published in the bulletin to every member unit: everyone of the task force reads it
  'assessment.read': TASK_FORCE,
  // a liaison sees and sets up its own unit's channels only; the office and the administrator any unit's
  'channel.read': { ...OFFICE, liaison: 'unit' },
  'channel.manage': { admin: 'all', secretariat: 'all', liaison: 'unit' },
  // each person their own, whoever receives the task force's messages
  'channel.preferences': TASK_FORCE,
  'acknowledgement.read': READERS,
  // the unit acknowledges what reached it; nobody acknowledges for another unit
  'acknowledgement.ack': { liaison: 'unit' },
  'task.urge': PLANNERS,
  'instruction.create': { lead: 'all' },
  // whoever reads a task may comment on it, but the viewer, who reads only
  'comment.create': { admin: 'all', lead: 'all', secretariat: 'all', liaison: 'unit' },
  'comment.moderate': { admin: 'all', secretariat: 'all' },
};

/** Status changes a role may make through task.status where it may not make them all: a liaison starts or blocks. */
export const STATUS_LIMITS: Partial<Record<Role, readonly TaskStatus[]>> = { liaison: ['in_progress', 'blocked'] };

/** The system (the plan loader, scheduled jobs, the command line) acts for no person and is never refused. */
export function isSystem(actor: Actor): boolean {
  return actor.id === 0;
}

export function scopeOf(actor: Actor, action: Action): Scope {
  if (isSystem(actor)) return 'all';
  return POLICY[action][actor.role] ?? 'none';
}

function reaches(actor: Actor, scope: Scope, object: AccessObject): boolean {
  const unit = actor.unitId;
  switch (scope) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'leadUnit':
      return unit !== null && object.leadUnitId === unit;
    case 'unit':
      return unit !== null && (object.leadUnitId === unit || (object.unitIds ?? []).includes(unit));
    case 'own':
      return object.createdById != null && object.createdById === actor.id;
  }
}

/**
 * Whether the actor may take the action: on the object when one is given, else on some object (role level).
 * For task.status, `to` names the status asked for.
 */
export function can(actor: Actor, action: Action, object?: AccessObject, to?: TaskStatus): boolean {
  const scope = scopeOf(actor, action);
  if (scope === 'none') return false;
  if (action === 'task.status' && to !== undefined && !isSystem(actor)) {
    const limit = STATUS_LIMITS[actor.role];
    if (limit && !limit.includes(to)) return false;
  }
  return object === undefined || reaches(actor, scope, object);
}

const SCOPE_TEXT: Record<Exclude<Scope, 'all' | 'none'>, { en: string; zh: string }> = {
  unit: { en: 'this belongs to other units', zh: '该事项不属于本单位' },
  leadUnit: { en: 'only the lead unit may do this', zh: '只有牵头单位可以执行此操作' },
  own: { en: 'only the one who made it may do this', zh: '只有创建者本人可以执行此操作' },
};

/** Throws ForbiddenError (403) unless the actor may take the action; en/zh replace the default message. */
export function assertCan(
  actor: Actor,
  action: Action,
  object?: AccessObject,
  message?: { en: string; zh: string },
): void {
  if (can(actor, action, object)) return;
  if (message) throw new ForbiddenError(message.en, message.zh);
  const scope = scopeOf(actor, action);
  if (scope === 'unit' || scope === 'leadUnit' || scope === 'own') {
    throw new ForbiddenError(`${action}: ${SCOPE_TEXT[scope].en}`, `${action}:${SCOPE_TEXT[scope].zh}`);
  }
  const roles = rolesFor(action);
  throw new ForbiddenError(
    `${action} needs one of the roles: ${roles.join(', ')}`,
    `此操作（${action}）需要以下角色之一：${roles.join('、')}`,
  );
}

/** The roles that may take an action on some object. */
export function rolesFor(action: Action): Role[] {
  return ROLES.filter((r) => (POLICY[action][r] ?? 'none') !== 'none');
}

/** The actions the actor's role may take on some object: what the interface offers before any object is shown. */
export function roleActions(actor: Actor): Action[] {
  return ACTIONS.filter((a) => can(actor, a));
}

/** What a signed-in user's answer carries of the policy: its role's actions and whether it sees every unit. */
export function roleAccess(actor: Actor): { allowedActions: Action[]; seesAllUnits: boolean } {
  return { allowedActions: roleActions(actor), seesAllUnits: scopeOf(actor, 'task.read') === 'all' };
}
