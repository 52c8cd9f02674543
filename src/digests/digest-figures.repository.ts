// The reads behind digests and escalation, counted in the database so that neither the answer nor the memory grows
// with the plan: the tasks overdue or due soon per unit (as lead and as supporting unit), per work item and plan-wide
// through windows capped at the list limit with their totals; the reports awaited in open dispatch rounds as one
// join; the changes since each recipient's cutoff grouped into events per recipient, newest first and capped; task
// rows only for the ids listed. Digests own no table: these queries read the tasks', rounds' and audit's tables.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { dateLiteral, dayAfterWorkingDays, ordinalOf } from '../calendar/calendar-sql';
import { dialectOf } from '../database/sql';
import { TaskStateSqlFactory } from '../tasks/task-state-sql.factory';
import type { TaskStatus } from '../tasks/task.entity';

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v);

/** The lists a flagged task appears in: its lead unit's, each supporting unit's, its work item's, the plan's. */
export type FlagList = 'lead' | 'supporting' | 'workItem' | 'plan';

/** One listed task of one list, and the size of the whole list. */
export interface FlagRow {
  list: FlagList;
  /** Unit id for 'lead' and 'supporting', work item id for 'workItem', 0 for 'plan'. */
  key: number;
  overdue: boolean;
  taskId: number;
  total: number;
}

export interface AwaitedRow {
  roundId: number;
  unitId: number;
  taskId: number;
}

/** A recipient whose changes are wanted: the unit whose tasks it follows and the instant after which to count. */
export interface ChangeCutoff {
  key: string;
  unitId: number;
  since: Date;
}

/** One event (the rows one action wrote) listed for a recipient, with the recipient's totals. */
export interface EventRow {
  key: string;
  taskId: number;
  /** The highest audit id of the event: the event as groupEvents makes it from its rows. */
  lastId: number;
  events: number;
  rows: number;
}

/** Statuses in which a task still owes a report. */
export const REPORTABLE: TaskStatus[] = ['assigned', 'in_progress', 'blocked', 'submitted'];
/** Ids per IN list, well under the parameter limits of SQLite (32,766) and PostgreSQL (65,535). */
const ID_BATCH = 5000;

@Injectable()
export class DigestFiguresRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly stateSql: TaskStateSqlFactory,
  ) {}

  private async query(sql: string, params: Record<string, unknown> = {}): Promise<Row[]> {
    const em = this.txHost.tx;
    const [q, p] = em.connection.driver.escapeQueryWithParameters(sql, params, {});
    return (await em.query(q, p)) as Row[];
  }

  private get dialect() {
    return dialectOf(this.txHost.tx);
  }

  /**
   * Open tasks overdue, or due within `horizon` working days, as the first `max` of each list by due date and code,
   * each with its list's total.
   */
  async flagged(today: string, horizon: number, max: number): Promise<FlagRow[]> {
    const s = this.stateSql.forDay(today, 't');
    const todayLit = dateLiteral(this.dialect, today);
    const beyond = dayAfterWorkingDays(this.dialect, today, horizon);
    const soon = `(NOT ${s.overdue} AND ${s.due} >= ${todayLit} AND ${s.due} < ${beyond})`;
    // a one-off task whose deadline is past the horizon can be neither: the plain test keeps the rest out cheaply
    const f =
      `SELECT t.id AS id, t."leadUnitId" AS unit, t."workItemId" AS wi, t.code AS code, ${s.due} AS due, ` +
      `CASE WHEN ${s.overdue} THEN 1 ELSE 0 END AS od FROM task t ` +
      `WHERE ${s.open} AND (t.recurrence IS NOT NULL OR t.deadline < ${beyond}) AND (${s.overdue} OR ${soon})`;
    // f once (materialised), then a window per list: four small sorts cost half of one over their union
    const part = (list: FlagList, key: string, from: string) =>
      `SELECT x.k, x.key, x.od, x.id, x.n FROM (SELECT '${list}' AS k, ${key} AS key, f.od, f.id, ` +
      `ROW_NUMBER() OVER (PARTITION BY ${key}, f.od ORDER BY f.due, f.code, f.id) AS rn, ` +
      `COUNT(*) OVER (PARTITION BY ${key}, f.od) AS n FROM ${from}) x WHERE x.rn <= :max`;
    const rows = await this.query(
      `WITH f AS MATERIALIZED (${f}) ` +
        [
          part('lead', 'f.unit', 'f'),
          part('supporting', 's."unitId"', 'f JOIN task_supporting_unit s ON s."taskId" = f.id'),
          part('workItem', 'f.wi', 'f'),
          part('plan', '0', 'f'),
        ].join(' UNION ALL '),
      { max },
    );
    return rows.map((r) => ({
      list: String(r.k) as FlagList,
      key: num(r.key),
      overdue: num(r.od) === 1,
      taskId: num(r.id),
      total: num(r.n),
    }));
  }

  /**
   * Reports awaited in open dispatch rounds — the unit leads a task in the round's scope, the task still owes a
   * report, and nothing the unit filed for the round's period stands — the first `max` per unit, by round due date.
   */
  async awaited(max: number): Promise<{ listed: AwaitedRow[]; byRound: (AwaitedRow & { count: number })[] }> {
    const reportable = REPORTABLE.map((x) => `'${x}'`).join(', ');
    const a =
      `SELECT r.id AS "roundId", r."dueDate" AS "dueDate", t."leadUnitId" AS "unitId", t.id AS "taskId" ` +
      // CROSS JOIN keeps SQLite's join order from the few open rounds to their scope (PostgreSQL plans it freely);
      // starting from the tasks by status costs seven times as much at 100,000 tasks
      `FROM dispatch_round r CROSS JOIN dispatch_round_task rt CROSS JOIN task t CROSS JOIN dispatch_round_unit ru ` +
      `WHERE rt."roundId" = r.id AND t.id = rt."taskId" AND ru."roundId" = r.id AND ru."unitId" = t."leadUnitId" ` +
      `AND r.status = 'open' AND t.status IN (${reportable}) AND NOT EXISTS (SELECT 1 FROM progress_report p ` +
      `WHERE p."taskId" = t.id AND p."unitId" = t."leadUnitId" AND p.period = r.period AND p.status <> 'returned')`;
    // one pass: the first rows per unit, and one row per unit and round carrying the round's count
    const rows = await this.query(
      `SELECT x."roundId", x."unitId", x."taskId", x.rn, x.rr, x.n FROM (SELECT a."roundId", a."unitId", a."taskId", ` +
        `ROW_NUMBER() OVER (PARTITION BY a."unitId" ORDER BY a."dueDate", a."roundId", a."taskId") AS rn, ` +
        `ROW_NUMBER() OVER (PARTITION BY a."unitId", a."roundId" ORDER BY a."taskId") AS rr, ` +
        `COUNT(*) OVER (PARTITION BY a."unitId", a."roundId") AS n FROM (${a}) a) x ` +
        `WHERE x.rn <= :max OR x.rr = 1 ORDER BY x."unitId", x.rn`,
      { max },
    );
    const row = (r: Row): AwaitedRow => ({ roundId: num(r.roundId), unitId: num(r.unitId), taskId: num(r.taskId) });
    return {
      listed: rows.filter((r) => num(r.rn) <= max).map(row),
      byRound: rows.filter((r) => num(r.rr) === 1).map((r) => ({ ...row(r), count: num(r.n) })),
    };
  }

  /**
   * The changes to the tasks each recipient's unit leads or supports after the recipient's cutoff, grouped into
   * events (same task, action, actor and instant), the newest `max` per recipient with its totals.
   */
  async events(cutoffs: ChangeCutoff[], max: number): Promise<EventRow[]> {
    if (!cutoffs.length) return [];
    const ts = this.dialect === 'postgres' ? 'timestamp' : 'text';
    const params: Record<string, unknown> = { max };
    const c = cutoffs
      .map((x, i) => {
        params[`since${i}`] = x.since;
        return `SELECT ${i} AS k, ${Math.trunc(x.unitId)} AS unit, CAST(:since${i} AS ${ts}) AS since`;
      })
      .join(' UNION ALL ');
    params.earliest = new Date(Math.min(...cutoffs.map((x) => x.since.getTime())));
    const e =
      `SELECT a."entityId" AS "taskId", a.at AS at, MAX(a.id) AS "lastId", COUNT(*) AS rows FROM audit_entry a ` +
      `WHERE a."entityType" = 'task' AND a.at > :earliest GROUP BY a."entityId", a.action, a."actorId", a.at`;
    const u =
      `SELECT e."taskId", e.at, e."lastId", e.rows, t."leadUnitId" AS unit FROM e JOIN task t ON t.id = e."taskId" ` +
      `UNION SELECT e."taskId", e.at, e."lastId", e.rows, s."unitId" AS unit FROM e ` +
      `JOIN task_supporting_unit s ON s."taskId" = e."taskId"`;
    const rows = await this.query(
      `WITH c AS (${c}), e AS (${e}), u AS (${u}) SELECT x.k, x."taskId", x."lastId", x.n, x.total FROM (` +
        `SELECT c.k, u."taskId", u."lastId", ROW_NUMBER() OVER (PARTITION BY c.k ORDER BY u.at DESC, u."lastId" DESC) AS rn, ` +
        `COUNT(*) OVER (PARTITION BY c.k) AS n, SUM(u.rows) OVER (PARTITION BY c.k) AS total ` +
        `FROM c JOIN u ON u.unit = c.unit AND u.at > c.since) x WHERE x.rn <= :max ORDER BY x.k, x.rn`,
      params,
    );
    return rows.map((r) => ({
      key: cutoffs[num(r.k)].key,
      taskId: num(r.taskId),
      lastId: num(r.lastId),
      events: num(r.n),
      rows: num(r.total),
    }));
  }

  /** The audit rows of these tasks after an instant, for the events listed. */
  async auditRowsOf(taskIds: number[], since: Date): Promise<Row[]> {
    const out: Row[] = [];
    for (let i = 0; i < taskIds.length; i += ID_BATCH) {
      out.push(
        ...(await this.query(
          `SELECT a.id AS id, a.at AS at, a."actorId" AS "actorId", a."actorEmail" AS "actorEmail", ` +
            `a."entityId" AS "taskId", a.action AS action, a.field AS field, a."oldValue" AS "oldValue", ` +
            `a."newValue" AS "newValue" FROM audit_entry a WHERE a."entityType" = 'task' ` +
            `AND a."entityId" IN (:...ids) AND a.at > :since`,
          { ids: taskIds.slice(i, i + ID_BATCH), since },
        )),
      );
    }
    return out;
  }

  /** The columns a digest shows of these tasks. */
  async taskRows(ids: number[]): Promise<Row[]> {
    const out: Row[] = [];
    for (let i = 0; i < ids.length; i += ID_BATCH) {
      out.push(...(await this.query(`${TASK_COLUMNS} WHERE t.id IN (:...ids)`, { ids: ids.slice(i, i + ID_BATCH) })));
    }
    return out;
  }

  /**
   * Open tasks overdue by at least `minDays` working days, with how many, by deadline and code: the candidates of
   * escalation, without the ones no rung is due for.
   */
  async overdueBy(today: string, minDays: number): Promise<(Row & { overdueDays: number })[]> {
    const s = this.stateSql.forDay(today, 't');
    const days = `(${ordinalOf(dateLiteral(this.dialect, today))} - ${ordinalOf('t.deadline')})`;
    const rows = await this.query(
      `${TASK_COLUMNS.replace(' FROM task t', `, ${days} AS "overdueDays" FROM task t`)} ` +
        `WHERE ${s.overdue} AND ${days} >= :minDays ORDER BY t.deadline, t.code, t.id`,
      { minDays },
    );
    return rows.map((r) => ({ ...r, overdueDays: num(r.overdueDays) }));
  }
}

const TASK_COLUMNS =
  `SELECT t.id AS id, t."planId" AS "planId", t."workItemId" AS "workItemId", t."parentId" AS "parentId", ` +
  `t.code AS code, t.title AS title, t."titleEn" AS "titleEn", t."leadUnitId" AS "leadUnitId", t.status AS status, ` +
  `t.progress AS progress, t."startDate" AS "startDate", t.deadline AS deadline, ` +
  `t."originalDeadline" AS "originalDeadline", t.recurrence AS recurrence FROM task t`;
