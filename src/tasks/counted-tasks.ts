// Which tasks every figure counts (dashboard, bulletin, digest, agenda, export): every task of the plan that has been
// issued, top-level tasks and sub-tasks alike (a sub-task has its own lead unit, deadline and grade, and a unit that
// leads only sub-tasks is answerable for them), drafts left out (a draft has not been given to anyone yet). One
// rule, as SQL and as a predicate, and the sentence the documents print under their tables.
import type { TaskStatus } from './task.entity';

/** The status of a task not yet issued: never counted. */
export const NOT_ISSUED: TaskStatus = 'draft';

/** Whether a task is counted in the figures. */
export function isCountedTask(task: { status: TaskStatus }): boolean {
  return task.status !== NOT_ISSUED;
}

/** The same rule as SQL over the task aliased `alias`. */
export function countedTaskSql(alias: string): string {
  return `${alias}."status" <> '${NOT_ISSUED}'`;
}

/** The rule in words, as the documents and pages state it. */
export const COUNTED_TASKS_RULE = {
  zh: '统计口径：计划内已下达的全部任务，含子任务，不含尚未下达的草稿。',
  en: 'Tasks counted: every issued task of the plan, sub-tasks included; drafts (not yet issued) are left out.',
} as const;
