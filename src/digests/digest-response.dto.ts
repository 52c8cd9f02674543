// What a digest preview answers: the rendered message and each figure with the ids of its rows.
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

export class DigestCountResponseDto {
  @ApiProperty()
  count: number;

  @ApiProperty({ type: [Number] })
  ids: number[];

  @ApiPropertyOptional({ type: [Number], description: 'for awaited reports: the dispatch rounds awaiting them' })
  rounds?: number[];
}

export class DigestPreviewResponseDto {
  @ApiProperty()
  subject: string;

  @ApiProperty()
  html: string;

  @ApiProperty()
  text: string;

  @ApiProperty({ description: 'nothing to say: such a digest is not sent unless configured' })
  empty: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: getSchemaPath(DigestCountResponseDto) },
    description: 'each figure by name (overdueLead, dueSoonLead, … or overdue, dueSoon for a person)',
  })
  counts: Record<string, DigestCountResponseDto>;

  @ApiProperty({ type: [String] })
  to: string[];

  @ApiProperty({ enum: ['zh-CN', 'en'] })
  locale: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'changes after this instant are in the digest' })
  changesSince: Date;
}
