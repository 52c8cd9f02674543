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
}

export class AuditPageResponseDto extends PageResponseDto(AuditEntryResponseDto) {}
