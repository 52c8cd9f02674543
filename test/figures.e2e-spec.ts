// The demo plan's figures pinned on two dates, 2023-07-31 (the source document's "by the end of July") and
// 2023-09-20, and the same number on every screen and document that shows it: the dashboard, a bulletin generated
// that day, the plan-wide digest and the task export. Which tasks count, the pro-rata of an indicator, the open
// coordination requests and the ranking each follow one definition (counted-tasks.ts, indicator-metrics.ts,
// open-coordination.ts, unit-ranking.ts).
import { Workbook, type CellValue } from 'exceljs';
import { startApp, type TestApp } from './support/app';

interface Pinned {
  tasks: number;
  workItemTasks: number[];
  open: number;
  overdue: number;
  red: number;
  yellow: number;
  blue: number;
  coordination: number;
  stations: { achievement: number; proRataAtLatest: number; proRataToday: number; latestOn: string };
  ranked: [number | null, string][];
}

/** What every screen says for the demo plan, pinned. */
const PINNED: Record<string, Pinned> = {
  '2023-07-31': {
    tasks: 29,
    workItemTasks: [7, 8, 8, 6],
    open: 27,
    overdue: 0,
    red: 0,
    yellow: 2,
    blue: 0,
    // the two requests on W1-6 are filed in August
    coordination: 0,
    // the source document: 1,127 of 850 stations by the end of July, against 212 of 365 days
    stations: { achievement: 132.6, proRataAtLatest: 58.1, proRataToday: 58.1, latestOn: '2023-07-31' },
    // no round is due and nothing is overdue: every unit owes nothing, all equal
    ranked: [
      [1, 'gxj'],
      [1, 'qzq'],
      [1, 'tt'],
      [1, 'yd'],
    ],
  },
  '2023-09-20': {
    tasks: 29,
    workItemTasks: [7, 8, 8, 6],
    open: 27,
    overdue: 3,
    red: 3,
    yellow: 3,
    blue: 4,
    coordination: 2,
    stations: { achievement: 139.5, proRataAtLatest: 64.9, proRataToday: 72.1, latestOn: '2023-08-25' },
    // no round is due, closings all on time: the fewest overdue decide
    ranked: [
      [1, 'tt'],
      [1, 'yd'],
      [3, 'qzq'],
      [4, 'gxj'],
    ],
  },
};

const PERIOD: Record<string, string> = { '2023-07-31': '2023-07', '2023-09-20': '2023-09' };

async function sheetRows(t: TestApp, path: string): Promise<Record<string, CellValue>[]> {
  const res = await fetch(t.url + path, { headers: { authorization: `Bearer ${await t.as('secretariat')}` } });
  expect(res.status).toBe(200);
  const wb = new Workbook();
  await wb.xlsx.load((await res.arrayBuffer()) as any);
  const ws = wb.worksheets[0];
  const headers = (ws.getRow(1).values as CellValue[]).slice(1).map(String);
  const rows: Record<string, CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return rows;
}

describe.each(Object.keys(PINNED))('the demo plan on %s', (today) => {
  let t: TestApp;
  let dashboard: any;
  let snapshot: any;
  let bulletinId: number;
  const pinned = PINNED[today];

  beforeAll(async () => {
    t = await startApp({ today });
    dashboard = await t.get('secretariat', '/api/dashboard');
    const res = await t.call('secretariat', 'POST', '/api/bulletins', { period: PERIOD[today] });
    expect(res.status).toBe(201);
    bulletinId = res.body.id;
    snapshot = (await t.get('secretariat', `/api/bulletins/${bulletinId}`)).snapshot;
  });
  afterAll(() => t.close());

  it('the dashboard and the bulletin count the same tasks, and the work items add up to the total', () => {
    const figures = {
      dashboard: {
        tasks: dashboard.totals.tasks,
        workItemTasks: dashboard.workItems.map((w: any) => w.tasks),
        overdue: dashboard.totals.overdue,
        red: dashboard.totals.byColour.red,
        yellow: dashboard.totals.byColour.yellow,
        blue: dashboard.totals.byColour.blue,
      },
      bulletin: {
        tasks: snapshot.summary.tasks.count,
        workItemTasks: snapshot.workItems.map((w: any) => w.tasks.count),
        overdue: snapshot.summary.overdue.count,
        red: snapshot.summary.red.count,
        yellow: snapshot.summary.yellow.count,
        blue: snapshot.summary.blue.count,
      },
    };
    const { open: _open, coordination: _c, stations: _s, ranked: _r, ...expected } = pinned;
    expect(figures.dashboard).toEqual(expected);
    expect(figures.bulletin).toEqual(expected);
    expect(pinned.workItemTasks.reduce((a, b) => a + b, 0)).toBe(pinned.tasks);
    expect(snapshot.summary.open.count).toBe(pinned.open);
  });

  it('the task export holds the same counted tasks, overdue and colour grades', async () => {
    const rows = (await sheetRows(t, '/api/export/tasks.xlsx')).filter((r) => r['状态'] !== '草稿');
    expect(rows).toHaveLength(pinned.tasks);
    expect(rows.filter((r) => r['逾期'] === '是')).toHaveLength(pinned.overdue);
    expect(['红', '黄', '蓝'].map((c) => rows.filter((r) => r['督办'] === c).length)).toEqual([
      pinned.red,
      pinned.yellow,
      pinned.blue,
    ]);
  });

  it('the plan-wide digest counts the same overdue tasks', async () => {
    const me = await t.get('lead', '/api/auth/me');
    const preview = await t.call('lead', 'GET', `/api/digests/preview?userId=${me.id}`);
    expect(preview.status).toBe(200);
    expect(preview.body.counts.overdue.count).toBe(pinned.overdue);
    expect([...preview.body.counts.overdue.ids].sort()).toEqual([...snapshot.summary.overdue.taskIds].sort());
  });

  it('an indicator shows the same achievement and both pro-rata figures, labelled, on the dashboard and in the bulletin', async () => {
    const board = dashboard.indicators.find((i: any) => i.code === 'bs-new-2023').metrics;
    const doc = snapshot.indicators.find((i: any) => i.code === 'bs-new-2023');
    const { achievement, proRataAtLatest, proRataToday, latestOn } = pinned.stations;
    expect([board.achievementPercent, board.proRataAtLatest, board.proRataToday, board.latestOn]).toEqual([
      achievement,
      proRataAtLatest,
      proRataToday,
      latestOn,
    ]);
    expect([doc.achievementPercent, doc.proRataAtLatest, doc.proRataPercent, doc.latestOn]).toEqual([
      achievement,
      proRataAtLatest,
      proRataToday,
      latestOn,
    ]);
    // the cumulative indicator of the same year counts the same days
    const total = await t.get('viewer', `/api/indicators?planId=${dashboard.plan.id}`);
    const cumulative = total.find((i: any) => i.code === 'bs-total').metrics;
    expect(cumulative.proRataToday).toBe(proRataToday);
    // the source document's figure, whatever the date: 1,127 / 850 = 132.6% against 58.1%
    const id = total.find((i: any) => i.code === 'bs-new-2023').id;
    const july = (await t.get('viewer', `/api/indicators/${id}?asOf=2023-07-31`)).metrics;
    expect([july.latestValue, july.achievementPercent, july.proRataAtLatest]).toEqual([1127, 132.6, 58.1]);
  });

  it('the bulletin states its rules where they matter: under the tables, with both pro-rata figures named', async () => {
    const res = await fetch(`${t.url}/api/bulletins/${bulletinId}/preview`, {
      headers: { authorization: `Bearer ${await t.as('secretariat')}` },
    });
    const html = await res.text();
    for (const text of [
      '统计口径：计划内已下达的全部任务，含子任务，不含尚未下达的草稿。',
      '序时进度（截至最新数据日）',
      '序时进度（截至今日）',
      '需协调事项：截至统计日仍未解决的协调请求',
      '排名规则：',
      `计划共有工作任务 <b>${pinned.tasks}</b> 项`,
      `需协调事项 <b>${pinned.coordination}</b> 项`,
    ]) {
      expect(html).toContain(text);
    }
  });

  it('counts the open coordination requests and ranks by the stated rule, the same on both screens', () => {
    expect(snapshot.summary.coordination.count).toBe(pinned.coordination);
    expect(snapshot.coordination).toHaveLength(pinned.coordination);
    const ranked = snapshot.ranking.filter((r: any) => r.rank !== null).map((r: any) => [r.rank, r.code]);
    expect(ranked).toEqual(pinned.ranked);
    // no dispatch round in the demo: the dashboard, which has no reporting rate, ranks the same
    const board = dashboard.units
      .filter((u: any) => u.rank !== null)
      .sort((a: any, b: any) => a.rank - b.rank || a.code.localeCompare(b.code))
      .map((u: any) => [u.rank, u.code]);
    expect(board).toEqual(pinned.ranked);
    expect(dashboard.rankingRule.zh).toContain('名次并列');
  });
});
