import { Can } from '../access';
import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreatePlanDto, UpdatePlanDto } from './plan.dto';
import { PlansService } from './plans.service';
import { ApiErrors } from '../common/responses';
import { PlanDetailResponseDto, PlanResponseDto } from './plan-response.dto';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
@ApiErrors(400, 401, 403, 404, 409)
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  @ApiOkResponse({ type: [PlanResponseDto] })
  @Get()
  list() {
    return this.plans.list();
  }

  /** The plan with its work items in order and each work item's task count. */
  @ApiOkResponse({ type: PlanDetailResponseDto })
  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.plans.get(id);
  }

  @Can('plan.create')
  @ApiCreatedResponse({ type: PlanResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePlanDto) {
    return this.plans.create(actor, dto);
  }

  @Can('plan.manage')
  @ApiOkResponse({ type: PlanResponseDto })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdatePlanDto) {
    return this.plans.update(actor, id, dto);
  }
}
