// What the API answers about the audit log: one row per changed field.
import { ApiProperty } from '@nestjs/swagger';
import { PageResponseDto } from '../common/responses';

export class AuditEntryResponseDto {
  @ApiProperty()
  id: number;

  @ApiProperty({ type: String, format: 'date-time' })
  at: Date;

  @ApiProperty({ type: Number, nullable: true, description: 'null for the system' })
  actorId: number | null;

  @ApiProperty({ type: String, nullable: true })
  actorEmail: string | null;

  @ApiProperty({ example: 'task' })
  entityType: string;

  @ApiProperty()
  entityId: number;

  @ApiProperty({ example: 'update' })
  action: string;

  @ApiProperty({ type: String, nullable: true })
  field: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'the value before, as text (JSON for lists)' })
  oldValue: string | null;

  @ApiProperty({ type: String, nullable: true })
  newValue: string | null;

  @ApiProperty({ type: Number, nullable: true, description: 'its place in the hash chain; null until sealed' })
  chainSeq: number | null;

  @ApiProperty({ type: String, nullable: true, description: 'HMAC-SHA256 linking it to the row before, hex' })
  chainHash: string | null;
}

export class AuditPageResponseDto extends PageResponseDto(AuditEntryResponseDto) {}

export class ChainProblemResponseDto {
  @ApiProperty({
    enum: ['changed', 'missing', 'head'],
    description:
      'changed: the row is not what was sealed; missing: a place in the chain has no row (deleted); head: rows ' +
      'after the last one found were removed, or the head was rewritten',
  })
  kind: string;

  @ApiProperty({ description: 'the place in the chain' })
  seq: number;

  @ApiProperty({ type: Number, nullable: true, description: 'the audit row at that place, if there is one' })
  entryId: number | null;
}

export class ChainVerificationResponseDto {
  @ApiProperty({ description: 'every sealed row is as it was sealed, none missing' })
  ok: boolean;

  @ApiProperty({ description: 'sealed rows checked' })
  checked: number;

  @ApiProperty({ description: 'rows written after this check sealed the log' })
  unsealed: number;

  @ApiProperty({ description: 'the first place kept (after the retention purge)' })
  firstSeq: number;

  @ApiProperty()
  headSeq: number;

  @ApiProperty({ description: 'the head hash: kept outside the system, it proves later that nothing was rewritten' })
  headHash: string;

  @ApiProperty()
  purgedThroughSeq: number;

  @ApiProperty()
  problemCount: number;

  @ApiProperty({ type: [ChainProblemResponseDto], description: 'the first 50 problems' })
  problems: ChainProblemResponseDto[];
}
