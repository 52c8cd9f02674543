import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { flattenTasks, parsePlanFile, PlanFileError } from './plan-file';

const DEMO = JSON.parse(readFileSync(join(__dirname, '../../config/demo-plan.json'), 'utf8'));

/** A small valid plan; each test breaks one thing in a copy. */
function minimal(): any {
  return {
    format: 'zhuanban-plan/1',
    plan: { code: 'p1', title: '计划', startDate: '2023-01-01', endDate: '2023-12-31' },
    units: [
      { code: 'a', name: '甲单位', kind: 'department' },
      { code: 'b', name: '乙单位' },
    ],
    users: [
      { email: 'l@example.cn', displayName: '联络员', role: 'liaison', unit: 'b', password: 'Liaison-pass-2023!' },
    ],
    workItems: [{ code: 'W1', title: '事项一' }],
    indicators: [
      {
        code: 'i1',
        name: '指标',
        measure: '个',
        baselineDate: '2023-01-01',
        target: 10,
        targetDate: '2023-12-31',
        values: [{ date: '2023-03-01', value: 2 }],
      },
    ],
    tasks: [
      {
        code: 'T1',
        workItem: 'W1',
        title: '任务一',
        leadUnit: 'a',
        supportingUnits: ['b'],
        startDate: '2023-02-01',
        deadline: '2023-06-30',
        indicators: ['i1'],
        subtasks: [{ code: 'T1.1', title: '子任务', leadUnit: 'b', deadline: '2023-05-31' }],
      },
      { code: 'T2', workItem: 'W1', title: '任务二', leadUnit: 'a', startDate: '2023-02-01', deadlineWorkingDays: 10 },
    ],
    reports: [
      {
        task: 'T1',
        unit: 'b',
        period: '2023-03',
        filedOn: '2023-03-24',
        text: '进展',
        percent: 30,
        indicatorValues: [{ indicator: 'i1', value: 3 }],
      },
    ],
  };
}

function problemOf(file: unknown, known: string[] = []): string {
  try {
    parsePlanFile(file, { knownUnitCodes: known });
  } catch (e) {
    expect(e).toBeInstanceOf(PlanFileError);
    return (e as PlanFileError).message;
  }
  throw new Error('expected the plan file to be refused');
}

describe('plan file validation', () => {
  it('accepts the shipped demo plan', () => {
    const plan = parsePlanFile(DEMO);
    expect(plan.plan.code).toBe('tianshui-5g');
    expect(plan.workItems.map((w) => w.title)[0]).toBe('完善推进机制');
    expect(flattenTasks(plan.tasks).length).toBe(
      DEMO.tasks.length + DEMO.tasks.reduce((n: number, t: any) => n + t.subtasks.length, 0),
    );
  });

  it('accepts a minimal plan and fills defaults', () => {
    const plan = parsePlanFile(minimal());
    expect(plan.tasks[0].status).toBe('assigned');
    expect(plan.tasks[0].priority).toBe('normal');
    expect(plan.indicators[0].values[0].source).toBe('document');
    expect(flattenTasks(plan.tasks).map((f) => [f.task.code, f.workItem, f.parent?.task.code ?? null])).toEqual([
      ['T1', 'W1', null],
      ['T1.1', 'W1', 'T1'],
      ['T2', 'W1', null],
    ]);
  });

  it('lets a file name units already in the database', () => {
    const file = minimal();
    file.tasks[1].leadUnit = 'shared';
    expect(problemOf(file)).toMatch(/^tasks\[1\]\.leadUnit: unknown unit "shared"/);
    expect(() => parsePlanFile(file, { knownUnitCodes: ['shared'] })).not.toThrow();
  });

  const cases: [string, (f: any) => void, RegExp][] = [
    ['a wrong format', (f) => (f.format = 'other/2'), /^format: must be "zhuanban-plan\/1"$/],
    ['a missing plan title', (f) => delete f.plan.title, /^plan\.title: required$/],
    ['an unknown field', (f) => (f.tasks[0].owner_name = 'x'), /^tasks\[0\]\.owner_name: unknown field$/],
    ['a wrong type', (f) => (f.tasks[0].progress = '50'), /^tasks\[0\]\.progress: expected number, got string$/],
    ['an impossible date', (f) => (f.tasks[0].deadline = '2023-02-30'), /^tasks\[0\]\.deadline: must be a real date/],
    ['a percent over 100', (f) => (f.reports[0].percent = 120), /^reports\[0\]\.percent: must be from 0 to 100$/],
    [
      'an unknown status',
      (f) => (f.tasks[0].status = 'done'),
      /^tasks\[0\]\.status: must be one of "draft"\|"assigned"/,
    ],
    ['an unknown role', (f) => (f.users[0].role = 'boss'), /^users\[0\]\.role: must be one of /],
    ['a bad period', (f) => (f.reports[0].period = '2023-13'), /^reports\[0\]\.period: must be a month as YYYY-MM$/],
    ['an unknown lead unit', (f) => (f.tasks[0].leadUnit = 'xx'), /^tasks\[0\]\.leadUnit: unknown unit "xx"$/],
    [
      'an unknown supporting unit of a subtask',
      (f) => (f.tasks[0].subtasks[0].supportingUnits = ['zz']),
      /^tasks\[0\]\.subtasks\[0\]\.supportingUnits\[0\]: unknown unit "zz"$/,
    ],
    ['an unknown work item', (f) => (f.tasks[1].workItem = 'W9'), /^tasks\[1\]\.workItem: unknown work item "W9"$/],
    ['a task without a work item', (f) => delete f.tasks[1].workItem, /^tasks\[1\]\.workItem: required$/],
    [
      'a subtask in another work item',
      (f) => {
        f.workItems.push({ code: 'W2', title: '事项二' });
        f.tasks[0].subtasks[0].workItem = 'W2';
      },
      /^tasks\[0\]\.subtasks\[0\]\.workItem: a subtask belongs to its parent's work item "W1"$/,
    ],
    [
      'an unknown indicator',
      (f) => (f.tasks[0].indicators = ['nope']),
      /^tasks\[0\]\.indicators\[0\]: unknown indicator/,
    ],
    ['a duplicate task code', (f) => (f.tasks[1].code = 'T1.1'), /^tasks\[1\]\.code: duplicate task code "T1\.1"$/],
    [
      'both deadline and working days',
      (f) => (f.tasks[1].deadline = '2023-05-01'),
      /^tasks\[1\]\.deadlineWorkingDays: give either deadline or deadlineWorkingDays, not both$/,
    ],
    [
      'neither deadline nor working days',
      (f) => delete f.tasks[1].deadlineWorkingDays,
      /^tasks\[1\]\.deadline: required \(or deadlineWorkingDays\)$/,
    ],
    [
      'working days without a start date',
      (f) => delete f.tasks[1].startDate,
      /^tasks\[1\]\.startDate: required when the deadline is a number of working days$/,
    ],
    [
      'a recurring task without an end',
      (f) => (f.tasks[1].recurrence = { freq: 'monthly', day: 25 }),
      /^tasks\[1\]\.deadline: a recurring task needs a deadline/,
    ],
    ['a deadline before the start', (f) => (f.tasks[0].deadline = '2023-01-15'), /^tasks\[0\]\.deadline: must not be/],
    [
      'a closed task below 100%',
      (f) => Object.assign(f.tasks[0], { status: 'closed', progress: 80 }),
      /^tasks\[0\]\.progress: a closed task must be 100$/,
    ],
    [
      'a report by a unit outside the task',
      (f) => (f.tasks[0].supportingUnits = []),
      /^reports\[0\]\.unit: "b" is neither the lead nor a supporting unit of task T1$/,
    ],
    ['a report on an unknown task', (f) => (f.reports[0].task = 'T9'), /^reports\[0\]\.task: unknown task "T9"$/],
    [
      'a report value of an unknown indicator',
      (f) => (f.reports[0].indicatorValues[0].indicator = 'x'),
      /^reports\[0\]\.indicatorValues\[0\]\.indicator: unknown indicator "x"$/,
    ],
    [
      'a liaison without a unit',
      (f) => (f.users[0].unit = null),
      /^users\[0\]\.unit: a liaison must belong to a unit$/,
    ],
    ['a duplicate unit', (f) => (f.units[1].code = 'a'), /^units\[1\]\.code: duplicate unit code "a"/],
    ['plan dates out of order', (f) => (f.plan.endDate = '2022-12-31'), /^plan\.endDate: must not be before/],
    [
      'a 10,000-character title',
      (f) => (f.tasks[0].title = '长'.repeat(10_000)),
      /^tasks\[0\]\.title: must be at most 300/,
    ],
  ];

  it.each(cases)('refuses %s, naming the path', (_name, breakIt, expected) => {
    const file = minimal();
    breakIt(file);
    expect(problemOf(file)).toMatch(expected);
  });

  it('gives one line and counts the other problems', () => {
    const file = minimal();
    file.tasks[0].leadUnit = 'xx';
    file.tasks[1].leadUnit = 'yy';
    const message = problemOf(file);
    expect(message).toBe('tasks[0].leadUnit: unknown unit "xx" (and 1 more problem)');
    expect(message).not.toContain('\n');
  });

  it('prefixes the file name when given one', () => {
    expect(() => parsePlanFile({}, { label: 'x.json' })).toThrow(/^x\.json: format: /);
  });
});
