import { demo, demoTasks, involves } from './support/demo';
import { startApp, type TestApp } from './support/app';

const TODAY = '2023-09-20';
const OPEN = ['assigned', 'in_progress', 'blocked'];
/** The tasks every figure counts: sub-tasks included, drafts left out. */
const counted = demoTasks.filter((x) => x.status !== 'draft');

describe('dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp({ today: TODAY });
  });
  afterAll(() => t.close());

  it('counts tasks per work item by status, sub-tasks included and drafts left out, overdue tasks traceable', async () => {
    const d = await t.get('viewer', '/api/dashboard');
    expect(d.asOf).toBe(TODAY);
    expect(d.countingRule.zh).toContain('含子任务');
    expect(d.workItems.map((w: { code: string }) => w.code)).toEqual(demo.workItems.map((w) => w.code));
    for (const wi of d.workItems) {
      const mine = counted.filter((x) => x.workItem === wi.code);
      expect(wi.tasks).toBe(mine.length);
      for (const status of new Set(mine.map((x) => x.status))) {
        expect(wi.byStatus[status]).toBe(mine.filter((x) => x.status === status).length);
      }
      const overdue = mine.filter((x) => OPEN.includes(x.status) && x.deadline !== null && x.deadline < TODAY);
      expect(wi.overdue).toBe(overdue.length);
      expect(wi.byColour.red).toBe(overdue.length);
      const live = mine.filter((x) => x.status !== 'cancelled');
      const mean = Math.round((live.reduce((a, x) => a + x.progress, 0) / live.length) * 10) / 10;
      expect(wi.meanProgress).toBe(mean);
      for (const id of wi.overdueTaskIds) {
        const task = await t.get('viewer', `/api/tasks/${id}`);
        expect(task).toMatchObject({ overdue: true, workItem: { code: wi.code } });
      }
    }
    expect(d.totals.tasks).toBe(counted.length);
  });

  it('shows the headline indicators with achievement against pro-rata', async () => {
    const d = await t.get('lead', '/api/dashboard');
    expect(d.indicators.map((i: { code: string }) => i.code).sort()).toEqual(
      demo.indicators
        .filter((i) => i.headline)
        .map((i) => i.code)
        .sort(),
    );
    const stations = d.indicators.find((i: { code: string }) => i.code === 'bs-new-2023');
    expect(stations.metrics.achievementPercent).toBeGreaterThan(100);
  });

  it('ranks units by what they lead: open, overdue, on-time closing', async () => {
    const d = await t.get('lead', '/api/dashboard');
    const gxj = d.units.find((u: { code: string }) => u.code === 'gxj');
    const led = counted.filter((x) => x.leadUnit === 'gxj');
    expect(gxj.lead).toBe(led.length);
    expect(gxj.overdue).toBe(
      led.filter((x) => OPEN.includes(x.status) && x.deadline !== null && x.deadline < TODAY).length,
    );
    expect(gxj.closed).toBe(led.filter((x) => x.status === 'closed').length);
    expect(gxj.onTimeClosingRate).toBe(100);
  });

  it("gives a liaison its own unit's share only", async () => {
    const d = await t.get('liaison', '/api/dashboard');
    expect(d.units.map((u: { code: string }) => u.code)).toEqual(['yd']);
    expect(d.totals.tasks).toBe(counted.filter((x) => involves(x, 'yd')).length);
  });

  it('lists the longest overdue tasks, at most `top`, with their total, as the task list orders them', async () => {
    for (const who of ['lead', 'liaison']) {
      const d = await t.get(who, '/api/dashboard');
      const list = await t.get(who, '/api/tasks?overdue=true&sort=deadline&pageSize=500');
      expect(d.topOverdue.total).toBe(d.totals.overdue);
      expect(d.topOverdue.total).toBe(list.total);
      expect(d.topOverdue.items.map((x: any) => x.code)).toEqual(list.items.slice(0, 10).map((x: any) => x.code));
      for (const item of d.topOverdue.items) {
        const task = list.items.find((x: any) => x.id === item.id);
        expect(item).toEqual({
          id: task.id,
          code: task.code,
          title: task.title,
          titleEn: task.titleEn,
          status: task.status,
          deadline: task.deadline,
          progress: task.progress,
          colour: task.colour,
          workingDaysLeft: task.workingDaysLeft,
          leadUnit: {
            id: task.leadUnit.id,
            code: task.leadUnit.code,
            name: task.leadUnit.name,
            nameEn: task.leadUnit.nameEn,
          },
        });
      }
      const two = await t.get(who, '/api/dashboard?top=2');
      expect(two.topOverdue.items).toEqual(d.topOverdue.items.slice(0, 2));
      expect(two.topOverdue.total).toBe(d.topOverdue.total);
    }
    for (const top of ['0', '51', 'abc']) {
      const res = await t.call('lead', 'GET', `/api/dashboard?top=${top}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('top');
    }
  });

  it('counts a change at once, whoever reads next (the answer is kept only while nothing is written)', async () => {
    const before = await t.get('lead', '/api/dashboard');
    expect(await t.get('lead', '/api/dashboard')).toEqual(before);
    const open = (await t.get('lead', '/api/tasks?status=in_progress&topLevel=true&pageSize=1')).items[0];
    const res = await t.call('lead', 'POST', `/api/tasks/${open.id}/status`, { status: 'blocked', reason: '等待协调' });
    expect(res.status).toBe(200);
    for (const who of ['lead', 'viewer']) {
      const after = await t.get(who, '/api/dashboard');
      expect(after.totals.byStatus.blocked).toBe(before.totals.byStatus.blocked + 1);
      expect(after.totals.byStatus.in_progress).toBe(before.totals.byStatus.in_progress - 1);
    }
    expect((await t.call('lead', 'POST', `/api/tasks/${open.id}/status`, { status: 'in_progress' })).status).toBe(200);
    expect((await t.get('lead', '/api/dashboard')).totals).toEqual(before.totals);
  });

  it('answers an unknown plan with 404 and a bad plan id with 400', async () => {
    expect((await t.call('lead', 'GET', '/api/dashboard?planId=99999')).status).toBe(404);
    expect((await t.call('lead', 'GET', '/api/dashboard?planId=abc')).status).toBe(400);
  });
});
