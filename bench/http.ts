// HTTP measurements: one timed request (status, time, bytes), the median of a few, and throughput with autocannon
// for a fixed duration. Only status, time and size are read from answers, so they survive changes of shape.
import { performance } from 'node:perf_hooks';

// autocannon ships no types; this is the part used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<{
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  '2xx': number;
  latency: { p50: number; p99: number };
}>;

export type Status = number | 'timeout' | 'error';

export interface Call {
  status: Status;
  ms: number;
  bytes: number;
  body: Buffer;
  error?: string;
}

export interface CallOptions {
  method?: string;
  token?: string;
  json?: unknown;
  body?: Buffer;
  contentType?: string;
  timeoutMs: number;
}

export const ok = (s: Status) => typeof s === 'number' && s >= 200 && s < 300;

export async function call(url: string, o: CallOptions): Promise<Call> {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  let body: string | Buffer | undefined = o.body;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  } else if (o.contentType) headers['content-type'] = o.contentType;
  const t0 = performance.now();
  try {
    const res = await fetch(url, {
      method: o.method ?? 'GET',
      headers,
      body: body === undefined || typeof body === 'string' ? body : new Uint8Array(body),
      signal: AbortSignal.timeout(o.timeoutMs),
    });
    const buf = Buffer.from(await res.arrayBuffer());
    return { status: res.status, ms: performance.now() - t0, bytes: buf.length, body: buf };
  } catch (e) {
    const timedOut = (e as Error).name === 'TimeoutError';
    return {
      status: timedOut ? 'timeout' : 'error',
      ms: performance.now() - t0,
      bytes: 0,
      body: Buffer.alloc(0),
      error: (e as Error).message,
    };
  }
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * A running service's time for one request: `warmUp` requests first (the first few of a fresh process run its
 * code before the JIT has compiled it, two to four times slower), then `repeats` one after another: the median
 * time. Stops at the first failure.
 */
export async function single(url: string, o: CallOptions, repeats = 5, warmUp = 10): Promise<Call> {
  const first = await call(url, o);
  if (!ok(first.status)) return first;
  for (let i = 1; i < warmUp; i++) {
    const r = await call(url, o);
    if (!ok(r.status)) return r;
  }
  const times: number[] = [];
  let last = first;
  for (let i = 0; i < repeats; i++) {
    last = await call(url, o);
    if (!ok(last.status)) return last;
    times.push(last.ms);
  }
  return { ...last, ms: median(times) };
}

export interface Throughput {
  /** 2xx answers per second. */
  rps: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
}

/** Throughput with `connections` connections for `seconds` seconds; requests still open at the end are dropped. */
export async function load(url: string, token: string, seconds: number, connections = 50): Promise<Throughput> {
  const r = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: seconds + 5,
    headers: { authorization: `Bearer ${token}` },
  });
  return {
    rps: r['2xx'] / seconds,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
    p50: r.latency.p50,
    p99: r.latency.p99,
  };
}
