// What the dashboard answers: a plan's state today, per work item, indicator and unit.
import { ApiProperty } from '@nestjs/swagger';
import { CalendarGapResponseDto } from '../calendar/calendar-gap-response.dto';
import { IndicatorResponseDto } from '../indicators/indicator-response.dto';
import { UnitRefResponseDto } from '../units/unit-response.dto';

export class StatusCountsResponseDto {
  @ApiProperty()
  draft: number;

  @ApiProperty()
  assigned: number;

  @ApiProperty()
  in_progress: number;

  @ApiProperty()
  submitted: number;

  @ApiProperty()
  closed: number;

  @ApiProperty()
  blocked: number;

  @ApiProperty()
  cancelled: number;
}

export class ColourCountsResponseDto {
  @ApiProperty()
  red: number;

  @ApiProperty()
  yellow: number;

  @ApiProperty()
  blue: number;

  @ApiProperty()
  none: number;
}

export class DashboardPlanResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;
}

export class TaskBucketResponseDto {
  @ApiProperty()
  tasks: number;

  @ApiProperty({ type: StatusCountsResponseDto })
  byStatus: StatusCountsResponseDto;

  @ApiProperty({ type: ColourCountsResponseDto })
  byColour: ColourCountsResponseDto;

  @ApiProperty()
  overdue: number;

  @ApiProperty({ type: [Number], description: 'the first 20 overdue tasks, the longest overdue first' })
  overdueTaskIds: number[];

  @ApiProperty({ description: 'the web task list of every one of the overdue tasks counted here' })
  overdueList: string;

  @ApiProperty({ type: Number, nullable: true })
  meanProgress: number | null;
}

export class DashboardWorkItemResponseDto extends TaskBucketResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  seq: number;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;
}

export class DashboardUnitResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: Number, nullable: true, description: 'by the ranking rule; equal units share a rank' })
  rank: number | null;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;

  @ApiProperty({ description: 'tasks the unit leads' })
  lead: number;

  @ApiProperty({ description: 'tasks the unit supports' })
  supporting: number;

  @ApiProperty()
  open: number;

  @ApiProperty()
  overdue: number;

  @ApiProperty({ type: [Number], description: 'the first 20 overdue tasks, the longest overdue first' })
  overdueTaskIds: number[];

  @ApiProperty({ description: 'the web task list of every one of the overdue tasks counted here' })
  overdueList: string;

  @ApiProperty()
  closed: number;

  @ApiProperty()
  closedOnTime: number;

  @ApiProperty({ type: Number, nullable: true })
  onTimeClosingRate: number | null;

  @ApiProperty({ description: 'tasks whose deadline was moved' })
  replanned: number;

  @ApiProperty({ type: ColourCountsResponseDto })
  byColour: ColourCountsResponseDto;
}

export class DashboardTaskUnitResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;
}

export class DashboardOverdueTaskResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty()
  status: string;

  @ApiProperty({ type: String, format: 'date' })
  deadline: string;

  @ApiProperty()
  progress: number;

  @ApiProperty({ type: String, nullable: true, enum: ['red', 'yellow', 'blue'] })
  colour: string | null;

  @ApiProperty({ description: 'negative: working days past the deadline' })
  workingDaysLeft: number;

  @ApiProperty({ type: DashboardTaskUnitResponseDto, nullable: true })
  leadUnit: DashboardTaskUnitResponseDto | null;
}

export class DashboardTopOverdueResponseDto {
  @ApiProperty({ description: 'every overdue top-level task the caller sees (totals.overdue)' })
  total: number;

  @ApiProperty({
    type: [DashboardOverdueTaskResponseDto],
    description: 'at most `top` of them, the longest overdue first (deadline, then code)',
  })
  items: DashboardOverdueTaskResponseDto[];

  @ApiProperty({ description: 'the web task list of all of them' })
  list: string;
}

/** A rule a figure follows, in both languages, as the pages print it. */
export class FigureRuleResponseDto {
  @ApiProperty()
  zh: string;

  @ApiProperty()
  en: string;
}

export class DashboardAssessmentRowResponseDto {
  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty()
  score: number;

  @ApiProperty()
  rank: number;
}

export class DashboardAssessmentResponseDto {
  @ApiProperty({ example: '2023-09' })
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  from: string;

  @ApiProperty({ type: String, format: 'date' })
  to: string;

  @ApiProperty({ description: 'units assessed' })
  units: number;

  @ApiProperty({ type: [DashboardAssessmentRowResponseDto], description: 'the highest scores, best first' })
  top: DashboardAssessmentRowResponseDto[];

  @ApiProperty({ type: [DashboardAssessmentRowResponseDto], description: 'the lowest scores, the lowest last' })
  bottom: DashboardAssessmentRowResponseDto[];

  @ApiProperty({ example: '/assessment?period=2023-09', description: 'the web page of the whole ranking' })
  list: string;
}

export class DashboardResponseDto {
  @ApiProperty({ type: String, format: 'date' })
  asOf: string;

  @ApiProperty({ type: FigureRuleResponseDto, description: 'which tasks the counts hold' })
  countingRule: FigureRuleResponseDto;

  @ApiProperty({
    type: [CalendarGapResponseDto],
    description:
      'years that today, the plan or its deadlines fall in and that have no working-day calendar loaded: their ' +
      'working days are counted Monday to Friday, so overdue and due-soon figures may be wrong; empty when none',
  })
  calendarWarnings: CalendarGapResponseDto[];

  @ApiProperty({ type: DashboardPlanResponseDto })
  plan: DashboardPlanResponseDto;

  @ApiProperty({ type: TaskBucketResponseDto })
  totals: TaskBucketResponseDto;

  @ApiProperty({ type: [DashboardWorkItemResponseDto] })
  workItems: DashboardWorkItemResponseDto[];

  @ApiProperty({ type: [IndicatorResponseDto] })
  indicators: IndicatorResponseDto[];

  @ApiProperty({ type: [DashboardUnitResponseDto] })
  units: DashboardUnitResponseDto[];

  @ApiProperty({ type: FigureRuleResponseDto, description: 'how units are ranked (the rank of each unit)' })
  rankingRule: FigureRuleResponseDto;

  @ApiProperty({ type: DashboardTopOverdueResponseDto })
  topOverdue: DashboardTopOverdueResponseDto;

  @ApiProperty({
    type: DashboardAssessmentResponseDto,
    nullable: true,
    description: "this month's unit assessment (考评), the top and bottom units; null for a role that may not read it",
  })
  assessment: DashboardAssessmentResponseDto | null;
}
