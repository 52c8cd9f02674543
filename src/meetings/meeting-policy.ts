// Who may do what with a meeting, and in which status: small rules the meeting services share.
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { requireRole, seesAllUnits } from '../auth/policy';
import { ConflictError } from '../common/errors';
import type { Role } from '../users/user.entity';
import type { Meeting } from './meeting.entity';

/** Who convenes meetings, prepares agendas and records minutes and decisions. */
export const ORGANISERS: Role[] = ['secretariat', 'lead'];

/** The command line acts as the system; people need to be organisers. */
export function requireOrganiser(actor: Actor): void {
  if (actor === SYSTEM_ACTOR) return;
  requireRole(
    actor,
    ORGANISERS,
    'Meetings are prepared by the secretariat or a lead',
    '会商会议由专班办公室或专班负责人组织',
  );
}

/** Everyone who sees all units reads every meeting; a liaison reads the meetings its unit attends or convenes. */
export function mayReadMeeting(actor: Actor, meeting: Pick<Meeting, 'units' | 'conveningUnitId'>): boolean {
  if (seesAllUnits(actor)) return true;
  if (actor.role !== 'liaison' || actor.unitId === null) return false;
  return meeting.conveningUnitId === actor.unitId || (meeting.units ?? []).some((u) => u.id === actor.unitId);
}

export function assertNotCancelled(meeting: Meeting): void {
  if (meeting.status === 'cancelled') {
    throw new ConflictError(
      `Meeting ${meeting.id} is cancelled and can no longer be changed`,
      `会议 ${meeting.id} 已取消,不能再修改`,
      'meeting_cancelled',
    );
  }
}

/** The agenda is prepared before the meeting: once held or cancelled only the notes of its items change. */
export function assertAgendaOpen(meeting: Meeting): void {
  assertNotCancelled(meeting);
  if (meeting.status === 'held') {
    throw new ConflictError(
      `Meeting ${meeting.id} was held: its agenda is closed (notes go in the minutes)`,
      `会议 ${meeting.id} 已召开,议程不能再修改(讨论情况请记入会议纪要)`,
      'meeting_held',
    );
  }
}
