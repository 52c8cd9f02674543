// What the API answers about bulletins (简报): the bulletin, and its frozen snapshot where every figure keeps the
// ids of the rows it came from (see bulletin-snapshot.ts).
import type { Action } from '../access';
import { ApiProperty } from '@nestjs/swagger';
import {
  ALLOWED_ACTIONS,
  ReportIdsCountResponseDto,
  TaskIdsCountResponseDto,
  UnitIdsCountResponseDto,
} from '../common/responses';
import { INDICATOR_STATUSES } from '../indicators/indicator-response.dto';
import { TASK_STATUSES } from '../tasks/task.entity';

export class SnapshotUnitRefResponseDto {
  @ApiProperty()
  unitId: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;
}

export class SnapshotAcknowledgementsResponseDto extends SnapshotUnitRefResponseDto {
  @ApiProperty({ description: 'items sent to the unit for acknowledgement in the period' })
  requested: number;

  @ApiProperty({ description: 'acknowledged by their due time' })
  onTime: number;

  @ApiProperty({ description: 'acknowledged after their due time, or still awaited past it' })
  late: number;

  @ApiProperty({ description: 'still awaited' })
  pending: number;
}

export class SnapshotUrgingsResponseDto extends SnapshotUnitRefResponseDto {
  @ApiProperty({ description: 'urgings the unit received in the period' })
  count: number;
}

export class SnapshotFollowUpResponseDto {
  @ApiProperty({ type: [SnapshotAcknowledgementsResponseDto] })
  acknowledgements: SnapshotAcknowledgementsResponseDto[];

  @ApiProperty({ type: [SnapshotUrgingsResponseDto] })
  urgings: SnapshotUrgingsResponseDto[];
}

export class SnapshotTaskRefResponseDto {
  @ApiProperty()
  taskId: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;
}

export class SnapshotPlanResponseDto {
  @ApiProperty()
  planId: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;
}

export class SnapshotSummaryResponseDto {
  @ApiProperty({ type: TaskIdsCountResponseDto })
  tasks: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  open: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  closedThisPeriod: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  overdue: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  red: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  yellow: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  blue: TaskIdsCountResponseDto;

  @ApiProperty({ type: ReportIdsCountResponseDto })
  coordination: ReportIdsCountResponseDto;

  @ApiProperty({ type: UnitIdsCountResponseDto })
  lateUnits: UnitIdsCountResponseDto;
}

export class SnapshotIndicatorResponseDto {
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

  @ApiProperty({ type: String, nullable: true })
  measureEn: string | null;

  @ApiProperty()
  baseline: number;

  @ApiProperty({ type: String, format: 'date' })
  baselineDate: string;

  @ApiProperty()
  target: number;

  @ApiProperty({ type: String, format: 'date' })
  targetDate: string;

  @ApiProperty({ enum: ['increase', 'decrease'] })
  direction: string;

  @ApiProperty({ type: Number, nullable: true })
  latestValue: number | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  latestOn: string | null;

  @ApiProperty({ type: Number, nullable: true })
  achievementPercent: number | null;

  @ApiProperty()
  proRataPercent: number;

  @ApiProperty({ type: Number, nullable: true })
  proRataAtLatest: number | null;

  @ApiProperty({ type: Number, nullable: true })
  gap: number | null;

  @ApiProperty({ enum: INDICATOR_STATUSES })
  status: string;

  @ApiProperty({ type: Boolean, nullable: true })
  onTrack: boolean | null;

  @ApiProperty({ type: Boolean, nullable: true })
  targetReached: boolean | null;

  @ApiProperty({ type: [Number], description: 'the value rows the figures come from' })
  valueIds: number[];
}

export class StatusTaskCountsResponseDto {
  @ApiProperty({ type: TaskIdsCountResponseDto })
  draft: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  assigned: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  in_progress: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  submitted: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  closed: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  blocked: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  cancelled: TaskIdsCountResponseDto;
}

export class ColourTaskCountsResponseDto {
  @ApiProperty({ type: TaskIdsCountResponseDto })
  red: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  yellow: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  blue: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  none: TaskIdsCountResponseDto;
}

export class SnapshotWorkItemResponseDto {
  @ApiProperty()
  workItemId: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  seq: number;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  tasks: TaskIdsCountResponseDto;

  @ApiProperty({ type: StatusTaskCountsResponseDto })
  byStatus: StatusTaskCountsResponseDto;

  @ApiProperty({ type: ColourTaskCountsResponseDto })
  byColour: ColourTaskCountsResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  overdue: TaskIdsCountResponseDto;

  @ApiProperty({ type: Number, nullable: true })
  meanProgress: number | null;

  @ApiProperty({ type: [Number] })
  meanProgressTaskIds: number[];
}

export class ClosedTaskResponseDto extends SnapshotTaskRefResponseDto {
  @ApiProperty()
  workItemId: number;

  @ApiProperty({ type: SnapshotUnitRefResponseDto })
  leadUnit: SnapshotUnitRefResponseDto;

  @ApiProperty({ type: String, format: 'date' })
  closedOn: string;

  @ApiProperty({ type: String, format: 'date' })
  deadline: string;

  @ApiProperty({ type: String, format: 'date' })
  originalDeadline: string;

  @ApiProperty()
  onTime: boolean;

  @ApiProperty()
  replanned: boolean;
}

export class ClosedThisPeriodResponseDto {
  @ApiProperty({ type: [ClosedTaskResponseDto] })
  tasks: ClosedTaskResponseDto[];

  @ApiProperty({ type: TaskIdsCountResponseDto })
  total: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  onTime: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  replanned: TaskIdsCountResponseDto;
}

export class UnitGradesResponseDto extends SnapshotUnitRefResponseDto {
  @ApiProperty({ type: TaskIdsCountResponseDto })
  open: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  overdue: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  red: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  yellow: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  blue: TaskIdsCountResponseDto;
}

export class OverdueTaskResponseDto extends SnapshotTaskRefResponseDto {
  @ApiProperty({ type: SnapshotUnitRefResponseDto })
  leadUnit: SnapshotUnitRefResponseDto;

  @ApiProperty({ enum: TASK_STATUSES })
  status: string;

  @ApiProperty({ type: String, format: 'date' })
  deadline: string;

  @ApiProperty()
  progress: number;

  @ApiProperty()
  workingDaysOverdue: number;
}

export class RankingClosingResponseDto {
  @ApiProperty({ type: TaskIdsCountResponseDto })
  closed: TaskIdsCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  onTime: TaskIdsCountResponseDto;

  @ApiProperty({ type: Number, nullable: true })
  rate: number | null;
}

export class RankingReportingResponseDto {
  @ApiProperty()
  expected: number;

  @ApiProperty({ type: [Number] })
  expectedTaskIds: number[];

  @ApiProperty()
  onTime: number;

  @ApiProperty({ type: [Number] })
  onTimeReportIds: number[];

  @ApiProperty({ type: Number, nullable: true })
  rate: number | null;

  @ApiProperty({ type: [Number] })
  roundIds: number[];
}

export class UnitRankingResponseDto extends SnapshotUnitRefResponseDto {
  @ApiProperty({ type: Number, nullable: true, description: 'equal units share a rank; null: leads too few tasks' })
  rank: number | null;

  @ApiProperty({ description: 'counted tasks the unit leads' })
  ledTasks: number;

  @ApiProperty({ description: 'its overdue tasks' })
  overdue: number;

  @ApiProperty({ type: RankingClosingResponseDto })
  closing: RankingClosingResponseDto;

  @ApiProperty({ type: RankingReportingResponseDto })
  reporting: RankingReportingResponseDto;
}

export class LateCountResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [Number] })
  taskIds: number[];

  @ApiProperty({ type: [Number] })
  reportIds: number[];
}

export class SnapshotLateUnitResponseDto extends SnapshotUnitRefResponseDto {
  @ApiProperty({ type: TaskIdsCountResponseDto })
  missing: TaskIdsCountResponseDto;

  @ApiProperty({ type: LateCountResponseDto })
  late: LateCountResponseDto;
}

export class LateReportingRoundResponseDto {
  @ApiProperty()
  roundId: number;

  @ApiProperty()
  period: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, format: 'date' })
  dueDate: string;

  @ApiProperty({ type: [SnapshotLateUnitResponseDto] })
  units: SnapshotLateUnitResponseDto[];
}

export class LateReportingResponseDto {
  @ApiProperty({ type: [LateReportingRoundResponseDto] })
  rounds: LateReportingRoundResponseDto[];

  @ApiProperty({ type: [Number] })
  roundIds: number[];
}

export class CoordinationMatterResponseDto {
  @ApiProperty()
  reportId: number;

  @ApiProperty({ type: SnapshotTaskRefResponseDto })
  task: SnapshotTaskRefResponseDto;

  @ApiProperty({ type: SnapshotUnitRefResponseDto })
  unit: SnapshotUnitRefResponseDto;

  @ApiProperty()
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  filedOn: string;

  @ApiProperty()
  problems: string;

  @ApiProperty()
  text: string;

  @ApiProperty()
  nextSteps: string;
}

/** The assessment's ranking as the bulletin keeps it (see SnapshotAssessment). */
export class SnapshotAssessmentKindResponseDto {
  @ApiProperty()
  kind: string;

  @ApiProperty()
  label: string;

  @ApiProperty()
  labelEn: string;

  @ApiProperty()
  points: number;
}

export class SnapshotAssessmentUnitResponseDto {
  @ApiProperty()
  unitId: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;

  @ApiProperty()
  score: number;

  @ApiProperty()
  rank: number;
}

export class SnapshotAssessmentResponseDto {
  @ApiProperty({ type: String, format: 'date' })
  from: string;

  @ApiProperty({ type: String, format: 'date' })
  to: string;

  @ApiProperty({ type: [SnapshotAssessmentKindResponseDto] })
  kinds: SnapshotAssessmentKindResponseDto[];

  @ApiProperty({ type: [SnapshotAssessmentUnitResponseDto], description: 'in ranking order' })
  units: SnapshotAssessmentUnitResponseDto[];
}

export class BulletinSnapshotResponseDto {
  @ApiProperty()
  version: number;

  @ApiProperty({ type: SnapshotPlanResponseDto })
  plan: SnapshotPlanResponseDto;

  @ApiProperty()
  number: number;

  @ApiProperty()
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  periodStart: string;

  @ApiProperty({ type: String, format: 'date' })
  periodEnd: string;

  @ApiProperty({ type: String, format: 'date' })
  asOf: string;

  @ApiProperty({ type: String, format: 'date' })
  generatedOn: string;

  @ApiProperty({ type: SnapshotSummaryResponseDto })
  summary: SnapshotSummaryResponseDto;

  @ApiProperty({ type: [SnapshotIndicatorResponseDto] })
  indicators: SnapshotIndicatorResponseDto[];

  @ApiProperty({ type: [SnapshotWorkItemResponseDto] })
  workItems: SnapshotWorkItemResponseDto[];

  @ApiProperty({ type: ClosedThisPeriodResponseDto })
  closedThisPeriod: ClosedThisPeriodResponseDto;

  @ApiProperty({ type: [UnitGradesResponseDto] })
  unitGrades: UnitGradesResponseDto[];

  @ApiProperty({ type: [OverdueTaskResponseDto] })
  overdueTasks: OverdueTaskResponseDto[];

  @ApiProperty({ type: [UnitRankingResponseDto] })
  ranking: UnitRankingResponseDto[];

  @ApiProperty({ type: LateReportingResponseDto })
  lateReporting: LateReportingResponseDto;

  @ApiProperty({ type: [CoordinationMatterResponseDto] })
  coordination: CoordinationMatterResponseDto[];

  @ApiProperty({
    type: [Number],
    required: false,
    example: [2027],
    description:
      'years the bulletin reaches that had no working-day calendar when it was generated (its working days there ' +
      'are counted Monday to Friday, and the documents say so); absent when there are none',
  })
  calendarMissingYears?: number[];

  @ApiProperty({
    type: SnapshotAssessmentResponseDto,
    required: false,
    description: 'the unit assessment (考评排名) of the period at generation; absent in older snapshots',
  })
  assessment?: SnapshotAssessmentResponseDto;

  @ApiProperty({
    type: SnapshotFollowUpResponseDto,
    required: false,
    description: 'acknowledgements and urgings per unit in the period; absent in snapshots older than the field',
  })
  followUp?: SnapshotFollowUpResponseDto;
}

/** A bulletin without its snapshot, as lists show it. */
export class BulletinSummaryResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  planId: number;

  @ApiProperty({ description: "the bulletin's number in its plan" })
  number: number;

  @ApiProperty({ example: '2023-09' })
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  periodStart: string;

  @ApiProperty({ type: String, format: 'date' })
  periodEnd: string;

  @ApiProperty({ enum: ['draft', 'sent'] })
  status: string;

  @ApiProperty({ type: String, format: 'date-time' })
  generatedAt: Date;

  @ApiProperty({ type: Number, nullable: true })
  generatedById: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt: Date | null;

  @ApiProperty({ type: Number, nullable: true })
  sentById: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty(ALLOWED_ACTIONS)
  allowedActions: Action[];
}

export class BulletinResponseDto extends BulletinSummaryResponseDto {
  @ApiProperty({ type: BulletinSnapshotResponseDto })
  snapshot: BulletinSnapshotResponseDto;
}

export class BulletinCountsResponseDto {
  @ApiProperty() tasks: number;
  @ApiProperty() open: number;
  @ApiProperty() closedThisPeriod: number;
  @ApiProperty() overdue: number;
  @ApiProperty() red: number;
  @ApiProperty() yellow: number;
  @ApiProperty() blue: number;
  @ApiProperty({ description: 'matters needing coordination raised in the period' }) coordination: number;
  @ApiProperty({ description: 'units late or missing reports in rounds due in the period' }) lateUnits: number;
}

export class BulletinLinksResponseDto {
  @ApiProperty({ description: 'the bulletin with its snapshot' }) self: string;
  @ApiProperty({ description: 'the HTML email' }) html: string;
  @ApiProperty({ description: 'the Word document' }) docx: string;
  @ApiProperty({ description: 'the PDF (406 without LibreOffice)' }) pdf: string;
}

/** What generating a bulletin answers: a summary, its key counts and links; GET /api/bulletins/{id} has the snapshot. */
export class BulletinCreatedResponseDto extends BulletinSummaryResponseDto {
  @ApiProperty({ type: String, format: 'date', description: 'the date the figures are computed for' })
  asOf: string;

  @ApiProperty({ type: BulletinCountsResponseDto })
  counts: BulletinCountsResponseDto;

  @ApiProperty({ type: BulletinLinksResponseDto })
  links: BulletinLinksResponseDto;
}

export class UnitWithoutAddressResponseDto {
  @ApiProperty()
  unitId: number;

  @ApiProperty()
  code: string;
}

export class BulletinSendResponseDto {
  @ApiProperty({ type: BulletinSummaryResponseDto })
  bulletin: BulletinSummaryResponseDto;

  @ApiProperty({ description: 'messages written to the outbox' })
  messages: number;

  @ApiProperty({ type: [String] })
  recipients: string[];

  @ApiProperty({ type: [UnitWithoutAddressResponseDto], description: 'units nothing could be addressed to' })
  unitsWithoutAddress: UnitWithoutAddressResponseDto[];
}
