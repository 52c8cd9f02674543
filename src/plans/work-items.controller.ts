import { Can } from '../access';
import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { CreateWorkItemDto, UpdateWorkItemDto, WorkItemQueryDto } from './plan.dto';
import { PlansService } from './plans.service';

@ApiTags('work items')
@ApiBearerAuth()
@Controller('work-items')
export class WorkItemsController {
  constructor(private readonly plans: PlansService) {}

  @Get()
  list(@Query() q: WorkItemQueryDto) {
    return this.plans.listWorkItems(q.planId);
  }

  @Get(':id')
  get(@Param('id', IdPipe) id: number) {
    return this.plans.getWorkItem(id);
  }

  @Can('plan.manage')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateWorkItemDto) {
    return this.plans.createWorkItem(actor, dto);
  }

  @Can('plan.manage')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: UpdateWorkItemDto) {
    return this.plans.updateWorkItem(actor, id, dto);
  }
}
