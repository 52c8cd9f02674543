// Bad input at the edge, case by case as testing found it: a body nested too deep, a lone surrogate, null for a
// field that takes none, ids written another way, blank text, line breaks in one-line fields, links that are not
// http(s). Each answers a 400 naming the field (in English and Chinese), never a 500, and changes nothing. And the
// security headers: nosniff on every answer, a content security policy on the Swagger UI and on HTML documents.
// The same rules are generated for every operation from the OpenAPI schemas in openapi.e2e-spec.ts.
import { DataSource } from 'typeorm';
import { Meeting } from '../src/meetings/meeting.entity';
import { startApp, type Response, type TestApp } from './support/app';

/** The fields an error answer names, each once. */
const fields = (res: Response) => [...new Set(((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field))];
const CJK = /[\u4e00-\u9fff]/;

describe('input hardening', () => {
  let t: TestApp;
  let units: { id: number; code: string }[];
  let task: { id: number; title: string; description: string };

  beforeAll(async () => {
    t = await startApp();
    units = await t.get('lead', '/api/units');
    const list = await t.get('lead', '/api/tasks?pageSize=1');
    task = await t.get('lead', `/api/tasks/${list.items[0].id}`);
  });
  afterAll(async () => {
    await t?.close();
  });

  const unit = (code: string) => units.find((u) => u.code === code)!.id;

  // how fast it is refused is the benchmark's to measure, not a test's
  it('refuses a body of 1.8 MB of nesting with a 400 before parsing, signed in or not', async () => {
    const deep = '['.repeat(1_800_000);
    for (const token of [undefined, await t.as('lead')]) {
      const res = await t.request('POST', '/api/tasks', { token, raw: deep });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'too_deep', errors: [{ field: 'body', code: 'maxDepth' }] });
      expect(res.body.messageZh).toMatch(CJK);
    }
    // a body nested as deep as allowed still reaches validation, which names the unknown field
    const res = await t.call('lead', 'POST', '/api/plans', { a: JSON.parse('['.repeat(31) + ']'.repeat(31)) });
    expect(res.status).toBe(400);
    expect(fields(res)).toContain('a');
  });

  it('refuses a lone surrogate in the sign-in email with a 400 naming email', async () => {
    const res = await t.request('POST', '/api/auth/login', {
      raw: '{"email":"lead\\ud800@tianshui.example.cn","password":"Demo-lead-2023"}',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'email', code: 'isWellFormed' })]);
    expect(res.body.errors[0].messageZh).toMatch(CJK);
    // and in a nested field, named by its path
    const meeting = await t.request('POST', '/api/meetings', {
      token: await t.as('secretariat'),
      raw: '{"attendees":[{"name":"\\udfff"}]}',
    });
    expect(meeting.status).toBe(400);
    expect(fields(meeting)).toEqual(['attendees[0].name']);
  });

  it('refuses null for the description of a plan or a work item and for the seq of a work item, changing nothing', async () => {
    const plans = await t.get('lead', '/api/plans');
    const plan = await t.get('lead', `/api/plans/${plans[0].id}`);
    const item = plan.workItems[0];
    const cases: [string, string, unknown, string][] = [
      ['PATCH', `/api/plans/${plan.id}`, { description: null }, 'description'],
      ['POST', '/api/plans', { code: 'p2', title: '计划', description: null }, 'description'],
      ['PATCH', `/api/work-items/${item.id}`, { description: null }, 'description'],
      ['PATCH', `/api/work-items/${item.id}`, { seq: null }, 'seq'],
      ['POST', '/api/work-items', { planId: plan.id, code: 'W9', title: '事项', seq: null }, 'seq'],
      ['POST', '/api/work-items', { planId: plan.id, code: 'W9', title: '事项', description: null }, 'description'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await t.call('lead', method, url, body);
      expect({ url, field, status: res.status, fields: fields(res) }).toEqual({
        url,
        field,
        status: 400,
        fields: [field],
      });
    }
    const after = await t.get('lead', `/api/plans/${plan.id}`);
    expect(after.description).toBe(plan.description);
    expect(after.workItems).toEqual(plan.workItems);
  });

  it('reads ids only as canonical positive decimals: 0x10, 1e1, +1, %201 and 01 are a 400, not tasks 16, 10 and 1', async () => {
    for (const id of ['0x10', '1e1', '+1', '%201', '01', '1%20', '1.0']) {
      const res = await t.call('lead', 'GET', `/api/tasks/${id}`);
      expect({ id, status: res.status, fields: fields(res) }).toEqual({ id, status: 400, fields: ['id'] });
      const query = await t.call('lead', 'GET', `/api/work-items?planId=${id}`);
      expect({ id, status: query.status, fields: fields(query) }).toEqual({ id, status: 400, fields: ['planId'] });
    }
    expect((await t.call('lead', 'GET', `/api/tasks/${task.id}`)).status).toBe(200);
  });

  it('refuses whitespace-only titles, names and reasons, full-width spaces included', async () => {
    const cases: [string, string, string, unknown, string][] = [
      ['lead', 'POST', '/api/plans', { code: 'p3', title: '   ' }, 'title'],
      ['lead', 'PATCH', `/api/tasks/${task.id}`, { title: '\u3000\u3000' }, 'title'],
      ['admin', 'POST', '/api/units', { code: 'u9', name: ' \t ', kind: 'department' }, 'name'],
      ['lead', 'POST', '/api/extensions/1/refuse', { reason: '  ' }, 'reason'],
      ['lead', 'POST', `/api/tasks/${task.id}/closing/return`, { reason: '\u3000' }, 'reason'],
      ['secretariat', 'POST', '/api/reports/1/return', { reason: ' ' }, 'reason'],
    ];
    for (const [who, method, url, body, field] of cases) {
      const res = await t.call(who, method, url, body);
      expect({ url, status: res.status, has: fields(res).includes(field) }).toEqual({ url, status: 400, has: true });
      const error = res.body.errors.find((e: { field: string }) => e.field === field);
      expect(error.messageZh).toMatch(CJK);
    }
    expect((await t.get('lead', `/api/tasks/${task.id}`)).title).toBe(task.title);
  });

  it('refuses line breaks in one-line fields and keeps them in text of several lines', async () => {
    for (const title of ['第一行\n第二行', 'a\r\nb', 'a\rb']) {
      const res = await t.call('lead', 'PATCH', `/api/tasks/${task.id}`, { title });
      expect({ title, status: res.status, fields: fields(res) }).toEqual({ title, status: 400, fields: ['title'] });
      expect(res.body.errors[0].messageZh).toBe('title 不能包含换行符');
    }
    const res = await t.call('lead', 'PATCH', `/api/tasks/${task.id}`, { description: '第一段\n第二段' });
    expect(res.status).toBe(200);
    expect(res.body.description).toBe('第一段\n第二段');
  });

  it('takes only http(s) online links, and never emits a stored other one as a link', async () => {
    const base = {
      title: '专班会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      conveningUnitId: unit('gxj'),
      unitIds: [unit('gxj'), unit('yd')],
    };
    for (const onlineLink of ['javascript:alert(5)', 'JavaScript:alert(5)', 'data:text/html,x', 'meeting.example.cn']) {
      const res = await t.call('secretariat', 'POST', '/api/meetings', { ...base, onlineLink });
      expect({ onlineLink, status: res.status, fields: fields(res) }).toEqual({
        onlineLink,
        status: 400,
        fields: ['onlineLink'],
      });
    }
    const created = await t.call('secretariat', 'POST', '/api/meetings', {
      ...base,
      onlineLink: 'https://meeting.example.cn/123',
    });
    expect(created.status).toBe(201);
    const patched = await t.call('secretariat', 'PATCH', `/api/meetings/${created.body.id}`, {
      onlineLink: 'javascript:alert(5)',
    });
    expect([patched.status, fields(patched)]).toEqual([400, ['onlineLink']]);

    // a link stored before the check
    await t.app
      .get(DataSource)
      .createQueryBuilder()
      .update(Meeting)
      .set({ onlineLink: 'javascript:alert(5)' })
      .where('id = :id', { id: created.body.id })
      .execute();
    for (const doc of ['agenda.html', 'minutes.html']) {
      const res = await t.call('secretariat', 'GET', `/api/meetings/${created.body.id}/${doc}`);
      expect(res.status).toBe(200);
      expect(res.body).not.toContain('javascript:');
    }
    const sent = await t.call('secretariat', 'POST', `/api/meetings/${created.body.id}/invitations`);
    expect(sent.status).toBe(200);
    const outbox = await t.get('lead', '/api/outbox?kind=meeting.invitation');
    expect(outbox.items.length).toBeGreaterThan(0);
    for (const { id } of outbox.items) {
      const message = await t.get('lead', `/api/outbox/${id}`);
      expect(message.html).not.toContain('javascript:');
      expect(message.text).not.toContain('javascript:');
    }
  });

  it('answers a body of another type, or a query string that is not UTF-8, with a 4xx', async () => {
    const token = await t.as('lead');
    const text = await t.request('POST', '/api/plans', {
      token,
      raw: '{"code":"p4","title":"计划"}',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBeGreaterThanOrEqual(400);
    expect(text.status).toBeLessThan(500);
    const form = await t.request('POST', '/api/plans', {
      token,
      raw: 'code=p4&title=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    for (const q of ['%ED%A0%80', '%FF', '%E4%B8']) {
      const res = await t.request('GET', `/api/tasks?q=${q}`, { token });
      expect({ q, status: res.status < 500 }).toEqual({ q, status: true });
    }
    expect((await t.get('lead', '/api/plans')).map((p: { code: string }) => p.code)).not.toContain('p4');
  });

  it('sends nosniff and helmet’s headers on API answers, errors included', async () => {
    for (const [path, status] of [
      ['/api/tasks', 200],
      ['/api/no-such-thing', 404],
      ['/api/docs-json', 200],
    ] as [string, number][]) {
      const res = await t.request('GET', path, { token: await t.as('lead') });
      expect(res.status).toBe(status);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
    const refused = await t.request('POST', '/api/auth/login', { raw: '[['.repeat(100) });
    expect(refused.status).toBe(400);
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends a content security policy with the Swagger UI and the web pages: scripts from the service only', async () => {
    for (const path of ['/api/docs', '/dashboard']) {
      const res = await fetch(t.url + path);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });

  it('sends a policy with HTML documents (a notice, a bulletin preview) that lets them run no script and load nothing', async () => {
    const meetings = await t.get('secretariat', '/api/meetings');
    const res = await t.call('secretariat', 'GET', `/api/meetings/${meetings.items[0].id}/agenda.html`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect(bulletin.status).toBe(201);
    const preview = await t.call('secretariat', 'GET', `/api/bulletins/${bulletin.body.id}/preview`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});
