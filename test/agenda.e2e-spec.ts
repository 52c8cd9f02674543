// A consultation meeting's agenda generated from the demo plan with a fixed clock (2023-09-20), checked against the
// data it comes from; then edited by the secretariat and regenerated, which keeps the edits.
import { runCli } from '../src/cli';
import { addDays } from '../src/common/dates';
import { demo, demoTasks } from './support/demo';
import { startApp, type TestApp } from './support/app';

const TODAY = '2023-09-20';
const OPEN = ['assigned', 'in_progress', 'blocked'];
const KIND_ORDER = ['indicators', 'coordination', 'overdue', 'blocked', 'open_decision', 'deadline', 'manual'];

interface DemoReport {
  task: string;
  unit: string;
  filedOn: string;
  problems: string;
  needsCoordination: boolean;
}

interface Item {
  id: number;
  number: number | null;
  kind: string;
  sourceKey: string;
  sources: {
    taskIds?: number[];
    reportIds?: number[];
    decisionIds?: number[];
    indicatorIds?: number[];
    taskTotal?: number;
    reportTotal?: number;
    listPath?: string;
  };
  sourceRows: { tasks: { id: number; code: string }[]; reports: { id: number; unit: { code: string } }[] };
  title: string;
  detail: string;
  leadUnitId: number | null;
  leadUnit: { id: number; code: string; name: string } | null;
  presenter: string | null;
  minutes: number;
  edited: boolean;
  removed: boolean;
  stale: boolean;
}

interface TaskRow {
  id: number;
  code: string;
  status: string;
  deadline: string;
  nextDueDate: string | null;
  overdue: boolean;
  leadUnit: { id: number; code: string; name: string };
}

describe('agenda of a consultation meeting, generated from the demo plan', () => {
  let t: TestApp;
  let units: Record<string, { id: number; name: string }>;
  let tasks: Record<string, TaskRow>;
  let meetingId: number;

  const agenda = async (includeRemoved = false): Promise<Item[]> =>
    (await t.get('secretariat', `/api/meetings/${meetingId}${includeRemoved ? '?includeRemoved=true' : ''}`)).agenda;
  const ofKind = (items: Item[], kind: string) => items.filter((i) => i.kind === kind);
  const generate = async (body: Record<string, unknown> = {}) => {
    const res = await t.call('secretariat', 'POST', `/api/meetings/${meetingId}/agenda/generate`, body);
    expect(res.status).toBe(200);
    return res.body as { agenda: Item[]; agendaAsOf: string };
  };
  const loadTasks = async () => {
    const page = await t.get('lead', '/api/tasks?pageSize=500');
    tasks = Object.fromEntries(page.items.map((x: TaskRow) => [x.code, x]));
  };

  beforeAll(async () => {
    t = await startApp({ today: TODAY });
    const list = await t.get<{ id: number; code: string; name: string }[]>('lead', '/api/units');
    units = Object.fromEntries(list.map((u) => [u.code, u]));
    await loadTasks();
    const res = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G建设和应用推进工作专班会商会',
      titleEn: 'Consultation meeting of the 5G task force',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '天水市工业和信息化局三楼会议室',
      conveningUnitId: units.gxj.id,
      convenerName: '王振华',
      unitIds: ['gxj', 'yd', 'qzq', 'dx', 'lt', 'tt'].map((c) => units[c].id),
    });
    expect(res.status).toBe(201);
    meetingId = res.body.id;
  });
  afterAll(() => t.close());

  it('generates the agenda as of 2023-09-20, grouped in order, each item with its source rows', async () => {
    const body = await generate({ asOf: TODAY });
    expect(body.agendaAsOf).toBe(TODAY);
    const items = body.agenda;
    const ranks = items.map((i) => KIND_ORDER.indexOf(i.kind));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(items.map((i) => i.number)).toEqual(items.map((_, n) => n + 1));
    expect(ofKind(items, 'open_decision')).toEqual([]); // no earlier meeting
  });

  it('groups the overdue tasks per lead unit, the worst first, counting what the task list shows', async () => {
    const expected = demoTasks
      .filter((x) => OPEN.includes(x.status) && x.deadline !== null && x.deadline < TODAY)
      .map((x) => x.code)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    const overdue = await t.get('lead', '/api/tasks?overdue=true&pageSize=500');
    expect(overdue.items.map((x: TaskRow) => x.code).sort()).toEqual(expected);
    const byUnit = new Map<number, TaskRow[]>();
    for (const x of overdue.items as TaskRow[]) byUnit.set(x.leadUnit.id, [...(byUnit.get(x.leadUnit.id) ?? []), x]);

    const items = ofKind(await agenda(), 'overdue');
    // one item per lead unit, and together they count every overdue task
    expect(items.map((i) => i.leadUnitId).sort()).toEqual([...byUnit.keys()].sort());
    expect(items.reduce((sum, i) => sum + (i.sources.taskTotal ?? 0), 0)).toBe(expected.length);
    const worst: string[] = [];
    for (const item of items) {
      const unitId = item.leadUnitId as number;
      const mine = (byUnit.get(unitId) as TaskRow[]).sort(
        (a, b) => a.deadline.localeCompare(b.deadline) || a.code.localeCompare(b.code),
      );
      expect(item.sourceKey).toBe(`overdue:unit:${unitId}`);
      // the count is the total of the task list the item links to
      expect(item.sources.listPath).toBe(`/tasks?unitId=${unitId}&unitRole=lead&overdue=true`);
      const list = await t.get('lead', `/api${item.sources.listPath as string}`);
      expect(list.total).toBe(item.sources.taskTotal);
      expect(item.sources.taskTotal).toBe(mine.length);
      // the worst first
      expect(item.sources.taskIds).toEqual(mine.slice(0, 5).map((x) => x.id));
      expect(item.sourceRows.tasks.map((x) => x.code)).toEqual(mine.slice(0, 5).map((x) => x.code));
      expect(item.leadUnit?.name).toBe(mine[0].leadUnit.name);
      expect(item.presenter).toBe(mine[0].leadUnit.name);
      expect(item.minutes).toBe(5);
      for (const x of mine.slice(0, 5)) expect(item.detail).toContain(`${x.code} `);
      expect(item.detail).toContain(mine[0].deadline);
      worst.push(mine[0].deadline);
    }
    expect(worst).toEqual([...worst].sort());
  });

  it('groups the matters needing coordination reported since the last meeting per reporting unit', async () => {
    const since = addDays(TODAY, -90); // the plan has had no meeting before
    const flagged = (demo.reports as unknown as DemoReport[]).filter(
      (r) => r.needsCoordination && r.filedOn > since && r.filedOn <= TODAY,
    );
    expect(flagged.length).toBeGreaterThan(0);
    const reports = await t.get('secretariat', '/api/reports?needsCoordination=true&pageSize=500');
    const items = ofKind(await agenda(), 'coordination');
    const reporters = [...new Set(flagged.map((r) => r.unit))].sort();
    expect(items.map((i) => i.sourceKey).sort()).toEqual(
      reporters.map((code) => `coordination:unit:${units[code].id}`).sort(),
    );
    expect(
      items.flatMap((i) => i.sourceRows.reports.map((r) => `${i.sourceRows.tasks[0].code}/${r.unit.code}`)).sort(),
    ).toEqual(flagged.map((r) => `${r.task}/${r.unit}`).sort());
    for (const item of items) {
      const mine = flagged.filter((r) => item.sourceKey === `coordination:unit:${units[r.unit].id}`);
      expect(item.sources.reportTotal).toBe(mine.length);
      expect(item.presenter).toBe(units[mine[0].unit].name);
      for (const id of item.sources.reportIds ?? []) {
        const report = reports.items.find((r: { id: number }) => r.id === id);
        const demoReport = mine.find((r) => r.task === report.task.code) as DemoReport;
        expect(item.detail).toContain(demoReport.problems);
      }
      // a single matter is the matter itself, under the task's lead unit
      if (mine.length === 1) {
        expect(item.detail).toBe(mine[0].problems);
        expect(item.leadUnitId).toBe(tasks[mine[0].task].leadUnit.id);
      }
    }
  });

  it('groups the blocked tasks per lead unit', async () => {
    const blocked = Object.values(tasks).filter((x) => x.status === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    const items = ofKind(await agenda(), 'blocked');
    const leads = [...new Set(blocked.map((x) => x.leadUnit.id))];
    expect(items.map((i) => i.sourceKey).sort()).toEqual(leads.map((id) => `blocked:unit:${id}`).sort());
    for (const item of items) {
      const mine = blocked.filter((x) => x.leadUnit.id === item.leadUnitId);
      expect(item.sources.taskTotal).toBe(mine.length);
      expect([...(item.sources.taskIds ?? [])].sort()).toEqual(mine.map((x) => x.id).sort());
      const list = await t.get('lead', `/api${item.sources.listPath as string}`);
      expect(list.total).toBe(mine.length);
    }
  });

  it('reviews the headline indicators in one item that cites them', async () => {
    const headline = await t.get('lead', `/api/indicators?headline=true&asOf=${TODAY}`);
    expect(headline.length).toBe(demo.indicators.filter((i) => i.headline).length);
    const [item] = ofKind(await agenda(), 'indicators');
    expect(item.sourceKey).toBe('indicators');
    expect(item.sources.indicatorIds).toEqual(headline.map((i: { id: number }) => i.id));
    for (const i of headline) expect(item.detail).toContain(i.name);
    expect(item.leadUnitId).toBe(units.gxj.id);
    expect(item.minutes).toBe(10);
  });

  it('lists the deadlines of the next three weeks in one item', async () => {
    const until = addDays(TODAY, 21);
    const expected = Object.values(tasks)
      .filter((x) => OPEN.includes(x.status))
      .filter((x) => {
        const due = x.nextDueDate ?? x.deadline;
        return due > TODAY && due <= until;
      })
      .map((x) => x.id)
      .sort((a, b) => a - b);
    expect(expected.length).toBeGreaterThan(0);
    const [item] = ofKind(await agenda(), 'deadline');
    expect(item.sourceKey).toBe('deadlines');
    expect([...(item.sources.taskIds ?? [])].sort((a, b) => a - b)).toEqual(expected);
    for (const id of expected) {
      const task = Object.values(tasks).find((x) => x.id === id) as TaskRow;
      expect(item.detail).toContain(task.code);
    }
  });

  it('takes up a matter a liaison raises, once the agenda is regenerated', async () => {
    const task = tasks['W2-2'];
    expect(task.leadUnit.code).toBe('yd');
    const filed = await t.call('liaison', 'POST', `/api/tasks/${task.id}/reports`, {
      period: '2023-09',
      text: '9月新增投资计划已上报集团公司。',
      percent: 50,
      problems: '部分新建站址需市自然资源局协调用地手续。',
      needsCoordination: true,
    });
    expect(filed.status).toBe(201);
    expect(ofKind(await agenda(), 'coordination').some((i) => i.sources.reportIds?.includes(filed.body.id))).toBe(
      false,
    );

    const items = ofKind((await generate()).agenda, 'coordination');
    const item = items.find((i) => i.sourceKey === `coordination:unit:${units.yd.id}`) as Item;
    expect(item.sources.reportIds).toContain(filed.body.id);
    expect(item.detail).toContain('部分新建站址需市自然资源局协调用地手续。');
    expect(item.presenter).toBe(units.yd.name);
    expect(item.leadUnitId).toBe(units.yd.id);
  });

  it('puts a task whose deadline is moved into the past under its lead unit’s overdue item', async () => {
    const task = tasks['W3-2.1'];
    expect(task.overdue).toBe(false);
    const key = `overdue:unit:${task.leadUnit.id}`;
    expect((await agenda()).some((i) => i.sourceKey === key)).toBe(false);
    const moved = await t.call('lead', 'PATCH', `/api/tasks/${task.id}`, {
      deadline: '2023-09-18',
      replanReason: '计划调整',
    });
    expect(moved.status).toBe(200);
    expect(moved.body.overdue).toBe(true);

    const item = (await generate()).agenda.find((i) => i.sourceKey === key) as Item;
    expect(item).toMatchObject({ kind: 'overdue', leadUnitId: task.leadUnit.id, presenter: task.leadUnit.name });
    expect(item.sources.taskIds).toContain(task.id);
    expect(item.detail).toContain('2023-09-18');
  });

  it('keeps the secretariat’s edits when the agenda is regenerated', async () => {
    const sec = (method: string, path: string, body?: unknown) =>
      t.call('secretariat', method, `/api/meetings/${meetingId}${path}`, body);
    const before = await agenda();
    const w321 = before.find((i) => i.sourceKey === `overdue:unit:${tasks['W3-2.1'].leadUnit.id}`) as Item;
    const coordination = ofKind(before, 'coordination')[0];

    // retitle and retime an item
    const retitled = await sec('PATCH', `/agenda/items/${w321.id}`, { title: '研究W3-2.1逾期原因(改)', minutes: 15 });
    expect(retitled.status).toBe(200);
    expect(retitled.body).toMatchObject({ title: '研究W3-2.1逾期原因(改)', minutes: 15, edited: true });
    // remove one
    expect((await sec('DELETE', `/agenda/items/${coordination.id}`)).status).toBe(204);
    // add one by hand, on a task
    const manual = await sec('POST', '/agenda/items', {
      title: '其他事项:5G+智慧旅游项目推荐',
      leadUnitId: units.gxj.id,
      taskIds: [tasks['W4-3'].id],
    });
    expect(manual.status).toBe(201);
    expect(manual.body).toMatchObject({ kind: 'manual', presenter: units.gxj.name, minutes: 10 });
    expect(manual.body.sources).toEqual({ taskIds: [tasks['W4-3'].id] });
    // reorder: last first
    const current = (await agenda()).map((i) => i.id);
    expect(current).not.toContain(coordination.id);
    const order = [...current].reverse();
    const reordered = await sec('PUT', '/agenda/order', { itemIds: order });
    expect(reordered.status).toBe(200);
    expect(reordered.body.agenda.map((i: Item) => i.id)).toEqual(order);
    // minutes of the meeting
    const minutes = await sec('PATCH', '/minutes', { minutes: '会议听取了各单位工作进展汇报。' });
    expect(minutes.status).toBe(200);

    const after = (await generate()).agenda;
    expect(after.map((i) => i.id)).toEqual(order);
    const kept = after.find((i) => i.id === w321.id) as Item;
    expect(kept).toMatchObject({ title: '研究W3-2.1逾期原因(改)', minutes: 15, edited: true, stale: false });
    expect(after.some((i) => i.id === coordination.id)).toBe(false);
    const removed = (await agenda(true)).find((i) => i.id === coordination.id) as Item;
    expect(removed).toMatchObject({ removed: true, number: null, sourceKey: coordination.sourceKey });
    expect(after.find((i) => i.id === manual.body.id)).toMatchObject({ title: '其他事项:5G+智慧旅游项目推荐' });
    const detail = await t.get('secretariat', `/api/meetings/${meetingId}`);
    expect(detail.minutes).toBe('会议听取了各单位工作进展汇报。');

    // a unit with a task overdue now gets an item, which joins the overdue group where the secretariat put it
    const w17 = tasks['W1-7'];
    expect(after.some((i) => i.sourceKey === `overdue:unit:${w17.leadUnit.id}`)).toBe(false);
    expect(
      (await t.call('lead', 'PATCH', `/api/tasks/${w17.id}`, { deadline: '2023-09-19', replanReason: '计划调整' }))
        .status,
    ).toBe(200);
    const grown = (await generate()).agenda;
    expect(grown.map((i) => i.id).filter((id) => order.includes(id))).toEqual(order);
    const added = grown.findIndex((i) => i.sourceKey === `overdue:unit:${w17.leadUnit.id}`);
    const overdueIdx = grown.map((i, n) => (i.kind === 'overdue' ? n : -1)).filter((n) => n >= 0);
    expect(added).toBe(Math.max(...overdueIdx));
    expect(overdueIdx).toEqual(overdueIdx.map((_, k) => overdueIdx[0] + k));
  });

  it('marks an edited item whose source no longer applies as stale, and drops an untouched one', async () => {
    const w321 = tasks['W3-2.1'];
    expect(
      (await t.call('lead', 'PATCH', `/api/tasks/${w321.id}`, { deadline: '2023-11-30', replanReason: '计划调整' }))
        .status,
    ).toBe(200);
    const reports = await t.get('secretariat', `/api/reports?needsCoordination=true&taskId=${tasks['W2-2'].id}`);
    const report = reports.items[0];
    const returned = await t.call('secretariat', 'POST', `/api/reports/${report.id}/return`, {
      reason: '请补充协调事项',
    });
    expect(returned.status).toBe(200);

    const items = (await generate()).agenda;
    expect(items.find((i) => i.sourceKey === `overdue:unit:${w321.leadUnit.id}`)).toMatchObject({
      stale: true,
      title: '研究W3-2.1逾期原因(改)',
    });
    expect(items.some((i) => i.sources.reportIds?.includes(report.id))).toBe(false);
  });

  it('prints the agenda as numbered lines from the command line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(
      ['agenda', '--meeting', String(meetingId)],
      { database: t.config.database, log: { level: 'error' }, clock: { today: TODAY } },
      { stdout: (s) => out.push(s), stderr: (s) => err.push(s) },
    );
    expect(err.join('')).toBe('');
    expect(code).toBe(0);
    const items = await agenda();
    const lines = out.join('').split('\n');
    for (const item of items) {
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^${item.number}\\. ${escape(item.title)} — `)));
    }
    expect(lines).toContain(`agenda as of ${TODAY}`);

    const list: string[] = [];
    expect(
      await runCli(
        ['meetings'],
        { database: t.config.database, log: { level: 'error' } },
        { stdout: (s) => list.push(s), stderr: () => undefined },
      ),
    ).toBe(0);
    expect(list.join('')).toContain('5G建设和应用推进工作专班会商会');
    expect(list.join('')).toContain('1 meeting');

    const bad = await runCli(
      ['agenda', '--meeting', 'x'],
      { database: t.config.database, log: { level: 'error' } },
      { stdout: () => undefined, stderr: (s) => err.push(s) },
    );
    expect(bad).toBe(2);
    expect(err.join('')).toContain('--meeting');
  });

  describe('bad input changes nothing', () => {
    it('refuses an agenda item on a missing task', async () => {
      const before = await agenda(true);
      const res = await t.call('secretariat', 'POST', `/api/meetings/${meetingId}/agenda/items`, {
        title: '不存在的任务',
        taskIds: [tasks['W1-1'].id, 999_999],
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('taskIds');
      expect(res.body.message).toContain('999999');
      expect(await agenda(true)).toEqual(before);
    });

    it('refuses a new order that does not list exactly the items of the agenda', async () => {
      const ids = (await agenda()).map((i) => i.id);
      const removed = (await agenda(true)).find((i) => i.removed) as Item;
      for (const itemIds of [ids.slice(1), [...ids, ids[0]], [...ids.slice(1), removed.id], [...ids, 999_999]]) {
        const res = await t.call('secretariat', 'PUT', `/api/meetings/${meetingId}/agenda/order`, { itemIds });
        expect(res.status).toBe(400);
        expect(res.body.errors[0].field).toBe('itemIds');
      }
      expect((await agenda()).map((i) => i.id)).toEqual(ids);
    });

    it('refuses a bad date, an unknown item and an unknown meeting', async () => {
      const gen = await t.call('secretariat', 'POST', `/api/meetings/${meetingId}/agenda/generate`, {
        asOf: '2023-02-30',
      });
      expect(gen.status).toBe(400);
      expect(gen.body.errors[0].field).toBe('asOf');
      const item = await t.call('secretariat', 'PATCH', `/api/meetings/${meetingId}/agenda/items/999999`, {
        title: 'x',
      });
      expect(item.status).toBe(404);
      const blank = await t.call('secretariat', 'POST', `/api/meetings/${meetingId}/agenda/items`, { title: '  ' });
      expect(blank.status).toBe(400);
      expect(blank.body.errors[0].field).toBe('title');
      expect((await t.call('secretariat', 'POST', '/api/meetings/999999/agenda/generate', {})).status).toBe(404);
    });

    it('lets only the secretariat and leads edit the agenda', async () => {
      const [first] = await agenda();
      for (const who of ['liaison', 'viewer', 'admin']) {
        expect((await t.call(who, 'POST', `/api/meetings/${meetingId}/agenda/generate`, {})).status).toBe(403);
        const patch = await t.call(who, 'PATCH', `/api/meetings/${meetingId}/agenda/items/${first.id}`, { title: 'x' });
        expect(patch.status).toBe(403);
      }
      expect((await agenda())[0].title).toBe(first.title);
    });
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
