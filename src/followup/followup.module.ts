// Follow-up on tasks: acknowledgements (签收) with their reminder job, urgings (催办) and leaders' instructions
// (领导批示), comments (留言).
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AcknowledgementsModule } from '../acknowledgements/acknowledgements.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { AcknowledgementRemindersService } from './acknowledgement-reminders.service';
import {
  AcknowledgementsController,
  CommentsController,
  InstructionsController,
  TaskFollowupController,
} from './followup.controller';
import { CommentsRepository } from './comments.repository';
import { CommentsService } from './comments.service';
import { InstructionsRepository } from './instructions.repository';
import { InstructionsService } from './instructions.service';
import { UrgingRecordsModule } from './urging-records.module';
import { UrgingsService } from './urgings.service';

@Module({
  imports: [AccountsModule, TasksModule, ReportsModule, AcknowledgementsModule, UrgingRecordsModule],
  controllers: [AcknowledgementsController, TaskFollowupController, InstructionsController, CommentsController],
  providers: [
    UrgingsService,
    InstructionsRepository,
    InstructionsService,
    AcknowledgementRemindersService,
    CommentsRepository,
    CommentsService,
  ],
  exports: [UrgingsService, InstructionsService, CommentsService, AcknowledgementsModule],
})
export class FollowupModule {}
