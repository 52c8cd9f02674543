// The figures of a bulletin counted in the database: grouped queries over the plan's counted tasks (counted-tasks.ts) with the derived state
// as SQL (task-state.sql.ts), each group keeping the first ids by id through a window, so neither the answer nor the
// memory grows with the plan. The same figures as figuresOf (bulletin-snapshot.ts) computes from rows in memory.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { OPEN_COORDINATION_PARAMS, openCoordinationSql } from '../reports/open-coordination';
import { countedTaskSql } from '../tasks/counted-tasks';
import { TaskStateSqlFactory } from '../tasks/task-state-sql.factory';
import { TASK_STATUSES, type TaskStatus } from '../tasks/task.entity';
import {
  mergeCounts,
  snapshotAsOf,
  type ClosedRow,
  type ColourKey,
  type CoordinationRow,
  type ExpectationFigures,
  type OverdueRow,
  type SnapshotFigures,
  type TaskCount,
  type UnitGradeFigures,
  type WorkItemFigures,
} from './bulletin-snapshot';

export interface FiguresRequest {
  planId: number;
  periodStart: string;
  periodEnd: string;
  generatedOn: string;
  maxListed: number;
}

/** A group of tasks: its key columns, how many, the first ids and the sum of their progress. */
interface Cell {
  key: Record<string, string | number>;
  count: TaskCount;
  progress: number;
}

type Row = Record<string, unknown>;
const num = (v: unknown) => Number(v);
const str = (v: unknown) => String(v);
/** The grouping keys that are text; the others are integers (typed NULLs line up a UNION on PostgreSQL). */
const TEXT_KEYS = new Set(['status', 'colour']);
const strOrNull = (v: unknown) => (v === null || v === undefined ? null : String(v));

@Injectable()
export class BulletinFiguresRepository {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly stateSql: TaskStateSqlFactory,
  ) {}

  private async query(sql: string, params: Record<string, unknown>): Promise<Row[]> {
    const em = this.txHost.tx;
    const [q, p] = em.connection.driver.escapeQueryWithParameters(sql, params, {});
    return (await em.query(q, p)) as Row[];
  }

  async figures(req: FiguresRequest): Promise<SnapshotFigures> {
    const { planId, periodStart, periodEnd, maxListed: max } = req;
    const asOf = snapshotAsOf(req.generatedOn, periodEnd);
    const s = this.stateSql.forDay(asOf, 't');
    // Each task of the plan once, with what the figures group it by.
    const graded =
      `SELECT t.id AS id, t."workItemId" AS "wi", t."leadUnitId" AS "unit", t.status AS status, t.progress AS progress, ` +
      `COALESCE(${s.colour}, 'none') AS colour, CASE WHEN ${s.overdue} THEN 1 ELSE 0 END AS od, ` +
      `CASE WHEN t."closedOn" <= t.deadline THEN 1 ELSE 0 END AS "onTime", ` +
      `CASE WHEN t.deadline <> t."originalDeadline" THEN 1 ELSE 0 END AS replanned, t."closedOn" AS "closedOn" ` +
      `FROM task t WHERE t."planId" = :planId AND ${countedTaskSql('t')}`;
    const params = { planId, periodStart, periodEnd, asOf, max };
    /**
     * Groups of the graded tasks, one list of cells per (keys, condition), all in one statement: the tasks are
     * graded once (a MATERIALIZED common table), not once per grouping — grading every task, its colour through
     * the calendar, is most of a bulletin's time at 100,000 tasks.
     */
    const cellsOf = async (groups: { keys: string[]; where: string; ids?: false }[]): Promise<Cell[][]> => {
      const all = [...new Set(groups.flatMap((g) => g.keys))];
      const parts = groups.map(({ keys, where, ids }, i) => {
        const k = keys.map((c) => `g."${c}"`).join(', ');
        const columns = (from: string) =>
          all
            .map(
              (c) =>
                (keys.includes(c) ? `${from}."${c}"` : `CAST(NULL AS ${TEXT_KEYS.has(c) ? 'text' : 'integer'})`) +
                ` AS "${c}"`,
            )
            .join(', ');
        // a count without ids is a plain grouping, far cheaper than the windows
        if (ids === false)
          return (
            `SELECT ${i} AS q, ${columns('g')}, CAST(NULL AS integer) AS id, COUNT(*) AS n, SUM(g.progress) AS p ` +
            `FROM g WHERE ${where} GROUP BY ${k}`
          );
        return (
          `SELECT ${i} AS q, ${columns('x')}, ` +
          `x.id, x.n, x.p FROM (` +
          `SELECT ${k}, g.id, ROW_NUMBER() OVER (PARTITION BY ${k} ORDER BY g.id) AS rn, ` +
          `COUNT(*) OVER (PARTITION BY ${k}) AS n, SUM(g.progress) OVER (PARTITION BY ${k}) AS p ` +
          `FROM g WHERE ${where}) x WHERE x.rn <= :max`
        );
      });
      const rows = await this.query(
        `WITH g AS MATERIALIZED (${graded}) ${parts.join(' UNION ALL ')} ORDER BY 1, ${all.length + 2}`,
        params,
      );
      return groups.map(({ keys }, i) => {
        const out = new Map<string, Cell>();
        for (const r of rows) {
          if (num(r.q) !== i) continue;
          const key = Object.fromEntries(keys.map((c) => [c, typeof r[c] === 'string' ? str(r[c]) : num(r[c])]));
          const id = JSON.stringify(keys.map((c) => key[c]));
          let cell = out.get(id);
          if (!cell) out.set(id, (cell = { key, count: { count: num(r.n), taskIds: [] }, progress: num(r.p) }));
          if (r.id !== null) cell.count.taskIds.push(num(r.id));
        }
        return [...out.values()];
      });
    };
    const sum = (list: Cell[], pick: (c: Cell) => boolean = () => true) =>
      mergeCounts(
        list.filter(pick).map((c) => c.count),
        max,
      );
    const colours = (list: Cell[]) => ({
      red: sum(list, (c) => c.key.colour === 'red'),
      yellow: sum(list, (c) => c.key.colour === 'yellow'),
      blue: sum(list, (c) => c.key.colour === 'blue'),
    });
    const groupBy = (list: Cell[], key: string) => {
      const out = new Map<number, Cell[]>();
      for (const c of list) {
        const k = c.key[key] as number;
        const found = out.get(k);
        if (found) found.push(c);
        else out.set(k, [c]);
      }
      return out;
    };
    const quoted = (list: string[]) => list.map((x) => `'${x}'`).join(', ');
    const openWhere = `g.status NOT IN (${quoted(['closed', 'cancelled', 'draft'])})`;
    const closedWhere = `g.status = 'closed' AND g."closedOn" IS NOT NULL`;

    const inPeriod = `${closedWhere} AND g."closedOn" >= :periodStart AND g."closedOn" <= :periodEnd`;
    const [byWorkItem, byUnit, closedSoFar, closedCells, led] = await cellsOf([
      { keys: ['wi', 'status', 'colour', 'od'], where: '1 = 1' },
      { keys: ['unit', 'colour', 'od'], where: openWhere },
      { keys: ['unit', 'onTime'], where: `${closedWhere} AND g."closedOn" <= :asOf` },
      { keys: ['onTime', 'replanned'], where: inPeriod },
      { keys: ['unit'], where: '1 = 1', ids: false },
    ]);
    // the plan's figures merge the work items' cells: the first ids of a union are among its parts' first ids
    const isOpen = (c: Cell) => !['closed', 'cancelled', 'draft'].includes(c.key.status as string);
    const summary = {
      tasks: sum(byWorkItem),
      open: sum(byWorkItem, isOpen),
      overdue: sum(byWorkItem, (c) => c.key.od === 1),
      ...colours(byWorkItem),
    };

    const workItems = new Map<number, WorkItemFigures>();
    for (const [wi, list] of groupBy(byWorkItem, 'wi')) {
      const live = list.filter((c) => c.key.status !== 'cancelled');
      workItems.set(wi, {
        tasks: sum(list),
        byStatus: Object.fromEntries(TASK_STATUSES.map((st) => [st, sum(list, (c) => c.key.status === st)])) as Record<
          TaskStatus,
          TaskCount
        >,
        byColour: { ...colours(list), none: sum(list, (c) => c.key.colour === 'none') } as Record<ColourKey, TaskCount>,
        overdue: sum(list, (c) => c.key.od === 1),
        live: sum(live),
        liveProgress: live.reduce((n, c) => n + c.progress, 0),
      });
    }

    const unitGrades = new Map<number, UnitGradeFigures>();
    for (const [unit, list] of groupBy(byUnit, 'unit')) {
      unitGrades.set(unit, { open: sum(list), overdue: sum(list, (c) => c.key.od === 1), ...colours(list) });
    }

    const closing = new Map<number, { closed: TaskCount; onTime: TaskCount }>();
    for (const [unit, list] of groupBy(closedSoFar, 'unit')) {
      closing.set(unit, { closed: sum(list), onTime: sum(list, (c) => c.key.onTime === 1) });
    }

    const taskColumns =
      `t.id AS id, t.code AS code, t.title AS title, t."titleEn" AS "titleEn", t."workItemId" AS "workItemId", ` +
      `t."leadUnitId" AS "leadUnitId", t.status AS status, t.progress AS progress, t.deadline AS deadline, ` +
      `t."originalDeadline" AS "originalDeadline", t."closedOn" AS "closedOn"`;
    const closedRows: ClosedRow[] = (
      await this.query(
        `SELECT ${taskColumns} FROM task t WHERE t."planId" = :planId AND t.status = 'closed' AND t."closedOn" IS NOT NULL ` +
          `AND t."closedOn" >= :periodStart AND t."closedOn" <= :periodEnd ORDER BY t."closedOn", t.code LIMIT :max`,
        params,
      )
    ).map((r) => ({
      id: num(r.id),
      code: str(r.code),
      title: str(r.title),
      titleEn: strOrNull(r.titleEn),
      workItemId: num(r.workItemId),
      leadUnitId: num(r.leadUnitId),
      closedOn: str(r.closedOn),
      deadline: str(r.deadline),
      originalDeadline: str(r.originalDeadline),
    }));

    const overdue: OverdueRow[] = (
      await this.query(
        `SELECT ${taskColumns}, ${s.workingDaysLeft} AS "workingDaysLeft" FROM task t ` +
          `WHERE t."planId" = :planId AND ${s.overdue} ORDER BY t.deadline, t.code LIMIT :max`,
        params,
      )
    ).map((r) => ({
      id: num(r.id),
      code: str(r.code),
      title: str(r.title),
      titleEn: strOrNull(r.titleEn),
      leadUnitId: num(r.leadUnitId),
      status: str(r.status) as TaskStatus,
      deadline: str(r.deadline),
      progress: num(r.progress),
      workingDaysLeft: num(r.workingDaysLeft),
    }));

    const ledTasks = new Map(led.map((c) => [c.key.unit as number, c.count.count]));

    return {
      maxListed: max,
      summary,
      workItems,
      unitGrades,
      closing,
      ledTasks,
      closed: {
        rows: closedRows,
        total: sum(closedCells),
        onTime: sum(closedCells, (c) => c.key.onTime === 1),
        replanned: sum(closedCells, (c) => c.key.replanned === 1),
      },
      overdue,
      rounds: await this.rounds(planId, periodStart, periodEnd, asOf, max),
      coordination: await this.coordination(planId, asOf, max),
    };
  }

  /** The rounds due in the period by asOf, and per lead unit the reports expected, answered on time, late or not. */
  private async rounds(
    planId: number,
    periodStart: string,
    periodEnd: string,
    asOf: string,
    max: number,
  ): Promise<SnapshotFigures['rounds']> {
    const rounds = await this.query(
      `SELECT d.id AS id, d.period AS period, d.title AS title, d."dueDate" AS "dueDate" FROM dispatch_round d ` +
        `WHERE d."planId" = :planId AND d."dueDate" >= :periodStart AND d."dueDate" <= :periodEnd AND d."dueDate" <= :asOf ` +
        `ORDER BY d."dueDate", d.id`,
      { planId, periodStart, periodEnd, asOf },
    );
    const out: SnapshotFigures['rounds'] = [];
    for (const r of rounds) {
      const round = { id: num(r.id), period: str(r.period), title: str(r.title), dueDate: str(r.dueDate) };
      // The first standing report of the lead unit for the round's period answers each expected report.
      const first =
        `SELECT r.id FROM progress_report r WHERE r."taskId" = t.id AND r."unitId" = t."leadUnitId" ` +
        `AND r.period = :period AND r.status <> 'returned' ORDER BY r."filedOn", r.id LIMIT 1`;
      const expectations =
        `SELECT t."leadUnitId" AS unit, t.id AS "taskId", fr.id AS "reportId", ` +
        `CASE WHEN fr.id IS NULL THEN 'missing' WHEN fr."filedOn" <= :due THEN 'onTime' ELSE 'late' END AS state ` +
        `FROM dispatch_round_task rt JOIN task t ON t.id = rt."taskId" ` +
        `LEFT JOIN progress_report fr ON fr.id = (${first}) ` +
        `WHERE rt."roundId" = :roundId AND t."planId" = :planId AND t.status NOT IN ('draft', 'cancelled') ` +
        `AND NOT (t.status = 'closed' AND t."closedOn" IS NOT NULL AND t."closedOn" <= :due)`;
      const rows = await this.query(
        `SELECT x.unit, x.state, x."taskId", x."reportId", x.n FROM (SELECT e.*, ` +
          `ROW_NUMBER() OVER (PARTITION BY e.unit, e.state ORDER BY e."taskId") AS rn, ` +
          `COUNT(*) OVER (PARTITION BY e.unit, e.state) AS n FROM (${expectations}) e) x ` +
          `WHERE x.rn <= :max ORDER BY x."taskId"`,
        { planId, roundId: round.id, period: round.period, due: round.dueDate, max },
      );
      const byUnit = new Map<number, Record<string, { n: number; taskIds: number[]; reportIds: number[] }>>();
      for (const row of rows) {
        const unit = num(row.unit);
        let states = byUnit.get(unit);
        if (!states) byUnit.set(unit, (states = {}));
        const state = (states[str(row.state)] ??= { n: num(row.n), taskIds: [], reportIds: [] });
        state.taskIds.push(num(row.taskId));
        if (row.reportId !== null) state.reportIds.push(num(row.reportId));
      }
      const units = new Map<number, ExpectationFigures>();
      const sorted = (ids: number[]) => [...ids].sort((a, b) => a - b);
      for (const [unit, st] of byUnit) {
        const part = (name: string) => st[name] ?? { n: 0, taskIds: [], reportIds: [] };
        const asCount = (name: string): TaskCount => ({ count: part(name).n, taskIds: part(name).taskIds });
        units.set(unit, {
          expected: mergeCounts(['missing', 'onTime', 'late'].map(asCount), max),
          missing: asCount('missing'),
          late: { count: part('late').n, taskIds: part('late').taskIds, reportIds: sorted(part('late').reportIds) },
          onTime: { count: part('onTime').n, reportIds: sorted(part('onTime').reportIds) },
        });
      }
      out.push({ round, units });
    }
    return out;
  }

  /** The coordination requests open on asOf (open-coordination.ts): the first by date, the count and the first ids. */
  private async coordination(planId: number, asOf: string, max: number): Promise<SnapshotFigures['coordination']> {
    const from =
      `FROM progress_report r JOIN task t ON t.id = r."taskId" WHERE t."planId" = :planId ` +
      `AND ${openCoordinationSql('r', 't', ':asOf')}`;
    const params = { planId, asOf, max, ...OPEN_COORDINATION_PARAMS };
    // the first by date with the count of all (the window counts before the limit)
    const listed = await this.query(
      `SELECT r.id AS id, r."taskId" AS "taskId", r."unitId" AS "unitId", r.period AS period, r."filedOn" AS "filedOn", ` +
        `r.status AS status, r.problems AS problems, r.text AS text, r."nextSteps" AS "nextSteps", ` +
        `t.code AS code, t.title AS title, t."titleEn" AS "titleEn", COUNT(*) OVER () AS n ${from} ` +
        `ORDER BY r."filedOn", r.id LIMIT :max`,
      params,
    );
    const rows: CoordinationRow[] = listed.map((r) => ({
      id: num(r.id),
      taskId: num(r.taskId),
      unitId: num(r.unitId),
      period: str(r.period),
      filedOn: str(r.filedOn),
      status: str(r.status) as CoordinationRow['status'],
      needsCoordination: true,
      problems: str(r.problems),
      text: str(r.text),
      nextSteps: str(r.nextSteps),
      task: { taskId: num(r.taskId), code: str(r.code), title: str(r.title), titleEn: strOrNull(r.titleEn) },
    }));
    const ids = await this.query(`SELECT r.id AS id ${from} ORDER BY r.id LIMIT :max`, params);
    return { rows, count: listed.length ? num(listed[0].n) : 0, reportIds: ids.map((r) => num(r.id)) };
  }
}
