// What the API answers about consultation meetings (会商): the meeting, its agenda with the rows each item comes
// from, its attendees and decisions, and what sending its mail did (see meeting-view.ts).
import type { Action } from '../access';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALLOWED_ACTIONS, PageResponseDto } from '../common/responses';
import { INDICATOR_STATUSES } from '../indicators/indicator-response.dto';
import { COLOURS, TaskDetailResponseDto } from '../tasks/task-response.dto';
import { TASK_STATUSES } from '../tasks/task.entity';
import { UnitBriefResponseDto } from '../units/unit-response.dto';
import { AGENDA_KINDS } from './agenda-item.entity';
import { MEETING_STATUSES } from './meeting.dto';

export class MeetingPlanResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;
}

/** A meeting as lists show it. */
export class MeetingSummaryResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  planId: number;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  startsAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  endsAt: Date;

  @ApiProperty({ type: String, nullable: true })
  place: string | null;

  @ApiProperty({ type: String, nullable: true })
  onlineLink: string | null;

  @ApiProperty({ type: Number, nullable: true })
  conveningUnitId: number | null;

  @ApiProperty({ type: UnitBriefResponseDto, nullable: true })
  conveningUnit: UnitBriefResponseDto | null;

  @ApiProperty({ type: String, nullable: true })
  convenerName: string | null;

  @ApiProperty({ enum: MEETING_STATUSES })
  status: string;

  @ApiProperty({ description: 'bumped by each change of time or place; the iCalendar SEQUENCE' })
  sequence: number;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'the date the agenda was generated for' })
  agendaAsOf: string | null;

  @ApiProperty({ type: [UnitBriefResponseDto], description: 'the attending units' })
  units: UnitBriefResponseDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  invitationsSentAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  minutesSentAt: Date | null;

  @ApiProperty({ type: Number, nullable: true })
  createdById: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  @ApiProperty(ALLOWED_ACTIONS)
  allowedActions: Action[];
}

export class MeetingPageResponseDto extends PageResponseDto(MeetingSummaryResponseDto) {}

export class AttendeeResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: Number, nullable: true })
  unitId: number | null;

  @ApiProperty({ type: UnitBriefResponseDto, nullable: true })
  unit: UnitBriefResponseDto | null;

  @ApiProperty({ type: Number, nullable: true })
  userId: number | null;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  position: string | null;

  @ApiProperty({ type: String, nullable: true })
  email: string | null;

  @ApiProperty({ type: Boolean, nullable: true, description: 'attendance; null until recorded' })
  present: boolean | null;
}

/** A task as the agenda and the decisions show it, with its state today. */
export class MeetingTaskBriefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty({ enum: TASK_STATUSES })
  status: string;

  @ApiProperty()
  progress: number;

  @ApiProperty({ type: String, format: 'date' })
  deadline: string;

  @ApiProperty()
  leadUnitId: number;

  @ApiProperty({ type: UnitBriefResponseDto, nullable: true })
  leadUnit: UnitBriefResponseDto | null;

  @ApiProperty()
  overdue: boolean;

  @ApiProperty()
  dueSoon: boolean;

  @ApiProperty({ enum: COLOURS, nullable: true })
  colour: string | null;

  @ApiProperty({ type: Number, nullable: true })
  expectedProgress: number | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  nextDueDate: string | null;
}

export class MeetingReportBriefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  taskId: number;

  @ApiProperty()
  unitId: number;

  @ApiProperty({ type: UnitBriefResponseDto, nullable: true })
  unit: UnitBriefResponseDto | null;

  @ApiProperty()
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  filedOn: string;

  @ApiProperty()
  text: string;

  @ApiProperty()
  problems: string;

  @ApiProperty()
  needsCoordination: boolean;

  @ApiProperty({ enum: ['submitted', 'accepted', 'returned'] })
  status: string;
}

export class MeetingDecisionBriefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  meetingId: number;

  @ApiProperty()
  meetingTitle: string;

  @ApiProperty({ type: String, format: 'date-time' })
  meetingStartsAt: Date;

  @ApiProperty()
  text: string;

  @ApiProperty({ type: Number, nullable: true })
  taskId: number | null;
}

export class MeetingIndicatorBriefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;

  @ApiProperty()
  measure: string;

  @ApiProperty({ type: String, nullable: true })
  measureEn: string | null;

  @ApiProperty()
  target: number;

  @ApiProperty({ type: String, format: 'date' })
  targetDate: string;

  @ApiProperty({ type: String, format: 'date' })
  asOf: string;

  @ApiProperty({ type: Number, nullable: true })
  latestValue: number | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  latestOn: string | null;

  @ApiProperty({ type: Number, nullable: true })
  latestValueId: number | null;

  @ApiProperty({ type: Number, nullable: true })
  achievementPercent: number | null;

  @ApiProperty({ type: Number, nullable: true })
  proRataAtLatest: number | null;

  @ApiProperty()
  proRataToday: number;

  @ApiProperty({ enum: INDICATOR_STATUSES })
  status: string;
}

export class AgendaSourcesResponseDto {
  @ApiPropertyOptional({ type: [Number] })
  taskIds?: number[];

  @ApiPropertyOptional({ type: [Number] })
  reportIds?: number[];

  @ApiPropertyOptional({ type: [Number] })
  decisionIds?: number[];

  @ApiPropertyOptional({ type: [Number] })
  indicatorIds?: number[];

  @ApiPropertyOptional({ type: [Number] })
  indicatorValueIds?: number[];

  @ApiPropertyOptional({ description: 'a grouped item names its first tasks; this counts all of them' })
  taskTotal?: number;

  @ApiPropertyOptional({ description: 'a grouped item names its first reports; this counts all of them' })
  reportTotal?: number;

  @ApiPropertyOptional({
    example: '/tasks?unitId=3&unitRole=lead&overdue=true',
    description: 'the task list showing every task the item counts',
  })
  listPath?: string;
}

export class AgendaSourceRowsResponseDto {
  @ApiProperty({ type: [MeetingTaskBriefResponseDto] })
  tasks: MeetingTaskBriefResponseDto[];

  @ApiProperty({ type: [MeetingReportBriefResponseDto] })
  reports: MeetingReportBriefResponseDto[];

  @ApiProperty({ type: [MeetingDecisionBriefResponseDto] })
  decisions: MeetingDecisionBriefResponseDto[];

  @ApiProperty({ type: [MeetingIndicatorBriefResponseDto] })
  indicators: MeetingIndicatorBriefResponseDto[];
}

export class AgendaItemResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: Number, nullable: true, description: 'its number on the agenda; null once removed' })
  number: number | null;

  @ApiProperty()
  seq: number;

  @ApiProperty({ enum: AGENDA_KINDS })
  kind: string;

  @ApiProperty({ description: 'what a generated item is about, so regenerating keeps its edits' })
  sourceKey: string;

  @ApiProperty({ type: AgendaSourcesResponseDto })
  sources: AgendaSourcesResponseDto;

  @ApiProperty({ type: AgendaSourceRowsResponseDto, description: 'the rows the sources name, as they are now' })
  sourceRows: AgendaSourceRowsResponseDto;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty()
  detail: string;

  @ApiProperty({ type: String, nullable: true, description: 'the details in English, when written' })
  detailEn: string | null;

  @ApiProperty({ type: Number, nullable: true })
  leadUnitId: number | null;

  @ApiProperty({ type: UnitBriefResponseDto, nullable: true })
  leadUnit: UnitBriefResponseDto | null;

  @ApiProperty({ type: String, nullable: true })
  presenter: string | null;

  @ApiProperty({ description: 'minutes allotted' })
  minutes: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startsAt: Date | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  endsAt: Date | null;

  @ApiProperty()
  edited: boolean;

  @ApiProperty()
  removed: boolean;

  @ApiProperty({ description: 'its sources no longer call for it' })
  stale: boolean;

  @ApiProperty()
  notes: string;
}

export class DecisionResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  seq: number;

  @ApiProperty()
  text: string;

  @ApiProperty({ type: Number, nullable: true })
  agendaItemId: number | null;

  @ApiProperty({ type: Number, nullable: true })
  leadUnitId: number | null;

  @ApiProperty({ type: UnitBriefResponseDto, nullable: true })
  leadUnit: UnitBriefResponseDto | null;

  @ApiProperty({ type: [Number] })
  supportingUnitIds: number[];

  @ApiProperty({ type: [UnitBriefResponseDto] })
  supportingUnits: UnitBriefResponseDto[];

  @ApiProperty({ type: String, format: 'date', nullable: true })
  deadline: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'the follow-up task' })
  taskId: number | null;

  @ApiProperty({ type: MeetingTaskBriefResponseDto, nullable: true })
  task: MeetingTaskBriefResponseDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

/** The whole meeting. */
export class MeetingResponseDto extends MeetingSummaryResponseDto {
  @ApiProperty({ type: MeetingPlanResponseDto })
  plan: MeetingPlanResponseDto;

  @ApiProperty()
  minutes: string;

  @ApiProperty({ type: [AttendeeResponseDto] })
  attendees: AttendeeResponseDto[];

  @ApiProperty({ type: [AgendaItemResponseDto] })
  agenda: AgendaItemResponseDto[];

  @ApiProperty({ description: 'minutes of the agenda in all' })
  agendaMinutes: number;

  @ApiProperty({ type: [DecisionResponseDto] })
  decisions: DecisionResponseDto[];
}

export class DecisionTaskResponseDto {
  @ApiProperty({ type: TaskDetailResponseDto })
  task: TaskDetailResponseDto;

  @ApiProperty({ type: DecisionResponseDto })
  decision: DecisionResponseDto;
}

export class InvitationsResponseDto {
  @ApiProperty()
  meetingId: number;

  @ApiProperty()
  sequence: number;

  @ApiProperty({ type: String, format: 'date-time' })
  invitationsSentAt: Date;

  @ApiProperty({ description: 'messages written now' })
  messages: number;

  @ApiProperty({ type: [String] })
  recipients: string[];

  @ApiProperty({ type: [Number], description: 'attending units with no address' })
  unitsWithoutAddress: number[];
}

export class ReminderLetterResponseDto {
  @ApiProperty()
  unitId: number;

  @ApiProperty({ type: [Number] })
  decisionIds: number[];
}

export class MinutesSentResponseDto {
  @ApiProperty()
  meetingId: number;

  @ApiProperty({ type: String, format: 'date-time' })
  minutesSentAt: Date;

  @ApiProperty()
  messages: number;

  @ApiProperty({ type: [String] })
  recipients: string[];

  @ApiProperty({ type: [ReminderLetterResponseDto], description: 'one reminder letter (工作提醒函) per unit' })
  reminderLetters: ReminderLetterResponseDto[];

  @ApiProperty({ type: [Number] })
  unitsWithoutAddress: number[];
}
