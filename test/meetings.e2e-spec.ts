// Consultation meetings over real HTTP on the demo plan (today 2023-09-20): scheduling and its checks, who reads
// which meeting, changes of time and cancellation, minutes and attendance, and decisions that become follow-up
// tasks which the next meeting's agenda reviews until they are closed.
import { DataSource } from 'typeorm';
import { MeetingsService, type MeetingChange } from '../src/meetings/meetings.service';
import { Task } from '../src/tasks/task.entity';
import { startApp, type TestApp } from './support/app';

const TODAY = '2023-09-20';

interface Unit {
  id: number;
  code: string;
  name: string;
}

describe('consultation meetings', () => {
  let t: TestApp;
  let units: Record<string, Unit>;
  let taskIds: Record<string, number>;
  let workItems: Record<string, number>;
  const changes: { meetingId: number; change: MeetingChange; sequence: number }[] = [];

  const meeting = (over: Record<string, unknown> = {}) => ({
    title: '5G建设和应用推进工作专班第二次会商会',
    startsAt: '2023-09-28T09:30:00+08:00',
    endsAt: '2023-09-28T11:30:00+08:00',
    place: '天水市工业和信息化局三楼会议室',
    conveningUnitId: units.gxj.id,
    convenerName: '王振华',
    unitIds: [units.gxj.id, units.yd.id, units.tt.id],
    ...over,
  });
  const create = async (over: Record<string, unknown> = {}) => {
    const res = await t.call('secretariat', 'POST', '/api/meetings', meeting(over));
    expect(res.status).toBe(201);
    return res.body;
  };
  const count = async () => (await t.get('secretariat', '/api/meetings')).total as number;

  beforeAll(async () => {
    t = await startApp({ today: TODAY });
    const list = await t.get<Unit[]>('lead', '/api/units');
    units = Object.fromEntries(list.map((u) => [u.code, u]));
    const tasks = await t.get('lead', '/api/tasks?pageSize=500');
    taskIds = Object.fromEntries(tasks.items.map((x: { code: string; id: number }) => [x.code, x.id]));
    const wi = await t.get<{ id: number; code: string }[]>('lead', '/api/work-items');
    workItems = Object.fromEntries(wi.map((w) => [w.code, w.id]));
    t.app.get(MeetingsService).onChange((m, change) => {
      changes.push({ meetingId: m.id, change, sequence: m.sequence });
    });
  });
  afterAll(() => t.close());

  describe('scheduling', () => {
    it('creates a meeting with its units and attendees, and records it in the audit log', async () => {
      const m = await create({
        titleEn: 'Second consultation meeting',
        attendees: [
          { unitId: units.yd.id, name: '张伟', position: '副总经理', email: 'zhang.wei@yd.example.cn' },
          { unitId: units.gxj.id, name: '王振华', position: '副局长' },
        ],
      });
      expect(m).toMatchObject({
        status: 'planned',
        sequence: 0,
        agendaAsOf: null,
        startsAt: '2023-09-28T01:30:00.000Z',
        conveningUnit: { id: units.gxj.id, name: units.gxj.name },
        agenda: [],
        decisions: [],
      });
      expect(m.units.map((u: Unit) => u.code)).toEqual(['gxj', 'yd', 'tt'].sort((a, b) => units[a].id - units[b].id));
      expect(m.units[0].name).toBeTruthy();
      expect(m.attendees).toHaveLength(2);
      expect(m.attendees[0]).toMatchObject({ name: '张伟', unit: { code: 'yd' }, present: null });
      const audit = await t.get('lead', `/api/audit?entityType=meeting&entityId=${m.id}`);
      expect(
        audit.items.some((e: { action: string; field: string }) => e.action === 'create' && e.field === 'title'),
      ).toBe(true);
      const trail = await t.get('secretariat', `/api/meetings/${m.id}/audit`);
      expect(trail.total).toBeGreaterThan(0);
    });

    it('refuses bad input with a 400 naming the field, and creates nothing', async () => {
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ endsAt: '2023-09-28T09:00:00+08:00' }, 'endsAt'],
        [{ endsAt: '2023-09-28T09:30:00+08:00' }, 'endsAt'],
        [{ unitIds: [units.yd.id, 999_999] }, 'unitIds'],
        [{ unitIds: [] }, 'unitIds'],
        [{ place: null }, 'place'],
        [{ place: '  ', onlineLink: null }, 'place'],
        [{ startsAt: '2023-09-28T09:30:00' }, 'startsAt'],
        [{ startsAt: '2023-02-30T09:30:00+08:00' }, 'startsAt'],
        [{ conveningUnitId: 999_999 }, 'conveningUnitId'],
        [{ planId: 999_999 }, 'planId'],
        [{ title: ' ' }, 'title'],
        [{ attendees: [{ unitId: units.qzq.id, name: '李' }] }, 'attendees[0].unitId'],
        [{ attendees: [{ userId: 999_999, name: '李' }] }, 'attendees[0].userId'],
        [{ attendees: [{ id: 1, name: '李' }] }, 'attendees[0].id'],
        [{ attendees: [{ name: '李', email: 'not-an-email' }] }, 'attendees[0].email'],
        [{ status: 'held' }, 'status'],
      ];
      for (const [over, field] of cases) {
        const res = await t.call('secretariat', 'POST', '/api/meetings', meeting(over));
        expect([res.status, res.body.errors?.[0]?.field]).toEqual([400, field]);
        expect(res.body.messageZh).toBeTruthy();
      }
      expect(await count()).toBe(before);
    });

    it('lets only the secretariat and leads schedule a meeting', async () => {
      const before = await count();
      for (const who of ['liaison', 'viewer', 'admin']) {
        expect((await t.call(who, 'POST', '/api/meetings', meeting())).status).toBe(403);
      }
      expect(
        (await t.call('lead', 'POST', '/api/meetings', meeting({ onlineLink: 'https://m.example.cn/1' }))).status,
      ).toBe(201);
      expect(await count()).toBe(before + 1);
    });

    it('answers 404 for an unknown meeting and 400 for a malformed id', async () => {
      expect((await t.call('secretariat', 'GET', '/api/meetings/999999')).status).toBe(404);
      expect((await t.call('secretariat', 'PATCH', '/api/meetings/999999', { title: 'x' })).status).toBe(404);
      const bad = await t.call('secretariat', 'GET', '/api/meetings/abc');
      expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'id']);
    });
  });

  describe('who reads which meeting', () => {
    let ydMeeting: { id: number };
    let qzqMeeting: { id: number };

    beforeAll(async () => {
      ydMeeting = await create({
        attendees: [
          { unitId: units.yd.id, name: '张伟', email: 'zhang.wei@yd.example.cn' },
          { unitId: units.tt.id, name: '赵强', email: 'zhao.qiang@tt.example.cn' },
        ],
      });
      qzqMeeting = await create({ title: '秦州区基站进场专题会商', unitIds: [units.qzq.id, units.gxj.id] });
    });

    it('shows a liaison the meetings its unit attends, without other units’ attendee emails', async () => {
      const mine = await t.call('liaison', 'GET', `/api/meetings/${ydMeeting.id}`);
      expect(mine.status).toBe(200);
      const byUnit = Object.fromEntries(
        mine.body.attendees.map((a: { unitId: number; email: string }) => [a.unitId, a]),
      );
      expect(byUnit[units.yd.id].email).toBe('zhang.wei@yd.example.cn');
      expect(byUnit[units.tt.id].email).toBeNull();
      const list = await t.get('liaison', '/api/meetings?pageSize=500');
      expect(list.items.length).toBeGreaterThan(0);
      for (const m of list.items) expect(m.units.map((u: Unit) => u.id)).toContain(units.yd.id);
      expect(list.items.some((m: { id: number }) => m.id === qzqMeeting.id)).toBe(false);
    });

    it('refuses a liaison a meeting its unit does not attend', async () => {
      const res = await t.call('liaison', 'GET', `/api/meetings/${qzqMeeting.id}`);
      expect(res.status).toBe(403);
      expect((await t.call('liaison2', 'GET', `/api/meetings/${ydMeeting.id}`)).status).toBe(403);
      expect((await t.call('liaison2', 'GET', `/api/meetings/${qzqMeeting.id}`)).status).toBe(200);
      expect((await t.call('liaison', 'GET', `/api/meetings/${qzqMeeting.id}/audit`)).status).toBe(403);
    });

    it('shows viewers, admins, leads and the secretariat every meeting', async () => {
      const total = await count();
      for (const who of ['viewer', 'admin', 'lead']) {
        expect((await t.get(who, '/api/meetings?pageSize=500')).total).toBe(total);
        expect((await t.call(who, 'GET', `/api/meetings/${qzqMeeting.id}`)).status).toBe(200);
      }
      const planned = await t.get('viewer', '/api/meetings?status=planned&from=2023-09-28&to=2023-09-28');
      expect(planned.total).toBe(total);
      expect((await t.get('viewer', '/api/meetings?from=2023-09-29')).total).toBe(0);
    });

    it('lets a liaison change nothing', async () => {
      const id = ydMeeting.id;
      const attempts: [string, string, unknown][] = [
        ['PATCH', `/api/meetings/${id}`, { title: 'x' }],
        ['POST', `/api/meetings/${id}/cancel`, {}],
        ['POST', `/api/meetings/${id}/held`, {}],
        ['PATCH', `/api/meetings/${id}/minutes`, { minutes: 'x' }],
        ['POST', `/api/meetings/${id}/decisions`, { text: 'x' }],
        ['POST', `/api/meetings/${id}/agenda/items`, { title: 'x' }],
      ];
      for (const [method, path, body] of attempts) {
        expect((await t.call('liaison', method, path, body)).status).toBe(403);
      }
      expect((await t.get('secretariat', `/api/meetings/${id}`)).title).toBe(meeting().title);
    });
  });

  describe('changes and cancellation', () => {
    it('bumps the sequence and tells listeners when the time or place changes, not for a new title', async () => {
      const m = await create();
      const retitled = await t.call('secretariat', 'PATCH', `/api/meetings/${m.id}`, { title: '第二次会商会(调整)' });
      expect(retitled.status).toBe(200);
      expect(retitled.body.sequence).toBe(0);
      expect(changes.filter((c) => c.meetingId === m.id)).toEqual([]);

      const moved = await t.call('secretariat', 'PATCH', `/api/meetings/${m.id}`, {
        startsAt: '2023-09-29T14:30:00+08:00',
        endsAt: '2023-09-29T16:30:00+08:00',
      });
      expect(moved.status).toBe(200);
      expect(moved.body).toMatchObject({ sequence: 1, startsAt: '2023-09-29T06:30:00.000Z' });
      const online = await t.call('lead', 'PATCH', `/api/meetings/${m.id}`, {
        place: null,
        onlineLink: 'https://meeting.example.cn/5g',
      });
      expect(online.body).toMatchObject({ sequence: 2, place: null, onlineLink: 'https://meeting.example.cn/5g' });
      expect(changes.filter((c) => c.meetingId === m.id)).toEqual([
        { meetingId: m.id, change: 'rescheduled', sequence: 1 },
        { meetingId: m.id, change: 'rescheduled', sequence: 2 },
      ]);

      const bad = await t.call('secretariat', 'PATCH', `/api/meetings/${m.id}`, {
        endsAt: '2023-09-29T14:00:00+08:00',
      });
      expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'endsAt']);
      const nowhere = await t.call('secretariat', 'PATCH', `/api/meetings/${m.id}`, { onlineLink: null });
      expect([nowhere.status, nowhere.body.errors[0].field]).toEqual([400, 'onlineLink']);
      expect((await t.get('secretariat', `/api/meetings/${m.id}`)).sequence).toBe(2);
    });

    it('replaces the attendees, keeping those listed by id with their attendance', async () => {
      const m = await create({
        attendees: [
          { unitId: units.yd.id, name: '张伟' },
          { unitId: units.tt.id, name: '赵强' },
        ],
      });
      const [zhang, zhao] = m.attendees;
      await t.call('secretariat', 'PATCH', `/api/meetings/${m.id}/minutes`, {
        attendance: [{ attendeeId: zhang.id, present: true }],
      });
      const res = await t.call('secretariat', 'PATCH', `/api/meetings/${m.id}`, {
        attendees: [
          { id: zhang.id, unitId: units.yd.id, name: '张伟', position: '副总经理' },
          { unitId: units.gxj.id, name: '陈晓燕' },
        ],
      });
      expect(res.status).toBe(200);
      expect(res.body.attendees.map((a: { name: string }) => a.name)).toEqual(['张伟', '陈晓燕']);
      expect(res.body.attendees[0]).toMatchObject({ id: zhang.id, position: '副总经理', present: true });
      expect(res.body.attendees.some((a: { id: number }) => a.id === zhao.id)).toBe(false);
      // dropping a unit whose people are still invited is refused
      const orphan = await t.call('secretariat', 'PATCH', `/api/meetings/${m.id}`, { unitIds: [units.gxj.id] });
      expect([orphan.status, orphan.body.errors[0].field]).toEqual([400, 'unitIds']);
      expect((await t.get('secretariat', `/api/meetings/${m.id}`)).units).toHaveLength(3);
      const fewer = await t.call('secretariat', 'PATCH', `/api/meetings/${m.id}`, {
        unitIds: [units.gxj.id, units.yd.id],
      });
      expect(fewer.status).toBe(200);
      expect(fewer.body.units.map((u: Unit) => u.id).sort()).toEqual([units.gxj.id, units.yd.id].sort());
      expect(fewer.body.sequence).toBe(0);
    });

    it('cancels a meeting, after which it can no longer be changed', async () => {
      const m = await create();
      const cancelled = await t.call('secretariat', 'POST', `/api/meetings/${m.id}/cancel`);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', sequence: 1 });
      expect(changes.filter((c) => c.meetingId === m.id)).toEqual([
        { meetingId: m.id, change: 'cancelled', sequence: 1 },
      ]);
      for (const [method, path, body] of [
        ['PATCH', '', { title: 'x' }],
        ['POST', '/cancel', {}],
        ['POST', '/held', {}],
        ['POST', '/agenda/generate', {}],
        ['POST', '/agenda/items', { title: 'x' }],
        ['PATCH', '/minutes', { minutes: 'x' }],
        ['POST', '/decisions', { text: 'x' }],
      ] as [string, string, unknown][]) {
        const res = await t.call('secretariat', method, `/api/meetings/${m.id}${path}`, body);
        expect([method, path, res.status]).toEqual([method, path, 409]);
      }
      const after = await t.get('secretariat', `/api/meetings/${m.id}`);
      expect(after).toMatchObject({ status: 'cancelled', sequence: 1, title: meeting().title });
    });

    it('marks a meeting held only once it has started', async () => {
      const future = await create();
      const early = await t.call('secretariat', 'POST', `/api/meetings/${future.id}/held`);
      expect([early.status, early.body.code]).toEqual([409, 'meeting_not_started']);
      const past = await create({ startsAt: '2023-09-19T09:30:00+08:00', endsAt: '2023-09-19T11:00:00+08:00' });
      const held = await t.call('secretariat', 'POST', `/api/meetings/${past.id}/held`);
      expect(held.body.status).toBe('held');
      expect((await t.call('secretariat', 'POST', `/api/meetings/${past.id}/cancel`)).status).toBe(409);
      expect((await t.call('secretariat', 'POST', `/api/meetings/${past.id}/agenda/generate`, {})).status).toBe(409);
      // minutes and decisions are still recorded after the meeting
      const minutes = await t.call('secretariat', 'PATCH', `/api/meetings/${past.id}/minutes`, { minutes: '纪要' });
      expect(minutes.status).toBe(200);
    });
  });

  describe('minutes, decisions and their follow-up tasks', () => {
    let first: { id: number; title: string; attendees: { id: number }[] };
    let next: { id: number };
    let decided: { id: number; seq: number };
    let undirected: { id: number };
    let followUp: { id: number; code: string };

    beforeAll(async () => {
      first = await create({
        title: '5G建设和应用推进工作专班第一次会商会',
        startsAt: '2023-09-12T09:30:00+08:00',
        endsAt: '2023-09-12T11:30:00+08:00',
        unitIds: [units.gxj.id, units.yd.id, units.qzq.id, units.tt.id],
        attendees: [{ unitId: units.yd.id, name: '张伟' }],
      });
      const gen = await t.call('secretariat', 'POST', `/api/meetings/${first.id}/agenda/generate`, {
        asOf: '2023-09-11',
      });
      expect(gen.status).toBe(200);
    });

    it('records minutes, notes per agenda item and attendance', async () => {
      const detail = await t.get('secretariat', `/api/meetings/${first.id}`);
      const item = detail.agenda[0];
      const res = await t.call('secretariat', 'PATCH', `/api/meetings/${first.id}/minutes`, {
        minutes: '会议研究了基站进场和电力配套问题。',
        items: [{ id: item.id, notes: '天水移动汇报了站址进场情况。' }],
        attendance: [{ attendeeId: first.attendees[0].id, present: false }],
      });
      expect(res.status).toBe(200);
      expect(res.body.minutes).toBe('会议研究了基站进场和电力配套问题。');
      expect(res.body.agenda[0].notes).toBe('天水移动汇报了站址进场情况。');
      expect(res.body.attendees[0].present).toBe(false);

      for (const [body, field] of [
        [{ items: [{ id: 999_999, notes: 'x' }] }, 'items[0].id'],
        [{ attendance: [{ attendeeId: 999_999, present: true }] }, 'attendance[0].attendeeId'],
        [{ attendance: [{ attendeeId: first.attendees[0].id }] }, 'attendance[0].present'],
        [
          {
            minutes: 'changed',
            items: [
              { id: item.id, notes: 'changed' },
              { id: 999_999, notes: 'x' },
            ],
          },
          'items[1].id',
        ],
      ] as [unknown, string][]) {
        const bad = await t.call('secretariat', 'PATCH', `/api/meetings/${first.id}/minutes`, body);
        expect([bad.status, bad.body.errors[0].field]).toEqual([400, field]);
      }
      const after = await t.get('secretariat', `/api/meetings/${first.id}`);
      expect(after.minutes).toBe('会议研究了基站进场和电力配套问题。');
      expect(after.agenda[0].notes).toBe('天水移动汇报了站址进场情况。');
    });

    it('records decisions and checks the units and agenda item they name', async () => {
      const res = await t.call('secretariat', 'POST', `/api/meetings/${first.id}/decisions`, {
        text: '由天水移动牵头、铁塔公司配合,10月底前完成秦州区受阻站址进场。',
        leadUnitId: units.yd.id,
        supportingUnitIds: [units.tt.id],
        deadline: '2023-10-31',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ seq: 1, leadUnit: { code: 'yd' }, taskId: null, task: null });
      decided = res.body;
      const loose = await t.call('secretariat', 'POST', `/api/meetings/${first.id}/decisions`, {
        text: '各县区进一步梳理5G建设需求清单。',
      });
      expect(loose.body.seq).toBe(2);
      undirected = loose.body;

      for (const [body, field] of [
        [{ text: 'x', leadUnitId: 999_999 }, 'leadUnitId'],
        [{ text: 'x', supportingUnitIds: [999_999] }, 'supportingUnitIds'],
        [{ text: 'x', leadUnitId: units.yd.id, supportingUnitIds: [units.yd.id] }, 'supportingUnitIds'],
        [{ text: 'x', agendaItemId: 999_999 }, 'agendaItemId'],
        [{ text: 'x', deadline: '2023-13-01' }, 'deadline'],
        [{ text: '' }, 'text'],
      ] as [unknown, string][]) {
        const bad = await t.call('secretariat', 'POST', `/api/meetings/${first.id}/decisions`, body);
        expect([bad.status, bad.body.errors[0].field]).toEqual([400, field]);
      }
      expect((await t.get('secretariat', `/api/meetings/${first.id}`)).decisions).toHaveLength(2);
    });

    it('refuses to make a task of a decision without a lead unit or a deadline', async () => {
      const path = `/api/meetings/${first.id}/decisions/${undirected.id}/task`;
      const tagged = async () => (await t.get('lead', '/api/tasks?tag=会商&pageSize=500')).total as number;
      const before = await tagged();
      const noLead = await t.call('secretariat', 'POST', path, { workItemId: workItems.W1 });
      expect([noLead.status, noLead.body.errors[0].field]).toEqual([400, 'leadUnitId']);
      const patched = await t.call('secretariat', 'PATCH', `/api/meetings/${first.id}/decisions/${undirected.id}`, {
        leadUnitId: units.gxj.id,
      });
      expect(patched.status).toBe(200);
      const noDeadline = await t.call('secretariat', 'POST', path, { workItemId: workItems.W1 });
      expect([noDeadline.status, noDeadline.body.errors[0].field]).toEqual([400, 'deadline']);
      const past = await t.call('secretariat', 'POST', path, { workItemId: workItems.W1, deadline: '2023-09-01' });
      expect([past.status, past.body.errors[0].field]).toEqual([400, 'deadline']);
      const noItem = await t.call('secretariat', 'POST', path, { workItemId: 999_999, deadline: '2023-11-30' });
      expect([noItem.status, noItem.body.errors[0].field]).toEqual([400, 'workItemId']);
      expect((await t.call('liaison', 'POST', path, { workItemId: workItems.W1 })).status).toBe(403);
      expect(await tagged()).toBe(before);
    });

    it('makes a decision a follow-up task in one step, linked both ways', async () => {
      const res = await t.call('secretariat', 'POST', `/api/meetings/${first.id}/decisions/${decided.id}/task`, {
        workItemId: workItems.W1,
        priority: 'high',
      });
      expect(res.status).toBe(201);
      const task = res.body.task;
      followUp = task;
      expect(task).toMatchObject({
        decisionId: decided.id,
        leadUnit: { id: units.yd.id },
        deadline: '2023-10-31',
        priority: 'high',
        status: 'assigned',
        tags: ['会商'],
        workItem: { id: workItems.W1 },
      });
      expect(task.supportingUnits.map((u: Unit) => u.id)).toEqual([units.tt.id]);
      expect(task.description).toContain(first.title);
      expect(task.description).toContain('2023-09-12');
      expect(task.description).toContain('10月底前完成秦州区受阻站址进场');
      expect(res.body.decision).toMatchObject({
        id: decided.id,
        taskId: task.id,
        task: { id: task.id, status: 'assigned' },
      });

      const row = await t.app.get(DataSource).getRepository(Task).findOneByOrFail({ id: task.id });
      expect(row.decisionId).toBe(decided.id);
      const detail = await t.get('secretariat', `/api/meetings/${first.id}`);
      expect(detail.decisions[0]).toMatchObject({ taskId: task.id, task: { code: task.code, progress: 0 } });

      const again = await t.call('secretariat', 'POST', `/api/meetings/${first.id}/decisions/${decided.id}/task`, {
        workItemId: workItems.W1,
      });
      expect([again.status, again.body.code]).toEqual([409, 'decision_has_task']);
      const moveLead = await t.call('secretariat', 'PATCH', `/api/meetings/${first.id}/decisions/${decided.id}`, {
        leadUnitId: units.gxj.id,
      });
      expect(moveLead.status).toBe(409);
      const audit = await t.get('secretariat', `/api/tasks/${task.id}/audit`);
      expect(audit.items.some((e: { action: string }) => e.action === 'decision.link')).toBe(true);
    });

    it('shows the follow-up task to a liaison of its lead unit, and not to another unit’s', async () => {
      const mine = await t.get('liaison', `/api/tasks?unitId=${units.yd.id}&pageSize=500`);
      expect(mine.items.some((x: { id: number }) => x.id === followUp.id)).toBe(true);
      const one = await t.call('liaison', 'GET', `/api/tasks/${followUp.id}`);
      expect(one.status).toBe(200);
      expect(one.body).toMatchObject({ code: followUp.code, leadUnit: { id: units.yd.id } });
      expect((await t.call('liaison2', 'GET', `/api/tasks/${followUp.id}`)).status).toBe(403);
    });

    it('lists the open decisions of the last meeting on the next agenda with their task status, until closed', async () => {
      expect((await t.call('secretariat', 'POST', `/api/meetings/${first.id}/held`)).status).toBe(200);
      next = await create({ unitIds: [units.gxj.id, units.yd.id, units.qzq.id, units.tt.id] });
      const key = `decision:${decided.id}`;
      interface Item {
        sourceKey: string;
        kind: string;
        detail: string;
        leadUnitId: number;
        sources: { taskIds: number[] };
        sourceRows: { tasks: { status: string; progress: number }[] };
      }
      const itemOf = (agenda: Item[]) => agenda.find((i) => i.sourceKey === key) as Item;
      const generate = async () => {
        const res = await t.call('secretariat', 'POST', `/api/meetings/${next.id}/agenda/generate`, {});
        expect(res.status).toBe(200);
        return res.body.agenda;
      };

      const agenda = await generate();
      const item = itemOf(agenda);
      expect(item).toMatchObject({
        kind: 'open_decision',
        leadUnitId: units.yd.id,
        sources: { taskIds: [followUp.id] },
      });
      expect(item.detail).toContain(followUp.code);
      expect(item.detail).toContain('已下达');
      expect(item.sourceRows.tasks[0]).toMatchObject({ status: 'assigned', progress: 0 });
      // the decision without a task is open too
      expect(agenda.some((i: { sourceKey: string }) => i.sourceKey === `decision:${undirected.id}`)).toBe(true);

      // the lead unit asks to close the task: still open until a lead accepts
      const ask = await t.call('liaison', 'POST', `/api/tasks/${followUp.id}/closing`, { note: '站址已全部进场。' });
      expect(ask.status).toBe(201);
      const asked = itemOf(await generate());
      expect(asked.detail).toContain('已申请办结');
      expect(asked.sourceRows.tasks[0].status).toBe('submitted');

      const accept = await t.call('lead', 'POST', `/api/tasks/${followUp.id}/closing/accept`, {});
      expect(accept.status).toBe(200);
      expect(accept.body.status).toBe('accepted');
      const after = await generate();
      expect(after.some((i: { sourceKey: string }) => i.sourceKey === key)).toBe(false);
      const detail = await t.get('secretariat', `/api/meetings/${first.id}`);
      expect(detail.decisions[0].task).toMatchObject({ status: 'closed', progress: 100 });
    });

    it('takes up only the matters raised since the last meeting', async () => {
      const agenda = (await t.get('secretariat', `/api/meetings/${next.id}`)).agenda;
      // the demo reports needing coordination were filed in August, before the first meeting
      expect(agenda.filter((i: { kind: string }) => i.kind === 'coordination')).toEqual([]);
      const filed = await t.call('liaison2', 'POST', `/api/tasks/${taskIds['W1-6']}/reports`, {
        period: '2023-09',
        text: '已与3个小区物业达成进场协议。',
        percent: 45,
        problems: '仍有2个小区物业拒绝进场,需市住建局协调。',
        needsCoordination: true,
      });
      expect(filed.status).toBe(201);
      const res = await t.call('secretariat', 'POST', `/api/meetings/${next.id}/agenda/generate`, {});
      const items = res.body.agenda.filter((i: { kind: string }) => i.kind === 'coordination');
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        sourceKey: `coordination:unit:${units.qzq.id}`,
        sources: { reportIds: [filed.body.id], reportTotal: 1 },
        presenter: units.qzq.name,
        detail: '仍有2个小区物业拒绝进场,需市住建局协调。',
      });
    });
  });
});
