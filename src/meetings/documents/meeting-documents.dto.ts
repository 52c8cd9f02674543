import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { Locale } from '../../units/recipients.service';
import { QueryInt } from '../../common/validation';

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
  @QueryInt()
  @IsInt()
  @Min(1)
  unitId: number;
}
