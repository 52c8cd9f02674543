// Plans and work items: the API, and the loader of plan files (the demo plan at start-up, `load-plan` on the CLI).
import { Module } from '@nestjs/common';
import { BulletinsModule } from '../bulletins/bulletins.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlanLoaderRepository } from './plan-loader.repository';
import { PlanLoaderService } from './plan-loader.service';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';
import { WorkItemsController } from './work-items.controller';

@Module({
  // the plan loader replaces a plan through these features' repositories
  imports: [DispatchModule, BulletinsModule, MeetingsModule],
  controllers: [PlansController, WorkItemsController],
  providers: [PlanLoaderRepository, PlanLoaderService, PlansService, PlansRepository],
  exports: [PlanLoaderService, PlansService, PlansRepository],
})
export class PlansModule {}
