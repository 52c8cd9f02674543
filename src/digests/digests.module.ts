// Unit and personal digests (工作提示) and the escalation of overdue tasks (督办): scheduled jobs that write mail
// to the outbox, the preview API, and the reads behind them (through the owners' repositories: digests own no
// table).
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AttachmentsModule } from '../attachments/attachments.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { PlansModule } from '../plans/plans.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { FollowupModule } from '../followup/followup.module';
import { DigestFiguresRepository } from './digest-figures.repository';
import { DigestQueryService } from './digest-query.service';
import { DigestsController } from './digests.controller';
import { DigestsService } from './digests.service';
import { EscalationService } from './escalation.service';

@Module({
  imports: [AccountsModule, TasksModule, PlansModule, ReportsModule, DispatchModule, FollowupModule, AttachmentsModule],
  controllers: [DigestsController],
  providers: [DigestFiguresRepository, DigestQueryService, DigestsService, EscalationService],
  exports: [DigestsService, EscalationService],
})
export class DigestsModule {}
