import { startApp, tempDir, type TestApp } from './support/app';
import { freshDatabase } from './support/database';

describe('units and users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const count = async (path: string) => (await t.get('admin', path)).length;

  it('creates a unit and records it in the audit log', async () => {
    const res = await t.call('admin', 'POST', '/api/units', {
      code: 'sjj',
      name: '市数据局',
      nameEn: 'Municipal Data Bureau',
      kind: 'sector',
      mailbox: 'sjj@tianshui.example.cn',
    });
    expect(res.status).toBe(201);
    const audit = await t.get('auditor', `/api/audit?entityType=unit&entityId=${res.body.id}`);
    expect(audit.items.find((a: { field: string }) => a.field === 'name').newValue).toBe('市数据局');
  });

  it.each([
    ['an unknown field', { code: 'x1', name: 'x', colour: 'red' }, 'colour'],
    ['a bad code', { code: 'Not Valid', name: 'x' }, 'code'],
    ['a missing name', { code: 'x2' }, 'name'],
    ['a huge name', { code: 'x3', name: '名'.repeat(5000) }, 'name'],
    ['a bad kind', { code: 'x4', name: 'x', kind: 'ministry' }, 'kind'],
    ['a bad mailbox', { code: 'x5', name: 'x', mailbox: 'not-mail' }, 'mailbox'],
    ['a null name', { code: 'x6', name: null }, 'name'],
  ])('refuses a unit with %s, naming the field', async (_n, body, field) => {
    const before = await count('/api/units');
    const res = await t.call('admin', 'POST', '/api/units', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await count('/api/units')).toBe(before);
  });

  it('refuses a duplicate unit code with 409 and a null in a PATCH with 400', async () => {
    expect((await t.call('admin', 'POST', '/api/units', { code: 'yd', name: '重复' })).status).toBe(409);
    const yd = (await t.get('admin', '/api/units')).find((u: { code: string }) => u.code === 'yd');
    for (const body of [{ name: null }, { kind: null }, { active: 'yes' }, { code: 'dx' }]) {
      const res = await t.call('admin', 'PATCH', `/api/units/${yd.id}`, body);
      expect([400, 409]).toContain(res.status);
    }
    expect((await t.get('admin', `/api/units/${yd.id}`)).name).toBe(yd.name);
  });

  it('creates a liaison bound to a unit, who can sign in', async () => {
    const yd = (await t.get('admin', '/api/units')).find((u: { code: string }) => u.code === 'yd');
    const res = await t.call('admin', 'POST', '/api/users', {
      email: 'New.Liaison@Tianshui.example.cn',
      displayName: '赵新',
      role: 'liaison',
      unitId: yd.id,
      password: 'New-liaison-2023',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: 'new.liaison@tianshui.example.cn', unit: { code: 'yd' } });
    expect(res.body.passwordHash).toBeUndefined();
    const token = await t.login('new.liaison@tianshui.example.cn', 'New-liaison-2023');
    expect((await t.request('GET', '/api/auth/me', { token })).body.unitId).toBe(yd.id);
  });

  it.each([
    ['a liaison without a unit', { role: 'liaison' }, 'unitId'],
    ['an unknown unit', { unitId: 999999 }, 'unitId'],
    ['a short password', { password: 'short' }, 'password'],
    ['digits and two letters', { password: '1234567890ab' }, 'password'],
    ['one letter repeated', { password: 'aaaaaaaaaaaa' }, 'password'],
    ['a common word with digits', { password: 'Password1234' }, 'password'],
    ['a keyboard walk', { password: 'Qwerty123456!' }, 'password'],
    ['twelve spaces', { password: '            ' }, 'password'],
    ['the email as password', { email: 'weak.user@example.cn', password: 'weak.user@example.cn' }, 'password'],
    ['the name inside the password', { displayName: 'Zhao Xin', password: 'Zhao Xin-2023!' }, 'password'],
    ['a bad role', { role: 'superuser' }, 'role'],
    ['a bad email', { email: 'nobody' }, 'email'],
  ])('refuses a user with %s', async (_n, change, field) => {
    const before = await count('/api/users');
    const body = { email: 'x@example.cn', displayName: 'x', role: 'viewer', password: 'Long-enough-1', ...change };
    const res = await t.call('admin', 'POST', '/api/users', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(await count('/api/users')).toBe(before);
  });

  it('holds a new password and an admin’s reset to the same policy, naming the field, changing nothing', async () => {
    const me = await t.get('viewer', '/api/auth/me');
    const weak = await t.call('admin', 'PATCH', `/api/users/${me.id}`, { password: 'Password1234' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors[0]).toMatchObject({ field: 'password', code: 'weak_password' });
    expect(weak.body.messageZh).toContain('过于容易猜到');
    const own = await t.call('viewer', 'PATCH', '/api/users/me', {
      currentPassword: 'Demo-viewer-2023',
      newPassword: 'viewer@tianshui.example.cn',
    });
    expect(own.status).toBe(400);
    expect(own.body.errors[0]).toMatchObject({ field: 'newPassword', code: 'weak_password' });
    // the password in use still signs in
    await expect(t.login('viewer@tianshui.example.cn', 'Demo-viewer-2023')).resolves.toBeTruthy();
  });

  it('refuses a duplicate email whatever its case', async () => {
    const res = await t.call('admin', 'POST', '/api/users', {
      email: 'LEAD@tianshui.example.cn',
      displayName: 'x',
      role: 'viewer',
      password: 'Long-enough-1',
    });
    expect(res.status).toBe(409);
  });

  it('lets a user change their own password only with the current one', async () => {
    const wrong = await t.call('viewer', 'PATCH', '/api/users/me', {
      currentPassword: 'nope',
      newPassword: 'Viewer-new-2023',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0].field).toBe('currentPassword');
    const ok = await t.call('viewer', 'PATCH', '/api/users/me', {
      currentPassword: 'Demo-viewer-2023',
      newPassword: 'Viewer-new-2023',
    });
    expect(ok.status).toBe(200);
    await expect(t.login('viewer@tianshui.example.cn', 'Viewer-new-2023')).resolves.toBeTruthy();
  });

  it('signs out a deactivated user at once', async () => {
    const token = await t.as('liaison2');
    const me = (await t.request('GET', '/api/auth/me', { token })).body;
    const res = await t.call('admin', 'PATCH', `/api/users/${me.id}`, { active: false });
    expect([res.status, res.body.message]).toEqual([200, undefined]);
    expect((await t.request('GET', '/api/tasks', { token })).status).toBe(401);
  });

  it('keeps an admin from removing their own admin role', async () => {
    const me = await t.get('admin', '/api/auth/me');
    const res = await t.call('admin', 'PATCH', `/api/users/${me.id}`, { role: 'viewer' });
    expect(res.status).toBe(409);
  });
});

describe('the first admin', () => {
  it('is created with a generated password on an empty database, once', async () => {
    const database = await freshDatabase(tempDir());
    const first = await startApp({ demo: false, database });
    const { StartupService } = await import('../src/startup.service');
    // The first start already ran; a second run of start-up finds the admin and generates nothing.
    const again = await first.app.get(StartupService).run();
    expect(again.generatedAdmin).toBeNull();
    await first.close();
  });

  it('prints the generated password, which signs in', async () => {
    const database = await freshDatabase(tempDir());
    const { createApp } = await import('../src/app.factory');
    const { loadConfig } = await import('../src/config/config');
    const { StartupService } = await import('../src/startup.service');
    const config = loadConfig(
      {},
      { database, demo: { load: false }, log: { level: 'error' }, scheduler: { enabled: false } },
    );
    const app = await createApp(config);
    const report = await app.get(StartupService).run();
    expect(report.generatedAdmin).toMatchObject({ email: 'admin@zhuanban.local' });
    await app.listen(0, '127.0.0.1');
    const port = (app.getHttpServer().address() as { port: number }).port;
    const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: report.generatedAdmin!.email, password: report.generatedAdmin!.password }),
    });
    expect(res.status).toBe(200);
    await app.close();
  });
});
