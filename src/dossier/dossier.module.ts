// 一事一档: the dossier of a task, above every feature whose records it gathers.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AcknowledgementsModule } from '../acknowledgements/acknowledgements.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { FollowupModule } from '../followup/followup.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { PlansModule } from '../plans/plans.module';
import { ReportsModule } from '../reports/reports.module';
import { SupervisionModule } from '../supervision/supervision.module';
import { TasksModule } from '../tasks/tasks.module';
import { DossierController } from './dossier.controller';
import { DossierService } from './dossier.service';

@Module({
  imports: [
    AccountsModule,
    AttachmentsModule,
    PlansModule,
    TasksModule,
    ReportsModule,
    MeetingsModule,
    SupervisionModule,
    FollowupModule,
    AcknowledgementsModule,
  ],
  controllers: [DossierController],
  providers: [DossierService],
})
export class DossierModule {}
