// Unit assessment (考评): a unit made for the test with tasks, reports and a supervision notice of known dates, so
// every kind's points are known; each event traces to its row; the ranking orders the units by score; the points
// come from the configuration; the export is a readable workbook.
import { Workbook } from 'exceljs';
import JSZip from 'jszip';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { addDays } from '../src/common/dates';
import { rmSync } from 'node:fs';
import { runCli } from '../src/cli';
import { startApp, type TestApp } from './support/app';
import { dropDatabase } from './support/database';

const TODAY = '2023-09-20';
const POINTS = {
  reportOnTime: 1,
  reportLate: -1,
  overduePerWorkingDay: -0.5,
  closedOnTime: 2,
  acknowledgementLate: -1,
  supervisionNoticeReceived: -3,
  urgingReceived: -1,
};

describe('unit assessment', () => {
  let t: TestApp;
  let unitId: number;
  let cal: WorkingDaysService;
  const ids = {} as Record<'overdue' | 'closedOnTime' | 'closedLate' | 'onTime' | 'late' | 'notice', number>;

  /** Working days after `after` up to and including `through`. */
  const workingDays = (after: string, through: string) => {
    let n = 0;
    for (let d = addDays(after, 1); d <= through; d = addDays(d, 1)) if (cal.isWorkingDay(d)) n++;
    return n;
  };
  const createTask = async (title: string, startDate: string, deadline: string) => {
    const workItemId = (await t.get('lead', '/api/work-items'))[0].id;
    const res = await t.call('secretariat', 'POST', '/api/tasks', {
      workItemId,
      title,
      leadUnitId: unitId,
      startDate,
      deadline,
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const close = async (id: number, on: string) => {
    t.clock.setToday(on);
    try {
      const started = await t.call('secretariat', 'POST', `/api/tasks/${id}/status`, { status: 'in_progress' });
      const asked = await t.call('secretariat', 'POST', `/api/tasks/${id}/closing`, { note: '已完成' });
      const accepted = await t.call('lead', 'POST', `/api/tasks/${id}/closing/accept`, {});
      expect([started.status, asked.status, accepted.status]).toEqual([200, 201, 200]);
    } finally {
      t.clock.setToday(TODAY);
    }
  };

  beforeAll(async () => {
    t = await startApp({ today: TODAY });
    cal = t.app.get(WorkingDaysService);
    const unit = await t.call('admin', 'POST', '/api/units', { code: 'kp', name: '考评测试单位', nameEn: 'Test unit' });
    expect(unit.status).toBe(201);
    unitId = unit.body.id;
    ids.overdue = await createTask('逾期未办结', '2023-08-01', '2023-09-05');
    ids.closedOnTime = await createTask('按期办结', '2023-08-01', '2023-09-29');
    ids.closedLate = await createTask('逾期后办结', '2023-08-01', '2023-09-08');
    await close(ids.closedOnTime, '2023-09-15');
    await close(ids.closedLate, '2023-09-13');
    const onTime = await t.call('secretariat', 'POST', `/api/tasks/${ids.overdue}/reports`, {
      period: '2023-09',
      text: '九月进展',
      percent: 40,
      unitId,
    });
    const late = await t.call('secretariat', 'POST', `/api/tasks/${ids.overdue}/reports`, {
      period: '2023-08',
      text: '八月进展（补报）',
      percent: 30,
      unitId,
    });
    const notice = await t.call('secretariat', 'POST', `/api/tasks/${ids.overdue}/supervision-notices`, {});
    expect([onTime.status, late.status, notice.status]).toEqual([201, 201, 201]);
    ids.onTime = onTime.body.id;
    ids.late = late.body.id;
    ids.notice = notice.body.id;
  });
  afterAll(() => t.close());

  const expectedKinds = () => ({
    reportOnTime: 1,
    reportLate: 1,
    overduePerWorkingDay: workingDays('2023-09-05', TODAY) + workingDays('2023-09-08', addDays('2023-09-13', -1)),
    closedOnTime: 1,
    supervisionNoticeReceived: 1,
  });

  it('counts each kind for the unit and scores it by the configured points', async () => {
    const ranking = await t.get('viewer', '/api/assessment?period=2023-09');
    expect(ranking).toMatchObject({ period: '2023-09', from: '2023-09-01', to: '2023-09-30' });
    expect(ranking.kinds.map((k: { kind: string; points: number }) => [k.kind, k.points])).toEqual(
      Object.entries(POINTS),
    );
    const mine = ranking.units.find((u: { unit: { id: number } }) => u.unit.id === unitId);
    const quantities = Object.fromEntries(
      mine.kinds.map((k: { kind: string; quantity: number }) => [k.kind, k.quantity]),
    );
    const expected: Record<string, number> = expectedKinds();
    // the tasks made here were assigned to the unit, which acknowledged none of them: each is late once past due
    const acks = (await t.get('lead', `/api/acknowledgements?unitId=${unitId}`)) as {
      requestedAt: string;
      status: string;
      onTime: boolean | null;
    }[];
    const late = acks.filter(
      (a) => a.requestedAt.startsWith('2023-09') && (a.status === 'overdue' || a.onTime === false),
    ).length;
    expected.acknowledgementLate = late;
    expected.urgingReceived = 0;
    expect(quantities).toEqual(expected);
    expect(expected.overduePerWorkingDay).toBeGreaterThan(5);
    const score = Object.entries(expected).reduce((s, [k, q]) => s + POINTS[k as keyof typeof POINTS] * q, 0);
    expect(mine.score).toBe(score);
    // (+ 0 makes -1 × 0 the 0 the API answers)
    for (const k of mine.kinds) expect(k.points).toBe(POINTS[k.kind as keyof typeof POINTS] * k.quantity + 0);
  });

  it('traces each of the unit’s events to its row, and the events add up to the score', async () => {
    const res = await t.get('liaison', `/api/assessment/units/${unitId}/events?period=2023-09`);
    const byKind = (kind: string) => res.events.filter((e: { kind: string }) => e.kind === kind);
    expect(byKind('reportOnTime').map((e: { ref: unknown }) => e.ref)).toEqual([{ type: 'report', id: ids.onTime }]);
    expect(byKind('reportLate').map((e: { ref: unknown }) => e.ref)).toEqual([{ type: 'report', id: ids.late }]);
    expect(byKind('closedOnTime').map((e: { ref: unknown }) => e.ref)).toEqual([
      { type: 'task', id: ids.closedOnTime },
    ]);
    expect(byKind('supervisionNoticeReceived').map((e: { ref: unknown }) => e.ref)).toEqual([
      { type: 'supervision_notice', id: ids.notice },
    ]);
    const overdue = byKind('overduePerWorkingDay');
    expect(overdue.map((e: { ref: { id: number }; quantity: number }) => [e.ref.id, e.quantity]).sort()).toEqual(
      [
        [ids.overdue, workingDays('2023-09-05', TODAY)],
        [ids.closedLate, workingDays('2023-09-08', '2023-09-12')],
      ].sort(),
    );
    // the rows are there, as the events say
    const late = await t.get('lead', `/api/reports/${ids.late}`);
    expect([late.period, late.filedOn, late.unit.id]).toEqual(['2023-08', TODAY, unitId]);
    const closed = await t.get('lead', `/api/tasks/${ids.closedOnTime}`);
    expect([closed.status, closed.closedOn, closed.leadUnit.id]).toEqual(['closed', '2023-09-15', unitId]);
    expect(byKind('reportLate')[0].description).toBe(
      '任务' + late.task.code + '2023年8月进展于2023年9月20日逾期报送（应于2023年8月31日前报送）',
    );
    const total = res.events.reduce((s: number, e: { points: number }) => s + e.points, 0);
    expect(res.score).toBeCloseTo(total, 10);
    const ranking = await t.get('lead', '/api/assessment?period=2023-09');
    const mine = ranking.units.find((u: { unit: { id: number } }) => u.unit.id === unitId);
    expect([res.score, res.rank]).toEqual([mine.score, mine.rank]);
  });

  it('ranks the units by score, equal scores sharing a rank', async () => {
    const { units } = await t.get('lead', '/api/assessment?from=2023-09-01&to=2023-09-30');
    expect(units.length).toBeGreaterThan(5);
    for (let i = 1; i < units.length; i++) {
      expect(units[i - 1].score).toBeGreaterThanOrEqual(units[i].score);
      expect(units[i].rank).toBe(units[i - 1].score === units[i].score ? units[i - 1].rank : i + 1);
    }
    expect(units[0].rank).toBe(1);
  });

  it('puts the same ranking in the bulletin’s snapshot and its Word document (考评排名)', async () => {
    const created = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect(created.status).toBe(201);
    const bulletin = await t.get('secretariat', `/api/bulletins/${created.body.id}`);
    const api = await t.get('lead', '/api/assessment?period=2023-09');
    expect(bulletin.snapshot.assessment).toEqual({
      from: api.from,
      to: api.to,
      kinds: api.kinds,
      units: api.units.map((u: { unit: Record<string, unknown>; score: number; rank: number }) => ({
        unitId: u.unit.id,
        code: u.unit.code,
        name: u.unit.name,
        nameEn: u.unit.nameEn,
        score: u.score,
        rank: u.rank,
      })),
    });
    const res = await fetch(`${t.url}/api/bulletins/${created.body.id}/document.docx`, {
      headers: { authorization: `Bearer ${await t.as('secretariat')}` },
    });
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const paragraphs = (await zip.file('word/document.xml')!.async('string'))
      .split(/<\/w:p>/)
      .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));
    const at = paragraphs.indexOf('八、考评排名');
    expect(at).toBeGreaterThan(0);
    const text = paragraphs.slice(at).join('\n');
    expect(text).toContain(
      '考评计分：按期报送1分；逾期报送-1分；逾期工作日-0.5分；按期办结2分；签收超时-1分；收到督办单-3分；收到催办-1分。',
    );
    const mine = api.units.find((u: { unit: { id: number } }) => u.unit.id === unitId);
    // the unit's rank, name and score in one row of the table
    expect(paragraphs.slice(at).join('|')).toContain(`${mine.rank}|考评测试单位|${mine.score}`);
  });

  it('shows the month’s top and bottom units on the dashboard, with the API’s scores', async () => {
    const dashboard = await t.get('viewer', '/api/dashboard?top=3');
    const api = await t.get('viewer', '/api/assessment?period=2023-09');
    const row = (u: { unit: unknown; score: number; rank: number }) => ({ unit: u.unit, score: u.score, rank: u.rank });
    expect(dashboard.assessment).toEqual({
      period: '2023-09',
      from: '2023-09-01',
      to: '2023-09-30',
      units: api.units.length,
      top: api.units.slice(0, 3).map(row),
      bottom: api.units.slice(-3).map(row),
      list: '/assessment?period=2023-09',
    });
  });

  it('refuses a bad period with a 400 naming it', async () => {
    for (const [q, field] of [
      ['period=2023-13', 'period'],
      ['period=九月', 'period'],
      ['', 'period'],
      ['from=2023-09-01', 'period'],
      ['from=2023-09-30&to=2023-09-01', 'to'],
      ['from=2023-9-1&to=2023-09-30', 'from'],
    ]) {
      const res = await t.call('lead', 'GET', `/api/assessment?${q}`);
      expect([q, res.status, res.body.errors?.[0]?.field]).toEqual([q, 400, field]);
    }
    expect((await t.call('lead', 'GET', '/api/assessment/units/999999/events?period=2023-09')).status).toBe(404);
    expect((await t.call('auditor', 'GET', '/api/assessment?period=2023-09')).status).toBe(403);
  });

  it('exports the ranking as a workbook exceljs reads, with the API’s scores', async () => {
    const res = await fetch(`${t.url}/api/assessment.xlsx?period=2023-09`, {
      headers: { authorization: `Bearer ${await t.as('secretariat')}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wb = new Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(4).value).toBe('得分');
    const { units } = await t.get('lead', '/api/assessment?period=2023-09');
    const rows: [unknown, unknown, unknown][] = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push([row.getCell(1).value, row.getCell(2).value, row.getCell(4).value]);
    });
    expect(rows).toEqual(
      units.map((u: { rank: number; unit: { code: string }; score: number }) => [u.rank, u.unit.code, u.score]),
    );
  });
});

describe('unit assessment with other points', () => {
  it('scores the same events by the points configured; the command line prints the same ranking', async () => {
    const base = await startApp({ today: TODAY });
    const other = await startApp({
      today: TODAY,
      config: { assessment: { points: { ...POINTS, closedOnTime: 10 } } },
    });
    try {
      const a = await base.get('lead', '/api/assessment?period=2023-09');
      const b = await other.get('lead', '/api/assessment?period=2023-09');
      const closed = (r: typeof a, code: string) =>
        r.units.find((u: { unit: { code: string } }) => u.unit.code === code);
      const withClosings = a.units.find(
        (u: { kinds: { kind: string; events: number }[] }) =>
          u.kinds.find((k) => k.kind === 'closedOnTime')!.events > 0,
      );
      expect(withClosings).toBeDefined();
      const n = withClosings.kinds.find((k: { kind: string }) => k.kind === 'closedOnTime').events;
      expect(closed(b, withClosings.unit.code).score).toBe(withClosings.score + 8 * n);
      // the command line prints the same ranking from the same database
      await base.close(true);
      const out: string[] = [];
      const code = await runCli(
        ['assessment', '--period', '2023-09'],
        { database: base.config.database, clock: { today: TODAY }, log: { level: 'error' } },
        { stdout: (x) => out.push(x), stderr: (x) => out.push(x) },
      );
      expect(code).toBe(0);
      const lines = out.join('').split('\n');
      const printed = lines
        .filter((l) => /^\d+\t/.test(l))
        .map((l) => l.split('\t'))
        .map(([rank, unit, score]) => [Number(rank), unit.split(' ')[0], Number(score)]);
      expect(printed).toEqual(
        a.units.map((u: { rank: number; unit: { code: string }; score: number }) => [u.rank, u.unit.code, u.score]),
      );
      const bad = await runCli(
        ['assessment', '--period', '2023-13'],
        { database: base.config.database, log: { level: 'error' } },
        { stdout: () => undefined, stderr: (x) => out.push(x) },
      );
      expect(bad).toBe(2);
    } finally {
      await base.close(true).catch(() => undefined);
      await dropDatabase(base.config.database);
      if (base.dir) rmSync(base.dir, { recursive: true, force: true });
      await other.close();
    }
  });
});
