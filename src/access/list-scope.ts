// The list scope: the SQL condition restricting a list query to the objects the actor may see, from the same
// policy as the object-level checks. Nothing for roles that see all. Columns are quoted, for PostgreSQL.
import type { Actor } from '../auth/actor';
import { col } from '../database/sql';
import type { Action } from './actions';
import { scopeOf } from './policy';

/** Where a query keeps an object's units. */
export interface UnitColumns {
  /** The column of the object's lead (or convening) unit, e.g. t."leadUnitId". */
  lead?: string;
  /** The column of the object's single unit, e.g. r."unitId". */
  unit?: string;
  /** A link table of the object's other units: a row with key = id and "unitId" = the actor's unit. */
  links?: { table: string; key: string; id: string };
}

export interface SqlScope {
  where: string;
  params: Record<string, unknown>;
}

const PARAM = 'accessUnit';

/** A task's units in a query where the task is `alias`. */
export function taskUnits(alias = 't'): UnitColumns {
  return {
    lead: col(alias, 'leadUnitId'),
    links: { table: 'task_supporting_unit', key: 'taskId', id: col(alias, 'id') },
  };
}

/**
 * The condition (with its parameters) restricting a query to the objects on which the actor may take the action;
 * null when the actor reaches every object. Add it with qb.andWhere(scope.where, scope.params).
 */
export function listScope(actor: Actor, action: Action, on: UnitColumns = taskUnits()): SqlScope | null {
  const scope = scopeOf(actor, action);
  if (scope === 'all') return null;
  const nothing = { where: '1 = 0', params: {} };
  if (scope === 'none' || actor.unitId === null) return nothing;
  const params = { [PARAM]: actor.unitId };
  const parts: string[] = [];
  if (on.lead) parts.push(`${on.lead} = :${PARAM}`);
  if (scope === 'unit') {
    if (on.unit) parts.push(`${on.unit} = :${PARAM}`);
    if (on.links) {
      const { table, key, id } = on.links;
      // An uncorrelated subquery: the unit's links are read once through their index, not probed per row.
      parts.push(
        `${id} IN (SELECT ${col('x_access', key)} FROM "${table}" x_access WHERE ${col('x_access', 'unitId')} = :${PARAM})`,
      );
    }
  }
  if (!parts.length) return nothing;
  return { where: parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`, params };
}
