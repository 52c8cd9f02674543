// Starts the real service for a test: a fresh database built by the migrations (a SQLite file, or a PostgreSQL
// database with TEST_POSTGRES_URL, see database.ts), the HTTP server on 127.0.0.1 at a free port, and a small
// client that speaks to it over real HTTP.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { __resetOutOfContextForTests } from 'nestjs-pino/PinoLogger';
import type { DestinationStream } from 'pino';
import { createApp } from '../../src/app.factory';
import { ClockService } from '../../src/common/clock.service';
import { deepMerge, loadConfig, type AppConfig } from '../../src/config/config';
import { StartupService } from '../../src/startup.service';
import { dropDatabase, freshDatabase, type TestDatabaseConfig } from './database';
import { ensureEchartsBundle } from './web-bundle';

export interface Response<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface TestAppOptions {
  /** "Today" for the service, in Asia/Shanghai; the demo plan is set on 2023-09-20. */
  today?: string;
  demo?: boolean;
  /** Reuse a database (restart tests): one from freshDatabase(), kept when the app closes. */
  database?: TestDatabaseConfig;
  config?: Record<string, unknown>;
  /** Where the app's log goes instead of stdout (see captureLog). */
  logDestination?: DestinationStream;
}

/** A log destination that keeps the JSON lines (use with `config: { log: { format: 'json' } }`). */
export function captureLog(): DestinationStream & { lines(): Record<string, any>[] } {
  const written: string[] = [];
  return {
    write: (line: string) => void written.push(line),
    lines: () => written.flatMap((chunk) => chunk.split('\n').filter(Boolean)).map((l) => JSON.parse(l)),
  };
}

export const DEMO_PASSWORDS: Record<string, [string, string]> = {
  admin: ['admin@tianshui.example.cn', 'Demo-admin-2023'],
  lead: ['lead@tianshui.example.cn', 'Demo-lead-2023'],
  secretariat: ['office@tianshui.example.cn', 'Demo-office-2023'],
  liaison: ['liaison.yd@tianshui.example.cn', 'Demo-liaison-yd-2023'],
  liaison2: ['liaison.qzq@tianshui.example.cn', 'Demo-liaison-qzq-2023'],
  viewer: ['viewer@tianshui.example.cn', 'Demo-viewer-2023'],
  auditor: ['auditor@tianshui.example.cn', 'Demo-auditor-2023'],
  security_admin: ['security@tianshui.example.cn', 'Demo-security-2023'],
};

export class TestApp {
  private tokens = new Map<string, string>();

  constructor(
    readonly app: NestFastifyApplication,
    readonly url: string,
    readonly config: AppConfig,
    readonly dir: string | null,
    private readonly ownsDatabase: boolean,
  ) {}

  get clock(): ClockService {
    return this.app.get(ClockService);
  }

  async request<T = any>(
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
  ): Promise<Response<T>> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let payload: string | undefined;
    if (opts.raw !== undefined) {
      payload = opts.raw;
      headers['content-type'] ??= 'application/json';
    } else if (opts.body !== undefined) {
      payload = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(this.url + path, { method, headers, body: payload });
    const text = await res.text();
    let body: unknown = text;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) body = JSON.parse(text);
    return { status: res.status, body: body as T, headers: res.headers };
  }

  async login(email: string, password: string): Promise<string> {
    const res = await this.request('POST', '/api/auth/login', { body: { email, password } });
    if (res.status !== 200) throw new Error(`login ${email}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.token as string;
  }

  /** A token for one of the demo users, by role name (see DEMO_PASSWORDS). */
  async as(who: keyof typeof DEMO_PASSWORDS | string): Promise<string> {
    const cached = this.tokens.get(who);
    if (cached) return cached;
    const [email, password] = DEMO_PASSWORDS[who];
    const token = await this.login(email, password);
    this.tokens.set(who, token);
    return token;
  }

  /** GET as a user, expecting 200. */
  async get<T = any>(who: string, path: string): Promise<T> {
    const res = await this.request<T>('GET', path, { token: await this.as(who) });
    if (res.status !== 200) throw new Error(`GET ${path} as ${who}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async call<T = any>(who: string, method: string, path: string, body?: unknown): Promise<Response<T>> {
    return this.request<T>(method, path, { token: await this.as(who), body });
  }

  async close(keepFiles = false): Promise<void> {
    await this.app.close();
    if (this.ownsDatabase && !keepFiles) await dropDatabase(this.config.database);
    if (this.dir && !keepFiles) rmSync(this.dir, { recursive: true, force: true });
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'zhuanban-test-'));
}

export async function startApp(opts: TestAppOptions = {}): Promise<TestApp> {
  ensureEchartsBundle();
  const dir = opts.database ? null : tempDir();
  const database = opts.database ?? (await freshDatabase(dir as string));
  const base: Record<string, unknown> = {
    database,
    demo: { load: opts.demo ?? true },
    clock: { today: opts.today ?? '2023-09-20' },
    auth: { loginLimit: 10_000, accountLoginLimit: 10_000 },
    log: { level: 'error' },
    // Tests run jobs and the sender themselves, unless they ask for the schedule.
    scheduler: { enabled: false },
    // the audit log is sealed when a test asks (verification), not by a timer in the middle of it
    audit: { sealIntervalSeconds: 0 },
    mail: { dir: join(dir ?? tempDir(), 'mail') },
  };
  const config = loadConfig({}, deepMerge(base, opts.config ?? {}));
  if (opts.logDestination) {
    // nestjs-pino keeps the first logger it was given for lines outside a request, once per process: forget it
    __resetOutOfContextForTests();
  }
  const app = await createApp(config, { logDestination: opts.logDestination });
  await app.get(StartupService).run();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return new TestApp(app, `http://127.0.0.1:${port}`, config, dir, !opts.database);
}
