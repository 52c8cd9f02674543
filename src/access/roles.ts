// The roles of the task force's people (see PRODUCT.md "People and what they do"). The type is declared with the
// user entity, which stores it; everything that decides by role imports it from here.
import { ROLES, type Role } from '../users/user.entity';

export { ROLES, type Role };

/** Roles whose people are bound to a unit and act for it (a liaison); an account of such a role needs a unit. */
export const UNIT_BOUND_ROLES: readonly Role[] = ['liaison'];

export function roleNeedsUnit(role: Role): boolean {
  return UNIT_BOUND_ROLES.includes(role);
}
