import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { attachmentDisposition, DOCX_CONTENT_TYPE } from '../documents/docx';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { BulletinLangDto, BulletinQueryDto, CreateBulletinDto } from './bulletin.dto';
import { BulletinsService } from './bulletins.service';

@ApiTags('bulletins')
@ApiBearerAuth()
@Controller('bulletins')
export class BulletinsController {
  constructor(private readonly bulletins: BulletinsService) {}

  /** Bulletins without their snapshots, newest first; drafts are listed to the leads and the secretariat only. */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: BulletinQueryDto) {
    return this.bulletins.list(actor, q);
  }

  /** Generates a draft for a period, numbered after the plan's last bulletin. */
  @Roles('secretariat', 'lead')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBulletinDto) {
    return this.bulletins.create(actor, dto);
  }

  /** The bulletin with its frozen snapshot: every figure with the ids of the rows it came from. */
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.bulletins.get(actor, id);
  }

  /** The HTML email, as a reader in the given language receives it. */
  @ApiProduces('text/html')
  @Get(':id/preview')
  async preview(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: BulletinLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const html = await this.bulletins.preview(actor, id, q.lang ?? 'zh-CN');
    void reply.header('content-type', 'text/html; charset=utf-8');
    return html;
  }

  /** The bulletin as a Word document. */
  @ApiProduces(DOCX_CONTENT_TYPE)
  @Get(':id/document.docx')
  async document(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: BulletinLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const doc = await this.bulletins.document(actor, id, q.lang ?? 'zh-CN');
    void reply.header('content-type', DOCX_CONTENT_TYPE);
    void reply.header('content-disposition', attachmentDisposition(doc.filename, doc.asciiFilename));
    return doc.content;
  }

  /** The bulletin as PDF, made from the same Word document (406 naming the Debian package without LibreOffice). */
  @ApiProduces(PDF_CONTENT_TYPE)
  @Get(':id/document.pdf')
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: BulletinLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const doc = await this.bulletins.document(actor, id, q.lang ?? 'zh-CN', 'pdf');
    void reply.header('content-type', PDF_CONTENT_TYPE);
    void reply.header('content-disposition', attachmentDisposition(doc.filename, doc.asciiFilename));
    return doc.content;
  }

  /** Builds a draft's snapshot again from today's data; a sent bulletin never changes. */
  @Roles('secretariat', 'lead')
  @Post(':id/regenerate')
  @HttpCode(200)
  regenerate(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.bulletins.regenerate(actor, id);
  }

  @Roles('secretariat', 'lead')
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<void> {
    await this.bulletins.remove(actor, id);
  }

  /** Sends the bulletin to the leads, the secretariat and every member unit; it is frozen from then on. */
  @Roles('secretariat', 'lead')
  @Post(':id/send')
  @HttpCode(200)
  send(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.bulletins.send(actor, id);
  }
}
