// Unit and personal digests (工作提示) and the escalation of overdue tasks (督办): scheduled jobs that write mail
// to the outbox, the preview API, and the queries behind them.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { DigestQueryService } from './digest-query.service';
import { DigestsController } from './digests.controller';
import { DigestsRepository } from './digests.repository';
import { DigestsService } from './digests.service';
import { EscalationService } from './escalation.service';

@Module({
  imports: [AccountsModule],
  controllers: [DigestsController],
  providers: [DigestsRepository, DigestQueryService, DigestsService, EscalationService],
  exports: [DigestsService, EscalationService, DigestsRepository],
})
export class DigestsModule {}
