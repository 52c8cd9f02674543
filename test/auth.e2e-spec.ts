import { startApp, type TestApp } from './support/app';

describe('sign-in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ demo: false, config: { admin: { email: 'root@example.cn', password: 'Root-password-1' } } });
  });
  afterAll(() => t.close());

  it('signs in the configured admin and tells who they are', async () => {
    const token = await t.login('root@example.cn', 'Root-password-1');
    const me = await t.request('GET', '/api/auth/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'root@example.cn', role: 'admin' });
    expect(me.body.passwordHash).toBeUndefined();
  });

  it('refuses a wrong password with 401 and a message in both languages', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: 'root@example.cn', password: 'nope-nope-nope' },
    });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      code: 'unauthorized',
      message: 'Wrong email or password',
      messageZh: '邮箱或密码错误',
    });
  });

  it('refuses requests without a token', async () => {
    const res = await t.request('GET', '/api/units');
    expect(res.status).toBe(401);
  });

  it('names the field of a malformed login', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: 'not-an-email', password: 'x', extra: 1 },
    });
    expect(res.status).toBe(400);
    const fields = res.body.errors.map((e: { field: string }) => e.field).sort();
    expect(fields).toEqual(['email', 'extra']);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.request('POST', '/api/auth/login', { raw: '{"email": ' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_request');
  });

  it('serves the OpenAPI document and its browsable page', async () => {
    const res = await t.request('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.paths['/api/auth/login']).toBeDefined();
    const page = await t.request('GET', '/api/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.body).toContain('swagger');
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      demo: false,
      config: { auth: { loginLimit: 3 }, admin: { email: 'root@example.cn', password: 'Root-password-1' } },
    });
  });
  afterAll(() => t.close());

  it('answers 429 after too many attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await t.request('POST', '/api/auth/login', { body: { email: 'root@example.cn', password: 'wrong-password' } }))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });
});

describe('client addresses behind a reverse proxy', () => {
  const wrong = { email: 'root@example.cn', password: 'wrong-password' };
  const admin = { email: 'root@example.cn', password: 'Root-password-1' };
  const from = (t: TestApp, address: string, body = wrong) =>
    t.request('POST', '/api/auth/login', { body, headers: { 'x-forwarded-for': address } });

  it('ignores X-Forwarded-For from a client when no proxy is trusted: a made-up address does not reset the limit', async () => {
    const t = await startApp({ demo: false, config: { auth: { loginLimit: 3 }, admin } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await from(t, `203.0.113.${i + 1}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect((await from(t, '198.51.100.7', admin)).status).toBe(429);
    } finally {
      await t.close();
    }
  });

  it('counts each forwarded client apart when the proxy is trusted (TRUST_PROXY)', async () => {
    const t = await startApp({ demo: false, config: { auth: { loginLimit: 3 }, admin, trustProxy: ['127.0.0.1'] } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await from(t, '203.0.113.1')).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      expect((await from(t, '203.0.113.2', admin)).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it('limits attempts per account too, from whatever addresses and in whatever case, leaving other accounts alone', async () => {
    const t = await startApp({
      demo: false,
      config: { auth: { accountLoginLimit: 3 }, admin, trustProxy: ['127.0.0.1'] },
    });
    try {
      const statuses: number[] = [];
      for (const [i, email] of ['root@example.cn', 'ROOT@example.cn', 'Root@Example.cn'].entries()) {
        statuses.push((await from(t, `203.0.113.${i + 1}`, { ...wrong, email })).status);
      }
      statuses.push((await from(t, '203.0.113.9', admin)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      const refused = await from(t, '203.0.113.10', admin);
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after-account')).toMatch(/^\d+$/);
      expect(refused.body).toMatchObject({ code: 'too_many_requests', messageZh: '请求过于频繁，请稍后再试' });
      expect((await from(t, '203.0.113.11', { email: 'other@example.cn', password: 'x' })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
