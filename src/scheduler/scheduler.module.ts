// Scheduled jobs: the registry features add their jobs to, the timer, catch-up after downtime, and the API and
// listing of the schedule and its runs.
import { Global, Module } from '@nestjs/common';
import { SchedulerController } from './scheduler.controller';
import { SchedulerRepository } from './scheduler.repository';
import { SchedulerService } from './scheduler.service';

@Global()
@Module({
  controllers: [SchedulerController],
  providers: [SchedulerRepository, SchedulerService],
  exports: [SchedulerService, SchedulerRepository],
})
export class SchedulerModule {}
