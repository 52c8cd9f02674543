// What the supervision routes accept: issuing a notice, replying to one, filtering the list, the document's language.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsPositive, IsString, MaxLength, MinLength } from 'class-validator';
import { IfPresent, IsIsoDate, NotBlank, QueryInt } from '../common/validation';
import type { NoticeStatus } from './supervision-notice.entity';

export const NOTICE_STATUSES: NoticeStatus[] = ['open', 'replied'];
export const MAX_REPLY_TEXT = 4000;
const LANGS = ['zh-CN', 'en'] as const;

export class IssueNoticeDto {
  @ApiPropertyOptional({
    example: '2023-09-27',
    description: 'the day the reply is due; by default documents.supervisionReplyWorkingDays working days on',
  })
  @IfPresent()
  @IsIsoDate()
  replyDueOn?: string;

  @ApiPropertyOptional({ description: 'a note kept with the notice (not printed)', maxLength: 1000 })
  @IfPresent()
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class ReplyNoticeDto {
  @ApiProperty({ description: 'what was done (办理情况)', maxLength: MAX_REPLY_TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_REPLY_TEXT)
  @NotBlank()
  text: string;
}

export class NoticeQueryDto {
  @ApiPropertyOptional({ enum: NOTICE_STATUSES })
  @IsOptional()
  @IsIn(NOTICE_STATUSES)
  status?: NoticeStatus;

  @ApiPropertyOptional()
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
}

export class SupervisionLangDto {
  @ApiPropertyOptional({ enum: LANGS, default: 'zh-CN' })
  @IsOptional()
  @IsIn(LANGS)
  lang?: (typeof LANGS)[number];
}
