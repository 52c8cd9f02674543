// Refused requests go into the audit log (等保 2.0: attempts beyond one's rights are recorded): who, what request,
// with which refusal. The request's own transaction has rolled back by then, so the row is written on its own.
// The answer is the one every error gets (AllExceptionsFilter's shape).
import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../auth/actor';
import { ForbiddenError } from '../common/errors';
import { errorBody } from '../common/exception.filter';
import { AuditService } from './audit.service';

/** The longest request line kept (the path and its query). */
const MAX_URL = 500;

@Catch(ForbiddenError)
export class AccessRefusalFilter implements ExceptionFilter {
  private readonly logger = new Logger('AccessRefusal');

  constructor(private readonly audit: AuditService) {}

  async catch(exception: ForbiddenError, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    const req = http.getRequest<FastifyRequest & { actor?: Actor }>();
    const reply = http.getResponse<FastifyReply>();
    const body = errorBody(exception);
    const actor = req.actor;
    if (actor) {
      try {
        await this.audit.record(actor, 'access', actor.id, 'access.denied', [
          { field: 'request', from: null, to: `${req.method} ${req.url.slice(0, MAX_URL)}` },
          { field: 'code', from: null, to: body.code },
        ]);
      } catch (e) {
        this.logger.warn(`a refusal could not be recorded: ${(e as Error).message}`);
      }
    }
    void reply.status(body.statusCode).send(body);
  }
}
