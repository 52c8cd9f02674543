// Follow-up on tasks: acknowledgements (签收) with their reminder job, urgings (催办) and leaders' instructions
// (领导批示).
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AcknowledgementsModule } from '../acknowledgements/acknowledgements.module';
import { TasksModule } from '../tasks/tasks.module';
import { AcknowledgementRemindersService } from './acknowledgement-reminders.service';
import { AcknowledgementsController, InstructionsController, TaskFollowupController } from './followup.controller';
import { InstructionsRepository } from './instructions.repository';
import { InstructionsService } from './instructions.service';
import { UrgingsRepository } from './urgings.repository';
import { UrgingsService } from './urgings.service';

@Module({
  imports: [AccountsModule, TasksModule, AcknowledgementsModule],
  controllers: [AcknowledgementsController, TaskFollowupController, InstructionsController],
  providers: [
    UrgingsRepository,
    UrgingsService,
    InstructionsRepository,
    InstructionsService,
    AcknowledgementRemindersService,
  ],
  exports: [UrgingsService, InstructionsService, AcknowledgementsModule],
})
export class FollowupModule {}
