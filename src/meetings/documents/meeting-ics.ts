// The meeting as an iCalendar invitation (.ics): one VEVENT whose start and end are written at the wall-clock time
// of the task force's zone with TZID and a VTIMEZONE, a UID that stays the same for the meeting and a SEQUENCE
// that grows with each change of time or place, so calendars update the event rather than add another.
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalAttendeeRole, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { MeetingDoc } from './meeting-doc';
import type { AgendaView } from './document-view';

export const ICS_CONTENT_TYPE = 'text/calendar; charset=utf-8';

export interface IcsOptions {
  timeZone: string;
  /** The organizer, as mail.from is written: `天水市5G专班办公室 <zhuanban@tianshui.example.cn>` or an address. */
  organizer: string;
  /** When the file is made (DTSTAMP). */
  stamp: Date;
}

/** The UID of a meeting's event: the same for every version of the invitation. */
export function meetingUid(meetingId: number): string {
  return `meeting-${meetingId}@zhuanban`;
}

/** REQUEST for a meeting that takes place; CANCEL, with STATUS:CANCELLED, for a cancelled one. */
export function icsMethod(doc: MeetingDoc): 'REQUEST' | 'CANCEL' {
  return doc.meeting.status === 'cancelled' ? 'CANCEL' : 'REQUEST';
}

/** The content type of the .ics part of a mail, with its method as calendar clients expect. */
export function icsContentType(doc: MeetingDoc): string {
  return `text/calendar; charset=utf-8; method=${icsMethod(doc)}`;
}

export function parseAddress(address: string): { name: string | null; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(address);
  if (m) return { name: m[1].trim() || null, email: m[2].trim() };
  return { name: null, email: address.trim() };
}

/** The numbered agenda, as the event's description. */
export function icsDescription(v: AgendaView): string {
  const en = v.locale === 'en';
  const lines: string[] = [];
  if (v.cancelled) lines.push(en ? 'This meeting is cancelled.' : '本次会议已取消。', '');
  lines.push(`${v.heading}`, '');
  lines.push(`${en ? 'Time: ' : '时间：'}${v.timeLabel}`);
  if (v.place) lines.push(`${en ? 'Place: ' : '地点：'}${v.place}`);
  if (v.onlineLink) lines.push(`${en ? 'Online: ' : '线上链接：'}${v.onlineLink}`);
  if (v.convenerLabel) lines.push(`${en ? 'Convener: ' : '召集人：'}${v.convenerLabel}`);
  lines.push('', en ? 'Agenda:' : '会议议程：');
  if (!v.items.length) lines.push(en ? 'To be settled.' : '议程待定。');
  for (const item of v.items) {
    lines.push(`${item.number}. ${item.title}`, `   ${item.noteLine}`);
  }
  lines.push('', v.office);
  return lines.join('\n');
}

/** The invitation, or the cancellation of a cancelled meeting, in the view's language. */
export function meetingIcs(doc: MeetingDoc, v: AgendaView, opts: IcsOptions): string {
  const method = icsMethod(doc);
  const calendar = ical({
    prodId: { company: 'zhuanban', product: 'meetings', language: v.locale === 'en' ? 'EN' : 'ZH' },
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // No calendar-wide zone: DTSTAMP stays in UTC; the event's zone brings its VTIMEZONE.
    timezone: { name: null, generator: getVtimezoneComponent },
  });
  const organizer = parseAddress(opts.organizer);
  const attendees = new Map<string, { email: string; name: string }>();
  const add = (email: string | null, name: string) => {
    if (email && !attendees.has(email.toLowerCase())) attendees.set(email.toLowerCase(), { email, name });
  };
  for (const a of doc.attendees) add(a.email, a.name);
  for (const u of doc.units) add(u.mailbox, v.units.find((x) => x.id === u.id)?.name ?? u.name);

  calendar.createEvent({
    id: meetingUid(doc.meeting.id),
    sequence: doc.meeting.sequence,
    stamp: DateTime.fromJSDate(opts.stamp, { zone: 'utc' }),
    start: DateTime.fromJSDate(doc.meeting.startsAt, { zone: opts.timeZone }),
    end: DateTime.fromJSDate(doc.meeting.endsAt, { zone: opts.timeZone }),
    timezone: opts.timeZone,
    summary: v.title,
    location: v.place ?? v.onlineLink ?? null,
    url: v.onlineLink ?? null,
    description: icsDescription(v),
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: organizer.name ?? v.office, email: organizer.email },
    attendees: [...attendees.values()].map((a) => ({
      email: a.email,
      name: a.name,
      role: ICalAttendeeRole.REQ,
      rsvp: method === 'REQUEST',
    })),
  });
  return calendar.toString();
}
