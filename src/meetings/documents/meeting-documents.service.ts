// The documents of a consultation meeting: its agenda and minutes as Markdown, HTML and Word, and its iCalendar
// invitation. Reads the meeting through its detail, in the caller's transaction when there is one, so the mail
// written during a change reads the change.
import { Inject, Injectable } from '@nestjs/common';
import { SYSTEM_ACTOR, type Actor } from '../../auth/actor';
import { WorkingDaysService } from '../../calendar/working-days.service';
import { ClockService } from '../../common/clock.service';
import { InvalidFieldError } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/config';
import { DOCX_CONTENT_TYPE } from '../../documents/docx';
import { PaperService } from '../../documents/paper.service';
import { PDF_CONTENT_TYPE } from '../../documents/pdf';
import type { Locale } from '../../units/recipients.service';
import { UnitsRepository } from '../../units/units.repository';
import { MeetingsService } from '../meetings.service';
import { DocumentTemplates } from './document-templates';
import { meetingDocFromDetail, type MeetingDoc } from './meeting-doc';
import { agendaDocument, minutesDocument, reminderLetterDocument } from './meeting-docx';
import { ICS_CONTENT_TYPE, meetingIcs } from './meeting-ics';
import {
  agendaView,
  asciiFileName,
  documentFileName,
  minutesView,
  reminderLetterView,
  type AgendaView,
  type DocumentKind,
  type MinutesView,
  type ViewOptions,
} from './document-view';

export const DOCUMENT_FORMATS = ['md', 'html', 'docx', 'pdf'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

export interface RenderedDocument {
  content: Buffer;
  contentType: string;
  filename: string;
  asciiFilename: string;
}

const CONTENT_TYPES: Record<DocumentFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  html: 'text/html; charset=utf-8',
  docx: DOCX_CONTENT_TYPE,
  pdf: PDF_CONTENT_TYPE,
};

@Injectable()
export class MeetingDocumentsService {
  constructor(
    private readonly units: UnitsRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
    private readonly templates: DocumentTemplates,
    private readonly meetings: MeetingsService,
    private readonly paper: PaperService,
    private readonly workingDays: WorkingDaysService,
  ) {}

  get timeZone(): string {
    return this.config.clock.timeZone;
  }

  viewOptions(): ViewOptions {
    return {
      timeZone: this.timeZone,
      issuedOn: this.clock.today(),
      paper: this.paper.settings,
      missingYears: (dates) => this.workingDays.missingYears(dates),
    };
  }

  /** The meeting as the documents read it, for someone who may read the meeting (404 or 403 otherwise). */
  readable(actor: Actor, id: number): Promise<MeetingDoc> {
    return this.load(id, actor);
  }

  /**
   * The meeting as the documents read it, in the transaction in progress if there is one: the mail written with a
   * change reads the change. The command line and the mail read it as the system.
   */
  async load(id: number, actor: Actor = SYSTEM_ACTOR): Promise<MeetingDoc> {
    const detail = await this.meetings.detail(actor, id);
    const mailboxes = await this.units.mailboxesOf(detail.units.map((u) => u.id));
    return meetingDocFromDetail(detail, new Map(mailboxes.map((u) => [u.id, u.mailbox])));
  }

  agendaView(doc: MeetingDoc, locale: Locale): AgendaView {
    return agendaView(doc, locale, this.viewOptions());
  }

  minutesView(doc: MeetingDoc, locale: Locale): MinutesView {
    return minutesView(doc, locale, this.viewOptions());
  }

  /** 会商会议议程-2023-09-28.docx and the like. */
  fileName(doc: MeetingDoc, kind: DocumentKind, locale: Locale, ext: string): string {
    return documentFileName(doc, kind, locale, ext, this.timeZone);
  }

  /** The meeting notice as Word, under its number (天水5G专班〔2023〕3号), given the first time it is written. */
  async agendaDocx(doc: MeetingDoc, locale: Locale): Promise<Buffer> {
    const number = await this.paper.number('notice', `meeting:${doc.meeting.id}`);
    return agendaDocument(this.agendaView(doc, locale), { number: number.label });
  }

  /** The minutes as Word, numbered 第N期 the first time they are written. */
  async minutesDocx(doc: MeetingDoc, locale: Locale): Promise<Buffer> {
    const number = await this.paper.number('minutes', `meeting:${doc.meeting.id}`);
    return minutesDocument(this.minutesView(doc, locale), { number: number.label });
  }

  /** The agenda or the minutes as Markdown, HTML, Word or PDF. */
  async render(doc: MeetingDoc, kind: DocumentKind, format: DocumentFormat, locale: Locale): Promise<RenderedDocument> {
    let content: Buffer;
    if (format === 'docx' || format === 'pdf') {
      const docx = kind === 'agenda' ? await this.agendaDocx(doc, locale) : await this.minutesDocx(doc, locale);
      content = format === 'pdf' ? await this.paper.pdf(docx) : docx;
    } else {
      const view = kind === 'agenda' ? this.agendaView(doc, locale) : this.minutesView(doc, locale);
      content = Buffer.from(this.templates.render(kind, locale, format, view), 'utf8');
    }
    return {
      content,
      contentType: CONTENT_TYPES[format],
      filename: documentFileName(doc, kind, locale, format, this.timeZone),
      asciiFilename: asciiFileName(doc, kind, locale, format, this.timeZone),
    };
  }

  /** The iCalendar invitation (a cancellation for a cancelled meeting). */
  ics(doc: MeetingDoc, locale: Locale): RenderedDocument {
    const text = meetingIcs(doc, this.agendaView(doc, locale), {
      timeZone: this.timeZone,
      organizer: this.config.mail.from,
      stamp: this.clock.now(),
    });
    return {
      content: Buffer.from(text, 'utf8'),
      contentType: ICS_CONTENT_TYPE,
      filename: documentFileName(doc, 'invitation', locale, 'ics', this.timeZone),
      asciiFilename: asciiFileName(doc, 'invitation', locale, 'ics', this.timeZone),
    };
  }

  /** A unit's reminder letter as Word (or PDF), numbered once per unit, or null when the meeting gave it nothing. */
  async reminderLetter(
    doc: MeetingDoc,
    unitId: number,
    locale: Locale,
    format: 'docx' | 'pdf' = 'docx',
  ): Promise<RenderedDocument | null> {
    const view = reminderLetterView(doc, unitId, locale, this.viewOptions());
    if (!view) return null;
    const number = await this.paper.number('letter', `meeting:${doc.meeting.id}:unit:${unitId}`);
    const docx = await reminderLetterDocument(view, { number: number.label });
    return {
      content: format === 'pdf' ? await this.paper.pdf(docx) : docx,
      contentType: format === 'pdf' ? PDF_CONTENT_TYPE : DOCX_CONTENT_TYPE,
      filename: documentFileName(doc, 'reminder-letter', locale, format, this.timeZone, doc.unitsById.get(unitId)),
      asciiFilename: `meeting-${doc.meeting.id}-reminder-letter-${unitId}.${format}`,
    };
  }

  /** Refuses a kind/format pair that does not exist, naming the field. */
  static checkFormat(kind: string, format: string, field = 'format'): void {
    if (format === 'ics' && kind !== 'agenda') {
      throw new InvalidFieldError(
        field,
        'the invitation (.ics) is made from the agenda; use kind agenda',
        '邀请（.ics）由议程生成，请使用 agenda',
      );
    }
  }
}
