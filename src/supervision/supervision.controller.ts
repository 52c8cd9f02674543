// Supervision notices as records: issued on a graded task, listed, read, downloaded as issued, answered by the
// lead unit's liaison.
import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Can } from '../access';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiErrors, ApiFile } from '../common/responses';
import { DOCX_CONTENT_TYPE } from '../documents/docx';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import { sendFile } from './supervision-notice.controller';
import { SupervisionNoticeResponseDto, SupervisionReplyResponseDto } from './supervision-response.dto';
import { IssueNoticeDto, NoticeQueryDto, ReplyNoticeDto, SupervisionLangDto } from './supervision.dto';
import { SupervisionService } from './supervision.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('tasks')
@ApiErrors(400, 401, 403, 404, 409)
export class TaskSupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  /**
   * Issues a supervision notice for a task graded yellow or red today, mailed to its lead unit with the document;
   * 409 task_not_graded for another task, 409 supervision_notice_open while one of the grade is unanswered.
   */
  @Can('supervision.issue')
  @ApiCreatedResponse({ type: SupervisionNoticeResponseDto })
  @Post(':id/supervision-notices')
  issue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: IssueNoticeDto) {
    return this.supervision.issue(actor, id, dto);
  }

  /** The task's notices the caller may read, newest first. */
  @Can('supervision.read')
  @ApiOkResponse({ type: [SupervisionNoticeResponseDto] })
  @Get(':id/supervision-notices')
  ofTask(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.supervision.list(actor, { taskId: id });
  }
}

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision-notices')
@ApiErrors(400, 401, 403, 404, 406, 409)
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  /** Notices the caller may read (a liaison: those addressed to its unit), newest first. */
  @Can('supervision.read')
  @ApiOkResponse({ type: [SupervisionNoticeResponseDto] })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: NoticeQueryDto) {
    return this.supervision.list(actor, q);
  }

  @Can('supervision.read')
  @ApiOkResponse({ type: SupervisionNoticeResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.supervision.get(actor, id);
  }

  /** The notice's document as issued (its frozen snapshot), as Word. */
  @Can('supervision.read')
  @ApiFile(DOCX_CONTENT_TYPE, 'the supervision notice as issued (.docx)')
  @Get(':id/document.docx')
  async docx(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: SupervisionLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendFile(reply, await this.supervision.document(actor, id, q.lang ?? 'zh-CN', 'docx'));
  }

  /** The same as PDF (406 naming the Debian package when LibreOffice is missing). */
  @Can('supervision.read')
  @ApiFile(PDF_CONTENT_TYPE, 'the supervision notice as issued (.pdf)')
  @Get(':id/document.pdf')
  async pdf(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Query() q: SupervisionLangDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return sendFile(reply, await this.supervision.document(actor, id, q.lang ?? 'zh-CN', 'pdf'));
  }

  /** The lead unit's liaison replies (办理情况反馈); late when after the reply date. */
  @Can('supervision.reply')
  @ApiCreatedResponse({ type: SupervisionReplyResponseDto })
  @Post(':id/replies')
  reply(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReplyNoticeDto) {
    return this.supervision.reply(actor, id, dto);
  }
}
