// Unit assessment (考评): the ranking over a period, a unit's events behind its score, the ranking as .xlsx.
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Can } from '../access';
import { IdPipe } from '../common/id.pipe';
import { ApiErrors, ApiFile } from '../common/responses';
import { attachmentDisposition } from '../documents/docx';
import { XLSX_CONTENT_TYPE } from '../spreadsheets/xlsx';
import { assessmentSpan } from './assessment-period';
import { AssessmentResponseDto, AssessmentUnitEventsResponseDto } from './assessment-response.dto';
import { AssessmentExportQueryDto, AssessmentQueryDto } from './assessment.dto';
import { AssessmentService } from './assessment.service';

@ApiTags('assessment')
@ApiBearerAuth()
@Controller()
@ApiErrors(400, 401, 403, 404)
export class AssessmentController {
  constructor(private readonly assessment: AssessmentService) {}

  /** Each unit's score over the period, its points per kind and its rank (400 naming period, from or to). */
  @Can('assessment.read')
  @ApiOkResponse({ type: AssessmentResponseDto })
  @Get('assessment')
  ranking(@Query() q: AssessmentQueryDto) {
    return this.assessment.ranking(assessmentSpan(q));
  }

  /** Every event behind a unit's score, with its points and the row it was counted from. */
  @Can('assessment.read')
  @ApiOkResponse({ type: AssessmentUnitEventsResponseDto })
  @Get('assessment/units/:unitId/events')
  events(@Param('unitId', IdPipe) unitId: number, @Query() q: AssessmentQueryDto) {
    return this.assessment.unitEvents(unitId, assessmentSpan(q));
  }

  /** The ranking as a spreadsheet. */
  @Can('assessment.read')
  @ApiFile(XLSX_CONTENT_TYPE, 'the assessment ranking (.xlsx)')
  @Get('assessment.xlsx')
  async xlsx(@Query() q: AssessmentExportQueryDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const span = assessmentSpan(q);
    const lang = q.lang ?? 'zh-CN';
    const content = await this.assessment.spreadsheet(span, lang);
    void reply.header('content-type', XLSX_CONTENT_TYPE);
    const name = lang === 'en' ? `assessment-${span.label}.xlsx` : `考评-${span.label}.xlsx`;
    void reply.header('content-disposition', attachmentDisposition(name, `assessment-${span.from}-${span.to}.xlsx`));
    return content;
  }
}
