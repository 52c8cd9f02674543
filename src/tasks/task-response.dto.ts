// What the API answers about tasks (see task.view.ts), their extension and closing requests.
import type { Action } from '../access';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ALLOWED_ACTIONS, PageResponseDto } from '../common/responses';
import { UnitRefResponseDto } from '../units/unit-response.dto';
import { UserAccountResponseDto, UserRefResponseDto } from '../users/user-response.dto';
import { EXTENSION_STATUSES } from './extension-request.entity';
import { RecurrenceDto } from './task.dto';
import { PRIORITIES, TASK_STATUSES, type Priority, type TaskStatus } from './task.entity';

export const COLOURS = ['red', 'yellow', 'blue'] as const;

export class TaskWorkItemResponseDto {
  @ApiProperty()
  id: number;

  @ApiPropertyOptional({ description: 'absent only when the work item could not be loaded' })
  code?: string;

  @ApiPropertyOptional()
  title?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  titleEn?: string | null;
}

export class TaskIndicatorRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ type: String, nullable: true })
  nameEn: string | null;
}

export class TaskOwnerResponseDto extends UserRefResponseDto {}

/** A task as every answer shows it, with what is derived for today (overdue, colour, pro-rata). */
export class TaskResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  planId: number;

  @ApiProperty({ example: 'W1-1' })
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ type: String, nullable: true })
  titleEn: string | null;

  @ApiProperty()
  description: string;

  @ApiProperty({ type: TaskWorkItemResponseDto })
  workItem: TaskWorkItemResponseDto;

  @ApiProperty({ type: Number, nullable: true, description: 'the parent task of a sub-task' })
  parentId: number | null;

  @ApiProperty({ type: UnitRefResponseDto, description: 'the lead unit (牵头单位)' })
  leadUnit: UnitRefResponseDto;

  @ApiProperty({ type: [UnitRefResponseDto], description: 'supporting units (配合单位)' })
  supportingUnits: UnitRefResponseDto[];

  @ApiProperty({ type: TaskOwnerResponseDto, nullable: true })
  owner: TaskOwnerResponseDto | null;

  @ApiProperty({ type: String, nullable: true, description: 'the responsible person (责任人)' })
  ownerName: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  startDate: string | null;

  @ApiProperty({ type: String, format: 'date', description: 'the deadline in force (完成时限)' })
  deadline: string;

  @ApiProperty({ type: String, format: 'date', description: 'the deadline first planned' })
  originalDeadline: string;

  @ApiProperty({ description: 'the deadline in force differs from the one first planned' })
  replanned: boolean;

  @ApiProperty({ type: Number, nullable: true })
  deadlineWorkingDays: number | null;

  @ApiProperty({ type: RecurrenceDto, nullable: true })
  recurrence: RecurrenceDto | null;

  @ApiProperty({ enum: PRIORITIES })
  priority: Priority;

  @ApiProperty({ enum: TASK_STATUSES })
  status: TaskStatus;

  @ApiProperty({ minimum: 0, maximum: 100 })
  progress: number;

  @ApiProperty({ type: [String] })
  tags: string[];

  @ApiProperty({ type: [TaskIndicatorRefResponseDto] })
  indicators: TaskIndicatorRefResponseDto[];

  @ApiProperty({ description: 'document, demo, user, import or decision' })
  source: string;

  @ApiProperty({ type: String, nullable: true })
  sourceQuote: string | null;

  @ApiProperty({ type: String, format: 'date', nullable: true })
  closedOn: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'the meeting decision the task follows up' })
  decisionId: number | null;

  @ApiProperty()
  overdue: boolean;

  @ApiProperty()
  dueSoon: boolean;

  @ApiProperty({ enum: COLOURS, nullable: true, description: 'the colour grade (三色督办) today' })
  colour: (typeof COLOURS)[number] | null;

  @ApiProperty({ type: Number, nullable: true, description: 'percent of the time elapsed (序时进度)' })
  expectedProgress: number | null;

  @ApiProperty({ description: 'working days to the deadline; negative once overdue' })
  workingDaysLeft: number;

  @ApiProperty({ type: String, format: 'date', nullable: true, description: 'for recurring work' })
  nextDueDate: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: Date;

  @ApiProperty(ALLOWED_ACTIONS)
  allowedActions: Action[];

  @ApiProperty({ enum: TASK_STATUSES, isArray: true, description: 'the statuses the caller may move the task to now' })
  allowedStatuses: TaskStatus[];
}

export class SubtaskResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty({ enum: TASK_STATUSES })
  status: TaskStatus;

  @ApiProperty()
  progress: number;
}

export class UrgingsOfUnitResponseDto {
  @ApiProperty()
  unitId: number;

  @ApiProperty()
  count: number;
}

export class TaskDetailResponseDto extends TaskResponseDto {
  @ApiProperty({ type: [SubtaskResponseDto] })
  subtasks: SubtaskResponseDto[];

  @ApiProperty({ description: 'urgings (催办) on the task, all units' })
  urgingCount: number;

  @ApiProperty({ type: [UrgingsOfUnitResponseDto], description: 'urgings on the task per unit urged' })
  urgingsByUnit: UrgingsOfUnitResponseDto[];
}

export class TaskPageResponseDto extends PageResponseDto(TaskResponseDto) {}

/** A deadline-extension request (延期申请). */
export class ExtensionResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  taskId: number;

  @ApiProperty()
  requestedById: number;

  @ApiProperty({ type: String, format: 'date' })
  previousDeadline: string;

  @ApiProperty({ type: String, format: 'date' })
  requestedDeadline: string;

  @ApiProperty()
  reason: string;

  @ApiProperty({
    enum: EXTENSION_STATUSES,
    description: 'replanned: a planner moved the deadline directly (PATCH with replanReason), decided at once',
  })
  status: string;

  @ApiProperty({ type: Number, nullable: true })
  decidedById: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: Date | null;

  @ApiProperty({ type: String, nullable: true })
  decisionNote: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  requestedAt: Date;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: Date;
}

/** One extension request with who asked and who decided. */
export class ExtensionDetailResponseDto extends ExtensionResponseDto {
  @ApiProperty({ type: UserAccountResponseDto })
  requestedBy: UserAccountResponseDto;

  @ApiProperty({ type: UserAccountResponseDto, nullable: true })
  decidedBy: UserAccountResponseDto | null;
}

export class ExtensionTaskRefResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;

  @ApiProperty()
  leadUnitId: number;
}

/** An extension request in a list, with its task in brief. */
export class ExtensionListItemResponseDto extends ExtensionResponseDto {
  @ApiProperty({ type: ExtensionTaskRefResponseDto })
  task: ExtensionTaskRefResponseDto;

  @ApiProperty({ type: UserRefResponseDto, nullable: true })
  requestedBy: UserRefResponseDto | null;
}

/** A closing request (申请办结). */
export class ClosingResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  taskId: number;

  @ApiProperty()
  requestedById: number;

  @ApiProperty({ description: 'what was done' })
  note: string;

  @ApiProperty({ enum: TASK_STATUSES, description: 'the status the task returns to if sent back' })
  statusBefore: TaskStatus;

  @ApiProperty({ enum: ['pending', 'accepted', 'returned'] })
  status: string;

  @ApiProperty({ type: Number, nullable: true })
  decidedById: number | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  decidedAt: Date | null;

  @ApiProperty({ type: String, nullable: true, description: 'the note or the reason of the decision' })
  reason: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  requestedAt: Date;
  @ApiPropertyOptional({ ...ALLOWED_ACTIONS, description: 'in the list: what the caller may do to it now' })
  allowedActions?: Action[];
}
