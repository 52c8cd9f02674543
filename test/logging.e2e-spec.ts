// The log of the real service process (node dist/main.js) in JSON: one object a line on stdout, a line per request
// with its id, status and time taken, the caller's X-Request-Id kept and answered, credentials redacted.
import { rmSync } from 'node:fs';
import { tempDir } from './support/app';
import { freshDatabase } from './support/database';
import { ensureBuilt, startInstance, type Instance } from './support/instances';

jest.setTimeout(120_000);

describe('the JSON log of the service process', () => {
  const dir = tempDir();
  let instance: Instance;

  beforeAll(async () => {
    ensureBuilt();
    instance = await startInstance({
      name: 'logging',
      dir,
      database: await freshDatabase(dir, 'logging'),
      config: { clock: { today: '2023-09-20' }, scheduler: { enabled: false }, mail: { dir: `${dir}/mail` } },
      env: { LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    });
  });
  afterAll(async () => {
    await instance?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The stdout lines so far, each parsed (a line that is not JSON fails the test). */
  function lines(): Record<string, any>[] {
    return instance
      .output()
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => {
        try {
          return JSON.parse(l) as Record<string, any>;
        } catch {
          throw new Error(`not a JSON line: ${l}`);
        }
      });
  }

  async function lineOf(id: string): Promise<Record<string, any>> {
    for (let i = 0; i < 50; i++) {
      const line = lines().find((l) => l.req?.id === id);
      if (line) return line;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no log line for request ${id}:\n${instance.output()}`);
  }

  it('logs a request with its id, status and time, the authorization and cookies redacted', async () => {
    const res = await fetch(`${instance.url}/api/auth/me`, {
      headers: { authorization: 'Bearer x', cookie: 'session=secret', 'x-request-id': 'e2e-req-0001' },
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('x-request-id')).toBe('e2e-req-0001');
    const line = await lineOf('e2e-req-0001');
    expect(line).toMatchObject({
      level: 30,
      reqId: 'e2e-req-0001',
      req: { method: 'GET', url: '/api/auth/me' },
      res: { statusCode: 401 },
    });
    expect(typeof line.responseTime).toBe('number');
    expect(line.req.headers.authorization).toBe('[Redacted]');
    expect(line.req.headers.cookie).toBe('[Redacted]');
    expect(instance.output()).not.toContain('Bearer x');
    expect(instance.output()).not.toContain('session=secret');
  });

  it('never logs a password, and answers a new id for a missing or unsafe X-Request-Id', async () => {
    const password = 'Demo-office-2023';
    const login = await fetch(`${instance.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'bad id with spaces' },
      body: JSON.stringify({ email: 'office@tianshui.example.cn', password }),
    });
    expect(login.status).toBe(200);
    const id = login.headers.get('x-request-id') as string;
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const { token } = (await login.json()) as { token: string };
    expect(await lineOf(id)).toMatchObject({
      req: { method: 'POST', url: '/api/auth/login' },
      res: { statusCode: 200 },
    });

    // a web page, outside the API, is logged the same way
    const page = await fetch(`${instance.url}/`, { headers: { authorization: `Bearer ${token}` } });
    expect(page.status).toBe(200);
    const pageId = page.headers.get('x-request-id') as string;
    expect(pageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await lineOf(pageId)).toMatchObject({ req: { url: '/' }, res: { statusCode: 200 } });

    expect(instance.output()).not.toContain(password);
    expect(instance.output()).not.toContain(token);
  });

  it("writes Nest's own messages as JSON lines too", () => {
    const all = lines();
    expect(all.some((l) => l.context === 'Zhuanban' && /^listening on /.test(l.msg))).toBe(true);
    expect(all.every((l) => typeof l.level === 'number' && typeof l.time === 'number')).toBe(true);
  });
});
