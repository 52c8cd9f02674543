import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { Locale } from '../../units/recipients.service';

export const DOCUMENT_LANGS: Locale[] = ['zh-CN', 'en'];

export class DocumentLangDto {
  @ApiPropertyOptional({ enum: DOCUMENT_LANGS, default: 'zh-CN' })
  @IsOptional()
  @IsIn(DOCUMENT_LANGS)
  lang?: Locale;
}

export class ReminderLetterQueryDto extends DocumentLangDto {
  /** The unit the letter is addressed to. */
  @ApiProperty()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  unitId: number;
}
