// What the API answers about scheduled jobs and their recorded runs.
import { ApiProperty } from '@nestjs/swagger';
import { PageResponseDto } from '../common/responses';

export class JobRunResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ example: 'digest' })
  job: string;

  @ApiProperty({ description: 'the slot the run is for; a job runs once per slot' })
  slot: string;

  @ApiProperty({ enum: ['done', 'failed', 'skipped'] })
  status: string;

  @ApiProperty({ enum: ['schedule', 'catch-up', 'manual'] })
  trigger: string;

  @ApiProperty({ type: String, format: 'date-time' })
  startedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finishedAt: Date | null;

  @ApiProperty({ description: 'messages the run wrote to the outbox' })
  messages: number;

  @ApiProperty({ type: String, nullable: true })
  note: string | null;
}

export class JobRunPageResponseDto extends PageResponseDto(JobRunResponseDto) {}

export class ScheduleEntryResponseDto {
  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true, description: 'null for a configured job no feature registered' })
  description: string | null;

  @ApiProperty({ type: String, nullable: true })
  descriptionZh: string | null;

  @ApiProperty({ example: '0 9 * * 1-5' })
  cron: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  timeZone: string;

  @ApiProperty()
  registered: boolean;

  @ApiProperty()
  enabled: boolean;

  @ApiProperty()
  workingDaysOnly: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  nextRun: string | null;

  @ApiProperty({ type: JobRunResponseDto, nullable: true })
  lastRun: JobRunResponseDto | null;
}
