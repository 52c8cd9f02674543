// The evidence of one task from assignment to its dossier, over real HTTP as each person does it: the lead assigns,
// the unit acknowledges receipt, reports with a photo and a PDF, is urged, the task turns red, the secretariat issues
// a supervision notice, the unit acknowledges it and replies with a file, asks for closing with its materials, the
// lead closes it — and the dossier ZIP holds every file byte for byte, its document tells the whole story, and the
// assessment traces the unit's urging and notice to their rows.
import JSZip from 'jszip';
import { startApp, type TestApp } from './support/app';
import { uploadAttachments } from './support/multipart';

const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const REPLY_PDF = Buffer.from('%PDF-1.4\n% 整改报告\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const MATERIALS = Buffer.from('验收材料清单\r\n1. 站点开通记录\r\n2. 测试报告\r\n', 'utf8');

async function wordText(docx: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

describe('the evidence of a task, from assignment to dossier', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startApp({ today: '2023-09-20' });
  });
  afterAll(() => t.close());

  it('keeps every step and every file, and the dossier and the assessment give them back', async () => {
    const ok = (res: { status: number; body: unknown }, status: number) => {
      expect({ status: res.status, body: res.status === status ? null : res.body }).toEqual({ status, body: null });
      return res.body as any;
    };
    const yd = (await t.get('lead', '/api/units')).find((u: { code: string }) => u.code === 'yd');
    const workItemId = (await t.get('lead', '/api/work-items'))[0].id;

    // the lead assigns; the unit is asked to acknowledge and does, on time
    const task = ok(
      await t.call('lead', 'POST', '/api/tasks', {
        workItemId,
        title: '完成秦州区东关片区5G深度覆盖',
        leadUnitId: yd.id,
        startDate: '2023-09-20',
        deadline: '2023-09-28',
        status: 'assigned',
      }),
      201,
    );
    const asked = await t.get('liaison', `/api/tasks/${task.id}/acknowledgements`);
    expect(asked.map((a: { unit: { id: number }; status: string }) => [a.unit.id, a.status])).toEqual([
      [yd.id, 'pending'],
    ]);
    ok(await t.call('liaison', 'POST', `/api/tasks/${task.id}/acknowledge`, {}), 200);

    // a report with a photo and a PDF
    const report = ok(
      await t.call('liaison', 'POST', `/api/tasks/${task.id}/reports`, {
        period: '2023-09',
        text: '已完成东关片区12个站点勘察，8个站点进场施工。',
        percent: 30,
        problems: '2处楼宇物业未同意进场。',
        nextSteps: '协调物业，9月底前全部进场。',
      }),
      201,
    );
    const files = ok(
      await uploadAttachments(t, 'liaison', 'report', report.id, [
        { filename: '东关片区施工现场.png', content: PHOTO, type: 'image/png' },
        { filename: '站点勘察报告.pdf', content: PDF, type: 'application/pdf' },
      ]),
      201,
    );
    // the unit's next digest lists the new files, linked to the task page
    const digest = await t.get('lead', `/api/digests/preview?unitId=${yd.id}`);
    expect(digest.counts.attachments.ids.sort()).toEqual(files.map((f: { id: number }) => f.id).sort());
    expect(digest.html).toContain('本单位任务新增附件（2 个）');
    expect(digest.html).toContain('东关片区施工现场.png');
    expect(digest.html).toContain(`/tasks/${task.id}"`);
    expect(digest.text).toContain('站点勘察报告.pdf');

    // the secretariat urges the unit
    const urging = ok(
      await t.call('secretariat', 'POST', `/api/tasks/${task.id}/urgings`, {
        unitId: yd.id,
        note: '请加快物业协调，确保按期完成。',
      }),
      201,
    );

    // past the deadline the task is red, and the secretariat issues a supervision notice
    t.clock.setToday('2023-10-20');
    expect((await t.get('lead', `/api/tasks/${task.id}`)).colour).toBe('red');
    const notice = ok(await t.call('secretariat', 'POST', `/api/tasks/${task.id}/supervision-notices`, {}), 201);
    expect(notice.grade).toBe('red');
    const pendingNotice = (await t.get('liaison', `/api/tasks/${task.id}/acknowledgements`)).find(
      (a: { kind: string }) => a.kind === 'supervision_notice',
    );
    expect(pendingNotice).toMatchObject({ subjectId: notice.id, status: 'pending' });
    ok(await t.call('liaison', 'POST', `/api/acknowledgements/${pendingNotice.id}`, {}), 200);

    // the unit replies with its rectification report
    const reply = ok(
      await t.call('liaison', 'POST', `/api/supervision-notices/${notice.id}/replies`, {
        text: '已召开物业协调会，剩余站点10月25日前全部开通。',
      }),
      201,
    );
    const replyId = reply.replies?.at(-1)?.id ?? reply.id;
    ok(
      await uploadAttachments(t, 'liaison', 'supervision_reply', replyId, [
        { filename: '整改情况报告.pdf', content: REPLY_PDF, type: 'application/pdf' },
      ]),
      201,
    );

    // closing with its materials, accepted by the lead
    const closing = ok(
      await t.call('liaison', 'POST', `/api/tasks/${task.id}/closing`, { note: '全部站点已开通。' }),
      201,
    );
    ok(
      await uploadAttachments(t, 'liaison', 'closing_request', closing.id, [
        { filename: '验收材料清单.txt', content: MATERIALS, type: 'text/plain' },
      ]),
      201,
    );
    ok(await t.call('lead', 'POST', `/api/tasks/${task.id}/closing/accept`, {}), 200);
    expect((await t.get('lead', `/api/tasks/${task.id}`)).status).toBe('closed');

    // the dossier: every file, byte for byte, and the whole story in its document
    const res = await fetch(`${t.url}/api/tasks/${task.id}/dossier.zip`, {
      headers: { authorization: `Bearer ${await t.as('lead')}` },
    });
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(Buffer.from(await res.arrayBuffer()));
    const file = async (name: string) => zip.file(name)?.async('nodebuffer');
    expect((await file('附件/进展报告/东关片区施工现场.png'))?.equals(PHOTO)).toBe(true);
    expect((await file('附件/进展报告/站点勘察报告.pdf'))?.equals(PDF)).toBe(true);
    expect((await file('附件/督办反馈/整改情况报告.pdf'))?.equals(REPLY_PDF)).toBe(true);
    expect((await file('附件/办结材料/验收材料清单.txt'))?.equals(MATERIALS)).toBe(true);
    const docxName = Object.keys(zip.files).find((n) => n.endsWith('.docx'))!;
    const text = await wordText((await file(docxName))!);
    for (const said of [
      '已完成东关片区12个站点勘察，8个站点进场施工。',
      '请加快物业协调，确保按期完成。',
      notice.number,
      '已召开物业协调会，剩余站点10月25日前全部开通。',
      '全部站点已开通。',
      '整改情况报告.pdf',
      '验收材料清单.txt',
      '办结销号',
    ]) {
      expect(text).toContain(said);
    }
    expect(text).not.toContain('待签收');

    // the assessment traces the unit's urging and notice to their rows
    const events = await t.get('liaison', `/api/assessment/units/${yd.id}/events?from=2023-09-01&to=2023-10-31`);
    const refs = events.events.map((e: { kind: string; ref: { type: string; id: number } }) => [
      e.kind,
      e.ref.type,
      e.ref.id,
    ]);
    expect(refs).toEqual(
      expect.arrayContaining([
        ['urgingReceived', 'urging', urging.id],
        ['supervisionNoticeReceived', 'supervision_notice', notice.id],
      ]),
    );
  });
});
