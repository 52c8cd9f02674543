// The supervision notice (督办单) of a graded task, as Word or PDF; issued by the secretariat or a lead.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { Can } from '../access';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrors, ApiFile } from '../common/responses';
import { IdPipe } from '../common/id.pipe';
import { attachmentDisposition, DOCX_CONTENT_TYPE } from '../documents/docx';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { SupervisionNoticeService, type SupervisionFile } from './supervision-notice.service';

const LANGS = ['zh-CN', 'en'] as const;

export class SupervisionLangDto {
  @ApiPropertyOptional({ enum: LANGS, default: 'zh-CN' })
  @IsOptional()
  @IsIn(LANGS)
  lang?: (typeof LANGS)[number];
}

function send(reply: FastifyReply, file: SupervisionFile): Buffer {
  void reply.header('content-type', file.contentType);
  void reply.header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename));
  return file.content;
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
@ApiErrors(400, 401, 403, 404, 406, 409)
export class SupervisionNoticeController {
  constructor(private readonly notices: SupervisionNoticeService) {}

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
    return send(reply, await this.notices.render(actor, id, q.lang ?? 'zh-CN', 'docx'));
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
    return send(reply, await this.notices.render(actor, id, q.lang ?? 'zh-CN', 'pdf'));
  }
}
