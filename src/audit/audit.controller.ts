import { Can } from '../access';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Min } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { AuditService } from './audit.service';
import { PageQueryDto } from '../common/pagination';
import { ApiErrors } from '../common/responses';
import { AuditPageResponseDto, ChainVerificationResponseDto } from './audit-response.dto';
import { AuditChainService } from './audit-chain.service';
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
  // refused requests (access.denied) and exports
  'access',
  'export',
  // uploads and removals of attachments (附件)
  'attachment',
  'supervision_notice',
];

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    enum: AUDIT_ENTITY_TYPES,
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
  constructor(
    private readonly audit: AuditService,
    private readonly chain: AuditChainService,
  ) {}

  /** The audit log, newest first. A task's own trail is also at GET /api/tasks/:id/audit. */
  @Can('audit.read')
  @ApiOkResponse({ type: AuditPageResponseDto })
  @Get()
  list(@CurrentActor() _actor: Actor, @Query() q: AuditQueryDto) {
    return this.audit.query(q);
  }

  /**
   * Seals the rows written so far into the hash chain and checks it from its first kept row: a row changed, one
   * deleted or rows cut off the end are named. The auditor's (审计管理员).
   */
  @Can('audit.verify')
  @ApiOkResponse({ type: ChainVerificationResponseDto })
  @Get('verify')
  verify() {
    return this.chain.verify();
  }
}
