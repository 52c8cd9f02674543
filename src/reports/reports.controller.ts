import { Can } from '../access';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { AcceptReportDto, CreateReportDto, ReportQueryDto, ReturnReportDto } from './report.dto';
import { ReportsService } from './reports.service';

/** A task's reports: filed by its lead and supporting units. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('tasks')
export class TaskReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** The task's reports, newest first. */
  @Get(':id/reports')
  list(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.reports.listForTask(actor, id);
  }

  /** A unit files its progress report on the task for a period. */
  @Can('report.file')
  @Post(':id/reports')
  file(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateReportDto) {
    return this.reports.file(actor, id, dto);
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto) {
    return this.reports.list(actor, q);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.reports.get(actor, id);
  }

  /** The secretariat accepts a report. */
  @Can('report.review')
  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AcceptReportDto) {
    return this.reports.accept(actor, id, dto);
  }

  /** The secretariat sends a report back with a reason (退办). */
  @Can('report.review')
  @Post(':id/return')
  @HttpCode(200)
  return(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReturnReportDto) {
    return this.reports.return(actor, id, dto.reason);
  }
}
