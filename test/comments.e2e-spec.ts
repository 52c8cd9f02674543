// Comments (留言) on a task: who may write them, mentions (given or written as @code / @name), editing within the
// window, deleting with a reason (kept on record), and bad input refused with nothing changed.
import { startApp, type TestApp } from './support/app';

const at = (local: string) => new Date(`${local}+08:00`);

describe('comments', () => {
  let t: TestApp;
  let unitIds: Map<string, number>;
  let taskId: number;
  let otherTaskId: number;

  const thread = async (id = taskId) => t.get('lead', `/api/tasks/${id}/comments`);

  beforeAll(async () => {
    t = await startApp();
    const units = await t.get<{ id: number; code: string }[]>('lead', '/api/units');
    unitIds = new Map(units.map((u) => [u.code, u.id]));
    const workItemId = (await t.get('lead', '/api/work-items'))[0].id;
    t.clock.setNow(at('2023-09-20T10:00:00'));
    const make = async (lead: string, supporting: string[]) => {
      const res = await t.call('secretariat', 'POST', '/api/tasks', {
        workItemId,
        title: `留言测试任务 ${lead}`,
        leadUnitId: unitIds.get(lead),
        supportingUnitIds: supporting.map((s) => unitIds.get(s)),
        deadline: '2023-12-31',
      });
      expect(res.status).toBe(201);
      return res.body.id as number;
    };
    taskId = await make('yd', ['qzq']);
    otherTaskId = await make('gxj', []);
  });
  afterAll(() => t.close());

  it('a liaison of the task comments; @name and @code in the body and given ids are mentioned', async () => {
    const res = await t.call('liaison', 'POST', `/api/tasks/${taskId}/comments`, {
      body: '@秦州区 请提供站址清单，@dx 请配合。',
      mentionUnitIds: [unitIds.get('gxj')],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ taskId, body: '@秦州区 请提供站址清单，@dx 请配合。', reportId: null });
    expect(res.body.author.displayName).toEqual(expect.any(String));
    expect(res.body.mentions.map((m: { code: string }) => m.code).sort()).toEqual(['dx', 'gxj', 'qzq']);
    expect(res.body.allowedActions).toEqual(['comment.edit', 'comment.delete']);
  });

  it('the viewer reads the thread but may not comment; a liaison may not comment on another unit’s task', async () => {
    expect((await t.get('viewer', `/api/tasks/${taskId}/comments`)).length).toBe(1);
    const viewer = await t.call('viewer', 'POST', `/api/tasks/${taskId}/comments`, { body: '路过' });
    expect(viewer.status).toBe(403);
    const other = await t.call('liaison', 'POST', `/api/tasks/${otherTaskId}/comments`, { body: '越权留言' });
    expect(other.status).toBe(403);
    expect(await thread(otherTaskId)).toEqual([]);
  });

  it('bad comments are a 400 naming the field (a 1 MB one too), beyond the request limit a 413, and nothing is written', async () => {
    const cases: [unknown, string][] = [
      [{ body: '   ' }, 'body'],
      [{}, 'body'],
      [{ body: '长'.repeat(2001) }, 'body'],
      [{ body: '答复', reportId: 999999 }, 'reportId'],
      [{ body: '提及', mentionUnitIds: [999999] }, 'mentionUnitIds'],
      [{ body: '提及', mentionUnitIds: ['yd'] }, 'mentionUnitIds'],
    ];
    for (const [body, field] of cases) {
      const res = await t.call('lead', 'POST', `/api/tasks/${taskId}/comments`, body);
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const huge = await t.call('lead', 'POST', `/api/tasks/${taskId}/comments`, { body: 'x'.repeat(1024 * 1024) });
    // 1 MB is within the request limit (2 MB): refused by the length of body
    expect(huge.status).toBe(400);
    expect(huge.body.errors.map((e: { field: string }) => e.field)).toContain('body');
    const beyond = await t.call('lead', 'POST', `/api/tasks/${taskId}/comments`, { body: 'x'.repeat(3 * 1024 * 1024) });
    expect(beyond.status).toBe(413);
    expect((await thread()).length).toBe(1);
  });

  it('the author edits within the window; after it the edit is a 409 comment_edit_window_closed', async () => {
    t.clock.setNow(at('2023-09-20T10:05:00'));
    const [first] = await thread();
    const other = await t.call('lead', 'PATCH', `/api/comments/${first.id}`, { body: '他人修改' });
    expect(other.status).toBe(403);
    const edit = await t.call('liaison', 'PATCH', `/api/comments/${first.id}`, {
      body: '@秦州区 请尽快提供站址清单。',
    });
    expect(edit.status).toBe(200);
    expect(edit.body.body).toBe('@秦州区 请尽快提供站址清单。');
    expect(edit.body.editedAt).not.toBeNull();
    t.clock.setNow(at('2023-09-20T10:16:00'));
    const late = await t.call('liaison', 'PATCH', `/api/comments/${first.id}`, { body: '再改' });
    expect([late.status, late.body.code]).toEqual([409, 'comment_edit_window_closed']);
    const lateDelete = await t.call('liaison', 'DELETE', `/api/comments/${first.id}`, { reason: '不再需要' });
    expect([lateDelete.status, lateDelete.body.code]).toEqual([409, 'comment_edit_window_closed']);
    expect((await thread())[0].body).toBe('@秦州区 请尽快提供站址清单。');
  });

  it('the secretariat deletes with a reason at any time: kept, without its text, with who and why; audited', async () => {
    const [first] = await thread();
    const noReason = await t.call('secretariat', 'DELETE', `/api/comments/${first.id}`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { field: string }) => e.field)).toContain('reason');
    const lead = await t.call('lead', 'DELETE', `/api/comments/${first.id}`, { reason: '删除' });
    expect(lead.status).toBe(403);
    const res = await t.call('secretariat', 'DELETE', `/api/comments/${first.id}`, { reason: '内容重复' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ body: null, deleteReason: '内容重复', allowedActions: [] });
    expect(res.body.deletedBy.displayName).toEqual(expect.any(String));
    const again = await t.call('secretariat', 'DELETE', `/api/comments/${first.id}`, { reason: '再删' });
    expect([again.status, again.body.code]).toEqual([409, 'comment_deleted']);
    const audit = (await t.get('lead', `/api/tasks/${taskId}/audit`)).items.map((a: { action: string }) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['comment.create', 'comment.edit', 'comment.delete']));
  });

  it('a comment may answer a report on the task; the author deletes it within the window', async () => {
    const report = await t.call('liaison', 'POST', `/api/tasks/${taskId}/reports`, {
      period: '2023-09',
      text: '九月进展',
      percent: 30,
    });
    expect(report.status).toBe(201);
    const res = await t.call('lead', 'POST', `/api/tasks/${taskId}/comments`, {
      body: '进展收悉。',
      reportId: report.body.id,
    });
    expect([res.status, res.body.reportId]).toEqual([201, report.body.id]);
    const del = await t.call('lead', 'DELETE', `/api/comments/${res.body.id}`, { reason: '误发' });
    expect([del.status, del.body.deleteReason]).toEqual([200, '误发']);
  });

  it("a mentioned unit's digest lists the comments mentioning it since its previous digest, deleted ones left out", async () => {
    const res = await t.call('lead', 'POST', `/api/tasks/${taskId}/comments`, { body: '@qzq 请于周五前反馈。' });
    expect(res.status).toBe(201);
    const preview = await t.get('lead', `/api/digests/preview?unitId=${unitIds.get('qzq')}`);
    expect(preview.counts.mentions).toEqual({ count: 1, ids: [res.body.id] });
    expect(preview.html).toContain('提及本单位的留言（1 条）');
    expect(preview.html).toContain('@qzq 请于周五前反馈。');
    expect(preview.text).toContain('@qzq 请于周五前反馈。');
    // the deleted comment that mentioned 秦州区 is not listed; a unit nobody mentioned has no such section
    const section = preview.html.slice(preview.html.indexOf('提及本单位的留言'));
    expect(section).not.toContain('请尽快提供站址清单');
    const other = await t.get('lead', `/api/digests/preview?unitId=${unitIds.get('yd')}`);
    expect(other.counts.mentions).toEqual({ count: 0, ids: [] });
    expect(other.html).not.toContain('提及本单位的留言');
    // the digest sent, the next one starts after it
    const sent = await t.call('secretariat', 'POST', '/api/schedule/digest/run');
    expect(sent.body).toMatchObject({ status: 'done' });
    t.clock.setNow(new Date(t.clock.now().getTime() + 60_000));
    const next = await t.get('lead', `/api/digests/preview?unitId=${unitIds.get('qzq')}`);
    expect(next.counts.mentions).toEqual({ count: 0, ids: [] });
  });
});
