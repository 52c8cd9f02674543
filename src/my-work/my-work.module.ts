// 待办 (my work): one answer gathering what each role has to do, above the features it reads.
import { Module } from '@nestjs/common';
import { DispatchModule } from '../dispatch/dispatch.module';
import { ReportsModule } from '../reports/reports.module';
import { TasksModule } from '../tasks/tasks.module';
import { MyWorkController } from './my-work.controller';
import { MyWorkService } from './my-work.service';

@Module({
  imports: [TasksModule, ReportsModule, DispatchModule],
  controllers: [MyWorkController],
  providers: [MyWorkService],
})
export class MyWorkModule {}
