// Acknowledgements (签收): a task assigned to units asks each to acknowledge it within the office hours configured;
// the unit's liaison acknowledges (nobody else), and an item still awaited past its due time is reminded once.
import { MailSender } from '../src/mail/mail-sender';
import { demoTasks, involves } from './support/demo';
import { startApp, type TestApp } from './support/app';
import { startSmtp, type ReceivedMessage, type TestSmtpServer } from './support/smtp';

const at = (local: string) => new Date(`${local}+08:00`);
const iso = (local: string) => at(local).toISOString();
/** The minute of an instant (the clock keeps running from where a test set it). */
const minute = (instant: string) => instant.slice(0, 16);

describe('acknowledgements', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let unitIds: Map<string, number>;
  let workItemId: number;
  let taskId: number;

  const run = async () => {
    const res = await t.call('secretariat', 'POST', '/api/schedule/acknowledgement.remind/run');
    expect(res.body).toMatchObject({ job: 'acknowledgement.remind', status: 'done' });
    return res.body as { messages: number };
  };
  const deliver = async (): Promise<ReceivedMessage[]> => {
    const before = smtp.messages.length;
    await t.app.get(MailSender).deliverPending(1000);
    return smtp.messages.slice(before).filter((m) => m.subject.startsWith('【签收提醒】'));
  };
  const itemsOf = async (id: number) =>
    (await t.get('lead', `/api/tasks/${id}/acknowledgements`)) as {
      id: number;
      unit: { code: string };
      status: string;
      dueAt: string;
      acknowledgedAt: string | null;
      acknowledgedBy: { displayName: string } | null;
      onTime: boolean | null;
      kind: string;
    }[];

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({
      config: { mail: { smtp: { host: '127.0.0.1', port: smtp.port }, retryBaseSeconds: 0 } },
    });
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    unitIds = new Map(units.map((u) => [u.code, u.id]));
    workItemId = (await t.get('lead', '/api/work-items'))[0].id;
    // Wednesday 20 September 2023, 10:00 in Tianshui
    t.clock.setNow(at('2023-09-20T10:00:00'));
    const res = await t.call('secretariat', 'POST', '/api/tasks', {
      workItemId,
      title: '签收测试任务',
      leadUnitId: unitIds.get('yd'),
      supportingUnitIds: [unitIds.get('qzq')],
      startDate: '2023-09-20',
      deadline: '2023-10-31',
    });
    expect(res.status).toBe(201);
    taskId = res.body.id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('the demo plan asked the units of each task it gives as just assigned, and nobody for the others', async () => {
    const items = await t.get<{ task: { id: number; code: string } }[]>(
      'lead',
      `/api/acknowledgements?unitId=${unitIds.get('yd')}&kind=task`,
    );
    const expected = demoTasks
      // a task already in progress, blocked or put forward for closing was evidently received
      .filter((x) => x.status === 'assigned' && involves(x, 'yd'))
      .map((x) => x.code)
      .sort();
    expect(expected.length).toBeGreaterThan(0);
    // the task this suite created before is not the demo's
    const demoItems = items.filter((i) => i.task.id !== taskId);
    expect(demoItems.map((i) => i.task.code).sort()).toEqual(expected);
  });

  it('a task created for a lead and a supporting unit asks both, due 8 office hours later (the next day 10:00)', async () => {
    const items = await itemsOf(taskId);
    const rows = items.map((i) => [i.unit.code, i.kind, i.status, i.dueAt, i.acknowledgedAt]);
    expect(rows.sort()).toEqual([
      ['qzq', 'task', 'pending', iso('2023-09-21T10:00:00'), null],
      ['yd', 'task', 'pending', iso('2023-09-21T10:00:00'), null],
    ]);
  });

  it("another unit's liaison, a lead and a viewer cannot acknowledge the unit's item, and nothing changes", async () => {
    const yd = (await itemsOf(taskId)).find((i) => i.unit.code === 'yd')!;
    for (const who of ['liaison2', 'lead', 'viewer', 'secretariat']) {
      const res = await t.call(who, 'POST', `/api/acknowledgements/${yd.id}`);
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    expect((await itemsOf(taskId)).find((i) => i.id === yd.id)!.acknowledgedAt).toBeNull();
  });

  it("the unit's liaison acknowledges on time; acknowledging again answers 200 with the first acknowledgement", async () => {
    t.clock.setNow(at('2023-09-20T15:00:00'));
    const yd = (await itemsOf(taskId)).find((i) => i.unit.code === 'yd')!;
    const first = await t.call('liaison', 'POST', `/api/acknowledgements/${yd.id}`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: 'done',
      onTime: true,
      allowedActions: [],
    });
    expect(minute(first.body.acknowledgedAt)).toBe(minute(iso('2023-09-20T15:00:00')));
    expect(first.body.acknowledgedBy.displayName).toEqual(expect.any(String));
    t.clock.setNow(at('2023-09-20T16:00:00'));
    const again = await t.call('liaison', 'POST', `/api/acknowledgements/${yd.id}`);
    expect([again.status, again.body.acknowledgedAt]).toEqual([200, first.body.acknowledgedAt]);
  });

  it("a liaison lists its own unit's items only, and offers the acknowledgement on the awaited ones", async () => {
    const mine = await t.get<{ unit: { id: number }; status: string; allowedActions: string[] }[]>(
      'liaison2',
      '/api/acknowledgements?status=pending',
    );
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((i) => i.unit.id === unitIds.get('qzq') && i.status === 'pending')).toBe(true);
    expect(mine.every((i) => i.allowedActions.includes('acknowledgement.ack'))).toBe(true);
    expect(await t.get('liaison2', `/api/acknowledgements?unitId=${unitIds.get('yd')}`)).toEqual([]);
  });

  it('a bad filter is a 400 naming the field', async () => {
    for (const [q, field] of [
      ['status=late', 'status'],
      ['kind=letter', 'kind'],
      ['unitId=abc', 'unitId'],
    ]) {
      const res = await t.call('lead', 'GET', `/api/acknowledgements?${q}`);
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('an item awaited past its due time is reminded once, after the clock passes the due time', async () => {
    // before the due time: nothing to remind for this task
    t.clock.setNow(at('2023-09-21T09:59:00'));
    await run();
    let mail = await deliver();
    expect(mail.filter((m) => m.text.includes('签收测试任务'))).toEqual([]);

    t.clock.setNow(at('2023-09-21T10:01:00'));
    const result = await run();
    expect(result.messages).toBeGreaterThan(0);
    mail = (await deliver()).filter((m) => m.text.includes('签收测试任务'));
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toBe('【签收提醒】秦州区：1项事项已超过签收时限');
    expect(mail[0].to).toEqual(expect.arrayContaining(['qzq@tianshui.example.cn', 'liaison.qzq@tianshui.example.cn']));
    expect(mail[0].text).toContain('2023年9月21日10:00');

    t.clock.setNow(at('2023-09-21T14:00:00'));
    expect((await run()).messages).toBe(0);
    expect((await deliver()).filter((m) => m.text.includes('签收测试任务'))).toEqual([]);
    expect((await itemsOf(taskId)).find((i) => i.unit.code === 'qzq')!.status).toBe('overdue');
  });

  it("POST /tasks/:id/acknowledge acknowledges every item of the caller's unit on the task, late here", async () => {
    t.clock.setNow(at('2023-09-21T14:30:00'));
    const res = await t.call('liaison2', 'POST', `/api/tasks/${taskId}/acknowledge`);
    expect(res.status).toBe(200);
    expect(
      res.body.map((i: { unit: { code: string }; status: string; onTime: boolean }) => [
        i.unit.code,
        i.status,
        i.onTime,
      ]),
    ).toEqual([['qzq', 'done', false]]);
    const other = await t.call('viewer', 'POST', `/api/tasks/${taskId}/acknowledge`);
    expect(other.status).toBe(403);
  });

  it('a unit added to the task later is asked then, and one asked already is not asked again', async () => {
    t.clock.setNow(at('2023-09-22T16:00:00'));
    const res = await t.call('secretariat', 'PATCH', `/api/tasks/${taskId}`, {
      supportingUnitIds: [unitIds.get('qzq'), unitIds.get('dx')],
    });
    expect(res.status).toBe(200);
    const items = await itemsOf(taskId);
    expect(items.map((i) => i.unit.code).sort()).toEqual(['dx', 'qzq', 'yd']);
    // Friday 16:00: one office hour on Friday, seven on Monday
    expect(items.find((i) => i.unit.code === 'dx')!.dueAt).toBe(iso('2023-09-25T16:00:00'));
  });
});
