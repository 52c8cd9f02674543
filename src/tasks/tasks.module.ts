// Tasks, their status machine, and the extension and closing requests on them.
import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { IndicatorsModule } from '../indicators/indicators.module';
import { TaskRequestsRepository } from './task-requests.repository';
import { TaskRequestsService } from './task-requests.service';
import { ExtensionsController, TasksController } from './tasks.controller';
import { TasksRepository } from './tasks.repository';
import { TasksService } from './tasks.service';

@Module({
  imports: [AccountsModule, IndicatorsModule],
  controllers: [TasksController, ExtensionsController],
  providers: [TasksService, TaskRequestsService, TasksRepository, TaskRequestsRepository],
  exports: [TasksService, TasksRepository],
})
export class TasksModule {}
