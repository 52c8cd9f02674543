import { Can } from '../access';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { AcceptReportDto, CreateReportDto, ReportQueryDto, ReturnReportDto } from './report.dto';
import { ReportsService } from './reports.service';
import { ApiErrors, ApiForbiddenCodes } from '../common/responses';
import { ReportPageResponseDto, ReportResponseDto } from './report-response.dto';

/** A task's reports: filed by its lead and supporting units. */
@ApiTags('reports')
@ApiBearerAuth()
@Controller('tasks')
@ApiErrors(400, 401, 403, 404, 409)
export class TaskReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** The task's reports, newest first. */
  @ApiOkResponse({ type: [ReportResponseDto] })
  @Get(':id/reports')
  list(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.reports.listForTask(actor, id);
  }

  /** A unit files its progress report on the task for a period. */
  @Can('report.file')
  @ApiCreatedResponse({ type: ReportResponseDto })
  @Post(':id/reports')
  file(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: CreateReportDto) {
    return this.reports.file(actor, id, dto);
  }
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
@ApiErrors(400, 401, 403, 404, 409)
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @ApiOkResponse({ type: ReportPageResponseDto })
  @Get()
  list(@CurrentActor() actor: Actor, @Query() q: ReportQueryDto) {
    return this.reports.list(actor, q);
  }

  @ApiOkResponse({ type: ReportResponseDto })
  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.reports.get(actor, id);
  }

  /** The secretariat accepts a report. */
  @Can('report.review')
  @ApiOkResponse({ type: ReportResponseDto })
  @ApiForbiddenCodes({ own_report: 'the caller filed this report (separation of duties)' })
  @Post(':id/accept')
  @HttpCode(200)
  accept(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: AcceptReportDto) {
    return this.reports.accept(actor, id, dto);
  }

  /** The secretariat sends a report back with a reason (退办). */
  @Can('report.review')
  @ApiOkResponse({ type: ReportResponseDto })
  @ApiForbiddenCodes({ own_report: 'the caller filed this report (separation of duties)' })
  @Post(':id/return')
  @HttpCode(200)
  return(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number, @Body() dto: ReturnReportDto) {
    return this.reports.return(actor, id, dto.reason);
  }
}
