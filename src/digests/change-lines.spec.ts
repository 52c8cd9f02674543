import { changeLine, formatValue, groupEvents, type AuditRow, type NameBook } from './change-lines';

const names: NameBook = {
  unitName: (id, locale) => (id === 3 ? (locale === 'en' ? 'China Mobile Tianshui' : '天水移动') : `#${id}`),
  userName: (id) => (id === 7 ? '陈晓燕' : null),
  workItemCode: () => 'W2',
};

const row = (id: number, at: string, over: Partial<AuditRow>): AuditRow => ({
  id,
  at: new Date(at),
  actorId: 7,
  actorEmail: 'office@example.cn',
  taskId: 12,
  action: 'update',
  field: null,
  oldValue: null,
  newValue: null,
  ...over,
});

describe('changes to tasks as people read them', () => {
  it('groups the rows one action wrote into one event, newest first', () => {
    const events = groupEvents([
      row(1, '2023-09-20T01:00:00Z', { field: 'progress', oldValue: '40', newValue: '50' }),
      row(2, '2023-09-20T01:00:00Z', { field: 'deadline', oldValue: '2023-10-31', newValue: '2023-11-30' }),
      row(3, '2023-09-21T01:00:00Z', {
        action: 'status.blocked',
        field: 'status',
        oldValue: 'in_progress',
        newValue: 'blocked',
      }),
    ]);
    expect(events.map((e) => e.auditIds)).toEqual([[3], [1, 2]]);
    expect(events[1].fields.map((f) => f.field)).toEqual(['progress', 'deadline']);
  });

  it('writes who, what field and from → to, in the recipient language', () => {
    const [event] = groupEvents([
      row(1, '2023-09-20T01:00:00Z', { field: 'progress', oldValue: '40', newValue: '50' }),
      row(2, '2023-09-20T01:00:00Z', { field: 'leadUnitId', oldValue: '2', newValue: '3' }),
      row(3, '2023-09-20T01:00:00Z', { field: 'deadline', oldValue: '2023-10-31', newValue: '2023-11-30' }),
    ]);
    const zh = changeLine(event, 'zh-CN', names, 'Asia/Shanghai');
    expect(zh).toMatchObject({ at: '2023-09-20 09:00', who: '陈晓燕', action: '修改任务', auditIds: [1, 2, 3] });
    expect(zh.fields).toEqual([
      { label: '进度', from: '40%', to: '50%' },
      { label: '牵头单位', from: '#2', to: '天水移动' },
      { label: '完成时限', from: '2023年10月31日', to: '2023年11月30日' },
    ]);
    const en = changeLine(event, 'en', names, 'Asia/Shanghai');
    expect(en.action).toBe('changed the task');
    expect(en.fields[1]).toEqual({ label: 'lead unit', from: '#2', to: 'China Mobile Tianshui' });
    expect(en.fields[2]).toEqual({ label: 'deadline', from: '31 Oct 2023', to: '30 Nov 2023' });
  });

  it('shows a new task as created, a reason without a "from", and the system by name', () => {
    const [created] = groupEvents([
      row(1, '2023-09-20T01:00:00Z', { action: 'create', field: 'title', newValue: 'x' }),
    ]);
    expect(changeLine(created, 'zh-CN', names, 'Asia/Shanghai')).toMatchObject({ action: '新建任务', fields: [] });
    const [status] = groupEvents([
      row(1, '2023-09-20T01:00:00Z', {
        actorId: null,
        actorEmail: 'system',
        action: 'status.blocked',
        field: 'status',
        oldValue: 'in_progress',
        newValue: 'blocked',
      }),
      row(2, '2023-09-20T01:00:00Z', {
        actorId: null,
        actorEmail: 'system',
        action: 'status.blocked',
        field: 'reason',
        newValue: '电力配套未落实',
      }),
    ]);
    const line = changeLine(status, 'zh-CN', names, 'Asia/Shanghai');
    expect(line.who).toBe('系统');
    expect(line.fields).toEqual([
      { label: '状态', from: '推进中', to: '需协调' },
      { label: '原因', from: null, to: '电力配套未落实' },
    ]);
  });

  it('shortens long values and names empty ones', () => {
    expect(formatValue('description', 'x'.repeat(100), 'en', names)).toHaveLength(60);
    expect(formatValue('supportingUnitIds', '[]', 'zh-CN', names)).toBe('（无）');
    expect(formatValue('supportingUnitIds', '[3,9]', 'zh-CN', names)).toBe('天水移动、#9');
    expect(formatValue('recurrence', '{"freq":"monthly","day":25}', 'en', names)).toBe('monthly, by day 25');
  });
});
