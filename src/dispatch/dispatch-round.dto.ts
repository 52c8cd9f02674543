import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  MaxLength,
} from 'class-validator';
import { IfPresent, IsIsoDate, QueryInt, RequiredLine, SingleLine } from '../common/validation';
import { IsReportPeriod } from '../reports/report-period';
import type { RoundStatus } from './dispatch-round.entity';
import { PageQueryDto } from '../common/pagination';

export const ROUND_STATUSES: RoundStatus[] = ['open', 'closed'];
export const MAX_SCOPE_IDS = 1000;

export class OpenRoundDto {
  @ApiPropertyOptional({ description: 'the plan; the first plan when omitted' })
  @IfPresent()
  @IsInt()
  @IsPositive()
  planId?: number;

  @ApiProperty({ example: '2023-09', description: 'a month (YYYY-MM), a quarter (YYYY-Qn) or an ISO week (YYYY-Www)' })
  @IsString()
  @IsReportPeriod()
  @RequiredLine()
  period: string;

  @ApiProperty({ example: '2023-09-25', description: 'reports are due by this date; not before today' })
  @IsString()
  @IsIsoDate()
  dueDate: string;

  @ApiPropertyOptional({ description: 'defaults to “<period> 工作进展调度”' })
  @IfPresent()
  @IsString()
  @MaxLength(300)
  @Matches(/\S/, { message: 'title must not be blank' })
  title?: string;

  @ApiPropertyOptional({
    type: [Number],
    description: 'only these units; by default the lead and supporting units of the tasks in scope',
  })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SCOPE_IDS)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  unitIds?: number[];

  @ApiPropertyOptional({
    type: [Number],
    description: "open tasks of the plan; by default the plan's open top-level tasks",
  })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SCOPE_IDS)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  taskIds?: number[];
}

export class RoundQueryDto extends PageQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  planId?: number;

  @ApiPropertyOptional({ enum: ROUND_STATUSES })
  @IsOptional()
  @IsIn(ROUND_STATUSES)
  status?: RoundStatus;

  @ApiPropertyOptional({ example: '2023-09' })
  @IsOptional()
  @IsString()
  @IsReportPeriod()
  @SingleLine()
  period?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** A page of a round's tasks: those a unit leads (or supports), reported or not. */
export class RoundTasksQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'tasks this unit leads (or supports, with role=supporting)' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  unitId?: number;

  @ApiPropertyOptional({ enum: ['lead', 'supporting'], default: 'lead' })
  @IsOptional()
  @IsIn(['lead', 'supporting'])
  role?: 'lead' | 'supporting';

  @ApiPropertyOptional({ description: 'whether the lead unit has a report of the period that answers the round' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  reported?: boolean;
}

/** A page of the units of a round that still owe reports, each with the first tasks it owes. */
export class RoundMissingQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'this unit only' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  unitId?: number;
}
