// Dispatch rounds (调度) over real HTTP on the demo plan, with mail delivered to a loopback SMTP server: opening a
// round and the requests it sends, reports answering it, reminders and the late list on a fixed clock (across the
// 2023 National Day break), rounds opened on a schedule, who may see and do what, and bad input refused.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { runCli } from '../src/cli';
import { zonedTime } from '../src/common/clock.service';
import { addDays } from '../src/common/dates';
import { MailSender } from '../src/mail/mail-sender';
import { TemplateRenderer } from '../src/mail/template-renderer';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { demoTasks, type DemoTask } from './support/demo';
import { startApp, tempDir, type TestApp } from './support/app';
import { freshDatabase } from './support/database';
import { startSmtp, type ReceivedMessage, type TestSmtpServer } from './support/smtp';

const OPEN = ['assigned', 'in_progress', 'blocked'];
const PLAN_CODE: string = JSON.parse(readFileSync(join(__dirname, '../config/demo-plan.json'), 'utf8')).plan.code;
const at = (date: string) => zonedTime(date, '09:00', 'Asia/Shanghai');

/** What the round for 2023-09 takes by default: the plan's open top-level tasks and their units. */
// a round asks for reports on every open task, sub-tasks included (a unit may lead only sub-tasks)
const scopeTasks: DemoTask[] = demoTasks.filter((x) => OPEN.includes(x.status));
const scopeUnits = [...new Set(scopeTasks.flatMap((x) => [x.leadUnit, ...x.supportingUnits]))].sort();
const leadUnits = [...new Set(scopeTasks.map((x) => x.leadUnit))].sort();
const ledBy = (unit: string) => scopeTasks.filter((x) => x.leadUnit === unit).map((x) => x.code);
const supportedBy = (unit: string) =>
  scopeTasks.filter((x) => x.leadUnit !== unit && x.supportingUnits.includes(unit)).map((x) => x.code);

interface OutboxItem {
  id: number;
  idempotencyKey: string;
  kind: string;
  recipientKey: string;
  to: string[];
  subject: string;
}

describe('dispatch rounds', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let unitIds: Record<string, number>;
  let unitCodes: Record<number, string>;
  let taskIds: Record<string, number>;
  let mailboxes: Record<string, string>;
  let roundId: number;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({ today: '2023-09-20', config: { mail: { smtp: { host: '127.0.0.1', port: smtp.port } } } });
    const units = await t.get<{ id: number; code: string; mailbox: string }[]>('secretariat', '/api/units');
    unitIds = Object.fromEntries(units.map((u) => [u.code, u.id]));
    unitCodes = Object.fromEntries(units.map((u) => [u.id, u.code]));
    mailboxes = Object.fromEntries(units.map((u) => [u.code, u.mailbox]));
    const tasks = await t.get('secretariat', '/api/tasks?pageSize=500');
    taskIds = Object.fromEntries(tasks.items.map((x: { code: string; id: number }) => [x.code, x.id]));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const scheduler = () => t.app.get(SchedulerService);

  async function deliver(): Promise<ReceivedMessage[]> {
    smtp.reset();
    await t.app.get(MailSender).deliverPending(1000);
    return [...smtp.messages];
  }

  async function outbox(kind?: string): Promise<OutboxItem[]> {
    const page = await t.get('secretariat', `/api/outbox?pageSize=500${kind ? `&kind=${kind}` : ''}`);
    return page.items;
  }

  async function outboxTotal(): Promise<number> {
    return (await t.get('secretariat', '/api/outbox?pageSize=1')).total;
  }

  async function roundTotal(): Promise<number> {
    return (await t.get('secretariat', '/api/dispatch-rounds?pageSize=1')).total;
  }

  async function fileReport(who: string, code: string, period: string) {
    const res = await t.call(who, 'POST', `/api/tasks/${taskIds[code]}/reports`, {
      period,
      text: `${code} ${period} 进展`,
      percent: 50,
    });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** Every task of a round's paged list (the round's answer holds counts only). */
  async function roundTasks(who: string, id: number, query = ''): Promise<any[]> {
    const items: any[] = [];
    for (let page = 1; ; page++) {
      const res = await t.get(who, `/api/dispatch-rounds/${id}/tasks?pageSize=5&page=${page}${query}`);
      items.push(...res.items);
      if (items.length >= res.total || !res.items.length) return items;
    }
  }

  const rowOf = (round: { units: { unit: { id: number } }[] }, code: string) =>
    round.units.find((r) => r.unit.id === unitIds[code]) as any;

  describe('refuses bad input, naming the field, and creates nothing', () => {
    const valid = { period: '2023-11', dueDate: '2023-11-24' };
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['an unknown field', () => ({ ...valid, colour: 'red' }), 'colour'],
      ['a bad period', () => ({ ...valid, period: '2023-13' }), 'period'],
      ['no due date', () => ({ period: '2023-11' }), 'dueDate'],
      ['a due date in the past', () => ({ ...valid, dueDate: '2023-09-19' }), 'dueDate'],
      ['a due date that does not exist', () => ({ ...valid, dueDate: '2023-02-30' }), 'dueDate'],
      ['a blank title', () => ({ ...valid, title: '   ' }), 'title'],
      ['an unknown plan', () => ({ ...valid, planId: 999_999 }), 'planId'],
      ['an unknown task', () => ({ ...valid, taskIds: [999_999] }), 'taskIds'],
      ['an empty list of tasks', () => ({ ...valid, taskIds: [] }), 'taskIds'],
      ['task ids that are not numbers', () => ({ ...valid, taskIds: ['W2-2'] }), 'taskIds'],
      ['a closed task', () => ({ ...valid, taskIds: [taskIds['W2-5']] }), 'taskIds'],
      ['a draft task', () => ({ ...valid, taskIds: [taskIds['W3-6']] }), 'taskIds'],
      ['an unknown unit', () => ({ ...valid, unitIds: [999_999] }), 'unitIds'],
      [
        'a unit with no part in the tasks',
        () => ({ ...valid, taskIds: [taskIds['W2-2']], unitIds: [unitIds.qzq] }),
        'unitIds',
      ],
    ];

    it.each(cases)('%s', async (_what, body, field) => {
      const [mails, rounds] = [await outboxTotal(), await roundTotal()];
      const res = await t.call('secretariat', 'POST', '/api/dispatch-rounds', body());
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(res.body.messageZh).toBeTruthy();
      expect([await outboxTotal(), await roundTotal()]).toEqual([mails, rounds]);
    });

    it('refuses malformed JSON with 400', async () => {
      const res = await t.request('POST', '/api/dispatch-rounds', {
        token: await t.as('secretariat'),
        raw: '{"period": ',
      });
      expect(res.status).toBe(400);
    });

    it('answers 404 for a round that does not exist and 400 for an id that is not one', async () => {
      for (const [method, path] of [
        ['GET', '/api/dispatch-rounds/999999'],
        ['GET', '/api/dispatch-rounds/999999/late'],
        ['POST', '/api/dispatch-rounds/999999/close'],
      ]) {
        expect((await t.call('secretariat', method, path)).status).toBe(404);
      }
      const res = await t.call('secretariat', 'GET', '/api/dispatch-rounds/abc');
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('id');
    });

    it('describes the dispatch routes in the OpenAPI document', async () => {
      const doc = await t.request('GET', '/api/docs-json');
      expect(Object.keys(doc.body.paths)).toEqual(
        expect.arrayContaining([
          '/api/dispatch-rounds',
          '/api/dispatch-rounds/{id}',
          '/api/dispatch-rounds/{id}/late',
          '/api/dispatch-rounds/{id}/close',
        ]),
      );
    });

    it('lets neither a liaison nor a viewer open a round', async () => {
      for (const who of ['liaison', 'viewer']) {
        const res = await t.call(who, 'POST', '/api/dispatch-rounds', valid);
        expect(res.status).toBe(403);
      }
      expect(await roundTotal()).toBe(0);
      expect(await outboxTotal()).toBe(0);
    });
  });

  describe('the round for 2023-09', () => {
    it('sends one request to each unit in scope, to its mailbox and liaisons', async () => {
      const res = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
        period: '2023-09',
        dueDate: '2023-09-25',
      });
      expect(res.status).toBe(201);
      roundId = res.body.id;
      expect(res.body).toMatchObject({
        period: '2023-09',
        dueDate: '2023-09-25',
        status: 'open',
        title: '2023-09 工作进展调度',
        reminderDays: ['2023-09-20', '2023-09-22', '2023-09-25'],
        lateNoticeDay: '2023-09-26',
      });
      expect(res.body.totals.tasks.count).toBe(scopeTasks.length);
      expect((await roundTasks('secretariat', roundId)).map((x) => x.code).sort()).toEqual(
        scopeTasks.map((x) => x.code).sort(),
      );
      expect(res.body.units.map((r: { unit: { code: string } }) => r.unit.code).sort()).toEqual(scopeUnits);
      expect(res.body.requests.count).toBe(scopeUnits.length);
      expect(res.body.requests.unitIds.map((id: number) => unitCodes[id]).sort()).toEqual(scopeUnits);

      const requests = await outbox('dispatch.request');
      expect(requests.map((m) => m.idempotencyKey).sort()).toEqual(
        scopeUnits.map((u) => `dispatch.request:${roundId}:unit:${unitIds[u]}`).sort(),
      );

      const messages = await deliver();
      expect(messages).toHaveLength(scopeUnits.length);
      for (const code of scopeUnits) {
        const theirs = messages.filter((m) => m.to.includes(mailboxes[code]));
        expect(theirs).toHaveLength(1);
      }
      const yd = messages.find((m) => m.to.includes(mailboxes.yd)) as ReceivedMessage;
      expect(yd.to.sort()).toEqual([mailboxes.yd, 'liaison.yd@tianshui.example.cn'].sort());
      expect(yd.subject).toBe('【调度】2023-09 工作进展调度：请于2023年9月25日前报送进展');
      expect(yd.html).toContain('天水移动');
      expect(yd.text).toContain('天水移动：');
    });

    it("lists in 天水移动's request the tasks it leads apart from those it supports, each with its link", async () => {
      const yd = (await outbox('dispatch.request')).find((m) => m.recipientKey === `unit:${unitIds.yd}`)!;
      const full = await t.get('secretariat', `/api/outbox/${yd.id}`);
      const [ledPart, supportedPart] = full.text.split('二、本单位配合的任务');
      expect(supportedPart).toBeDefined();
      expect(ledBy('yd').length).toBeGreaterThan(0);
      expect(supportedBy('yd').length).toBeGreaterThan(0);
      for (const code of ledBy('yd')) {
        expect(ledPart).toContain(`- ${code} `);
        expect(supportedPart).not.toContain(`- ${code} `);
        expect(ledPart).toContain(`http://${t.config.host}:${t.config.port}/tasks/${taskIds[code]}`);
      }
      for (const code of supportedBy('yd')) {
        expect(supportedPart).toContain(`- ${code} `);
        expect(ledPart).not.toContain(`- ${code} `);
      }
      // the stored HTML names the rows it lists
      for (const code of [...ledBy('yd'), ...supportedBy('yd')]) {
        expect(full.html).toContain(`data-task-id="${taskIds[code]}"`);
      }
      expect(full.html).toContain(`data-round-id="${roundId}"`);
    });

    it('shows every unit in scope awaiting, a supporting-only unit with nothing expected, with the ids', async () => {
      const round = await t.get('secretariat', `/api/dispatch-rounds/${roundId}`);
      for (const code of scopeUnits) {
        const row = rowOf(round, code);
        const led = ledBy(code)
          .map((c) => taskIds[c])
          .sort((a, b) => a - b);
        expect(row.expected).toEqual({ count: led.length });
        expect((await roundTasks('secretariat', roundId, `&unitId=${unitIds[code]}`)).map((x) => x.id)).toEqual(led);
        expect(row.state).toBe(led.length ? 'awaiting' : 'nothing_expected');
      }
      expect(scopeUnits.some((u) => !leadUnits.includes(u))).toBe(true);
      expect(round.totals.expected.count).toBe(scopeTasks.length);
      expect(round.totals.byState.nothing_expected.count).toBe(scopeUnits.length - leadUnits.length);
      expect(round.totals.byState.awaiting.unitIds.map((id: number) => unitCodes[id]).sort()).toEqual(leadUnits);
    });

    it('is opened once per plan and period', async () => {
      const before = await outboxTotal();
      const res = await t.call('lead', 'POST', '/api/dispatch-rounds', { period: '2023-09', dueDate: '2023-09-28' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('round_exists');
      expect(await outboxTotal()).toBe(before);
      expect(await roundTotal()).toBe(1);
    });

    it('takes a report of the period filed by the lead unit as received, on time', async () => {
      const report = await fileReport('liaison', 'W2-2', '2023-09');
      expect(report).toMatchObject({ dispatchRoundId: roundId, late: false });
      const again = await t.get('secretariat', `/api/reports/${report.id}`);
      expect(again).toMatchObject({ dispatchRoundId: roundId, late: false });

      const row = rowOf(await t.get('secretariat', `/api/dispatch-rounds/${roundId}`), 'yd');
      expect(row.received).toEqual({ count: 1 });
      const reported = await roundTasks('secretariat', roundId, `&unitId=${unitIds.yd}&reported=true`);
      expect(reported.map((x) => [x.id, x.reportIds, x.late])).toEqual([[taskIds['W2-2'], [report.id], false]]);
      expect(row.missing.count).toBe(ledBy('yd').length - 1);
      expect(
        (await roundTasks('secretariat', roundId, `&unitId=${unitIds.yd}&reported=false`)).map((x) => x.id),
      ).toEqual(
        ledBy('yd')
          .filter((c) => c !== 'W2-2')
          .map((c) => taskIds[c])
          .sort((a, b) => a - b),
      );
      expect(row.state).toBe('partial');
    });

    it("shows a liaison the rounds of its unit and only its unit's row", async () => {
      const list = await t.get('liaison', '/api/dispatch-rounds');
      expect(list.items.map((r: { id: number }) => r.id)).toEqual([roundId]);
      expect(list.items[0].totals.units).toEqual({ count: 1, unitIds: [unitIds.yd] });
      const round = await t.get('liaison', `/api/dispatch-rounds/${roundId}`);
      expect(round.units.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['yd']);
      const viewer = await t.get('viewer', `/api/dispatch-rounds/${roundId}`);
      expect(viewer.units).toHaveLength(scopeUnits.length);
      // a liaison reads the tasks its unit leads; another unit's are refused
      expect((await roundTasks('liaison', roundId)).map((x) => x.code).sort()).toEqual(ledBy('yd').sort());
      const other = await t.call('liaison', 'GET', `/api/dispatch-rounds/${roundId}/tasks?unitId=${unitIds.qzq}`);
      expect(other.status).toBe(403);
    });

    it("answers a round's tasks a page at a time, and the round itself without its tasks", async () => {
      const round = await t.call('secretariat', 'GET', `/api/dispatch-rounds/${roundId}`);
      // the answer holds counts per unit, whatever the number of tasks: no task id or code in it
      const answer = JSON.stringify(round.body);
      for (const code of scopeTasks.map((x) => x.code)) expect(answer).not.toContain(`"${code}"`);
      for (const id of scopeTasks.map((x) => taskIds[x.code])) expect(answer).not.toContain(`"taskId":${id}`);
      expect(round.body.tasks).toBeUndefined();
      const page = await t.get('secretariat', `/api/dispatch-rounds/${roundId}/tasks?pageSize=2`);
      expect(page.items).toHaveLength(2);
      expect(page.total).toBe(scopeTasks.length);
      const bad = await t.call('secretariat', 'GET', `/api/dispatch-rounds/${roundId}/tasks?reported=maybe`);
      expect(bad.status).toBe(400);
      expect(JSON.stringify(bad.body)).toContain('reported');
    });
  });

  describe('reminders and the late list, on a fixed clock', () => {
    const remind = async (date: string) => {
      t.clock.setToday(date);
      return scheduler().runSlot('dispatch.remind', at(date), 'schedule');
    };
    const remindersOn = async (id: number, date: string) =>
      (await outbox('dispatch.reminder')).filter((m) =>
        m.idempotencyKey.startsWith(`dispatch.reminder:${id}:${date}:`),
      );

    it('reminds nobody on a day that is not a reminder day', async () => {
      const run = await remind('2023-09-21');
      expect(run).toMatchObject({ status: 'done', messages: 0 });
      expect(await remindersOn(roundId, '2023-09-21')).toEqual([]);
    });

    it('reminds the units with reports missing, not a unit that has reported, once a day', async () => {
      t.clock.setToday('2023-09-21');
      for (const code of ledBy('yd').filter((c) => c !== 'W2-2')) await fileReport('liaison', code, '2023-09');
      const round = await t.get('secretariat', `/api/dispatch-rounds/${roundId}`);
      expect(rowOf(round, 'yd').state).toBe('reported');

      const run = await remind('2023-09-22');
      const owing = leadUnits.filter((u) => u !== 'yd');
      expect(run).toMatchObject({ status: 'done', messages: owing.length });
      const sent = await remindersOn(roundId, '2023-09-22');
      expect(sent.map((m) => m.recipientKey).sort()).toEqual(owing.map((u) => `unit:${unitIds[u]}`).sort());

      // the same slot again, and a manual run the same day: nothing more
      expect(await scheduler().runSlot('dispatch.remind', at('2023-09-22'), 'schedule')).toBeNull();
      const manual = await scheduler().runNow('dispatch.remind');
      expect(manual).toMatchObject({ status: 'done', messages: 0 });
      expect(await remindersOn(roundId, '2023-09-22')).toHaveLength(owing.length);

      const messages = await deliver();
      expect(messages).toHaveLength(owing.length);
      expect(messages.some((m) => m.to.includes(mailboxes.yd))).toBe(false);
      const qzq = messages.find((m) => m.to.includes(mailboxes.qzq)) as ReceivedMessage;
      expect(qzq.to).toContain('liaison.qzq@tianshui.example.cn');
      expect(qzq.subject).toBe(
        `【催报】2023-09 工作进展调度：尚有 ${ledBy('qzq').length} 项进展未报送，2023年9月25日截止`,
      );
      for (const code of ledBy('qzq')) expect(qzq.text).toContain(`- ${code} `);
      expect(qzq.text).toContain('距截止还有 1 个工作日');
    });

    it('reminds again on the due date, and lists nobody as late before it has passed', async () => {
      const run = await remind('2023-09-25');
      expect(run?.messages).toBe(leadUnits.length - 1);
      const late = await t.get('secretariat', `/api/dispatch-rounds/${roundId}/late`);
      expect(late.units).toEqual([]);
      expect(await outbox('dispatch.late')).toEqual([]);
      const [qzq] = (await deliver()).filter((m) => m.to.includes(mailboxes.qzq));
      expect(qzq.subject).toContain('今日截止');
    });

    it('lists the late units after the due date, once, to the secretariat and the leads', async () => {
      const run = await remind('2023-09-26');
      expect(run).toMatchObject({ status: 'done', messages: 1 });
      const late = await t.get('secretariat', `/api/dispatch-rounds/${roundId}/late`);
      const owing = leadUnits.filter((u) => u !== 'yd');
      expect(late.units.map((u: { unit: { code: string } }) => u.unit.code).sort()).toEqual(owing);
      const qzq = late.units.find((u: { unit: { code: string } }) => u.unit.code === 'qzq');
      expect(qzq.missing.tasks.map((x: { code: string }) => x.code).sort()).toEqual(ledBy('qzq').sort());
      expect(qzq.state).toBe('late');
      const round = await t.get('secretariat', `/api/dispatch-rounds/${roundId}`);
      expect(round.totals.byState.late.unitIds.map((id: number) => unitCodes[id]).sort()).toEqual(owing);

      const notices = await outbox('dispatch.late');
      expect(notices.map((m) => m.idempotencyKey)).toEqual([`dispatch.late:${roundId}`]);
      expect((await remind('2023-09-27'))?.messages).toBe(0);
      expect(await outbox('dispatch.late')).toHaveLength(1);

      const [notice, ...more] = await deliver();
      expect(more).toEqual([]);
      expect(notice.to.sort()).toEqual(['lead@tianshui.example.cn', 'office@tianshui.example.cn']);
      expect(notice.subject).toBe(`【逾期未报】2023-09 工作进展调度：${owing.length} 个单位未按时报送`);
      expect(notice.text).toContain('秦州区');
      for (const code of owing) expect(notice.html).toContain(`data-unit-id="${unitIds[code]}"`);
      expect(notice.text).not.toContain('天水移动');
    });

    it('lists per unit the tasks still missing a report, and reminds one unit or every late unit, once a day', async () => {
      t.clock.setToday('2023-09-26');
      const round = await t.get('secretariat', `/api/dispatch-rounds/${roundId}`);
      const owing = leadUnits.filter((u) => u !== 'yd');
      // units that lead only sub-tasks owe reports too
      for (const code of ['nyj', 'wjw']) expect(owing).toContain(code);
      const missing = await t.get('secretariat', `/api/dispatch-rounds/${roundId}/missing`);
      expect(missing).toMatchObject({ roundId, pastDue: true, total: owing.length });
      expect(missing.items.map((u: { unit: { code: string } }) => u.unit.code).sort()).toEqual(owing);
      for (const item of missing.items) {
        const code = unitCodes[item.unit.id];
        expect(item.missing.count).toBe(rowOf(round, code).missing.count);
        expect(item.missing.tasks.map((x: { code: string }) => x.code).sort()).toEqual(ledBy(code).slice(0, 20).sort());
      }
      // a liaison reads its own unit's row, and nobody else's
      const own = await t.get('liaison2', `/api/dispatch-rounds/${roundId}/missing`);
      expect(own.items.map((u: { unit: { code: string } }) => u.unit.code)).toEqual(['qzq']);
      const other = await t.call('liaison2', 'GET', `/api/dispatch-rounds/${roundId}/missing?unitId=${unitIds.gxj}`);
      expect(other.status).toBe(403);
      // a liaison reminds nobody
      for (const path of [`units/${unitIds.qzq}/remind`, 'late/remind']) {
        expect((await t.call('liaison2', 'POST', `/api/dispatch-rounds/${roundId}/${path}`)).status).toBe(403);
      }

      const before = (await outbox('dispatch.reminder')).length;
      const one = await t.call('secretariat', 'POST', `/api/dispatch-rounds/${roundId}/units/${unitIds.qzq}/remind`);
      expect(one.status).toBe(200);
      expect(one.body.reminded.map((r: { unitId: number }) => r.unitId)).toEqual([unitIds.qzq]);
      expect(one.body.alreadyReminded).toEqual([]);
      const again = await t.call('secretariat', 'POST', `/api/dispatch-rounds/${roundId}/units/${unitIds.qzq}/remind`);
      expect(again.body.reminded).toEqual([]);
      expect(again.body.alreadyReminded).toEqual(one.body.reminded);
      const all = await t.call('secretariat', 'POST', `/api/dispatch-rounds/${roundId}/late/remind`);
      expect(all.status).toBe(200);
      expect(all.body.reminded.map((r: { unitId: number }) => unitCodes[r.unitId]).sort()).toEqual(
        owing.filter((u) => u !== 'qzq'),
      );
      expect(all.body.alreadyReminded).toEqual(one.body.reminded);
      expect((await outbox('dispatch.reminder')).length).toBe(before + owing.length);
      const [letter] = await remindersOn(roundId, '2023-09-26').then((list) =>
        list.filter((m) => m.idempotencyKey.endsWith(`:unit:${unitIds.qzq}`)),
      );
      expect(letter).toBeDefined();
      // a unit that has reported is not reminded
      const done = await t.call('secretariat', 'POST', `/api/dispatch-rounds/${roundId}/units/${unitIds.yd}/remind`);
      expect(done.status).toBe(409);
      const audit = await t.get('auditor', `/api/audit?entityType=dispatch_round&entityId=${roundId}&pageSize=50`);
      expect(JSON.stringify(audit)).toContain('remindedUnitIds');
      // the reminders reach the units, qzq's listing what it owes
      const sent = await deliver();
      expect(sent).toHaveLength(owing.length);
      const toQzq = sent.find((m) => m.to.includes(mailboxes.qzq)) as ReceivedMessage;
      for (const code of ledBy('qzq')) expect(toQzq.text).toContain(code);
      expect(toQzq.text).toContain('已过截止日期');
    });

    it('marks a report filed after the due date as late, and lists it', async () => {
      t.clock.setToday('2023-09-27');
      const [code] = ledBy('qzq');
      const report = await fileReport('liaison2', code, '2023-09');
      expect(report).toMatchObject({ dispatchRoundId: roundId, late: true });
      const row = rowOf(await t.get('secretariat', `/api/dispatch-rounds/${roundId}`), 'qzq');
      expect(row.late).toEqual({ count: 1 });
      const filed = await roundTasks('secretariat', roundId, `&unitId=${unitIds.qzq}&reported=true`);
      expect(filed.filter((x) => x.late).map((x) => [x.id, x.reportIds])).toEqual([[taskIds[code], [report.id]]]);
      const late = await t.get('liaison2', `/api/dispatch-rounds/${roundId}/late`);
      expect(late.units).toHaveLength(1);
      expect(late.units[0].late.reports).toEqual([{ id: report.id, taskId: taskIds[code], filedOn: '2023-09-27' }]);
    });

    it('follows the working-day calendar across the National Day break, in the language of each recipient', async () => {
      t.clock.setToday('2023-09-27');
      // 秦州区 and the lead read English; the others Chinese
      expect((await t.call('admin', 'PATCH', `/api/units/${unitIds.qzq}`, { locale: 'en' })).status).toBe(200);
      expect((await t.call('lead', 'PATCH', '/api/users/me', { locale: 'en' })).status).toBe(200);
      const due = '2023-10-09';
      const res = await t.call('secretariat', 'POST', '/api/dispatch-rounds', {
        period: '2023-W39',
        dueDate: due,
        title: '国庆节前后专项调度',
        unitIds: [unitIds.yd, unitIds.qzq],
      });
      expect(res.status).toBe(201);
      const holidayRound = res.body.id;
      expect(res.body.units.map((r: { unit: { code: string } }) => r.unit.code).sort()).toEqual(['qzq', 'yd']);

      // the rule, worked out here on the calendar: 3 working days before, 1 working day before, and the due date
      const cal = t.app.get(WorkingDaysService);
      const before = (date: string, n: number) => {
        let d = date;
        for (let left = n; left > 0;) {
          d = addDays(d, -1);
          if (cal.isWorkingDay(d)) left--;
        }
        return d;
      };
      const expected = [before(due, 3), before(due, 1), due];
      expect(expected).toEqual(['2023-09-28', '2023-10-08', '2023-10-09']);
      expect(res.body.reminderDays).toEqual(expected);

      const reminded: string[] = [];
      const skipped: string[] = [];
      for (let day = '2023-09-27'; day <= '2023-10-10'; day = addDays(day, 1)) {
        const run = await remind(day);
        if (run?.status === 'skipped') skipped.push(day);
        if ((await remindersOn(holidayRound, day)).length) reminded.push(day);
      }
      expect(reminded).toEqual(expected);
      // the days off of the break and the week-end after it are skipped; the worked Saturday and Sunday are not
      expect(skipped).toContain('2023-10-02');
      expect(skipped).not.toContain('2023-10-07');
      expect(skipped).not.toContain('2023-10-08');
      expect(skipped).toEqual(
        Array.from({ length: 14 }, (_, i) => addDays('2023-09-27', i)).filter((d) => !cal.isWorkingDay(d)),
      );

      // a run by hand on 2 October sends nothing either: it is not a reminder day
      t.clock.setToday('2023-10-02');
      await scheduler().runNow('dispatch.remind');
      expect(await remindersOn(holidayRound, '2023-10-02')).toEqual([]);

      const notices = (await outbox('dispatch.late')).filter((m) =>
        m.idempotencyKey.startsWith(`dispatch.late:${holidayRound}`),
      );
      expect(notices.map((m) => [m.idempotencyKey, m.to]).sort()).toEqual([
        [`dispatch.late:${holidayRound}`, ['office@tianshui.example.cn']],
        [`dispatch.late:${holidayRound}:en`, ['lead@tianshui.example.cn']],
      ]);

      // the notice of the September round is not sent again now that the lead reads English
      const september = (await outbox('dispatch.late')).filter((m) =>
        m.idempotencyKey.startsWith(`dispatch.late:${roundId}`),
      );
      expect(september.map((m) => m.idempotencyKey)).toEqual([`dispatch.late:${roundId}`]);

      t.clock.setToday('2023-10-10');
      const messages = await deliver();
      const missing = ledBy('qzq').length;
      const english = messages.filter((m) => m.to.includes(mailboxes.qzq));
      expect(english.map((m) => m.subject).sort()).toEqual([
        '[Dispatch] Progress reports for 2023-W39 due by 9 Oct 2023',
        `[Reminder] ${missing} progress report(s) missing for 2023-W39, due by 9 Oct 2023`,
        `[Reminder] ${missing} progress report(s) missing for 2023-W39, due by 9 Oct 2023`,
        `[Reminder] ${missing} progress report(s) missing for 2023-W39, due today`,
      ]);
      const request = english.find((m) => m.subject.startsWith('[Dispatch]')) as ReceivedMessage;
      expect(request.text).toContain('To Qinzhou District,');
      expect(request.text).toContain('Tasks your unit leads: a report is expected on each');
      expect(request.html).toContain('lang="en"');
      const reminder = english.find((m) => m.subject.endsWith('due today')) as ReceivedMessage;
      expect(reminder.text).toContain(
        'Reports for "国庆节前后专项调度" (period 2023-W39) are due by 9 Oct 2023, that is today',
      );
      const leadNotice = messages.find((m) => m.to.includes('lead@tianshui.example.cn')) as ReceivedMessage;
      expect(leadNotice.subject).toBe('[Late] 2 unit(s) late with their reports for 2023-W39');
      expect(leadNotice.text).toContain('Qinzhou District (expected');
      const officeNotice = messages.find((m) => m.to.includes('office@tianshui.example.cn')) as ReceivedMessage;
      expect(officeNotice.subject).toBe('【逾期未报】国庆节前后专项调度：2 个单位未按时报送');
      expect(officeNotice.text).toContain('秦州区（应报');

      await t.call('admin', 'PATCH', `/api/units/${unitIds.qzq}`, { locale: 'zh-CN' });
      await t.call('lead', 'PATCH', '/api/users/me', { locale: 'zh-CN' });
    });
  });

  it('tells a unit on the last working day before a due date that falls on a day off', () => {
    const renderer = t.app.get(TemplateRenderer);
    const data = {
      unitName: '秦州区',
      round: { id: 1, title: '2023-09 工作进展调度', period: '2023-09', dueDate: '2023-10-01' },
      dueToday: false,
      lastWorkingDay: true,
      workingDaysLeft: 0,
      expectedCount: 1,
      receivedCount: 0,
      missing: [{ id: 6, code: 'W1-6', title: '协调解决秦州区5G基站进场难和电力配套问题', url: 'http://x/tasks/6' }],
    };
    expect(renderer.render('dispatch-reminder', 'zh-CN', data).text).toContain('今天是截止前最后一个工作日');
    expect(renderer.render('dispatch-reminder', 'en', data).text).toContain('today is the last working day before it');
  });

  describe('rounds on a schedule', () => {
    it("opens the month's round on 1 October by hand, due on the 25th, and leaves an existing one alone", async () => {
      t.clock.setToday('2023-10-01');
      // the holiday's slot is not run on the day: it moves to the first working day, Saturday 10-07
      expect(
        scheduler()
          .schedule()
          .find((e) => e.name === 'dispatch.open'),
      ).toMatchObject({
        nextRun: at('2023-10-07').toISOString(),
        nextRunMovedFrom: at('2023-10-01').toISOString(),
      });
      expect((await t.get('secretariat', '/api/dispatch-rounds?period=2023-10')).total).toBe(0);

      const run = await scheduler().runNow('dispatch.open');
      expect(run.status).toBe('done');
      const list = await t.get('secretariat', '/api/dispatch-rounds?period=2023-10');
      expect(list.total).toBe(1);
      const round = list.items[0];
      expect(round).toMatchObject({ period: '2023-10', dueDate: '2023-10-25', status: 'open', openedBy: null });
      expect(run.messages).toBe(round.totals.units.count);
      const requests = (await outbox('dispatch.request')).filter((m) =>
        m.idempotencyKey.startsWith(`dispatch.request:${round.id}:`),
      );
      expect(requests).toHaveLength(round.totals.units.count);

      const again = await scheduler().runNow('dispatch.open');
      expect(again).toMatchObject({ status: 'done', messages: 0 });
      expect(again.note).toContain(`round ${round.id} for 2023-10 exists`);
      expect((await t.get('secretariat', '/api/dispatch-rounds?period=2023-10')).total).toBe(1);
      await deliver();
    });

    it('moves a due day that is not a working day back to the working day before it', async () => {
      t.clock.setToday('2023-11-01');
      const run = await scheduler().runNow('dispatch.open');
      expect(run.status).toBe('done');
      const [round] = (await t.get('secretariat', '/api/dispatch-rounds?period=2023-11')).items;
      expect(round.dueDate).toBe('2023-11-24'); // the 25th is a Saturday
      await deliver();
    });
  });

  describe('who may see and close a round', () => {
    let qzqOnly: number;

    beforeAll(async () => {
      t.clock.setToday('2023-10-09');
      const res = await t.call('lead', 'POST', '/api/dispatch-rounds', {
        period: '2023-W41',
        dueDate: '2023-10-13',
        unitIds: [unitIds.qzq],
      });
      expect(res.status).toBe(201);
      qzqOnly = res.body.id;
      await deliver();
    });

    it("keeps a round without a liaison's unit from it", async () => {
      const list = await t.get('liaison', '/api/dispatch-rounds?pageSize=500');
      expect(list.items.map((r: { id: number }) => r.id)).not.toContain(qzqOnly);
      expect((await t.call('liaison', 'GET', `/api/dispatch-rounds/${qzqOnly}`)).status).toBe(403);
      expect((await t.call('liaison', 'GET', `/api/dispatch-rounds/${qzqOnly}/late`)).status).toBe(403);
      const theirs = await t.get('liaison2', `/api/dispatch-rounds/${qzqOnly}`);
      expect(theirs.units.map((r: { unit: { code: string } }) => r.unit.code)).toEqual(['qzq']);
      const listed = await t.get('liaison2', '/api/dispatch-rounds?pageSize=500');
      expect(listed.items.map((r: { id: number }) => r.id)).toContain(qzqOnly);
    });

    it('lets only the secretariat or a lead close a round, once', async () => {
      for (const who of ['liaison', 'liaison2', 'viewer']) {
        expect((await t.call(who, 'POST', `/api/dispatch-rounds/${qzqOnly}/close`)).status).toBe(403);
      }
      const closed = await t.call('secretariat', 'POST', `/api/dispatch-rounds/${qzqOnly}/close`);
      expect(closed.status).toBe(200);
      expect(closed.body.status).toBe('closed');
      const again = await t.call('lead', 'POST', `/api/dispatch-rounds/${qzqOnly}/close`);
      expect(again.status).toBe(409);
      const open = await t.get('secretariat', '/api/dispatch-rounds?status=open&pageSize=500');
      expect(open.items.map((r: { id: number }) => r.id)).not.toContain(qzqOnly);
    });

    it('links no report to a closed round', async () => {
      const [code] = ledBy('qzq');
      const report = await fileReport('liaison2', code, '2023-W41');
      expect(report).toMatchObject({ dispatchRoundId: null, late: false });
    });
  });
});

describe('dispatch rounds on the command line', () => {
  const dir = tempDir();
  const overrides: Record<string, unknown> = {
    log: { level: 'error' },
    clock: { today: '2023-09-20' },
    mail: { dir: join(dir, 'mail') },
  };
  beforeAll(async () => (overrides.database = await freshDatabase(dir, 'cli')));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, overrides, { stdout: (s) => out.push(s), stderr: (s) => err.push(s) });
    return { code, out: out.join(''), err: err.join('') };
  }

  it('opens a round and lists the rounds with their counts', async () => {
    expect((await cli('seed-demo')).code).toBe(0);
    const opened = await cli('open-round', '--period', '2023-09', '--due', '2023-09-25', '--plan', PLAN_CODE);
    expect(opened).toMatchObject({ code: 0, err: '' });
    expect(opened.out).toContain(`${scopeUnits.length} requests queued`);
    const again = await cli('open-round', '--period', '2023-09', '--due', '2023-09-25');
    expect(again.code).toBe(2);
    expect(again.err).toContain('exists');
    const listed = await cli('rounds');
    expect(listed.code).toBe(0);
    expect(listed.out).toContain('2023-09');
    expect(listed.out).toMatch(new RegExp(`\\b${scopeTasks.length}\\b`));
  });

  it('reminds a unit of its missing reports once a day, and refuses a late list before the due date', async () => {
    const listed = await cli('rounds');
    const id = /^(\d+)\t/m.exec(listed.out)?.[1] ?? (/\n(\d+)\s/.exec(listed.out) as RegExpExecArray)[1];
    const first = await cli('remind-round', '--round', id, '--unit', 'yd');
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toMatch(/reminded units \d+/);
    const again = await cli('remind-round', '--round', id, '--unit', 'yd');
    expect(again.out).toContain('reminded units none');
    expect(again.out).toContain('already reminded today');
    const early = await cli('remind-round', '--round', id, '--late');
    expect(early.code).toBe(2);
    expect(early.err).toContain('due on 2023-09-25');
    const neither = await cli('remind-round', '--round', id);
    expect(neither.code).toBe(2);
    expect(neither.err).toContain('--unit');
  });

  it.each([
    [['--period', '2023-13', '--due', '2023-09-25'], '--period'],
    [['--period', '2023-10', '--due', '2023-02-30'], '--due'],
    [['--period', '2023-10', '--due', '2023-09-01'], '--due'],
    [['--period', '2023-10', '--due', '2023-10-25', '--plan', 'nope'], '--plan'],
  ])('refuses %j naming %s', async (args, option) => {
    const res = await cli('open-round', ...args);
    expect(res.code).toBe(2);
    expect(res.err).toContain(option);
  });
});
