// Plan files above the features: the loader of the demo plan at start-up and of `load-plan` on the command line,
// which writes a plan through the features and replaces one through each feature's repository, meetings included.
import { Module } from '@nestjs/common';
import { BulletinsModule } from '../bulletins/bulletins.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlansModule } from '../plans/plans.module';
import { PlanLoaderRepository } from './plan-loader.repository';
import { PlanLoaderService } from './plan-loader.service';

@Module({
  imports: [PlansModule, DispatchModule, BulletinsModule, MeetingsModule],
  providers: [PlanLoaderRepository, PlanLoaderService],
  exports: [PlanLoaderService],
})
export class PlanFilesModule {}
