import { Can } from '../access';
import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { InvalidFieldError } from '../common/errors';
import { DigestPreviewQueryDto, SendDigestsDto } from './digest.dto';
import { DigestsService } from './digests.service';
import { ApiErrors } from '../common/responses';
import { JobRunResultResponseDto } from '../scheduler/scheduler-response.dto';
import { DigestCountResponseDto, DigestPreviewResponseDto } from './digest-response.dto';

@ApiTags('digests')
@ApiBearerAuth()
@Controller('digests')
@ApiErrors(400, 401, 403, 404)
@ApiExtraModels(DigestCountResponseDto)
export class DigestsController {
  constructor(private readonly digests: DigestsService) {}

  /**
   * The digest a unit (unitId) or a person (userId) would get now, rendered and not queued: leads and the
   * secretariat preview any unit's, a liaison its own unit's; a person their own (admins, leads and the
   * secretariat anyone's).
   */
  @ApiOkResponse({ type: DigestPreviewResponseDto })
  @Get('preview')
  preview(@CurrentActor() actor: Actor, @Query() q: DigestPreviewQueryDto) {
    if ((q.unitId === undefined) === (q.userId === undefined)) {
      throw new InvalidFieldError(
        'unitId',
        'give either unitId or userId (one of the two)',
        '请提供 unitId 或 userId 之一',
        'one_of',
      );
    }
    return q.unitId !== undefined
      ? this.digests.previewUnit(actor, q.unitId)
      : this.digests.previewUser(actor, q.userId as number);
  }

  /**
   * Sends every unit's digest of the current slot now (a manual run of the digest job). A unit that had this
   * slot's digest already does not get it again unless `force`; the answer counts those under `existing`.
   */
  @Can('digest.send')
  @ApiOkResponse({ type: JobRunResultResponseDto })
  @Post('send')
  @HttpCode(200)
  send(@CurrentActor() actor: Actor, @Body() dto: SendDigestsDto) {
    return this.digests.sendNow(actor, dto?.force ?? false);
  }
}
