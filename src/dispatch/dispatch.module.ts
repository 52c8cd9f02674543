// Dispatch rounds (调度): opening a round and asking the units for their reports, tracking who has reported,
// reminding those who have not and listing the late ones, by hand or on a schedule.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { PlansModule } from '../plans/plans.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { DispatchMailer } from './dispatch-mail.service';
import { DispatchController } from './dispatch.controller';
import { DispatchJobs } from './dispatch.jobs';
import { DispatchRepository } from './dispatch.repository';
import { DispatchService } from './dispatch.service';

@Module({
  imports: [AccountsModule, PlansModule, TasksModule, ReportsModule],
  controllers: [DispatchController],
  providers: [DispatchRepository, DispatchService, DispatchMailer, DispatchJobs],
  exports: [DispatchService, DispatchRepository],
})
export class DispatchModule {}
