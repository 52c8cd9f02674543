// Liveness and readiness for a load balancer or an orchestrator, without signing in: `GET /api/health` answers while
// the process serves requests; `GET /api/health/ready` also asks the database (down: 503, take the instance out).
// `GET /api/health/mail` asks the mail route (the SMTP server, or the folder of .eml files) for monitoring: it is not
// part of readiness, since the outbox keeps mail until it can leave and an SMTP outage is no reason to stop serving.
import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import {
  HealthCheckService,
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthIndicatorFunction,
} from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/auth.decorators';
import { MailSender } from '../mail/mail-sender';

const RESULT = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object', additionalProperties: true },
    error: { type: 'object', additionalProperties: true },
    details: { type: 'object', additionalProperties: true },
  },
  required: ['status'],
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly mail: MailSender,
  ) {}

  @Get()
  @ApiOkResponse({ description: 'the process serves requests', schema: RESULT })
  live(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, []);
  }

  @Get('ready')
  @ApiOkResponse({ description: 'ready: the database answers', schema: RESULT })
  @ApiServiceUnavailableResponse({ description: 'the database does not answer', schema: RESULT })
  ready(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, [() => this.database.pingCheck('database', { timeout: 3_000 })]);
  }

  @Get('mail')
  @ApiOkResponse({
    description: 'mail can leave: the SMTP server answers, or the mail folder can be written',
    schema: RESULT,
  })
  @ApiServiceUnavailableResponse({ description: 'mail cannot leave now (the outbox keeps it)', schema: RESULT })
  mailRoute(@Res({ passthrough: true }) reply: FastifyReply) {
    return this.answer(reply, [
      async () => {
        const session = this.indicators.check('mail');
        const m = await this.mail.check();
        const data = { transport: m.transport, detail: m.detail };
        return m.ok ? session.up(data) : session.down(data);
      },
    ]);
  }

  /** The checks' result: 200 when all are up, else 503 with the same shape naming what is down. */
  private async answer(reply: FastifyReply, checks: HealthIndicatorFunction[]) {
    try {
      return await this.health.check(checks);
    } catch (e) {
      if (!(e instanceof ServiceUnavailableException)) throw e;
      void reply.status(503);
      return e.getResponse();
    }
  }
}
