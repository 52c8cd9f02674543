// Attachments over real HTTP multipart on the demo plan: upload, list and download byte for byte with the Chinese
// name, one stored content for identical uploads, who may upload, read and remove, every bad upload refused with
// nothing stored, removal with a reason and an audit row, and a second instance serving what the first stored.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, Packer, Paragraph } from 'docx';
import { DataSource } from 'typeorm';
import * as yazl from 'yazl';
import { demoTasks, involves } from './support/demo';
import { SYSTEM_ACTOR } from '../src/auth/actor';
import { runCli } from '../src/cli';
import { PlanLoaderService } from '../src/plan-files/plan-loader.service';
import { startApp, tempDir, type TestApp } from './support/app';
import { multipart, type Part } from './support/multipart';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const MAX_BYTES = 1024 * 1024;

function zip(entries: [string, Buffer][]): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, content] of entries) z.addBuffer(content, name);
  z.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    z.outputStream.on('data', (c: Buffer) => chunks.push(c));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

describe('attachments', () => {
  let t: TestApp;
  let db: DataSource;
  let report: number;
  let otherReport: number;
  let ownTask: number;
  let meeting: number;

  async function upload(who: string, query: string, parts: Part[] | { body: Buffer | string; contentType: string }) {
    const { body, contentType } = Array.isArray(parts) ? multipart(parts) : parts;
    const res = await fetch(`${t.url}/api/attachments?${query}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await t.as(who)}`, 'content-type': contentType },
      body,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  async function download(who: string, id: number) {
    const res = await fetch(`${t.url}/api/attachments/${id}/content`, {
      headers: { authorization: `Bearer ${await t.as(who)}` },
    });
    return { status: res.status, headers: res.headers, content: Buffer.from(await res.arrayBuffer()) };
  }

  /** Rows of the attachment tables and attachment audit rows: a refused upload changes none of them. */
  async function stored(): Promise<[number, number, number]> {
    const count = async (sql: string) => Number((await db.query(sql))[0].n);
    return [
      await count('SELECT COUNT(*) AS n FROM "attachment"'),
      await count('SELECT COUNT(*) AS n FROM "attachment_blob"'),
      await count(`SELECT COUNT(*) AS n FROM "audit_entry" WHERE "entityType" = 'attachment'`),
    ];
  }

  beforeAll(async () => {
    t = await startApp({ config: { attachments: { maxBytes: MAX_BYTES, maxFiles: 3 } } });
    db = t.app.get(DataSource);
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as { id: number; code: string }[];
    const idOf = (code: string) => tasks.find((x) => x.code === code)!.id;
    const open = (x: (typeof demoTasks)[number]) => x.status === 'in_progress' && x.deadline !== null;
    const own = demoTasks.find((x) => x.leadUnit === 'yd' && open(x) && !involves(x, 'qzq') && !x.recurrence)!;
    const qzqs = demoTasks.find(
      (x) => x.supportingUnits.includes('qzq') && open(x) && !involves(x, 'yd') && !x.recurrence,
    )!;
    ownTask = idOf(own.code);
    const r1 = await t.call('liaison', 'POST', `/api/tasks/${ownTask}/reports`, {
      period: '2023-09',
      text: '本月新建基站12个',
      percent: 60,
    });
    const r2 = await t.call('liaison2', 'POST', `/api/tasks/${idOf(qzqs.code)}/reports`, {
      period: '2023-09',
      text: '秦州区进展',
      percent: 40,
    });
    const units = await t.get('lead', '/api/units');
    const yd = units.find((u: { code: string }) => u.code === 'yd').id;
    const m = await t.call('secretariat', 'POST', '/api/meetings', {
      title: '专题会商会',
      startsAt: '2023-09-28T09:30:00+08:00',
      endsAt: '2023-09-28T11:30:00+08:00',
      place: '会议室',
      conveningUnitId: yd,
      unitIds: [yd],
    });
    expect([r1.status, r2.status, m.status]).toEqual([201, 201, 201]);
    [report, otherReport, meeting] = [r1.body.id, r2.body.id, m.body.id];
  });
  afterAll(async () => {
    await t?.close();
  });

  it('stores a liaison’s files on its report and serves them byte for byte with their Chinese names', async () => {
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('基站建设进展')] }] }));
    const text = Buffer.from('编号，名称\n1，天水移动\n');
    const res = await upload('liaison', `ownerType=report&ownerId=${report}`, [
      { filename: '天水移动9月进展.docx', content: docx },
      { filename: '现场照片.png', content: PNG, type: 'image/png' },
      { filename: '说明.txt', content: text },
    ]);
    expect(res.status).toBe(201);
    expect(res.body.map((a: { filename: string }) => a.filename)).toEqual([
      '天水移动9月进展.docx',
      '现场照片.png',
      '说明.txt',
    ]);
    expect(res.body[0]).toMatchObject({
      ownerType: 'report',
      ownerId: report,
      taskId: ownTask,
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: docx.length,
      uploadedBy: { displayName: expect.any(String) },
      allowedActions: ['attachment.delete'],
    });

    const file = await download('liaison', res.body[0].id);
    expect(file.status).toBe(200);
    expect(file.content.equals(docx)).toBe(true);
    expect(file.headers.get('content-type')).toBe(res.body[0].contentType);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const disposition = file.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="attachment-\d+\.docx"; /);
    expect(decodeURIComponent(disposition.split("filename*=UTF-8''")[1])).toBe('天水移动9月进展.docx');

    const image = await download('viewer', res.body[1].id);
    expect(image.content.equals(PNG)).toBe(true);
    expect(image.headers.get('content-disposition')).toMatch(/^inline; /);
    const txt = await download('lead', res.body[2].id);
    expect([txt.headers.get('content-type'), txt.content.toString('utf8')]).toEqual([
      'text/plain; charset=utf-8',
      text.toString('utf8'),
    ]);

    const listed = await t.get('viewer', `/api/attachments?ownerType=report&ownerId=${report}`);
    expect(listed.map((a: { id: number }) => a.id)).toEqual(res.body.map((a: { id: number }) => a.id));
    expect(listed[0].allowedActions).toEqual([]);
    const ofTask = await t.get('lead', `/api/tasks/${ownTask}/attachments`);
    expect(ofTask.map((a: { ownerType: string; ownerId: number }) => [a.ownerType, a.ownerId])).toEqual(
      res.body.map(() => ['report', report]),
    );
    // the report's answers (the task page, the review list) carry its attachments, and who may add more
    const reportAnswer = await t.get('liaison', `/api/reports/${report}`);
    expect(reportAnswer.attachments).toEqual(
      res.body.map((a: { id: number; filename: string; size: number; contentType: string }) => ({
        id: a.id,
        filename: a.filename,
        size: a.size,
        contentType: a.contentType,
      })),
    );
    expect(reportAnswer.allowedActions).toContain('attachment.upload');
    expect((await t.get('viewer', `/api/reports/${report}`)).allowedActions).not.toContain('attachment.upload');
    const review = await t.get('secretariat', `/api/reports?taskId=${ownTask}`);
    expect(review.items.find((r: { id: number }) => r.id === report).attachments).toHaveLength(3);
    expect(await t.get('secretariat', `/api/attachments/${res.body[0].id}`)).toMatchObject({
      id: res.body[0].id,
      sha256: res.body[0].sha256,
    });
  });

  it('keeps identical content once: a second upload of the same bytes reuses the stored blob', async () => {
    const content = Buffer.from(`同一内容 ${randomBytes(4).toString('hex')}\n`);
    const [, blobsBefore] = await stored();
    const a = await upload('liaison', `ownerType=report&ownerId=${report}`, [{ filename: '甲.txt', content }]);
    const b = await upload('secretariat', `ownerType=meeting&ownerId=${meeting}`, [{ filename: '乙.txt', content }]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body[0].sha256).toBe(b.body[0].sha256);
    const [, blobsAfter] = await stored();
    expect(blobsAfter - blobsBefore).toBe(1);
    const rows = await db.query(`SELECT COUNT(*) AS n FROM "attachment" WHERE "blobSha256" = '${a.body[0].sha256}'`);
    expect(Number(rows[0].n)).toBe(2);
    const ofMeeting = await t.get('liaison', `/api/meetings/${meeting}/attachments`);
    expect(ofMeeting.map((x: { filename: string }) => x.filename)).toEqual(['乙.txt']);
  });

  it("refuses another unit's liaison its report's attachments and an upload on it, and a viewer any upload", async () => {
    const mine = await upload('liaison2', `ownerType=report&ownerId=${otherReport}`, [
      { filename: '秦州区.txt', content: Buffer.from('秦州区材料') },
    ]);
    expect(mine.status).toBe(201);
    const before = await stored();
    expect((await t.call('liaison', 'GET', `/api/attachments?ownerType=report&ownerId=${otherReport}`)).status).toBe(
      403,
    );
    expect((await t.call('liaison', 'GET', `/api/attachments/${mine.body[0].id}`)).status).toBe(403);
    expect((await download('liaison', mine.body[0].id)).status).toBe(403);
    const refused = await upload('liaison', `ownerType=report&ownerId=${otherReport}`, [
      { filename: '越权.txt', content: Buffer.from('越权') },
    ]);
    expect(refused.status).toBe(403);
    // the office's owners are not a liaison's to add to, and a viewer adds to nothing
    expect(
      (
        await upload('liaison', `ownerType=meeting&ownerId=${meeting}`, [
          { filename: 'a.txt', content: Buffer.from('a') },
        ])
      ).status,
    ).toBe(403);
    expect(
      (await upload('viewer', `ownerType=report&ownerId=${report}`, [{ filename: 'a.txt', content: Buffer.from('a') }]))
        .status,
    ).toBe(403);
    expect(await stored()).toEqual(before);
    // the lead unit's liaison does not see another unit's files in its task list either
    const ofTask = await t.get('liaison', `/api/tasks/${ownTask}/attachments`);
    expect(ofTask.every((a: { ownerId: number }) => a.ownerId === report)).toBe(true);
  });

  describe('bad uploads: a 4xx naming the field, and nothing stored', () => {
    const q = () => `ownerType=report&ownerId=${report}`;
    const txt = (filename: string) => [{ filename, content: Buffer.from('内容') }];
    const field = (body: { errors?: { field: string }[] }) => [...new Set(body?.errors?.map((e) => e.field))];

    const cases: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
      [
        'a file over attachments.maxBytes',
        () => upload('liaison', q(), [{ filename: '大.txt', content: Buffer.alloc(MAX_BYTES + 10, 0x61) }]),
        413,
        'file',
      ],
      ['an empty file', () => upload('liaison', q(), [{ filename: '空.txt', content: Buffer.alloc(0) }]), 400, 'file'],
      [
        'a type not accepted',
        () => upload('liaison', q(), [{ filename: 'a.exe', content: Buffer.from('MZ') }]),
        415,
        'file',
      ],
      [
        'content not agreeing with the extension',
        () => upload('liaison', q(), [{ filename: '照片.jpg', content: PNG }]),
        415,
        'file',
      ],
      ['a name with a slash', () => upload('liaison', q(), txt('a/b.txt')), 400, 'filename'],
      ['a name with a backslash', () => upload('liaison', q(), txt('a\\b.txt')), 400, 'filename'],
      ['a name with ..', () => upload('liaison', q(), txt('../进展.txt')), 400, 'filename'],
      ['a name with a control character', () => upload('liaison', q(), txt('a\u0001b.txt')), 400, 'filename'],
      ['a name over 200 characters', () => upload('liaison', q(), txt(`${'长'.repeat(200)}.txt`)), 400, 'filename'],
      ['an empty name', () => upload('liaison', q(), txt('')), 400, 'filename'],
      ['no ownerType', () => upload('liaison', `ownerId=${report}`, txt('a.txt')), 400, 'ownerType'],
      [
        'an unknown ownerType',
        () => upload('liaison', `ownerType=task&ownerId=${report}`, txt('a.txt')),
        400,
        'ownerType',
      ],
      ['no ownerId', () => upload('liaison', 'ownerType=report', txt('a.txt')), 400, 'ownerId'],
      ['a bad ownerId', () => upload('liaison', 'ownerType=report&ownerId=1x', txt('a.txt')), 400, 'ownerId'],
      [
        'a JSON body',
        () => upload('liaison', q(), { body: JSON.stringify({ file: 'x' }), contentType: 'application/json' }),
        415,
        'body',
      ],
      [
        'too many files',
        () =>
          upload(
            'liaison',
            q(),
            ['1', '2', '3', '4'].map((n) => ({ filename: `${n}.txt`, content: Buffer.from(n) })),
          ),
        413,
        'file',
      ],
    ];

    it.each(cases)('%s', async (_what, send, status, name) => {
      const before = await stored();
      const res = await send();
      expect({ status: res.status, fields: field(res.body) }).toEqual({ status, fields: [name] });
      expect(await stored()).toEqual(before);
    });

    it('an owner that does not exist: 404 naming it', async () => {
      const before = await stored();
      const res = await upload('secretariat', 'ownerType=report&ownerId=999999', txt('a.txt'));
      expect([res.status, res.body.message]).toEqual([404, 'report 999999 not found']);
      expect(await stored()).toEqual(before);
    });

    it('a DOCX that is a ZIP bomb, and one bad file among good ones: 400, none of them stored', async () => {
      const bomb = await zip([
        ['[Content_Types].xml', Buffer.from('<Types/>')],
        ['word/document.xml', Buffer.alloc(5 * 1024 * 1024, 0x20)],
      ]);
      expect(bomb.length).toBeLessThan(MAX_BYTES);
      const before = await stored();
      const res = await upload('liaison', q(), [
        { filename: '好的.txt', content: Buffer.from('好的') },
        { filename: '炸弹.docx', content: bomb },
      ]);
      expect({ status: res.status, fields: field(res.body), code: res.body.errors[0].code }).toEqual({
        status: 400,
        fields: ['file'],
        code: 'zip_ratio',
      });
      expect(await stored()).toEqual(before);
    });
  });

  it('removes an attachment with a reason: an audit row, gone from the lists, its content kept while named', async () => {
    const content = Buffer.from(`待删除 ${randomBytes(4).toString('hex')}`);
    const a = await upload('liaison', `ownerType=report&ownerId=${report}`, [{ filename: '删.txt', content }]);
    const b = await upload('secretariat', `ownerType=meeting&ownerId=${meeting}`, [{ filename: '留.txt', content }]);
    const id = a.body[0].id as number;
    expect((await t.call('liaison', 'DELETE', `/api/attachments/${id}`, {})).status).toBe(400);
    expect((await t.call('liaison', 'DELETE', `/api/attachments/${id}`, { reason: 'x'.repeat(201) })).status).toBe(400);
    // a lead did not upload it: not the lead's to remove; a viewer removes nothing
    expect((await t.call('lead', 'DELETE', `/api/attachments/${id}`, { reason: '误传' })).status).toBe(403);
    expect((await t.call('viewer', 'DELETE', `/api/attachments/${id}`, { reason: '误传' })).status).toBe(403);
    const removed = await t.call('liaison', 'DELETE', `/api/attachments/${id}`, { reason: '上传错误文件' });
    expect(removed.status).toBe(200);
    expect((await t.call('liaison', 'GET', `/api/attachments/${id}`)).status).toBe(404);
    expect((await download('lead', id)).status).toBe(404);
    const listed = await t.get('lead', `/api/attachments?ownerType=report&ownerId=${report}`);
    expect(listed.map((x: { id: number }) => x.id)).not.toContain(id);
    const [row] = await db.query(`SELECT "deletedById", "deleteReason" FROM "attachment" WHERE "id" = ${id}`);
    expect(row.deleteReason).toBe('上传错误文件');
    const audit = await t.get('lead', `/api/audit?entityType=attachment&entityId=${id}&pageSize=50`);
    const deletion = audit.items.filter((x: { action: string }) => x.action === 'delete');
    expect(deletion.map((x: { field: string; newValue: unknown }) => x.field)).toEqual(
      expect.arrayContaining(['deleteReason']),
    );
    // the same content, still named by the meeting's attachment, is still served
    expect((await download('secretariat', b.body[0].id)).content.equals(content)).toBe(true);
  });

  it('lets the office remove a report’s attachment after the report is reviewed, and not the uploader', async () => {
    const a = await upload('liaison', `ownerType=report&ownerId=${report}`, [
      { filename: '审后.txt', content: Buffer.from('审核后') },
    ]);
    expect((await t.call('secretariat', 'POST', `/api/reports/${report}/accept`, {})).status).toBe(200);
    const own = await t.call('liaison', 'DELETE', `/api/attachments/${a.body[0].id}`, { reason: '撤回' });
    expect(own.status).toBe(409);
    const late = await upload('liaison', `ownerType=report&ownerId=${report}`, [
      { filename: '迟.txt', content: Buffer.from('迟') },
    ]);
    expect(late.status).toBe(409);
    const office = await t.call('secretariat', 'DELETE', `/api/attachments/${a.body[0].id}`, { reason: '材料有误' });
    expect(office.status).toBe(200);
  });

  it('is served by another instance on the same database', async () => {
    const content = Buffer.from(`另一实例 ${randomBytes(4).toString('hex')}`);
    const a = await upload('liaison', `ownerType=report&ownerId=${otherReport}`, [{ filename: '实例.txt', content }]);
    // liaison (yd) cannot upload on qzq's report; the office can
    expect(a.status).toBe(403);
    const b = await upload('secretariat', `ownerType=meeting&ownerId=${meeting}`, [{ filename: '实例.txt', content }]);
    expect(b.status).toBe(201);
    const second = await startApp({ database: t.config.database, config: { demo: { load: false } } });
    try {
      const res = await fetch(`${second.url}/api/attachments/${b.body[0].id}/content`, {
        headers: { authorization: `Bearer ${await second.as('lead')}` },
      });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(content)).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('attaches files to requests and decisions, listed with the task and the meeting', async () => {
    const tasks = (await t.get('lead', '/api/tasks?pageSize=500')).items as { id: number; code: string }[];
    const second = demoTasks.find(
      (x) =>
        x.leadUnit === 'yd' &&
        x.status === 'in_progress' &&
        x.deadline !== null &&
        !x.recurrence &&
        !involves(x, 'qzq') &&
        tasks.find((y) => y.code === x.code)!.id !== ownTask,
    )!;
    const closingTask = tasks.find((y) => y.code === second.code)!.id;
    const ext = await t.call('liaison', 'POST', `/api/tasks/${ownTask}/extensions`, {
      requestedDeadline: '2024-06-30',
      reason: '施工窗口推迟',
    });
    const closing = await t.call('liaison', 'POST', `/api/tasks/${closingTask}/closing`, { note: '已完成' });
    const decision = await t.call('secretariat', 'POST', `/api/meetings/${meeting}/decisions`, {
      text: '由天水移动牵头，10月底前解决基站进场问题',
    });
    expect([ext.status, closing.status, decision.status]).toEqual([201, 201, 201]);
    const file = (name: string) => [{ filename: name, content: Buffer.from(name) }];

    const onExt = await upload('liaison', `ownerType=extension_request&ownerId=${ext.body.id}`, file('延期说明.txt'));
    expect([onExt.status, onExt.body[0]?.taskId]).toEqual([201, ownTask]);
    const onClosing = await upload(
      'liaison',
      `ownerType=closing_request&ownerId=${closing.body.id}`,
      file('办结材料.txt'),
    );
    expect([onClosing.status, onClosing.body[0]?.taskId]).toEqual([201, closingTask]);
    // another unit's liaison adds nothing to them, nor a liaison to a decision
    expect((await upload('liaison2', `ownerType=extension_request&ownerId=${ext.body.id}`, file('x.txt'))).status).toBe(
      403,
    );
    expect((await upload('liaison', `ownerType=decision&ownerId=${decision.body.id}`, file('x.txt'))).status).toBe(403);
    const onDecision = await upload('secretariat', `ownerType=decision&ownerId=${decision.body.id}`, file('议定.txt'));
    expect([onDecision.status, onDecision.body[0]?.meetingId]).toEqual([201, meeting]);

    const ofTask = await t.get('lead', `/api/tasks/${ownTask}/attachments`);
    expect(ofTask.filter((a: { ownerType: string }) => a.ownerType === 'extension_request')).toHaveLength(1);
    const ofClosingTask = await t.get('liaison', `/api/tasks/${closingTask}/attachments`);
    expect(ofClosingTask.map((a: { filename: string }) => a.filename)).toEqual(['办结材料.txt']);
    const ofMeeting = await t.get('lead', `/api/meetings/${meeting}/attachments`);
    expect(ofMeeting.map((a: { ownerType: string }) => a.ownerType)).toContain('decision');

    // once a lead has decided the extension, its unit adds no more; the office still may
    expect((await t.call('lead', 'POST', `/api/extensions/${ext.body.id}/approve`, {})).status).toBe(200);
    expect((await upload('liaison', `ownerType=extension_request&ownerId=${ext.body.id}`, file('迟.txt'))).status).toBe(
      409,
    );
    expect(
      (await upload('secretariat', `ownerType=extension_request&ownerId=${ext.body.id}`, file('补.txt'))).status,
    ).toBe(201);
  });

  it('uploads and lists from the command line, with the same checks', async () => {
    const cli = async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const overrides = { database: t.config.database, log: { level: 'error' }, clock: { today: '2023-09-20' } };
      const code = await runCli(argv, overrides, { stdout: (x) => out.push(x), stderr: (x) => err.push(x) });
      return { code, out: out.join(''), err: err.join('') };
    };
    const dir = tempDir();
    const file = join(dir, '命令行材料.txt');
    writeFileSync(file, '命令行上传的材料\n');
    const attached = await cli('attach', '--owner-type', 'report', '--owner-id', String(report), '--file', file);
    expect([attached.code, attached.err]).toEqual([0, '']);
    expect(attached.out).toContain('命令行材料.txt');
    const listed = await cli('attachments', '--task', String(ownTask));
    expect(listed.code).toBe(0);
    expect(listed.out).toContain(`report ${report}`);
    expect(listed.out).toContain('命令行材料.txt');
    const listedByApi = await t.get('lead', `/api/tasks/${ownTask}/attachments`);
    expect(listedByApi.map((a: { filename: string }) => a.filename)).toContain('命令行材料.txt');
    // a file that is not what its name says is refused as through the API, and a missing one named
    const fake = join(dir, '伪装.pdf');
    writeFileSync(fake, 'not a pdf');
    const before = await stored();
    expect((await cli('attach', '--owner-type', 'report', '--owner-id', String(report), '--file', fake)).code).toBe(2);
    const missing = await cli(
      'attach',
      '--owner-type',
      'report',
      '--owner-id',
      String(report),
      '--file',
      join(dir, 'x'),
    );
    expect([missing.code, missing.err]).toEqual([2, expect.stringContaining('--file')]);
    expect(await stored()).toEqual(before);
  });

  // last: it replaces the plan every other test works on
  it('goes with its plan when the plan is replaced, contents included', async () => {
    expect((await stored())[0]).toBeGreaterThan(0);
    const loader = t.app.get(PlanLoaderService);
    const file = await loader.readFile('config/demo-plan.json');
    await loader.load(SYSTEM_ACTOR, file, 'config/demo-plan.json', { replace: true });
    const [attachments, blobs] = await stored();
    expect([attachments, blobs]).toEqual([0, 0]);
  });
});
