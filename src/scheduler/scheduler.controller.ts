import { Can } from '../access';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { JobRunQueryDto } from './scheduler.dto';
import { SchedulerService } from './scheduler.service';
import { ApiErrors } from '../common/responses';
import { InvalidFieldError } from '../common/errors';
import { JobRunPageResponseDto, JobRunResultResponseDto, ScheduleEntryResponseDto } from './scheduler-response.dto';

@ApiTags('schedule')
@ApiBearerAuth()
@Controller('schedule')
@ApiErrors(400, 401, 403, 404, 409)
export class SchedulerController {
  constructor(private readonly scheduler: SchedulerService) {}

  /**
   * Each job with its cron expression, next run and last run; `calendarWarning` is set on a job whose next run falls
   * in a year without working-day data.
   */
  @Can('schedule.read')
  @ApiOkResponse({ type: [ScheduleEntryResponseDto] })
  @Get()
  async list() {
    await this.scheduler.refreshLastRuns();
    return this.scheduler.schedule();
  }

  /** Recorded runs, newest first. */
  @Can('schedule.read')
  @ApiOkResponse({ type: JobRunPageResponseDto })
  @Get('runs')
  runs(@Query() q: JobRunQueryDto) {
    return this.scheduler.runs(q);
  }

  /**
   * Runs a job now, on any day, for its current slot; the body, if any, holds the run's arguments, e.g.
   * { "period": "2023-09" }, and `force`. What the slot sent already is not queued again unless `force` is true;
   * the answer counts it under `existing`.
   */
  @Can('schedule.run')
  @ApiCreatedResponse({ type: JobRunResultResponseDto })
  @Post(':job/run')
  @ApiBody({
    required: false,
    schema: {
      type: 'object',
      properties: {
        force: {
          type: 'boolean',
          description: 'queue again, under fresh keys, what an earlier run of the slot sent already (default false)',
        },
      },
      additionalProperties: true,
      example: { period: '2023-09' },
    },
  })
  run(@CurrentActor() actor: Actor, @Param('job') job: string, @Body() body?: Record<string, unknown>) {
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      return this.scheduler.runNow(job, body ?? {}, actor);
    const { force = false, ...args } = body;
    if (typeof force !== 'boolean')
      throw new InvalidFieldError('force', 'must be true or false', '必须为 true 或 false');
    return this.scheduler.runNow(job, args, actor, force);
  }
}
