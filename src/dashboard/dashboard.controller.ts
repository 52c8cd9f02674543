import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsPositive, Max } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { DASHBOARD_TOP_DEFAULT, DASHBOARD_TOP_MAX, DashboardService } from './dashboard.service';
import { ApiErrors } from '../common/responses';
import { DashboardResponseDto } from './dashboard-response.dto';
import { QueryInt } from '../common/validation';

export class DashboardQueryDto {
  @ApiPropertyOptional({ description: 'the plan; the first plan when omitted' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  planId?: number;

  @ApiPropertyOptional({
    description: `how many rows each top-N list holds (topOverdue); ${DASHBOARD_TOP_DEFAULT} when omitted`,
    minimum: 1,
    maximum: DASHBOARD_TOP_MAX,
  })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  @Max(DASHBOARD_TOP_MAX)
  top?: number;
}

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
@ApiErrors(400, 401, 404)
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** The state of a plan today. A liaison sees its own unit's share of it. */
  @ApiOkResponse({ type: DashboardResponseDto })
  @Get()
  get(@CurrentActor() actor: Actor, @Query() q: DashboardQueryDto) {
    return this.dashboard.get(actor, q.planId, q.top);
  }
}
