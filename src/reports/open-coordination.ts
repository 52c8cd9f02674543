// What an open coordination request (需协调事项) is, for every figure that counts them (bulletin, agenda): a standing
// report (not returned) that asks for coordination, filed by the date of the figure, on a task of the plan that is
// neither finished nor a draft, and not answered since by a later standing report of the same unit on the same task
// that no longer asks. One rule, as SQL and as a predicate over rows in memory.
import type { TaskStatus } from '../tasks/task.entity';

/** Task statuses on which a request is no longer open: the task is done with, or was never issued. */
export const COORDINATION_CLOSED_TASK: readonly TaskStatus[] = ['closed', 'cancelled', 'draft'];

const list = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');

/**
 * The condition over the report aliased `r` and its task aliased `t`, with the date as the SQL expression `asOf`
 * (a named parameter such as `:asOf`); booleans are written as `:yes` / `:no` parameters by the caller.
 */
export function openCoordinationSql(r: string, t: string, asOf: string): string {
  return (
    `${r}."needsCoordination" = :yes AND ${r}."status" <> 'returned' AND ${r}."filedOn" <= ${asOf} ` +
    `AND ${t}."status" NOT IN (${list(COORDINATION_CLOSED_TASK)}) AND NOT EXISTS (SELECT 1 FROM "progress_report" nx ` +
    `WHERE nx."taskId" = ${r}."taskId" AND nx."unitId" = ${r}."unitId" AND nx."status" <> 'returned' ` +
    `AND nx."needsCoordination" = :no AND nx."filedOn" <= ${asOf} ` +
    `AND (nx."filedOn" > ${r}."filedOn" OR (nx."filedOn" = ${r}."filedOn" AND nx."id" > ${r}."id")))`
  );
}

/** The parameters openCoordinationSql's condition needs besides the date. */
export const OPEN_COORDINATION_PARAMS = { yes: true, no: false } as const;

export interface CoordinationReportRow {
  id: number;
  taskId: number;
  unitId: number;
  filedOn: string;
  status: string;
  needsCoordination: boolean;
}

/** The same rule over rows in memory: the open requests among `reports` as of `asOf`. */
export function openCoordination<R extends CoordinationReportRow>(
  reports: readonly R[],
  taskStatus: (taskId: number) => TaskStatus | undefined,
  asOf: string,
): R[] {
  const standing = reports.filter((r) => r.status !== 'returned' && r.filedOn <= asOf);
  const later = (a: R, b: R) => b.filedOn > a.filedOn || (b.filedOn === a.filedOn && b.id > a.id);
  return standing.filter((r) => {
    if (!r.needsCoordination) return false;
    const status = taskStatus(r.taskId);
    if (status === undefined || COORDINATION_CLOSED_TASK.includes(status)) return false;
    return !standing.some((n) => n.taskId === r.taskId && n.unitId === r.unitId && !n.needsCoordination && later(r, n));
  });
}

/** The rule in words, as the documents state it under the count. */
export const OPEN_COORDINATION_RULE = {
  zh: '需协调事项：截至统计日仍未解决的协调请求（任务未办结、未取消，且该单位此后的报送未撤回请求）。',
  en: 'Matters needing coordination: requests still open on the date of the figures (the task neither closed nor cancelled, and no later report of the unit withdrawing it).',
} as const;
