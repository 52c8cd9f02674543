// The supervision notice (督办单) of a graded task, as Word or PDF; issued by the secretariat or a lead.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
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
export class SupervisionNoticeController {
  constructor(private readonly notices: SupervisionNoticeService) {}

  /** The supervision notice (督办单) of a red, yellow or blue task, numbered 督办〔2023〕5号; 409 for an ungraded task. */
  @Roles('secretariat', 'lead')
  @ApiProduces(DOCX_CONTENT_TYPE)
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
  @Roles('secretariat', 'lead')
  @ApiProduces(PDF_CONTENT_TYPE)
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
