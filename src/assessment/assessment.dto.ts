// What the assessment routes accept: the span (a period, or from and to) and the export's language.
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';

const LANGS = ['zh-CN', 'en'] as const;

export class AssessmentQueryDto {
  @ApiPropertyOptional({
    example: '2023-09',
    description: 'a month (YYYY-MM), a quarter (YYYY-Qn) or an ISO week (YYYY-Www); or give from and to',
  })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  period?: string;

  @ApiPropertyOptional({ example: '2023-09-01', description: 'the first day, with to' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  from?: string;

  @ApiPropertyOptional({ example: '2023-09-30', description: 'the last day, with from' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  to?: string;
}

export class AssessmentExportQueryDto extends AssessmentQueryDto {
  @ApiPropertyOptional({ enum: LANGS, default: 'zh-CN' })
  @IsOptional()
  @IsIn(LANGS)
  lang?: (typeof LANGS)[number];
}
