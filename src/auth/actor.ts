import type { Role } from '../access/roles';

/** The signed-in person a request acts for. */
export interface Actor {
  id: number;
  email: string;
  displayName: string;
  role: Role;
  unitId: number | null;
}

/** Who does a change when no person does: the demo loader, scheduled jobs, the command line. */
export const SYSTEM_ACTOR: Actor = { id: 0, email: 'system', displayName: 'system', role: 'admin', unitId: null };
