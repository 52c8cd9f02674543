// Plans and work items: the API and their repository (plan files are loaded by src/plan-files, above the features).
import { Module } from '@nestjs/common';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';
import { WorkItemsController } from './work-items.controller';

@Module({
  controllers: [PlansController, WorkItemsController],
  providers: [PlansService, PlansRepository],
  exports: [PlansService, PlansRepository],
})
export class PlansModule {}
