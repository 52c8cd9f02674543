// The service's log: one pino logger for Nest's own messages (through nestjs-pino) and one line per request — its
// id, method, url, status and time taken — as JSON lines for a collector or as readable text at a terminal.
// Credentials never reach it: the authorization and cookie headers and renewed tokens are redacted, and bodies
// (where passwords travel) are not logged at all.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestMethod, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
import pretty from 'pino-pretty';
import type { AppConfig } from '../config/config';
import { requestId } from './request-id';

/** What is replaced by "[Redacted]" wherever it appears in a line. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["proxy-authorization"]',
  'res.headers["set-cookie"]',
  'res.headers["x-auth-token"]',
  'password',
  '*.password',
  // a channel's webhook address and signing secret, wherever an object carrying them is logged
  'secret',
  '*.secret',
  '*.accessKeySecret',
  '*.secretKey',
];

/** Where the lines go: stdout, as JSON or through pino-pretty, written at once so that nothing is lost at exit. */
export function logDestination(config: Pick<AppConfig, 'log'>): DestinationStream {
  if (config.log.format === 'json') return pino.destination({ dest: 1, sync: true });
  return pretty({
    destination: 1,
    sync: true,
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    // one line a request or message: "[context] message (12 ms) <request id>"; an error's stack below it
    messageFormat:
      '{if context}[{context}] {end}{msg}{if responseTime} ({responseTime} ms){end}{if reqId} <{reqId}>{end}',
    ignore: 'pid,hostname,context,reqId,req,res,responseTime',
  });
}

export function createLogger(config: Pick<AppConfig, 'log'>, destination?: DestinationStream): Logger {
  return pino({ level: config.log.level, redact: REDACTED_PATHS }, destination ?? logDestination(config));
}

/**
 * The request line, written when the answer has gone (or the client went away). Fastify's onRequest hook runs it
 * for every request — the API, the web pages and files, unknown paths — with the request's id (common/request-id).
 */
export function requestLogger(logger: Logger): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req: IncomingMessage) => requestId(req),
    // Lines logged while a request is handled carry its id (reqId), not the whole request again.
    quietReqLogger: true,
    // A server error is an error (its cause is logged where it was caught, see exception.filter.ts); a 503 is the
    // service saying it cannot serve now (readiness, the mail route), a warning; the rest, client mistakes
    // included, are information.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      res.statusCode === 503 ? 'warn' : err || res.statusCode >= 500 ? 'error' : 'info',
    // pino-http makes up an error for a 5xx answer ("failed with status code 500"), a stack of its own: left out
    customErrorObject: (_req: IncomingMessage, res: ServerResponse, err: Error, value: Record<string, unknown>) =>
      err.message === `failed with status code ${res.statusCode}` ? { ...value, err: undefined } : value,
    customSuccessMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${req.url} ${res.statusCode}`,
    customErrorMessage: (req: IncomingMessage, res: ServerResponse) => `${req.method} ${req.url} ${res.statusCode}`,
    serializers: {
      // the status and the size; the security headers, the same on every answer, are left out
      res: (res: { statusCode: number; headers?: Record<string, unknown> }) => ({
        statusCode: res.statusCode,
        contentLength: res.headers?.['content-length'],
      }),
    },
  });
}

/**
 * Nest's logger is this pino logger; inside a request handled by Nest its lines carry the request's id: the module's
 * own request logger, which writes no request line (requestLogger does), binds a child with the id to the handler's
 * async context.
 */
export function loggingModule(logger: Logger): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: { logger, autoLogging: false, quietReqLogger: true, genReqId: (req: IncomingMessage) => requestId(req) },
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
  });
}
