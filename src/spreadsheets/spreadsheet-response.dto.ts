// What a task import answers: the preview of each row, and what the commit did.
import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { ANY_JSON } from '../common/responses';

export class ImportPlanResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;

  @ApiProperty()
  title: string;
}

export class RowChangeResponseDto {
  @ApiProperty({ description: 'the column key' })
  field: string;

  @ApiProperty({ ...ANY_JSON, description: 'the value now (null for a new task)' } as ApiPropertyOptions)
  from: unknown;

  @ApiProperty({ ...ANY_JSON, description: 'the value the row sets' } as ApiPropertyOptions)
  to: unknown;
}

export class RowMessageResponseDto {
  @ApiProperty()
  field: string;

  @ApiProperty()
  code: string;

  @ApiProperty({ description: 'the header of the column' })
  column: string;

  @ApiProperty()
  message: string;

  @ApiProperty()
  messageZh: string;
}

export class ImportRowResponseDto {
  @ApiProperty({ description: 'the row number in the sheet' })
  row: number;

  @ApiProperty({ enum: ['create', 'update', 'unchanged'] })
  action: string;

  @ApiProperty({ type: String, nullable: true })
  code: string | null;

  @ApiProperty({ type: Number, nullable: true })
  taskId: number | null;

  @ApiProperty({ type: [RowChangeResponseDto] })
  changes: RowChangeResponseDto[];

  @ApiProperty({ type: [RowMessageResponseDto], description: 'a row with errors is skipped' })
  errors: RowMessageResponseDto[];

  @ApiProperty({ type: [RowMessageResponseDto] })
  notes: RowMessageResponseDto[];
}

export class ImportSummaryResponseDto {
  @ApiProperty()
  create: number;

  @ApiProperty()
  update: number;

  @ApiProperty()
  unchanged: number;

  @ApiProperty()
  rejected: number;
}

export class ImportPreviewResponseDto {
  @ApiProperty({ format: 'uuid' })
  importId: string;

  @ApiProperty({ type: ImportPlanResponseDto })
  plan: ImportPlanResponseDto;

  @ApiProperty({ description: 'the sheet read' })
  sheet: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'the header found for each column key',
  })
  columns: Record<string, string>;

  @ApiProperty({ type: [String] })
  ignoredColumns: string[];

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt: Date;

  @ApiProperty({ type: [ImportRowResponseDto] })
  rows: ImportRowResponseDto[];

  @ApiProperty({ type: ImportSummaryResponseDto })
  summary: ImportSummaryResponseDto;
}

export class ImportedTaskResponseDto {
  @ApiProperty()
  row: number;

  @ApiProperty()
  id: number;

  @ApiProperty()
  code: string;
}

export class CreatedTaskResponseDto extends ImportedTaskResponseDto {
  @ApiProperty()
  title: string;
}

export class UpdatedTaskResponseDto extends ImportedTaskResponseDto {
  @ApiProperty({ type: [RowChangeResponseDto] })
  changes: RowChangeResponseDto[];
}

export class SkippedRowResponseDto {
  @ApiProperty()
  row: number;

  @ApiProperty({ type: String, nullable: true })
  code: string | null;

  @ApiProperty({ type: [RowMessageResponseDto] })
  errors: RowMessageResponseDto[];
}

export class CommitSummaryResponseDto {
  @ApiProperty()
  created: number;

  @ApiProperty()
  updated: number;

  @ApiProperty()
  unchanged: number;

  @ApiProperty()
  skipped: number;
}

export class ImportResultResponseDto {
  @ApiProperty({ format: 'uuid' })
  importId: string;

  @ApiProperty({ type: ImportPlanResponseDto })
  plan: ImportPlanResponseDto;

  @ApiProperty({ type: String, format: 'date-time' })
  committedAt: Date;

  @ApiProperty({ type: [CreatedTaskResponseDto] })
  created: CreatedTaskResponseDto[];

  @ApiProperty({ type: [UpdatedTaskResponseDto] })
  updated: UpdatedTaskResponseDto[];

  @ApiProperty({ type: [ImportedTaskResponseDto] })
  unchanged: ImportedTaskResponseDto[];

  @ApiProperty({ type: [SkippedRowResponseDto] })
  skipped: SkippedRowResponseDto[];

  @ApiProperty({ type: CommitSummaryResponseDto })
  summary: CommitSummaryResponseDto;
}

/** A kept import: its preview, its state and, once committed, the result. */
export class ImportStateResponseDto extends ImportPreviewResponseDto {
  @ApiProperty({ enum: ['previewed', 'committing', 'committed'] })
  state: string;

  @ApiPropertyOptional({ type: ImportResultResponseDto })
  result?: ImportResultResponseDto;
}
