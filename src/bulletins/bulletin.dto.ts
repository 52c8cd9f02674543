import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsPositive, IsString, Max, MaxLength } from 'class-validator';
import { IfPresent, IsIsoDate, QueryInt, RequiredLine } from '../common/validation';
import { IsReportPeriod } from '../reports/report-period';
import type { BulletinStatus } from './bulletin.entity';

export const BULLETIN_LANGS = ['zh-CN', 'en'] as const;
export type BulletinLang = (typeof BULLETIN_LANGS)[number];
export const BULLETIN_STATUSES: BulletinStatus[] = ['draft', 'sent'];

export class CreateBulletinDto {
  @ApiPropertyOptional({ description: 'the plan; the first plan when omitted' })
  @IfPresent()
  @IsInt()
  @IsPositive()
  @Max(2_147_483_647)
  planId?: number;

  @ApiProperty({
    example: '2023-09',
    description: 'a month (YYYY-MM), a quarter (YYYY-Qn) or an ISO week (YYYY-Www)',
  })
  @IsString()
  @MaxLength(10)
  @IsReportPeriod()
  @RequiredLine()
  period: string;

  @ApiPropertyOptional({ example: '2023-09-01', description: "the period's first day by default" })
  @IfPresent()
  @IsIsoDate()
  periodStart?: string;

  @ApiPropertyOptional({ example: '2023-09-30', description: "the period's last day by default" })
  @IfPresent()
  @IsIsoDate()
  periodEnd?: string;
}

export class BulletinQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  @Max(2_147_483_647)
  planId?: number;

  @ApiPropertyOptional({ enum: BULLETIN_STATUSES })
  @IsOptional()
  @IsIn(BULLETIN_STATUSES)
  status?: BulletinStatus;
}

export class BulletinLangDto {
  @ApiPropertyOptional({ enum: BULLETIN_LANGS, default: 'zh-CN' })
  @IfPresent()
  @IsIn(BULLETIN_LANGS)
  lang?: BulletinLang;
}
