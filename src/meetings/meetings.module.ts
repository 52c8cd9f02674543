// Consultation meetings (会商): scheduling, agendas generated from the state of the plan and then edited, minutes,
// attendance, and decisions that become follow-up tasks reviewed at the next meeting.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { PlansModule } from '../plans/plans.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { AgendaService } from './agenda.service';
import { MeetingsController } from './meetings.controller';
import { MeetingsRepository } from './meetings.repository';
import { MeetingsService } from './meetings.service';
import { MinutesService } from './minutes.service';

@Module({
  imports: [AccountsModule, TasksModule, IndicatorsModule, PlansModule, ReportsModule],
  controllers: [MeetingsController],
  providers: [MeetingsRepository, MeetingsService, AgendaService, MinutesService],
  exports: [MeetingsRepository, MeetingsService, AgendaService, MinutesService],
})
export class MeetingsModule {}
