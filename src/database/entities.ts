import { AuditEntry } from '../audit/audit-entry.entity';
import { AuditChain } from '../audit/audit-chain.entity';
import { Indicator } from '../indicators/indicator.entity';
import { IndicatorValue } from '../indicators/indicator-value.entity';
import { Plan } from '../plans/plan.entity';
import { WorkItem } from '../plans/work-item.entity';
import { ProgressReport } from '../reports/progress-report.entity';
import { ClosingRequest } from '../tasks/closing-request.entity';
import { ExtensionRequest } from '../tasks/extension-request.entity';
import { Task } from '../tasks/task.entity';
import { Unit } from '../units/unit.entity';
import { User } from '../users/user.entity';
import { UnitChannel } from '../channels/unit-channel.entity';
import { UserChannelPreference } from '../channels/user-channel-preference.entity';
import { Setting } from './setting.entity';
import { OutboxMessage } from '../mail/outbox-message.entity';
import { JobRun } from '../scheduler/job-run.entity';
import { DispatchRound } from '../dispatch/dispatch-round.entity';
import { Bulletin } from '../bulletins/bulletin.entity';
import { AgendaItem } from '../meetings/agenda-item.entity';
import { Decision } from '../meetings/decision.entity';
import { MeetingAttendee } from '../meetings/meeting-attendee.entity';
import { Meeting } from '../meetings/meeting.entity';
import { DocumentNumber } from '../documents/document-number.entity';
import { CalendarDay } from '../calendar/calendar-day.entity';
import { Attachment, AttachmentBlob } from '../attachments/attachment.entity';
import { SupervisionNotice } from '../supervision/supervision-notice.entity';
import { SupervisionReply } from '../supervision/supervision-reply.entity';
import { Acknowledgement } from '../acknowledgements/acknowledgement.entity';
import { Urging } from '../followup/urging.entity';
import { Instruction } from '../followup/instruction.entity';
import { Comment, CommentMention } from '../followup/comment.entity';

export const ENTITIES = [
  CalendarDay,
  Unit,
  User,
  Plan,
  WorkItem,
  Task,
  ExtensionRequest,
  ClosingRequest,
  Indicator,
  IndicatorValue,
  ProgressReport,
  AuditEntry,
  AuditChain,
  Setting,
  OutboxMessage,
  JobRun,
  DispatchRound,
  Bulletin,
  Meeting,
  MeetingAttendee,
  AgendaItem,
  Decision,
  DocumentNumber,
  AttachmentBlob,
  Attachment,
  SupervisionNotice,
  SupervisionReply,
  UnitChannel,
  UserChannelPreference,
  Acknowledgement,
  Urging,
  Instruction,
  Comment,
  CommentMention,
];
