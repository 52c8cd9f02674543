// What the dashboard answers: a plan's state today, per work item, indicator and unit.
import { ApiProperty } from '@nestjs/swagger';
import { IndicatorResponseDto } from '../indicators/indicator-response.dto';

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

  @ApiProperty({ type: [Number] })
  overdueTaskIds: number[];

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

  @ApiProperty({ type: [Number] })
  overdueTaskIds: number[];

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

export class DashboardResponseDto {
  @ApiProperty({ type: String, format: 'date' })
  asOf: string;

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
}
