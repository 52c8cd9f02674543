// Progress reports over real HTTP on the demo plan (today 2023-09-20): filing by the lead and supporting units,
// review by the secretariat, who may file and read what, and bad input refused without changing anything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApp, type TestApp } from './support/app';

interface DemoTask {
  code: string;
  leadUnit: string;
  supportingUnits: string[];
  status: string;
  indicators: string[];
  subtasks?: DemoTask[];
}

interface DemoIndicator {
  code: string;
  baselineDate: string;
  workItem: string | null;
}

const demo = JSON.parse(readFileSync(join(__dirname, '..', 'config', 'demo-plan.json'), 'utf8')) as {
  tasks: DemoTask[];
  indicators: DemoIndicator[];
};
const TODAY = '2023-09-20';
const PERIOD = '2023-09';
const OPEN = ['assigned', 'in_progress', 'blocked'];

function flatten(tasks: DemoTask[]): DemoTask[] {
  return tasks.flatMap((t) => [t, ...flatten(t.subtasks ?? [])]);
}
const demoTasks = flatten(demo.tasks);

function pickTask(what: string, test: (t: DemoTask) => boolean): DemoTask {
  const found = demoTasks.find(test);
  if (!found) throw new Error(`the demo plan has no ${what}`);
  return found;
}

const involves = (t: DemoTask, unit: string) => t.leadUnit === unit || t.supportingUnits.includes(unit);

async function taskId(t: TestApp, code: string): Promise<number> {
  const page = await t.get('secretariat', `/api/tasks?q=${encodeURIComponent(code)}&pageSize=500`);
  const task = page.items.find((i: { code: string }) => i.code === code);
  if (!task) throw new Error(`task ${code} not found`);
  return task.id;
}

async function unitId(t: TestApp, code: string): Promise<number> {
  const units = await t.get('secretariat', '/api/units');
  const unit = units.find((u: { code: string }) => u.code === code);
  if (!unit) throw new Error(`unit ${code} not found`);
  return unit.id;
}

async function indicatorId(t: TestApp, code: string): Promise<number> {
  const list = await t.get('secretariat', '/api/indicators');
  const indicator = list.find((i: { code: string }) => i.code === code);
  if (!indicator) throw new Error(`indicator ${code} not found`);
  return indicator.id;
}

async function progressOf(t: TestApp, id: number): Promise<number> {
  return (await t.get('secretariat', `/api/tasks/${id}`)).progress;
}

async function reportCount(t: TestApp, id: number): Promise<number> {
  return (await t.get('secretariat', `/api/reports?taskId=${id}`)).total;
}

async function auditOf(t: TestApp, id: number) {
  return (await t.get('secretariat', `/api/tasks/${id}/audit`)).items as {
    action: string;
    field: string | null;
    oldValue: string | null;
    newValue: string | null;
  }[];
}

const fields = (body: { errors?: { field: string }[] }) => (body.errors ?? []).map((e) => e.field);

/**
 * A task 天水移动 ('yd') leads, still open, linked to an indicator whose values can be observed today. The demo
 * plan links no indicator to yd's tasks, so one of the plan's indicators is linked through the API when needed.
 */
async function ydTaskWithIndicator(t: TestApp): Promise<{ taskId: number; indicatorId: number; code: string }> {
  const observable = (code: string) => demo.indicators.find((i) => i.code === code && i.baselineDate <= TODAY);
  const linked = demoTasks.find(
    (task) => task.leadUnit === 'yd' && OPEN.includes(task.status) && task.indicators.some(observable),
  );
  if (linked) {
    return {
      taskId: await taskId(t, linked.code),
      indicatorId: await indicatorId(t, linked.indicators.find(observable) as string),
      code: linked.code,
    };
  }
  const task = pickTask('open task led by yd', (x) => x.leadUnit === 'yd' && OPEN.includes(x.status));
  const indicator = demo.indicators.find((i) => i.baselineDate <= TODAY) as DemoIndicator;
  const id = await taskId(t, task.code);
  const current = (await t.get('secretariat', `/api/tasks/${id}`)).indicators.map((i: { id: number }) => i.id);
  const iid = await indicatorId(t, indicator.code);
  const res = await t.call('secretariat', 'PATCH', `/api/tasks/${id}`, { indicatorIds: [...current, iid] });
  expect(res.status).toBe(200);
  return { taskId: id, indicatorId: iid, code: task.code };
}

describe('filing and reviewing a report of the lead unit', () => {
  let t: TestApp;
  let task: { taskId: number; indicatorId: number; code: string };
  let before: number;
  let firstId: number;
  const percent = (p: number) => Math.min(100, p + 10);

  beforeAll(async () => {
    t = await startApp();
    task = await ydTaskWithIndicator(t);
    before = await progressOf(t, task.taskId);
  });
  afterAll(() => t.close());

  it("a liaison of the lead unit files a report that moves the task's progress and the indicator's latest value", async () => {
    const res = await t.call('liaison', 'POST', `/api/tasks/${task.taskId}/reports`, {
      period: PERIOD,
      text: '完成9月站点建设,新增开通基站。',
      percent: percent(before),
      problems: '部分站点电力配套未落实。',
      nextSteps: '10月底前完成剩余站点。',
      needsCoordination: true,
      indicatorValues: [{ indicatorId: task.indicatorId, value: 987654 }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      task: { id: task.taskId, code: task.code },
      unit: { code: 'yd', name: '天水移动' },
      fromLeadUnit: true,
      period: PERIOD,
      percent: percent(before),
      progressBefore: before,
      needsCoordination: true,
      status: 'submitted',
      resubmissionOfId: null,
      filedOn: TODAY,
      late: false,
      filedBy: { displayName: expect.any(String) },
    });
    expect(res.body.indicatorValues).toEqual([
      expect.objectContaining({ indicatorId: task.indicatorId, value: 987654, observedOn: TODAY, voided: false }),
    ]);
    firstId = res.body.id;

    expect(await progressOf(t, task.taskId)).toBe(percent(before));
    const values = await t.get('secretariat', `/api/indicators/${task.indicatorId}/values`);
    expect(values[0]).toMatchObject({ value: 987654, observedOn: TODAY, source: 'report', report: { id: firstId } });
    const indicator = await t.get('viewer', `/api/indicators/${task.indicatorId}`);
    expect(indicator.metrics).toMatchObject({ latestValue: 987654, latestOn: TODAY });
  });

  it("records the progress change in the task's audit trail, from and to", async () => {
    const entry = (await auditOf(t, task.taskId)).find((e) => e.action === 'report.progress' && e.field === 'progress');
    expect(entry).toMatchObject({ oldValue: String(before), newValue: String(percent(before)) });
  });

  it('lists the task’s reports newest first with the unit, the filer and the indicator values', async () => {
    const list = await t.get('liaison', `/api/tasks/${task.taskId}/reports`);
    expect(list[0]).toMatchObject({ id: firstId, unit: { code: 'yd' }, indicatorValues: [{ value: 987654 }] });
    for (let i = 1; i < list.length; i++) expect(list[i - 1].filedAt >= list[i].filedAt).toBe(true);
    const one = await t.get('liaison', `/api/reports/${firstId}`);
    expect(one).toMatchObject({ id: firstId, status: 'submitted' });
  });

  it('refuses a second report of the same unit for the same period while the first awaits review', async () => {
    const res = await t.call('liaison', 'POST', `/api/tasks/${task.taskId}/reports`, {
      period: PERIOD,
      text: '重复报送',
      percent: 90,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('report_exists');
    expect(await progressOf(t, task.taskId)).toBe(percent(before));
  });

  it('lets only the secretariat or a lead review a report', async () => {
    const res = await t.call('liaison', 'POST', `/api/reports/${firstId}/accept`, {});
    expect(res.status).toBe(403);
  });

  it('refuses to send a report back without a reason', async () => {
    const res = await t.call('secretariat', 'POST', `/api/reports/${firstId}/return`, {});
    expect(res.status).toBe(400);
    expect(fields(res.body)).toContain('reason');
  });

  it("sends a report back: the task's progress goes back and the report's indicator value is voided", async () => {
    const res = await t.call('secretariat', 'POST', `/api/reports/${firstId}/return`, {
      reason: '基站数与铁塔公司台账不一致,请核实后重报。',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'returned',
      reviewReason: '基站数与铁塔公司台账不一致,请核实后重报。',
      reviewedBy: { displayName: expect.any(String) },
    });
    expect(res.body.indicatorValues[0].voided).toBe(true);

    expect(await progressOf(t, task.taskId)).toBe(before);
    const counted = await t.get('secretariat', `/api/indicators/${task.indicatorId}/values`);
    expect(counted.some((v: { report: { id: number } | null }) => v.report?.id === firstId)).toBe(false);
    const all = await t.get('secretariat', `/api/indicators/${task.indicatorId}/values?includeVoided=true`);
    expect(all.find((v: { report: { id: number } | null }) => v.report?.id === firstId)).toMatchObject({
      value: 987654,
      voided: true,
    });
    const indicator = await t.get('secretariat', `/api/indicators/${task.indicatorId}`);
    expect(indicator.metrics.latestValue).not.toBe(987654);

    const entry = (await auditOf(t, task.taskId)).find((e) => e.action === 'report.returned');
    expect(entry).toMatchObject({ field: 'progress', oldValue: String(percent(before)), newValue: String(before) });
  });

  it('refuses to review a report twice', async () => {
    for (const [action, body] of [
      ['return', { reason: '再次退办' }],
      ['accept', {}],
    ] as const) {
      const res = await t.call('secretariat', 'POST', `/api/reports/${firstId}/${action}`, body);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('already_reviewed');
    }
  });

  it('takes the re-filed report as a resubmission of the one sent back, and the secretariat accepts it', async () => {
    const res = await t.call('liaison', 'POST', `/api/tasks/${task.taskId}/reports`, {
      period: PERIOD,
      text: '核实后重报:完成9月站点建设。',
      percent: percent(before),
      indicatorValues: [{ indicatorId: task.indicatorId, value: 987000 }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ resubmissionOfId: firstId, status: 'submitted', progressBefore: before });
    const secondId = res.body.id;
    expect(await progressOf(t, task.taskId)).toBe(percent(before));

    const accepted = await t.call('secretariat', 'POST', `/api/reports/${secondId}/accept`, { note: '数据已核实' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ status: 'accepted', reviewReason: '数据已核实' });
    expect(await progressOf(t, task.taskId)).toBe(percent(before));
    const values = await t.get('secretariat', `/api/indicators/${task.indicatorId}/values`);
    expect(values[0]).toMatchObject({ value: 987000, report: { id: secondId, status: 'accepted' } });

    const again = await t.call('secretariat', 'POST', `/api/reports/${secondId}/accept`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_reviewed');

    // an accepted report stands: the period is reported
    const more = await t.call('liaison', 'POST', `/api/tasks/${task.taskId}/reports`, {
      period: PERIOD,
      text: '补充',
      percent: 99,
    });
    expect(more.status).toBe(409);
    expect(more.body.code).toBe('report_exists');
  });

  it('filters the list of reports by status, period and the coordination flag', async () => {
    const returned = await t.get('secretariat', `/api/reports?taskId=${task.taskId}&status=returned`);
    expect(returned.items.map((r: { id: number }) => r.id)).toEqual([firstId]);
    const flagged = await t.get('secretariat', `/api/reports?period=${PERIOD}&needsCoordination=true`);
    expect(flagged.items.map((r: { id: number }) => r.id)).toContain(firstId);
    expect(flagged.items.every((r: { needsCoordination: boolean }) => r.needsCoordination)).toBe(true);
    const bad = await t.call('secretariat', 'GET', '/api/reports?status=lost');
    expect(bad.status).toBe(400);
    expect(fields(bad.body)).toEqual(['status']);
  });
});

describe("a supporting unit's report", () => {
  let t: TestApp;
  let id: number;
  let leadUnitId: number;
  let otherSupporterId: number;
  const task = pickTask(
    'open task yd supports with another supporting unit',
    (x) =>
      x.leadUnit !== 'yd' &&
      x.supportingUnits.includes('yd') &&
      x.supportingUnits.length > 1 &&
      OPEN.includes(x.status),
  );

  beforeAll(async () => {
    t = await startApp();
    id = await taskId(t, task.code);
    leadUnitId = await unitId(t, task.leadUnit);
    otherSupporterId = await unitId(t, task.supportingUnits.find((u) => u !== 'yd') as string);
  });
  afterAll(() => t.close());

  it("contributes but does not move the task's progress", async () => {
    const progress = await progressOf(t, id);
    const res = await t.call('liaison', 'POST', `/api/tasks/${id}/reports`, {
      period: PERIOD,
      text: '配合完成站点勘察。',
      percent: progress === 100 ? 50 : 100,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ unit: { code: 'yd' }, fromLeadUnit: false, progressBefore: null });
    expect(await progressOf(t, id)).toBe(progress);
    expect((await auditOf(t, id)).some((e) => e.action === 'report.progress')).toBe(false);
  });

  it("is filed by the secretariat on a unit's behalf only with a unit of the task", async () => {
    const missing = await t.call('secretariat', 'POST', `/api/tasks/${id}/reports`, {
      period: PERIOD,
      text: '代报',
      percent: 10,
    });
    expect(missing.status).toBe(400);
    expect(fields(missing.body)).toEqual(['unitId']);

    const units = await t.get('secretariat', '/api/units');
    const uninvolved = units.find(
      (u: { code: string }) => u.code !== task.leadUnit && !task.supportingUnits.includes(u.code),
    );
    const wrong = await t.call('secretariat', 'POST', `/api/tasks/${id}/reports`, {
      period: PERIOD,
      text: '代报',
      percent: 10,
      unitId: uninvolved.id,
    });
    expect(wrong.status).toBe(400);
    expect(fields(wrong.body)).toEqual(['unitId']);
  });

  it("lets a supporting unit's liaison read its own and the lead unit's reports, not another supporting unit's", async () => {
    const ofLead = await t.call('secretariat', 'POST', `/api/tasks/${id}/reports`, {
      period: PERIOD,
      text: '牵头单位汇总报送',
      percent: 30,
      unitId: leadUnitId,
    });
    expect(ofLead.status).toBe(201);
    expect(ofLead.body).toMatchObject({ fromLeadUnit: true, unit: { id: leadUnitId } });
    expect(await progressOf(t, id)).toBe(30);

    const ofOther = await t.call('secretariat', 'POST', `/api/tasks/${id}/reports`, {
      period: PERIOD,
      text: '其他配合单位报送',
      percent: 20,
      unitId: otherSupporterId,
    });
    expect(ofOther.status).toBe(201);

    const seen = await t.get('liaison', `/api/tasks/${id}/reports`);
    const units = new Set(seen.map((r: { unit: { code: string } }) => r.unit.code));
    expect(units.has('yd')).toBe(true);
    expect(units.has(task.leadUnit)).toBe(true);
    expect(seen.some((r: { id: number }) => r.id === ofOther.body.id)).toBe(false);
    expect((await t.call('liaison', 'GET', `/api/reports/${ofLead.body.id}`)).status).toBe(200);
    expect((await t.call('liaison', 'GET', `/api/reports/${ofOther.body.id}`)).status).toBe(403);

    // the secretariat sees all of them
    const all = await t.get('secretariat', `/api/tasks/${id}/reports`);
    expect(all.some((r: { id: number }) => r.id === ofOther.body.id)).toBe(true);
  });

  it("shows a liaison only its own unit's reports in the list of reports, whatever unit it asks for", async () => {
    const otherUnit = await t.get('liaison', `/api/reports?unitId=${otherSupporterId}&pageSize=500`);
    expect(otherUnit.total).toBeGreaterThan(0);
    expect(otherUnit.items.every((r: { unit: { code: string } }) => r.unit.code === 'yd')).toBe(true);
  });
});

describe('who may file and read reports', () => {
  let t: TestApp;
  let foreignId: number;
  let foreignReportId: number;
  // a task 秦州区 ('qzq') neither leads nor supports
  const foreign = pickTask(
    'open task led by yd without qzq',
    (x) => x.leadUnit === 'yd' && !involves(x, 'qzq') && OPEN.includes(x.status),
  );

  beforeAll(async () => {
    t = await startApp();
    foreignId = await taskId(t, foreign.code);
    const filed = await t.call('liaison', 'POST', `/api/tasks/${foreignId}/reports`, {
      period: PERIOD,
      text: '本月进展',
      percent: 50,
    });
    expect(filed.status).toBe(201);
    foreignReportId = filed.body.id;
  });
  afterAll(() => t.close());

  it("a liaison cannot report on or read the reports of another unit's task", async () => {
    const before = await reportCount(t, foreignId);
    const filed = await t.call('liaison2', 'POST', `/api/tasks/${foreignId}/reports`, {
      period: PERIOD,
      text: '越权报送',
      percent: 10,
    });
    expect(filed.status).toBe(403);
    expect(filed.body.code).toBe('forbidden');
    expect((await t.call('liaison2', 'GET', `/api/tasks/${foreignId}/reports`)).status).toBe(403);
    expect((await t.call('liaison2', 'GET', `/api/reports/${foreignReportId}`)).status).toBe(403);
    const list = await t.get('liaison2', `/api/reports?taskId=${foreignId}`);
    expect(list.total).toBe(0);
    expect(await reportCount(t, foreignId)).toBe(before);
  });

  it('a liaison reports for its own unit only', async () => {
    const qzq = await unitId(t, 'qzq');
    const res = await t.call('liaison', 'POST', `/api/tasks/${foreignId}/reports`, {
      period: '2023-Q3',
      text: '代他单位报送',
      percent: 10,
      unitId: qzq,
    });
    expect(res.status).toBe(403);
  });

  it('a viewer or an admin cannot file a report, but a viewer reads them', async () => {
    for (const who of ['viewer', 'admin']) {
      const res = await t.call(who, 'POST', `/api/tasks/${foreignId}/reports`, {
        period: PERIOD,
        text: '报送',
        percent: 10,
      });
      expect(res.status).toBe(403);
    }
    expect((await t.call('viewer', 'GET', `/api/reports/${foreignReportId}`)).status).toBe(200);
    expect((await t.call('viewer', 'POST', `/api/reports/${foreignReportId}/accept`, {})).status).toBe(403);
  });

  it('describes the report routes in the OpenAPI document', async () => {
    const docs = await t.request('GET', '/api/docs-json');
    expect(Object.keys(docs.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/tasks/{id}/reports',
        '/api/reports',
        '/api/reports/{id}',
        '/api/reports/{id}/accept',
        '/api/reports/{id}/return',
      ]),
    );
  });

  it('answers 404 for a report that does not exist', async () => {
    const res = await t.call('secretariat', 'GET', '/api/reports/999999');
    expect(res.status).toBe(404);
    expect((await t.call('secretariat', 'POST', '/api/reports/999999/accept', {})).status).toBe(404);
  });

  it('takes no report on a closed task', async () => {
    const closed = pickTask('closed task', (x) => x.status === 'closed');
    const id = await taskId(t, closed.code);
    const before = await reportCount(t, id);
    const res = await t.call('secretariat', 'POST', `/api/tasks/${id}/reports`, {
      period: PERIOD,
      text: '办结后报送',
      percent: 100,
      unitId: await unitId(t, closed.leadUnit),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('task_finished');
    expect(res.body.messageZh).toContain('办结');
    expect(await reportCount(t, id)).toBe(before);
  });
});

describe('bad input to POST /api/tasks/:id/reports', () => {
  let t: TestApp;
  let id: number;
  let unlinkedIndicatorId: number;
  let linkedIndicatorId: number;
  const valid = { period: PERIOD, text: '本月进展', percent: 60 };

  beforeAll(async () => {
    t = await startApp();
    const task = await ydTaskWithIndicator(t);
    id = task.taskId;
    linkedIndicatorId = task.indicatorId;
    const linked = (await t.get('secretariat', `/api/tasks/${id}`)).indicators.map((i: { id: number }) => i.id);
    const all = await t.get('secretariat', '/api/indicators');
    unlinkedIndicatorId = all.find((i: { id: number }) => !linked.includes(i.id)).id;
  });
  afterAll(() => t.close());

  const cases: [string, () => { path?: string; body: unknown }, number, string | null][] = [
    ['an unknown field', () => ({ body: { ...valid, extra: 1 } }), 400, 'extra'],
    ['percent 101', () => ({ body: { ...valid, percent: 101 } }), 400, 'percent'],
    ['percent -1', () => ({ body: { ...valid, percent: -1 } }), 400, 'percent'],
    ['percent as a string', () => ({ body: { ...valid, percent: '50' } }), 400, 'percent'],
    ['percent 12.5', () => ({ body: { ...valid, percent: 12.5 } }), 400, 'percent'],
    ['no text', () => ({ body: { period: PERIOD, percent: 60 } }), 400, 'text'],
    ['a blank text', () => ({ body: { ...valid, text: '   ' } }), 400, 'text'],
    ['a text of 20,000 characters', () => ({ body: { ...valid, text: '进'.repeat(20_000) } }), 400, 'text'],
    ['period 2023-13', () => ({ body: { ...valid, period: '2023-13' } }), 400, 'period'],
    ['period 2023-Q5', () => ({ body: { ...valid, period: '2023-Q5' } }), 400, 'period'],
    ['a period not begun', () => ({ body: { ...valid, period: '2023-10' } }), 400, 'period'],
    ['needsCoordination "yes"', () => ({ body: { ...valid, needsCoordination: 'yes' } }), 400, 'needsCoordination'],
    ['unitId "yd"', () => ({ body: { ...valid, unitId: 'yd' } }), 400, 'unitId'],
    [
      'an indicator not linked to the task',
      () => ({ body: { ...valid, indicatorValues: [{ indicatorId: unlinkedIndicatorId, value: 1 }] } }),
      400,
      'indicatorValues[0].indicatorId',
    ],
    [
      'an unknown indicator, second in the list',
      () => ({
        body: {
          ...valid,
          indicatorValues: [
            { indicatorId: linkedIndicatorId, value: 1 },
            { indicatorId: 999_999, value: 1 },
          ],
        },
      }),
      400,
      'indicatorValues[1].indicatorId',
    ],
    [
      'the same indicator twice',
      () => ({
        body: {
          ...valid,
          indicatorValues: [
            { indicatorId: linkedIndicatorId, value: 1 },
            { indicatorId: linkedIndicatorId, value: 2 },
          ],
        },
      }),
      400,
      'indicatorValues',
    ],
    [
      'a value that is not a number',
      () => ({ body: { ...valid, indicatorValues: [{ indicatorId: linkedIndicatorId, value: 'many' }] } }),
      400,
      'indicatorValues[0].value',
    ],
    [
      'more than 20 indicator values',
      () => ({
        body: {
          ...valid,
          indicatorValues: Array.from({ length: 21 }, (_, i) => ({ indicatorId: i + 1, value: i })),
        },
      }),
      400,
      'indicatorValues',
    ],
    ['indicatorValues not a list', () => ({ body: { ...valid, indicatorValues: 5 } }), 400, 'indicatorValues'],
    ['a non-numeric task id', () => ({ path: '/api/tasks/abc/reports', body: valid }), 400, 'id'],
    ['an unknown task id', () => ({ path: '/api/tasks/999999/reports', body: valid }), 404, null],
  ];

  it.each(cases)('refuses %s and changes nothing', async (_name, make, status, field) => {
    const { path, body } = make();
    const reportsBefore = await reportCount(t, id);
    const progressBefore = await progressOf(t, id);
    const res = await t.call('liaison', 'POST', path ?? `/api/tasks/${id}/reports`, body);
    expect(res.status).toBe(status);
    expect(res.body.message).toEqual(expect.any(String));
    expect(res.body.messageZh).toEqual(expect.any(String));
    if (field) expect(fields(res.body)).toContain(field);
    expect(await reportCount(t, id)).toBe(reportsBefore);
    expect(await progressOf(t, id)).toBe(progressBefore);
  });

  it('refuses malformed JSON with 400, not 500', async () => {
    const before = await reportCount(t, id);
    const res = await t.request('POST', `/api/tasks/${id}/reports`, {
      token: await t.as('liaison'),
      raw: '{"period": "2023-09", ',
    });
    expect(res.status).toBe(400);
    expect(await reportCount(t, id)).toBe(before);
  });

  it('takes the same report once the input is right', async () => {
    const res = await t.call('liaison', 'POST', `/api/tasks/${id}/reports`, {
      ...valid,
      period: '2023-W38',
      indicatorValues: [{ indicatorId: linkedIndicatorId, value: 1.5 }],
    });
    expect(res.status).toBe(201);
    expect(res.body.period).toBe('2023-W38');
  });
});
