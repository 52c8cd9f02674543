// GET /api/my-work: what waits for the signed-in person (待办), the home page's and the navigation's source.
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { ApiErrors } from '../common/responses';
import { MyWorkResponseDto } from './my-work-response.dto';
import { MyWorkService } from './my-work.service';

@ApiTags('my-work')
@ApiBearerAuth()
@Controller('my-work')
@ApiErrors(401, 403)
export class MyWorkController {
  constructor(private readonly work: MyWorkService) {}

  /** Requests to decide, reports to review, rounds with reports missing, the unit's reports due: counts and the first items. */
  @ApiOkResponse({ type: MyWorkResponseDto })
  @Get()
  summary(@CurrentActor() actor: Actor) {
    return this.work.summary(actor);
  }
}
