import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IfPresent, IsIsoDate, QueryInt, RequiredLine, SingleLine } from '../common/validation';
import type { Direction } from './indicator.entity';

export const DIRECTIONS: Direction[] = ['increase', 'decrease'];

const FINITE = { allowNaN: false, allowInfinity: false };
const CODE = /^[a-z0-9][a-z0-9-]{0,39}$/;
const CODE_MESSAGE = 'code must be 1-40 lowercase letters, digits or hyphens';

export class CreateIndicatorDto {
  @ApiProperty()
  @IsInt()
  @IsPositive()
  planId: number;

  @ApiPropertyOptional({ nullable: true, description: 'a work item of the same plan' })
  @IsOptional()
  @IsInt()
  @IsPositive()
  workItemId?: number | null;

  @ApiProperty({ example: 'bs-new-2023', description: 'short code, unique within the plan' })
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code: string;

  @ApiProperty({ example: '2023年新建5G基站' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @RequiredLine()
  name: string;

  @ApiPropertyOptional({ nullable: true, example: 'New 5G base stations built in 2023' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @SingleLine()
  nameEn?: string | null;

  @ApiProperty({ example: '座', description: 'unit of measure' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  @RequiredLine()
  measure: string;

  @ApiPropertyOptional({ nullable: true, example: 'stations' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @SingleLine()
  measureEn?: string | null;

  @ApiPropertyOptional({ default: 0 })
  @IfPresent()
  @IsNumber(FINITE)
  baseline?: number;

  @ApiProperty({ example: '2023-01-01' })
  @IsIsoDate()
  baselineDate: string;

  @ApiProperty({ example: 850 })
  @IsNumber(FINITE)
  target: number;

  @ApiProperty({ example: '2023-12-31', description: 'after baselineDate' })
  @IsIsoDate()
  targetDate: string;

  @ApiPropertyOptional({ enum: DIRECTIONS, default: 'increase' })
  @IfPresent()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @ApiPropertyOptional({ default: false, description: 'headline indicators lead the dashboard and bulletins' })
  @IfPresent()
  @IsBoolean()
  headline?: boolean;

  @ApiPropertyOptional({ nullable: true, description: 'the words of the source document the indicator comes from' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  sourceQuote?: string | null;
}

/** Every field optional; the plan of an indicator does not change. Nullable columns may be cleared with null. */
export class UpdateIndicatorDto {
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @IsPositive()
  workItemId?: number | null;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @Matches(CODE, { message: CODE_MESSAGE })
  code?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @RequiredLine()
  name?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  @SingleLine()
  nameEn?: string | null;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  @RequiredLine()
  measure?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  @SingleLine()
  measureEn?: string | null;

  @ApiPropertyOptional()
  @IfPresent()
  @IsNumber(FINITE)
  baseline?: number;

  @ApiPropertyOptional()
  @IfPresent()
  @IsIsoDate()
  baselineDate?: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsNumber(FINITE)
  target?: number;

  @ApiPropertyOptional()
  @IfPresent()
  @IsIsoDate()
  targetDate?: string;

  @ApiPropertyOptional({ enum: DIRECTIONS })
  @IfPresent()
  @IsIn(DIRECTIONS)
  direction?: Direction;

  @ApiPropertyOptional()
  @IfPresent()
  @IsBoolean()
  headline?: boolean;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  sourceQuote?: string | null;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class IndicatorQueryDto {
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

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  headline?: boolean;

  @ApiPropertyOptional({ example: '2023-07-31', description: 'metrics as of this date instead of today' })
  @IsOptional()
  @IsIsoDate()
  asOf?: string;
}

export class IndicatorAsOfDto {
  @ApiPropertyOptional({ example: '2023-07-31', description: 'metrics as of this date instead of today' })
  @IfPresent()
  @IsIsoDate()
  asOf?: string;
}

export class ValuesQueryDto {
  @ApiPropertyOptional({ default: false, description: 'include values of reports that were sent back' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  includeVoided?: boolean;
}

export class CreateValueDto {
  @ApiProperty({ example: 1186 })
  @IsNumber(FINITE)
  value: number;

  @ApiProperty({ example: '2023-08-31', description: 'not in the future, not before the baseline date' })
  @IsIsoDate()
  observedOn: string;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(2000)
  note?: string;
}
