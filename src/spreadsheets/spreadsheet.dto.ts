import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsPositive } from 'class-validator';
import { TaskQueryDto } from '../tasks/task.dto';
import { IfPresent, QueryInt } from '../common/validation';

export const SHEET_LANGS = ['zh-CN', 'zh', 'en'] as const;
export type SheetLangParam = (typeof SHEET_LANGS)[number];

export class SheetLangDto {
  @ApiPropertyOptional({ enum: SHEET_LANGS, default: 'zh-CN', description: 'language of the headers and labels' })
  @IfPresent()
  @IsIn(SHEET_LANGS)
  lang?: SheetLangParam;
}

/** The filters of GET /api/tasks, without paging (the export has every matching task), and the language. */
export class TaskExportQueryDto extends OmitType(TaskQueryDto, ['page', 'pageSize'] as const) {
  @ApiPropertyOptional({ enum: SHEET_LANGS, default: 'zh-CN', description: 'language of the headers and labels' })
  @IsOptional()
  @IsIn(SHEET_LANGS)
  lang?: SheetLangParam;
}

export class TaskImportQueryDto {
  @ApiPropertyOptional({ description: 'the plan the tasks belong to (default: the first plan)' })
  @IsOptional()
  @QueryInt()
  @IsInt()
  @IsPositive()
  planId?: number;
}
