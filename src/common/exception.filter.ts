// Maps every error to one JSON shape: { statusCode, code, message, messageZh, errors[] }.
// Unknown errors become a 500 with no internals in the body; they are logged with the request's id, which the
// caller has in the X-Request-Id answer header.
import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type FieldError } from './errors';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messageZh: string;
  errors: FieldError[];
}

const ZH_BY_STATUS: Record<number, string> = {
  400: '请求无效',
  401: '请先登录',
  403: '无权执行此操作',
  404: '资源不存在',
  405: '不支持的请求方法',
  409: '与当前状态冲突',
  413: '请求内容过大',
  415: '不支持的内容类型',
  429: '请求过于频繁，请稍后再试',
};

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
};

export function errorBody(error: unknown): ErrorBody {
  if (error instanceof DomainError) {
    return {
      statusCode: error.status,
      code: error.code,
      message: error.messageEn,
      messageZh: error.messageZh,
      errors: error.errors,
    };
  }
  let status = 500;
  let message = 'Internal server error';
  if (error instanceof HttpException) {
    status = error.getStatus();
    const res = error.getResponse();
    message = typeof res === 'string' ? res : String((res as { message?: unknown }).message ?? error.message);
  } else if (error && typeof error === 'object' && typeof (error as { statusCode?: unknown }).statusCode === 'number') {
    // errors raised by Fastify itself: malformed JSON, body too large, wrong content type
    status = (error as { statusCode: number }).statusCode;
    message = (error as Error).message;
  }
  if (status >= 500) message = 'Internal server error';
  return {
    statusCode: status,
    code: CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'error'),
    message,
    messageZh: ZH_BY_STATUS[status] ?? (status >= 500 ? '服务器内部错误' : '请求失败'),
    errors: [],
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const body = errorBody(exception);
    const http = host.switchToHttp();
    if (body.statusCode >= 500) {
      const request = http.getRequest<FastifyRequest | undefined>();
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ reqId: request?.id, method: request?.method, url: request?.url, err }, 'unhandled error');
    }
    const reply = http.getResponse<FastifyReply>();
    void reply.status(body.statusCode).send(body);
  }
}
