import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { TaskRequestsService } from './task-requests.service';
import { ExtensionsController, TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [AccountsModule],
  controllers: [TasksController, ExtensionsController],
  providers: [TasksService, TaskRequestsService],
  exports: [TasksService],
})
export class TasksModule {}
