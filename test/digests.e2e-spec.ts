// Unit and personal digests, delivered to a loopback SMTP server and read back as parsed messages.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { runCli } from '../src/cli';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { zonedTime } from '../src/common/clock.service';
import { MailSender } from '../src/mail/mail-sender';
import { OutboxMessage } from '../src/mail/outbox-message.entity';
import { SchedulerService } from '../src/scheduler/scheduler.service';
import { nextRecurrence } from '../src/tasks/grades';
import { demoTasks } from './support/demo';
import { startApp, tempDir } from './support/app';
import { freshDatabase } from './support/database';
import { startSmtp, type ReceivedMessage } from './support/smtp';

const OPEN = ['assigned', 'in_progress', 'blocked'];
const SHANGHAI = 'Asia/Shanghai';

interface UnitRow {
  id: number;
  code: string;
  name: string;
  nameEn: string | null;
  mailbox: string | null;
}

/** What the digest rule says of the demo plan's tasks on a day, computed here from the plan file. */
function flaggedOn(cal: WorkingDaysService, today: string, horizon: number): Map<string, 'overdue' | 'dueSoon'> {
  const out = new Map<string, 'overdue' | 'dueSoon'>();
  for (const task of demoTasks) {
    if (!OPEN.includes(task.status)) continue;
    const deadline = task.deadline ?? cal.addWorkingDays(task.startDate as string, task.deadlineWorkingDays as number);
    if (today > deadline) {
      out.set(task.code, 'overdue');
      continue;
    }
    const rule = task.recurrence as { freq: 'monthly' | 'quarterly'; day: number } | null;
    const due = (rule && nextRecurrence(rule, today, deadline, cal)) ?? deadline;
    if (due >= today && cal.workingDaysBetween(today, due) <= horizon) out.set(task.code, 'dueSoon');
  }
  return out;
}

const isDigest = (m: ReceivedMessage) => m.subject.startsWith('【工作提示】') || m.subject.startsWith('Digest for');

async function harness(today: string, config: Record<string, unknown> = {}) {
  const smtp = await startSmtp();
  const t = await startApp({
    today,
    config: { mail: { smtp: { host: '127.0.0.1', port: smtp.port }, retryBaseSeconds: 0 }, ...config },
  });
  const units = await t.get<UnitRow[]>('admin', '/api/units');
  const unit = (code: string) => units.find((u) => u.code === code) as UnitRow;
  const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as { id: number; code: string }[];
  const codeOf = new Map(tasks.map((x) => [x.id, x.code]));
  const idOf = new Map(tasks.map((x) => [x.code, x.id]));
  /** Delivers what is queued and returns the digests received since the last call. */
  const deliver = async (): Promise<ReceivedMessage[]> => {
    const before = smtp.messages.length;
    await t.app.get(MailSender).deliverPending(1000);
    return smtp.messages.slice(before).filter(isDigest);
  };
  const digestTo = (messages: ReceivedMessage[], address: string) => messages.filter((m) => m.to.includes(address));
  const outboxKeys = async (): Promise<string[]> =>
    (
      await t.app
        .get(DataSource)
        .getRepository(OutboxMessage)
        .find({ where: { kind: 'digest' }, order: { id: 'ASC' } })
    ).map((m) => m.idempotencyKey);
  const close = async () => {
    await t.close();
    await smtp.close();
  };
  return { t, smtp, units, unit, codeOf, idOf, deliver, digestTo, outboxKeys, close };
}

type Harness = Awaited<ReturnType<typeof harness>>;

describe('unit digests on 2023-09-20', () => {
  const TODAY = '2023-09-20';
  let h: Harness;
  let expected: Map<string, 'overdue' | 'dueSoon'>;

  beforeAll(async () => {
    h = await harness(TODAY);
    expected = flaggedOn(h.t.app.get(WorkingDaysService), TODAY, h.t.config.digest.dueSoonWorkingDays);
  });
  afterAll(() => h.close());

  it('a manual run sends one digest per unit with something to say, to its mailbox and liaisons, in Chinese', async () => {
    const run = await h.t.call('secretariat', 'POST', '/api/digests/send');
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ job: 'digest', status: 'done', trigger: 'manual' });
    const messages = await h.deliver();
    expect(messages).toHaveLength(run.body.messages);

    // units with an overdue or due-soon task they lead or support; nothing else has happened yet
    const concerned = new Set<string>();
    for (const task of demoTasks.filter((x) => expected.has(x.code))) {
      concerned.add(task.leadUnit);
      task.supportingUnits.forEach((u) => concerned.add(u));
    }
    expect(concerned.size).toBeGreaterThan(0);
    const mailboxes = messages.map((m) => m.to[0]).sort();
    expect(mailboxes).toEqual([...concerned].map((c) => h.unit(c).mailbox).sort());
    for (const m of messages) {
      expect(m.subject.startsWith('【工作提示】')).toBe(true);
      expect(m.html).toContain('<table');
      expect(m.text.length).toBeGreaterThan(50);
      expect(m.text).toContain('牵头任务');
    }
    const yd = h.digestTo(messages, 'yd@tianshui.example.cn');
    expect(yd).toHaveLength(1);
    expect(yd[0].to).toEqual(['yd@tianshui.example.cn', 'liaison.yd@tianshui.example.cn']);
    expect(yd[0].subject).toContain('天水移动');
    expect(yd[0].html).toContain('天水移动');
  });

  it("天水移动's digest lists the tasks it leads apart from those it supports", async () => {
    const codes = (ids: number[]) => ids.map((id) => h.codeOf.get(id)).sort();
    const check = async (today: string) => {
      const flagged = flaggedOn(h.t.app.get(WorkingDaysService), today, h.t.config.digest.dueSoonWorkingDays);
      const want = (lead: boolean, kind: 'overdue' | 'dueSoon') =>
        demoTasks
          .filter((x) => flagged.get(x.code) === kind)
          .filter((x) => (lead ? x.leadUnit === 'yd' : x.supportingUnits.includes('yd')))
          .map((x) => x.code)
          .sort();
      const preview = await h.t.call('liaison', 'GET', `/api/digests/preview?unitId=${h.unit('yd').id}`);
      expect(preview.status).toBe(200);
      const { counts, text } = preview.body;
      expect(codes(counts.overdueLead.ids)).toEqual(want(true, 'overdue'));
      expect(codes(counts.dueSoonLead.ids)).toEqual(want(true, 'dueSoon'));
      expect(codes(counts.overdueSupporting.ids)).toEqual(want(false, 'overdue'));
      expect(codes(counts.dueSoonSupporting.ids)).toEqual(want(false, 'dueSoon'));
      // each task in its section, with a link to it
      const [beforeSupporting, supportingPart = ''] = text.split('二、本单位配合的任务');
      const leadPart = beforeSupporting.split('一、本单位牵头的任务')[1] ?? '';
      for (const code of [...want(true, 'overdue'), ...want(true, 'dueSoon')]) {
        expect(leadPart).toContain(`- ${code} `);
        expect(supportingPart).not.toContain(`- ${code} `);
        expect(leadPart).toContain(`/tasks/${h.idOf.get(code)}`);
      }
      for (const code of [...want(false, 'overdue'), ...want(false, 'dueSoon')]) {
        expect(supportingPart).toContain(`- ${code} `);
        expect(leadPart).not.toContain(`- ${code} `);
        expect(supportingPart).toContain(`/tasks/${h.idOf.get(code)}`);
      }
      expect(preview.body.to).toEqual(['yd@tianshui.example.cn', 'liaison.yd@tianshui.example.cn']);
      return { lead: want(true, 'overdue').length + want(true, 'dueSoon').length, supporting: counts };
    };
    // on 20 September 天水移动 only supports late work …
    const sept = await check(TODAY);
    expect(sept.supporting.overdueSupporting.count).toBeGreaterThan(0);
    // … by late November a task it leads is due
    const now = h.t.clock.now();
    h.t.clock.setToday('2023-11-27');
    try {
      expect((await check('2023-11-27')).lead).toBeGreaterThan(0);
    } finally {
      h.t.clock.setNow(now);
    }
  });

  it('a unit whose language is English gets its digest in English', async () => {
    const dx = h.unit('dx');
    const patch = await h.t.call('admin', 'PATCH', `/api/units/${dx.id}`, { locale: 'en' });
    expect(patch.status).toBe(200);
    await h.t.call('secretariat', 'POST', '/api/digests/send', { force: true });
    const messages = await h.deliver();
    const mine = h.digestTo(messages, 'dx@tianshui.example.cn');
    expect(mine).toHaveLength(1);
    expect(mine[0].subject).toMatch(/^Digest for China Telecom Tianshui Branch/);
    expect(mine[0].text).toContain('TASKS YOUR UNIT SUPPORTS');
    expect(mine[0].html).toContain('Tasks it supports');
    expect(mine[0].html).toContain('lang="en"');
    // the others stay in Chinese
    expect(h.digestTo(messages, 'yd@tianshui.example.cn')[0].subject).toMatch(/^【工作提示】/);
    await h.t.call('admin', 'PATCH', `/api/units/${dx.id}`, { locale: 'zh-CN' });
  });

  it('a unit with nothing to report gets no digest', async () => {
    const created = await h.t.call('admin', 'POST', '/api/units', {
      code: 'quiet',
      name: '无任务单位',
      mailbox: 'quiet@tianshui.example.cn',
    });
    expect(created.status).toBe(201);
    const preview = await h.t.call('lead', 'GET', `/api/digests/preview?unitId=${created.body.id}`);
    expect(preview.body.empty).toBe(true);
    expect(preview.body.text).toContain('本期没有逾期');
    await h.t.call('secretariat', 'POST', '/api/digests/send', { force: true });
    const messages = await h.deliver();
    expect(messages.length).toBeGreaterThan(0);
    expect(h.digestTo(messages, 'quiet@tianshui.example.cn')).toHaveLength(0);
  });

  it('lists the changes since the last digest, and not the ones before it', async () => {
    const w321 = h.idOf.get('W3-2.1') as number; // led by 天水移动
    const w22 = h.idOf.get('W2-2') as number; // led by 天水移动, supported by 天水电信
    expect((await h.t.call('secretariat', 'PATCH', `/api/tasks/${w321}`, { progress: 42 })).status).toBe(200);
    await h.t.call('secretariat', 'POST', '/api/digests/send', { force: true });
    let yd = h.digestTo(await h.deliver(), 'yd@tianshui.example.cn')[0];
    expect(yd.text).toContain('上次提示以来的变化（1 项）');
    expect(yd.text).toContain('进度：40% → 42%');

    expect((await h.t.call('secretariat', 'PATCH', `/api/tasks/${w22}`, { progress: 50 })).status).toBe(200);
    await h.t.call('secretariat', 'POST', '/api/digests/send', { force: true });
    const messages = await h.deliver();
    yd = h.digestTo(messages, 'yd@tianshui.example.cn')[0];
    const changes = yd.text.split('四、上次提示以来的变化')[1];
    expect(changes.startsWith('（1 项）')).toBe(true);
    expect(changes).toContain('W2-2');
    expect(changes).toContain('陈晓燕'); // who: the secretariat's display name
    expect(changes).toContain('进度：45% → 50%');
    expect(changes).not.toContain('40% → 42%');
    expect(yd.html).toContain(`/tasks/${w22}`);
    // the supporting unit hears of it too
    expect(h.digestTo(messages, 'dx@tianshui.example.cn')[0].text).toContain('进度：45% → 50%');
  });

  it('lists the reports awaited in an open dispatch round until they are filed', async () => {
    const yd = h.unit('yd');
    const round = await h.t.call('secretariat', 'POST', '/api/dispatch-rounds', {
      period: '2023-09',
      dueDate: '2023-09-25',
    });
    expect(round.status).toBe(201);
    // a round asks for reports on open sub-tasks too
    const led = demoTasks.filter((x) => x.leadUnit === 'yd' && OPEN.includes(x.status));
    const url = `/api/digests/preview?unitId=${yd.id}`;
    let preview = (await h.t.call('liaison', 'GET', url)).body;
    expect(preview.counts.awaited.ids.map((id: number) => h.codeOf.get(id)).sort()).toEqual(
      led.map((x) => x.code).sort(),
    );
    expect(preview.text).toContain('三、待报送的进展');
    expect(preview.text).toContain('报送截止 2023年9月25日');

    const filed = await h.t.call('liaison', 'POST', `/api/tasks/${h.idOf.get(led[0].code)}/reports`, {
      period: '2023-09',
      text: '9月进展',
      percent: 50,
    });
    expect(filed.status).toBe(201);
    preview = (await h.t.call('liaison', 'GET', url)).body;
    expect(preview.counts.awaited.count).toBe(led.length - 1);
  });

  it('sends a personal digest of the whole plan to a lead who asked for one', async () => {
    const me = (await h.t.call('lead', 'GET', '/api/auth/me')).body;
    expect((await h.t.call('lead', 'PATCH', '/api/users/me', { wantsDigest: true })).status).toBe(200);
    await h.t.call('secretariat', 'POST', '/api/digests/send', { force: true });
    const mine = h.digestTo(await h.deliver(), 'lead@tianshui.example.cn');
    expect(mine).toHaveLength(1);
    expect(mine[0].subject).toMatch(/^【工作提示】全计划任务情况/);
    const overdue = [...expected].filter(([, k]) => k === 'overdue').map(([code]) => code);
    expect(mine[0].subject).toContain(`逾期 ${overdue.length} 项`);
    const list = mine[0].text.split('三、逾期任务')[1];
    for (const code of overdue) expect(list).toContain(code);
    expect(mine[0].text).toContain('一、按工作事项');
    expect(mine[0].text).toContain('二、按牵头单位');

    const preview = await h.t.call('lead', 'GET', `/api/digests/preview?userId=${me.id}`);
    expect(preview.status).toBe(200);
    expect(preview.body.counts.overdue.ids.map((id: number) => h.codeOf.get(id)).sort()).toEqual(overdue.sort());
  });

  describe('the preview and send endpoints', () => {
    it('lets leads and the secretariat preview any unit, a liaison only its own', async () => {
      const yd = h.unit('yd').id;
      const qzq = h.unit('qzq').id;
      for (const who of ['lead', 'secretariat']) {
        expect((await h.t.call(who, 'GET', `/api/digests/preview?unitId=${qzq}`)).status).toBe(200);
      }
      expect((await h.t.call('liaison', 'GET', `/api/digests/preview?unitId=${yd}`)).status).toBe(200);
      const other = await h.t.call('liaison', 'GET', `/api/digests/preview?unitId=${qzq}`);
      expect(other.status).toBe(403);
      expect((await h.t.call('liaison2', 'GET', `/api/digests/preview?unitId=${yd}`)).status).toBe(403);
      expect((await h.t.call('viewer', 'GET', `/api/digests/preview?unitId=${yd}`)).status).toBe(403);
    });

    it('a person previews their own digest; only admins, leads and the secretariat preview others', async () => {
      const viewer = (await h.t.call('viewer', 'GET', '/api/auth/me')).body;
      const lead = (await h.t.call('lead', 'GET', '/api/auth/me')).body;
      expect((await h.t.call('viewer', 'GET', `/api/digests/preview?userId=${viewer.id}`)).status).toBe(200);
      expect((await h.t.call('viewer', 'GET', `/api/digests/preview?userId=${lead.id}`)).status).toBe(403);
      expect((await h.t.call('liaison', 'GET', `/api/digests/preview?userId=${lead.id}`)).status).toBe(403);
      expect((await h.t.call('secretariat', 'GET', `/api/digests/preview?userId=${viewer.id}`)).status).toBe(200);
      expect((await h.t.call('admin', 'GET', '/api/digests/preview?userId=99999')).status).toBe(404);
    });

    it('refuses bad input with a 400 naming the field, and an unknown unit with a 404', async () => {
      const bad = await h.t.call('lead', 'GET', '/api/digests/preview?unitId=abc');
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].field).toBe('unitId');
      const zero = await h.t.call('lead', 'GET', '/api/digests/preview?unitId=0');
      expect(zero.status).toBe(400);
      expect(zero.body.errors[0].field).toBe('unitId');
      const none = await h.t.call('lead', 'GET', '/api/digests/preview');
      expect(none.status).toBe(400);
      expect(none.body.errors[0].field).toBe('unitId');
      const both = await h.t.call('lead', 'GET', `/api/digests/preview?unitId=1&userId=1`);
      expect(both.status).toBe(400);
      const unknown = await h.t.call('lead', 'GET', '/api/digests/preview?unitId=99999');
      expect(unknown.status).toBe(404);
      expect((await h.t.call('lead', 'GET', '/api/digests/preview?userId=x')).body.errors[0].field).toBe('userId');
    });

    it('previewing queues nothing', async () => {
      const before = (await h.outboxKeys()).length;
      await h.t.call('lead', 'GET', `/api/digests/preview?unitId=${h.unit('yd').id}`);
      expect((await h.outboxKeys()).length).toBe(before);
    });

    it('only the secretariat and admins send digests', async () => {
      for (const who of ['lead', 'liaison', 'viewer']) {
        expect((await h.t.call(who, 'POST', '/api/digests/send')).status).toBe(403);
      }
      expect((await h.t.call('admin', 'POST', '/api/digests/send')).status).toBe(200);
    });

    it("checks a unit's digest schedule: a cron expression, or null for the default", async () => {
      const yd = h.unit('yd').id;
      for (const digestCron of ['every day', '61 9 * * *', '0 9 * *', 42]) {
        const res = await h.t.call('admin', 'PATCH', `/api/units/${yd}`, { digestCron });
        expect(res.status).toBe(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain('digestCron');
      }
      expect((await h.t.call('admin', 'PATCH', `/api/units/${yd}`, { digestEnabled: 'yes' })).status).toBe(400);
      const set = await h.t.call('admin', 'PATCH', `/api/units/${yd}`, { digestCron: '0 14 * * 1-5' });
      expect(set.status).toBe(200);
      expect(set.body.digestCron).toBe('0 14 * * 1-5');
      const reset = await h.t.call('admin', 'PATCH', `/api/units/${yd}`, { digestCron: null });
      expect(reset.status).toBe(200);
      expect(reset.body.digestCron).toBeNull();
      expect((await h.t.call('lead', 'PATCH', `/api/units/${yd}`, { digestCron: '0 9 * * *' })).status).toBe(403);
    });
  });
});

describe('digests when configured to send empty ones', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness('2023-09-20', { digest: { sendEmpty: true, dueSoonWorkingDays: 5 } });
  });
  afterAll(() => h.close());

  it('a unit with nothing to report gets a digest saying so', async () => {
    const expected = flaggedOn(h.t.app.get(WorkingDaysService), '2023-09-20', 5);
    const concerned = new Set(
      demoTasks.filter((x) => expected.has(x.code)).flatMap((x) => [x.leadUnit, ...x.supportingUnits]),
    );
    const quiet = h.units.filter((u) => u.mailbox && !concerned.has(u.code));
    expect(quiet.length).toBeGreaterThan(0);
    await h.t.call('secretariat', 'POST', '/api/digests/send');
    const messages = await h.deliver();
    expect(messages).toHaveLength(h.units.filter((u) => u.mailbox).length);
    for (const u of quiet) {
      const mine = h.digestTo(messages, u.mailbox as string);
      expect(mine).toHaveLength(1);
      expect(mine[0].text).toContain('本期没有逾期、临近到期、待报送的事项');
    }
  });
});

describe('digests with lists capped at one line', () => {
  const TODAY = '2023-09-20';
  let h: Harness;
  beforeAll(async () => {
    h = await harness(TODAY, {
      publicUrl: 'https://zb.example.cn',
      digest: { sendEmpty: false, dueSoonWorkingDays: 5, maxListedTasks: 1 },
    });
  });
  afterAll(() => h.close());

  it('a capped list keeps its total, lists one, and says how many more with a link to the filtered task list', async () => {
    const expected = flaggedOn(h.t.app.get(WorkingDaysService), TODAY, 5);
    const overdue = demoTasks.filter((x) => expected.get(x.code) === 'overdue');
    // the unit leading the most overdue tasks
    const byUnit = new Map<string, number>();
    for (const x of overdue) byUnit.set(x.leadUnit, (byUnit.get(x.leadUnit) ?? 0) + 1);
    const [code, total] = [...byUnit].sort((a, b) => b[1] - a[1])[0];
    expect(total).toBeGreaterThan(1);
    const unit = h.unit(code);
    const preview = await h.t.call('secretariat', 'GET', `/api/digests/preview?unitId=${unit.id}`);
    expect(preview.status).toBe(200);
    const { counts, text, html } = preview.body;
    expect(counts.overdueLead.count).toBe(total);
    expect(counts.overdueLead.ids).toHaveLength(1);
    const url = `https://zb.example.cn/tasks?unitId=${unit.id}&unitRole=lead&overdue=true`;
    const lead = text.split('一、本单位牵头的任务')[1].split('二、')[0];
    expect(lead).toContain(`【已逾期】${total} 项`);
    expect(lead.match(/^- /gm)).toHaveLength(1 + (counts.dueSoonLead.ids.length as number));
    expect(lead).toContain(`另有${total - 1}项，见任务清单：${url}`);
    expect(html).toContain(
      `另有${total - 1}项，见任务清单：<a href="${url.replace(/&/g, '&amp;').replace(/=/g, '&#x3D;')}"`,
    );

    // the plan-wide digest of a lead: the list of overdue tasks, capped the same way
    const me = (await h.t.call('lead', 'GET', '/api/auth/me')).body;
    const plan = await h.t.call('lead', 'GET', `/api/digests/preview?userId=${me.id}`);
    expect(plan.body.counts.overdue.count).toBe(overdue.length);
    expect(plan.body.counts.overdue.ids).toHaveLength(1);
    expect(plan.body.text).toContain(
      `另有${overdue.length - 1}项，见任务清单：https://zb.example.cn/tasks?overdue=true`,
    );
  });
});

describe('digests across the 2023 National Day holiday', () => {
  // 28 Sep is a working day, 29 Sep – 6 Oct are holidays, Saturday 7 and Sunday 8 Oct are adjusted working days
  let h: Harness;
  let ydId: number;
  let dxId: number;
  const slot = (date: string, time: string) => zonedTime(date, time, SHANGHAI);

  beforeAll(async () => {
    h = await harness('2023-09-27');
    ydId = h.unit('yd').id;
    dxId = h.unit('dx').id;
  });
  afterAll(() => h.close());

  it('a task due 2023-10-09 is due soon on 2023-09-27 (4 working days), one due 2023-10-13 is not (8)', async () => {
    const cal = h.t.app.get(WorkingDaysService);
    expect(cal.workingDaysBetween('2023-09-27', '2023-10-09')).toBe(4);
    expect(cal.workingDaysBetween('2023-09-27', '2023-10-13')).toBe(8);
    const workItems = await h.t.get('lead', '/api/work-items');
    const workItemId = (Array.isArray(workItems) ? workItems : workItems.items)[0].id;
    const create = async (title: string, deadline: string) => {
      const res = await h.t.call('secretariat', 'POST', '/api/tasks', {
        workItemId,
        title,
        leadUnitId: ydId,
        startDate: '2023-09-01',
        deadline,
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    const soon = await create('节前节后衔接任务', '2023-10-09');
    const later = await create('节后第二周任务', '2023-10-13');
    const preview = await h.t.call('lead', 'GET', `/api/digests/preview?unitId=${ydId}`);
    expect(preview.body.counts.dueSoonLead.ids).toContain(soon);
    expect(preview.body.counts.dueSoonLead.ids).not.toContain(later);
    expect(preview.body.text).toContain('剩 4 个工作日');
  });

  it('the scheduled digest sends nothing on a holiday and sends on the adjusted working Saturday', async () => {
    const scheduler = h.t.app.get(SchedulerService);
    // 天水电信 takes its digest at 14:00
    expect((await h.t.call('admin', 'PATCH', `/api/units/${dxId}`, { digestCron: '0 14 * * *' })).status).toBe(200);

    const holiday = await scheduler.runSlot('digest', slot('2023-10-02', '09:00'), 'schedule');
    expect(holiday).toMatchObject({ status: 'skipped', messages: 0 });
    expect(await h.deliver()).toHaveLength(0);

    const saturday = await scheduler.runSlot('digest', slot('2023-10-07', '09:00'), 'schedule');
    expect(saturday?.status).toBe('done');
    expect(saturday?.messages).toBeGreaterThan(0);
    let messages = await h.deliver();
    expect(messages).toHaveLength(saturday?.messages as number);
    expect(h.digestTo(messages, 'yd@tianshui.example.cn')).toHaveLength(1);
    expect(h.digestTo(messages, 'yd@tianshui.example.cn')[0].subject).toContain('2023年10月7日');
    // not at 09:00 for the unit that asked for 14:00
    expect(h.digestTo(messages, 'dx@tianshui.example.cn')).toHaveLength(0);
    expect(await h.outboxKeys()).toContain(`digest:${slot('2023-10-07', '09:00').toISOString()}:unit:${ydId}`);

    // the same slot again sends nothing
    expect(await scheduler.runSlot('digest', slot('2023-10-07', '09:00'), 'schedule')).toBeNull();
    expect(await h.deliver()).toHaveLength(0);

    // the hours between send nothing; 14:00 sends 天水电信 its digest and nobody else
    const ten = await scheduler.runSlot('digest', slot('2023-10-07', '10:00'), 'schedule');
    expect(ten?.messages).toBe(0);
    const two = await scheduler.runSlot('digest', slot('2023-10-07', '14:00'), 'schedule');
    expect(two?.messages).toBe(1);
    messages = await h.deliver();
    expect(messages.map((m) => m.to[0])).toEqual(['dx@tianshui.example.cn']);
    expect(await h.outboxKeys()).toContain(`digest:${slot('2023-10-07', '14:00').toISOString()}:unit:${dxId}`);
  });

  it('a unit whose digests are turned off gets none', async () => {
    const scheduler = h.t.app.get(SchedulerService);
    expect((await h.t.call('admin', 'PATCH', `/api/units/${ydId}`, { digestEnabled: false })).status).toBe(200);
    const monday = await scheduler.runSlot('digest', slot('2023-10-09', '09:00'), 'schedule');
    expect(monday?.messages).toBeGreaterThan(0);
    const messages = await h.deliver();
    expect(h.digestTo(messages, 'yd@tianshui.example.cn')).toHaveLength(0);
    expect(h.digestTo(messages, 'lt@tianshui.example.cn')).toHaveLength(1);
  });
});

describe('digest-preview on the command line', () => {
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

  it("prints a unit's digest, or writes its HTML, and queues nothing", async () => {
    expect((await cli('seed-demo')).code).toBe(0);
    const shown = await cli('digest-preview', '--unit', 'yd');
    expect(shown).toMatchObject({ code: 0, err: '' });
    expect(shown.out).toContain('to: yd@tianshui.example.cn, liaison.yd@tianshui.example.cn');
    expect(shown.out).toContain('subject: 【工作提示】天水移动');
    expect(shown.out).toContain('二、本单位配合的任务');
    const file = join(dir, 'yd.html');
    const written = await cli('digest-preview', '--unit', 'yd', '--out', file);
    expect(written.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('<html lang="zh-CN">');
    expect((await cli('outbox', '--kind', 'digest')).out).toContain('0 messages');
  });

  it('refuses an unknown unit, naming the option', async () => {
    const res = await cli('digest-preview', '--unit', 'nope');
    expect(res.code).toBe(2);
    expect(res.err).toContain('--unit');
  });
});
