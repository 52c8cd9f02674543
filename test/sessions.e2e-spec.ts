// Sessions: signing out, a password change or reset and deactivation end every earlier token of the account at once;
// a token without an expiry is refused; a sign-in in use is renewed up to the absolute lifetime, and one left idle ends.
import jwt from 'jsonwebtoken';
import { DEMO_PASSWORDS, startApp, type TestApp } from './support/app';

const SECRET = 'a-test-signing-secret-of-forty-characters!';
const IDLE = 600;
const TTL = 3600;

describe('sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ config: { auth: { jwtSecret: SECRET, idleTimeoutSeconds: IDLE, tokenTtlSeconds: TTL } } });
  });
  afterAll(() => t.close());

  const me = (token: string) => t.request('GET', '/api/auth/me', { token });
  const signIn = (who: keyof typeof DEMO_PASSWORDS, password = DEMO_PASSWORDS[who][1]) =>
    t.login(DEMO_PASSWORDS[who][0], password);
  const now = () => Math.floor(Date.now() / 1000);

  it('signs in for the idle time, not the whole lifetime', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      body: { email: DEMO_PASSWORDS.lead[0], password: DEMO_PASSWORDS.lead[1] },
    });
    expect(res.body.expiresIn).toBe(IDLE);
    const claims = jwt.decode(res.body.token) as unknown as { exp: number; iat: number; auth: number; ver: number };
    expect(claims.exp - claims.iat).toBe(IDLE);
    expect(claims.auth).toBe(claims.iat);
  });

  it('signing out ends this token and every other token of the account, and no one else’s', async () => {
    const [a, b, other] = [await signIn('secretariat'), await signIn('secretariat'), await signIn('lead')];
    const out = await t.request('POST', '/api/auth/logout', { token: a });
    expect(out.status).toBe(204);
    for (const token of [a, b]) {
      const res = await me(token);
      expect(res.status).toBe(401);
      expect(res.body.messageZh).toBe('本次登录已结束（已退出或密码已更改），请重新登录');
    }
    expect((await me(other)).status).toBe(200);
    expect((await me(await signIn('secretariat'))).status).toBe(200);
    expect((await t.request('POST', '/api/auth/logout')).status).toBe(401);
  });

  it('a password change ends the earlier tokens and answers the one to go on with', async () => {
    const [a, b] = [await signIn('viewer'), await signIn('viewer')];
    const res = await fetch(`${t.url}/api/users/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${a}`, 'content-type': 'application/json' },
      body: JSON.stringify({ currentPassword: DEMO_PASSWORDS.viewer[1], newPassword: 'Viewer-changed-2023!' }),
    });
    expect(res.status).toBe(200);
    const next = res.headers.get('x-auth-token');
    expect(next).toBeTruthy();
    expect((await me(a)).status).toBe(401);
    expect((await me(b)).status).toBe(401);
    expect((await me(next!)).status).toBe(200);
    // a change of language only keeps the token
    const lang = await fetch(`${t.url}/api/users/me`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${next}`, 'content-type': 'application/json' },
      body: JSON.stringify({ locale: 'en' }),
    });
    expect(lang.status).toBe(200);
    expect(lang.headers.get('x-auth-token')).toBeNull();
    expect((await me(next!)).status).toBe(200);
  });

  it('an admin’s password reset, a new role and deactivation end the account’s tokens', async () => {
    const id = async (token: string) => (await me(token)).body.id as number;
    const liaison = await signIn('liaison2');
    const liaisonId = await id(liaison);
    const reset = await t.call('admin', 'PATCH', `/api/users/${liaisonId}`, { password: 'Reset-by-admin-2023!' });
    expect(reset.status).toBe(200);
    expect((await me(liaison)).status).toBe(401);

    const lead = await signIn('lead');
    const leadId = await id(lead);
    expect((await t.call('admin', 'PATCH', `/api/users/${leadId}`, { role: 'secretariat' })).status).toBe(200);
    expect((await me(lead)).status).toBe(401);
    expect((await t.call('admin', 'PATCH', `/api/users/${leadId}`, { role: 'lead' })).status).toBe(200);

    const again = await t.login(DEMO_PASSWORDS.liaison2[0], 'Reset-by-admin-2023!');
    expect((await t.call('admin', 'PATCH', `/api/users/${liaisonId}`, { active: false })).status).toBe(200);
    expect((await t.call('admin', 'PATCH', `/api/users/${liaisonId}`, { active: true })).status).toBe(200);
    // active again, the token from before stays ended
    expect((await me(again)).status).toBe(401);
  });

  it('refuses a token without an expiry, or without the account’s version, though signed with the right key', async () => {
    const token = await signIn('admin');
    const claims = jwt.decode(token) as unknown as { sub: number; role: string; ver: number; auth: number };
    const base = { sub: claims.sub, role: claims.role };
    for (const forged of [
      jwt.sign({ ...base, ver: claims.ver, auth: now() }, SECRET),
      jwt.sign({ ...base, auth: now() }, SECRET, { expiresIn: 60 }),
      jwt.sign({ ...base, ver: claims.ver }, SECRET, { expiresIn: 60 }),
    ]) {
      const res = await me(forged);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthorized');
    }
    expect((await me(jwt.sign({ ...base, ver: claims.ver, auth: now() }, SECRET, { expiresIn: 60 }))).status).toBe(200);
  });

  it('renews a sign-in in use past half its idle time, never beyond the absolute lifetime, and ends an idle one', async () => {
    const token = await signIn('admin');
    const { sub, role, ver } = jwt.decode(token) as unknown as { sub: number; role: string; ver: number };
    // fresh: no renewal
    const fresh = await fetch(`${t.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(fresh.headers.get('x-auth-token')).toBeNull();
    // used with less than half the idle time left: a renewed token, the sign-in's start kept
    const began = now() - 1000;
    const late = jwt.sign({ sub, role, ver, auth: began }, SECRET, { expiresIn: 60 });
    const res = await fetch(`${t.url}/api/auth/me`, { headers: { authorization: `Bearer ${late}` } });
    expect(res.status).toBe(200);
    const renewed = jwt.decode(res.headers.get('x-auth-token')!) as { exp: number; auth: number };
    expect(renewed.auth).toBe(began);
    expect(renewed.exp).toBeGreaterThanOrEqual(now() + IDLE - 5);
    // near the absolute end: the renewal stops at it
    const old = now() - TTL + 30;
    const nearEnd = jwt.sign({ sub, role, ver, auth: old }, SECRET, { expiresIn: 20 });
    const capped = await fetch(`${t.url}/api/auth/me`, { headers: { authorization: `Bearer ${nearEnd}` } });
    expect(capped.status).toBe(200);
    expect((jwt.decode(capped.headers.get('x-auth-token')!) as { exp: number }).exp).toBe(old + TTL);
    // left idle past its expiry: refused
    const idle = jwt.sign({ sub, role, ver, auth: now() - IDLE - 10, exp: now() - 10 }, SECRET);
    expect((await me(idle)).status).toBe(401);
  });
});
