import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import type { Locale } from '../../units/recipients.service';

export const DOCUMENT_LANGS: Locale[] = ['zh-CN', 'en'];

export class DocumentLangDto {
  @ApiPropertyOptional({ enum: DOCUMENT_LANGS, default: 'zh-CN' })
  @IsOptional()
  @IsIn(DOCUMENT_LANGS)
  lang?: Locale;
}
