// The assessment's figures counted in the database, read-only over the tasks, reports, dispatch rounds and the
// working-day calendar (as the bulletin's figures are): each kind one grouped query for the ranking, and the same
// rows one by one for a single unit's list of events. Nothing here loads every task.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { dateLiteral, ordinalOf } from '../calendar/calendar-sql';
import { addDays } from '../common/dates';
import { dialectOf, type Dialect } from '../database/sql';
import { OPEN_STATUSES } from '../tasks/status-machine';

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v ?? 0);
const str = (v: unknown) => String(v);

/** Reports filed in the window, grouped by what decides whether they were on time. */
export interface ReportGroup {
  unitId: number;
  period: string;
  /** The due date of the dispatch round the report answers; null when it answers none. */
  roundDue: string | null;
  filedOn: string;
  count: number;
}

export interface ReportRow {
  id: number;
  unitId: number;
  taskId: number;
  code: string;
  period: string;
  roundDue: string | null;
  filedOn: string;
}

export interface TaskCountRow {
  unitId: number;
  events: number;
  quantity: number;
}

export interface OverdueTaskRow {
  id: number;
  unitId: number;
  code: string;
  deadline: string;
  closedOn: string | null;
  days: number;
}

export interface ClosedTaskRow {
  id: number;
  unitId: number;
  code: string;
  deadline: string;
  closedOn: string;
}

@Injectable()
export class AssessmentFiguresRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get dialect(): Dialect {
    return dialectOf(this.txHost.tx);
  }

  private async query(sql: string, params: Record<string, unknown>): Promise<Row[]> {
    const em = this.txHost.tx;
    const [q, p] = em.connection.driver.escapeQueryWithParameters(sql, params, {});
    return (await em.query(q, p)) as Row[];
  }

  private reportsSql(grouped: boolean, unitId?: number): string {
    const where =
      `WHERE r."status" <> 'returned' AND r."filedOn" >= :from AND r."filedOn" <= :to` +
      (unitId !== undefined ? ` AND r."unitId" = :unitId` : '');
    const from = `FROM "progress_report" r LEFT JOIN "dispatch_round" d ON d."id" = r."dispatchRoundId"`;
    return grouped
      ? `SELECT r."unitId" AS "unitId", r."period" AS "period", d."dueDate" AS "roundDue", r."filedOn" AS "filedOn", ` +
          `COUNT(*) AS "n" ${from} ${where} GROUP BY r."unitId", r."period", d."dueDate", r."filedOn"`
      : `SELECT r."id" AS "id", r."unitId" AS "unitId", r."taskId" AS "taskId", t."code" AS "code", ` +
          `r."period" AS "period", d."dueDate" AS "roundDue", r."filedOn" AS "filedOn" ${from} ` +
          `JOIN "task" t ON t."id" = r."taskId" ${where} ORDER BY r."filedOn", r."id"`;
  }

  /** Reports filed from `from` to `to`, grouped by unit, period, round due date and filing day (a few rows a unit). */
  async reportGroups(from: string, to: string): Promise<ReportGroup[]> {
    const rows = await this.query(this.reportsSql(true), { from, to });
    return rows.map((r) => ({
      unitId: num(r.unitId),
      period: str(r.period),
      roundDue: r.roundDue === null || r.roundDue === undefined ? null : str(r.roundDue),
      filedOn: str(r.filedOn),
      count: num(r.n),
    }));
  }

  async reportsOf(unitId: number | undefined, from: string, to: string): Promise<ReportRow[]> {
    const rows = await this.query(this.reportsSql(false, unitId), { from, to, unitId });
    return rows.map((r) => ({
      id: num(r.id),
      unitId: num(r.unitId),
      taskId: num(r.taskId),
      code: str(r.code),
      period: str(r.period),
      roundDue: r.roundDue === null || r.roundDue === undefined ? null : str(r.roundDue),
      filedOn: str(r.filedOn),
    }));
  }

  /**
   * The working days each task a unit leads stood overdue within [from, to] (up to `asOf`): from the day after its
   * deadline to the day before it was closed, counted through the calendar's working-day ordinals, so each task is
   * one row however long the period.
   */
  private overdueSql(asOf: string, from: string, to: string, unitId?: number): string | null {
    const cap = to < asOf ? to : asOf;
    if (cap < from) return null;
    const d = this.dialect;
    const capLit = dateLiteral(d, cap);
    const beforeFrom = dateLiteral(d, addDays(from, -1));
    const open = OPEN_STATUSES.map((s) => `'${s}'`).join(', ');
    const endOrd =
      `(CASE WHEN t."closedOn" IS NOT NULL AND t."closedOn" <= ${capLit} ` +
      `THEN ${ordinalOf('t."closedOn"')} - (SELECT cw."working" FROM "calendar_day" cw WHERE cw."date" = t."closedOn") ` +
      `ELSE ${ordinalOf(capLit)} END)`;
    const startOrd = `(CASE WHEN t."deadline" >= ${beforeFrom} THEN ${ordinalOf('t."deadline"')} ELSE ${ordinalOf(beforeFrom)} END)`;
    return (
      `SELECT t."id" AS "id", t."leadUnitId" AS "unitId", t."code" AS "code", t."deadline" AS "deadline", ` +
      `t."closedOn" AS "closedOn", ${endOrd} - ${startOrd} AS "days" FROM "task" t ` +
      `WHERE t."deadline" < ${capLit} AND (t."status" IN (${open}) OR (t."status" = 'closed' AND t."closedOn" IS NOT NULL ` +
      `AND t."closedOn" > t."deadline" AND t."closedOn" > ${dateLiteral(d, from)}))` +
      (unitId !== undefined ? ` AND t."leadUnitId" = :unitId` : '')
    );
  }

  async overdueTotals(asOf: string, from: string, to: string): Promise<TaskCountRow[]> {
    const inner = this.overdueSql(asOf, from, to);
    if (!inner) return [];
    const rows = await this.query(
      `SELECT x."unitId" AS "unitId", COUNT(*) AS "events", SUM(x."days") AS "quantity" FROM (${inner}) x ` +
        `WHERE x."days" > 0 GROUP BY x."unitId"`,
      {},
    );
    return rows.map((r) => ({ unitId: num(r.unitId), events: num(r.events), quantity: num(r.quantity) }));
  }

  async overdueTasks(asOf: string, from: string, to: string, unitId?: number): Promise<OverdueTaskRow[]> {
    const inner = this.overdueSql(asOf, from, to, unitId);
    if (!inner) return [];
    const rows = await this.query(`SELECT * FROM (${inner}) x WHERE x."days" > 0 ORDER BY x."id"`, { unitId });
    return rows.map((r) => ({
      id: num(r.id),
      unitId: num(r.unitId),
      code: str(r.code),
      deadline: str(r.deadline),
      closedOn: r.closedOn === null || r.closedOn === undefined ? null : str(r.closedOn),
      days: num(r.days),
    }));
  }

  private closedSql(unitId?: number): string {
    return (
      `FROM "task" t WHERE t."status" = 'closed' AND t."closedOn" >= :from AND t."closedOn" <= :to ` +
      `AND t."closedOn" <= t."deadline"` +
      (unitId !== undefined ? ` AND t."leadUnitId" = :unitId` : '')
    );
  }

  /** Tasks closed within [from, to] by their deadline, per lead unit. */
  async closedOnTimeTotals(from: string, to: string): Promise<TaskCountRow[]> {
    const rows = await this.query(
      `SELECT t."leadUnitId" AS "unitId", COUNT(*) AS "events" ${this.closedSql()} GROUP BY t."leadUnitId"`,
      { from, to },
    );
    return rows.map((r) => ({ unitId: num(r.unitId), events: num(r.events), quantity: num(r.events) }));
  }

  async closedOnTime(from: string, to: string, unitId?: number): Promise<ClosedTaskRow[]> {
    const rows = await this.query(
      `SELECT t."id" AS "id", t."leadUnitId" AS "unitId", t."code" AS "code", t."deadline" AS "deadline", ` +
        `t."closedOn" AS "closedOn" ${this.closedSql(unitId)} ORDER BY t."closedOn", t."id"`,
      { from, to, unitId },
    );
    return rows.map((r) => ({
      id: num(r.id),
      unitId: num(r.unitId),
      code: str(r.code),
      deadline: str(r.deadline),
      closedOn: str(r.closedOn),
    }));
  }
}
