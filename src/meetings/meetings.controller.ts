import { Can } from '../access';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { AuditService } from '../audit/audit.service';
import { IdPipe } from '../common/id.pipe';
import { CreateAgendaItemDto, GenerateAgendaDto, ReorderAgendaDto, UpdateAgendaItemDto } from './agenda.dto';
import { AgendaService } from './agenda.service';
import {
  CreateDecisionDto,
  CreateMeetingDto,
  DecisionTaskDto,
  MeetingDetailQueryDto,
  MeetingQueryDto,
  MinutesDto,
  UpdateDecisionDto,
  UpdateMeetingDto,
} from './meeting.dto';
import { MeetingsService } from './meetings.service';
import { MinutesService } from './minutes.service';
import { AuditPageResponseDto } from '../audit/audit-response.dto';
import { ApiErrors } from '../common/responses';
import {
  AgendaItemResponseDto,
  DecisionResponseDto,
  DecisionTaskResponseDto,
  MeetingPageResponseDto,
  MeetingResponseDto,
} from './meeting-response.dto';

@ApiTags('meetings')
@ApiBearerAuth()
@Controller('meetings')
@ApiErrors(400, 401, 403, 404, 409)
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly minutes: MinutesService,
    private readonly audit: AuditService,
  ) {}

  /** Meetings, latest first; a liaison sees the meetings its unit attends. */
  @ApiOkResponse({ type: MeetingPageResponseDto })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: MeetingQueryDto) {
    return this.meetings.list(actor, q);
  }

  /** Schedules a consultation meeting (会商). */
  @Can('meeting.manage')
  @ApiCreatedResponse({ type: MeetingResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateMeetingDto) {
    return this.meetings.create(actor, dto);
  }

  /** The whole meeting: units, attendees, the agenda with its source rows, decisions with their tasks' state. */
  @ApiOkResponse({ type: MeetingResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() q: MeetingDetailQueryDto) {
    return this.meetings.detail(actor, id, { includeRemoved: q.includeRemoved });
  }

  /** Changes the meeting; a new time or place bumps its sequence and tells the invitees. */
  @Can('meeting.manage')
  @ApiOkResponse({ type: MeetingResponseDto })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateMeetingDto) {
    return this.meetings.update(actor, id, dto);
  }

  @Can('meeting.manage')
  @ApiOkResponse({ type: MeetingResponseDto })
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.meetings.cancel(actor, id);
  }

  /** Records that the meeting took place. */
  @Can('meeting.manage')
  @ApiOkResponse({ type: MeetingResponseDto })
  @Post(':id/held')
  @HttpCode(200)
  held(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.meetings.markHeld(actor, id);
  }

  /** Who changed what in the meeting, its agenda, minutes and decisions, newest first. */
  @ApiOkResponse({ type: AuditPageResponseDto })
  @Get(':id/audit')
  async auditTrail(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    await this.meetings.findReadable(actor, id);
    return this.audit.query({ entityType: 'meeting', entityId: id, page: 1, pageSize: 500 });
  }

  // --- agenda ---

  /** Generates the agenda from the state of the plan on a date (today by default), keeping the edits made to it. */
  @Can('meeting.manage')
  @ApiOkResponse({ type: MeetingResponseDto })
  @Post(':id/agenda/generate')
  @HttpCode(200)
  generate(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: GenerateAgendaDto) {
    return this.agenda.generate(actor, id, dto.asOf);
  }

  /** Adds an item by hand at the end of the agenda. */
  @Can('meeting.manage')
  @ApiCreatedResponse({ type: AgendaItemResponseDto })
  @Post(':id/agenda/items')
  addItem(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateAgendaItemDto) {
    return this.agenda.addItem(actor, id, dto);
  }

  @Can('meeting.manage')
  @ApiOkResponse({ type: AgendaItemResponseDto })
  @Patch(':id/agenda/items/:itemId')
  updateItem(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Param('itemId', IdPipe) itemId: number,
    @Body() dto: UpdateAgendaItemDto,
  ) {
    return this.agenda.updateItem(actor, id, itemId, dto);
  }

  /** Takes an item off the agenda; regenerating does not bring it back. */
  @Can('meeting.manage')
  @ApiNoContentResponse({ description: 'the item is off the agenda' })
  @Delete(':id/agenda/items/:itemId')
  @HttpCode(204)
  async removeItem(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Param('itemId', IdPipe) itemId: number,
  ): Promise<void> {
    await this.agenda.removeItem(actor, id, itemId);
  }

  @Can('meeting.manage')
  @ApiOkResponse({ type: MeetingResponseDto })
  @Put(':id/agenda/order')
  reorder(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReorderAgendaDto) {
    return this.agenda.reorder(actor, id, dto.itemIds);
  }

  // --- minutes and decisions ---

  /** General minutes, notes per agenda item and attendance. */
  @Can('meeting.manage')
  @ApiOkResponse({ type: MeetingResponseDto })
  @Patch(':id/minutes')
  updateMinutes(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: MinutesDto) {
    return this.minutes.updateMinutes(actor, id, dto);
  }

  /** Records a decision (议定事项). */
  @Can('meeting.manage')
  @ApiCreatedResponse({ type: DecisionResponseDto })
  @Post(':id/decisions')
  createDecision(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateDecisionDto) {
    return this.minutes.createDecision(actor, id, dto);
  }

  @Can('meeting.manage')
  @ApiOkResponse({ type: DecisionResponseDto })
  @Patch(':id/decisions/:decisionId')
  updateDecision(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Param('decisionId', IdPipe) decisionId: number,
    @Body() dto: UpdateDecisionDto,
  ) {
    return this.minutes.updateDecision(actor, id, decisionId, dto);
  }

  /** Makes the decision a follow-up task of its lead unit, linked both ways. */
  @Can('meeting.manage')
  @ApiCreatedResponse({ type: DecisionTaskResponseDto })
  @Post(':id/decisions/:decisionId/task')
  createTask(
    @CurrentActor() actor: Actor,
    @Param('id', IdPipe) id: number,
    @Param('decisionId', IdPipe) decisionId: number,
    @Body() dto: DecisionTaskDto,
  ) {
    return this.minutes.createTask(actor, id, decisionId, dto);
  }
}
