// 三员分立: the system administrator, the auditor (审计管理员) and the security administrator (安全管理员) each do
// their own part and nothing of the others'. The auditor reads the audit log and nothing else; the security
// administrator unlocks accounts and ends sessions; the system administrator manages the task force's accounts but
// no administrator's account, and no longer reads the audit log that records its acts. Refused requests and exports
// are in the audit log.
import { startApp, type TestApp } from './support/app';

describe('the three administrators (三员分立)', () => {
  let t: TestApp;
  beforeAll(async () => (t = await startApp()));
  afterAll(() => t.close());

  const userId = async (email: string): Promise<number> =>
    (await t.get('lead', '/api/users')).find((u: { email: string }) => u.email === email).id;

  it('lets the auditor read the audit log, verify it and read the security policy, and nothing else', async () => {
    expect((await t.call('auditor', 'GET', '/api/audit')).status).toBe(200);
    expect((await t.call('auditor', 'GET', '/api/audit/verify')).status).toBe(200);
    expect((await t.call('auditor', 'GET', '/api/security/policy')).status).toBe(200);
    const me = await t.call('auditor', 'GET', '/api/auth/me');
    expect([me.status, me.body.role, me.body.allowedActions.sort()]).toEqual([
      200,
      'auditor',
      ['audit.read', 'audit.verify', 'security.policy.read'],
    ]);
    expect((await t.call('auditor', 'PATCH', '/api/users/me', { locale: 'en' })).status).toBe(200);
    for (const path of ['/api/tasks', '/api/units', '/api/plans', '/api/dashboard', '/api/users', '/api/outbox']) {
      const res = await t.call('auditor', 'GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    const write = await t.call('auditor', 'POST', '/api/users', {
      email: 'x1@example.cn',
      displayName: '某人',
      role: 'viewer',
      password: 'Matrix-password-1',
    });
    expect(write.status).toBe(403);
  });

  it('lets the security administrator end an account’s sessions, and not read the work or the audit', async () => {
    const viewer = await t.as('viewer');
    expect((await t.request('GET', '/api/tasks', { token: viewer })).status).toBe(200);
    const id = await userId('viewer@tianshui.example.cn');
    expect((await t.call('lead', 'POST', `/api/users/${id}/sessions/end`)).status).toBe(403);
    expect((await t.call('admin', 'POST', `/api/users/${id}/sessions/end`)).status).toBe(403);
    expect((await t.call('security_admin', 'POST', `/api/users/${id}/sessions/end`)).status).toBe(204);
    expect((await t.request('GET', '/api/tasks', { token: viewer })).status).toBe(401);
    expect((await t.call('security_admin', 'POST', '/api/users/999999/sessions/end')).status).toBe(404);
    expect((await t.call('security_admin', 'GET', '/api/users')).status).toBe(200);
    for (const path of ['/api/tasks', '/api/audit', '/api/dashboard', '/api/audit/verify']) {
      const res = await t.call('security_admin', 'GET', path);
      expect({ path, status: res.status }).toEqual({ path, status: 403 });
    }
    const policy = (await t.get('security_admin', '/api/security/policy')) as Record<string, any>;
    expect(policy.passwords).toEqual({ minLength: 12, minClasses: 3, minScore: 3, notEmailOrName: true });
    expect(policy.signIn).toMatchObject({ lockoutThreshold: 5, lockoutWindowSeconds: 900, trustedProxies: [] });
    expect(policy.audit).toMatchObject({ retentionDays: 365, chainKeyConfigured: false });
    expect(policy.privilegedRoles).toEqual(['admin', 'auditor', 'security_admin']);
    expect(policy.separationOfDuties).toBe(true);
  });

  it('keeps the system administrator off the administrators’ accounts and the audit log', async () => {
    const before = (await t.get('lead', '/api/users')).length;
    for (const role of ['admin', 'auditor', 'security_admin']) {
      const res = await t.call('admin', 'POST', '/api/users', {
        email: `new-${role}@example.cn`,
        displayName: '新管理员',
        role,
        password: 'Matrix-password-1',
      });
      expect({ role, status: res.status, code: res.body.code }).toEqual({
        role,
        status: 403,
        code: 'privileged_account',
      });
    }
    expect((await t.get('lead', '/api/users')).length).toBe(before);
    const auditor = await userId('auditor@tianshui.example.cn');
    const reset = await t.call('admin', 'PATCH', `/api/users/${auditor}`, { password: 'Taken-over-2023x' });
    expect([reset.status, reset.body.code]).toEqual([403, 'privileged_account']);
    await expect(t.login('auditor@tianshui.example.cn', 'Demo-auditor-2023')).resolves.toBeTruthy();
    const viewer = await userId('viewer@tianshui.example.cn');
    const grant = await t.call('admin', 'PATCH', `/api/users/${viewer}`, { role: 'auditor' });
    expect([grant.status, grant.body.code]).toEqual([403, 'privileged_account']);
    expect((await t.get('lead', `/api/users/${viewer}`)).role).toBe('viewer');
    // the task force's accounts stay the system administrator's
    const made = await t.call('admin', 'POST', '/api/users', {
      email: 'new-viewer@example.cn',
      displayName: '新查看者',
      role: 'viewer',
      password: 'Matrix-password-1',
    });
    expect(made.status).toBe(201);
    expect((await t.call('admin', 'GET', '/api/audit')).status).toBe(403);
  });

  it('records each refused request in the audit log: who, which request, which refusal', async () => {
    const liaison = (await t.get('liaison', '/api/auth/me')) as { id: number };
    expect((await t.call('liaison', 'GET', '/api/audit?entityType=user')).status).toBe(403);
    expect((await t.call('liaison', 'POST', '/api/units', { code: 'x', name: '某单位' })).status).toBe(403);
    const log = await t.get('auditor', `/api/audit?entityType=access&entityId=${liaison.id}&pageSize=50`);
    const requests = log.items
      .filter((e: { action: string; field: string }) => e.action === 'access.denied' && e.field === 'request')
      .map((e: { newValue: string; actorEmail: string }) => [e.actorEmail, e.newValue]);
    expect(requests).toEqual(
      expect.arrayContaining([
        ['liaison.yd@tianshui.example.cn', 'GET /api/audit?entityType=user'],
        ['liaison.yd@tianshui.example.cn', 'POST /api/units'],
      ]),
    );
  });

  it('records each export: who took which rows out', async () => {
    const res = await t.call('lead', 'GET', '/api/export/tasks.xlsx?overdue=true');
    expect(res.status).toBe(200);
    const log = await t.get('auditor', '/api/audit?entityType=export&pageSize=20');
    const rows = log.items.find(
      (e: { action: string; field: string }) => e.action === 'export.tasks' && e.field === 'rows',
    );
    const query = log.items.find(
      (e: { action: string; field: string }) => e.action === 'export.tasks' && e.field === 'query',
    );
    const overdue = (await t.get('lead', '/api/tasks?overdue=true&pageSize=1')).total;
    expect([rows.actorEmail, Number(rows.newValue)]).toEqual(['lead@tianshui.example.cn', overdue]);
    expect(JSON.parse(query.newValue)).toMatchObject({ overdue: true });
  });
});
