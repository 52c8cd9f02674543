// Plans and work items: the API, and the loader of plan files (the demo plan at start-up, `load-plan` on the CLI).
import { Module } from '@nestjs/common';
import { PlanLoaderService } from './plan-loader.service';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';
import { WorkItemsController } from './work-items.controller';

@Module({
  controllers: [PlansController, WorkItemsController],
  providers: [PlanLoaderService, PlansService, PlansRepository],
  exports: [PlanLoaderService, PlansService, PlansRepository],
})
export class PlansModule {}
