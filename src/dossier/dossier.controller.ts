// The task's dossier (一事一档): GET /api/tasks/:id/dossier.docx, .pdf and .zip, for whoever may read the task.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiErrors, ApiFile } from '../common/responses';
import { attachmentDisposition, DOCX_CONTENT_TYPE } from '../documents/docx';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { DossierService, type DossierDownload } from './dossier.service';

const LANGS = ['zh-CN', 'en'] as const;

export class DossierLangDto {
  @ApiPropertyOptional({ enum: LANGS, default: 'zh-CN' })
  @IsOptional()
  @IsIn(LANGS)
  lang?: (typeof LANGS)[number];
}

function send(reply: FastifyReply, file: DossierDownload): Buffer {
  void reply.header('content-type', file.contentType);
  void reply.header('content-disposition', attachmentDisposition(file.filename, file.asciiFilename));
  void reply.header('x-content-type-options', 'nosniff');
  return file.content;
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
@ApiErrors(400, 401, 403, 404, 406)
export class DossierController {
  constructor(private readonly dossier: DossierService) {}

  /** The task's whole history in one Word document (任务档案). */
  @ApiFile(DOCX_CONTENT_TYPE, 'the dossier (.docx)')
  @Get(':id/dossier.docx')
  async docx(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DossierLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return send(reply, await this.dossier.docx(actor, id, q.lang ?? 'zh-CN'));
  }

  /** The same as PDF (406 naming the Debian package when LibreOffice is missing). */
  @ApiFile(PDF_CONTENT_TYPE, 'the dossier (.pdf)')
  @Get(':id/dossier.pdf')
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DossierLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return send(reply, await this.dossier.pdf(actor, id, q.lang ?? 'zh-CN'));
  }

  /** The document with every attachment of the record, byte for byte, and a list of the files with their SHA-256. */
  @ApiFile('application/zip', 'the dossier with its attachments (.zip)')
  @Get(':id/dossier.zip')
  async zip(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: DossierLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return send(reply, await this.dossier.zip(actor, id, q.lang ?? 'zh-CN'));
  }
}
