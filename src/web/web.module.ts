// The web interface: a single-page app in plain JavaScript modules that speaks to the JSON API. This module
// serves its shell for every page path and its files under /assets; the files live in src/web/public and are
// read from the project root at run time (as templates/ are), ECharts from node_modules.
import { Logger, Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { matchesEtag, resolveInside, StaticFileCache, type StaticFile } from './static-files';

/**
 * The project root: two levels above this file (src/web, or dist/web after the build); the working directory when
 * the build was written elsewhere.
 */
const PROJECT_ROOT =
  [resolve(__dirname, '..', '..'), process.cwd()].find((dir) =>
    existsSync(join(dir, 'src', 'web', 'public', 'index.html')),
  ) ?? resolve(__dirname, '..', '..');
export const PUBLIC_DIR = join(PROJECT_ROOT, 'src', 'web', 'public');

/** Asset paths served from packages rather than from PUBLIC_DIR. */
const VENDOR: Record<string, string> = {
  'echarts.min.js': 'echarts/dist/echarts.min.js',
};

/** App files change with a deployment: browsers keep them but ask each time (a 304 when unchanged). */
const APP_CACHE = 'no-cache';
/** Vendor files change only when a package is upgraded. */
const VENDOR_CACHE = 'public, max-age=86400';

const SHELL_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

@Module({})
export class WebModule implements OnModuleInit {
  private readonly logger = new Logger('Web');
  private readonly files = new StaticFileCache();

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    // The command line boots the same modules without an HTTP server: nothing to serve then.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const vendor = this.vendorPaths();

    fastify.get('/assets/*', async (req: FastifyRequest, reply: FastifyReply) => {
      const rest = (req.params as { '*': string })['*'] ?? '';
      const path = rest.startsWith('vendor/')
        ? vendor.get(rest.slice('vendor/'.length))
        : resolveInside(PUBLIC_DIR, rest);
      const file = path ? await this.files.read(path) : null;
      if (!file) return reply.callNotFound();
      return this.send(req, reply, file, rest.startsWith('vendor/') ? VENDOR_CACHE : APP_CACHE);
    });

    // Every other page path is the app's: the router in the browser decides what it shows.
    fastify.get('/*', async (req: FastifyRequest, reply: FastifyReply) => {
      const path = req.url.split('?')[0];
      if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
      const shell = await this.files.read(join(PUBLIC_DIR, 'index.html'));
      if (!shell) {
        this.logger.error(`The web interface's shell is missing: ${join(PUBLIC_DIR, 'index.html')}`);
        return reply.callNotFound();
      }
      void reply.header('content-security-policy', SHELL_CSP);
      void reply.header('x-frame-options', 'DENY');
      void reply.header('referrer-policy', 'same-origin');
      return this.send(req, reply, shell, 'no-cache');
    });
  }

  private vendorPaths(): Map<string, string> {
    const paths = new Map<string, string>();
    for (const [name, spec] of Object.entries(VENDOR)) {
      try {
        paths.set(name, require.resolve(spec, { paths: [PROJECT_ROOT] }));
      } catch {
        this.logger.warn(`${spec} is not installed: /assets/vendor/${name} will answer 404 (run npm ci)`);
      }
    }
    return paths;
  }

  private send(req: FastifyRequest, reply: FastifyReply, file: StaticFile, cacheControl: string) {
    void reply.header('cache-control', cacheControl);
    void reply.header('etag', file.etag);
    void reply.header('last-modified', file.lastModified);
    void reply.header('x-content-type-options', 'nosniff');
    if (matchesEtag(req.headers['if-none-match'], file.etag)) return reply.code(304).send();
    return reply.type(file.contentType).send(file.body);
  }
}
