// Real service processes for tests: `node dist/main.js` started with its own port and environment, waited for
// until it answers, and stopped (SIGTERM) or killed (SIGKILL). Several of them share one database.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import type { TestDatabaseConfig } from './database';
import { ensureEchartsBundle } from './web-bundle';

const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/main.js');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than the sources, so the processes run the code under test. */
export function ensureBuilt(): void {
  ensureEchartsBundle();
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => done(port));
    });
  });
}

export interface Instance {
  readonly name: string;
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

export interface InstanceOptions {
  name: string;
  database: TestDatabaseConfig;
  dir: string;
  /** Merged over config/default.json through CONFIG_FILE. */
  config?: Record<string, unknown>;
  env?: Record<string, string>;
}

/** Starts a service process and resolves once it answers HTTP. */
export async function startInstance(opts: InstanceOptions): Promise<Instance> {
  const port = await freePort();
  const configFile = join(opts.dir, `${opts.name}.config.json`);
  writeFileSync(configFile, JSON.stringify(opts.config ?? {}));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? opts.dir,
    HOST: '127.0.0.1',
    PORT: String(port),
    CONFIG_FILE: configFile,
    DATABASE_PATH: opts.database.path,
    DATABASE_URL: opts.database.url ?? '',
    LOG_LEVEL: 'warn',
    ...opts.env,
  };
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${opts.name} exited at start:\n${output}`);
    try {
      const res = await fetch(`${url}/api/auth/me`);
      if (res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${opts.name} did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { name: opts.name, url, output: () => output, stop: () => end('SIGTERM'), kill: () => end('SIGKILL') };
}

export function stopAll(instances: (Instance | undefined)[]): Promise<void[]> {
  return Promise.all(instances.map((i) => i?.stop()));
}

export { type ChildProcess };

/** A signed-in client of one instance, speaking real HTTP. */
export class InstanceClient {
  constructor(
    readonly instance: Instance,
    private readonly token: string,
  ) {}

  static async signIn(instance: Instance, email: string, password: string): Promise<InstanceClient> {
    const res = await fetch(`${instance.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (res.status !== 200) throw new Error(`sign-in at ${instance.name}: ${res.status} ${await res.text()}`);
    return new InstanceClient(instance, ((await res.json()) as { token: string }).token);
  }

  async call<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(this.instance.url + path, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T,
    };
  }

  async get<T = any>(path: string): Promise<T> {
    const res = await this.call<T>('GET', path);
    if (res.status !== 200)
      throw new Error(`GET ${path} at ${this.instance.name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}
