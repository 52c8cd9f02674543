import type { TaskState } from '../tasks/grades';
import {
  agendaCandidates,
  mergeAgenda,
  type AgendaCandidate,
  type AgendaInput,
  type AgendaItemState,
  type TaskRow,
} from './agenda-rules';

const calm: TaskState = {
  overdue: false,
  dueSoon: false,
  colour: null,
  expectedProgress: null,
  workingDaysLeft: 30,
  nextDueDate: null,
};

function task(id: number, over: Partial<TaskRow> = {}): TaskRow {
  return {
    id,
    code: `W1-${id}`,
    title: `任务${id}`,
    titleEn: `Task ${id}`,
    status: 'in_progress',
    progress: 20,
    deadline: '2023-12-31',
    leadUnitId: 1,
    state: calm,
    nextDue: '2023-12-31',
    ...over,
  };
}

function input(over: Partial<AgendaInput> = {}): AgendaInput {
  return {
    asOf: '2023-09-20',
    deadlineUntil: '2023-10-11',
    convener: { id: 9, name: '市工信局', nameEn: 'MIIT' },
    units: new Map([
      [1, { id: 1, name: '天水移动', nameEn: 'China Mobile Tianshui' }],
      [2, { id: 2, name: '秦州区', nameEn: 'Qinzhou' }],
      [9, { id: 9, name: '市工信局', nameEn: 'MIIT' }],
    ]),
    headlineIndicators: [],
    coordinationReports: [],
    tasks: [],
    decisions: [],
    ...over,
  };
}

function generated(c: AgendaCandidate, id: number, seq: number): AgendaItemState {
  return { ...c, id, seq, edited: false, removed: false, stale: false };
}

describe('agenda candidates', () => {
  it('groups items in order: indicators, coordination, overdue, blocked, open decisions, deadlines', () => {
    const overdue = task(1, { deadline: '2023-09-15', status: 'blocked', state: { ...calm, overdue: true } });
    const soon = task(2, { nextDue: '2023-10-09', leadUnitId: 2 });
    const items = agendaCandidates(
      input({
        headlineIndicators: [
          {
            id: 7,
            name: '新建5G基站',
            nameEn: null,
            measure: '座',
            target: 850,
            targetDate: '2023-12-31',
            latestValue: 1127,
            latestOn: '2023-07-31',
            latestValueId: 70,
            achievementPercent: 132.6,
            proRataAtLatest: 57.8,
            proRataToday: 71.5,
          },
        ],
        coordinationReports: [
          { id: 5, taskId: 1, unitId: 2, period: '2023-08', filedOn: '2023-08-24', text: '', problems: '进场难' },
        ],
        tasks: [overdue, soon],
        decisions: [
          {
            id: 3,
            text: '加快站址进场',
            leadUnitId: 2,
            meetingTitle: '第一次会商会',
            meetingTitleEn: null,
            meetingDate: '2023-09-12',
            taskId: null,
          },
        ],
      }),
    );
    expect(items.map((i) => i.sourceKey)).toEqual([
      'indicators',
      'report:5',
      'task:1:overdue',
      'task:1:blocked',
      'decision:3',
      'deadlines',
    ]);
    expect(items[0].sources).toEqual({ indicatorIds: [7], indicatorValueIds: [70] });
    expect(items[1]).toMatchObject({ leadUnitId: 1, presenter: '秦州区', detail: '进场难' });
    expect(items[2]).toMatchObject({ leadUnitId: 1, presenter: '天水移动' });
    expect(items[4].detail).toContain('尚未形成跟进任务');
    expect(items[5].sources).toEqual({ taskIds: [2] });
  });

  it('leaves out decisions whose task is closed and deadlines outside the window', () => {
    const items = agendaCandidates(
      input({
        tasks: [
          task(1, { status: 'closed' }),
          task(2, { nextDue: '2023-09-20' }),
          task(3, { nextDue: '2023-10-12' }),
          task(4, { status: 'draft', nextDue: '2023-10-01' }),
        ],
        decisions: [
          {
            id: 3,
            text: 'x',
            leadUnitId: 1,
            meetingTitle: 'm',
            meetingTitleEn: null,
            meetingDate: '2023-09-12',
            taskId: 1,
          },
        ],
      }),
    );
    expect(items).toEqual([]);
  });
});

describe('merging a regenerated agenda', () => {
  const base = agendaCandidates(
    input({
      tasks: [
        task(1, { deadline: '2023-09-15', state: { ...calm, overdue: true } }),
        task(2, { deadline: '2023-09-10', state: { ...calm, overdue: true } }),
        task(3, { status: 'blocked' }),
      ],
    }),
  );

  it('lays out a first agenda in group order', () => {
    const merged = mergeAgenda([], base);
    expect(merged.items.map((i) => [i.sourceKey, i.seq])).toEqual([
      ['task:2:overdue', 1],
      ['task:1:overdue', 2],
      ['task:3:blocked', 3],
    ]);
    expect(merged.added).toBe(3);
  });

  it('keeps edits, removals, manual items and the order; new items join their group', () => {
    const existing = [
      generated(base[2], 3, 1), // moved to the top by the secretariat
      { ...generated(base[0], 1, 2), title: '改过的标题', edited: true },
      { ...generated(base[1], 2, 3), removed: true },
      {
        ...generated(base[0], 4, 4),
        kind: 'manual' as const,
        sourceKey: 'manual:a',
        title: '临时动议',
        edited: false,
      },
    ];
    const next = agendaCandidates(
      input({
        tasks: [
          task(1, { deadline: '2023-09-15', progress: 50, state: { ...calm, overdue: true } }),
          task(2, { deadline: '2023-09-10', state: { ...calm, overdue: true } }),
          task(3, { status: 'blocked' }),
          task(5, { deadline: '2023-09-18', state: { ...calm, overdue: true } }),
        ],
      }),
    );
    const merged = mergeAgenda(existing, next);
    expect(merged.items.map((i) => i.sourceKey)).toEqual([
      'task:3:blocked',
      'task:2:overdue',
      'task:1:overdue',
      'task:5:overdue',
      'manual:a',
    ]);
    const byKey = new Map(merged.items.map((i) => [i.sourceKey, i]));
    expect(byKey.get('task:2:overdue')?.title).toBe('改过的标题');
    expect(byKey.get('task:1:overdue')?.removed).toBe(true);
    expect(byKey.get('manual:a')?.title).toBe('临时动议');
    expect(merged.items.map((i) => i.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(merged.added).toBe(1);
  });

  it('drops an untouched item whose source no longer applies and marks a touched one stale', () => {
    const existing = [
      generated(base[0], 1, 1),
      { ...generated(base[1], 2, 2), edited: true },
      generated(base[2], 3, 3),
    ];
    const merged = mergeAgenda(existing, [], new Set([3]));
    expect(merged.dropped).toEqual([1]);
    expect(merged.items.map((i) => [i.id, i.stale])).toEqual([
      [2, true],
      [3, true],
    ]);
    const again = mergeAgenda(merged.items, base);
    expect(again.items.find((i) => i.id === 2)?.stale).toBe(false);
  });
});
