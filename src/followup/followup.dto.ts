// Request bodies and queries of acknowledgements, urgings and leaders' instructions.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsPositive,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ACKNOWLEDGEMENT_KINDS, type AcknowledgementKind } from '../acknowledgements/acknowledgement.entity';
import type { AcknowledgementState } from '../acknowledgements/acknowledgements.repository';
import { IfPresent, IsIsoDate, NotBlank, QueryInt, RequiredLine } from '../common/validation';
import { CreateTaskDto } from '../tasks/task.dto';

export const ACKNOWLEDGEMENT_STATES: readonly AcknowledgementState[] = ['pending', 'overdue', 'done'];

export class AcknowledgementQueryDto {
  @ApiPropertyOptional({ description: "a unit's items; a liaison sees its own unit's only" })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  unitId?: number;

  @ApiPropertyOptional({
    enum: ACKNOWLEDGEMENT_STATES,
    description: 'pending: awaited, not yet due; overdue: awaited past due; done: acknowledged',
  })
  @IsOptional()
  @IsIn(ACKNOWLEDGEMENT_STATES)
  status?: AcknowledgementState;

  @ApiPropertyOptional({ enum: ACKNOWLEDGEMENT_KINDS })
  @IsOptional()
  @IsIn(ACKNOWLEDGEMENT_KINDS)
  kind?: AcknowledgementKind;
}

export class CreateUrgingDto {
  @ApiProperty({ description: "the task's lead unit or one of its supporting units" })
  @IsInt()
  @IsPositive()
  unitId: number;

  @ApiProperty({ maxLength: 500, example: '请于本周内报送最新进展。' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  note: string;
}

export class CreateInstructionDto {
  @ApiProperty({ maxLength: 100, example: '王市长' })
  @IsString()
  @RequiredLine()
  @MaxLength(100)
  leaderName: string;

  @ApiProperty({ maxLength: 2000, example: '请加快推进，确保按期完成。' })
  @IsString()
  @NotBlank()
  @MaxLength(2000)
  text: string;

  @ApiPropertyOptional({ format: 'date', description: 'the day the instruction was given; today when omitted' })
  @IfPresent()
  @IsIsoDate()
  issuedOn?: string;

  @ApiPropertyOptional({
    type: [Number],
    description: "the units it reaches; the task's lead and supporting units when omitted",
  })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  unitIds?: number[];
}

export class InstructionWithTaskDto {
  @ApiProperty({ maxLength: 100, example: '王市长' })
  @IsString()
  @RequiredLine()
  @MaxLength(100)
  leaderName: string;

  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @NotBlank()
  @MaxLength(2000)
  text: string;

  @ApiPropertyOptional({ format: 'date' })
  @IfPresent()
  @IsIsoDate()
  issuedOn?: string;

  @ApiProperty({ type: CreateTaskDto, description: 'the task the instruction gives, as POST /api/tasks takes it' })
  @ValidateNested()
  @Type(() => CreateTaskDto)
  task: CreateTaskDto;
}

export class CreateCommentDto {
  @ApiProperty({ maxLength: 2000, example: '@秦州区 请提供站址清单。' })
  @IsString()
  @NotBlank()
  @MaxLength(2000)
  body: string;

  @ApiPropertyOptional({ description: 'a progress report on the task the comment answers' })
  @IfPresent()
  @IsInt()
  @IsPositive()
  reportId?: number;

  @ApiPropertyOptional({ type: [Number], description: 'units mentioned, beside those written as @code or @name' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsInt({ each: true })
  @IsPositive({ each: true })
  mentionUnitIds?: number[];
}

export class EditCommentDto {
  @ApiProperty({ maxLength: 2000 })
  @IsString()
  @NotBlank()
  @MaxLength(2000)
  body: string;
}

export class DeleteCommentDto {
  @ApiProperty({ maxLength: 500, example: '内容重复' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  reason: string;
}
