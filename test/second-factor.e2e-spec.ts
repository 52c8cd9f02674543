// The second factor: enrolling an authenticator app (setup, then enable with a code), signing in with a code or a
// recovery code (each once), wrong codes counting toward the lockout, turning it off and an administrator's reset;
// roles that must have one (auth.totpRequiredRoles) get a sign-in limited to enrolling until they do. Then the
// password's age (auth.passwordMaxAgeDays) and history (auth.passwordHistory).
import { authenticator } from 'otplib';
import { DEMO_PASSWORDS, startApp, type TestApp } from './support/app';

/** The code an authenticator app shows for the secret, `steps` steps of 30 s from now. */
const codeOf = (secret: string, steps = 0) =>
  authenticator.clone({ epoch: Date.now() + steps * 30_000 }).generate(secret);

const signIn = (t: TestApp, who: keyof typeof DEMO_PASSWORDS, extra: Record<string, unknown> = {}, password?: string) =>
  t.request('POST', '/api/auth/login', {
    body: { email: DEMO_PASSWORDS[who][0], password: password ?? DEMO_PASSWORDS[who][1], ...extra },
  });

/** Enrols the user of the token; answers the secret and the recovery codes. */
async function enrol(t: TestApp, token: string): Promise<{ secret: string; recoveryCodes: string[] }> {
  const setup = await t.request('POST', '/api/auth/totp/setup', { token });
  expect(setup.status).toBe(200);
  const { secret } = setup.body;
  const enable = await t.request('POST', '/api/auth/totp/enable', { token, body: { code: codeOf(secret) } });
  expect(enable.status).toBe(200);
  return { secret, recoveryCodes: enable.body.recoveryCodes };
}

const THRESHOLD = 5;

describe('the second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      config: { auth: { lockoutThreshold: THRESHOLD, lockoutWindowSeconds: 900, lockoutSeconds: 600 } },
    });
  });
  afterAll(() => t.close());

  it('is set up with a secret and an otpauth address, and not in force until enabled with a code of it', async () => {
    const token = (await signIn(t, 'secretariat')).body.token;
    const setup = await t.request('POST', '/api/auth/totp/setup', { token });
    expect(setup.status).toBe(200);
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(setup.body.uri).toBe(
      `otpauth://totp/Zhuanban:office%40tianshui.example.cn?secret=${setup.body.secret}&period=30&digits=6&algorithm=SHA1&issuer=Zhuanban`,
    );
    // set up only: the password alone still signs in
    expect((await signIn(t, 'secretariat')).status).toBe(200);
    const wrong = await t.request('POST', '/api/auth/totp/enable', { token, body: { code: '000000' } });
    expect([wrong.status, wrong.body.errors[0].field, wrong.body.errors[0].code]).toEqual([400, 'code', 'wrong_code']);
    const enable = await t.request('POST', '/api/auth/totp/enable', {
      token,
      body: { code: codeOf(setup.body.secret) },
    });
    expect(enable.status).toBe(200);
    expect(enable.body.recoveryCodes).toHaveLength(10);
    for (const c of enable.body.recoveryCodes) expect(c).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/);
    const status = await t.request('GET', '/api/auth/totp', { token });
    expect(status.body).toMatchObject({ enabled: true, recoveryCodesLeft: 10, required: false });
    expect((await t.request('POST', '/api/auth/totp/setup', { token })).body.code).toBe('totp_enabled');
  });

  it('then the password alone yields no token: a current code does, once', async () => {
    const token = (await signIn(t, 'lead')).body.token;
    const { secret } = await enrol(t, token);
    const alone = await signIn(t, 'lead');
    expect([alone.status, alone.body.code, alone.body.token]).toEqual([401, 'totp_required', undefined]);
    expect(alone.body.errors[0].field).toBe('code');
    // the code used to enable is used up; the next step's (within the window) signs in, and only once
    const next = codeOf(secret, 1);
    const ok = await signIn(t, 'lead', { code: next });
    expect(ok.status).toBe(200);
    expect(ok.body.token).toBeTruthy();
    expect(ok.body.limit).toBeNull();
    expect((await t.request('GET', '/api/tasks', { token: ok.body.token })).status).toBe(200);
    const again = await signIn(t, 'lead', { code: next });
    expect([again.status, again.body.code]).toEqual([401, 'wrong_code']);
    // a code of a step before the one used is refused too, and one far in the past
    expect((await signIn(t, 'lead', { code: codeOf(secret) })).body.code).toBe('wrong_code');
    expect((await signIn(t, 'lead', { code: codeOf(secret, -4) })).body.code).toBe('wrong_code');
    // a wrong password with a right code is still a wrong password
    expect((await signIn(t, 'lead', { code: codeOf(secret, 1) }, 'Wrong-password-2023')).body.code).toBe(
      'unauthorized',
    );
    await unlock('lead');
  });

  async function unlock(who: keyof typeof DEMO_PASSWORDS) {
    const users = await t.get('admin', '/api/users');
    const id = users.find((u: { email: string }) => u.email === DEMO_PASSWORDS[who][0]).id;
    expect((await t.call('security_admin', 'POST', `/api/users/${id}/unlock`)).status).toBe(200);
    return id as number;
  }

  it('wrong codes count toward the lockout, and a right password does not clear them', async () => {
    const token = (await signIn(t, 'viewer')).body.token;
    const { secret } = await enrol(t, token);
    const wrong = ['111111', 'aaaaa-aaaaa', '222222', '333333'];
    for (const code of wrong) expect((await signIn(t, 'viewer', { code })).body.code).toBe('wrong_code');
    const last = await signIn(t, 'viewer', { code: '444444' });
    expect([last.status, last.body.code]).toEqual([401, 'account_locked']);
    expect((await signIn(t, 'viewer', { code: codeOf(secret, 1) })).body.code).toBe('account_locked');
    const id = await unlock('viewer');
    expect((await signIn(t, 'viewer', { code: codeOf(secret, 1) })).status).toBe(200);
    const log = await t.get('auditor', `/api/audit?entityType=user&entityId=${id}&pageSize=100`);
    const actions = log.items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['totp.enable', 'login.failure', 'login.lockout', 'login']));
    // nothing of the secret in the audit log
    expect(JSON.stringify(log)).not.toContain(secret);
  });

  it('a recovery code signs in once, in any case, with or without its dash', async () => {
    const token = (await signIn(t, 'liaison')).body.token;
    const { recoveryCodes } = await enrol(t, token);
    const [first, second] = recoveryCodes;
    expect((await signIn(t, 'liaison', { code: first })).status).toBe(200);
    expect((await signIn(t, 'liaison', { code: first })).body.code).toBe('wrong_code');
    const typed = second.toUpperCase().replace('-', '');
    const res = await signIn(t, 'liaison', { code: typed });
    expect(res.status).toBe(200);
    const status = await t.request('GET', '/api/auth/totp', { token: res.body.token });
    expect(status.body.recoveryCodesLeft).toBe(8);
    await unlock('liaison');
  });

  it('refuses a missing or malformed code with a 400 naming the field', async () => {
    const token = (await signIn(t, 'liaison2')).body.token;
    for (const body of [{}, { code: '12345' }, { code: 123456 }, { code: null }, { code: 'abc' }]) {
      const res = await t.request('POST', '/api/auth/totp/enable', { token, body });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual(['code']);
    }
    for (const code of ['12 3456', '', 'abcde-1234', 42, null]) {
      const res = await signIn(t, 'liaison2', { code });
      expect(res.status).toBe(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual(['code']);
    }
    // enabling before setting up is a conflict, not a 500
    expect((await t.request('POST', '/api/auth/totp/enable', { token, body: { code: '123456' } })).body.code).toBe(
      'totp_not_set_up',
    );
    const disable = await t.request('POST', '/api/auth/totp/disable', { token, body: {} });
    expect([disable.status, disable.body.errors[0].field]).toEqual([400, 'password']);
  });

  it('is turned off with the password or a code, and ends the account’s sign-ins', async () => {
    const token = (await signIn(t, 'secretariat', { code: codeOf((await secretOf('secretariat'))!, 1) })).body.token;
    expect(token).toBeTruthy();
    const wrong = await t.request('POST', '/api/auth/totp/disable', {
      token,
      body: { password: 'Wrong-password-2023' },
    });
    expect([wrong.status, wrong.body.errors[0].field]).toEqual([400, 'password']);
    const off = await t.request('POST', '/api/auth/totp/disable', {
      token,
      body: { password: DEMO_PASSWORDS.secretariat[1] },
    });
    expect(off.status).toBe(204);
    expect((await t.request('GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await signIn(t, 'secretariat')).status).toBe(200);
  });

  /** The secret of a user enrolled in an earlier test, read as the service keeps it (never in an answer). */
  async function secretOf(who: keyof typeof DEMO_PASSWORDS): Promise<string | null> {
    const { UsersRepository } = await import('../src/users/users.repository');
    const users = await t.get('admin', '/api/users');
    const id = users.find((u: { email: string }) => u.email === DEMO_PASSWORDS[who][0]).id;
    return (await t.app.get(UsersRepository).findWithSecondFactor(id))?.totpSecret ?? null;
  }

  it('the security administrator resets a user’s second factor (nobody else), ending the user’s sign-ins', async () => {
    const secret = (await secretOf('viewer'))!;
    const token = (await signIn(t, 'viewer', { code: codeOf(secret, 1) })).body.token;
    const users = await t.get('admin', '/api/users');
    const id = users.find((u: { email: string }) => u.email === DEMO_PASSWORDS.viewer[0]).id;
    expect((await t.call('secretariat', 'POST', `/api/users/${id}/totp/reset`)).status).toBe(403);
    expect((await t.call('admin', 'POST', `/api/users/${id}/totp/reset`)).status).toBe(403);
    const reset = await t.call('security_admin', 'POST', `/api/users/${id}/totp/reset`);
    expect(reset.status).toBe(200);
    expect(reset.body.email).toBe(DEMO_PASSWORDS.viewer[0]);
    expect((await t.request('GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await signIn(t, 'viewer')).status).toBe(200);
    expect((await t.call('security_admin', 'POST', '/api/users/999999/totp/reset')).status).toBe(404);
    const log = await t.get('auditor', `/api/audit?entityType=user&entityId=${id}&pageSize=100`);
    expect(log.items.map((e: { action: string }) => e.action)).toContain('totp.reset');
  });

  it('never answers the secret or the recovery codes’ hashes in a user’s answers', async () => {
    const texts = [
      JSON.stringify(await t.get('admin', '/api/users')),
      JSON.stringify(await t.get('secretariat', '/api/auth/me')),
    ];
    for (const text of texts) {
      expect(text).not.toMatch(/totp|argon2|passwordHash|previousPassword/i);
    }
  });
});

describe('roles that must have a second factor', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ config: { auth: { totpRequiredRoles: ['admin', 'lead'] } } });
  });
  afterAll(() => t.close());

  it('sign in without one to a sign-in limited to enrolling; once enrolled, only with a code', async () => {
    const res = await signIn(t, 'lead');
    expect(res.status).toBe(200);
    expect(res.body.limit).toBe('totp_enrolment_required');
    const token = res.body.token;
    const tasks = await t.request('GET', '/api/tasks', { token });
    expect([tasks.status, tasks.body.code]).toEqual([403, 'totp_enrolment_required']);
    const me = await t.request('GET', '/api/auth/me', { token });
    expect([me.status, me.body.limit]).toEqual([200, 'totp_enrolment_required']);
    expect((await t.request('GET', '/api/auth/totp', { token })).body.required).toBe(true);
    const { secret } = await enrol(t, token);
    // enrolled: the same sign-in goes on, unlimited
    expect((await t.request('GET', '/api/tasks', { token })).status).toBe(200);
    expect((await signIn(t, 'lead')).body.code).toBe('totp_required');
    const next = await signIn(t, 'lead', { code: codeOf(secret, 1) });
    expect([next.status, next.body.limit]).toEqual([200, null]);
    // and may not be turned off
    const off = await t.request('POST', '/api/auth/totp/disable', {
      token: next.body.token,
      body: { password: DEMO_PASSWORDS.lead[1] },
    });
    expect([off.status, off.body.code]).toEqual([409, 'totp_required_for_role']);
  });

  it('leave the other roles free', async () => {
    const res = await signIn(t, 'secretariat');
    expect(res.body.limit).toBeNull();
    expect((await t.request('GET', '/api/tasks', { token: res.body.token })).status).toBe(200);
  });
});

describe('password age and history', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ config: { auth: { passwordMaxAgeDays: 90, passwordHistory: 3 } } });
  });
  afterAll(() => t.close());

  const change = (token: string, currentPassword: string, newPassword: string) =>
    t.request('PATCH', '/api/users/me', { token, body: { currentPassword, newPassword } });

  it('a password older than the maximum age must be changed before anything else', async () => {
    expect((await signIn(t, 'secretariat')).body.limit).toBeNull();
    t.clock.setNow(new Date(t.clock.now().getTime() + 91 * 86_400_000));
    const res = await signIn(t, 'secretariat');
    expect([res.status, res.body.limit]).toEqual([200, 'password_expired']);
    const token = res.body.token;
    const tasks = await t.request('GET', '/api/tasks', { token });
    expect([tasks.status, tasks.body.code]).toEqual([403, 'password_expired']);
    expect((await t.request('GET', '/api/auth/me', { token })).body.limit).toBe('password_expired');
    const changed = await change(token, DEMO_PASSWORDS.secretariat[1], 'Office-renewed-2023!');
    expect(changed.status).toBe(200);
    const next = changed.headers.get('x-auth-token')!;
    expect((await t.request('GET', '/api/tasks', { token: next })).status).toBe(200);
    expect((await signIn(t, 'secretariat', {}, 'Office-renewed-2023!')).body.limit).toBeNull();
  });

  it('a new password may not be any of the last three', async () => {
    const [email, first] = DEMO_PASSWORDS.viewer;
    let token = await t.login(email, first);
    const passwords = [first, 'Viewer-second-2023!', 'Viewer-third-2023!'];
    for (let i = 1; i < passwords.length; i++) {
      const res = await change(token, passwords[i - 1], passwords[i]);
      expect(res.status).toBe(200);
      token = res.headers.get('x-auth-token')!;
    }
    for (const old of passwords) {
      const res = await change(token, passwords[2], old);
      expect([res.status, res.body.errors[0].field, res.body.errors[0].code]).toEqual([
        400,
        'newPassword',
        'password_reused',
      ]);
    }
    // the fourth one back is free again
    const res = await change(token, passwords[2], 'Viewer-fourth-2023!');
    expect(res.status).toBe(200);
    token = res.headers.get('x-auth-token')!;
    expect((await change(token, 'Viewer-fourth-2023!', first)).status).toBe(200);
  });
});
