// Supervision notices (督办单): the document of a graded task, notices as records with the lead unit's replies,
// and the scheduled escalation of those left unanswered.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AcknowledgementsModule } from '../acknowledgements/acknowledgements.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { PlansModule } from '../plans/plans.module';
import { TasksModule } from '../tasks/tasks.module';
import { SupervisionController, TaskSupervisionController } from './supervision.controller';
import { SupervisionAcknowledgements } from './supervision-acknowledgements';
import { SupervisionAttachmentOwner } from './supervision-attachments';
import { SupervisionEvents } from './supervision-events';
import { SupervisionLateService } from './supervision-late.service';
import { SupervisionNoticeController } from './supervision-notice.controller';
import { SupervisionNoticeService } from './supervision-notice.service';
import { SupervisionRepository } from './supervision.repository';
import { SupervisionService } from './supervision.service';

@Module({
  imports: [AccountsModule, TasksModule, PlansModule, AttachmentsModule, AcknowledgementsModule],
  controllers: [SupervisionNoticeController, TaskSupervisionController, SupervisionController],
  providers: [
    SupervisionRepository,
    SupervisionNoticeService,
    SupervisionService,
    SupervisionEvents,
    SupervisionLateService,
    SupervisionAttachmentOwner,
    SupervisionAcknowledgements,
  ],
  exports: [SupervisionService, SupervisionEvents, SupervisionRepository],
})
export class SupervisionModule {}
