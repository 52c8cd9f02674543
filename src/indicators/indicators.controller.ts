import { Can } from '../access';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import {
  CreateIndicatorDto,
  CreateValueDto,
  IndicatorAsOfDto,
  IndicatorQueryDto,
  UpdateIndicatorDto,
  ValuesQueryDto,
} from './indicator.dto';
import { IndicatorsService } from './indicators.service';
import { ApiErrors } from '../common/responses';
import { IndicatorDetailResponseDto, IndicatorResponseDto, IndicatorValueResponseDto } from './indicator-response.dto';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
@ApiErrors(400, 401, 403, 404, 409)
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  /** Indicators with their latest value, achievement, pro-rata expectation and projection as of today. */
  @ApiOkResponse({ type: [IndicatorResponseDto] })
  @Get()
  list(@Query() q: IndicatorQueryDto) {
    return this.indicators.list(q);
  }

  /** One indicator with its metrics and the tasks linked to it. */
  @ApiOkResponse({ type: IndicatorDetailResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Query() q: IndicatorAsOfDto) {
    return this.indicators.get(actor, id, q.asOf);
  }

  @Can('indicator.manage')
  @ApiCreatedResponse({ type: IndicatorResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateIndicatorDto) {
    return this.indicators.create(actor, dto);
  }

  @Can('indicator.manage')
  @ApiOkResponse({ type: IndicatorResponseDto })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateIndicatorDto) {
    return this.indicators.update(actor, id, dto);
  }

  /** The indicator's values, newest first, with where each came from; voided ones only when asked. */
  @ApiOkResponse({ type: [IndicatorValueResponseDto] })
  @Get(':id/values')
  values(@Param('id', IdPipe) id: number, @Query() q: ValuesQueryDto) {
    return this.indicators.listValues(id, q);
  }

  /** A value entered by the secretariat. */
  @Can('indicator.manage')
  @ApiCreatedResponse({ type: IndicatorValueResponseDto })
  @Post(':id/values')
  addValue(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateValueDto) {
    return this.indicators.addValue(actor, id, dto);
  }
}
