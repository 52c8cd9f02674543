import { demoTasks, involves } from './support/demo';
import { startApp, type TestApp } from './support/app';

const TODAY = '2023-09-20';
const OPEN = ['assigned', 'in_progress', 'blocked'];

describe('tasks over HTTP with the demo plan', () => {
  let t: TestApp;
  let unitIds: Record<string, number>;
  let taskIds: Record<string, number>;

  beforeAll(async () => {
    t = await startApp({ today: TODAY });
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    unitIds = Object.fromEntries(units.map((u) => [u.code, u.id]));
    const all = await t.get('lead', '/api/tasks?pageSize=500');
    taskIds = Object.fromEntries(all.items.map((x: { code: string; id: number }) => [x.code, x.id]));
  });
  afterAll(() => t.close());

  const codes = (body: { items: { code: string }[] }) => body.items.map((x) => x.code).sort();

  it('lists every task of the plan to a lead, with derived colour grades', async () => {
    const all = await t.get('lead', '/api/tasks?pageSize=500');
    expect(all.total).toBe(demoTasks.length);
    for (const task of all.items) expect(['red', 'yellow', 'blue', null]).toContain(task.colour);
  });

  it('shows each task in the list exactly as on its own page', async () => {
    const all = await t.get('lead', '/api/tasks?pageSize=500');
    expect(all.items.length).toBe(demoTasks.length);
    for (const item of all.items) {
      // the page alone carries the sub-tasks and the urging counts
      const {
        subtasks: _subtasks,
        urgingCount: _urgingCount,
        urgingsByUnit: _urgingsByUnit,
        ...page
      } = await t.get('lead', `/api/tasks/${item.id}`);
      expect(item).toEqual(page);
    }
  });

  it('paginates and sorts', async () => {
    const page1 = await t.get('lead', '/api/tasks?pageSize=5&page=1&sort=code');
    const page2 = await t.get('lead', '/api/tasks?pageSize=5&page=2&sort=code');
    expect(page1.items).toHaveLength(5);
    expect(page1.total).toBe(demoTasks.length);
    const sorted = demoTasks.map((x) => x.code).sort();
    expect(page1.items.map((x: { code: string }) => x.code)).toEqual(sorted.slice(0, 5));
    expect(page2.items.map((x: { code: string }) => x.code)).toEqual(sorted.slice(5, 10));
    const byDeadlineDesc = await t.get('lead', '/api/tasks?pageSize=500&sort=-deadline');
    const deadlines = byDeadlineDesc.items.map((x: { deadline: string }) => x.deadline);
    expect(deadlines).toEqual([...deadlines].sort().reverse());
  });

  it('filters overdue tasks: open tasks whose deadline has passed', async () => {
    const expected = demoTasks
      .filter((x) => OPEN.includes(x.status) && x.deadline !== null && x.deadline < TODAY)
      .map((x) => x.code)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const res = await t.get('lead', '/api/tasks?overdue=true&pageSize=500');
    expect(codes(res)).toEqual(expected);
    for (const task of res.items) expect(task).toMatchObject({ overdue: true, colour: 'red' });
    const red = await t.get('lead', '/api/tasks?colour=red&pageSize=500');
    expect(codes(red)).toEqual(expected);
  });

  it('searches code, titles and description case-insensitively, through the index or by a scan alike', async () => {
    const all = (await t.get('lead', '/api/tasks?pageSize=500')).items;
    const detail = new Map<number, string>();
    for (const x of all) detail.set(x.id, (await t.get('lead', `/api/tasks/${x.id}`)).description ?? '');
    const expected = (text: string) =>
      all
        .filter((x: { id: number; code: string; title: string; titleEn: string | null }) =>
          [x.code, x.title, x.titleEn ?? '', detail.get(x.id) ?? ''].some((f) =>
            f.toLowerCase().includes(text.toLowerCase()),
          ),
        )
        .map((x: { code: string }) => x.code)
        .sort();
    // Three characters or more go through the search index; shorter texts and wildcards scan.
    const texts = ['基站', '5G基站', 'w1-1', 'BASE STATION', '网络', '%', '_', 'W4-', '建设', '信息化'];
    let found = 0;
    for (const text of texts) {
      const res = await t.get('lead', `/api/tasks?pageSize=500&q=${encodeURIComponent(text)}`);
      expect([text, codes(res)]).toEqual([text, expected(text)]);
      found += res.total;
    }
    expect(found).toBeGreaterThan(10);
    // A renamed task is found by its new title at once.
    const id = all[0].id;
    expect((await t.call('lead', 'PATCH', `/api/tasks/${id}`, { title: '全新标题检索测试' })).status).toBe(200);
    expect(codes(await t.get('lead', `/api/tasks?q=${encodeURIComponent('标题检索')}`))).toEqual([all[0].code]);
  });

  it('filters by unit, as lead or supporting unit', async () => {
    const any = await t.get('lead', `/api/tasks?unitId=${unitIds.yd}&pageSize=500`);
    expect(codes(any)).toEqual(
      demoTasks
        .filter((x) => involves(x, 'yd'))
        .map((x) => x.code)
        .sort(),
    );
    const lead = await t.get('lead', `/api/tasks?unitId=${unitIds.yd}&unitRole=lead&pageSize=500`);
    expect(codes(lead)).toEqual(
      demoTasks
        .filter((x) => x.leadUnit === 'yd')
        .map((x) => x.code)
        .sort(),
    );
    const supporting = await t.get('lead', `/api/tasks?unitId=${unitIds.yd}&unitRole=supporting&pageSize=500`);
    expect(codes(supporting)).toEqual(
      demoTasks
        .filter((x) => x.supportingUnits.includes('yd'))
        .map((x) => x.code)
        .sort(),
    );
  });

  it('grades a task far behind its share of elapsed time yellow', async () => {
    // W1-7: 2023-06-01 → 2023-12-31, 10 % done on 2023-09-20 when 52 % of its time has passed
    const res = await t.get('lead', `/api/tasks/${taskIds['W1-7']}`);
    expect(res).toMatchObject({ colour: 'yellow', progress: 10, expectedProgress: 52.1 });
    const yellow = await t.get('lead', '/api/tasks?colour=yellow&pageSize=500');
    expect(codes(yellow)).toContain('W1-7');
    for (const task of yellow.items) expect(task.progress).toBeLessThan(task.expectedProgress - 10);
  });

  it('computes a deadline given in working days across the National Day holiday', async () => {
    const spec = demoTasks.find((x) => x.deadlineWorkingDays !== null)!;
    const res = await t.get('lead', `/api/tasks/${taskIds[spec.code]}`);
    expect(res.deadlineWorkingDays).toBe(spec.deadlineWorkingDays);
    // 15 working days after Mon 2023-09-11: the break of 29 Sep–6 Oct is skipped, Sat 7 and Sun 8 Oct count
    expect(res.deadline).toBe('2023-10-08');
    expect(res).toMatchObject({ dueSoon: true, colour: 'blue' });
  });

  it('filters by status, text and due dates', async () => {
    const drafts = await t.get('lead', '/api/tasks?status=draft&pageSize=500');
    expect(codes(drafts)).toEqual(
      demoTasks
        .filter((x) => x.status === 'draft')
        .map((x) => x.code)
        .sort(),
    );
    const text = await t.get('lead', `/api/tasks?q=${encodeURIComponent('扬帆')}&pageSize=500`);
    expect(text.total).toBeGreaterThan(0);
    for (const task of text.items) expect(`${task.title}${task.description}`).toContain('扬帆');
    const before = await t.get('lead', '/api/tasks?dueBefore=2023-10-31&dueAfter=2023-10-01&pageSize=500');
    for (const task of before.items) expect(task.deadline >= '2023-10-01' && task.deadline <= '2023-10-31').toBe(true);
  });

  it('shows a liaison only the tasks its unit leads or supports', async () => {
    const res = await t.get('liaison', '/api/tasks?pageSize=500');
    expect(codes(res)).toEqual(
      demoTasks
        .filter((x) => involves(x, 'yd'))
        .map((x) => x.code)
        .sort(),
    );
  });

  it("refuses a liaison another unit's task with 403", async () => {
    const other = demoTasks.find((x) => !involves(x, 'yd'))!;
    const res = await t.call('liaison', 'GET', `/api/tasks/${taskIds[other.code]}`);
    expect(res.status).toBe(403);
    expect(res.body.messageZh).toBeTruthy();
    const patch = await t.call('liaison', 'PATCH', `/api/tasks/${taskIds[other.code]}`, { title: 'x' });
    expect(patch.status).toBe(403);
    const status = await t.call('liaison', 'POST', `/api/tasks/${taskIds[other.code]}/status`, {
      status: 'blocked',
      reason: 'x',
    });
    expect(status.status).toBe(403);
  });

  it('lets a lead create and assign a task, and records it in the audit log', async () => {
    const workItems = (await t.get('lead', '/api/plans'))[0];
    const plan = await t.get('lead', `/api/plans/${workItems.id}`);
    const wi = plan.workItems[2];
    const res = await t.call('lead', 'POST', '/api/tasks', {
      workItemId: wi.id,
      title: '推进5G+智慧医疗示范',
      titleEn: '5G + smart health demonstration',
      leadUnitId: unitIds.yd,
      supportingUnitIds: [unitIds.dx],
      startDate: '2023-09-20',
      deadline: '2023-12-29',
      priority: 'high',
      tags: ['医疗'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'assigned',
      leadUnit: { code: 'yd' },
      originalDeadline: '2023-12-29',
      replanned: false,
    });
    expect(res.body.code).toMatch(new RegExp(`^${wi.code}-\\d+$`));
    const mine = await t.get('liaison', `/api/tasks/${res.body.id}`);
    expect(mine.title).toBe('推进5G+智慧医疗示范');
    const audit = await t.get('lead', `/api/tasks/${res.body.id}/audit`);
    expect(
      audit.items.some(
        (a: { action: string; field: string; newValue: string }) =>
          a.action === 'create' && a.field === 'title' && a.newValue === '推进5G+智慧医疗示范',
      ),
    ).toBe(true);
  });

  it('records who changed a field, from what to what', async () => {
    const id = taskIds['W2-4'];
    const res = await t.call('secretariat', 'PATCH', `/api/tasks/${id}`, { priority: 'urgent', ownerName: '张伟' });
    expect(res.status).toBe(200);
    const audit = await t.get('auditor', `/api/audit?entityType=task&entityId=${id}`);
    const entry = audit.items.find((a: { field: string }) => a.field === 'priority');
    expect(entry).toMatchObject({ action: 'update', actorEmail: 'office@tianshui.example.cn', newValue: 'urgent' });
    expect(entry.oldValue).toBe(demoTasks.find((x) => x.code === 'W2-4')!.priority);
  });

  it('assigns an owner account and clears it again', async () => {
    const id = taskIds['W3-3'];
    const lead = await t.get('lead', '/api/auth/me');
    const set = await t.call('lead', 'PATCH', `/api/tasks/${id}`, { ownerId: lead.id });
    expect(set.body.owner).toMatchObject({ id: lead.id });
    const cleared = await t.call('lead', 'PATCH', `/api/tasks/${id}`, { ownerId: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.owner).toBeNull();
    expect((await t.get('lead', `/api/tasks/${id}`)).owner).toBeNull();
  });

  it('refuses an invalid status transition with 409 and says what is allowed', async () => {
    const draft = demoTasks.find((x) => x.status === 'draft')!;
    const res = await t.call('lead', 'POST', `/api/tasks/${taskIds[draft.code]}/status`, { status: 'in_progress' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('invalid_transition');
    expect(res.body.message).toContain('assigned');
    expect((await t.get('lead', `/api/tasks/${taskIds[draft.code]}`)).status).toBe('draft');
    const close = await t.call('lead', 'POST', `/api/tasks/${taskIds['W2-2']}/status`, { status: 'closed' });
    expect(close.status).toBe(409);
    expect(close.body.code).toBe('use_closing_request');
  });

  it("lets a liaison block its own unit's task with a reason, and requires the reason", async () => {
    const id = taskIds['W2-2'];
    const missing = await t.call('liaison', 'POST', `/api/tasks/${id}/status`, { status: 'blocked' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].field).toBe('reason');
    const ok = await t.call('liaison', 'POST', `/api/tasks/${id}/status`, {
      status: 'blocked',
      reason: '铁塔资源协调未完成',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('blocked');
    const back = await t.call('liaison', 'POST', `/api/tasks/${id}/status`, { status: 'in_progress' });
    expect(back.body.status).toBe('in_progress');
    const cancel = await t.call('liaison', 'POST', `/api/tasks/${id}/status`, { status: 'cancelled', reason: 'x' });
    expect(cancel.status).toBe(403);
  });

  it('approves an extension: the new deadline is in force and the old one stays on record', async () => {
    const id = taskIds['W4-4'];
    const before = await t.get('liaison', `/api/tasks/${id}`);
    const req = await t.call('liaison', 'POST', `/api/tasks/${id}/extensions`, {
      requestedDeadline: '2024-12-31',
      reason: '学校暑期施工窗口推迟',
    });
    expect(req.status).toBe(201);
    expect(req.body).toMatchObject({ status: 'pending', previousDeadline: before.deadline });
    const twice = await t.call('liaison', 'POST', `/api/tasks/${id}/extensions`, {
      requestedDeadline: '2025-01-31',
      reason: 'again',
    });
    expect(twice.status).toBe(409);
    const byLiaison = await t.call('liaison', 'POST', `/api/extensions/${req.body.id}/approve`, {});
    expect(byLiaison.status).toBe(403);
    const ok = await t.call('lead', 'POST', `/api/extensions/${req.body.id}/approve`, { note: '同意' });
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('approved');
    const after = await t.get('liaison', `/api/tasks/${id}`);
    expect(after).toMatchObject({ deadline: '2024-12-31', originalDeadline: before.originalDeadline, replanned: true });
    const again = await t.call('lead', 'POST', `/api/extensions/${req.body.id}/refuse`, { reason: 'no' });
    expect(again.status).toBe(409);
  });

  it('refuses an extension asked after the deadline, or to an earlier date', async () => {
    const overdue = await t.get('lead', '/api/tasks?overdue=true&pageSize=1');
    const late = await t.call('secretariat', 'POST', `/api/tasks/${overdue.items[0].id}/extensions`, {
      requestedDeadline: '2024-01-31',
      reason: 'late',
    });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('deadline_passed');
    const earlier = await t.call('secretariat', 'POST', `/api/tasks/${taskIds['W3-3']}/extensions`, {
      requestedDeadline: '2023-10-01',
      reason: 'x',
    });
    expect(earlier.status).toBe(400);
    expect(earlier.body.errors[0].field).toBe('requestedDeadline');
  });

  it("accepts the closing of the demo's task that was submitted before it was loaded", async () => {
    const submitted = demoTasks.find((x) => x.status === 'submitted')!;
    const id = taskIds[submitted.code];
    const pending = await t.get('lead', `/api/tasks/${id}/closing`);
    expect(pending.map((h: { status: string }) => h.status)).toEqual(['pending']);
    const accept = await t.call('lead', 'POST', `/api/tasks/${id}/closing/accept`, { note: '同意办结' });
    expect(accept.status).toBe(200);
    expect((await t.get('lead', `/api/tasks/${id}`)).status).toBe('closed');
  });

  it('closes a task through a closing request a lead accepts, or sends back', async () => {
    const id = taskIds['W2-2'];
    const req = await t.call('liaison', 'POST', `/api/tasks/${id}/closing`, { note: '已完成' });
    expect(req.status).toBe(201);
    expect((await t.get('liaison', `/api/tasks/${id}`)).status).toBe('submitted');
    const bySecretariat = await t.call('secretariat', 'POST', `/api/tasks/${id}/closing/accept`, {});
    expect(bySecretariat.status).toBe(403);
    const back = await t.call('lead', 'POST', `/api/tasks/${id}/closing/return`, { reason: '缺少验收材料' });
    expect(back.status).toBe(200);
    expect((await t.get('liaison', `/api/tasks/${id}`)).status).toBe('in_progress');
    await t.call('liaison', 'POST', `/api/tasks/${id}/closing`, { note: '补充了验收材料' });
    const accept = await t.call('lead', 'POST', `/api/tasks/${id}/closing/accept`, {});
    expect(accept.status).toBe(200);
    const closed = await t.get('lead', `/api/tasks/${id}`);
    expect(closed).toMatchObject({ status: 'closed', progress: 100, closedOn: TODAY, colour: null });
    const edit = await t.call('lead', 'PATCH', `/api/tasks/${id}`, { title: 'changed' });
    expect(edit.status).toBe(409);
    const history = await t.get('lead', `/api/tasks/${id}/closing`);
    expect(history.map((h: { status: string }) => h.status)).toEqual(['accepted', 'returned']);
  });
});

describe('bad input to the tasks API changes nothing', () => {
  let t: TestApp;
  let wi: number;
  let unit: number;
  let taskId: number;

  beforeAll(async () => {
    t = await startApp();
    const plans = await t.get('lead', '/api/plans');
    wi = (await t.get('lead', `/api/plans/${plans[0].id}`)).workItems[0].id;
    unit = (await t.get('lead', '/api/units'))[0].id;
    taskId = (await t.get('lead', '/api/tasks?pageSize=1&sort=code')).items[0].id;
  });
  afterAll(() => t.close());

  const valid = () => ({ workItemId: wi, title: '新任务', leadUnitId: unit, deadline: '2023-12-31' });

  it.each([
    ['an unknown field', { extra: 1 }, 'extra'],
    ['a title of the wrong type', { title: 42 }, 'title'],
    ['a missing title', { title: undefined }, 'title'],
    ['a huge title', { title: '长'.repeat(10_000) }, 'title'],
    ['an impossible date', { deadline: '2023-02-30' }, 'deadline'],
    ['a date in another format', { deadline: '31/12/2023' }, 'deadline'],
    ['a deadline before the start', { startDate: '2024-01-01' }, 'deadline'],
    ['an unknown work item', { workItemId: 999999 }, 'workItemId'],
    ['an unknown lead unit', { leadUnitId: 999999 }, 'leadUnitId'],
    ['an unknown supporting unit', { supportingUnitIds: [999999] }, 'supportingUnitIds'],
    ['the lead unit as a supporting unit', { supportingUnitIds: [-1] }, 'supportingUnitIds'],
    ['an unknown owner', { ownerId: 999999 }, 'ownerId'],
    ['an unknown indicator', { indicatorIds: [999999] }, 'indicatorIds'],
    ['a bad priority', { priority: 'asap' }, 'priority'],
    ['a status other than draft or assigned', { status: 'closed' }, 'status'],
    ['progress over 100', { progress: 101 }, 'progress'],
    ['a fractional progress', { progress: 50.5 }, 'progress'],
    ['working days without a start date', { deadline: undefined, deadlineWorkingDays: 10 }, 'startDate'],
    ['a bad recurrence', { recurrence: { freq: 'daily', day: 1 } }, 'recurrence.freq'],
    ['too many tags', { tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, 'tags'],
  ])('answers %s with 400 naming the field', async (_name, change, field) => {
    const before = (await t.get('lead', '/api/tasks?pageSize=1')).total;
    const body: Record<string, unknown> = { ...valid(), ...change };
    if (Array.isArray(body.supportingUnitIds) && body.supportingUnitIds[0] === -1) body.supportingUnitIds = [unit];
    const res = await t.call('lead', 'POST', '/api/tasks', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(res.body.messageZh).toBeTruthy();
    expect((await t.get('lead', '/api/tasks?pageSize=1')).total).toBe(before);
  });

  it.each([
    ['a non-numeric id', 'GET', '/api/tasks/abc', 400],
    ['an id out of range', 'GET', '/api/tasks/99999999999', 400],
    ['an unknown id', 'GET', '/api/tasks/999999', 404],
    ['an unknown id to patch', 'PATCH', '/api/tasks/999999', 404],
    ['an unknown filter', 'GET', '/api/tasks?colour=green', 400],
    ['a bad page size', 'GET', '/api/tasks?pageSize=100000', 400],
    ['a bad sort', 'GET', '/api/tasks?sort=password', 400],
    ['a bad due date filter', 'GET', '/api/tasks?dueBefore=tomorrow', 400],
    ['an unknown extension', 'POST', '/api/extensions/999999/approve', 404],
  ])('answers %s with a 4xx', async (_name, method, path, status) => {
    const body = method === 'GET' ? undefined : path.includes('extensions') ? {} : { title: 'x' };
    const res = await t.call('lead', method, path, body);
    expect(res.status).toBe(status);
    expect(res.body.code).toBeTruthy();
  });

  it('refuses a PATCH with bad fields and leaves the task as it was', async () => {
    const before = await t.get('lead', `/api/tasks/${taskId}`);
    for (const body of [
      { status: 'closed' },
      { progress: -1 },
      { deadline: '2023-13-01' },
      { leadUnitId: 999999 },
      { title: '' },
    ]) {
      const res = await t.call('lead', 'PATCH', `/api/tasks/${taskId}`, body);
      expect(res.status).toBe(400);
    }
    const after = await t.get('lead', `/api/tasks/${taskId}`);
    expect(after).toEqual(before);
  });
});
