// Tasks, their status machine, and the extension and closing requests on them.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { AcknowledgementsModule } from '../acknowledgements/acknowledgements.module';
import { UrgingRecordsModule } from '../followup/urging-records.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { PlansModule } from '../plans/plans.module';
import { TaskRequestsRepository } from './task-requests.repository';
import { TaskRequestsService } from './task-requests.service';
import { ExtensionsController, TasksController } from './tasks.controller';
import { TaskStateSqlFactory } from './task-state-sql.factory';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  imports: [AccountsModule, IndicatorsModule, PlansModule, AcknowledgementsModule, UrgingRecordsModule],
  controllers: [TasksController, ExtensionsController],
  providers: [TasksService, TaskRequestsService, TasksRepository, TaskRequestsRepository, TaskStateSqlFactory],
  exports: [TasksService, TaskRequestsService, TasksRepository, TaskRequestsRepository, TaskStateSqlFactory],
})
export class TasksModule {}
