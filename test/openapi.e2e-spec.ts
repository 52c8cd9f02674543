// The OpenAPI document at /api/docs-json describes every answer: each operation declares a success response, each
// JSON body a schema whose $refs resolve, each download its content type; and real answers on the demo plan, read
// as the lead (and written by whoever may), conform to the schemas declared for them. Bad input generated from the
// schemas, for every operation, answers a 4xx naming the field, never a 500, and changes nothing.
import { startApp, type TestApp } from './support/app';
import {
  badBodies,
  conformance,
  flatten,
  NON_CANONICAL_IDS,
  operations,
  refsIn,
  resolveRef,
  responseSchema,
  type OpenApiDocument,
  type Operation,
} from './support/openapi';

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    t = await startApp();
    const res = await t.request<OpenApiDocument>('GET', '/api/docs-json');
    expect(res.status).toBe(200);
    doc = res.body;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('gives every operation a success response', () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(90);
    const without = ops.filter(({ op }) => !Object.keys(op.responses).some((s) => /^[23]\d\d$/.test(s)));
    expect(without.map(({ method, path }) => `${method.toUpperCase()} ${path}`)).toEqual([]);
  });

  it('gives every success answer with a JSON body a schema, and a 204 no body', () => {
    const missing: string[] = [];
    for (const { method, path, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses)) {
        if (!/^2\d\d$/.test(status)) continue;
        const name = `${method.toUpperCase()} ${path} ${status}`;
        if (status === '204') {
          if (response.content) missing.push(`${name}: a 204 has no body`);
          continue;
        }
        const content = response.content ?? {};
        if (!Object.keys(content).length) missing.push(`${name}: no content declared`);
        for (const [type, media] of Object.entries(content)) {
          const schema = media.schema;
          if (!schema || (!schema.$ref && !schema.type && !schema.allOf && !schema.oneOf)) {
            missing.push(`${name} ${type}: no schema`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it('resolves every $ref to a component', () => {
    const refs = [...new Set(refsIn(doc))];
    expect(refs.length).toBeGreaterThan(50);
    expect(refs.filter((r) => !resolveRef(doc, r))).toEqual([]);
  });

  it('declares the one error shape for the errors routes give', () => {
    const error = resolveRef(doc, '#/components/schemas/ErrorResponseDto');
    expect(Object.keys(error?.properties ?? {}).sort()).toEqual(
      ['code', 'errors', 'message', 'messageZh', 'statusCode'].sort(),
    );
    // the health probes take no input and need no sign-in: they answer their own shape, 200 or 503
    const withoutErrors = operations(doc).filter(
      ({ op, path }) => !op.responses['401'] && !op.responses['400'] && !path.startsWith('/api/health'),
    );
    expect(withoutErrors.map(({ method, path }) => `${method.toUpperCase()} ${path}`)).toEqual([]);
  });

  const DOWNLOADS: [string, string][] = [
    ['/api/bulletins/{id}/preview', 'text/html'],
    ['/api/bulletins/{id}/document.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['/api/meetings/{id}/agenda.md', 'text/markdown'],
    ['/api/meetings/{id}/agenda.html', 'text/html'],
    ['/api/meetings/{id}/agenda.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['/api/meetings/{id}/minutes.md', 'text/markdown'],
    ['/api/meetings/{id}/minutes.html', 'text/html'],
    ['/api/meetings/{id}/minutes.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
    ['/api/meetings/{id}/invitation.ics', 'text/calendar'],
    ['/api/export/tasks.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ['/api/dispatch-rounds/{id}/reports.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ];

  it.each(DOWNLOADS)('declares the content type of the download %s', (path, type) => {
    const content = doc.paths[path]?.get?.responses['200']?.content ?? {};
    expect(Object.keys(content)).toEqual([type]);
    expect(content[type].schema).toEqual({ type: 'string', format: 'binary' });
  });

  describe('real answers conform to their schemas', () => {
    const problems: string[] = [];
    const checked = new Set<string>();
    const ids: Record<string, number | string> = {};

    /** Calls the API as `who` and checks the answer against the schema declared for the operation and status. */
    async function answer(who: string, method: string, path: string, params: Record<string, unknown>, body?: unknown) {
      const url = path.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k]));
      const res = await t.call(who, method, url, body);
      const name = `${method} ${path} as ${who}`;
      if (res.status >= 300) throw new Error(`${name}: ${res.status} ${JSON.stringify(res.body)}`);
      const schema = responseSchema(doc, method, path.split('?')[0], res.status);
      if (!schema) problems.push(`${name}: no schema for status ${res.status}`);
      else problems.push(...conformance(doc, schema, res.body, name));
      checked.add(`${method} ${path.split('?')[0]}`);
      return res.body;
    }
    const get = (path: string, params: Record<string, unknown> = {}, who = 'lead') => answer(who, 'GET', path, params);

    beforeAll(async () => {
      const units = await get('/api/units');
      const yd = units.find((u: { code: string }) => u.code === 'yd');
      const gxj = units.find((u: { code: string }) => u.code === 'gxj');
      await get('/api/units/{id}', { id: yd.id });
      const users = await get('/api/users');
      await get('/api/users/{id}', { id: users[0].id });
      await get('/api/auth/me');
      const plans = await get('/api/plans');
      const plan = await get('/api/plans/{id}', { id: plans[0].id });
      await get('/api/work-items');
      await get('/api/work-items/{id}', { id: plan.workItems[0].id });

      const tasks = await answer('lead', 'GET', '/api/tasks', {});
      const open = tasks.items.filter(
        (x: { leadUnit: { id: number }; status: string; deadline: string }) =>
          x.leadUnit.id === yd.id && ['assigned', 'in_progress'].includes(x.status) && x.deadline > '2023-10-01',
      );
      const [own, own2] = open;
      await get('/api/tasks/{id}', { id: own.id });
      await get('/api/tasks/{id}/audit', { id: own.id });
      await get('/api/tasks/{id}/reports', { id: own.id });

      // requests on a task: an extension decided, a closing sent back
      await answer(
        'liaison',
        'POST',
        '/api/tasks/{id}/extensions',
        { id: own.id },
        {
          requestedDeadline: '2025-03-31',
          reason: '施工窗口',
        },
      );
      const extensions = await get('/api/extensions');
      await get('/api/tasks/{id}/extensions', { id: own.id });
      await get('/api/extensions/{id}', { id: extensions[0].id });
      await answer('lead', 'POST', '/api/extensions/{id}/approve', { id: extensions[0].id }, { note: '同意' });
      await answer('liaison', 'POST', '/api/tasks/{id}/closing', { id: own2.id }, { note: '已完成' });
      await answer('lead', 'POST', '/api/tasks/{id}/closing/return', { id: own2.id }, { reason: '材料不全' });
      await get('/api/tasks/{id}/closing', { id: own2.id });

      // a round, reports answering it, a bulletin and a meeting, so that no list is empty
      const round = await answer(
        'secretariat',
        'POST',
        '/api/dispatch-rounds',
        {},
        {
          period: '2023-09',
          dueDate: '2023-09-25',
        },
      );
      ids.round = round.id;
      const report = await answer(
        'liaison',
        'POST',
        '/api/tasks/{id}/reports',
        { id: own.id },
        {
          period: '2023-09',
          text: '九月新建基站40座。',
          percent: 50,
          problems: '电力配套滞后',
          needsCoordination: true,
        },
      );
      await answer('secretariat', 'POST', '/api/reports/{id}/accept', { id: report.id }, { note: '已审核' });
      await get('/api/reports');
      await get('/api/reports/{id}', { id: report.id });
      const bulletin = await answer('secretariat', 'POST', '/api/bulletins', {}, { period: '2023-09' });
      ids.bulletin = bulletin.id;
      const meeting = await answer(
        'secretariat',
        'POST',
        '/api/meetings',
        {},
        {
          title: '5G建设和应用推进工作专班第二次会商会',
          startsAt: '2023-09-28T09:30:00+08:00',
          endsAt: '2023-09-28T11:30:00+08:00',
          place: '天水市工业和信息化局三楼会议室',
          conveningUnitId: gxj.id,
          convenerName: '王振华',
          unitIds: [gxj.id, yd.id],
          attendees: [{ unitId: yd.id, name: '王涛', position: '联络员', email: 'liaison.yd@tianshui.example.cn' }],
        },
      );
      ids.meeting = meeting.id;
      await answer('secretariat', 'POST', '/api/meetings/{id}/agenda/generate', { id: meeting.id }, {});
      const item = await answer(
        'secretariat',
        'POST',
        '/api/meetings/{id}/agenda/items',
        { id: meeting.id },
        {
          title: '其他事项',
          taskIds: [own2.id],
        },
      );
      const decision = await answer(
        'secretariat',
        'POST',
        '/api/meetings/{id}/decisions',
        { id: meeting.id },
        {
          text: '加快推进基站建设',
          agendaItemId: item.id,
          leadUnitId: yd.id,
          deadline: '2023-12-01',
        },
      );
      await answer(
        'secretariat',
        'POST',
        '/api/meetings/{id}/decisions/{decisionId}/task',
        { id: meeting.id, decisionId: decision.id },
        { workItemId: own.workItem.id },
      );
      await answer('secretariat', 'POST', '/api/meetings/{id}/invitations', { id: meeting.id });

      // the reads
      await get('/api/indicators');
      const indicators = await get('/api/indicators');
      await get('/api/indicators/{id}', { id: indicators[0].id });
      await get('/api/indicators/{id}/values', { id: indicators[0].id });
      await get('/api/dashboard');
      await get('/api/dashboard', {}, 'liaison');
      await get('/api/dispatch-rounds');
      await get('/api/dispatch-rounds/{id}', { id: round.id });
      await get('/api/dispatch-rounds/{id}/late', { id: round.id });
      await get('/api/bulletins');
      await get('/api/bulletins/{id}', { id: bulletin.id });
      await get('/api/meetings');
      await get('/api/meetings/{id}', { id: meeting.id });
      await get('/api/meetings/{id}/audit', { id: meeting.id });
      const outbox = await get('/api/outbox');
      await get('/api/outbox/counts');
      await get('/api/outbox/{id}', { id: outbox.items[0].id });
      await get('/api/schedule');
      await answer('admin', 'POST', '/api/schedule/{job}/run', { job: 'escalation' });
      await get('/api/schedule/runs');
      await answer('lead', 'GET', '/api/digests/preview?unitId={unitId}', { unitId: yd.id });
      await get('/api/audit');
    });

    it('as the lead on the demo plan, with no field the schema omits and none it requires missing', () => {
      expect(checked.size).toBeGreaterThan(40);
      expect(problems).toEqual([]);
    });

    it('for the downloads too: each answers with the content type it declares', async () => {
      const params: Record<string, unknown> = { id: 0 };
      for (const [path, type] of DOWNLOADS) {
        params.id = path.startsWith('/api/bulletins')
          ? ids.bulletin
          : path.startsWith('/api/meetings')
            ? ids.meeting
            : ids.round;
        const url = path.replace('{id}', String(params.id));
        const res = await fetch(t.url + url, { headers: { authorization: `Bearer ${await t.as('lead')}` } });
        await res.arrayBuffer();
        expect([url, res.status, (res.headers.get('content-type') ?? '').split(';')[0]]).toEqual([url, 200, type]);
      }
    });

    it('for errors: a missing object, a refused action and bad input answer in the declared error shape', async () => {
      const errors: string[] = [];
      const cases: [string, string, string, string, unknown][] = [
        ['lead', 'GET', '/api/tasks/{id}', '/api/tasks/999999', undefined],
        ['viewer', 'POST', '/api/bulletins', '/api/bulletins', { period: '2023-10' }],
        ['secretariat', 'POST', '/api/dispatch-rounds', '/api/dispatch-rounds', { period: 'soon' }],
      ];
      for (const [who, method, path, url, body] of cases) {
        const res = await t.call(who, method, url, body);
        expect(res.status).toBeGreaterThanOrEqual(400);
        const schema = responseSchema(doc, method, path, res.status);
        if (!schema) errors.push(`${method} ${path}: no schema for ${res.status}`);
        else errors.push(...conformance(doc, schema, res.body, `${method} ${path} ${res.status}`));
      }
      expect(errors).toEqual([]);
    });
  });

  describe('bad input generated from the schemas', () => {
    const ROLES = ['secretariat', 'lead', 'admin', 'liaison', 'security_admin', 'auditor'];
    /** Path parameters that are not ids, by name. */
    const NAMED: Record<string, string> = { job: 'escalation', importId: 'no-such-import' };
    const failures: string[] = [];
    const serverErrors: string[] = [];
    let bodyOps: { method: string; path: string; op: Operation; url: string; who: string }[] = [];
    let auditBefore = 0;

    const urlOf = (path: string, override: Record<string, string> = {}) =>
      path.replace(/\{(\w+)\}/g, (_, k: string) => override[k] ?? NAMED[k] ?? '1');

    async function send(who: string | null, method: string, url: string, raw?: string) {
      const token = who ? await t.as(who) : undefined;
      const res = await t.request(method.toUpperCase(), url, { token, raw: method === 'get' ? undefined : raw });
      if (res.status >= 500) serverErrors.push(`${method.toUpperCase()} ${url}: ${res.status}`);
      return res;
    }

    /** Sends as the first role the route lets in (remembered per operation), with an empty body but for a GET. */
    const allowed = new Map<string, string>();
    async function asFirstAllowed(method: string, path: string, url: string) {
      const key = `${method} ${path}`;
      const known = allowed.get(key);
      if (known) return send(known, method, url, '{}');
      let res!: Awaited<ReturnType<typeof send>>;
      for (const who of ROLES) {
        res = await send(who, method, url, '{}');
        if (res.status !== 403) {
          allowed.set(key, who);
          break;
        }
      }
      return res;
    }

    /** The audit rows of changes: all but the refused requests, which trying each role in turn records. */
    const auditTotal = async () =>
      ((await t.get('lead', '/api/audit?pageSize=1')).total as number) -
      ((await t.get('lead', '/api/audit?pageSize=1&entityType=access')).total as number);

    beforeAll(async () => {
      for (const role of ROLES) await t.as(role); // sign-ins are audited: sign in before counting
      auditBefore = await auditTotal();
      // each operation with a JSON body, called by the first role the route lets in: a probe with an unknown field
      // is refused (400) by validation, after the route's access check
      for (const { method, path, op } of operations(doc)) {
        const schema = op.requestBody?.content?.['application/json']?.schema;
        const target = schema && flatten(doc, schema, path, []);
        if (!target?.properties) continue;
        const url = urlOf(path);
        // a body open to any field (a job's arguments) is probed with the first bad field instead
        const probe = target.additionalProperties === true ? badBodies(doc, target)[0]?.body : { zzProbe: 1 };
        let who: string | undefined;
        for (const role of ROLES) {
          const res = await send(role, method, url, JSON.stringify(probe));
          if (res.status === 400) {
            who = role;
            break;
          }
        }
        if (!who) failures.push(`${method.toUpperCase()} ${path}: no role reaches validation`);
        else bodyOps.push({ method, path, op, url, who });
      }
      bodyOps = bodyOps.sort((a, b) => a.path.localeCompare(b.path));
    }, 300_000);

    it('reaches every operation that takes a JSON body', () => {
      expect(bodyOps.length).toBeGreaterThan(35);
      expect(failures).toEqual([]);
    });

    it('refuses each bad field the schema implies with a 400 naming it: null, lone surrogates, blank text, line breaks, links other than http(s)', async () => {
      const wrong: string[] = [];
      let cases = 0;
      for (const { method, path, op, url, who } of bodyOps) {
        const schema = op.requestBody!.content!['application/json'].schema!;
        for (const bad of badBodies(doc, schema)) {
          cases++;
          const res = await send(who, method, url, JSON.stringify(bad.body));
          const fields = ((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field);
          if (res.status !== 400 || !fields.includes(bad.field)) {
            wrong.push(`${method.toUpperCase()} ${path} ${bad.field} = ${bad.what}: ${res.status} ${fields.join(',')}`);
          }
        }
      }
      expect(cases).toBeGreaterThan(400);
      expect(wrong).toEqual([]);
    }, 300_000);

    it('refuses a body nested too deep with a 400 before reading it, signed in or not, in milliseconds', async () => {
      const wrong: string[] = [];
      const deep = '{"a":'.repeat(360_000) + '1' + '}'.repeat(360_000); // 2,160,001 bytes: 1.8 MB of nesting and more
      const arrays = '['.repeat(1000) + ']'.repeat(1000);
      for (const { method, path, url, who } of bodyOps) {
        for (const [raw, as] of [
          [deep.slice(0, 1_800_000), who],
          [arrays, who],
          [arrays, null],
        ] as [string, string | null][]) {
          const res = await send(as, method, url, raw);
          if (res.status !== 400 || res.body?.code !== 'too_deep' || res.body?.errors?.[0]?.field !== 'body') {
            wrong.push(
              `${method.toUpperCase()} ${path} as ${as}: ${res.status} ${JSON.stringify(res.body).slice(0, 120)}`,
            );
          }
        }
      }
      expect(wrong).toEqual([]);
    }, 300_000);

    it('refuses a JSON body over 2 MB with a 413', async () => {
      const wrong: string[] = [];
      const big = JSON.stringify({ text: 'x'.repeat(2 * 1024 * 1024) });
      for (const { method, path, url, who } of bodyOps) {
        const res = await send(who, method, url, big);
        if (res.status !== 413 || res.body?.code !== 'payload_too_large') {
          wrong.push(`${method.toUpperCase()} ${path}: ${res.status}`);
        }
      }
      expect(wrong).toEqual([]);
    }, 300_000);

    it('reads ids only as canonical positive decimals, in paths and queries: anything else is a 400 naming the parameter', async () => {
      const wrong: string[] = [];
      let cases = 0;
      for (const { method, path, op } of operations(doc)) {
        for (const param of op.parameters ?? []) {
          const type = param.schema?.type;
          if (param.in === 'path' && NAMED[param.name] === undefined) {
            for (const id of NON_CANONICAL_IDS) {
              cases++;
              const res = await asFirstAllowed(method, path, urlOf(path, { [param.name]: id }));
              const fields = ((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field);
              if (res.status !== 400 || !fields.includes(param.name)) {
                wrong.push(`${method.toUpperCase()} ${path} ${param.name}=${id}: ${res.status}`);
              }
            }
          } else if (param.in === 'query' && (type === 'integer' || type === 'number') && method === 'get') {
            for (const id of NON_CANONICAL_IDS.filter((v) => v !== '0' && v !== '-1')) {
              cases++;
              const sep = path.includes('?') ? '&' : '?';
              const res = await asFirstAllowed(method, path, `${urlOf(path)}${sep}${param.name}=${id}`);
              const fields = ((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field);
              if (res.status !== 400 || !fields.includes(param.name)) {
                wrong.push(`${method.toUpperCase()} ${path}?${param.name}=${id}: ${res.status} ${fields}`);
              }
            }
          }
        }
      }
      expect(cases).toBeGreaterThan(300);
      expect(wrong).toEqual([]);
    }, 300_000);

    it('answered none of it with a 500, and changed nothing', async () => {
      expect(serverErrors).toEqual([]);
      expect(await auditTotal()).toBe(auditBefore);
    });
  });
});
