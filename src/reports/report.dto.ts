import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IfPresent, NotBlank, QueryInt, RequiredLine, SingleLine } from '../common/validation';
import type { ReportStatus } from './progress-report.entity';
import { IsReportPeriod } from './report-period';
import { PageQueryDto } from '../common/pagination';

export const REPORT_STATUSES: ReportStatus[] = ['submitted', 'accepted', 'returned'];
export const MAX_INDICATOR_VALUES = 20;

export class ReportIndicatorValueDto {
  @ApiProperty({ description: 'an indicator linked to the task' })
  @IsInt()
  @IsPositive()
  indicatorId: number;

  @ApiProperty({ example: 1186 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  value: number;
}

export class CreateReportDto {
  @ApiProperty({ example: '2023-09', description: 'a month (YYYY-MM), a quarter (YYYY-Qn) or an ISO week (YYYY-Www)' })
  @IsString()
  @IsReportPeriod()
  @RequiredLine()
  period: string;

  @ApiProperty({ description: 'what was done in the period' })
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  @NotBlank()
  text: string;

  @ApiProperty({ minimum: 0, maximum: 100, description: "the unit's estimate of the task's progress" })
  @IsInt()
  @Min(0)
  @Max(100)
  percent: number;

  @ApiPropertyOptional({ description: 'problems met (存在问题)' })
  @IfPresent()
  @IsString()
  @MaxLength(10_000)
  problems?: string;

  @ApiPropertyOptional({ description: 'next steps (下一步工作)' })
  @IfPresent()
  @IsString()
  @MaxLength(10_000)
  nextSteps?: string;

  @ApiPropertyOptional({ default: false, description: 'the report raises a matter needing coordination' })
  @IfPresent()
  @IsBoolean()
  needsCoordination?: boolean;

  @ApiPropertyOptional({
    description: "the reporting unit: required when a lead or the secretariat files on a unit's behalf",
  })
  @IfPresent()
  @IsInt()
  @IsPositive()
  unitId?: number;

  @ApiPropertyOptional({ type: [ReportIndicatorValueDto], maxItems: MAX_INDICATOR_VALUES })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(MAX_INDICATOR_VALUES)
  @ArrayUnique((v: ReportIndicatorValueDto | undefined) => v?.indicatorId, {
    message: 'indicatorValues must name each indicator once',
  })
  @ValidateNested({ each: true })
  @Type(() => ReportIndicatorValueDto)
  indicatorValues?: ReportIndicatorValueDto[];
}

export class AcceptReportDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReturnReportDto {
  @ApiProperty({ description: 'why the report is sent back (退办)' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @NotBlank()
  reason: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class ReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: "ignored for liaisons: they see their own unit's reports" })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  unitId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  taskId?: number;

  @ApiPropertyOptional({ enum: REPORT_STATUSES })
  @IsOptional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @ApiPropertyOptional({ example: '2023-08' })
  @IsOptional()
  @IsString()
  @IsReportPeriod()
  @SingleLine()
  period?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  needsCoordination?: boolean;
}
