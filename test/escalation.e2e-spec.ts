// Escalation (督办) of overdue tasks up the configured ladder, delivered to a loopback SMTP server.
import { DataSource } from 'typeorm';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { MailSender } from '../src/mail/mail-sender';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { demo, demoTasks } from './support/demo';
import { startApp, type TestApp } from './support/app';
import { startSmtp, type ReceivedMessage, type TestSmtpServer } from './support/smtp';

const OPEN = ['assigned', 'in_progress', 'blocked'];
const TODAY = '2023-09-20';

interface DemoUnit {
  code: string;
  name: string;
  mailbox: string;
  supervisingLeader: { name: string; email: string };
}
const demoUnits = demo.units as unknown as DemoUnit[];
const demoUnit = (code: string) => demoUnits.find((u) => u.code === code) as DemoUnit;
const liaisonsOf = (code: string) =>
  demo.users.filter((u) => u.role === 'liaison' && u.unit === code).map((u) => u.email);
const leads = demo.users.filter((u) => u.role === 'lead').map((u) => u.email);

describe('escalation of overdue tasks', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let cal: WorkingDaysService;
  let taskIds: Map<string, number>;
  let workItemId: number;
  let unitIds: Map<string, number>;

  const run = async () => {
    const res = await t.call('secretariat', 'POST', '/api/schedule/escalation/run');
    expect(res.body).toMatchObject({ job: 'escalation', status: 'done' });
    return res.body as { messages: number };
  };
  /** Delivers what is queued and returns the escalation notices received. */
  const deliver = async (): Promise<ReceivedMessage[]> => {
    const before = smtp.messages.length;
    await t.app.get(MailSender).deliverPending(1000);
    return smtp.messages.slice(before).filter((m) => m.subject.startsWith('【督办】'));
  };
  const keys = async () =>
    (
      await t.app
        .get(DataSource)
        .getRepository(OutboxMessage)
        .find({ where: { kind: 'escalation' } })
    ).map((m) => m.idempotencyKey);
  const createTask = async (title: string, leadUnit: string, startDate: string, deadline: string) => {
    const res = await t.call('secretariat', 'POST', '/api/tasks', {
      workItemId,
      title,
      leadUnitId: unitIds.get(leadUnit),
      startDate,
      deadline,
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({
      today: TODAY,
      config: { mail: { smtp: { host: '127.0.0.1', port: smtp.port }, retryBaseSeconds: 0 } },
    });
    cal = t.app.get(WorkingDaysService);
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as { id: number; code: string }[];
    taskIds = new Map(tasks.map((x) => [x.code, x.id]));
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    unitIds = new Map(units.map((u) => [u.code, u.id]));
    workItemId = (await t.get('lead', '/api/work-items'))[0].id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('sends each overdue task the highest step due, to the recipients the ladder names', async () => {
    const ladder = [...t.config.escalation.ladder].sort((a, b) => a.afterWorkingDays - b.afterWorkingDays);
    const expected = demoTasks
      .filter((x) => OPEN.includes(x.status) && x.deadline !== null && x.deadline < TODAY)
      .map((x) => {
        const days = cal.workingDaysBetween(x.deadline as string, TODAY);
        const step = ladder.reduce((found, s, i) => (s.afterWorkingDays <= days ? i : found), -1);
        return { task: x, days, step };
      })
      .filter((e) => e.step >= 0);
    // the demo has tasks on every rung on 20 September
    expect(new Set(expected.map((e) => e.step)).size).toBe(ladder.length);

    const result = await run();
    expect(result.messages).toBe(expected.length);
    const messages = await deliver();
    expect(messages).toHaveLength(expected.length);
    for (const { task, days, step } of expected) {
      const mine = messages.filter((m) => m.subject.includes(`任务 ${task.code} `));
      expect(mine).toHaveLength(1);
      const m = mine[0];
      expect(m.subject).toContain(`已逾期 ${days} 个工作日`);
      expect(m.subject).toContain(`第${step + 1}级督办`);
      const unit = demoUnit(task.leadUnit);
      const to = ladder[step].to;
      const unitSide = [
        ...(to.includes('mailbox') ? [unit.mailbox] : []),
        ...(to.includes('liaisons') ? liaisonsOf(task.leadUnit) : []),
        ...(to.includes('supervisingLeader') ? [unit.supervisingLeader.email] : []),
      ];
      expect([...m.to].sort()).toEqual([...new Set(unitSide)].sort());
      expect([...m.cc].sort()).toEqual(to.includes('leads') ? [...leads].sort() : []);
      // the notice names the task, its deadline, the lead unit and its latest report
      expect(m.text).toContain(task.code);
      expect(m.text).toContain(unit.name);
      const [y, mo, d] = (task.deadline as string).split('-').map(Number);
      expect(m.text).toContain(`完成时限：${y}年${mo}月${d}日`);
      const reports = demo.reports.filter((r) => r.task === task.code);
      if (reports.length) expect(m.text).toMatch(/最新进展：\n\S+，\d{4}年\d{1,2}月期/);
      expect(m.html).toContain(`/tasks/${taskIds.get(task.code)}`);
    }
    // the one on the top rung goes to the supervising leader and the task force's leads
    const top = expected.find((e) => e.step === ladder.length - 1);
    const notice = messages.find((m) => m.subject.includes(`任务 ${top?.task.code} `)) as ReceivedMessage;
    expect(notice.to).toContain(demoUnit(top?.task.leadUnit as string).supervisingLeader.email);
    expect(notice.cc).toEqual(expect.arrayContaining(leads));
  });

  it('running again sends nothing', async () => {
    const before = await keys();
    expect((await run()).messages).toBe(0);
    expect(await deliver()).toHaveLength(0);
    expect(await keys()).toEqual(before);
  });

  it('climbs to the next step when it falls due', async () => {
    // W1-6 (秦州区, due 2023-09-15) reaches 5 working days overdue on Friday 22 September
    t.clock.setToday('2023-09-22');
    expect(cal.workingDaysBetween('2023-09-15', '2023-09-22')).toBe(5);
    await run();
    const messages = await deliver();
    const w16 = messages.filter((m) => m.subject.includes('任务 W1-6 '));
    expect(w16).toHaveLength(1);
    expect(w16[0].subject).toContain('第2级督办');
    expect(w16[0].to).toContain(demoUnit('qzq').supervisingLeader.email);
    expect(w16[0].to).toEqual(expect.arrayContaining(['qzq@tianshui.example.cn', 'liaison.qzq@tianshui.example.cn']));
    expect(w16[0].text).toContain('抄报贵单位分管领导');
    expect(await keys()).toContain(`escalation:${taskIds.get('W1-6')}:1:2023-09-15`);
  });

  it('after downtime sends only the highest step due, not the ones below it', async () => {
    const id = await createTask('长期未办结的任务', 'lt', '2023-07-01', '2023-08-15');
    await run();
    const messages = (await deliver()).filter((m) => m.text.includes('长期未办结的任务'));
    expect(messages).toHaveLength(1);
    expect(messages[0].subject).toContain('第3级督办');
    expect(messages[0].cc).toEqual(expect.arrayContaining(leads));
    const mine = (await keys()).filter((k) => k.startsWith(`escalation:${id}:`));
    expect(mine).toEqual([`escalation:${id}:2:2023-08-15`]);
  });

  it('an approved extension stops the escalation, and the ladder starts again from the new deadline', async () => {
    t.clock.setToday('2023-09-22');
    const extended = await createTask('已批准延期的任务', 'yd', '2023-09-01', '2023-09-26');
    const late = await createTask('未申请延期的任务', 'yd', '2023-09-01', '2023-09-26');
    const asked = await t.call('liaison', 'POST', `/api/tasks/${extended}/extensions`, {
      requestedDeadline: '2023-10-31',
      reason: '等待省公司批复投资计划',
    });
    expect(asked.status).toBe(201);
    expect((await t.call('lead', 'POST', `/api/extensions/${asked.body.id}/approve`, {})).status).toBe(200);

    // 16 October: both tasks are past 26 September; only the one without an extension is escalated
    t.clock.setToday('2023-10-16');
    await run();
    let messages = await deliver();
    expect(messages.filter((m) => m.text.includes('未申请延期的任务'))).toHaveLength(1);
    expect(messages.filter((m) => m.text.includes('已批准延期的任务'))).toHaveLength(0);
    expect((await keys()).filter((k) => k.startsWith(`escalation:${extended}:`))).toEqual([]);
    expect((await keys()).some((k) => k.startsWith(`escalation:${late}:`))).toBe(true);

    // 2 November: a working day past the new deadline, the first step goes out, keyed by the new deadline
    t.clock.setToday('2023-11-02');
    await run();
    messages = (await deliver()).filter((m) => m.text.includes('已批准延期的任务'));
    expect(messages).toHaveLength(1);
    expect(messages[0].subject).toContain('第1级督办');
    expect(messages[0].text).toContain('完成时限：2023年10月31日（原定 2023年9月26日，已批准延期）');
    expect((await keys()).filter((k) => k.startsWith(`escalation:${extended}:`))).toEqual([
      `escalation:${extended}:0:2023-10-31`,
    ]);
  });

  it('a unit whose language is English gets its notice in English', async () => {
    const lt = unitIds.get('lt') as number;
    expect((await t.call('admin', 'PATCH', `/api/units/${lt}`, { locale: 'en' })).status).toBe(200);
    t.clock.setToday('2023-11-20');
    const id = await createTask('Late task of an English-speaking unit', 'lt', '2023-10-01', '2023-11-01');
    await run();
    const received: ReceivedMessage[] = [];
    const before = smtp.messages.length;
    await t.app.get(MailSender).deliverPending(1000);
    received.push(...smtp.messages.slice(before).filter((m) => m.html.includes(`/tasks/${id}`)));
    expect(received).toHaveLength(1);
    expect(received[0].subject).toMatch(/^Escalation \(step \d of 3\): task /);
    expect(received[0].text).toContain('ESCALATION NOTICE');
    expect(received[0].text).toContain('No progress report has been filed on this task.');
  });

  it('only the secretariat and admins run the escalation by hand', async () => {
    for (const who of ['lead', 'liaison', 'viewer']) {
      expect((await t.call(who, 'POST', '/api/schedule/escalation/run')).status).toBe(403);
    }
  });
});
