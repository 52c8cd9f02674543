// Separation of duties (security.separationOfDuties, on by default): nobody decides an extension or closing
// request they made or reviews a report they filed (403 own_request / own_report, nothing changed), and a
// planner's change of an assigned task's deadline is a re-plan with a reason, in the extension history and the
// audit. With the setting off, the old behaviour holds.
import { startApp, type TestApp } from './support/app';

const TODAY = '2023-09-20';
const PERIOD = '2023-09';

interface TaskRow {
  id: number;
  code: string;
  status: string;
  deadline: string;
  originalDeadline: string;
  leadUnit: { id: number };
}

/** Open, assigned tasks whose deadline is still ahead, as the lead sees them. */
async function openTasks(t: TestApp): Promise<TaskRow[]> {
  const page = await t.get('lead', `/api/tasks?status=assigned,in_progress&dueAfter=2023-10-31&pageSize=500&sort=code`);
  return page.items;
}

/** A second account of a role, signed in: the one who decides what the demo account asked for. */
async function second(t: TestApp, role: 'lead' | 'secretariat', email: string): Promise<string> {
  const password = 'Quartz-harbor-7193-lantern';
  const res = await t.call('admin', 'POST', '/api/users', { email, displayName: `${role} 2`, role, password });
  expect(res.status).toBe(201);
  return t.login(email, password);
}

/** A year after a date. */
const yearAfter = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;

const extensionsOf = async (t: TestApp, id: number) => t.get('lead', `/api/tasks/${id}/extensions`);
const auditOf = async (t: TestApp, id: number) =>
  (await t.get('auditor', `/api/audit?entityType=task&entityId=${id}&pageSize=500`)).items as {
    action: string;
    field: string | null;
    oldValue: string | null;
    newValue: string | null;
    actorEmail: string;
  }[];

describe('separation of duties, on by default', () => {
  let t: TestApp;
  let tasks: TaskRow[];
  let lead2: string;
  let office2: string;

  beforeAll(async () => {
    t = await startApp({ today: TODAY });
    tasks = await openTasks(t);
    expect(tasks.length).toBeGreaterThanOrEqual(4);
    lead2 = await second(t, 'lead', 'lead2@tianshui.example.cn');
    office2 = await second(t, 'secretariat', 'office2@tianshui.example.cn');
  });
  afterAll(() => t.close());

  it('is on unless configured otherwise', () => {
    expect(t.config.security.separationOfDuties).toBe(true);
  });

  it('a lead who requested an extension cannot decide it, while another lead can', async () => {
    const task = tasks[0];
    const req = await t.call('lead', 'POST', `/api/tasks/${task.id}/extensions`, {
      requestedDeadline: yearAfter(task.deadline),
      reason: '设备到货推迟',
    });
    expect(req.status).toBe(201);
    for (const [path, body] of [
      ['approve', { note: '同意' }],
      ['refuse', { reason: '不同意' }],
    ] as const) {
      const own = await t.call('lead', 'POST', `/api/extensions/${req.body.id}/${path}`, body);
      expect(own.status).toBe(403);
      expect(own.body).toMatchObject({ statusCode: 403, code: 'own_request', errors: [] });
      expect(own.body.message).toMatch(/another lead/);
      expect(own.body.messageZh).toMatch(/本人/);
    }
    expect((await t.get('lead', `/api/extensions/${req.body.id}`)).status).toBe('pending');
    expect((await t.get('lead', `/api/tasks/${task.id}`)).deadline).toBe(task.deadline);
    expect((await auditOf(t, task.id)).some((e) => e.action.startsWith('extension.approve'))).toBe(false);

    const ok = await t.request('POST', `/api/extensions/${req.body.id}/approve`, { token: lead2, body: {} });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ status: 'approved', decidedBy: { email: 'lead2@tianshui.example.cn' } });
    expect((await t.get('lead', `/api/tasks/${task.id}`)).deadline).toBe(yearAfter(task.deadline));
  });

  it('a lead who requested a closing cannot accept or send it back, while another lead can', async () => {
    const task = tasks[1];
    const req = await t.call('lead', 'POST', `/api/tasks/${task.id}/closing`, { note: '已完成' });
    expect(req.status).toBe(201);
    for (const [path, body] of [
      ['accept', {}],
      ['return', { reason: '材料不全' }],
    ] as const) {
      const own = await t.call('lead', 'POST', `/api/tasks/${task.id}/closing/${path}`, body);
      expect(own.status).toBe(403);
      expect(own.body).toMatchObject({ code: 'own_request' });
    }
    expect((await t.get('lead', `/api/tasks/${task.id}`)).status).toBe('submitted');
    expect((await t.get('lead', `/api/tasks/${task.id}/closing`)).map((c: { status: string }) => c.status)).toEqual([
      'pending',
    ]);

    const ok = await t.request('POST', `/api/tasks/${task.id}/closing/accept`, { token: lead2, body: {} });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('accepted');
    expect((await t.get('lead', `/api/tasks/${task.id}`)).status).toBe('closed');
  });

  it('a secretariat who filed a report for a unit cannot review it, while another planner can', async () => {
    const task = tasks[2];
    const filed = await t.call('secretariat', 'POST', `/api/tasks/${task.id}/reports`, {
      period: PERIOD,
      text: '代牵头单位报送',
      percent: 40,
      unitId: task.leadUnit.id,
    });
    expect(filed.status).toBe(201);
    // the one who filed it is not offered the review; another planner is
    expect(filed.body.allowedActions).not.toContain('report.review');
    expect((await t.get('lead', `/api/reports/${filed.body.id}`)).allowedActions).toContain('report.review');
    for (const [path, body] of [
      ['accept', {}],
      ['return', { reason: '数据有误' }],
    ] as const) {
      const own = await t.call('secretariat', 'POST', `/api/reports/${filed.body.id}/${path}`, body);
      expect(own.status).toBe(403);
      expect(own.body).toMatchObject({ code: 'own_report' });
      expect(own.body.messageZh).toMatch(/本人报送/);
    }
    const still = await t.get('lead', `/api/reports/${filed.body.id}`);
    expect(still).toMatchObject({ status: 'submitted', reviewedBy: null });
    expect((await t.get('lead', `/api/tasks/${task.id}`)).progress).toBe(40);

    const back = await t.request('POST', `/api/reports/${filed.body.id}/return`, {
      token: office2,
      body: { reason: '请补充数据来源' },
    });
    expect(back.status).toBe(200);
    expect(back.body.status).toBe('returned');

    const again = await t.call('secretariat', 'POST', `/api/tasks/${task.id}/reports`, {
      period: PERIOD,
      text: '补充后再报',
      percent: 45,
      unitId: task.leadUnit.id,
    });
    expect(again.status).toBe(201);
    const accepted = await t.call('lead', 'POST', `/api/reports/${again.body.id}/accept`, {});
    expect(accepted.status).toBe(200);
    expect(accepted.body.status).toBe('accepted');
  });

  it('refuses a direct change of an assigned task’s deadline without a reason and changes nothing; a draft needs none', async () => {
    const task = tasks[3];
    const historyBefore = await extensionsOf(t, task.id);
    const auditBefore = await auditOf(t, task.id);
    const res = await t.call('secretariat', 'PATCH', `/api/tasks/${task.id}`, {
      deadline: '2024-03-31',
      title: '不应保存的标题',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['replanReason']);
    const after = await t.get('lead', `/api/tasks/${task.id}`);
    expect(after).toMatchObject({ deadline: task.deadline, replanned: task.deadline !== task.originalDeadline });
    expect(after.title).not.toBe('不应保存的标题');
    expect(await extensionsOf(t, task.id)).toEqual(historyBefore);
    expect(await auditOf(t, task.id)).toEqual(auditBefore);
    const blank = await t.call('secretariat', 'PATCH', `/api/tasks/${task.id}`, {
      deadline: '2024-03-31',
      replanReason: '   ',
    });
    expect(blank.status).toBe(400);
    expect(blank.body.errors[0].field).toBe('replanReason');
    // a draft is not yet assigned, and an unchanged deadline (as the edit form sends it) is no re-plan
    const drafts = (await t.get('lead', '/api/tasks?status=draft&pageSize=1')).items;
    expect(drafts.length).toBe(1);
    const draft = await t.call('lead', 'PATCH', `/api/tasks/${drafts[0].id}`, { deadline: '2024-05-31' });
    expect(draft.status).toBe(200);
    expect(draft.body.deadline).toBe('2024-05-31');
    expect(await extensionsOf(t, drafts[0].id)).toEqual([]);
    const current = await t.get('lead', `/api/tasks/${task.id}`);
    const same = await t.call('lead', 'PATCH', `/api/tasks/${task.id}`, {
      deadline: current.deadline,
      priority: 'high',
    });
    expect(same.status).toBe(200);
  });

  it('records a direct change with a reason as a re-plan in the extension history and the audit', async () => {
    const task = tasks[3];
    const office = await t.get('secretariat', '/api/auth/me');
    const res = await t.call('secretariat', 'PATCH', `/api/tasks/${task.id}`, {
      deadline: '2024-03-31',
      replanReason: '市政府调整年度目标',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      deadline: '2024-03-31',
      originalDeadline: task.originalDeadline,
      replanned: true,
    });
    const [replan] = await extensionsOf(t, task.id);
    expect(replan).toMatchObject({
      taskId: task.id,
      status: 'replanned',
      previousDeadline: task.deadline,
      requestedDeadline: '2024-03-31',
      reason: '市政府调整年度目标',
      requestedById: office.id,
      decidedById: office.id,
    });
    expect(replan.decidedAt).toEqual(replan.requestedAt);
    expect((await t.get('lead', `/api/extensions?status=replanned`)).map((e: { id: number }) => e.id)).toContain(
      replan.id,
    );
    const entries = (await auditOf(t, task.id)).filter((e) => e.action === 'deadline.replan');
    expect(entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'deadline', newValue: '2024-03-31', actorEmail: office.email }),
        expect.objectContaining({ field: 'reason', newValue: '市政府调整年度目标' }),
      ]),
    );
    // a re-plan is decided: it neither waits for a lead nor blocks an extension request
    const decide = await t.request('POST', `/api/extensions/${replan.id}/approve`, { token: lead2, body: {} });
    expect([decide.status, decide.body.code]).toEqual([409, 'already_decided']);
  });

  it('describes the reason and the refusals in the OpenAPI document', async () => {
    const doc = (await t.request('GET', '/api/docs-json')).body;
    expect(doc.components.schemas.UpdateTaskDto.properties.replanReason).toMatchObject({ type: 'string' });
    expect(doc.paths['/api/extensions/{id}/approve'].post.responses['403'].description).toContain('own_request');
    expect(doc.paths['/api/tasks/{id}/closing/accept'].post.responses['403'].description).toContain('own_request');
    expect(doc.paths['/api/reports/{id}/accept'].post.responses['403'].description).toContain('own_report');
    expect(doc.components.schemas.ExtensionDetailResponseDto.properties.status.enum).toContain('replanned');
  });
});

describe('separation of duties turned off', () => {
  let t: TestApp;
  let tasks: TaskRow[];

  beforeAll(async () => {
    t = await startApp({ today: TODAY, config: { security: { separationOfDuties: false } } });
    tasks = await openTasks(t);
  });
  afterAll(() => t.close());

  it('lets a lead decide its own requests and the secretariat review a report it filed, as before', async () => {
    expect(t.config.security.separationOfDuties).toBe(false);
    const req = await t.call('lead', 'POST', `/api/tasks/${tasks[0].id}/extensions`, {
      requestedDeadline: yearAfter(tasks[0].deadline),
      reason: '设备到货推迟',
    });
    const ok = await t.call('lead', 'POST', `/api/extensions/${req.body.id}/approve`, {});
    expect([ok.status, ok.body.status]).toEqual([200, 'approved']);
    await t.call('lead', 'POST', `/api/tasks/${tasks[1].id}/closing`, { note: '已完成' });
    const closed = await t.call('lead', 'POST', `/api/tasks/${tasks[1].id}/closing/accept`, {});
    expect([closed.status, closed.body.status]).toEqual([200, 'accepted']);
    const filed = await t.call('secretariat', 'POST', `/api/tasks/${tasks[2].id}/reports`, {
      period: PERIOD,
      text: '代牵头单位报送',
      percent: 40,
      unitId: tasks[2].leadUnit.id,
    });
    expect(filed.body.allowedActions).toContain('report.review');
    const reviewed = await t.call('secretariat', 'POST', `/api/reports/${filed.body.id}/accept`, {});
    expect([reviewed.status, reviewed.body.status]).toEqual([200, 'accepted']);
  });

  it('takes a deadline change without a reason as a plain edit, and one with a reason as a re-plan', async () => {
    const task = tasks[3];
    const plain = await t.call('secretariat', 'PATCH', `/api/tasks/${task.id}`, { deadline: '2024-03-31' });
    expect([plain.status, plain.body.deadline]).toEqual([200, '2024-03-31']);
    expect(await extensionsOf(t, task.id)).toEqual([]);
    const replan = await t.call('secretariat', 'PATCH', `/api/tasks/${task.id}`, {
      deadline: '2024-04-30',
      replanReason: '配合市级调度',
    });
    expect(replan.status).toBe(200);
    expect((await extensionsOf(t, task.id)).map((e: { status: string }) => e.status)).toEqual(['replanned']);
  });
});
