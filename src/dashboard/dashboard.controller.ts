import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsPositive } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { DashboardService } from './dashboard.service';

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
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /** The state of a plan today. A liaison sees its own unit's share of it. */
  @Get()
  get(@CurrentActor() actor: Actor, @Query() q: DashboardQueryDto) {
    return this.dashboard.get(actor, q.planId);
  }
}
