// Each role against each endpoint, including another unit's objects. The liaison is 天水移动's (yd): "own" is a
// task it leads, "supported" one it supports, "other" one its unit has no part in.
import { demoTasks, involves } from './support/demo';
import { startApp, type TestApp } from './support/app';

type Role = 'admin' | 'lead' | 'secretariat' | 'liaison' | 'viewer';
const ROLES: Role[] = ['admin', 'viewer', 'liaison', 'secretariat', 'lead'];
const ALL = ROLES;

interface Ids {
  own: number;
  ownToo: number;
  supported: number;
  other: number;
  yd: number;
  gxj: number;
  otherLiaison: number;
  plan: number;
  workItem: number;
  indicator: number;
  extension: number;
  ownReport: number;
  ownReport2: number;
  otherReport: number;
  round: number;
  bulletin: number;
}

interface Row {
  method: string;
  path: (ids: Ids) => string;
  body?: (ids: Ids, role: Role) => unknown;
  allowed: Role[];
}

let seq = 0;
const ROWS: Row[] = [
  { method: 'GET', path: () => '/api/auth/me', allowed: ALL },
  { method: 'GET', path: () => '/api/units', allowed: ALL },
  { method: 'GET', path: (i) => `/api/units/${i.yd}`, allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/units',
    body: () => ({ code: `matrix-${++seq}`, name: '测试单位' }),
    allowed: ['admin'],
  },
  {
    method: 'PATCH',
    path: (i) => `/api/units/${i.yd}`,
    body: () => ({ nameEn: 'China Mobile Tianshui' }),
    allowed: ['admin'],
  },
  { method: 'GET', path: () => '/api/users', allowed: ['admin', 'lead', 'secretariat', 'liaison'] },
  { method: 'GET', path: (i) => `/api/users/${i.otherLiaison}`, allowed: ['admin', 'lead', 'secretariat'] },
  {
    method: 'POST',
    path: () => '/api/users',
    body: () => ({
      email: `matrix${++seq}@example.cn`,
      displayName: '测试',
      role: 'viewer',
      password: 'Matrix-password-1',
    }),
    allowed: ['admin'],
  },
  {
    method: 'PATCH',
    path: (i) => `/api/users/${i.otherLiaison}`,
    body: () => ({ displayName: '刘婷' }),
    allowed: ['admin'],
  },
  { method: 'PATCH', path: () => '/api/users/me', body: () => ({ wantsDigest: true }), allowed: ALL },
  { method: 'GET', path: () => '/api/plans', allowed: ALL },
  { method: 'GET', path: (i) => `/api/plans/${i.plan}`, allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/plans',
    body: () => ({ code: `matrix-${++seq}`, title: '另一计划' }),
    allowed: ['lead'],
  },
  {
    method: 'PATCH',
    path: (i) => `/api/plans/${i.plan}`,
    body: () => ({ titleEn: 'Tianshui 5G work plan' }),
    allowed: ['lead', 'secretariat'],
  },
  { method: 'GET', path: (i) => `/api/work-items?planId=${i.plan}`, allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/work-items',
    body: (i) => ({ planId: i.plan, code: `M${++seq}`, seq: 10 + seq, title: '新事项' }),
    allowed: ['lead', 'secretariat'],
  },
  {
    method: 'PATCH',
    path: (i) => `/api/work-items/${i.workItem}`,
    body: () => ({ titleEn: 'Mechanism' }),
    allowed: ['lead', 'secretariat'],
  },
  { method: 'GET', path: () => '/api/tasks', allowed: ALL },
  { method: 'GET', path: (i) => `/api/tasks/${i.own}`, allowed: ALL },
  { method: 'GET', path: (i) => `/api/tasks/${i.supported}`, allowed: ALL },
  { method: 'GET', path: (i) => `/api/tasks/${i.other}`, allowed: ['admin', 'viewer', 'secretariat', 'lead'] },
  {
    method: 'POST',
    path: () => '/api/tasks',
    body: (i) => ({ workItemId: i.workItem, title: '矩阵任务', leadUnitId: i.yd, deadline: '2023-12-29' }),
    allowed: ['lead', 'secretariat'],
  },
  {
    method: 'PATCH',
    path: (i) => `/api/tasks/${i.own}`,
    body: () => ({ ownerName: '王涛' }),
    allowed: ['lead', 'secretariat'],
  },
  {
    method: 'PATCH',
    path: (i) => `/api/tasks/${i.other}`,
    body: () => ({ ownerName: '陈晓燕' }),
    allowed: ['lead', 'secretariat'],
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.own}/status`,
    body: () => ({ status: 'blocked', reason: '需协调' }),
    allowed: ['liaison', 'secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.supported}/status`,
    body: () => ({ status: 'blocked', reason: '需协调' }),
    allowed: ['secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/status`,
    body: () => ({ status: 'blocked', reason: '需协调' }),
    allowed: ['secretariat', 'lead'],
  },
  { method: 'GET', path: (i) => `/api/tasks/${i.other}/audit`, allowed: ['admin', 'viewer', 'secretariat', 'lead'] },
  { method: 'GET', path: (i) => `/api/tasks/${i.own}/audit`, allowed: ALL },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.ownToo}/extensions`,
    body: () => ({ requestedDeadline: '2025-06-30', reason: '延期' }),
    allowed: ['liaison', 'secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.supported}/extensions`,
    body: () => ({ requestedDeadline: '2025-06-30', reason: '延期' }),
    allowed: ['secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/extensions`,
    body: () => ({ requestedDeadline: '2025-06-30', reason: '延期' }),
    allowed: ['secretariat', 'lead'],
  },
  { method: 'GET', path: () => '/api/extensions', allowed: ALL },
  { method: 'GET', path: (i) => `/api/extensions/${i.extension}`, allowed: ALL },
  { method: 'POST', path: (i) => `/api/extensions/${i.extension}/approve`, body: () => ({}), allowed: ['lead'] },
  {
    method: 'POST',
    path: (i) => `/api/extensions/${i.extension}/refuse`,
    body: () => ({ reason: '不同意' }),
    allowed: ['lead'],
  },
  { method: 'GET', path: (i) => `/api/tasks/${i.other}/closing`, allowed: ['admin', 'viewer', 'secretariat', 'lead'] },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/closing`,
    body: () => ({ note: '完成' }),
    allowed: ['secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.supported}/closing`,
    body: () => ({ note: '完成' }),
    allowed: ['secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/closing/return`,
    body: () => ({ reason: '材料不全' }),
    allowed: ['lead'],
  },
  { method: 'POST', path: (i) => `/api/tasks/${i.other}/closing/accept`, body: () => ({}), allowed: ['lead'] },
  { method: 'GET', path: (i) => `/api/tasks/${i.other}/reports`, allowed: ['admin', 'viewer', 'secretariat', 'lead'] },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.other}/reports`,
    body: (i) => ({ period: '2023-08', text: '代报', percent: 50, unitId: i.gxj }),
    allowed: ['secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/tasks/${i.supported}/reports`,
    body: (i, role) => ({
      period: '2023-07',
      text: '配合进展',
      percent: 30,
      ...(role === 'liaison' ? {} : { unitId: i.yd }),
    }),
    allowed: ['liaison', 'secretariat', 'lead'],
  },
  { method: 'GET', path: () => '/api/reports', allowed: ALL },
  { method: 'GET', path: (i) => `/api/reports/${i.otherReport}`, allowed: ['admin', 'viewer', 'secretariat', 'lead'] },
  { method: 'GET', path: (i) => `/api/reports/${i.ownReport}`, allowed: ALL },
  {
    method: 'POST',
    path: (i) => `/api/reports/${i.ownReport}/accept`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/reports/${i.ownReport2}/return`,
    body: () => ({ reason: '数据有误' }),
    allowed: ['secretariat', 'lead'],
  },
  { method: 'GET', path: () => '/api/indicators', allowed: ALL },
  { method: 'GET', path: (i) => `/api/indicators/${i.indicator}`, allowed: ALL },
  { method: 'GET', path: (i) => `/api/indicators/${i.indicator}/values`, allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/indicators',
    body: (i) => ({
      planId: i.plan,
      code: `matrix-${++seq}`,
      name: '测试指标',
      measure: '个',
      baseline: 0,
      baselineDate: '2023-01-01',
      target: 10,
      targetDate: '2023-12-31',
    }),
    allowed: ['lead', 'secretariat'],
  },
  {
    method: 'PATCH',
    path: (i) => `/api/indicators/${i.indicator}`,
    body: () => ({ nameEn: 'New 5G base stations' }),
    allowed: ['lead', 'secretariat'],
  },
  {
    method: 'POST',
    path: (i) => `/api/indicators/${i.indicator}/values`,
    body: () => ({ value: 1200, observedOn: '2023-09-15' }),
    allowed: ['lead', 'secretariat'],
  },
  { method: 'GET', path: () => '/api/audit', allowed: ['admin', 'lead', 'secretariat'] },
  { method: 'GET', path: () => '/api/outbox', allowed: ['admin', 'secretariat', 'lead'] },
  { method: 'GET', path: () => '/api/outbox/counts', allowed: ['admin', 'secretariat', 'lead'] },
  { method: 'POST', path: () => '/api/outbox/deliver', body: () => ({}), allowed: ['admin', 'secretariat'] },
  { method: 'GET', path: () => '/api/schedule', allowed: ['admin', 'lead', 'secretariat'] },
  { method: 'GET', path: () => '/api/schedule/runs', allowed: ['admin', 'lead', 'secretariat'] },
  { method: 'POST', path: () => '/api/schedule/escalation/run', body: () => ({}), allowed: ['admin', 'secretariat'] },
  { method: 'GET', path: () => '/api/dispatch-rounds', allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/dispatch-rounds',
    body: () => ({ period: '2023-09', dueDate: '2023-09-25' }),
    allowed: ['secretariat', 'lead'],
  },
  { method: 'GET', path: (i) => `/api/dispatch-rounds/${i.round}`, allowed: ALL },
  { method: 'GET', path: (i) => `/api/dispatch-rounds/${i.round}/late`, allowed: ALL },
  {
    method: 'POST',
    path: (i) => `/api/dispatch-rounds/${i.round}/close`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
  },
  { method: 'GET', path: () => '/api/bulletins', allowed: ALL },
  {
    method: 'POST',
    path: () => '/api/bulletins',
    body: () => ({ period: '2023-09' }),
    allowed: ['secretariat', 'lead'],
  },
  { method: 'GET', path: (i) => `/api/bulletins/${i.bulletin}`, allowed: ['admin', 'secretariat', 'lead'] },
  {
    method: 'POST',
    path: (i) => `/api/bulletins/${i.bulletin}/regenerate`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
  },
  {
    method: 'POST',
    path: (i) => `/api/bulletins/${i.bulletin}/send`,
    body: () => ({}),
    allowed: ['secretariat', 'lead'],
  },
  { method: 'GET', path: (i) => `/api/bulletins/${i.bulletin}/preview`, allowed: ALL },
  {
    method: 'GET',
    path: (i) => `/api/digests/preview?unitId=${i.yd}`,
    allowed: ['admin', 'lead', 'secretariat', 'liaison'],
  },
  { method: 'GET', path: (i) => `/api/digests/preview?unitId=${i.gxj}`, allowed: ['admin', 'lead', 'secretariat'] },
  { method: 'POST', path: () => '/api/digests/send', body: () => ({}), allowed: ['admin', 'secretariat'] },
  { method: 'GET', path: () => '/api/dashboard', allowed: ALL },
];

describe('access matrix: each role against each endpoint', () => {
  let t: TestApp;
  const ids = {} as Ids;

  beforeAll(async () => {
    t = await startApp();
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as { id: number; code: string }[];
    const idOf = (code: string) => tasks.find((x) => x.code === code)!.id;
    const open = (x: (typeof demoTasks)[number]) =>
      x.status === 'in_progress' && x.deadline !== null && x.deadline > '2023-09-20';
    const ownTasks = demoTasks.filter((x) => x.leadUnit === 'yd' && open(x));
    ids.own = idOf(ownTasks[0].code);
    ids.ownToo = idOf(ownTasks[1].code);
    ids.supported = idOf(demoTasks.find((x) => x.supportingUnits.includes('yd') && open(x) && !x.recurrence)!.code);
    ids.other = idOf(demoTasks.find((x) => !involves(x, 'yd') && open(x) && x.leadUnit === 'gxj')!.code);
    const units = await t.get('lead', '/api/units');
    ids.yd = units.find((u: { code: string }) => u.code === 'yd').id;
    ids.gxj = units.find((u: { code: string }) => u.code === 'gxj').id;
    ids.otherLiaison = (await t.get('lead', '/api/users')).find(
      (u: { email: string }) => u.email === 'liaison.qzq@tianshui.example.cn',
    ).id;
    ids.plan = (await t.get('lead', '/api/plans'))[0].id;
    ids.workItem = (await t.get('lead', `/api/plans/${ids.plan}`)).workItems[0].id;
    ids.indicator = (await t.get('lead', '/api/indicators'))[0].id;
    const ext = await t.call('liaison', 'POST', `/api/tasks/${ids.own}/extensions`, {
      requestedDeadline: '2025-03-31',
      reason: '施工窗口',
    });
    ids.extension = ext.body.id;
    const r1 = await t.call('liaison', 'POST', `/api/tasks/${ids.own}/reports`, {
      period: '2023-09',
      text: '九月进展',
      percent: 50,
    });
    const r2 = await t.call('liaison', 'POST', `/api/tasks/${ids.ownToo}/reports`, {
      period: '2023-09',
      text: '九月进展',
      percent: 40,
    });
    const r3 = await t.call('secretariat', 'POST', `/api/tasks/${ids.other}/reports`, {
      period: '2023-07',
      text: '七月',
      percent: 20,
      unitId: ids.gxj,
    });
    expect([ext, r1, r2, r3].map((r) => [r.status, r.body.message])).toEqual(
      [201, 201, 201, 201].map((s) => [s, undefined]),
    );
    ids.ownReport = r1.body.id;
    ids.ownReport2 = r2.body.id;
    ids.otherReport = r3.body.id;
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect([round.status, bulletin.status]).toEqual([201, 201]);
    ids.round = round.body.id;
    ids.bulletin = bulletin.body.id;
  });
  afterAll(() => t.close());

  const cases = ROWS.flatMap((row) => ROLES.map((role) => ({ row, role })));

  it.each(cases.map((c) => [`${c.row.method} ${c.row.path({} as Ids).replace(/undefined/g, ':id')} as ${c.role}`, c]))(
    '%s',
    async (_name, c) => {
      const { row, role } = c as (typeof cases)[number];
      const res = await t.call(role, row.method, row.path(ids), row.body?.(ids, role));
      if (row.allowed.includes(role)) {
        const refused = [401, 403, 404].includes(res.status) || res.status >= 500;
        expect({ role, refused, status: res.status, body: res.body }).toEqual(
          expect.objectContaining({ refused: false }),
        );
      } else {
        // Refused: 403, or 404 where the object's existence is not disclosed
        expect({ role, status: [403, 404].includes(res.status) }).toEqual({ role, status: true });
      }
    },
  );

  it('never answered a refused request with a change: the other unit’s task is as the lead left it', async () => {
    const audit = await t.get('lead', `/api/tasks/${ids.other}/audit`);
    const byLiaison = audit.items.filter(
      (a: { actorEmail: string }) => a.actorEmail === 'liaison.yd@tianshui.example.cn',
    );
    expect(byLiaison).toEqual([]);
  });
});
