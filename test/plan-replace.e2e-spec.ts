// Replacing a plan (load-plan --replace, seed-demo --replace) on a plan in use: a meeting with an agenda and a
// decision, a dispatch round and a bulletin made through the API go with the old plan, every list and detail
// endpoint answers 2xx afterwards, the old rows answer 404, and no row is left pointing at what was deleted.
import { DataSource, Like } from 'typeorm';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { MailSender } from '../src/mail/mail-sender';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { OutboxService } from '../src/mail/outbox.service';
import { PlanLoaderService } from '../src/plan-files/plan-loader.service';
import { startApp, type TestApp } from './support/app';

/** Rows pointing at a plan, task, meeting, round, report or indicator that does not exist. */
const ORPHANS: Record<string, string> = {
  meeting: `SELECT COUNT(*) AS n FROM "meeting" m WHERE NOT EXISTS (SELECT 1 FROM "plan" p WHERE p."id" = m."planId")`,
  meeting_unit: `SELECT COUNT(*) AS n FROM "meeting_unit" x WHERE NOT EXISTS (SELECT 1 FROM "meeting" m WHERE m."id" = x."meetingId")`,
  meeting_attendee: `SELECT COUNT(*) AS n FROM "meeting_attendee" x WHERE NOT EXISTS (SELECT 1 FROM "meeting" m WHERE m."id" = x."meetingId")`,
  agenda_item: `SELECT COUNT(*) AS n FROM "agenda_item" x WHERE NOT EXISTS (SELECT 1 FROM "meeting" m WHERE m."id" = x."meetingId")`,
  decision: `SELECT COUNT(*) AS n FROM "decision" x WHERE NOT EXISTS (SELECT 1 FROM "meeting" m WHERE m."id" = x."meetingId")`,
  decision_task: `SELECT COUNT(*) AS n FROM "decision" x WHERE x."taskId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "task" t WHERE t."id" = x."taskId")`,
  task_decision: `SELECT COUNT(*) AS n FROM "task" x WHERE x."decisionId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "decision" d WHERE d."id" = x."decisionId")`,
  dispatch_round: `SELECT COUNT(*) AS n FROM "dispatch_round" x WHERE NOT EXISTS (SELECT 1 FROM "plan" p WHERE p."id" = x."planId")`,
  dispatch_round_unit: `SELECT COUNT(*) AS n FROM "dispatch_round_unit" x WHERE NOT EXISTS (SELECT 1 FROM "dispatch_round" r WHERE r."id" = x."roundId")`,
  dispatch_round_task: `SELECT COUNT(*) AS n FROM "dispatch_round_task" x WHERE NOT EXISTS (SELECT 1 FROM "dispatch_round" r WHERE r."id" = x."roundId") OR NOT EXISTS (SELECT 1 FROM "task" t WHERE t."id" = x."taskId")`,
  bulletin: `SELECT COUNT(*) AS n FROM "bulletin" x WHERE NOT EXISTS (SELECT 1 FROM "plan" p WHERE p."id" = x."planId")`,
  work_item: `SELECT COUNT(*) AS n FROM "work_item" x WHERE NOT EXISTS (SELECT 1 FROM "plan" p WHERE p."id" = x."planId")`,
  task: `SELECT COUNT(*) AS n FROM "task" x WHERE NOT EXISTS (SELECT 1 FROM "plan" p WHERE p."id" = x."planId")`,
  indicator: `SELECT COUNT(*) AS n FROM "indicator" x WHERE NOT EXISTS (SELECT 1 FROM "plan" p WHERE p."id" = x."planId")`,
  indicator_value: `SELECT COUNT(*) AS n FROM "indicator_value" x WHERE NOT EXISTS (SELECT 1 FROM "indicator" i WHERE i."id" = x."indicatorId") OR (x."reportId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "progress_report" r WHERE r."id" = x."reportId"))`,
  progress_report: `SELECT COUNT(*) AS n FROM "progress_report" x WHERE NOT EXISTS (SELECT 1 FROM "task" t WHERE t."id" = x."taskId") OR (x."dispatchRoundId" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "dispatch_round" r WHERE r."id" = x."dispatchRoundId"))`,
  task_supporting_unit: `SELECT COUNT(*) AS n FROM "task_supporting_unit" x WHERE NOT EXISTS (SELECT 1 FROM "task" t WHERE t."id" = x."taskId")`,
  task_indicator: `SELECT COUNT(*) AS n FROM "task_indicator" x WHERE NOT EXISTS (SELECT 1 FROM "task" t WHERE t."id" = x."taskId") OR NOT EXISTS (SELECT 1 FROM "indicator" i WHERE i."id" = x."indicatorId")`,
  extension_request: `SELECT COUNT(*) AS n FROM "extension_request" x WHERE NOT EXISTS (SELECT 1 FROM "task" t WHERE t."id" = x."taskId")`,
  closing_request: `SELECT COUNT(*) AS n FROM "closing_request" x WHERE NOT EXISTS (SELECT 1 FROM "task" t WHERE t."id" = x."taskId")`,
};

describe('replacing a plan in use', () => {
  let t: TestApp;
  let db: DataSource;
  const old: { meeting: number; decision: number; round: number; bulletin: number; task: number } = {
    meeting: 0,
    decision: 0,
    round: 0,
    bulletin: 0,
    task: 0,
  };

  beforeAll(async () => {
    t = await startApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  const count = async (sql: string) => Number((await db.query(sql))[0].n);

  it('builds on the demo plan: a meeting with an agenda and a decision, a dispatch round, a bulletin', async () => {
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    const unit = Object.fromEntries(units.map((u) => [u.code, u.id]));
    const meeting = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '5G建设和应用推进工作专班第二次会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '天水市工业和信息化局三楼会议室',
      conveningUnitId: unit.gxj,
      unitIds: [unit.gxj, unit.yd, unit.tt],
      attendees: [{ name: '王振华', unitId: unit.gxj }],
    });
    expect(meeting.status).toBe(201);
    old.meeting = meeting.body.id;
    const agenda = await t.call('secretariat', 'POST', `/api/meetings/${old.meeting}/agenda/generate`, {});
    expect(agenda.status).toBeLessThan(300);
    expect(agenda.body.agenda.length).toBeGreaterThan(0);
    const decision = await t.call('secretariat', 'POST', `/api/meetings/${old.meeting}/decisions`, {
      text: '由天水移动牵头、铁塔公司配合，10月底前完成秦州区受阻站址进场。',
      leadUnitId: unit.yd,
      supportingUnitIds: [unit.tt],
      deadline: '2023-10-31',
    });
    expect(decision.status).toBe(201);
    old.decision = decision.body.id;
    const workItems = await t.get<{ id: number }[]>('lead', '/api/work-items');
    const task = await t.call('secretariat', 'POST', `/api/meetings/${old.meeting}/decisions/${old.decision}/task`, {
      workItemId: workItems[0].id,
    });
    expect(task.status).toBe(201);
    old.task = task.body.task.id;

    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    expect(round.status).toBe(201);
    old.round = round.body.id;
    const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect(bulletin.status).toBe(201);
    old.bulletin = bulletin.body.id;
    const sent = await t.call('secretariat', 'POST', `/api/bulletins/${old.bulletin}/send`, {});
    expect(sent.status).toBeLessThan(300);
    expect(await count(`SELECT COUNT(*) AS n FROM "outbox_message" WHERE "kind" = 'bulletin'`)).toBeGreaterThan(0);
    // the bulletin and the round's requests go out (to .eml files); one more request is still waiting
    await t.app.get(MailSender).deliverAll();
    await t.app.get(OutboxService).enqueue({
      key: `dispatch.request:${old.round}:again`,
      kind: 'dispatch.request',
      recipientKey: 'unit:1',
      to: ['yd@tianshui.example.cn'],
      subject: '调度提醒',
      html: '<p>调度提醒</p>',
      text: '调度提醒',
    });
  });

  it('replaces the plan: the old rows are gone and nothing points at them', async () => {
    const loader = t.app.get(PlanLoaderService);
    const file = await loader.readFile('config/demo-plan.json');
    const summary = await loader.load(SYSTEM_ACTOR, file, 'config/demo-plan.json', { replace: true });
    expect(summary.tasks).toBeGreaterThan(0);

    for (const [table, sql] of Object.entries(ORPHANS)) {
      expect([table, await count(sql)]).toEqual([table, 0]);
    }
    expect(await count(`SELECT COUNT(*) AS n FROM "meeting"`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM "dispatch_round"`)).toBe(0);
    expect(await count(`SELECT COUNT(*) AS n FROM "bulletin"`)).toBe(0);
    // no mail about the deleted bulletin, round or meeting is left to send; what was sent stays on record
    const about = [
      { idempotencyKey: Like(`bulletin:${old.bulletin}:%`) },
      { idempotencyKey: Like(`dispatch.request:${old.round}:%`) },
    ];
    const left = await db.getRepository(OutboxMessage).find({ where: about });
    expect(left.filter((m) => m.status !== 'sent')).toEqual([]);
    expect(left.filter((m) => m.kind === 'bulletin').length).toBeGreaterThan(0);
    expect(left.some((m) => m.idempotencyKey === `dispatch.request:${old.round}:again`)).toBe(false);
    // the audit log keeps what happened to the replaced plan's rows, and records the replacement
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM "audit_entry" WHERE "entityType" = 'bulletin' AND "entityId" = ${old.bulletin}`,
      ),
    ).toBeGreaterThan(0);
    expect(
      await count(
        `SELECT COUNT(*) AS n FROM "audit_entry" WHERE "action" = 'plan.load' AND "field" = 'replacedPlanId'`,
      ),
    ).toBe(1);
  });

  it('every list answers 2xx, and so does the detail of what remains; the old rows answer 404', async () => {
    const lists = [
      '/api/plans',
      '/api/work-items',
      '/api/users',
      '/api/units',
      '/api/tasks',
      '/api/extensions',
      '/api/reports',
      '/api/indicators',
      '/api/meetings',
      '/api/dispatch-rounds',
      '/api/bulletins',
      '/api/audit',
      '/api/outbox',
      '/api/outbox/counts',
      '/api/schedule',
      '/api/schedule/runs',
      '/api/dashboard',
      '/api/export/tasks.xlsx',
      '/api/auth/me',
    ];
    const bodies: Record<string, any> = {};
    for (const path of lists) {
      // the audit log is the auditor's (and the office's), not the system administrator's
      const res = await t.call(path === '/api/audit' ? 'auditor' : 'admin', 'GET', path);
      expect([path, res.status]).toEqual([path, 200]);
      bodies[path] = res.body;
    }
    const itemsOf = (body: any): { id: number }[] => (Array.isArray(body) ? body : (body?.items ?? []));
    const details: [string, string][] = [
      ['/api/plans', '/api/plans/'],
      ['/api/work-items', '/api/work-items/'],
      ['/api/users', '/api/users/'],
      ['/api/units', '/api/units/'],
      ['/api/tasks', '/api/tasks/'],
      ['/api/reports', '/api/reports/'],
      ['/api/indicators', '/api/indicators/'],
      ['/api/outbox', '/api/outbox/'],
    ];
    for (const [list, detail] of details) {
      const items = itemsOf(bodies[list]);
      // the mail about the old plan went with it; whatever other mail remains is shown
      if (list !== '/api/outbox') expect([list, items.length > 0]).toEqual([list, true]);
      for (const item of items.slice(0, 3)) {
        const res = await t.call('admin', 'GET', `${detail}${item.id}`);
        expect([`${detail}${item.id}`, res.status]).toEqual([`${detail}${item.id}`, 200]);
      }
    }
    const task = itemsOf(bodies['/api/tasks'])[0];
    for (const path of [`/api/tasks/${task.id}/audit`, `/api/tasks/${task.id}/reports`]) {
      expect([path, (await t.call('admin', 'GET', path)).status]).toEqual([path, 200]);
    }

    for (const path of [
      `/api/meetings/${old.meeting}`,
      `/api/meetings/${old.meeting}/agenda.md`,
      `/api/dispatch-rounds/${old.round}`,
      `/api/dispatch-rounds/${old.round}/late`,
      `/api/bulletins/${old.bulletin}`,
      `/api/tasks/${old.task}`,
    ]) {
      expect([path, (await t.call('admin', 'GET', path)).status]).toEqual([path, 404]);
    }
  });

  it('a meeting, a round and a bulletin can be made again on the new plan', async () => {
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    const meeting = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '三楼会议室',
      unitIds: [units[0].id],
    });
    expect(meeting.status).toBe(201);
    expect((await t.call('admin', 'GET', `/api/meetings/${meeting.body.id}`)).status).toBe(200);
    const round = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    expect(round.status).toBe(201);
    const bulletin = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect(bulletin.status).toBe(201);
    expect(bulletin.body.number).toBe(1);
  });
});
