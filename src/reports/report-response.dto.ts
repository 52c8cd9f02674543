// What the API answers about progress reports (see ReportView in reports.service.ts).
import type { Action } from '../access';
import { ApiProperty } from '@nestjs/swagger';
import { ALLOWED_ACTIONS, PageResponseDto } from '../common/responses';
import { UnitRefResponseDto } from '../units/unit-response.dto';
import { UserRefResponseDto } from '../users/user-response.dto';
import { REPORT_STATUSES } from './report.dto';
import type { ReportStatus } from './progress-report.entity';

export class ReportTaskRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;
}

/** An indicator value filed with the report. */
export class ReportValueResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  indicatorId: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;

  @ApiProperty()
  measure: string;

  @ApiProperty()
  value: number;

  @ApiProperty({ type: String, format: 'date' })
  observedOn: string;

  @ApiProperty()
  voided: boolean;
}

/** An attachment of the report (download: /api/attachments/:id/content). */
export class ReportAttachmentRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ example: '天水移动9月进展.docx' })
  filename: string;

  @ApiProperty({ description: 'bytes' })
  size: number;

  @ApiProperty({ example: 'application/pdf' })
  contentType: string;
}

export class ReportResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: ReportTaskRefResponseDto })
  task: ReportTaskRefResponseDto;

  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty({ description: "the lead unit's report, the one that answers for the task" })
  fromLeadUnit: boolean;

  @ApiProperty({ example: '2023-09' })
  period: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ minimum: 0, maximum: 100 })
  percent: number;

  @ApiProperty({ type: Number, nullable: true, description: "the task's progress before the report" })
  progressBefore: number | null;

  @ApiProperty()
  problems: string;

  @ApiProperty()
  nextSteps: string;

  @ApiProperty()
  needsCoordination: boolean;

  @ApiProperty({ enum: REPORT_STATUSES })
  status: ReportStatus;

  @ApiProperty({ type: String, nullable: true })
  reviewReason: string | null;

  @ApiProperty({ type: UserRefResponseDto, nullable: true })
  reviewedBy: UserRefResponseDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  reviewedAt: Date | null;

  @ApiProperty({ type: Number, nullable: true, description: 'the returned report this one files again' })
  resubmissionOfId: number | null;

  @ApiProperty({ type: UserRefResponseDto, nullable: true })
  filedBy: UserRefResponseDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  filedAt: Date;

  @ApiProperty({ type: String, format: 'date' })
  filedOn: string;

  @ApiProperty()
  source: string;

  @ApiProperty({ type: Number, nullable: true, description: 'the dispatch round the report answers' })
  dispatchRoundId: number | null;

  @ApiProperty({ description: "filed after its dispatch round's due date" })
  late: boolean;

  @ApiProperty({ type: [ReportValueResponseDto] })
  indicatorValues: ReportValueResponseDto[];

  @ApiProperty({ type: [ReportAttachmentRefResponseDto], description: 'the attachments (附件), oldest first' })
  attachments: ReportAttachmentRefResponseDto[];

  @ApiProperty(ALLOWED_ACTIONS)
  allowedActions: Action[];
}

export class ReportPageResponseDto extends PageResponseDto(ReportResponseDto) {}
