import { demoTasks } from './support/demo';
import { startApp, type TestApp } from './support/app';

// Requests that overlap in time must each see a whole transaction of the other, never half of one.
describe('overlapping requests on one SQLite file', () => {
  let t: TestApp;
  let taskId: number;

  beforeAll(async () => {
    t = await startApp();
    const code = demoTasks.find((x) => x.leadUnit === 'yd' && x.status === 'in_progress')!.code;
    taskId = (await t.get('liaison', `/api/tasks?q=${code}`)).items.find((x: { code: string }) => x.code === code).id;
  });
  afterAll(() => t.close());

  it('takes the same report sent three times at once exactly once', async () => {
    const body = { period: '2023-09', text: '同时提交', percent: 61 };
    const results = await Promise.all(
      [1, 2, 3].map(() => t.call('liaison', 'POST', `/api/tasks/${taskId}/reports`, body)),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    const reports = await t.get('liaison', `/api/tasks/${taskId}/reports`);
    expect(reports.filter((r: { period: string }) => r.period === '2023-09')).toHaveLength(1);
    expect((await t.get('liaison', `/api/tasks/${taskId}`)).progress).toBe(61);
  });

  it('takes one of two different reports filed at once for the same unit and period, and refuses the other', async () => {
    const task = await t.get('liaison', `/api/tasks/${taskId}`);
    const period = '2023-W37';
    const [byLiaison, onBehalf] = await Promise.all([
      t.call('liaison', 'POST', `/api/tasks/${taskId}/reports`, { period, text: '联络员报送', percent: 62 }),
      t.call('secretariat', 'POST', `/api/tasks/${taskId}/reports`, {
        period,
        unitId: task.leadUnit.id,
        text: '专班办公室代报',
        percent: 63,
      }),
    ]);
    expect([byLiaison.status, onBehalf.status].sort()).toEqual([201, 409]);
    const refused = byLiaison.status === 409 ? byLiaison : onBehalf;
    const taken = byLiaison.status === 201 ? byLiaison : onBehalf;
    expect(refused.body).toMatchObject({ code: 'report_exists', errors: [{ field: 'period' }] });
    const reports = await t.get('liaison', `/api/tasks/${taskId}/reports`);
    expect(reports.filter((r: { period: string }) => r.period === period)).toHaveLength(1);
    expect((await t.get('liaison', `/api/tasks/${taskId}`)).progress).toBe(taken.body.percent);
  });

  it('keeps every one of many tasks created at once, with distinct codes', async () => {
    const plan = (await t.get('lead', '/api/plans'))[0];
    const wi = (await t.get('lead', `/api/plans/${plan.id}`)).workItems[0];
    const unit = (await t.get('lead', '/api/units'))[0];
    const before = (await t.get('lead', '/api/tasks?pageSize=1')).total;
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        t.call('secretariat', 'POST', '/api/tasks', {
          workItemId: wi.id,
          title: `并发任务 ${i}`,
          leadUnitId: unit.id,
          deadline: '2023-12-31',
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(new Set(results.map((r) => r.body.code)).size).toBe(12);
    expect((await t.get('lead', '/api/tasks?pageSize=1')).total).toBe(before + 12);
  });

  it('answers reads while writes are in flight', async () => {
    const writes = Array.from({ length: 5 }, (_, i) =>
      t.call('secretariat', 'PATCH', `/api/tasks/${taskId}`, { ownerName: `负责人${i}` }),
    );
    const reads = Array.from({ length: 10 }, () => t.call('viewer', 'GET', '/api/dashboard'));
    const all = await Promise.all([...writes, ...reads]);
    expect(all.map((r) => r.status)).toEqual(Array(15).fill(200));
  });
});
