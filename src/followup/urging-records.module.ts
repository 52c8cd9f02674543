// The urging table on its own, for the task answer's urging counts: the tasks feature imports it without depending
// on the follow-up feature (which depends on tasks).
import { Module } from '@nestjs/common';
import { UrgingsRepository } from './urgings.repository';

@Module({
  providers: [UrgingsRepository],
  exports: [UrgingsRepository],
})
export class UrgingRecordsModule {}
