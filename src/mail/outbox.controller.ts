import { Can } from '../access';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/auth.decorators';
import { IdPipe } from '../common/id.pipe';
import { MailSender } from './mail-sender';
import { OutboxQueryDto } from './outbox.dto';
import { OutboxService, withoutAttachmentContent } from './outbox.service';
import { ApiErrors } from '../common/responses';
import {
  DeliveryResponseDto,
  OutboxCountsResponseDto,
  OutboxMessageResponseDto,
  OutboxPageResponseDto,
  OutboxSummaryResponseDto,
} from './outbox-response.dto';

@ApiTags('outbox')
@ApiBearerAuth()
@Controller('outbox')
@ApiErrors(400, 401, 403, 404, 409)
export class OutboxController {
  constructor(
    private readonly outbox: OutboxService,
    private readonly sender: MailSender,
  ) {}

  /** Messages, newest first, without their content. */
  @Can('outbox.read')
  @ApiOkResponse({ type: OutboxPageResponseDto })
  @Get()
  list(@Query() q: OutboxQueryDto) {
    return this.outbox.list(q);
  }

  /** How many messages are pending, being sent, sent and given up on. */
  @Can('outbox.read')
  @ApiOkResponse({ type: OutboxCountsResponseDto })
  @Get('counts')
  counts() {
    return this.outbox.counts();
  }

  /** One message with its HTML and text. */
  @Can('outbox.read')
  @ApiOkResponse({ type: OutboxMessageResponseDto })
  @Get(':id')
  async get(@Param('id', IdPipe) id: number) {
    return withoutAttachmentContent(await this.outbox.get(id));
  }

  /** Queues a message that was given up on (dead) again; any other status is a 409. */
  @Can('outbox.manage')
  @ApiOkResponse({ type: OutboxSummaryResponseDto })
  @Post(':id/retry')
  @HttpCode(200)
  retry(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number) {
    return this.outbox.retry(id, actor);
  }

  /** Runs one delivery pass now and returns what it did. */
  @Can('outbox.manage')
  @ApiOkResponse({ type: DeliveryResponseDto })
  @Post('deliver')
  @HttpCode(200)
  deliver() {
    return this.sender.deliverAll();
  }
}
