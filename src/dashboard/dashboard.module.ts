import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module';
import { TasksModule } from '../tasks/tasks.module';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

@Module({
  imports: [TasksModule, IndicatorsModule],
  controllers: [DashboardController],
  providers: [DashboardService],
})
export class DashboardModule {}
