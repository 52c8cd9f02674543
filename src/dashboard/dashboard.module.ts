// The dashboard: per work item, per unit and headline indicators of a plan, as of today.
import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module';
import { TasksModule } from '../tasks/tasks.module';
import { DashboardController } from './dashboard.controller';
import { DashboardRepository } from './dashboard.repository';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [TasksModule, IndicatorsModule],
  controllers: [DashboardController],
  providers: [DashboardRepository, DashboardService],
})
export class DashboardModule {}
