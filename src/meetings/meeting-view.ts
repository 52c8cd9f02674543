// The JSON a meeting is shown as. `MeetingDetail` is the whole picture in one object — units, attendees, the agenda
// with the rows each item came from, decisions with the state of their follow-up tasks — for the API, the
// documents and the mail.
import { meetingActions, type Action } from '../access';
import type { Actor } from '../auth/actor';
import type { IndicatorStatus } from '../indicators/indicator-metrics';
import type { Colour } from '../tasks/grades';
import type { TaskStatus } from '../tasks/task.entity';
import type { Unit } from '../units/unit.entity';
import type { AgendaKind, AgendaSources } from './agenda-item.entity';
import type { Meeting, MeetingStatus } from './meeting.entity';

export interface UnitBrief {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  locale: string;
}

export const unitBrief = (u: Unit): UnitBrief => ({
  id: u.id,
  code: u.code,
  name: u.name,
  nameEn: u.nameEn,
  locale: u.locale,
});

export interface MeetingSummary {
  id: number;
  planId: number;
  title: string;
  titleEn: string | null;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineLink: string | null;
  conveningUnitId: number | null;
  conveningUnit: UnitBrief | null;
  convenerName: string | null;
  status: MeetingStatus;
  /** Bumped each time the time or place changes (iCalendar SEQUENCE). */
  sequence: number;
  agendaAsOf: string | null;
  units: UnitBrief[];
  invitationsSentAt: Date | null;
  minutesSentAt: Date | null;
  createdById: number | null;
  createdAt: Date;
  updatedAt: Date;
  /** What the caller may do to the meeting now. */
  allowedActions: Action[];
}

export function meetingSummary(actor: Actor, m: Meeting, conveningUnit: Unit | null): MeetingSummary {
  return {
    id: m.id,
    planId: m.planId,
    title: m.title,
    titleEn: m.titleEn,
    startsAt: m.startsAt,
    endsAt: m.endsAt,
    place: m.place,
    onlineLink: m.onlineLink,
    conveningUnitId: m.conveningUnitId,
    conveningUnit: conveningUnit ? unitBrief(conveningUnit) : null,
    convenerName: m.convenerName,
    status: m.status,
    sequence: m.sequence,
    agendaAsOf: m.agendaAsOf,
    units: (m.units ?? []).map(unitBrief).sort((a, b) => a.id - b.id),
    invitationsSentAt: m.invitationsSentAt,
    minutesSentAt: m.minutesSentAt,
    createdById: m.createdById,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
    allowedActions: meetingActions(actor, m),
  };
}

export interface AttendeeView {
  id: number;
  unitId: number | null;
  unit: UnitBrief | null;
  userId: number | null;
  name: string;
  position: string | null;
  /** Shown to a liaison for its own unit's people only. */
  email: string | null;
  /** Null until attendance is recorded. */
  present: boolean | null;
}

/** A task an agenda item or a decision refers to, as it stands today. */
export interface TaskBrief {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  status: TaskStatus;
  progress: number;
  deadline: string;
  leadUnitId: number;
  leadUnit: UnitBrief | null;
  overdue: boolean;
  dueSoon: boolean;
  colour: Colour | null;
  expectedProgress: number | null;
  nextDueDate: string | null;
}

export interface ReportBrief {
  id: number;
  taskId: number;
  unitId: number;
  unit: UnitBrief | null;
  period: string;
  filedOn: string;
  text: string;
  problems: string;
  needsCoordination: boolean;
  status: string;
}

export interface DecisionBrief {
  id: number;
  meetingId: number;
  meetingTitle: string;
  meetingStartsAt: Date;
  text: string;
  taskId: number | null;
}

export interface IndicatorBrief {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  measure: string;
  measureEn: string | null;
  target: number;
  targetDate: string;
  /** The date the figures are computed for: the agenda's date. */
  asOf: string;
  latestValue: number | null;
  latestOn: string | null;
  latestValueId: number | null;
  achievementPercent: number | null;
  proRataAtLatest: number | null;
  proRataToday: number;
  status: IndicatorStatus;
}

export interface SourceRows {
  tasks: TaskBrief[];
  reports: ReportBrief[];
  decisions: DecisionBrief[];
  indicators: IndicatorBrief[];
}

export interface AgendaItemView {
  id: number;
  /** 1, 2, 3… in agenda order; null for a removed item. */
  number: number | null;
  seq: number;
  kind: AgendaKind;
  sourceKey: string;
  /** The ids of the rows the item came from. */
  sources: AgendaSources;
  /** Those rows, as they stand. */
  sourceRows: SourceRows;
  title: string;
  titleEn: string | null;
  detail: string;
  detailEn: string | null;
  leadUnitId: number | null;
  leadUnit: UnitBrief | null;
  presenter: string | null;
  minutes: number;
  /** When the item starts and ends if the meeting keeps to the suggested times; null for a removed item. */
  startsAt: Date | null;
  endsAt: Date | null;
  edited: boolean;
  removed: boolean;
  stale: boolean;
  notes: string;
}

export interface DecisionView {
  id: number;
  seq: number;
  text: string;
  agendaItemId: number | null;
  leadUnitId: number | null;
  leadUnit: UnitBrief | null;
  supportingUnitIds: number[];
  supportingUnits: UnitBrief[];
  deadline: string | null;
  taskId: number | null;
  /** The follow-up task with its state today. */
  task: TaskBrief | null;
  createdAt: Date;
}

export interface MeetingDetail extends MeetingSummary {
  plan: { id: number; code: string; title: string; titleEn: string | null };
  minutes: string;
  attendees: AttendeeView[];
  /** Ordered; removed items only when asked for. */
  agenda: AgendaItemView[];
  /** The suggested minutes of the items that are not removed. */
  agendaMinutes: number;
  decisions: DecisionView[];
}
