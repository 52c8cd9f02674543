import { Module } from '@nestjs/common';
import { AccountsModule } from '../accounts.module';
import { PlansModule } from '../plans/plans.module';
import { SupervisionNoticeController } from './supervision-notice.controller';
import { SupervisionNoticeService } from './supervision-notice.service';
import { TaskRequestsService } from './task-requests.service';
import { ExtensionsController, TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({
  imports: [AccountsModule, PlansModule],
  controllers: [TasksController, ExtensionsController, SupervisionNoticeController],
  providers: [TasksService, TaskRequestsService, SupervisionNoticeService],
  exports: [TasksService],
})
export class TasksModule {}
