// The roles of the task force's people (see PRODUCT.md "People and what they do"). The type is declared with the
// user entity, which stores it; everything that decides by role imports it from here.
import { ROLES, type Role } from '../users/user.entity';

export { ROLES, type Role };

/** Roles whose people are bound to a unit and act for it (a liaison); an account of such a role needs a unit. */
export const UNIT_BOUND_ROLES: readonly Role[] = ['liaison'];

/**
 * The three administrator roles (三员分立). Their accounts are made and changed only by the operator (the plan file,
 * the command line), never through the API by another person: none of them can take over another's account.
 */
export const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'auditor', 'security_admin'];

export function isPrivilegedRole(role: Role): boolean {
  return PRIVILEGED_ROLES.includes(role);
}

export function roleNeedsUnit(role: Role): boolean {
  return UNIT_BOUND_ROLES.includes(role);
}

/**
 * Who receives a kind of mail by role, beside the units' mailboxes and liaisons: the task force's leads, its
 * office (the secretariat), or both (bulletins, late-report notices).
 */
export const MAIL_AUDIENCES = {
  leads: ['lead'],
  secretariat: ['secretariat'],
  leadsAndOffice: ['lead', 'secretariat'],
} as const satisfies Record<string, readonly Role[]>;
export type MailAudience = keyof typeof MAIL_AUDIENCES;
