// In which status a meeting may change, and who prepares it (through the access policy): rules the meeting
// services share.
import { assertCan, can, meetingObject } from '../access';
import type { Actor } from '../auth/actor';
import { ConflictError } from '../common/errors';
import type { Meeting } from './meeting.entity';

/** Meetings are convened, and agendas, minutes and decisions prepared, by the roles with meeting.manage. */
export function requireOrganiser(actor: Actor): void {
  assertCan(actor, 'meeting.manage', undefined, {
    en: 'Meetings are prepared by the secretariat or a lead',
    zh: '会商会议由专班办公室或专班负责人组织',
  });
}

/** Everyone who sees all units reads every meeting; a liaison reads the meetings its unit attends or convenes. */
export function mayReadMeeting(actor: Actor, meeting: Pick<Meeting, 'units' | 'conveningUnitId'>): boolean {
  return can(actor, 'meeting.read', meetingObject(meeting));
}

export function assertNotCancelled(meeting: Meeting): void {
  if (meeting.status === 'cancelled') {
    throw new ConflictError(
      `Meeting ${meeting.id} is cancelled and can no longer be changed`,
      `会议 ${meeting.id} 已取消，不能再修改`,
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
      `会议 ${meeting.id} 已召开，议程不能再修改（讨论情况请记入会议纪要）`,
      'meeting_held',
    );
  }
}
