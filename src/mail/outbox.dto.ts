import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import type { OutboxStatus } from './outbox-message.entity';
import { OUTBOX_STATUSES } from './outbox.service';

export class OutboxQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;

  @ApiPropertyOptional({ example: 'digest' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  kind?: string;

  @ApiPropertyOptional({ example: 'unit:12' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  recipientKey?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  pageSize: number = 50;
}
