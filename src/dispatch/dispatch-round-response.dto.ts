// What the API answers about dispatch rounds (调度): each round's counts and each unit's state in it, bounded by the
// number of units; the tasks of a round come a page at a time.
import type { Action } from '../access';
import { ApiProperty, PickType } from '@nestjs/swagger';
import { ALLOWED_ACTIONS, PageResponseDto, UnitIdsCountResponseDto } from '../common/responses';
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

export class CountResponseDto {
  @ApiProperty()
  count: number;
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

/** A round's counts; its tasks are read a page at a time from GET /api/dispatch-rounds/:id/tasks. */
export class RoundTotalsResponseDto {
  @ApiProperty({ type: UnitIdsCountResponseDto })
  units: UnitIdsCountResponseDto;

  @ApiProperty({
    type: CountResponseDto,
    description: 'tasks in scope (for a liaison: those its unit leads or supports)',
  })
  tasks: CountResponseDto;

  @ApiProperty({ type: CountResponseDto, description: 'reports expected: one per lead unit and task' })
  expected: CountResponseDto;

  @ApiProperty({ type: CountResponseDto })
  received: CountResponseDto;

  @ApiProperty({ type: CountResponseDto })
  missing: CountResponseDto;

  @ApiProperty({ type: CountResponseDto })
  late: CountResponseDto;

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

export class RoundTaskResponseDto {
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

  @ApiProperty({ description: 'the lead unit has a report of the period that answers the round' })
  reported: boolean;

  @ApiProperty({ description: 'one of those reports was filed after the due date' })
  late: boolean;

  @ApiProperty({ type: [Number], description: "the lead unit's answering reports of the period on the task" })
  reportIds: number[];
}

export class MissingTaskResponseDto extends PickType(RoundTaskResponseDto, ['id', 'code', 'title', 'titleEn']) {}

export class RoundTaskPageResponseDto extends PageResponseDto(RoundTaskResponseDto) {}

/** A unit's counts in a round; the tasks behind them: GET /api/dispatch-rounds/:id/tasks?unitId=. */
export class UnitStatusResponseDto {
  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty({ enum: UNIT_STATES })
  state: string;

  @ApiProperty({ type: CountResponseDto, description: 'tasks it leads: one report expected on each' })
  expected: CountResponseDto;

  @ApiProperty({ type: CountResponseDto, description: 'its reports answering those' })
  received: CountResponseDto;

  @ApiProperty({ type: CountResponseDto, description: 'tasks it leads with no report yet' })
  missing: CountResponseDto;

  @ApiProperty({ type: CountResponseDto, description: 'reports received after the due date' })
  late: CountResponseDto;

  @ApiProperty({ type: CountResponseDto, description: 'tasks the unit supports' })
  supporting: CountResponseDto;

  @ApiProperty({ type: CountResponseDto, description: "the unit's reports on tasks it supports" })
  contributions: CountResponseDto;
}

/** One round with each unit's counts. */
export class RoundResponseDto extends RoundSummaryResponseDto {
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

  @ApiProperty({ type: CountResponseDto, description: 'reports filed before the round that it counts' })
  linkedReports: CountResponseDto;
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

  @ApiProperty({ type: [LateTaskResponseDto], description: 'the first 50; count is the whole' })
  tasks: LateTaskResponseDto[];
}

export class LateReportsResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [LateReportResponseDto], description: 'the first 50; count is the whole' })
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

  @ApiProperty({ type: CountResponseDto })
  missing: CountResponseDto;

  @ApiProperty({ type: CountResponseDto })
  late: CountResponseDto;
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

export class MissingTasksResponseDto {
  @ApiProperty({ description: 'tasks the unit leads with no answering report yet' })
  count: number;

  @ApiProperty({
    type: [MissingTaskResponseDto],
    description: 'the first 20, in id order; all of them: GET /api/dispatch-rounds/{id}/tasks?unitId=…&reported=false',
  })
  tasks: MissingTaskResponseDto[];
}

export class MissingUnitResponseDto {
  @ApiProperty({ type: UnitRefResponseDto })
  unit: UnitRefResponseDto;

  @ApiProperty({ enum: UNIT_STATES })
  state: string;

  @ApiProperty({ type: CountResponseDto })
  expected: CountResponseDto;

  @ApiProperty({ type: CountResponseDto })
  received: CountResponseDto;

  @ApiProperty({ type: MissingTasksResponseDto })
  missing: MissingTasksResponseDto;
}

/** The units of a round that still owe reports, a page at a time. */
export class RoundMissingResponseDto extends PageResponseDto(MissingUnitResponseDto) {
  @ApiProperty()
  roundId: number;

  @ApiProperty()
  period: string;

  @ApiProperty({ type: String, format: 'date' })
  dueDate: string;

  @ApiProperty({ type: String, format: 'date' })
  asOf: string;

  @ApiProperty({ description: 'the due date has passed: a unit still owing is late' })
  pastDue: boolean;
}

export class RemindedUnitResponseDto {
  @ApiProperty()
  unitId: number;

  @ApiProperty({ description: 'the reminder in the outbox' })
  messageId: number;
}

/** What a reminder call queued, and what had already gone out today. */
export class RemindResponseDto {
  @ApiProperty()
  roundId: number;

  @ApiProperty({ type: String, format: 'date' })
  today: string;

  @ApiProperty({ type: [RemindedUnitResponseDto], description: 'reminders queued now' })
  reminded: RemindedUnitResponseDto[];

  @ApiProperty({ type: [RemindedUnitResponseDto], description: 'units already reminded today: not queued again' })
  alreadyReminded: RemindedUnitResponseDto[];

  @ApiProperty({ type: [Number], description: 'units with neither a mailbox nor an active liaison' })
  withoutAddress: number[];
}
