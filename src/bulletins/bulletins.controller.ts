import { Can } from '../access';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { attachmentDisposition, DOCX_CONTENT_TYPE } from '../documents/docx';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { BulletinLangDto, BulletinQueryDto, CreateBulletinDto } from './bulletin.dto';
import { BulletinsService, createdBulletin, shownBulletin } from './bulletins.service';
import { ApiErrors, ApiFile } from '../common/responses';
import {
  BulletinCreatedResponseDto,
  BulletinResponseDto,
  BulletinSendResponseDto,
  BulletinSummaryResponseDto,
} from './bulletin-response.dto';

@ApiTags('bulletins')
@ApiBearerAuth()
@Controller('bulletins')
@ApiErrors(400, 401, 403, 404, 406, 409)
export class BulletinsController {
  constructor(private readonly bulletins: BulletinsService) {}

  /** Bulletins without their snapshots, newest first; drafts are listed to the leads and the secretariat only. */
  @ApiOkResponse({ type: [BulletinSummaryResponseDto] })
  @Get()
  async list(@CurrentActor() actor: Actor, @Query() q: BulletinQueryDto) {
    return (await this.bulletins.list(actor, q)).map((b) => shownBulletin(actor, b));
  }

  /** Generates a draft for a period, numbered after the plan's last bulletin. */
  @Can('bulletin.issue')
  @ApiCreatedResponse({ type: BulletinCreatedResponseDto })
  @Post()
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateBulletinDto) {
    return shownBulletin(actor, createdBulletin(await this.bulletins.create(actor, dto)));
  }

  /** The bulletin with its frozen snapshot: every figure with the ids of the rows it came from. */
  @ApiOkResponse({ type: BulletinResponseDto })
  @Get(':id')
  async get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return shownBulletin(actor, await this.bulletins.get(actor, id));
  }

  /** The HTML email, as a reader in the given language receives it. */
  @ApiFile('text/html', 'the HTML email')
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
  @ApiFile(DOCX_CONTENT_TYPE, 'the Word document (.docx)')
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
  @ApiFile(PDF_CONTENT_TYPE, 'the bulletin as PDF')
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
  @Can('bulletin.issue')
  @ApiOkResponse({ type: BulletinResponseDto })
  @Post(':id/regenerate')
  @HttpCode(200)
  async regenerate(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return shownBulletin(actor, await this.bulletins.regenerate(actor, id));
  }

  @Can('bulletin.issue')
  @ApiNoContentResponse({ description: 'the draft is deleted' })
  @Delete(':id')
  @HttpCode(204)
  async remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<void> {
    await this.bulletins.remove(actor, id);
  }

  /** Sends the bulletin to the leads, the secretariat and every member unit; it is frozen from then on. */
  @Can('bulletin.issue')
  @ApiOkResponse({ type: BulletinSendResponseDto })
  @Post(':id/send')
  @HttpCode(200)
  async send(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    const sent = await this.bulletins.send(actor, id);
    return { ...sent, bulletin: shownBulletin(actor, sent.bulletin) };
  }
}
