// Builds the HTTP application: Fastify with compressed answers, the JSON body parser with its depth limit, the /api
// prefix, OpenAPI at /api/docs.
import compress from '@fastify/compress';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { LoggerService, LogLevel } from '@nestjs/common';
import { AppModule } from './app.module';
import { registerJsonBodyParser } from './common/json-body';
import type { AppConfig } from './config/config';

const LEVELS: Record<AppConfig['log']['level'], LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

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

export async function createApp(config: AppConfig, logger?: LoggerService): Promise<NestFastifyApplication> {
  // X-Forwarded-For is believed only from the configured proxies; a client cannot choose its own address.
  const trustProxy = config.trustProxy.length ? config.trustProxy : false;
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: logger ?? LEVELS[config.log.level],
    abortOnError: false,
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  registerJsonBodyParser(fastify, BODY_LIMIT);
  // Registered before the routes (Nest adds them at init), so every answer passes through it.
  await app.register(compress, COMPRESSION);
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
