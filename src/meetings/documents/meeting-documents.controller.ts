// The documents of a meeting (agenda, minutes, invitation) for whoever may read it, and the sending of its mail.
import { Can } from '../../access';
import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../../auth/actor';
import { CurrentActor } from '../../auth/auth.decorators';
import { IdPipe } from '../../common/id.pipe';
import { NotFoundError } from '../../common/errors';
import { attachmentDisposition, DOCX_CONTENT_TYPE } from '../../documents/docx';
import { PDF_CONTENT_TYPE } from '../../documents/pdf';
import type { Locale } from '../../units/recipients.service';
import { MeetingMailService } from '../meeting-mail.service';
import type { DocumentKind } from './document-view';
import { DocumentLangDto, ReminderLetterQueryDto } from './meeting-documents.dto';
import { ICS_CONTENT_TYPE } from './meeting-ics';
import { MeetingDocumentsService, type DocumentFormat, type RenderedDocument } from './meeting-documents.service';
import { ApiErrors, ApiFile } from '../../common/responses';
import { InvitationsResponseDto, MinutesSentResponseDto } from '../meeting-response.dto';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
@ApiErrors(400, 401, 403, 404, 406, 409)
export class MeetingDocumentsController {
  constructor(
    private readonly documents: MeetingDocumentsService,
    private readonly mail: MeetingMailService,
  ) {}

  private async document(
    actor: Actor,
    id: number,
    kind: DocumentKind,
    format: DocumentFormat,
    lang: Locale | undefined,
    reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.documents.readable(actor, id);
    return this.send(reply, await this.documents.render(doc, kind, format, lang ?? 'zh-CN'));
  }

  private send(reply: FastifyReply, file: RenderedDocument): Buffer {
    void reply.header('content-type', file.contentType);
    void reply.header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename));
    return file.content;
  }

  /** The agenda as a meeting notice (会议通知), in Markdown. */
  @ApiFile('text/markdown', 'the meeting notice in Markdown')
  @Get(':id/agenda.md')
  agendaMarkdown(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.document(actor, id, 'agenda', 'md', q.lang, reply);
  }

  /** The agenda as a meeting notice, as a web page. */
  @ApiFile('text/html', 'the meeting notice as a web page')
  @Get(':id/agenda.html')
  agendaHtml(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.document(actor, id, 'agenda', 'html', q.lang, reply);
  }

  /** The agenda as a Word document laid out as a meeting notice. */
  @ApiFile(DOCX_CONTENT_TYPE, 'the meeting notice (.docx)')
  @Get(':id/agenda.docx')
  agendaDocx(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.document(actor, id, 'agenda', 'docx', q.lang, reply);
  }

  /** The agenda as a PDF meeting notice, made from the Word document (406 naming the package without LibreOffice). */
  @ApiFile(PDF_CONTENT_TYPE, 'the meeting notice with its agenda as PDF')
  @Get(':id/agenda.pdf')
  agendaPdf(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.document(actor, id, 'agenda', 'pdf', q.lang, reply);
  }

  /** The minutes (会议纪要), in Markdown. */
  @ApiFile('text/markdown', 'the minutes in Markdown')
  @Get(':id/minutes.md')
  minutesMarkdown(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.document(actor, id, 'minutes', 'md', q.lang, reply);
  }

  /** The minutes, as a web page. */
  @ApiFile('text/html', 'the minutes as a web page')
  @Get(':id/minutes.html')
  minutesHtml(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.document(actor, id, 'minutes', 'html', q.lang, reply);
  }

  /** The minutes as a Word document. */
  @ApiFile(DOCX_CONTENT_TYPE, 'the minutes (.docx)')
  @Get(':id/minutes.docx')
  minutesDocx(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.document(actor, id, 'minutes', 'docx', q.lang, reply);
  }

  /** The minutes as PDF. */
  @ApiFile(PDF_CONTENT_TYPE, 'the minutes as PDF')
  @Get(':id/minutes.pdf')
  minutesPdf(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.document(actor, id, 'minutes', 'pdf', q.lang, reply);
  }

  /** A unit's reminder letter (工作提醒函) as Word; 404 when the meeting gave the unit nothing. */
  @ApiFile(DOCX_CONTENT_TYPE, "the unit's reminder letter (.docx)")
  @Get(':id/reminder-letter.docx')
  reminderLetterDocx(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: ReminderLetterQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.letter(actor, id, q, 'docx', reply);
  }

  /** A unit's reminder letter as PDF. */
  @ApiFile(PDF_CONTENT_TYPE, "the unit's reminder letter as PDF")
  @Get(':id/reminder-letter.pdf')
  reminderLetterPdf(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: ReminderLetterQueryDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return this.letter(actor, id, q, 'pdf', reply);
  }

  private async letter(
    actor: Actor,
    id: number,
    q: ReminderLetterQueryDto,
    format: 'docx' | 'pdf',
    reply: FastifyReply,
  ): Promise<Buffer> {
    const doc = await this.documents.readable(actor, id);
    const file = await this.documents.reminderLetter(doc, q.unitId, q.lang ?? 'zh-CN', format);
    if (!file) throw new NotFoundError('Reminder letter for unit', q.unitId, '该单位的工作提醒函');
    return this.send(reply, file);
  }

  /** The iCalendar invitation (METHOD:REQUEST), or the cancellation (METHOD:CANCEL) of a cancelled meeting. */
  @ApiFile(ICS_CONTENT_TYPE.split(';')[0], 'the iCalendar invitation (.ics)')
  @Get(':id/invitation.ics')
  async invitation(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DocumentLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const doc = await this.documents.readable(actor, id);
    return this.send(reply, this.documents.ics(doc, q.lang ?? 'zh-CN'));
  }

  /** Sends the agenda with the .ics to every attending unit and invited person; the meeting must lie ahead. */
  @Can('meeting.manage')
  @ApiOkResponse({ type: InvitationsResponseDto })
  @Post(':id/invitations')
  @HttpCode(200)
  invite(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.mail.sendInvitations(actor, id);
  }

  /** Sends the minutes of a held meeting and each unit's reminder letter (工作提醒函); once only. */
  @Can('meeting.manage')
  @ApiOkResponse({ type: MinutesSentResponseDto })
  @Post(':id/minutes/send')
  @HttpCode(200)
  sendMinutes(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.mail.sendMinutes(actor, id);
  }
}
