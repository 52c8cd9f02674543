// What the documents of a consultation meeting are made from: the meeting, its units, people, agenda and decisions,
// with every name resolved and the ids of the rows kept beside them, taken from the meeting's detail (the one read
// of a whole meeting). The renderers (DOCX, Markdown, HTML, iCalendar, mail) read nothing else, so they are pure
// and tested without a database.
import type { AgendaKind, AgendaSources } from '../agenda-item.entity';
import type { MeetingStatus } from '../meeting.entity';
import type { MeetingDetail, UnitBrief } from '../meeting-view';

export interface DocUnit {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  mailbox: string | null;
}

export interface DocAttendee {
  id: number;
  unitId: number | null;
  userId: number | null;
  name: string;
  position: string | null;
  email: string | null;
  /** Null until attendance is recorded. */
  present: boolean | null;
}

export interface DocAgendaItem {
  id: number;
  seq: number;
  kind: AgendaKind;
  title: string;
  titleEn: string | null;
  detail: string;
  detailEn: string | null;
  leadUnitId: number | null;
  presenter: string | null;
  minutes: number;
  notes: string;
  sources: AgendaSources;
}

export interface DocTask {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  status: string;
  deadline: string | null;
}

export interface DocDecision {
  id: number;
  seq: number;
  agendaItemId: number | null;
  text: string;
  leadUnitId: number | null;
  supportingUnitIds: number[];
  deadline: string | null;
  taskId: number | null;
  /** The follow-up task the decision became, when it did. */
  task: DocTask | null;
}

export interface DocMeeting {
  id: number;
  planId: number;
  title: string;
  titleEn: string | null;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  onlineLink: string | null;
  conveningUnitId: number | null;
  convenerName: string | null;
  status: MeetingStatus;
  sequence: number;
  agendaAsOf: string | null;
  minutes: string;
  invitationsSentAt: Date | null;
  minutesSentAt: Date | null;
}

export interface DocPlan {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
}

export interface MeetingDoc {
  meeting: DocMeeting;
  plan: DocPlan;
  /** The attending units, in the order of their ids. */
  units: DocUnit[];
  /** Every unit the meeting refers to (attending, convening, leading or supporting an item or a decision), by id. */
  unitsById: Map<number, DocUnit>;
  attendees: DocAttendee[];
  /** The agenda as it stands: removed items left out, in order. */
  agenda: DocAgendaItem[];
  decisions: DocDecision[];
}

function docUnit(u: UnitBrief, mailboxes: Map<number, string | null>): DocUnit {
  return { id: u.id, code: u.code, name: u.name, nameEn: u.nameEn, mailbox: mailboxes.get(u.id) ?? null };
}

/** The documents' view of a meeting's detail; `mailboxes` are the attending units' functional mailboxes. */
export function meetingDocFromDetail(d: MeetingDetail, mailboxes: Map<number, string | null>): MeetingDoc {
  const unitsById = new Map<number, DocUnit>();
  const add = (u: UnitBrief | null | undefined) => {
    if (u && !unitsById.has(u.id)) unitsById.set(u.id, docUnit(u, mailboxes));
  };
  const units = [...d.units].sort((a, b) => a.id - b.id).map((u) => docUnit(u, mailboxes));
  for (const u of units) unitsById.set(u.id, u);
  add(d.conveningUnit);
  for (const a of d.attendees) add(a.unit);
  for (const i of d.agenda) add(i.leadUnit);
  for (const x of d.decisions) {
    add(x.leadUnit);
    x.supportingUnits.forEach(add);
  }
  return {
    meeting: {
      id: d.id,
      planId: d.planId,
      title: d.title,
      titleEn: d.titleEn,
      startsAt: new Date(d.startsAt),
      endsAt: new Date(d.endsAt),
      place: d.place,
      onlineLink: d.onlineLink,
      conveningUnitId: d.conveningUnitId,
      convenerName: d.convenerName,
      status: d.status,
      sequence: d.sequence,
      agendaAsOf: d.agendaAsOf,
      minutes: d.minutes ?? '',
      invitationsSentAt: d.invitationsSentAt,
      minutesSentAt: d.minutesSentAt,
    },
    plan: d.plan,
    units,
    unitsById,
    attendees: d.attendees.map((a) => ({
      id: a.id,
      unitId: a.unitId,
      userId: a.userId,
      name: a.name,
      position: a.position,
      email: a.email,
      present: a.present,
    })),
    agenda: d.agenda
      .filter((i) => !i.removed)
      .map((i) => ({
        id: i.id,
        seq: i.seq,
        kind: i.kind,
        title: i.title,
        titleEn: i.titleEn,
        detail: i.detail ?? '',
        detailEn: i.detailEn ?? null,
        leadUnitId: i.leadUnitId,
        presenter: i.presenter,
        minutes: i.minutes,
        notes: i.notes ?? '',
        sources: i.sources ?? {},
      })),
    decisions: d.decisions.map((x) => ({
      id: x.id,
      seq: x.seq,
      agendaItemId: x.agendaItemId,
      text: x.text,
      leadUnitId: x.leadUnitId,
      supportingUnitIds: x.supportingUnitIds ?? [],
      deadline: x.deadline,
      taskId: x.taskId,
      task: x.task
        ? {
            id: x.task.id,
            code: x.task.code,
            title: x.task.title,
            titleEn: x.task.titleEn,
            status: x.task.status,
            deadline: x.task.deadline,
          }
        : null,
    })),
  };
}
