import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import type { OutboxStatus } from './outbox-message.entity';
import { OUTBOX_STATUSES } from './outbox.service';
import { PageQueryDto } from '../common/pagination';
import { SingleLine } from '../common/validation';
import { CHANNELS, type Channel } from '../channels/channel-kinds';

export class OutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;

  @ApiPropertyOptional({ example: 'digest' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  @SingleLine()
  kind?: string;

  @ApiPropertyOptional({ example: 'unit:12' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(60)
  @SingleLine()
  recipientKey?: string;

  @ApiPropertyOptional({ enum: CHANNELS, description: 'email, or a chat, webhook or SMS copy' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;
}
