import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { zonedTime } from '../src/common/clock.service';
import { IndicatorValue } from '../src/indicators/indicator-value.entity';
import { Indicator } from '../src/indicators/indicator.entity';
import { ProgressReport } from '../src/reports/progress-report.entity';
import { Task } from '../src/tasks/task.entity';
import { startApp, tempDir, type TestApp } from './support/app';
import { freshDatabase } from './support/database';

// Expectations come from the demo plan file itself, so they follow it when it changes.
const DEMO = JSON.parse(readFileSync(join(__dirname, '../config/demo-plan.json'), 'utf8'));
const DEMO_TASKS: any[] = DEMO.tasks.flatMap((t: any) => [t, ...(t.subtasks ?? [])]);

async function demoPlanId(t: TestApp): Promise<number> {
  const plans = await t.get('viewer', '/api/plans');
  return plans.find((p: any) => p.code === DEMO.plan.code).id;
}

function taskTotal(plan: { workItems: { taskCount: number }[] }): number {
  return plan.workItems.reduce((n, w) => n + w.taskCount, 0);
}

describe('the demo plan', () => {
  let t: TestApp;
  let db: DataSource;
  let planId: number;
  beforeAll(async () => {
    t = await startApp();
    db = t.app.get(DataSource);
    planId = await demoPlanId(t);
  });
  afterAll(() => t.close());

  it('loads its work items in order, each with its number of tasks', async () => {
    const plan = await t.get('liaison', `/api/plans/${planId}`);
    expect(plan.title).toBe(DEMO.plan.title);
    const expected = [...DEMO.workItems].sort((a: any, b: any) => a.seq - b.seq);
    expect(plan.workItems.map((w: any) => w.title)).toEqual(expected.map((w: any) => w.title));
    expect(plan.workItems[0].title).toBe('完善推进机制');
    for (const w of plan.workItems) {
      expect(w.taskCount).toBe(DEMO_TASKS.filter((task) => (task.workItem ?? '') === w.code).length);
    }
    expect(taskTotal(plan)).toBe(DEMO_TASKS.length);
  });

  it('loads every unit, indicator, value and report of the file', async () => {
    const units = await t.get('admin', '/api/units');
    expect(units.map((u: any) => u.code).sort()).toEqual(DEMO.units.map((u: any) => u.code).sort());
    const values = db.getRepository(IndicatorValue);
    expect(await db.getRepository(Indicator).count()).toBe(DEMO.indicators.length);
    expect(await db.getRepository(Task).count()).toBe(DEMO_TASKS.length);
    expect(await db.getRepository(ProgressReport).count()).toBe(DEMO.reports.length);
    const fileValues = DEMO.indicators.reduce((n: number, i: any) => n + i.values.length, 0);
    const reportValues = DEMO.reports.reduce((n: number, r: any) => n + r.indicatorValues.length, 0);
    expect(await values.count({ where: { source: Not('report') } })).toBe(fileValues);
    expect(await values.count({ where: { source: 'report', reportId: Not(IsNull()) } })).toBe(reportValues);
    expect(await values.count({ where: { source: 'demo' as never } })).toBe(0);
    const rowsIn = async (table: string) =>
      Number((await db.createQueryBuilder().select('COUNT(*)', 'n').from(table, 'x').getRawOne()).n);
    const links = DEMO_TASKS.reduce((n, task) => n + task.supportingUnits.length, 0);
    expect(await rowsIn('task_supporting_unit')).toBe(links);
    const indicatorLinks = DEMO_TASKS.reduce((n, task) => n + task.indicators.length, 0);
    expect(await rowsIn('task_indicator')).toBe(indicatorLinks);
  });

  it('signs in every user of the file', async () => {
    for (const u of DEMO.users) await expect(t.login(u.email, u.password)).resolves.toEqual(expect.any(String));
  });

  it('counts a deadline in working days from the start date and keeps it as the original deadline', async () => {
    const calendar = t.app.get(WorkingDaysService);
    const inDays = DEMO_TASKS.filter((task) => task.deadlineWorkingDays);
    expect(inDays.length).toBeGreaterThan(0);
    for (const task of inDays) {
      const row = await db.getRepository(Task).findOneOrFail({
        select: { deadline: true, originalDeadline: true, deadlineWorkingDays: true },
        where: { code: task.code },
      });
      const expected = calendar.addWorkingDays(task.startDate, task.deadlineWorkingDays);
      expect({ ...row }).toEqual({
        deadline: expected,
        originalDeadline: expected,
        deadlineWorkingDays: task.deadlineWorkingDays,
      });
    }
  });

  it('links subtasks to their parents and keeps recurrence, source and quote', async () => {
    const all = await db.getRepository(Task).find({ select: { id: true, code: true, parentId: true } });
    const codeOf = new Map(all.map((x) => [x.id, x.code]));
    const rows = all
      .filter((c) => c.parentId !== null)
      .map((c) => ({ code: c.code, parent: codeOf.get(c.parentId as number) }))
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    const expected = DEMO.tasks.flatMap((p: any) =>
      (p.subtasks ?? []).map((c: any) => ({ code: c.code, parent: p.code })),
    );
    expect(rows).toEqual(expected.sort((a: any, b: any) => a.code.localeCompare(b.code)));
    const recurring = DEMO_TASKS.find((task) => task.recurrence);
    const row = await db.getRepository(Task).findOneByOrFail({ code: recurring.code });
    expect(row.recurrence).toEqual(recurring.recurrence);
    expect(row.source).toBe(recurring.source);
    expect(row.sourceQuote).toBe(recurring.quote);
  });

  it('gives closed tasks a closing time no later than their deadline, at 17:00 in Shanghai', async () => {
    const closed = await db.getRepository(Task).find({
      select: { code: true, deadline: true, closedOn: true, closedAt: true },
      where: { status: 'closed' },
    });
    expect(closed.map((r: any) => r.code).sort()).toEqual(
      DEMO_TASKS.filter((task) => task.status === 'closed')
        .map((task) => task.code)
        .sort(),
    );
    for (const r of closed) {
      expect((r.closedOn as string) <= r.deadline).toBe(true);
      expect((r.closedOn as string) <= '2023-09-20').toBe(true);
      expect((r.closedAt as Date).toISOString()).toBe(
        zonedTime(r.closedOn as string, '17:00', 'Asia/Shanghai').toISOString(),
      );
    }
    const open = await db.getRepository(Task).count({ where: { status: Not('closed'), closedOn: Not(IsNull()) } });
    expect(open).toBe(0);
  });

  it('files the reports as accepted, at 10:00 on their day, with their indicator values', async () => {
    const reports = await db.getRepository(ProgressReport).find({ relations: { task: true } });
    for (const r of reports) {
      expect(r.status).toBe('accepted');
      expect(r.filedAt.toISOString()).toBe(zonedTime(r.filedOn, '10:00', 'Asia/Shanghai').toISOString());
    }
    const withValues = DEMO.reports.find((r: any) => r.indicatorValues.length);
    const report = reports.filter((r) => r.task.code === withValues.task && r.period === withValues.period);
    const indicatorCode = new Map((await db.getRepository(Indicator).find()).map((i) => [i.id, i.code]));
    const values = (
      await db.getRepository(IndicatorValue).find({
        where: { reportId: In(report.map((r) => r.id)), source: 'report' },
      })
    ).map((v) => ({ code: indicatorCode.get(v.indicatorId), value: Number(v.value), observedOn: v.observedOn }));
    expect(values.map((v: any) => ({ indicator: v.code, value: v.value }))).toEqual(
      expect.arrayContaining(withValues.indicatorValues),
    );
    expect(values.every((v: any) => v.observedOn === withValues.filedOn)).toBe(true);
  });

  it('records the load once in the audit log, naming the file', async () => {
    const audit = (await t.call('lead', 'GET', `/api/audit?entityType=plan&entityId=${planId}`)).body;
    expect(audit.items).toEqual([
      expect.objectContaining({ action: 'plan.load', field: 'file', newValue: t.config.demo.planFile }),
    ]);
  });
});

describe('a restart on the same database', () => {
  const dir = tempDir();

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the data and does not load the demo plan twice', async () => {
    const database = await freshDatabase(dir);
    const first = await startApp({ database });
    const id = await demoPlanId(first);
    const before = taskTotal(await first.get('viewer', `/api/plans/${id}`));
    await first.call('lead', 'POST', '/api/plans', { code: 'kept', title: '重启后仍在' });
    await first.close();

    const second = await startApp({ database });
    try {
      const plans = await second.get('viewer', '/api/plans');
      expect(plans.map((p: any) => p.code).sort()).toEqual([DEMO.plan.code, 'kept'].sort());
      expect(taskTotal(await second.get('viewer', `/api/plans/${id}`))).toBe(before);
      expect(before).toBe(DEMO_TASKS.length);
      const loads = await second.app
        .get(DataSource)
        .query(`SELECT COUNT(*) n FROM audit_entry WHERE action = 'plan.load'`);
      expect(Number(loads[0].n)).toBe(1);
    } finally {
      await second.close();
    }
  });
});

describe('plans and work items', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const countPlans = async () => (await t.get('viewer', '/api/plans')).length;
  const countWorkItems = async () => (await t.get('viewer', '/api/work-items')).length;

  it('lets a lead create a plan, audited, and refuses other roles', async () => {
    const res = await t.call('lead', 'POST', '/api/plans', {
      code: 'gov-2024',
      title: '数字政府工作计划',
      startDate: '2024-01-01',
      endDate: '2024-12-31',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'gov-2024', title: '数字政府工作计划', source: 'user' });
    const audit = (await t.call('lead', 'GET', `/api/audit?entityType=plan&entityId=${res.body.id}`)).body;
    expect(audit.items.map((a: any) => a.field).sort()).toEqual(
      ['code', 'description', 'endDate', 'startDate', 'title'].sort(),
    );
    expect(audit.items.every((a: any) => a.action === 'create' && a.actorEmail === 'lead@tianshui.example.cn')).toBe(
      true,
    );
    for (const who of ['secretariat', 'liaison', 'viewer', 'admin']) {
      const refused = await t.call(who, 'POST', '/api/plans', { code: `by-${who}`, title: 'x' });
      expect(refused.status).toBe(403);
    }
  });

  it('refuses a plan code that exists with 409', async () => {
    const before = await countPlans();
    const res = await t.call('lead', 'POST', '/api/plans', { code: DEMO.plan.code, title: '重复' });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('duplicate_code');
    expect(await countPlans()).toBe(before);
  });

  it('lets the secretariat edit a plan, auditing what changed, and refuses liaisons and viewers', async () => {
    const id = (await t.get('viewer', '/api/plans')).find((p: any) => p.code === 'gov-2024').id;
    const res = await t.call('secretariat', 'PATCH', `/api/plans/${id}`, { title: '数字政府建设工作计划' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: 'gov-2024', title: '数字政府建设工作计划', startDate: '2024-01-01' });
    const audit = (await t.call('lead', 'GET', `/api/audit?entityType=plan&entityId=${id}`)).body;
    expect(audit.items[0]).toMatchObject({
      action: 'update',
      field: 'title',
      oldValue: '数字政府工作计划',
      newValue: '数字政府建设工作计划',
    });
    for (const who of ['liaison', 'viewer']) {
      expect((await t.call(who, 'PATCH', `/api/plans/${id}`, { title: 'x' })).status).toBe(403);
    }
    expect((await t.call('lead', 'PATCH', `/api/plans/${id}`, { endDate: '2023-12-31' })).status).toBe(400);
    expect((await t.call('lead', 'PATCH', '/api/plans/99999', { title: 'x' })).status).toBe(404);
    expect((await t.get('viewer', `/api/plans/${id}`)).title).toBe('数字政府建设工作计划');
  });

  it('adds work items in order, with codes unique within a plan', async () => {
    const planId = (await t.get('viewer', '/api/plans')).find((p: any) => p.code === 'gov-2024').id;
    const first = await t.call('secretariat', 'POST', '/api/work-items', { planId, code: 'W1', title: '整合数据' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ planId, code: 'W1', seq: 1 });
    const second = await t.call('lead', 'POST', '/api/work-items', { planId, code: 'W2', title: '掌上办理' });
    expect(second.body.seq).toBe(2);
    const dup = await t.call('lead', 'POST', '/api/work-items', { planId, code: 'W2', title: '重复' });
    expect(dup.status).toBe(409);
    for (const who of ['liaison', 'viewer']) {
      expect((await t.call(who, 'POST', '/api/work-items', { planId, code: 'W9', title: 'x' })).status).toBe(403);
    }
    const list = await t.get('liaison', `/api/work-items?planId=${planId}`);
    expect(list.map((w: any) => [w.code, w.seq, w.taskCount])).toEqual([
      ['W1', 1, 0],
      ['W2', 2, 0],
    ]);
    const plan = await t.get('viewer', `/api/plans/${planId}`);
    expect(plan.workItems.map((w: any) => w.code)).toEqual(['W1', 'W2']);

    const edit = await t.call('secretariat', 'PATCH', `/api/work-items/${first.body.id}`, {
      seq: 3,
      title: '整合数据资源',
    });
    expect(edit.status).toBe(200);
    expect((await t.get('viewer', `/api/plans/${planId}`)).workItems.map((w: any) => w.code)).toEqual(['W2', 'W1']);
    const audit = (await t.call('lead', 'GET', `/api/audit?entityType=work_item&entityId=${first.body.id}`)).body;
    expect(
      audit.items
        .filter((a: any) => a.action === 'update')
        .map((a: any) => a.field)
        .sort(),
    ).toEqual(['seq', 'title']);
    expect((await t.call('secretariat', 'PATCH', `/api/work-items/${first.body.id}`, { code: 'W2' })).status).toBe(409);
    expect((await t.call('liaison', 'PATCH', `/api/work-items/${first.body.id}`, { title: 'x' })).status).toBe(403);
    expect((await t.get('viewer', `/api/work-items/${first.body.id}`)).title).toBe('整合数据资源');
    expect((await t.call('viewer', 'GET', '/api/work-items/99999')).status).toBe(404);
  });

  it('counts the tasks of a demo work item', async () => {
    const planId = await demoPlanId(t);
    const items = await t.get('viewer', `/api/work-items?planId=${planId}`);
    const w1 = await t.get('viewer', `/api/work-items/${items[0].id}`);
    expect(w1.taskCount).toBe(DEMO_TASKS.filter((task) => task.workItem === w1.code).length);
  });

  const longTitle = '长'.repeat(10_000);
  const planCases: [string, Record<string, unknown>, string][] = [
    ['an unknown field', { code: 'p-x', title: 't', colour: 'red' }, 'colour'],
    ['a title of the wrong type', { code: 'p-x', title: 123 }, 'title'],
    ['a missing title', { code: 'p-x' }, 'title'],
    ['a 10,000-character title', { code: 'p-x', title: longTitle }, 'title'],
    ['an impossible date', { code: 'p-x', title: 't', startDate: '2023-02-30' }, 'startDate'],
    ['an end before the start', { code: 'p-x', title: 't', startDate: '2024-01-01', endDate: '2023-12-31' }, 'endDate'],
    ['a code with spaces', { code: 'p x', title: 't' }, 'code'],
  ];

  it.each(planCases)('refuses a plan with %s, naming the field, and creates nothing', async (_n, body, field) => {
    const before = await countPlans();
    const res = await t.call('lead', 'POST', '/api/plans', body);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: any) => e.field)).toContain(field);
    expect(await countPlans()).toBe(before);
  });

  const workItemCases: [string, Record<string, unknown>, string][] = [
    ['an unknown field', { code: 'X1', title: 't', colour: 'red' }, 'colour'],
    ['a title of the wrong type', { code: 'X1', title: ['t'] }, 'title'],
    ['a missing title', { code: 'X1' }, 'title'],
    ['a 10,000-character title', { code: 'X1', title: longTitle }, 'title'],
    ['an unknown planId', { planId: 99999, code: 'X1', title: 't' }, 'planId'],
    ['a planId of the wrong type', { planId: '1', code: 'X1', title: 't' }, 'planId'],
    ['a seq of zero', { code: 'X1', title: 't', seq: 0 }, 'seq'],
  ];

  it.each(workItemCases)(
    'refuses a work item with %s, naming the field, and creates nothing',
    async (_n, body, field) => {
      const planId = await demoPlanId(t);
      const before = await countWorkItems();
      const res = await t.call('secretariat', 'POST', '/api/work-items', { planId, ...body });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: any) => e.field)).toContain(field);
      expect(await countWorkItems()).toBe(before);
    },
  );

  it('refuses a null title on PATCH and a non-numeric id in the path, naming the field', async () => {
    const planId = await demoPlanId(t);
    const nullTitle = await t.call('lead', 'PATCH', `/api/plans/${planId}`, { title: null });
    expect(nullTitle.status).toBe(400);
    expect(nullTitle.body.errors[0].field).toBe('title');
    expect((await t.get('viewer', `/api/plans/${planId}`)).title).toBe(DEMO.plan.title);
    for (const [method, path] of [
      ['GET', '/api/plans/abc'],
      ['PATCH', '/api/plans/1.5'],
      ['GET', '/api/work-items/abc'],
      ['PATCH', '/api/work-items/-1'],
      ['GET', '/api/work-items?planId=abc'],
    ]) {
      const res = await t.call('lead', method, path, method === 'PATCH' ? { title: 'x' } : undefined);
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe(path.includes('planId') ? 'planId' : 'id');
    }
    expect((await t.call('lead', 'GET', '/api/work-items?planId=99999')).status).toBe(400);
  });
});
