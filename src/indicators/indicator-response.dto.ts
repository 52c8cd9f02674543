// What the API answers about indicators: their terms, their metrics as of a date and their values.
import { ApiProperty } from '@nestjs/swagger';
import { DIRECTIONS } from './indicator.dto';
import type { Direction } from './indicator.entity';

export const INDICATOR_STATUSES = ['ahead', 'on_track', 'behind', 'no_data'];

export class IndicatorMetricsResponseDto {
  @ApiProperty({ type: String, format: 'date', description: 'the date the metrics are computed for' })
  asOf: string;

  @ApiProperty({ type: Number, nullable: true, description: 'the value row the latest value comes from' })
  latestValueId: number | null;

  @ApiProperty({ type: Number, nullable: true })
  latestValue: number | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  latestOn: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'progress from baseline to target, in percent' })
  achievementPercent: number | null;

  @ApiProperty({ description: 'share of the time from baseline to target elapsed today (序时进度)' })
  proRataToday: number;

  @ApiProperty({ type: Number, nullable: true })
  proRataAtLatest: number | null;

  @ApiProperty({ type: Number, nullable: true })
  gap: number | null;

  @ApiProperty({ type: Number, nullable: true })
  projectedValue: number | null;

  @ApiProperty({ type: Boolean, nullable: true })
  onTrack: boolean | null;

  @ApiProperty({ type: Boolean, nullable: true })
  targetReached: boolean | null;

  @ApiProperty({ enum: INDICATOR_STATUSES })
  status: string;
}

export class IndicatorResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  planId: number;

  @ApiProperty({ type: Number, nullable: true })
  workItemId: number | null;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;

  @ApiProperty({ description: 'unit of measure, e.g. 座, 户, %' })
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

  @ApiProperty({ enum: DIRECTIONS })
  direction: Direction;

  @ApiProperty()
  headline: boolean;

  @ApiProperty()
  source: string;

  @ApiProperty({ type: String, nullable: true })
  sourceQuote: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: IndicatorMetricsResponseDto })
  metrics: IndicatorMetricsResponseDto;
}

export class LinkedTaskResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;
}

export class IndicatorDetailResponseDto extends IndicatorResponseDto {
  @ApiProperty({ type: [LinkedTaskResponseDto], description: 'the tasks linked to the indicator' })
  tasks: LinkedTaskResponseDto[];
}

export class ValueReportResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  unitId: number;

  @ApiProperty()
  taskId: number;

  @ApiProperty()
  period: string;

  @ApiProperty({ enum: ['submitted', 'accepted', 'returned'] })
  status: string;
}

export class IndicatorValueResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  indicatorId: number;

  @ApiProperty()
  value: number;

  @ApiProperty({ type: String, format: 'date' })
  observedOn: string;

  @ApiProperty()
  note: string;

  @ApiProperty({ enum: ['report', 'secretariat', 'document'] })
  source: string;

  @ApiProperty({ type: ValueReportResponseDto, nullable: true, description: 'the report the value came with' })
  report: ValueReportResponseDto | null;

  @ApiProperty({ type: Number, nullable: true })
  enteredById: number | null;

  @ApiProperty()
  voided: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}
