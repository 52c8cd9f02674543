// The mail of a consultation meeting: the invitation to each attending unit and invited person (the agenda, an .ics
// and the notice as Word), an update when the time or place changes and a cancellation, both only once invitations
// went out; after the meeting the minutes to the attending units and the leads, and to each unit the meeting gave
// something its own reminder letter (工作提醒函). Every message is written to the outbox in the transaction of the
// change it reports, under a key that makes writing it twice a no-op.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, InvalidFieldError } from '../common/errors';
import { DOCX_CONTENT_TYPE } from '../documents/docx';
import type { OutboxAttachment } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { TemplateRenderer } from '../mail/template-renderer';
import { RecipientsService, type Locale } from '../units/recipients.service';
import { UsersRepository } from '../users/users.repository';
import { meetingTimeLabel, reminderLetterView } from './documents/document-view';
import type { MeetingDoc } from './documents/meeting-doc';
import { MeetingDocumentsService } from './documents/meeting-documents.service';
import { icsContentType } from './documents/meeting-ics';
import { requireOrganiser } from './meeting-policy';
import type { Meeting } from './meeting.entity';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService, type MeetingChange } from './meetings.service';

/** Someone a meeting's mail goes to: a unit (mailbox and liaisons) or an invited person. */
interface Invitee {
  recipientKey: string;
  to: string[];
  locale: Locale;
  name: string;
}

export interface InvitationResult {
  meetingId: number;
  sequence: number;
  invitationsSentAt: Date;
  /** Messages written now; a recipient already invited at this sequence is not written again. */
  messages: number;
  recipients: string[];
  /** Attending units with neither a mailbox nor an active liaison. */
  unitsWithoutAddress: number[];
}

export interface MinutesResult {
  meetingId: number;
  minutesSentAt: Date;
  messages: number;
  /** Who the minutes went to. */
  recipients: string[];
  /** One reminder letter per unit the meeting gave something, with the decisions it lists. */
  reminderLetters: { unitId: number; decisionIds: number[] }[];
  unitsWithoutAddress: number[];
}

type MailKind = 'meeting.invitation' | 'meeting.update' | 'meeting.cancelled';

const TEMPLATE: Record<MailKind, string> = {
  'meeting.invitation': 'meeting-invitation',
  'meeting.update': 'meeting-update',
  'meeting.cancelled': 'meeting-cancelled',
};

const asLocale = (l: string | null | undefined): Locale => (l === 'en' ? 'en' : 'zh-CN');

@Injectable()
export class MeetingMailService implements OnModuleInit {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repository: MeetingsRepository,
    private readonly meetings: MeetingsService,
    private readonly documents: MeetingDocumentsService,
    private readonly outbox: OutboxService,
    private readonly renderer: TemplateRenderer,
    private readonly recipients: RecipientsService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly users: UsersRepository,
  ) {}

  onModuleInit(): void {
    this.meetings.onChange((meeting, change) => this.onChange(meeting, change));
  }

  // --- invitations, updates, cancellations ---

  /** Sends the agenda with an .ics to every attending unit and invited person; the meeting must lie ahead. */
  async sendInvitations(actor: Actor, id: number): Promise<InvitationResult> {
    requireOrganiser(actor);
    const result = await this.txHost.withTransaction(async () => {
      const doc = await this.documents.load(id);
      const m = doc.meeting;
      if (m.status === 'cancelled') {
        throw new ConflictError(
          `Meeting ${id} is cancelled; no invitation can be sent for it`,
          `会议 ${id} 已取消，不能发送会议通知`,
          'meeting_cancelled',
        );
      }
      if (m.status === 'held') {
        throw new ConflictError(
          `Meeting ${id} was held; invitations are sent before a meeting`,
          `会议 ${id} 已召开，会议通知应在会前发送`,
          'meeting_held',
        );
      }
      const now = this.clock.now();
      if (m.startsAt.getTime() <= now.getTime()) {
        const tz = this.documents.timeZone;
        throw new InvalidFieldError(
          'startsAt',
          `the meeting starts at ${m.startsAt.toISOString()}, which is in the past; invitations are sent for a ` +
            'meeting ahead (move the meeting first)',
          `会议时间（${meetingTimeLabel(m.startsAt, m.endsAt, 'zh-CN', tz)}）已过，不能为已过去的会议发送会议通知，` +
            '请先调整会议时间',
          'in_past',
        );
      }
      const sent = await this.write(doc, 'meeting.invitation');
      await this.repository.update(id, { invitationsSentAt: now });
      await this.audit.record(actor, 'meeting', id, 'invite', [
        { field: 'invitationsSentAt', from: m.invitationsSentAt, to: now },
      ]);
      return {
        meetingId: id,
        sequence: m.sequence,
        invitationsSentAt: now,
        messages: sent.created,
        recipients: sent.recipients,
        unitsWithoutAddress: sent.withoutAddress,
      };
    });
    this.outbox.kick();
    return result;
  }

  /**
   * Hears of a change of time or place, or of a cancellation, inside its transaction: once invitations went out,
   * every invitee gets the update (a new .ics with the higher SEQUENCE) or the cancellation (METHOD:CANCEL).
   */
  async onChange(meeting: Meeting, change: MeetingChange): Promise<void> {
    if (!meeting.invitationsSentAt) return;
    const doc = await this.documents.load(meeting.id);
    const kind: MailKind = change === 'cancelled' ? 'meeting.cancelled' : 'meeting.update';
    // The listener runs before the change commits; the sender's pass waits for it or finds the mail on its next poll.
    const sent = await this.write(doc, kind);
    if (sent.created) this.outbox.kick();
  }

  /** The attending units (mailbox and liaisons, in the unit's language) and the invited people not reached so. */
  private async invitees(doc: MeetingDoc): Promise<{ list: Invitee[]; withoutAddress: number[] }> {
    const list: Invitee[] = [];
    const withoutAddress: number[] = [];
    const reached = new Set<string>();
    const units = await this.recipients.forUnits(doc.units.map((u) => u.id));
    for (const unit of doc.units) {
      const r = units.get(unit.id);
      if (!r || !r.to.length) {
        withoutAddress.push(unit.id);
        continue;
      }
      r.to.forEach((a) => reached.add(a.toLowerCase()));
      const name = r.locale === 'en' ? (unit.nameEn ?? unit.name) : unit.name;
      list.push({ recipientKey: `unit:${unit.id}`, to: r.to, locale: r.locale, name });
    }
    const userIds = doc.attendees.map((a) => a.userId).filter((x): x is number => x !== null);
    const users = await this.users.localesOf(userIds);
    const userLocale = new Map(users.map((u) => [u.id, asLocale(u.locale)]));
    for (const a of doc.attendees) {
      if (!a.email || reached.has(a.email.toLowerCase())) continue;
      reached.add(a.email.toLowerCase());
      const unitLocale = a.unitId !== null ? units.get(a.unitId)?.locale : undefined;
      const locale = (a.userId !== null ? userLocale.get(a.userId) : undefined) ?? unitLocale ?? 'zh-CN';
      list.push({ recipientKey: `attendee:${a.id}`, to: [a.email], locale, name: a.name });
    }
    return { list, withoutAddress };
  }

  private async write(doc: MeetingDoc, kind: MailKind) {
    const { list, withoutAddress } = await this.invitees(doc);
    const attachments = new Map<Locale, OutboxAttachment[]>();
    const attachmentsFor = async (locale: Locale): Promise<OutboxAttachment[]> => {
      let a = attachments.get(locale);
      if (!a) {
        const ics = this.documents.ics(doc, locale);
        a = [{ filename: ics.filename, contentType: icsContentType(doc), content: ics.content.toString('base64') }];
        if (kind !== 'meeting.cancelled') {
          const docx = await this.documents.agendaDocx(doc, locale);
          a.push({
            filename: this.documents.fileName(doc, 'agenda', locale, 'docx'),
            contentType: DOCX_CONTENT_TYPE,
            content: docx.toString('base64'),
          });
        }
        attachments.set(locale, a);
      }
      return a;
    };
    const m = doc.meeting;
    let created = 0;
    const recipients: string[] = [];
    for (const invitee of list) {
      const view = this.documents.agendaView(doc, invitee.locale);
      const mail = this.renderer.render(TEMPLATE[kind], invitee.locale, {
        ...view,
        unitIdList: view.unitIds.join(','),
        recipientName: invitee.name,
      });
      const key =
        kind === 'meeting.cancelled'
          ? `meeting.cancelled:${m.id}:${invitee.recipientKey}`
          : `${kind}:${m.id}:${m.sequence}:${invitee.recipientKey}`;
      const out = await this.outbox.enqueue({
        key,
        kind,
        recipientKey: invitee.recipientKey,
        to: invitee.to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        attachments: await attachmentsFor(invitee.locale),
      });
      recipients.push(invitee.recipientKey);
      if (out.created) created++;
    }
    return { created, recipients, withoutAddress };
  }

  // --- minutes and reminder letters ---

  /**
   * Sends the minutes of a held meeting to the attending units and the leads, and to each unit the meeting gave
   * something (as lead or supporting unit of a decision) its reminder letter. Once only.
   */
  async sendMinutes(actor: Actor, id: number): Promise<MinutesResult> {
    requireOrganiser(actor);
    const result = await this.txHost.withTransaction(async () => {
      const doc = await this.documents.load(id);
      const m = doc.meeting;
      if (m.status !== 'held') {
        throw new ConflictError(
          `Meeting ${id} is ${m.status}; minutes are sent for a meeting that was held (mark it held first)`,
          `会议 ${id} 的状态为“${m.status === 'cancelled' ? '已取消' : '未召开'}”，会议纪要只能在会议召开后印发`,
          'meeting_not_held',
        );
      }
      if (m.minutesSentAt) {
        throw new ConflictError(
          `The minutes of meeting ${id} were sent on ${m.minutesSentAt.toISOString()}; they are sent once`,
          `会议 ${id} 的会议纪要已于 ${m.minutesSentAt.toISOString()} 印发，不能重复印发`,
          'minutes_sent',
        );
      }
      const now = this.clock.now();
      const marked = await this.repository.markMinutesSent(id, now);
      if (!marked) {
        throw new ConflictError(
          `The minutes of meeting ${id} were sent meanwhile`,
          `会议 ${id} 的会议纪要已由他人印发`,
          'minutes_sent',
        );
      }

      const out = { created: 0, recipients: [] as string[], withoutAddress: [] as number[] };
      const enqueue = async (msg: Parameters<OutboxService['enqueue']>[0], listed = true) => {
        const r = await this.outbox.enqueue(msg);
        if (listed) out.recipients.push(msg.recipientKey);
        if (r.created) out.created++;
      };

      // The minutes, with the minutes as Word in the reader's language.
      const minutesDocx = new Map<Locale, OutboxAttachment>();
      const minutesAttachment = async (locale: Locale): Promise<OutboxAttachment> => {
        let a = minutesDocx.get(locale);
        if (!a) {
          a = {
            filename: this.documents.fileName(doc, 'minutes', locale, 'docx'),
            contentType: DOCX_CONTENT_TYPE,
            content: (await this.documents.minutesDocx(doc, locale)).toString('base64'),
          };
          minutesDocx.set(locale, a);
        }
        return a;
      };
      const minutesMail = async (recipientKey: string, to: string[], locale: Locale, name: string) => {
        const view = this.documents.minutesView(doc, locale);
        const mail = this.renderer.render('meeting-minutes', locale, { ...view, recipientName: name });
        await enqueue({
          key: `meeting.minutes:${id}:${recipientKey}`,
          kind: 'meeting.minutes',
          recipientKey,
          to,
          subject: mail.subject,
          html: mail.html,
          text: mail.text,
          attachments: [await minutesAttachment(locale)],
        });
      };
      const attending = await this.recipients.forUnits(doc.units.map((u) => u.id));
      const reached = new Set<string>();
      for (const unit of doc.units) {
        const r = attending.get(unit.id);
        if (!r || !r.to.length) {
          out.withoutAddress.push(unit.id);
          continue;
        }
        r.to.forEach((a) => reached.add(a.toLowerCase()));
        await minutesMail(
          `unit:${unit.id}`,
          r.to,
          r.locale,
          r.locale === 'en' ? (unit.nameEn ?? unit.name) : unit.name,
        );
      }
      for (const lead of await this.recipients.audience('leads')) {
        if (reached.has(lead.email.toLowerCase())) continue;
        await minutesMail(`user:${lead.userId}`, [lead.email], lead.locale, lead.displayName);
      }

      // Each unit's reminder letter: what it leads and what it supports, to every unit given something.
      const given = new Set<number>();
      for (const d of doc.decisions) {
        if (d.leadUnitId !== null) given.add(d.leadUnitId);
        d.supportingUnitIds.forEach((u) => given.add(u));
      }
      const letterUnits = await this.recipients.forUnits([...given]);
      const reminderLetters: MinutesResult['reminderLetters'] = [];
      for (const unitId of [...given].sort((a, b) => a - b)) {
        const r = letterUnits.get(unitId);
        if (!r || !r.to.length) {
          if (!out.withoutAddress.includes(unitId)) out.withoutAddress.push(unitId);
          continue;
        }
        const view = reminderLetterView(doc, unitId, r.locale, this.documents.viewOptions());
        const letter = await this.documents.reminderLetter(doc, unitId, r.locale);
        if (!view || !letter) continue;
        const mail = this.renderer.render('reminder-letter', r.locale, view);
        await enqueue(
          {
            key: `reminder.letter:${id}:unit:${unitId}`,
            kind: 'reminder.letter',
            recipientKey: `unit:${unitId}`,
            to: r.to,
            subject: mail.subject,
            html: mail.html,
            text: mail.text,
            attachments: [
              {
                filename: letter.filename,
                contentType: letter.contentType,
                content: letter.content.toString('base64'),
              },
            ],
          },
          false,
        );
        reminderLetters.push({ unitId, decisionIds: view.decisionIds });
      }

      await this.audit.record(actor, 'meeting', id, 'send_minutes', [{ field: 'minutesSentAt', from: null, to: now }]);
      return {
        meetingId: id,
        minutesSentAt: now,
        messages: out.created,
        recipients: out.recipients,
        reminderLetters,
        unitsWithoutAddress: out.withoutAddress,
      };
    });
    this.outbox.kick();
    return result;
  }
}
