// The HTTP face of dispatch rounds: list, open, read (units, tasks, missing reports, late list), remind, close.
import { Can } from '../access';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { OpenRoundDto, RoundMissingQueryDto, RoundQueryDto, RoundTasksQueryDto } from './dispatch-round.dto';
import { DispatchService } from './dispatch.service';
import { ApiErrors } from '../common/responses';
import {
  OpenedRoundResponseDto,
  RemindResponseDto,
  RoundLateResponseDto,
  RoundMissingResponseDto,
  RoundPageResponseDto,
  RoundResponseDto,
  RoundTaskPageResponseDto,
} from './dispatch-round-response.dto';

@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('dispatch-rounds')
@ApiErrors(400, 401, 403, 404, 409)
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  /** Rounds, newest period first, with their counts; a liaison sees the rounds that include its unit. */
  @ApiOkResponse({ type: RoundPageResponseDto })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: RoundQueryDto) {
    return this.dispatch.list(actor, q);
  }

  /** Opens a round (调度) and asks each unit in scope for its reports. */
  @Can('round.manage')
  @ApiCreatedResponse({ type: OpenedRoundResponseDto })
  @Post()
  open(@CurrentActor() actor: Actor, @Body() dto: OpenRoundDto) {
    return this.dispatch.open(actor, dto);
  }

  /** The round with each unit's status: expected, received, missing and late reports. A liaison sees its own unit. */
  @ApiOkResponse({ type: RoundResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.dispatch.get(actor, id);
  }

  /** A page of the round's tasks with whether the lead unit has reported; a liaison reads its own unit's. */
  @ApiOkResponse({ type: RoundTaskPageResponseDto })
  @Get(':id/tasks')
  tasks(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() q: RoundTasksQueryDto) {
    return this.dispatch.roundTasks(actor, id, q);
  }

  /** The units late with their reports. */
  @ApiOkResponse({ type: RoundLateResponseDto })
  @Get(':id/late')
  late(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.dispatch.late(actor, id);
  }

  /** The units still owing reports, each with the first tasks it owes; a liaison sees its own unit's. */
  @Can('round.missing.read')
  @ApiOkResponse({ type: RoundMissingResponseDto })
  @Get(':id/missing')
  missing(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() q: RoundMissingQueryDto) {
    return this.dispatch.missing(actor, id, q);
  }

  /** Reminds one unit of the reports it still owes (one reminder a unit a day, scheduled or not). */
  @Can('round.remind')
  @ApiOkResponse({ type: RemindResponseDto })
  @Post(':id/units/:unitId/remind')
  @HttpCode(200)
  remindUnit(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Param('unitId', IdPipe) unitId: number) {
    return this.dispatch.remindUnit(actor, id, unitId);
  }

  /** Reminds every late unit: after the due date, each unit with reports still missing. */
  @Can('round.remind')
  @ApiOkResponse({ type: RemindResponseDto })
  @Post(':id/late/remind')
  @HttpCode(200)
  remindLate(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.dispatch.remindLate(actor, id);
  }

  @Can('round.manage')
  @ApiOkResponse({ type: RoundResponseDto })
  @Post(':id/close')
  @HttpCode(200)
  close(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.dispatch.close(actor, id);
  }
}
