import { Can } from '../access';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { PageQueryDto } from '../common/pagination';
import { ApiErrors } from '../common/responses';
import { AuditPageResponseDto } from './audit-response.dto';
import { QueryInt } from '../common/validation';

const AUDIT_ENTITY_TYPES = [
  'unit',
  'user',
  'plan',
  'work_item',
  'task',
  'report',
  'indicator',
  'indicator_value',
  'outbox',
  'job_run',
  'dispatch_round',
  'bulletin',
  'meeting',
];

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: ['unit', 'user', 'plan', 'work_item', 'task', 'report', 'extension', 'indicator', 'indicator_value'],
  })
  @IsOptional()
  @IsIn(AUDIT_ENTITY_TYPES)
  entityType?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  entityId?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @QueryInt()
  @IsInt()
  @Min(1)
  actorId?: number;
}

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
@ApiErrors(400, 401, 403)
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** The audit log, newest first. A task's own trail is also at GET /api/tasks/:id/audit. */
  @Can('audit.read')
  @ApiOkResponse({ type: AuditPageResponseDto })
  @Get()
  list(@CurrentActor() _actor: Actor, @Query() q: AuditQueryDto) {
    return this.audit.query(q);
  }
}
