import { Can } from '../access';
import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import {
  ClosingRequestDto,
  CreateTaskDto,
  DecisionDto,
  ExtensionQueryDto,
  ExtensionRequestDto,
  ReasonDto,
  StatusChangeDto,
  TaskQueryDto,
  UpdateTaskDto,
} from './task.dto';
import { TaskRequestsService } from './task-requests.service';
import { TasksService } from './tasks.service';
import { AuditPageResponseDto } from '../audit/audit-response.dto';
import { ApiErrors, ApiForbiddenCodes } from '../common/responses';
import {
  ClosingResponseDto,
  ExtensionDetailResponseDto,
  ExtensionListItemResponseDto,
  TaskDetailResponseDto,
  TaskPageResponseDto,
} from './task-response.dto';

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
@ApiErrors(400, 401, 403, 404, 409)
export class TasksController {
  constructor(
    private readonly tasks: TasksService,
    private readonly requests: TaskRequestsService,
  ) {}

  /** Tasks the caller may see, filtered, sorted and paginated; each with its colour grade for today. */
  @ApiOkResponse({ type: TaskPageResponseDto })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: TaskQueryDto) {
    return this.tasks.list(actor, q);
  }

  @ApiOkResponse({ type: TaskDetailResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.tasks.get(actor, id);
  }

  @Can('task.create')
  @ApiCreatedResponse({ type: TaskDetailResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTaskDto) {
    return this.tasks.create(actor, dto);
  }

  @Can('task.update')
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateTaskDto) {
    return this.tasks.update(actor, id, dto);
  }

  /** Status changes other than submitting and closing (see /closing). */
  @ApiOkResponse({ type: TaskDetailResponseDto })
  @Post(':id/status')
  @HttpCode(200)
  status(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: StatusChangeDto) {
    return this.tasks.changeStatus(actor, id, dto);
  }

  @ApiOkResponse({ type: AuditPageResponseDto })
  @Get(':id/audit')
  audit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.tasks.auditTrail(actor, id);
  }

  @ApiOkResponse({ type: [ExtensionListItemResponseDto] })
  @Get(':id/extensions')
  extensions(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.requests.listExtensions(actor, { taskId: id });
  }

  /** The lead unit asks, before the deadline, for a new one. */
  @ApiCreatedResponse({ type: ExtensionDetailResponseDto })
  @Post(':id/extensions')
  requestExtension(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ExtensionRequestDto) {
    return this.requests.requestExtension(actor, id, dto.requestedDeadline, dto.reason);
  }

  @ApiOkResponse({ type: [ClosingResponseDto] })
  @Get(':id/closing')
  closing(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.requests.listClosing(actor, id);
  }

  /** The lead unit asks for the task to be closed (申请办结). */
  @ApiCreatedResponse({ type: ClosingResponseDto })
  @Post(':id/closing')
  requestClosing(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ClosingRequestDto) {
    return this.requests.requestClosing(actor, id, dto.note ?? '');
  }

  /** A lead accepts the closing request (办结销号). */
  @Can('task.closing.decide')
  @ApiOkResponse({ type: ClosingResponseDto })
  @ApiForbiddenCodes({ own_request: 'the caller requested this closing (separation of duties)' })
  @Post(':id/closing/accept')
  @HttpCode(200)
  acceptClosing(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: DecisionDto) {
    return this.requests.decideClosing(actor, id, true, dto.note ?? null);
  }

  /** A lead sends the closing request back with a reason. */
  @Can('task.closing.decide')
  @ApiOkResponse({ type: ClosingResponseDto })
  @ApiForbiddenCodes({ own_request: 'the caller requested this closing (separation of duties)' })
  @Post(':id/closing/return')
  @HttpCode(200)
  returnClosing(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReasonDto) {
    return this.requests.decideClosing(actor, id, false, dto.reason);
  }
}

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('extensions')
@ApiErrors(400, 401, 403, 404, 409)
export class ExtensionsController {
  constructor(private readonly requests: TaskRequestsService) {}

  @ApiOkResponse({ type: [ExtensionListItemResponseDto] })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ExtensionQueryDto) {
    return this.requests.listExtensions(actor, { status: q.status });
  }

  @ApiOkResponse({ type: ExtensionDetailResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.requests.getExtension(actor, id);
  }

  @Can('extension.decide')
  @ApiOkResponse({ type: ExtensionDetailResponseDto })
  @ApiForbiddenCodes({ own_request: 'the caller requested this extension (separation of duties)' })
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: DecisionDto) {
    return this.requests.decideExtension(actor, id, true, dto.note ?? null);
  }

  @Can('extension.decide')
  @ApiOkResponse({ type: ExtensionDetailResponseDto })
  @ApiForbiddenCodes({ own_request: 'the caller requested this extension (separation of duties)' })
  @Post(':id/refuse')
  @HttpCode(200)
  refuse(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReasonDto) {
    return this.requests.decideExtension(actor, id, false, dto.reason);
  }
}
