// 一事一档: a task's dossier as Word, PDF and ZIP — its facts, reports and their review, extensions, closing and
// changes, in Chinese and English; for whoever may read the task, and nobody else.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { asciiPunctuationNextToCjk } from '../src/documents/chinese';
import { startApp, type TestApp } from './support/app';
import { uploadAttachments } from './support/multipart';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** The visible text of a Word document, paragraph by paragraph. */
async function wordText(docx: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

async function download(app: TestApp, who: string, path: string) {
  const res = await fetch(app.url + path, { headers: { authorization: `Bearer ${await app.as(who)}` } });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('the dossier of a task (一事一档)', () => {
  let app: TestApp;
  let taskId: number;

  beforeAll(async () => {
    app = await startApp();
    const page = await app.get('lead', '/api/tasks?q=W2-2&pageSize=5');
    taskId = page.items.find((t: { code: string }) => t.code === 'W2-2').id;
  });
  afterAll(() => app.close());

  it('holds the facts, each report with its review, the decisions, the closing and the changes, in Chinese', async () => {
    const res = await download(app, 'lead', `/api/tasks/${taskId}/dossier.docx`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('wordprocessingml');
    expect(res.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('任务档案-W2-2.docx')}`,
    );
    const text = await wordText(res.body);
    const reports = await app.get('lead', `/api/tasks/${taskId}/reports`);
    expect(reports.length).toBeGreaterThan(0);
    expect(text).toContain('任务档案');
    expect(text).toContain('W2-2');
    expect(text).toContain('天水移动');
    for (const r of reports) expect(text).toContain(r.text);
    for (const h of [
      '一、领导批示',
      '二、交办与签收',
      '三、进展报告及审核',
      '四、延期申请',
      '五、督办单及反馈',
      '六、会商决定',
      '七、催办记录',
      '八、办结',
      '九、留言',
      '十、附件清单',
      '十一、变更记录',
    ]) {
      expect(text).toContain(h);
    }
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(asciiPunctuationNextToCjk(text)).toEqual([]);
  });

  it('records what happens to the task: a report filed and sent back, an extension asked for', async () => {
    const task = await app.get('lead', `/api/tasks/${taskId}`);
    const filed = await app.call('liaison', 'POST', `/api/tasks/${taskId}/reports`, {
      period: '2023-09',
      text: '完成市区12个重点场所5G深度覆盖测试，形成问题清单。',
      percent: Math.min(100, task.progress + 5),
      problems: '部分楼宇物业不配合进场。',
      nextSteps: '协调物业，月底前完成整改。',
      needsCoordination: true,
    });
    expect(filed.status).toBe(201);
    const back = await app.call('secretariat', 'POST', `/api/reports/${filed.body.id}/return`, {
      reason: '请补充楼宇清单。',
    });
    expect(back.status).toBe(200);
    const later = new Date(Date.parse(task.deadline) + 30 * 86400000).toISOString().slice(0, 10);
    const asked = await app.call('liaison', 'POST', `/api/tasks/${taskId}/extensions`, {
      requestedDeadline: later,
      reason: '物业协调需要时间，申请延期一个月。',
    });
    expect(asked.status).toBe(201);
    const text = await wordText((await download(app, 'viewer', `/api/tasks/${taskId}/dossier.docx`)).body);
    expect(text).toContain('完成市区12个重点场所5G深度覆盖测试，形成问题清单。');
    expect(text).toContain('部分楼宇物业不配合进场。');
    expect(text).toContain('请补充楼宇清单。');
    expect(text).toContain('已退办');
    expect(text).toContain('物业协调需要时间，申请延期一个月。');
    expect(text).toContain('待审批');
  });

  it('reads in English with English headings', async () => {
    const res = await download(app, 'lead', `/api/tasks/${taskId}/dossier.docx?lang=en`);
    expect(res.status).toBe(200);
    const text = await wordText(res.body);
    expect(text).toContain('Task dossier');
    expect(text).toContain('3. Progress reports and their review');
    expect(text).toContain('China Mobile');
  });

  it('holds every attachment in the ZIP, byte for byte, under its part of the record', async () => {
    const reports = await app.get('lead', `/api/tasks/${taskId}/reports`);
    const open = reports.find((r: { status: string }) => r.status === 'submitted') ?? reports[0];
    const up = await uploadAttachments(
      app,
      open.status === 'submitted' ? 'liaison' : 'secretariat',
      'report',
      open.id,
      [
        { filename: '现场照片.png', content: PNG, type: 'image/png' },
        { filename: '测试报告.pdf', content: PDF, type: 'application/pdf' },
      ],
    );
    expect(up.status).toBe(201);
    const res = await download(app, 'lead', `/api/tasks/${taskId}/dossier.zip`);
    const zip = await JSZip.loadAsync(res.body);
    expect((await zip.file('附件/进展报告/现场照片.png')!.async('nodebuffer')).equals(PNG)).toBe(true);
    expect((await zip.file('附件/进展报告/测试报告.pdf')!.async('nodebuffer')).equals(PDF)).toBe(true);
    const text = await wordText(await zip.file('任务档案-W2-2.docx')!.async('nodebuffer'));
    expect(text).toContain('现场照片.png');
    expect(text).toContain('测试报告.pdf');
    const en = await JSZip.loadAsync((await download(app, 'lead', `/api/tasks/${taskId}/dossier.zip?lang=en`)).body);
    expect((await en.file('attachments/progress reports/现场照片.png')!.async('nodebuffer')).equals(PNG)).toBe(true);
  });

  it('comes as a ZIP of the document and a list of its files with their SHA-256', async () => {
    const res = await download(app, 'liaison', `/api/tasks/${taskId}/dossier.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const zip = await JSZip.loadAsync(res.body);
    const names = Object.keys(zip.files);
    expect(names).toContain('任务档案-W2-2.docx');
    expect(names).toContain('文件清单.txt');
    const list = await zip.file('文件清单.txt')!.async('string');
    const docx = await zip.file('任务档案-W2-2.docx')!.async('nodebuffer');
    const { createHash } = await import('node:crypto');
    expect(list).toContain(createHash('sha256').update(docx).digest('hex'));
    expect(await wordText(docx)).toContain('W2-2');
  });

  it('is refused to another unit, and to bad ids and languages with the field named', async () => {
    expect((await download(app, 'liaison2', `/api/tasks/${taskId}/dossier.docx`)).status).toBe(403);
    expect((await download(app, 'auditor', `/api/tasks/${taskId}/dossier.zip`)).status).toBe(403);
    const bad = await app.call('lead', 'GET', `/api/tasks/${taskId}/dossier.docx?lang=fr`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('lang');
    expect((await app.call('lead', 'GET', '/api/tasks/0x10/dossier.zip')).status).toBe(400);
    expect((await app.call('lead', 'GET', '/api/tasks/999999/dossier.docx')).status).toBe(404);
  });

  it('renders as PDF', async () => {
    const res = await download(app, 'lead', `/api/tasks/${taskId}/dossier.pdf`);
    expect(res.status).toBe(200);
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-');
    if (process.env.DOSSIER_PNG) {
      const pdf = join(process.env.DOSSIER_PNG, 'dossier.pdf');
      writeFileSync(pdf, res.body);
      execFileSync('pdftoppm', ['-png', '-r', '60', pdf, join(process.env.DOSSIER_PNG, 'dossier')]);
    }
  });
});
