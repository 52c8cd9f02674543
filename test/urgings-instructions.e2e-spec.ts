// Urging (催办) a task's unit with a note mailed to it once, and leaders' instructions (领导批示) mailed to the units
// they reach, each asked to acknowledge; bad input is a 400 naming the field and changes nothing.
import JSZip from 'jszip';
import { MailSender } from '../src/mail/mail-sender';
import { startApp, type TestApp } from './support/app';
import { startSmtp, type ReceivedMessage, type TestSmtpServer } from './support/smtp';

describe('urgings and instructions', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  let unitIds: Map<string, number>;
  let workItemId: number;
  let taskId: number;

  const deliver = async (prefix: string): Promise<ReceivedMessage[]> => {
    const before = smtp.messages.length;
    await t.app.get(MailSender).deliverPending(1000);
    return smtp.messages.slice(before).filter((m) => m.subject.startsWith(prefix));
  };
  const urgingsOf = async (id: number) => t.get('lead', `/api/tasks/${id}/urgings`);
  const auditActions = async (id: number) =>
    (await t.get('lead', `/api/tasks/${id}/audit`)).items.map((a: { action: string }) => a.action);

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startApp({
      config: {
        publicUrl: 'https://zhuanban.example.gov.cn',
        mail: { smtp: { host: '127.0.0.1', port: smtp.port }, retryBaseSeconds: 0 },
      },
    });
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    unitIds = new Map(units.map((u) => [u.code, u.id]));
    workItemId = (await t.get('lead', '/api/work-items'))[0].id;
    const res = await t.call('secretariat', 'POST', '/api/tasks', {
      workItemId,
      title: '催办测试任务',
      leadUnitId: unitIds.get('yd'),
      supportingUnitIds: [unitIds.get('qzq')],
      startDate: '2023-09-01',
      deadline: '2023-10-31',
    });
    expect(res.status).toBe(201);
    taskId = res.body.id;
    await deliver('');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('a lead urges the supporting unit: the note is mailed once to its mailbox and liaisons, with a link', async () => {
    const res = await t.call('lead', 'POST', `/api/tasks/${taskId}/urgings`, {
      unitId: unitIds.get('qzq'),
      note: '请于本周五前报送配合工作进展。',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      taskId,
      unit: { code: 'qzq', name: '秦州区' },
      note: '请于本周五前报送配合工作进展。',
    });
    expect(res.body.by.displayName).toEqual(expect.any(String));
    const mail = await deliver('【催办】');
    expect(mail).toHaveLength(1);
    expect(mail[0].subject).toContain('秦州区');
    expect(mail[0].to).toEqual(expect.arrayContaining(['qzq@tianshui.example.cn', 'liaison.qzq@tianshui.example.cn']));
    expect(mail[0].text).toContain('请于本周五前报送配合工作进展。');
    expect(mail[0].text).toContain('2023年10月31日');
    expect(mail[0].text).toContain(`https://zhuanban.example.gov.cn/tasks/${taskId}`);
    expect(mail[0].html).toContain(`data-urging-id="${res.body.id}"`);
    // delivering again sends nothing more
    expect(await deliver('【催办】')).toEqual([]);
    expect(await auditActions(taskId)).toContain('urging.create');
  });

  it('the task lists its urgings with counts per unit; the secretariat may urge too', async () => {
    const res = await t.call('secretariat', 'POST', `/api/tasks/${taskId}/urgings`, {
      unitId: unitIds.get('yd'),
      note: '请牵头单位加快推进。',
    });
    expect(res.status).toBe(201);
    await deliver('');
    const list = await urgingsOf(taskId);
    expect(list.urgingCount).toBe(2);
    expect(list.items.map((u: { unit: { code: string } }) => u.unit.code)).toEqual(['yd', 'qzq']);
    expect(list.byUnit.map((b: { unit: { code: string }; count: number }) => [b.unit.code, b.count]).sort()).toEqual([
      ['qzq', 1],
      ['yd', 1],
    ]);
    const task = await t.get('lead', `/api/tasks/${taskId}`);
    expect(task.urgingCount).toBe(2);
    expect(task.urgingsByUnit).toEqual(
      [
        { unitId: unitIds.get('yd'), count: 1 },
        { unitId: unitIds.get('qzq'), count: 1 },
      ].sort((a, b) => a.unitId! - b.unitId!),
    );
    // a liaison of a unit on the task reads them
    expect((await t.get('liaison2', `/api/tasks/${taskId}/urgings`)).urgingCount).toBe(2);
  });

  it('bad urgings are a 400 naming the field, and nothing is recorded or mailed', async () => {
    const cases: [unknown, string][] = [
      [{ unitId: unitIds.get('dx'), note: '不是本任务的单位' }, 'unitId'],
      [{ unitId: unitIds.get('yd'), note: '   ' }, 'note'],
      [{ unitId: unitIds.get('yd') }, 'note'],
      [{ unitId: unitIds.get('yd'), note: '长'.repeat(501) }, 'note'],
      [{ note: '没有单位' }, 'unitId'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('lead', 'POST', `/api/tasks/${taskId}/urgings`, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await urgingsOf(taskId)).urgingCount).toBe(2);
    expect(await deliver('【催办】')).toEqual([]);
  });

  it('liaisons and viewers may not urge', async () => {
    for (const who of ['liaison', 'viewer']) {
      const res = await t.call(who, 'POST', `/api/tasks/${taskId}/urgings`, { unitId: unitIds.get('yd'), note: '催' });
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
  });

  it('UrgingsService.countsByUnit counts per unit over a period of days', async () => {
    const { UrgingsService } = await import('../src/followup/urgings.service');
    const counts = await t.app.get(UrgingsService).countsByUnit('2023-09-20', '2023-09-20');
    expect(counts.map((c) => [c.unit.code, c.count]).sort()).toEqual([
      ['qzq', 1],
      ['yd', 1],
    ]);
    expect(await t.app.get(UrgingsService).countsByUnit('2023-09-21', '2023-09-30')).toEqual([]);
  });

  it("a lead records an instruction: mailed to the task's units, each asked to acknowledge it", async () => {
    const res = await t.call('lead', 'POST', `/api/tasks/${taskId}/instructions`, {
      leaderName: '王市长',
      text: '请加快推进，确保国庆前完成主体工作。',
      issuedOn: '2023-09-19',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ leaderName: '王市长', issuedOn: '2023-09-19' });
    expect(res.body.units.map((u: { code: string }) => u.code).sort()).toEqual(['qzq', 'yd']);
    const mail = await deliver('【领导批示】');
    expect(mail).toHaveLength(2);
    expect(mail.every((m) => m.text.includes('请加快推进，确保国庆前完成主体工作。'))).toBe(true);
    expect(
      mail.map((m) => m.to.includes('yd@tianshui.example.cn') || m.to.includes('qzq@tianshui.example.cn')),
    ).toEqual([true, true]);
    const acks = await t.get('lead', `/api/tasks/${taskId}/acknowledgements`);
    const forInstruction = acks.filter((a: { kind: string; subjectId: number }) => a.kind === 'instruction');
    expect(
      forInstruction.map((a: { unit: { code: string }; subjectId: number }) => [a.unit.code, a.subjectId]).sort(),
    ).toEqual([
      ['qzq', res.body.id],
      ['yd', res.body.id],
    ]);
    const list = await t.get('viewer', `/api/tasks/${taskId}/instructions`);
    expect(list.map((i: { id: number }) => i.id)).toEqual([res.body.id]);
  });

  it('an instruction may reach other units than the task’s, given by unitIds', async () => {
    const res = await t.call('lead', 'POST', `/api/tasks/${taskId}/instructions`, {
      leaderName: '李副市长',
      text: '请电信公司协同推进。',
      unitIds: [unitIds.get('dx')],
    });
    expect(res.status).toBe(201);
    expect(res.body.units.map((u: { code: string }) => u.code)).toEqual(['dx']);
    expect(res.body.issuedOn).toBe('2023-09-20');
    const mail = await deliver('【领导批示】');
    expect(mail.map((m) => m.to.includes('dx@tianshui.example.cn'))).toEqual([true]);
  });

  it('bad instructions are a 400 naming the field, and nothing is recorded; only a lead records them', async () => {
    const cases: [unknown, string][] = [
      [{ leaderName: '', text: '批示' }, 'leaderName'],
      [{ leaderName: '王市长', text: '  ' }, 'text'],
      [{ leaderName: '王市长', text: '长'.repeat(2001) }, 'text'],
      [{ leaderName: '王市长', text: '批示', issuedOn: '2023-02-30' }, 'issuedOn'],
      [{ leaderName: '王市长', text: '批示', issuedOn: '2023-12-01' }, 'issuedOn'],
      [{ leaderName: '王市长', text: '批示', unitIds: [999999] }, 'unitIds'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('lead', 'POST', `/api/tasks/${taskId}/instructions`, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const who of ['secretariat', 'liaison', 'viewer']) {
      const res = await t.call(who, 'POST', `/api/tasks/${taskId}/instructions`, {
        leaderName: '王市长',
        text: '批示',
      });
      expect({ who, status: res.status }).toEqual({ who, status: 403 });
    }
    expect(await t.get('lead', `/api/tasks/${taskId}/instructions`)).toHaveLength(2);
    expect(await deliver('【领导批示】')).toEqual([]);
  });

  it('POST /instructions creates the task the instruction gives, with it, in one transaction', async () => {
    const res = await t.call('lead', 'POST', '/api/instructions', {
      leaderName: '王市长',
      text: '请尽快研究5G应用场景清单。',
      task: { workItemId, title: '研究5G应用场景清单', leadUnitId: unitIds.get('gxj'), deadline: '2023-11-30' },
    });
    expect(res.status).toBe(201);
    expect(res.body.task).toMatchObject({ title: '研究5G应用场景清单', leadUnit: { code: 'gxj' } });
    expect(res.body.units.map((u: { code: string }) => u.code)).toEqual(['gxj']);
    const acks = await t.get('lead', `/api/tasks/${res.body.task.id}/acknowledgements`);
    expect(acks.map((a: { kind: string }) => a.kind).sort()).toEqual(['instruction', 'task']);

    // a bad task leaves neither a task nor an instruction
    const before = (await t.get('lead', '/api/tasks?pageSize=500')).total;
    const bad = await t.call('lead', 'POST', '/api/instructions', {
      leaderName: '王市长',
      text: '请研究。',
      task: { workItemId, title: '无效任务', leadUnitId: 999999, deadline: '2023-11-30' },
    });
    expect(bad.status).toBe(400);
    expect((await t.get('lead', '/api/tasks?pageSize=500')).total).toBe(before);
  });

  it('the bulletin of the period counts urgings and acknowledgements per unit, in its snapshot and document', async () => {
    // 秦州区 acknowledges its items on the urged task before the due time
    const ack = await t.call('liaison2', 'POST', `/api/tasks/${taskId}/acknowledge`);
    expect(ack.status).toBe(200);
    const created = await t.call('secretariat', 'POST', '/api/bulletins', { period: '2023-09' });
    expect(created.status).toBe(201);
    const bulletin = await t.get('lead', `/api/bulletins/${created.body.id}`);
    const followUp = bulletin.snapshot.followUp;
    const urged = Object.fromEntries(followUp.urgings.map((u: { code: string; count: number }) => [u.code, u.count]));
    expect(urged).toEqual({ qzq: 1, yd: 1 });
    for (const code of ['qzq', 'yd']) {
      const items = await t.get<{ status: string; onTime: boolean | null; task: { id: number } }[]>(
        'lead',
        `/api/acknowledgements?unitId=${unitIds.get(code)}`,
      );
      // the bulletin's plan is the demo plan: the task of the instruction that created one is in it too
      const row = followUp.acknowledgements.find((a: { code: string }) => a.code === code);
      expect(row).toEqual({
        unitId: unitIds.get(code),
        code,
        name: expect.any(String),
        nameEn: expect.anything(),
        requested: items.length,
        onTime: items.filter((i) => i.onTime === true).length,
        late: items.filter((i) => i.onTime === false || i.status === 'overdue').length,
        pending: items.filter((i) => i.status !== 'done').length,
      });
    }
    expect(followUp.acknowledgements.find((a: { code: string }) => a.code === 'qzq').onTime).toBe(2);
    const res = await fetch(`${t.url}/api/bulletins/${created.body.id}/document.docx`, {
      headers: { authorization: `Bearer ${await t.as('lead')}` },
    });
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const text = ((await zip.file('word/document.xml')?.async('string')) as string).replace(/<[^>]+>/g, '');
    expect(text).toContain('九、成员单位签收情况');
    expect(text).toContain('十、催办情况');
    expect(text).toContain('签收及时率');
  });
});
