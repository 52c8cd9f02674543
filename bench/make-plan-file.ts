// Writes a large plan file for measuring `load-plan`, dispatch rounds and agendas at scale: the demo plan's units,
// users, work items and indicators, 100 more units, and N generated tasks (a tenth of them with two subtasks) with
// about 2.7 reports each. Deterministic: the same N gives the same file. Usage:
//   node dist-bench/bench/make-plan-file.js 100000 /tmp/plan-100k.json [PLAN-CODE]
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const EXTRA_UNITS = 100;
const STATUSES = ['assigned', 'in_progress', 'in_progress', 'in_progress', 'blocked', 'submitted', 'closed', 'draft'];

/** A small linear congruential generator, so the file is the same on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
const dayOf = (start: string, offset: number) => {
  const d = new Date(`${start}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + offset);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

export function makePlanFile(taskCount: number, planCode = `BENCH-${taskCount}`): Record<string, unknown> {
  const demo = JSON.parse(readFileSync(resolve(__dirname, '../../config/demo-plan.json'), 'utf8')) as {
    plan: Record<string, unknown>;
    units: { code: string }[];
    users: unknown[];
    workItems: { code: string }[];
    indicators: { code: string }[];
  };
  const rnd = random(taskCount);
  const pick = <T>(list: T[]): T => list[Math.floor(rnd() * list.length)];
  const units = [
    ...demo.units,
    ...Array.from({ length: EXTRA_UNITS }, (_, i) => ({
      code: `bench-u${i + 1}`,
      name: `测试单位${i + 1}`,
      nameEn: `Bench unit ${i + 1}`,
      kind: 'department',
      mailbox: `u${i + 1}@bench.example.cn`,
      source: 'demo',
    })),
  ];
  const unitCodes = units.map((u) => u.code);
  const tasks: Record<string, unknown>[] = [];
  const reports: Record<string, unknown>[] = [];
  let made = 0;
  const perItem = new Map<string, number>();
  const makeTask = (code: string, workItem: string | undefined, depth: number): Record<string, unknown> => {
    made++;
    const lead = pick(unitCodes);
    const supporting = [...new Set([pick(unitCodes), pick(unitCodes)])].filter((c) => c !== lead);
    const status = pick(STATUSES);
    const startDate = dayOf('2023-01-02', Math.floor(rnd() * 200));
    const deadline = dayOf(startDate, 20 + Math.floor(rnd() * 300));
    const progress = status === 'closed' ? 100 : Math.floor(rnd() * 90);
    const task: Record<string, unknown> = {
      code,
      ...(workItem ? { workItem } : {}),
      title: `测试任务 ${code}：推进5G基站建设与重点场所覆盖`,
      titleEn: `Bench task ${code}`,
      description: '按计划推进，按月报送进展。',
      leadUnit: lead,
      supportingUnits: supporting,
      owner: '张三',
      startDate,
      deadline,
      priority: pick(['low', 'normal', 'normal', 'high', 'urgent']),
      status,
      progress,
      tags: ['测试'],
      indicators: rnd() < 0.2 ? [pick(demo.indicators).code] : [],
      source: 'demo',
      subtasks: [] as Record<string, unknown>[],
    };
    // 2.7 reports a task on average: 2 or 3 by the lead unit, one by a supporting unit now and then
    const count = rnd() < 0.7 ? 3 : 2;
    for (let r = 0; r < count; r++) {
      const month = 6 + r;
      reports.push({
        task: code,
        unit: r === 2 && supporting.length ? supporting[0] : lead,
        period: `2023-${pad(month)}`,
        filedOn: `2023-${pad(month)}-2${Math.floor(rnd() * 6)}`,
        text: `${month}月进展：按计划推进。`,
        percent: Math.min(100, progress),
        needsCoordination: rnd() < 0.02,
        source: 'demo',
      });
    }
    if (depth === 0 && made + 2 <= taskCount && rnd() < 0.1) {
      (task.subtasks as Record<string, unknown>[]).push(makeTask(`${code}.1`, undefined, 1));
      (task.subtasks as Record<string, unknown>[]).push(makeTask(`${code}.2`, undefined, 1));
    }
    return task;
  };
  while (made < taskCount) {
    const workItem = pick(demo.workItems).code;
    const n = (perItem.get(workItem) ?? 0) + 1;
    perItem.set(workItem, n);
    tasks.push(makeTask(`${workItem}-B${n}`, workItem, 0));
  }
  return {
    format: 'zhuanban-plan/1',
    plan: {
      ...demo.plan,
      code: planCode,
      title: `测试计划（${taskCount} 项任务）`,
      titleEn: `Bench plan (${taskCount})`,
    },
    units,
    users: demo.users,
    workItems: demo.workItems,
    indicators: demo.indicators,
    tasks,
    reports,
  };
}

if (require.main === module) {
  const [count, out, code] = process.argv.slice(2);
  if (!count || !out) {
    console.error('usage: make-plan-file <task count> <output file> [plan code]');
    process.exit(2);
  }
  const file = makePlanFile(Number(count), code);
  writeFileSync(out, JSON.stringify(file));
  console.log(`${out}: ${count} tasks, ${(file.reports as unknown[]).length} reports`);
}
