// Lockout: wrong passwords for one account within the window lock it, whatever the password then; it unlocks by
// time or by an administrator; each failure, the lock and the unlock are in the audit log.
import { DEMO_PASSWORDS, startApp, type TestApp } from './support/app';

const THRESHOLD = 3;
const LOCK_SECONDS = 600;

describe('sign-in lockout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({
      config: {
        auth: {
          accountLoginLimit: 10_000,
          lockoutThreshold: THRESHOLD,
          lockoutWindowSeconds: 900,
          lockoutSeconds: LOCK_SECONDS,
        },
      },
    });
  });
  afterAll(() => t.close());

  const [email, password] = DEMO_PASSWORDS.lead;
  const attempt = (pw: string) => t.request('POST', '/api/auth/login', { body: { email, password: pw } });
  const leadId = async () => (await t.get('admin', '/api/users')).find((u: { email: string }) => u.email === email).id;
  const actions = async (id: number) =>
    (await t.get('auditor', `/api/audit?entityType=user&entityId=${id}&pageSize=100`)).items.map(
      (e: { action: string }) => e.action,
    );

  it('locks the account at the threshold, refusing even the right password, and records it', async () => {
    const id = await leadId();
    for (let i = 1; i < THRESHOLD; i++) {
      const res = await attempt('Wrong-password-2023');
      expect([res.status, res.body.code]).toEqual([401, 'unauthorized']);
    }
    const locking = await attempt('Wrong-password-2023');
    expect([locking.status, locking.body.code]).toEqual([401, 'account_locked']);
    expect(locking.body.messageZh).toMatch(/^密码错误次数过多，账号已锁定至\d{4}-\d{2}-\d{2} \d{2}:\d{2}；/);
    const right = await attempt(password);
    expect([right.status, right.body.code]).toEqual([401, 'account_locked']);
    const log = await actions(id);
    expect(log.filter((a: string) => a === 'login.failure')).toHaveLength(THRESHOLD);
    expect(log).toContain('login.lockout');
  });

  it('the security administrator unlocks it; nobody else may (not the system administrator either)', async () => {
    const id = await leadId();
    expect((await t.call('secretariat', 'POST', `/api/users/${id}/unlock`)).status).toBe(403);
    expect((await t.call('admin', 'POST', `/api/users/${id}/unlock`)).status).toBe(403);
    expect((await attempt(password)).body.code).toBe('account_locked');
    const res = await t.call('security_admin', 'POST', `/api/users/${id}/unlock`);
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(email);
    expect((await attempt(password)).status).toBe(200);
    expect(await actions(id)).toEqual(expect.arrayContaining(['login.unlock', 'login']));
    expect((await t.call('security_admin', 'POST', '/api/users/999999/unlock')).status).toBe(404);
    expect((await t.call('security_admin', 'POST', '/api/users/01/unlock')).status).toBe(400);
  });

  it('a right password clears the count; failures spread wider than the window do not add up', async () => {
    for (let i = 1; i < THRESHOLD; i++) await attempt('Wrong-password-2023');
    expect((await attempt(password)).status).toBe(200);
    for (let i = 1; i < THRESHOLD; i++) await attempt('Wrong-password-2023');
    const clock = t.clock;
    clock.setNow(new Date(clock.now().getTime() + 901_000));
    expect((await attempt('Wrong-password-2023')).body.code).toBe('unauthorized');
    expect((await attempt(password)).status).toBe(200);
  });

  it('unlocks by itself when the lock time has passed', async () => {
    for (let i = 0; i < THRESHOLD; i++) await attempt('Wrong-password-2023');
    expect((await attempt(password)).body.code).toBe('account_locked');
    const clock = t.clock;
    clock.setNow(new Date(clock.now().getTime() + (LOCK_SECONDS + 1) * 1000));
    expect((await attempt(password)).status).toBe(200);
  });
});
