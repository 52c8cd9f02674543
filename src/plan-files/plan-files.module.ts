// Plan files above the features: the loader of the demo plan at start-up and of `load-plan` on the command line,
// which writes a plan through the features and replaces one through each feature's repository, meetings included.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { AcknowledgementsModule } from '../acknowledgements/acknowledgements.module';
import { BulletinsModule } from '../bulletins/bulletins.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlansModule } from '../plans/plans.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { PlanLoaderService } from './plan-loader.service';

@Module({
  imports: [
    AccountsModule,
    PlansModule,
    TasksModule,
    IndicatorsModule,
    ReportsModule,
    DispatchModule,
    BulletinsModule,
    MeetingsModule,
    AttachmentsModule,
    AcknowledgementsModule,
  ],
  providers: [PlanLoaderService],
  exports: [PlanLoaderService],
})
export class PlanFilesModule {}
