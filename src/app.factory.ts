// Builds the HTTP application: Fastify with compressed answers and security headers, the JSON body parser with its
// depth limit, the /api prefix, OpenAPI at /api/docs.
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import multipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { registerJsonBodyParser } from './common/json-body';
import { createLogger, requestLogger } from './common/logging';
import { REQUEST_ID_HEADER, requestId } from './common/request-id';
import type { AppConfig } from './config/config';

/**
 * JSON, text, scripts and SVG are compressed (brotli at quality 4, gzip): a dashboard or list answer shrinks
 * ten-fold. Downloads (DOCX, PDF, XLSX: already zip or deflate inside, and octet-stream) are sent as they are;
 * static files arrive compressed already (see web/static-files.ts) and pass untouched. Request bodies are not
 * decompressed: clients send JSON and uploads as they are.
 */
export const COMPRESSION = {
  encodings: ['br', 'gzip'] as ('br' | 'gzip')[],
  customTypes: /^(?:text\/(?!event-stream)|application\/(?:json|javascript|xml)|image\/svg\+xml)|\+(?:json|xml)(?:;|$)/,
  threshold: 1024,
  globalDecompression: false,
};

/** Request bodies: 2 MB (a spreadsheet import has its own limit); beyond it Fastify answers 413 unread. */
export const BODY_LIMIT = 2 * 1024 * 1024;

/**
 * The headers of helmet on every answer (nosniff, frame and referrer policies, HSTS, cross-origin policies) and its
 * content security policy, which the web pages and the Swagger UI keep to: scripts and styles from the service
 * itself (Swagger UI's inline styles allowed), images from it or data: URLs. Requests are not upgraded to https:
 * a service reached over plain http inside a network would lose its scripts.
 */
export const HELMET = {
  global: true,
  contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } },
};

/**
 * A document the API serves as a web page (a bulletin's preview, a meeting's notice and minutes) runs no script and
 * loads nothing: its styles are inline, its images data: URLs.
 */
export const DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

export interface AppOptions {
  /** Where the log goes instead of stdout (tests read it). */
  logDestination?: DestinationStream;
}

export async function createApp(config: AppConfig, options: AppOptions = {}): Promise<NestFastifyApplication> {
  // X-Forwarded-For is believed only from the configured proxies; a client cannot choose its own address.
  const trustProxy = config.trustProxy.length ? config.trustProxy : false;
  // Fastify's request.id and the log's are one id (see common/request-id.ts).
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy, genReqId: requestId });
  const logger = createLogger(config, options.logDestination);
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config, logger),
    adapter,
    // Nest's own messages wait for the logger (pino, at the configured level and format).
    { bufferLogs: true, abortOnError: false, bodyParser: false },
  );
  app.useLogger(app.get(Logger));
  const fastify = app.getHttpAdapter().getInstance();
  // Every request, whether Nest or a web file answers it, is logged once and answers its id.
  const logRequest = requestLogger(logger);
  fastify.addHook('onRequest', async (request, reply) => {
    logRequest(request.raw, reply.raw);
    void reply.header(REQUEST_ID_HEADER, request.id);
  });
  registerJsonBodyParser(fastify, BODY_LIMIT);
  // Registered before the routes (Nest adds them at init), so every answer passes through them.
  await app.register(helmet, HELMET);
  await app.register(compress, COMPRESSION);
  // Uploads (attachments) are read as streams by their route, up to attachments.maxBytes a file; names are kept
  // as sent (UTF-8, paths included) so that the route refuses a path rather than the parser silently cutting it.
  await app.register(multipart, {
    limits: { fileSize: config.attachments.maxBytes, files: config.attachments.maxFiles },
    preservePath: true,
  });
  fastify.addHook('onSend', async (request, reply, payload) => {
    const type = reply.getHeader('content-type');
    const document = request.url.startsWith('/api/') && !request.url.startsWith('/api/docs');
    if (document && typeof type === 'string' && type.startsWith('text/html')) {
      void reply.header('content-security-policy', DOCUMENT_CSP);
    }
    return payload;
  });
  app.setGlobalPrefix('api');
  const doc = new DocumentBuilder()
    .setTitle('Zhuanban API')
    .setDescription('Work plan, tasks, progress reports, indicators and the task force mechanisms (专班)')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc), {
    jsonDocumentUrl: 'api/docs-json',
  });
  app.enableShutdownHooks();
  return app;
}
