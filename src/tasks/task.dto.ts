import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IfPresent, IsIsoDate, NotBlank, QueryInt, RequiredLine, SingleLine } from '../common/validation';
import { EXTENSION_STATUSES, type ExtensionStatus } from './extension-request.entity';
import { PRIORITIES, TASK_STATUSES, type Priority, type TaskStatus } from './task.entity';
import { PageQueryDto } from '../common/pagination';

export class RecurrenceDto {
  @ApiProperty({ enum: ['monthly', 'quarterly'] })
  @IsIn(['monthly', 'quarterly'])
  freq: 'monthly' | 'quarterly';

  @ApiProperty({ minimum: 1, maximum: 31, description: 'day of the month the work is due by' })
  @IsInt()
  @Min(1)
  @Max(31)
  day: number;
}

export class CreateTaskDto {
  @ApiProperty()
  @IsInt()
  @IsPositive()
  workItemId: number;

  @ApiPropertyOptional({ description: 'a sub-task names its parent task' })
  @IfPresent()
  @IsInt()
  @IsPositive()
  parentId?: number;

  @ApiPropertyOptional({ example: 'W1-9', description: 'generated from the work item when omitted' })
  @IfPresent()
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9.\-_]{0,39}$/, {
    message: 'code must be 1-40 letters, digits, dots, hyphens or underscores',
  })
  code?: string;

  @ApiProperty({ example: '推进重点场所5G网络覆盖' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @RequiredLine()
  title: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @SingleLine()
  titleEn?: string | null;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(10_000)
  description?: string;

  @ApiProperty({ description: 'the lead unit (牵头单位)' })
  @IsInt()
  @IsPositive()
  leadUnitId: number;

  @ApiPropertyOptional({ type: [Number], description: 'supporting units (配合单位)' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  supportingUnitIds?: number[];

  @ApiPropertyOptional({ nullable: true, description: 'the responsible person, when they have an account' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  ownerId?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'the responsible person (责任人) by name' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  ownerName?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2023-09-01' })
  @IsOptional()
  @IsIsoDate()
  startDate?: string | null;

  @ApiPropertyOptional({ example: '2023-12-31', description: 'required unless deadlineWorkingDays is given' })
  @ValidateIf((o: CreateTaskDto) => o.deadlineWorkingDays === undefined || o.deadline !== undefined)
  @IsIsoDate()
  deadline?: string;

  @ApiPropertyOptional({ description: 'deadline as a number of working days after the start date' })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(1000)
  deadlineWorkingDays?: number;

  @ApiPropertyOptional({
    nullable: true,
    type: RecurrenceDto,
    description: 'recurring work; deadline is then the end of the recurrence',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => RecurrenceDto)
  recurrence?: RecurrenceDto | null;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IfPresent()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional({ enum: ['draft', 'assigned'], default: 'assigned' })
  @IfPresent()
  @IsIn(['draft', 'assigned'])
  status?: 'draft' | 'assigned';

  @ApiPropertyOptional({ minimum: 0, maximum: 100 })
  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(100)
  progress?: number;

  @ApiPropertyOptional({ type: [String] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(30, { each: true })
  tags?: string[];

  @ApiPropertyOptional({ type: [Number] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  indicatorIds?: number[];
}

export class UpdateTaskDto extends PartialType(
  OmitType(CreateTaskDto, ['status', 'parentId', 'deadlineWorkingDays'] as const),
  { skipNullProperties: false },
) {
  @ApiPropertyOptional({
    description:
      'why the deadline moves: required when the deadline of an assigned task changes while separation of duties is ' +
      'on (security.separationOfDuties); the change is then recorded as a re-plan in the task’s extension history',
    example: '市政府调整了年度目标',
  })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NotBlank()
  replanReason?: string;
}

const toList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;
const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export const SORT_KEYS = [
  'code',
  'deadline',
  'startDate',
  'progress',
  'status',
  'title',
  'updatedAt',
  'priority',
  'colour',
  'expectedProgress',
];

export class TaskQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  planId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  workItemId?: number;

  @ApiPropertyOptional({ description: 'tasks this unit leads or supports' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  unitId?: number;

  @ApiPropertyOptional({ enum: ['lead', 'supporting', 'any'], default: 'any' })
  @IsOptional()
  @IsIn(['lead', 'supporting', 'any'])
  unitRole?: 'lead' | 'supporting' | 'any';

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  ownerId?: number;

  @ApiPropertyOptional({ description: 'comma-separated statuses', example: 'assigned,in_progress' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatus[];

  @ApiPropertyOptional({ description: 'comma-separated colours', example: 'red,yellow' })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(['red', 'yellow', 'blue', 'none'], { each: true })
  colour?: ('red' | 'yellow' | 'blue' | 'none')[];

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IsOptional()
  @IsIn(PRIORITIES)
  priority?: Priority;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  dueSoon?: boolean;

  @ApiPropertyOptional({ example: '2023-12-31' })
  @IsOptional()
  @IsIsoDate()
  dueBefore?: string;

  @ApiPropertyOptional({ example: '2023-10-01' })
  @IsOptional()
  @IsIsoDate()
  dueAfter?: string;

  @ApiPropertyOptional({ description: 'text in code, title or description' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(30)
  @SingleLine()
  tag?: string;

  @ApiPropertyOptional({ description: 'sub-tasks of this task' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  parentId?: number;

  @ApiPropertyOptional({ description: 'only tasks that are not sub-tasks' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  topLevel?: boolean;

  @ApiPropertyOptional({ enum: SORT_KEYS.flatMap((k) => [k, `-${k}`]), default: 'deadline' })
  @IsOptional()
  @IsIn(SORT_KEYS.flatMap((k) => [k, `-${k}`]))
  sort?: string;
}

export class StatusChangeDto {
  @ApiProperty({ enum: TASK_STATUSES })
  @IsIn(TASK_STATUSES)
  status: TaskStatus;

  @ApiPropertyOptional({ description: 'required when blocking or cancelling' })
  @ValidateIf((o: StatusChangeDto) => o.status === 'blocked' || o.status === 'cancelled' || o.reason !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NotBlank()
  reason?: string;
}

export class ClosingRequestDto {
  @ApiPropertyOptional({ description: 'what was done' })
  @IfPresent()
  @IsString()
  @MaxLength(5000)
  note?: string;
}

export class DecisionDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReasonDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NotBlank()
  reason: string;
}

export class ExtensionRequestDto {
  @ApiProperty({ example: '2024-03-31' })
  @IsIsoDate()
  requestedDeadline: string;

  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NotBlank()
  reason: string;
}

export class ExtensionQueryDto {
  @ApiPropertyOptional({ enum: EXTENSION_STATUSES })
  @IsOptional()
  @IsIn(EXTENSION_STATUSES)
  status?: ExtensionStatus;
}
