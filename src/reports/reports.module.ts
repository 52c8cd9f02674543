// Progress reports (进展) of units on tasks, and their review by the secretariat.
import { Module } from '@nestjs/common';
import { IndicatorsModule } from '../indicators/indicators.module';
import { TasksModule } from '../tasks/tasks.module';
import { ReportsController, TaskReportsController } from './reports.controller';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

@Module({
  imports: [TasksModule, IndicatorsModule],
  controllers: [TaskReportsController, ReportsController],
  providers: [ReportsService, ReportsRepository],
  exports: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
