// The demo plan file, read by tests to compute what they expect from the data rather than hard-coding it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DemoTask {
  code: string;
  workItem: string;
  leadUnit: string;
  supportingUnits: string[];
  startDate: string | null;
  deadline: string | null;
  deadlineWorkingDays: number | null;
  recurrence: { freq: string; day: number } | null;
  status: string;
  priority: string;
  progress: number;
  indicators: string[];
  subtasks?: DemoTask[];
}

export interface DemoPlan {
  units: { code: string; name: string }[];
  users: { email: string; role: string; unit: string | null }[];
  workItems: { code: string; title: string }[];
  indicators: {
    code: string;
    headline: boolean;
    target: number;
    baseline: number;
    values: { date: string; value: number }[];
  }[];
  tasks: DemoTask[];
  reports: { task: string; unit: string }[];
}

export const demo: DemoPlan = JSON.parse(readFileSync(join(__dirname, '../../config/demo-plan.json'), 'utf8'));

/** Every task of the demo plan, sub-tasks included. */
export const demoTasks: DemoTask[] = demo.tasks.flatMap((t) => [t, ...(t.subtasks ?? [])]);

export const involves = (t: DemoTask, unit: string) => t.leadUnit === unit || t.supportingUnits.includes(unit);
