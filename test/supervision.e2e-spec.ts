// Supervision notices (督办单) as records: issued for a red or yellow task, numbered and frozen, mailed once to the
// lead unit with the Word document attached (loopback SMTP), answered by the lead unit's liaison, and escalated up
// the ladder once when left unanswered past the reply date.
import JSZip from 'jszip';
import { MailSender } from '../src/mail/mail-sender';
import { SupervisionEvents } from '../src/supervision/supervision-events';
import type { SupervisionNotice } from '../src/supervision/supervision-notice.entity';
import { SupervisionService } from '../src/supervision/supervision.service';
import { WorkingDaysService } from '../src/calendar/working-days.service';
import { demo } from './support/demo';
import { startApp, type TestApp } from './support/app';
import { startSmtp, type ReceivedMessage, type TestSmtpServer } from './support/smtp';

const TODAY = '2023-09-20';
interface DemoUnit {
  code: string;
  mailbox: string;
  supervisingLeader: { name: string; email: string };
}
const yd = (demo.units as unknown as DemoUnit[]).find((u) => u.code === 'yd') as DemoUnit;
const liaisonsOf = (code: string) =>
  demo.users.filter((u) => u.role === 'liaison' && u.unit === code).map((u) => u.email);

async function documentText(docx: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(docx);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

describe('supervision notices', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let unitIds: Map<string, number>;
  let workItemId: number;
  let red: number;
  let yellow: number;
  let green: number;
  let redNotice: { id: number; number: string; replyDueOn: string };
  const issued: SupervisionNotice[] = [];

  const createTask = async (title: string, startDate: string, deadline: string) => {
    const res = await t.call('secretariat', 'POST', '/api/tasks', {
      workItemId,
      title,
      leadUnitId: unitIds.get('yd'),
      supportingUnitIds: [unitIds.get('qzq')],
      startDate,
      deadline,
    });
    expect(res.status).toBe(201);
    return res.body.id as number;
  };
  const deliver = async (prefix: string): Promise<ReceivedMessage[]> => {
    const before = smtp.messages.length;
    await t.app.get(MailSender).deliverPending(1000);
    return smtp.messages.slice(before).filter((m) => m.subject.startsWith(prefix));
  };
  const download = async (who: string, path: string) => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${await t.as(who)}` } });
    return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
  };

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({
      today: TODAY,
      config: { mail: { smtp: { host: '127.0.0.1', port: smtp.port }, retryBaseSeconds: 0 } },
    });
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    unitIds = new Map(units.map((u) => [u.code, u.id]));
    workItemId = (await t.get('lead', '/api/work-items'))[0].id;
    red = await createTask('逾期的督办测试任务', '2023-06-01', '2023-09-01');
    yellow = await createTask('滞后的督办测试任务', '2023-03-01', '2023-12-29');
    green = await createTask('刚开始的督办测试任务', '2023-09-20', '2024-06-28');
    t.app.get(SupervisionEvents).onIssued((n) => void issued.push(n));
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('refuses a task that is not graded yellow or red, and a liaison, changing nothing', async () => {
    expect((await t.get('lead', `/api/tasks/${green}`)).colour).toBeNull();
    const refused = await t.call('secretariat', 'POST', `/api/tasks/${green}/supervision-notices`, {});
    expect([refused.status, refused.body.code]).toEqual([409, 'task_not_graded']);
    const liaison = await t.call('liaison', 'POST', `/api/tasks/${red}/supervision-notices`, {});
    expect(liaison.status).toBe(403);
    const bad = await t.call('secretariat', 'POST', `/api/tasks/${red}/supervision-notices`, {
      replyDueOn: '2023-9-1',
    });
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'replyDueOn']);
    expect(await t.get('lead', `/api/tasks/${red}/supervision-notices`)).toEqual([]);
    expect(issued).toEqual([]);
  });

  it('issues a numbered notice for a red task, once while it is open', async () => {
    expect((await t.get('lead', `/api/tasks/${red}`)).colour).toBe('red');
    const res = await t.call('secretariat', 'POST', `/api/tasks/${red}/supervision-notices`, { note: '首次督办' });
    expect(res.status).toBe(201);
    const replyBy = t.app.get(WorkingDaysService).addWorkingDays(TODAY, t.config.documents.supervisionReplyWorkingDays);
    expect(res.body).toMatchObject({
      task: { id: red, title: '逾期的督办测试任务' },
      unit: { id: unitIds.get('yd') },
      grade: 'red',
      issuedOn: TODAY,
      replyDueOn: replyBy,
      status: 'open',
      overdue: false,
      note: '首次督办',
      issuedBy: { displayName: expect.any(String) },
      replies: [],
    });
    expect(res.body.number).toMatch(/^督办〔2023〕\d+号$/);
    redNotice = res.body;
    // the hook point heard of it, once
    expect(issued.map((n) => n.id)).toEqual([res.body.id]);

    const again = await t.call('lead', 'POST', `/api/tasks/${red}/supervision-notices`, {});
    expect([again.status, again.body.code]).toEqual([409, 'supervision_notice_open']);
    expect(await t.get('lead', `/api/tasks/${red}/supervision-notices`)).toHaveLength(1);
    // the audit log has the notice
    const audit = await t.get('lead', `/api/audit?entityType=supervision_notice&entityId=${res.body.id}`);
    expect(audit.items.some((a: { action: string }) => a.action === 'create')).toBe(true);
  });

  it('mails the notice once to the lead unit’s mailbox with the Word document attached', async () => {
    const mails = await deliver('【督办单】');
    expect(mails).toHaveLength(1);
    const [m] = mails;
    expect(m.to).toEqual([yd.mailbox]);
    expect(m.subject).toContain(redNotice.number);
    expect(m.text).toContain('2023年');
    expect(m.attachments).toHaveLength(1);
    const a = m.attachments[0];
    expect(a.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(a.filename).toMatch(/^督办单-.+\.docx$/);
    const text = await documentText(a.content);
    expect(text).toContain(redNotice.number);
    expect(text).toContain('逾期的督办测试任务');
    // nothing more is sent on another pass
    expect(await deliver('【督办单】')).toHaveLength(0);
    const outbox = await t.get('secretariat', '/api/outbox?kind=supervision-notice');
    expect(outbox.items.map((o: { idempotencyKey: string }) => o.idempotencyKey)).toEqual([
      `supervision-notice:${redNotice.id}:unit:${unitIds.get('yd')}`,
    ]);
  });

  it('keeps the document as issued however the task moves on', async () => {
    const first = await download('secretariat', `/api/supervision-notices/${redNotice.id}/document.docx`);
    expect(first.status).toBe(200);
    const before = await documentText(first.body);
    expect(before).toContain(redNotice.number);
    const patched = await t.call('lead', 'PATCH', `/api/tasks/${red}`, { title: '改名后的任务', progress: 80 });
    expect(patched.status).toBe(200);
    t.clock.setToday('2023-09-22');
    try {
      const later = await download('liaison', `/api/supervision-notices/${redNotice.id}/document.docx`);
      expect(later.status).toBe(200);
      const after = await documentText(later.body);
      expect(after).toBe(before);
      expect(after).not.toContain('改名后的任务');
      // the task's own document route renders the recorded notice too
      const byTask = await download('secretariat', `/api/tasks/${red}/supervision-notice.docx`);
      expect(await documentText(byTask.body)).toBe(before);
      const en = await download('secretariat', `/api/supervision-notices/${redNotice.id}/document.docx?lang=en`);
      expect(await documentText(en.body)).toContain('Supervision Notice');
    } finally {
      t.clock.setToday(TODAY);
    }
    // another unit's liaison is not told the notice exists
    expect((await download('liaison2', `/api/supervision-notices/${redNotice.id}/document.docx`)).status).toBe(404);
  });

  it('lists notices by status, unit and task, a liaison its own unit’s only', async () => {
    const all = await t.get('viewer', '/api/supervision-notices');
    expect(all.map((n: { id: number }) => n.id)).toEqual([redNotice.id]);
    expect(await t.get('lead', '/api/supervision-notices?status=replied')).toEqual([]);
    expect(await t.get('lead', `/api/supervision-notices?unitId=${unitIds.get('qzq')}`)).toEqual([]);
    expect(await t.get('lead', `/api/supervision-notices?taskId=${red}`)).toHaveLength(1);
    expect(await t.get('liaison', '/api/supervision-notices')).toHaveLength(1);
    expect(await t.get('liaison2', '/api/supervision-notices')).toEqual([]);
    const one = await t.get('liaison', `/api/supervision-notices/${redNotice.id}`);
    expect(one.allowedActions).toEqual(['supervision.reply']);
    expect((await t.get('lead', `/api/supervision-notices/${redNotice.id}`)).allowedActions).toEqual([]);
    const bad = await t.call('lead', 'GET', '/api/supervision-notices?status=closed');
    expect([bad.status, bad.body.errors[0].field]).toEqual([400, 'status']);
  });

  it('takes a reply from the lead unit’s liaison only, on time, and marks the notice replied', async () => {
    const other = await t.call('liaison2', 'POST', `/api/supervision-notices/${redNotice.id}/replies`, {
      text: '代答',
    });
    expect(other.status).toBe(403);
    const viewer = await t.call('viewer', 'POST', `/api/supervision-notices/${redNotice.id}/replies`, { text: '阅' });
    expect(viewer.status).toBe(403);
    const office = await t.call('secretariat', 'POST', `/api/supervision-notices/${redNotice.id}/replies`, {
      text: '代答',
    });
    expect(office.status).toBe(403);
    const blank = await t.call('liaison', 'POST', `/api/supervision-notices/${redNotice.id}/replies`, { text: '  ' });
    expect([blank.status, blank.body.errors[0].field]).toEqual([400, 'text']);
    const long = await t.call('liaison', 'POST', `/api/supervision-notices/${redNotice.id}/replies`, {
      text: '长'.repeat(4001),
    });
    expect([long.status, long.body.errors[0].field]).toEqual([400, 'text']);
    expect((await t.get('lead', `/api/supervision-notices/${redNotice.id}`)).status).toBe('open');

    const res = await t.call('liaison', 'POST', `/api/supervision-notices/${redNotice.id}/replies`, {
      text: '已组织施工队伍进场，预计10月底完成。',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ noticeId: redNotice.id, late: false, unitId: unitIds.get('yd') });
    const notice = await t.get('lead', `/api/supervision-notices/${redNotice.id}`);
    expect(notice.status).toBe('replied');
    expect(notice.repliedAt).not.toBeNull();
    expect(notice.replies).toEqual([
      expect.objectContaining({ id: res.body.id, text: '已组织施工队伍进场，预计10月底完成。', late: false }),
    ]);
    expect(notice.replies[0].by.displayName).toEqual(expect.any(String));

    // what other features read: the notices of a task with their replies, and a reply with its task
    const svc = t.app.get(SupervisionService);
    const ofTask = await svc.listForTask(red);
    expect(ofTask.map((n) => [n.id, n.replies.map((r) => r.id)])).toEqual([[redNotice.id, [res.body.id]]]);
    expect(await svc.findReply(res.body.id)).toEqual({
      id: res.body.id,
      noticeId: redNotice.id,
      taskId: red,
      unitId: unitIds.get('yd'),
    });
    expect(await svc.findReply(999_999)).toBeNull();
  });

  it('escalates a notice left unanswered past its reply date once, and flags a late reply', async () => {
    expect((await t.get('lead', `/api/tasks/${yellow}`)).colour).toBe('yellow');
    const res = await t.call('lead', 'POST', `/api/tasks/${yellow}/supervision-notices`, { replyDueOn: '2023-09-25' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ grade: 'yellow', replyDueOn: '2023-09-25' });
    await deliver('【督办单】');
    const run = async () => {
      const r = await t.call('secretariat', 'POST', '/api/schedule/supervision.late/run');
      expect(r.body).toMatchObject({ job: 'supervision.late', status: 'done' });
      return r.body.messages as number;
    };
    // on the reply date nothing is late yet
    t.clock.setToday('2023-09-25');
    try {
      expect(await run()).toBe(0);
      t.clock.setToday('2023-09-26');
      expect(await run()).toBe(1);
      expect(await run()).toBe(0);
      t.clock.setToday('2023-09-27');
      expect(await run()).toBe(0);
      const mails = await deliver('【督办】');
      expect(mails).toHaveLength(1);
      const [m] = mails;
      expect(m.subject).toContain(res.body.number);
      expect(m.subject).toContain('逾期未反馈');
      // the first rung above the unit: its supervising leader beside its mailbox and liaisons
      const rung = [...t.config.escalation.ladder]
        .sort((a, b) => a.afterWorkingDays - b.afterWorkingDays)
        .find((s) => s.to.includes('supervisingLeader') || s.to.includes('leads'))!;
      const expected = [
        ...(rung.to.includes('mailbox') ? [yd.mailbox] : []),
        ...(rung.to.includes('liaisons') ? liaisonsOf('yd') : []),
        ...(rung.to.includes('supervisingLeader') ? [yd.supervisingLeader.email] : []),
      ];
      expect([...m.to].sort()).toEqual([...new Set(expected)].sort());
      expect((await t.get('lead', `/api/supervision-notices/${res.body.id}`)).overdue).toBe(true);

      const reply = await t.call('liaison', 'POST', `/api/supervision-notices/${res.body.id}/replies`, {
        text: '已整改。',
      });
      expect([reply.status, reply.body.late]).toEqual([201, true]);
      expect((await t.get('lead', `/api/supervision-notices/${res.body.id}`)).overdue).toBe(false);
    } finally {
      t.clock.setToday(TODAY);
    }
  });

  it('issues one notice when two issuers race for the same task', async () => {
    const raced = await createTask('并发督办测试任务', '2023-06-01', '2023-08-31');
    const answers = await Promise.all(
      ['secretariat', 'lead', 'secretariat', 'lead'].map((who) =>
        t.call(who, 'POST', `/api/tasks/${raced}/supervision-notices`, {}),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409, 409]);
    expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual(
      Array(3).fill('supervision_notice_open'),
    );
    expect(await t.get('lead', `/api/tasks/${raced}/supervision-notices`)).toHaveLength(1);
  });
});
