// 待办: GET /api/my-work gives each role what waits for it — the lead the closing and extension requests, the
// secretariat the reports to review and the rounds with reports missing, the liaison its unit's reports a round
// asks for — with counts that match the lists they stand for, and nothing for a role that decides nothing.
import { startApp, type TestApp } from './support/app';

interface Section {
  kind: string;
  count: number;
  items: { title: string; code: string | null; taskId: number | null; href: string; date: string | null }[];
  href: string;
}

describe('my work (待办)', () => {
  let t: TestApp;
  const sections = async (who: string): Promise<Record<string, Section>> => {
    const body = await t.get(who, '/api/my-work');
    expect(body.total).toBe(body.sections.reduce((n: number, s: Section) => n + s.count, 0));
    return Object.fromEntries(body.sections.map((s: Section) => [s.kind, s]));
  };

  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  it('gives the lead the tasks put forward for closing and the extension requests, as the lists count them', async () => {
    const mine = await sections('lead');
    const submitted = await t.get('lead', '/api/tasks?status=submitted&pageSize=100');
    const pending = await t.get('lead', '/api/extensions?status=pending');
    expect(mine.closing.count).toBe(submitted.total);
    expect(mine.closing.count).toBeGreaterThan(0);
    expect(mine.closing.items.map((i) => i.taskId)).toEqual(
      expect.arrayContaining(submitted.items.slice(0, 1).map((x: { id: number }) => x.id)),
    );
    expect(mine.closing.items[0].href).toMatch(/^\/tasks\/\d+$/);
    expect(mine.extensions.count).toBe(pending.length);
  });

  it('gives the secretariat the reports to review and an open round with reports missing', async () => {
    const before = await sections('secretariat');
    const reviews = await t.get('secretariat', '/api/reports?status=submitted&pageSize=1');
    expect(before.reviews.count).toBe(reviews.total);
    expect(before.closing).toBeUndefined();
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    expect(round.status).toBe(201);
    const after = await sections('secretariat');
    expect(after.rounds.count).toBe((before.rounds?.count ?? 0) + 1);
    expect(after.rounds.items.map((i) => i.href)).toContain(`/dispatch/${round.body.id}`);
  });

  it("gives the liaison its unit's tasks the round asks a report for, and takes one off when it is filed", async () => {
    const before = await sections('liaison');
    expect(before.toReport.count).toBeGreaterThan(0);
    expect(before.reviews).toBeUndefined();
    const first = before.toReport.items[0];
    expect(first.href).toBe(`/tasks/${first.taskId}/report`);
    const task = await t.get('liaison', `/api/tasks/${first.taskId}`);
    const filed = await t.call('liaison', 'POST', `/api/tasks/${first.taskId}/reports`, {
      period: '2023-09',
      text: '按调度要求报送9月进展。',
      percent: Math.min(100, task.progress + 1),
    });
    expect(filed.status).toBe(201);
    const after = await sections('liaison');
    expect(after.toReport.count).toBe(before.toReport.count - 1);
    expect(after.toReport.items.map((i) => i.taskId)).not.toContain(first.taskId);
  });

  it('has nothing for the viewer, and is refused to the auditor', async () => {
    expect(await t.get('viewer', '/api/my-work')).toEqual(expect.objectContaining({ total: 0, sections: [] }));
    expect((await t.call('auditor', 'GET', '/api/my-work')).status).toBe(403);
  });
});
