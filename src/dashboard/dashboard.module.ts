// The dashboard: per work item, per unit and headline indicators of a plan, as of today.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AssessmentModule } from '../assessment/assessment.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { PlansModule } from '../plans/plans.module';
import { TasksModule } from '../tasks/tasks.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [AccountsModule, PlansModule, TasksModule, IndicatorsModule, AssessmentModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
