import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsPositive, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IfPresent, IsIsoDate, QueryInt, RequiredLine, SingleLine } from '../common/validation';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/;
const CODE_MESSAGE = 'code must be 1-40 letters, digits, dots, hyphens or underscores';

export class CreatePlanDto {
  @ApiProperty({ example: 'tianshui-5g' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '天水市5G建设和应用推进工作专班工作计划' })
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
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ example: '2023-09-06', nullable: true })
  @IsOptional()
  @IsIsoDate()
  startDate?: string | null;

  @ApiPropertyOptional({ example: '2024-12-31', nullable: true, description: 'not before startDate' })
  @IsOptional()
  @IsIsoDate()
  endDate?: string | null;

  @ApiPropertyOptional({ description: 'the document the plan is drawn from', nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @SingleLine()
  sourceRef?: string | null;
}

export class UpdatePlanDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

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

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(20_000)
  description?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsIsoDate()
  startDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsIsoDate()
  endDate?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @SingleLine()
  sourceRef?: string | null;
}

export class CreateWorkItemDto {
  @ApiProperty({ description: 'the plan the work item belongs to' })
  @IsInt()
  @IsPositive()
  planId: number;

  @ApiProperty({ example: 'W5' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiPropertyOptional({ description: 'position in the plan; by default after the last work item' })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(1000)
  seq?: number;

  @ApiProperty({ example: '完善推进机制' })
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
  @MaxLength(20_000)
  description?: string;
}

export class UpdateWorkItemDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(1000)
  seq?: number;

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

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(20_000)
  description?: string;
}

export class WorkItemQueryDto {
  @ApiPropertyOptional({ description: 'only the work items of this plan' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  planId?: number;
}
