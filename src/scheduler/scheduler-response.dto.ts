// What the API answers about scheduled jobs and their recorded runs.
import { ApiProperty } from '@nestjs/swagger';
import { CalendarGapResponseDto } from '../calendar/calendar-gap-response.dto';
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

export class ExistingMessagesResponseDto {
  @ApiProperty({ description: 'waiting to be delivered (pending, or being sent)' })
  queued: number;

  @ApiProperty()
  sent: number;

  @ApiProperty({ description: 'given up on (see GET /api/outbox?status=dead)' })
  dead: number;
}

/** The answer of a run started by hand. */
export class JobRunResultResponseDto extends JobRunResponseDto {
  @ApiProperty({ description: 'the run was asked to queue everything again, under fresh keys' })
  forced: boolean;

  @ApiProperty({
    type: ExistingMessagesResponseDto,
    nullable: true,
    description:
      'messages of the slot that an earlier run had queued or sent already, and this one did not queue again ' +
      '(messages counts the new ones); null for a job that does not count them',
  })
  existing: ExistingMessagesResponseDto | null;
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

  @ApiProperty({
    enum: ['next', 'previous', 'skip'],
    description:
      "where a slot on a day off goes: the next or the previous working day (between the job's neighbouring slots), or nowhere",
  })
  onDayOff: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'when the job runs next, after any move for a day off',
  })
  nextRun: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'the slot nextRun is for, when a day off moved it (the instant the cron expression names); else null',
  })
  nextRunMovedFrom: string | null;

  @ApiProperty({ type: JobRunResponseDto, nullable: true })
  lastRun: JobRunResponseDto | null;

  @ApiProperty({
    type: CalendarGapResponseDto,
    nullable: true,
    description:
      'set when nextRun falls in a year the working-day calendar has no data for (its holidays are not known, so ' +
      'only weekends count as days off there); says how to add the year. null otherwise',
  })
  calendarWarning: CalendarGapResponseDto | null;
}
