import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  Max,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';
import { PageQueryDto } from '../common/pagination';
import {
  IfPresent,
  IsHttpUrl,
  isIsoDate,
  IsIsoDate,
  NotBlank,
  QueryInt,
  RequiredLine,
  SingleLine,
} from '../common/validation';
import { PRIORITIES, type Priority } from '../tasks/task.entity';
import type { MeetingStatus } from './meeting.entity';

export const MEETING_STATUSES: MeetingStatus[] = ['planned', 'held', 'cancelled'];
const MAX_ID = 2_147_483_647;
/** An instant written with its offset: 2023-09-28T09:30:00+08:00 or …Z; a bare local time is ambiguous. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isIsoInstant(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    INSTANT.test(value) &&
    isIsoDate(value.slice(0, 10)) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** An ISO 8601 date and time with a UTC offset. */
export function IsIsoInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isIsoDateTime',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `${String(propertyName)} must be a date and time with its offset, e.g. 2023-09-28T09:30:00+08:00`,
        ...options,
      },
      validator: { validate: (v: unknown) => isIsoInstant(v) },
    });
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class AttendeeDto {
  @ApiPropertyOptional({ description: 'on PATCH: an attendee already invited, kept with their attendance' })
  @IfPresent()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  id?: number;

  @ApiPropertyOptional({
    nullable: true,
    description: 'the unit the person attends for: an attending or the convening unit',
  })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  unitId?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'the person’s account, when they have one' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  userId?: number | null;

  @ApiProperty({ example: '李明' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @RequiredLine()
  name: string;

  @ApiPropertyOptional({ nullable: true, example: '副局长', description: 'position (职务)' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  position?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;
}

export class CreateMeetingDto {
  @ApiPropertyOptional({ description: 'the plan; the first plan when omitted' })
  @IfPresent()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  planId?: number;

  @ApiProperty({ example: '5G建设和应用推进工作专班第三次会商会' })
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

  @ApiProperty({ example: '2023-09-28T09:30:00+08:00' })
  @IsIsoInstant()
  startsAt: string;

  @ApiProperty({ example: '2023-09-28T11:30:00+08:00', description: 'after startsAt' })
  @IsIsoInstant()
  endsAt: string;

  @ApiPropertyOptional({
    nullable: true,
    example: '市工信局三楼会议室',
    description: 'place or onlineLink, at least one',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @SingleLine()
  place?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'https://meeting.example.cn/123' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsHttpUrl()
  onlineLink?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'the unit that convenes the meeting (召集单位)' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  conveningUnitId?: number | null;

  @ApiPropertyOptional({ nullable: true, example: '王振华', description: 'who chairs the meeting' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  convenerName?: string | null;

  @ApiProperty({ type: [Number], description: 'the attending units, at least one' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_ID, { each: true })
  unitIds: number[];

  @ApiPropertyOptional({ type: [AttendeeDto] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees?: AttendeeDto[];
}

export class UpdateMeetingDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @RequiredLine()
  title?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @SingleLine()
  titleEn?: string | null;

  @ApiPropertyOptional({ description: 'a change of time bumps the meeting’s sequence and sends an update' })
  @IfPresent()
  @IsIsoInstant()
  startsAt?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsIsoInstant()
  endsAt?: string;

  @ApiPropertyOptional({
    nullable: true,
    description: 'a change of place bumps the meeting’s sequence and sends an update',
  })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @SingleLine()
  place?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @IsHttpUrl()
  onlineLink?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  conveningUnitId?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  convenerName?: string | null;

  @ApiPropertyOptional({ type: [Number] })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_ID, { each: true })
  unitIds?: number[];

  @ApiPropertyOptional({
    type: [AttendeeDto],
    description: 'the whole list: attendees given with their id are kept, the others are added, the rest removed',
  })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendeeDto)
  attendees?: AttendeeDto[];
}

export class MeetingQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  planId?: number;

  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;

  @ApiPropertyOptional({ description: 'meetings on or after this date', example: '2023-09-01' })
  @IsOptional()
  @IsIsoDate()
  from?: string;

  @ApiPropertyOptional({ description: 'meetings on or before this date', example: '2023-12-31' })
  @IsOptional()
  @IsIsoDate()
  to?: string;
}

export class MeetingDetailQueryDto {
  @ApiPropertyOptional({ default: false, description: 'also list the agenda items the secretariat removed' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  includeRemoved?: boolean;
}

export class ItemNotesDto {
  @ApiProperty({ description: 'an agenda item of the meeting' })
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  id: number;

  @ApiProperty({ description: 'notes of the discussion' })
  @IsString()
  @MaxLength(20_000)
  @NotBlank()
  notes: string;
}

export class AttendanceDto {
  @ApiProperty()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  attendeeId: number;

  @ApiProperty({ type: Boolean, nullable: true, description: 'true present, false absent, null not recorded' })
  @ValidateIf((_: unknown, v: unknown) => v !== null)
  @IsBoolean()
  present: boolean | null;
}

export class MinutesDto {
  @ApiPropertyOptional({ description: 'general minutes (会议纪要)' })
  @IfPresent()
  @IsString()
  @MaxLength(100_000)
  minutes?: string;

  @ApiPropertyOptional({ type: [ItemNotesDto] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ItemNotesDto)
  items?: ItemNotesDto[];

  @ApiPropertyOptional({ type: [AttendanceDto] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => AttendanceDto)
  attendance?: AttendanceDto[];
}

export class CreateDecisionDto {
  @ApiProperty({ example: '由天水移动牵头，秦州区配合，10月底前解决基站进场问题' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  @NotBlank()
  text: string;

  @ApiPropertyOptional({ nullable: true, description: 'the agenda item the decision settles' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  agendaItemId?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'the unit that answers for it; needed to make it a task' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  leadUnitId?: number | null;

  @ApiPropertyOptional({ type: [Number] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_ID, { each: true })
  supportingUnitIds?: number[];

  @ApiPropertyOptional({ nullable: true, example: '2023-10-31' })
  @IsOptional()
  @IsIsoDate()
  deadline?: string | null;
}

export class UpdateDecisionDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  @NotBlank()
  text?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  agendaItemId?: number | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  leadUnitId?: number | null;

  @ApiPropertyOptional({ type: [Number] })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_ID, { each: true })
  supportingUnitIds?: number[];

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsIsoDate()
  deadline?: string | null;
}

export class DecisionTaskDto {
  @ApiProperty({ description: 'the work item of the meeting’s plan the task belongs to' })
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  workItemId: number;

  @ApiPropertyOptional({ description: 'the decision’s text, shortened, when omitted' })
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  @RequiredLine()
  title?: string;

  @ApiPropertyOptional({ nullable: true, description: 'the decision’s deadline when omitted' })
  @IsOptional()
  @IsIsoDate()
  deadline?: string | null;

  @ApiPropertyOptional({ enum: PRIORITIES })
  @IfPresent()
  @IsIn(PRIORITIES)
  priority?: Priority;
}
