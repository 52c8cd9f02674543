import { Can } from '../access';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreateWorkItemDto, UpdateWorkItemDto, WorkItemQueryDto } from './plan.dto';
import { PlansService } from './plans.service';
import { ApiErrors } from '../common/responses';
import { WorkItemResponseDto, WorkItemWithCountResponseDto } from './plan-response.dto';

@ApiTags('work items')
@ApiBearerAuth()
@Controller('work-items')
@ApiErrors(400, 401, 403, 404, 409)
export class WorkItemsController {
  constructor(private readonly plans: PlansService) {}

  @ApiOkResponse({ type: [WorkItemWithCountResponseDto] })
  @Get()
  list(@Query() q: WorkItemQueryDto) {
    return this.plans.listWorkItems(q.planId);
  }

  @ApiOkResponse({ type: WorkItemWithCountResponseDto })
  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.plans.getWorkItem(id);
  }

  @Can('plan.manage')
  @ApiCreatedResponse({ type: WorkItemResponseDto })
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWorkItemDto) {
    return this.plans.createWorkItem(actor, dto);
  }

  @Can('plan.manage')
  @ApiOkResponse({ type: WorkItemResponseDto })
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateWorkItemDto) {
    return this.plans.updateWorkItem(actor, id, dto);
  }
}
