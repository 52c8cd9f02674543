// The processes a benchmark run starts: the service (`node dist/main.js`), its command line, the raw comparison
// server; each on 127.0.0.1, each remembered so that every one is killed at the end, also when a run fails.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
const MAIN = join(ROOT, 'dist/main.js');

/**
 * The Node options the service is started with: those of `npm start` (package.json), so the benchmark measures
 * the service as it is run. They bound the heap's growth (V8 sizes its heap for a 4 GB limit otherwise, and the
 * RSS under 50 connections doubled) and give short-lived objects a larger young generation (fewer promoted, less
 * GC under load).
 */
export const SERVICE_NODE_OPTIONS: string[] = (() => {
  const start = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts
    .start;
  const m = /^node\s+(.*?)\s*dist\/main\.js$/.exec(start.trim());
  if (!m) throw new Error(`package.json: the start script "${start}" is not "node [options] dist/main.js"`);
  return m[1].split(/\s+/).filter(Boolean);
})();
const CLI = join(ROOT, 'dist/cli.js');

const running = new Set<ChildProcess>();

/** Kills every process still running; called at the end and on any error or signal. */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

function track(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds dist/ when it is missing or older than the sources, so the service measured is the code checked out. */
export function ensureBuilt(): void {
  if (existsSync(MAIN) && statSync(MAIN).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  console.log('building dist/ …');
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

/** The environment of the service and its command line for one benchmark database. */
export interface ServiceEnv {
  dir: string;
  databasePath: string;
  databaseUrl: string | null;
  today: string;
}

function envOf(e: ServiceEnv, extra: Record<string, string> = {}): Record<string, string> {
  const configFile = join(e.dir, 'service.config.json');
  // No SMTP: mail goes to files under the run's directory; no schedule running beside the measurements.
  writeFileSync(configFile, JSON.stringify({ mail: { dir: join(e.dir, 'mail') } }));
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? e.dir,
    HOST: '127.0.0.1',
    CONFIG_FILE: configFile,
    DATABASE_PATH: e.databasePath,
    DATABASE_URL: e.databaseUrl ?? '',
    ZHUANBAN_TODAY: e.today,
    SCHEDULER_ENABLED: 'false',
    LOGIN_LIMIT: '1000',
    ACCOUNT_LOGIN_LIMIT: '1000',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export interface CliRun {
  code: number | null;
  ms: number;
  /** Peak resident memory, from /usr/bin/time -v when it is there. */
  maxRssMb: number | null;
  output: string;
  timedOut: boolean;
}

/** Runs one command of the command line as a process, timed, with its peak RSS; killed after `timeoutMs`. */
export async function runCli(e: ServiceEnv, args: string[], timeoutMs: number): Promise<CliRun> {
  const time = existsSync('/usr/bin/time');
  const [cmd, argv] = time
    ? ['/usr/bin/time', ['-v', process.execPath, CLI, ...args]]
    : [process.execPath, [CLI, ...args]];
  const t0 = performance.now();
  const child = track(spawn(cmd, argv, { cwd: ROOT, env: envOf(e), stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
  clearTimeout(timer);
  const ms = performance.now() - t0;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(output);
  return { code, ms, maxRssMb: rss ? Number(rss[1]) / 1024 : null, output, timedOut };
}

/** Memory of a running process from /proc: resident now and its peak, in MB. */
export function memoryOf(pid: number): { rssMb: number; hwmMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
    return { rssMb: kb('VmRSS') / 1024, hwmMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

export interface Server {
  readonly url: string;
  readonly pid: number;
  output(): string;
  stop(): Promise<void>;
}

async function waitForHttp(child: ChildProcess, url: string, output: () => string, name: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited at start:\n${output()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer within 120 s:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

function serverOf(child: ChildProcess, url: string, output: () => string): Server {
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    url,
    pid: child.pid!,
    output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Starts the service on a free port and resolves once it answers. */
export async function startService(e: ServiceEnv): Promise<Server> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [...SERVICE_NODE_OPTIONS, MAIN], {
      cwd: ROOT,
      env: envOf(e, { PORT: String(port) }),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-20_000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, `${url}/api/auth/me`, () => output, 'the service');
  return serverOf(child, url, () => output);
}

/** Starts the raw comparison server (bench/raw-server.ts) on the same SQLite file. */
export async function startRawServer(databasePath: string, today: string): Promise<Server> {
  const port = await freePort();
  const child = track(
    spawn(process.execPath, [join(__dirname, 'raw-server.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: String(port), DATABASE_PATH: databasePath, TODAY: today },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(child, `${url}/health`, () => output, 'the raw server');
  return serverOf(child, url, () => output);
}
