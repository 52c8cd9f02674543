import type { TaskState } from '../tasks/grades';
import {
  agendaCandidates,
  mergeAgenda,
  type AgendaCandidate,
  type AgendaInput,
  type AgendaItemState,
  type TaskRow,
  type UnitTaskGroup,
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

/** An overdue task, `days` working days late. */
function late(id: number, deadline: string, days: number, over: Partial<TaskRow> = {}): TaskRow {
  return task(id, { deadline, state: { ...calm, overdue: true, workingDaysLeft: -days }, ...over });
}

/** The group of a unit's tasks, as the database counts it: `count` of them, the given ones shown. */
function group(unitId: number, tasks: TaskRow[], count = tasks.length): UnitTaskGroup {
  return { unitId, count, worstDeadline: tasks[0].deadline, tasks };
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
    maxItems: 30,
    headlineIndicators: [],
    coordination: [],
    overdue: [],
    blocked: [],
    decisions: [],
    deadlines: { count: 0, tasks: [] },
    ...over,
  };
}

function generated(c: AgendaCandidate, id: number, seq: number): AgendaItemState {
  return { ...c, id, seq, edited: false, removed: false, stale: false };
}

describe('agenda candidates', () => {
  it('groups items in order: indicators, coordination, overdue, blocked, open decisions, deadlines', () => {
    const overdue = late(1, '2023-09-15', 3, { status: 'blocked' });
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
        coordination: [
          {
            unitId: 2,
            count: 1,
            firstFiledOn: '2023-08-24',
            reports: [
              {
                id: 5,
                taskId: 1,
                unitId: 2,
                period: '2023-08',
                filedOn: '2023-08-24',
                text: '',
                problems: '进场难',
                task: { id: 1, code: 'W1-1', title: '任务1', titleEn: null, leadUnitId: 1 },
              },
            ],
          },
        ],
        overdue: [group(1, [overdue])],
        blocked: [group(1, [overdue])],
        decisions: [
          {
            id: 3,
            text: '加快站址进场',
            leadUnitId: 2,
            meetingTitle: '第一次会商会',
            meetingTitleEn: null,
            meetingDate: '2023-09-12',
            taskId: null,
            task: null,
          },
        ],
        deadlines: { count: 1, tasks: [soon] },
      }),
    );
    expect(items.map((i) => i.sourceKey)).toEqual([
      'indicators',
      'coordination:unit:2',
      'overdue:unit:1',
      'blocked:unit:1',
      'decision:3',
      'deadlines',
    ]);
    expect(items[0].sources).toEqual({ indicatorIds: [7], indicatorValueIds: [70] });
    // one matter of a unit reads as the matter itself
    expect(items[1]).toMatchObject({ leadUnitId: 1, presenter: '秦州区', detail: '进场难' });
    expect(items[1].title).toBe('协调事项：W1-1 任务1（秦州区）');
    expect(items[2]).toMatchObject({ leadUnitId: 1, presenter: '天水移动', title: '逾期任务：W1-1 任务1' });
    expect(items[2].sources).toEqual({
      taskIds: [1],
      taskTotal: 1,
      listPath: '/tasks?unitId=1&unitRole=lead&overdue=true',
    });
    expect(items[4].detail).toContain('尚未形成跟进任务');
    expect(items[5].sources).toEqual({ taskIds: [2], taskTotal: 1 });
  });

  it('groups a unit’s overdue tasks in one item, naming the worst first and counting the rest', () => {
    const shown = [late(11, '2023-07-03', 55), late(12, '2023-08-01', 35), late(13, '2023-09-01', 13)];
    const [item] = agendaCandidates(input({ overdue: [group(1, shown, 12)] }));
    expect(item.sourceKey).toBe('overdue:unit:1');
    expect(item.title).toBe('逾期任务：天水移动共12项，最久的W1-11逾期55个工作日');
    expect(item.titleEn).toBe('Overdue: 12 tasks of China Mobile Tianshui, the worst W1-11 by 55 working days');
    expect(item.sources).toEqual({
      taskIds: [11, 12, 13],
      taskTotal: 12,
      listPath: '/tasks?unitId=1&unitRole=lead&overdue=true',
    });
    const lines = item.detail.split('\n');
    expect(lines[0]).toContain('W1-11');
    expect(lines[0]).toContain('已逾期55个工作日');
    expect(lines[2]).toContain('W1-13');
    expect(lines[3]).toBe('另有9项逾期任务，见任务列表。');
    expect(item).toMatchObject({ leadUnitId: 1, presenter: '天水移动' });
    // the English details say the same in English, dates written out
    const en = item.detailEn!.split('\n');
    expect(en[0]).toMatch(/^W1-11 .*: deadline 3 July 2023, overdue by 55 working days; .*% done\.$/);
    expect(en[3]).toBe('9 more overdue tasks: see the task list.');
  });

  it('puts the unit with the task overdue longest first', () => {
    const items = agendaCandidates(
      input({
        overdue: [
          group(1, [late(1, '2023-09-01', 13)], 40),
          group(2, [late(2, '2023-06-01', 75, { leadUnitId: 2 })], 2),
        ],
      }),
    );
    expect(items.map((i) => i.sourceKey)).toEqual(['overdue:unit:2', 'overdue:unit:1']);
  });

  it('holds at most the configured number of items, summing up the groups left out', () => {
    const units = new Map(
      Array.from({ length: 60 }, (_, i) => [i + 1, { id: i + 1, name: `单位${i + 1}`, nameEn: null }] as const),
    );
    const overdue = Array.from({ length: 60 }, (_, i) =>
      group(i + 1, [late(100 + i, `2023-0${1 + (i % 8)}-10`, 10, { leadUnitId: i + 1 })], 3),
    );
    const blocked = Array.from({ length: 60 }, (_, i) =>
      group(i + 1, [task(300 + i, { status: 'blocked', leadUnitId: i + 1 })], 1),
    );
    const items = agendaCandidates(
      input({ units, maxItems: 10, overdue, blocked, deadlines: { count: 1, tasks: [task(2)] } }),
    );
    expect(items).toHaveLength(10);
    const kinds = items.map((i) => i.kind);
    expect(kinds).toEqual([...kinds].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)));
    expect(kinds.filter((k) => k === 'deadline')).toHaveLength(1);
    const others = items.find((i) => i.sourceKey === 'overdue:others') as AgendaCandidate;
    const shown = items.filter((i) => i.kind === 'overdue' && i !== others);
    // every overdue task is counted: by the groups shown or by the item for the others
    expect(shown.reduce((s, i) => s + (i.sources.taskTotal ?? 0), 0) + (others.sources.taskTotal ?? 0)).toBe(180);
    expect(others.sources.listPath).toBe('/tasks?overdue=true');
    expect(others.title).toBe(`逾期任务：其他${60 - shown.length}个单位共${(60 - shown.length) * 3}项`);
    // and the worst are the ones shown
    const worst = [...overdue].sort((a, b) => a.worstDeadline.localeCompare(b.worstDeadline) || a.unitId - b.unitId);
    expect(shown.map((i) => i.leadUnitId)).toEqual(worst.slice(0, shown.length).map((g) => g.unitId));
    // never more than 200, whatever the setting says
    const many = agendaCandidates(input({ units, maxItems: 5000, overdue, blocked }));
    expect(many.length).toBeLessThanOrEqual(120);
    const huge = Array.from({ length: 300 }, (_, i) => group(i + 1, [late(1000 + i, '2023-08-01', 5)], 1));
    expect(agendaCandidates(input({ maxItems: 5000, overdue: huge })).length).toBe(200);
  });

  it('counts the groups past the cap, whose rows are not loaded, in the item for the others', () => {
    const shown = (unitId: number) => group(unitId, [late(unitId, '2023-08-01', 30, { leadUnitId: unitId })], 2);
    const counted = (unitId: number): UnitTaskGroup => ({ unitId, count: 4, worstDeadline: '2023-09-01', tasks: [] });
    const coordination = [{ unitId: 2, count: 1, firstFiledOn: '2023-09-01', reports: [] }];
    const items = agendaCandidates(input({ maxItems: 3, overdue: [shown(1), counted(2), counted(3)], coordination }));
    expect(items.map((i) => i.sourceKey)).toEqual(['coordination:unit:2', 'overdue:unit:1', 'overdue:others']);
    expect(items[2].sources.taskTotal).toBe(8);
  });

  it('lists the deadlines ahead it names and counts the others', () => {
    const [item] = agendaCandidates(input({ deadlines: { count: 25, tasks: [task(2, { nextDue: '2023-09-25' })] } }));
    expect(item.sources).toEqual({ taskIds: [2], taskTotal: 25 });
    expect(item.detail).toContain('2023-09-25 W1-2 任务2（牵头：天水移动）');
    expect(item.detail).toContain('另有24项');
    expect(item.detailEn).toContain('25 September 2023 W1-2 ');
    expect(item.detailEn).toContain('(lead: China Mobile Tianshui)');
    expect(item.detailEn).toContain('24 more: see the task list.');
  });

  it('leaves out decisions whose task is closed', () => {
    const items = agendaCandidates(
      input({
        decisions: [
          {
            id: 3,
            text: 'x',
            leadUnitId: 1,
            meetingTitle: 'm',
            meetingTitleEn: null,
            meetingDate: '2023-09-12',
            taskId: 1,
            task: task(1, { status: 'closed' }),
          },
        ],
      }),
    );
    expect(items).toEqual([]);
  });
});

const ORDER = ['indicators', 'coordination', 'overdue', 'blocked', 'open_decision', 'deadline'];

describe('merging a regenerated agenda', () => {
  const base = agendaCandidates(
    input({
      overdue: [group(1, [late(1, '2023-09-15', 3)]), group(2, [late(2, '2023-09-10', 6, { leadUnitId: 2 })])],
      blocked: [group(3, [task(3, { status: 'blocked', leadUnitId: 3 })])],
    }),
  );

  it('lays out a first agenda in group order', () => {
    const merged = mergeAgenda([], base);
    expect(merged.items.map((i) => [i.sourceKey, i.seq])).toEqual([
      ['overdue:unit:2', 1],
      ['overdue:unit:1', 2],
      ['blocked:unit:3', 3],
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
        overdue: [
          group(1, [late(1, '2023-09-15', 3, { progress: 50 })]),
          group(2, [late(2, '2023-09-10', 6, { leadUnitId: 2 })]),
          group(5, [late(5, '2023-09-18', 1, { leadUnitId: 5 })]),
        ],
        blocked: [group(3, [task(3, { status: 'blocked', leadUnitId: 3 })])],
      }),
    );
    const merged = mergeAgenda(existing, next);
    expect(merged.items.map((i) => i.sourceKey)).toEqual([
      'blocked:unit:3',
      'overdue:unit:2',
      'overdue:unit:1',
      'overdue:unit:5',
      'manual:a',
    ]);
    const byKey = new Map(merged.items.map((i) => [i.sourceKey, i]));
    expect(byKey.get('overdue:unit:2')?.title).toBe('改过的标题');
    expect(byKey.get('overdue:unit:1')?.removed).toBe(true);
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
