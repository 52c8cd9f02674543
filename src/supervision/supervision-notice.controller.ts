// The supervision notice (督办单) of a task as Word or PDF, issued by the secretariat or a lead: the task's latest
// recorded notice when one was issued (its frozen document), else the notice of the task as it stands today.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { Can } from '../access';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrors, ApiFile } from '../common/responses';
import { IdPipe } from '../common/id.pipe';
import { attachmentDisposition, DOCX_CONTENT_TYPE } from '../documents/docx';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { SupervisionLangDto } from './supervision.dto';
import { SupervisionNoticeService, type SupervisionFile } from './supervision-notice.service';
import { SupervisionService } from './supervision.service';

export function sendFile(reply: FastifyReply, file: SupervisionFile): Buffer {
  void reply.header('content-type', file.contentType);
  void reply.header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename));
  return file.content;
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
@ApiErrors(400, 401, 403, 404, 406, 409)
export class SupervisionNoticeController {
  constructor(
    private readonly notices: SupervisionNoticeService,
    private readonly supervision: SupervisionService,
  ) {}

  private async render(actor: Actor, id: number, lang: SupervisionLangDto['lang'], format: 'docx' | 'pdf') {
    const locale = lang ?? 'zh-CN';
    // read access first: the task's reader rules hold for the recorded notice too
    const task = await this.notices.taskOf(actor, id);
    return (
      (await this.supervision.latestDocumentOfTask(task.id, locale, format)) ??
      (await this.notices.render(actor, id, locale, format))
    );
  }

  /** The supervision notice (督办单) of a red, yellow or blue task, numbered 督办〔2023〕5号; 409 for an ungraded task. */
  @Can('supervision.issue')
  @ApiFile(DOCX_CONTENT_TYPE, 'the supervision notice (.docx)')
  @Get(':id/supervision-notice.docx')
  async docx(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: SupervisionLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendFile(reply, await this.render(actor, id, q.lang, 'docx'));
  }

  /** The same notice as PDF (406 naming the Debian package when LibreOffice is missing). */
  @Can('supervision.issue')
  @ApiFile(PDF_CONTENT_TYPE, 'the supervision notice (.pdf)')
  @Get(':id/supervision-notice.pdf')
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: SupervisionLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendFile(reply, await this.render(actor, id, q.lang, 'pdf'));
  }
}
