// What the API answers about dispatch rounds (调度): each round's counts and each unit's state in it.
import type { Action } from '../access';
import { ApiProperty } from '@nestjs/swagger';
import {
  ALLOWED_ACTIONS,
  PageResponseDto,
  ReportIdsCountResponseDto,
  TaskIdsCountResponseDto,
  UnitIdsCountResponseDto,
} from '../common/responses';
import { UnitRefResponseDto } from '../units/unit-response.dto';
import { UserRefResponseDto } from '../users/user-response.dto';

const UNIT_STATES = ['reported', 'partial', 'awaiting', 'late', 'nothing_expected'];

export class RoundPlanResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;
}

export class UnitTaskPairResponseDto {
  @ApiProperty()
  unitId: number;

  @ApiProperty()
  taskId: number;
}

export class UnitTaskPairsCountResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [UnitTaskPairResponseDto] })
  items: UnitTaskPairResponseDto[];
}

export class UnitStateCountsResponseDto {
  @ApiProperty({ type: UnitIdsCountResponseDto })
  reported: UnitIdsCountResponseDto;

  @ApiProperty({ type: UnitIdsCountResponseDto })
  partial: UnitIdsCountResponseDto;

  @ApiProperty({ type: UnitIdsCountResponseDto })
  awaiting: UnitIdsCountResponseDto;

  @ApiProperty({ type: UnitIdsCountResponseDto })
  late: UnitIdsCountResponseDto;

  @ApiProperty({ type: UnitIdsCountResponseDto })
  nothing_expected: UnitIdsCountResponseDto;
}

export class RoundTotalsResponseDto {
  @ApiProperty({ type: UnitIdsCountResponseDto })
  units: UnitIdsCountResponseDto;

  @ApiProperty({ type: UnitTaskPairsCountResponseDto, description: 'reports expected: one per lead unit and task' })
  expected: UnitTaskPairsCountResponseDto;

  @ApiProperty({ type: ReportIdsCountResponseDto })
  received: ReportIdsCountResponseDto;

  @ApiProperty({ type: UnitTaskPairsCountResponseDto })
  missing: UnitTaskPairsCountResponseDto;

  @ApiProperty({ type: ReportIdsCountResponseDto })
  late: ReportIdsCountResponseDto;

  @ApiProperty({ type: UnitStateCountsResponseDto })
  byState: UnitStateCountsResponseDto;
}

/** A round in a list, with its counts. */
export class RoundSummaryResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: RoundPlanResponseDto })
  plan: RoundPlanResponseDto;

  @ApiProperty({ example: '2023-09' })
  period: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, format: 'date' })
  dueDate: string;

  @ApiProperty({ enum: ['open', 'closed'] })
  status: string;

  @ApiProperty({ type: UserRefResponseDto, nullable: true, description: 'null when opened by the schedule' })
  openedBy: UserRefResponseDto | null;

  @ApiProperty({ type: String, format: 'date-time' })
  openedAt: Date;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  closedAt: Date | null;

  @ApiProperty({ type: [String], description: 'the working days reminders go out on' })
  reminderDays: string[];

  @ApiProperty({ type: String, format: 'date' })
  lateNoticeDay: string;

  @ApiProperty({ type: RoundTotalsResponseDto })
  totals: RoundTotalsResponseDto;

  @ApiProperty(ALLOWED_ACTIONS)
  allowedActions: Action[];
}

export class RoundPageResponseDto extends PageResponseDto(RoundSummaryResponseDto) {}

export class ScopeTaskResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty()
  leadUnitId: number;

  @ApiProperty({ type: [Number] })
  supportingUnitIds: number[];
}

export class ReceivedCountResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [Number] })
  reportIds: number[];

  @ApiProperty({ type: [Number] })
  taskIds: number[];
}

export class UnitStatusResponseDto {
  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty({ enum: UNIT_STATES })
  state: string;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  expected: TaskIdsCountResponseDto;

  @ApiProperty({ type: ReceivedCountResponseDto })
  received: ReceivedCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto })
  missing: TaskIdsCountResponseDto;

  @ApiProperty({ type: ReceivedCountResponseDto })
  late: ReceivedCountResponseDto;

  @ApiProperty({ type: TaskIdsCountResponseDto, description: 'tasks the unit supports' })
  supporting: TaskIdsCountResponseDto;

  @ApiProperty({ type: ReportIdsCountResponseDto, description: "the unit's reports on tasks it supports" })
  contributions: ReportIdsCountResponseDto;
}

/** One round with each unit's state. */
export class RoundResponseDto extends RoundSummaryResponseDto {
  @ApiProperty({ type: [ScopeTaskResponseDto] })
  tasks: ScopeTaskResponseDto[];

  @ApiProperty({ type: [UnitStatusResponseDto] })
  units: UnitStatusResponseDto[];
}

export class RoundRequestsResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [Number] })
  messageIds: number[];

  @ApiProperty({ type: [Number] })
  unitIds: number[];

  @ApiProperty({ type: [Number], description: 'units with no address to write to' })
  withoutAddress: number[];
}

/** A round just opened, with the requests it queued. */
export class OpenedRoundResponseDto extends RoundResponseDto {
  @ApiProperty({ type: RoundRequestsResponseDto })
  requests: RoundRequestsResponseDto;

  @ApiProperty({ type: [Number], description: 'reports filed before the round that it counts' })
  linkedReportIds: number[];
}

export class LateTaskResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;
}

export class LateReportResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  taskId: number;

  @ApiProperty({ type: String, format: 'date' })
  filedOn: string;
}

export class LateMissingResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [LateTaskResponseDto] })
  tasks: LateTaskResponseDto[];
}

export class LateReportsResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [LateReportResponseDto] })
  reports: LateReportResponseDto[];
}

export class LateUnitResponseDto {
  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty({ enum: UNIT_STATES })
  state: string;

  @ApiProperty({ type: LateMissingResponseDto })
  missing: LateMissingResponseDto;

  @ApiProperty({ type: LateReportsResponseDto })
  late: LateReportsResponseDto;
}

export class LateTotalsResponseDto {
  @ApiProperty({ type: UnitIdsCountResponseDto })
  units: UnitIdsCountResponseDto;

  @ApiProperty({ type: UnitTaskPairsCountResponseDto })
  missing: UnitTaskPairsCountResponseDto;

  @ApiProperty({ type: ReportIdsCountResponseDto })
  late: ReportIdsCountResponseDto;
}

/** The units late with their reports in a round. */
export class RoundLateResponseDto {
  @ApiProperty()
  roundId: number;

  @ApiProperty()
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  dueDate: string;

  @ApiProperty({ type: String, format: 'date' })
  asOf: string;

  @ApiProperty({ type: [LateUnitResponseDto] })
  units: LateUnitResponseDto[];

  @ApiProperty({ type: LateTotalsResponseDto })
  totals: LateTotalsResponseDto;
}
