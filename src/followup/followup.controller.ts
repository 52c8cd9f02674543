// Routes of acknowledgements (签收), urgings (催办), leaders' instructions (领导批示) and comments (留言): each maps
// to one service call.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Can } from '../access';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { ApiErrors } from '../common/responses';
import { TasksService } from '../tasks/tasks.service';
import {
  AcknowledgementQueryDto,
  CreateCommentDto,
  CreateInstructionDto,
  CreateUrgingDto,
  DeleteCommentDto,
  EditCommentDto,
  InstructionWithTaskDto,
} from './followup.dto';
import {
  AcknowledgementResponseDto,
  CommentResponseDto,
  InstructionResponseDto,
  InstructionWithTaskResponseDto,
  TaskUrgingsResponseDto,
  UrgingResponseDto,
} from './followup-response.dto';
import { CommentsService } from './comments.service';
import { InstructionsService } from './instructions.service';
import { UrgingsService } from './urgings.service';

@ApiTags('acknowledgements')
@ApiBearerAuth()
@Controller('acknowledgements')
@ApiErrors(400, 401, 403, 404)
export class AcknowledgementsController {
  constructor(private readonly acknowledgements: AcknowledgementsService) {}

  /** What units were asked to acknowledge, soonest due first; a liaison sees its own unit's. */
  @Can('acknowledgement.read')
  @ApiOkResponse({ type: [AcknowledgementResponseDto] })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: AcknowledgementQueryDto) {
    return this.acknowledgements.list(actor, q);
  }

  /**
   * The unit's liaison acknowledges an item (another unit's: 403). An item acknowledged already answers 200 as it
   * was: the first acknowledgement stands.
   */
  @Can('acknowledgement.ack')
  @ApiOkResponse({ type: AcknowledgementResponseDto })
  @Post(':id')
  @HttpCode(200)
  acknowledge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.acknowledgements.acknowledge(actor, id);
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
@ApiErrors(400, 401, 403, 404, 409)
export class TaskFollowupController {
  constructor(
    private readonly tasks: TasksService,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly urgings: UrgingsService,
    private readonly instructions: InstructionsService,
    private readonly comments: CommentsService,
  ) {}

  /** Who of the task's units acknowledged it (and its instructions and notices), and when. */
  @Can('acknowledgement.read')
  @ApiOkResponse({ type: [AcknowledgementResponseDto] })
  @Get(':id/acknowledgements')
  async acknowledgementsOf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.tasks.findReadable(actor, id);
    return this.acknowledgements.list(actor, { taskId: id });
  }

  /** My unit acknowledges everything on the task still awaited from it; the unit's items as they now stand. */
  @Can('acknowledgement.ack')
  @ApiOkResponse({ type: [AcknowledgementResponseDto] })
  @Post(':id/acknowledge')
  @HttpCode(200)
  async acknowledgeTask(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.tasks.findReadable(actor, id);
    return this.acknowledgements.acknowledgeTask(actor, id);
  }

  @ApiOkResponse({ type: TaskUrgingsResponseDto })
  @Get(':id/urgings')
  urgingsOf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.urgings.forTask(actor, id);
  }

  /** A lead or the secretariat urges one of the task's units (催办); the note is mailed to the unit. */
  @Can('task.urge')
  @ApiCreatedResponse({ type: UrgingResponseDto })
  @Post(':id/urgings')
  urge(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateUrgingDto) {
    return this.urgings.urge(actor, id, dto);
  }

  @ApiOkResponse({ type: [InstructionResponseDto] })
  @Get(':id/instructions')
  instructionsOf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.instructions.forTask(actor, id);
  }

  /** A lead records a leader's instruction (领导批示); the units it reaches are mailed and asked to acknowledge. */
  @Can('instruction.create')
  @ApiCreatedResponse({ type: InstructionResponseDto })
  @Post(':id/instructions')
  instruct(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateInstructionDto) {
    return this.instructions.create(actor, id, dto);
  }

  /** The task's comment thread, oldest first; a deleted comment shows who deleted it and why, not its text. */
  @ApiOkResponse({ type: [CommentResponseDto] })
  @Get(':id/comments')
  commentsOf(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.comments.forTask(actor, id);
  }

  /** A comment on the task (or one of its reports); units named as @code or @name are mentioned. */
  @Can('comment.create')
  @ApiCreatedResponse({ type: CommentResponseDto })
  @Post(':id/comments')
  comment(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateCommentDto) {
    return this.comments.create(actor, id, dto);
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('comments')
@ApiErrors(400, 401, 403, 404, 409)
export class CommentsController {
  constructor(private readonly comments: CommentsService) {}

  /** The author edits a comment within comments.editMinutes; after it, 409 comment_edit_window_closed. */
  @Can('comment.create')
  @ApiOkResponse({ type: CommentResponseDto })
  @Patch(':id')
  edit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: EditCommentDto) {
    return this.comments.edit(actor, id, dto.body);
  }

  /** Deletes a comment with a reason (kept on record): the author within the window, or the office at any time. */
  @ApiOkResponse({ type: CommentResponseDto })
  @Delete(':id')
  remove(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: DeleteCommentDto) {
    return this.comments.remove(actor, id, dto.reason);
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('instructions')
@ApiErrors(400, 401, 403, 404, 409)
export class InstructionsController {
  constructor(private readonly instructions: InstructionsService) {}

  /** A leader's instruction that gives a new task: the task and the instruction, in one transaction. */
  @Can('instruction.create')
  @ApiCreatedResponse({ type: InstructionWithTaskResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: InstructionWithTaskDto) {
    return this.instructions.createWithTask(actor, dto);
  }
}
