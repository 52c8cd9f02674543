import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IfPresent, IsIsoDate, RequiredLine, SingleLine } from '../common/validation';

const MAX_ID = 2_147_483_647;

export class GenerateAgendaDto {
  @ApiPropertyOptional({
    example: '2023-09-20',
    description: 'the state of the plan as of this date; today by default',
  })
  @IfPresent()
  @IsIsoDate()
  asOf?: string;
}

export class CreateAgendaItemDto {
  @ApiProperty({ example: '研究5G基站进场难问题' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @RequiredLine()
  title: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @SingleLine()
  titleEn?: string | null;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(20_000)
  detail?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'the details in English' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  detailEn?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  leadUnitId?: number | null;

  @ApiPropertyOptional({ nullable: true, description: 'who presents the item; the lead unit’s name by default' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  presenter?: string | null;

  @ApiPropertyOptional({ default: 10, minimum: 1, maximum: 480 })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(480)
  minutes?: number;

  @ApiPropertyOptional({ type: [Number], description: 'tasks the item is about' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_ID, { each: true })
  taskIds?: number[];
}

export class UpdateAgendaItemDto {
  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  @RequiredLine()
  title?: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  @SingleLine()
  titleEn?: string | null;

  @ApiPropertyOptional()
  @IfPresent()
  @IsString()
  @MaxLength(20_000)
  detail?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'the details in English' })
  @IsOptional()
  @IsString()
  @MaxLength(20_000)
  detailEn?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @SingleLine()
  presenter?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 480 })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(480)
  minutes?: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsInt()
  @IsPositive()
  @Max(MAX_ID)
  leadUnitId?: number | null;
}

export class ReorderAgendaDto {
  @ApiProperty({ type: [Number], description: 'every item of the agenda that is not removed, in the new order' })
  @IsArray()
  @ArrayMaxSize(1000)
  @IsInt({ each: true })
  @IsPositive({ each: true })
  @Max(MAX_ID, { each: true })
  itemIds: number[];
}
