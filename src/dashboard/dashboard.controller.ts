import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsPositive } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { DashboardService } from './dashboard.service';
import { ApiErrors } from '../common/responses';
import { DashboardResponseDto } from './dashboard-response.dto';

export class DashboardQueryDto {
  @ApiPropertyOptional({ description: 'the plan; the first plan when omitted' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @IsPositive()
  planId?: number;
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
    return this.dashboard.get(actor, q.planId);
  }
}
