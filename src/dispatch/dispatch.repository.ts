// Every query on dispatch rounds and their scope (dispatch_round_unit, dispatch_round_task); the plans, units, tasks
// and reports a round is shown from are read through their own repositories. A round's scope is written in the
// transaction that opens it, by one INSERT … SELECT per link table (or, for ids given, a few hundred rows a
// statement). The round queries join the plan table
// in the same statement, only to leave out the rounds of a deleted plan.
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { dialectOf, insertRows, numbered } from '../database/sql';
import { Plan } from '../plans/plan.entity';
import { DispatchRound, type RoundStatus } from './dispatch-round.entity';

/** Rows a statement inserts at most when a round's scope is written. */
const BATCH = 300;

export interface RoundFilter {
  planId?: number;
  status?: RoundStatus;
  period?: string;
  /** The caller's list scope (src/access). */
  scope?: SqlScope | null;
  page: number;
  pageSize: number;
}

export interface ScopeLink {
  roundId: number;
  id: number;
}

export type NewRound = Omit<DispatchRound, 'id' | 'units' | 'tasks' | 'createdAt'>;

/** A round as a bulletin lists it: its period, title and due date, and the tasks in its scope. */
export interface RoundWithTasks {
  id: number;
  period: string;
  title: string;
  dueDate: string;
  taskIds: number[];
}

/** What a unit owes and has filed in a round, counted in SQL (the rules of round-status.ts, as aggregates). */
export interface UnitCounts {
  /** Tasks in scope the unit leads: one report expected on each. */
  expected: number;
  /** The unit's answering reports (any status but returned) on the tasks it leads. */
  received: number;
  /** Tasks it leads with at least one answering report. */
  receivedTasks: number;
  /** Answering reports on the tasks it leads filed after the due date. */
  late: number;
  /** Tasks in scope it supports (and does not lead). */
  supporting: number;
  /** Its answering reports on the tasks it supports. */
  contributions: number;
}

export interface RoundTaskFilter {
  /** Tasks this unit leads (`role` lead) or supports (`role` supporting). */
  unitId?: number;
  role?: 'lead' | 'supporting';
  /** Whether the lead unit has an answering report of the period on it. */
  reported?: boolean;
  page: number;
  pageSize: number;
}

export interface RoundTaskRow {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  leadUnitId: number;
}

/** The tasks a request to one unit lists: the first few it leads and supports, and how many there are of each. */
export interface RequestLines {
  led: RoundTaskRow[];
  ledCount: number;
  supported: RoundTaskRow[];
  supportedCount: number;
}

/** The tasks a unit still owes a report on in a round: the first few, and how many there are. */
export interface MissingTasks {
  count: number;
  tasks: RoundTaskRow[];
}

export interface LeadReportRow {
  id: number;
  taskId: number;
  filedOn: string;
}

/** The units leading or supporting a task in the scope of round $1, as "unitId". */
const INVOLVED =
  `SELECT t."leadUnitId" AS "unitId" FROM "dispatch_round_task" rt INNER JOIN "task" t ON t."id" = rt."taskId" ` +
  `WHERE rt."roundId" = $1 UNION SELECT s."unitId" AS "unitId" FROM "dispatch_round_task" rt ` +
  `INNER JOIN "task_supporting_unit" s ON s."taskId" = rt."taskId" WHERE rt."roundId" = $1`;

/** An answering report: any status but returned (退办). */
const ANSWERS = `r."status" <> 'returned'`;

@Injectable()
export class DispatchRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(DispatchRound);
  }

  // --- rounds ---

  roundFor(planId: number, period: string): Promise<DispatchRound | null> {
    return this.repo.findOneBy({ planId, period });
  }

  findById(id: number): Promise<DispatchRound | null> {
    return this.repo.findOneBy({ id });
  }

  /** The round, unless its plan was deleted (loaded again with --replace). */
  findShown(id: number): Promise<DispatchRound | null> {
    return this.repo
      .createQueryBuilder('r')
      .innerJoin(Plan, 'p', 'p.id = r.planId')
      .where('r.id = :id', { id })
      .getOne();
  }

  page(filter: RoundFilter): Promise<[DispatchRound[], number]> {
    const qb = this.repo
      .createQueryBuilder('r')
      // rounds of a plan that was deleted are not shown
      .innerJoin(Plan, 'p', 'p.id = r.planId')
      .orderBy('r.period', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize);
    if (filter.scope) qb.andWhere(filter.scope.where, filter.scope.params);
    if (filter.planId) qb.andWhere('r.planId = :planId', { planId: filter.planId });
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.period) qb.andWhere('r.period = :period', { period: filter.period });
    return qb.getManyAndCount();
  }

  /** Open rounds with their plan (rounds of a deleted plan are left out). */
  openRoundsWithPlan(): Promise<(DispatchRound & { plan: Plan })[]> {
    return this.repo
      .createQueryBuilder('r')
      .innerJoinAndMapOne('r.plan', Plan, 'p', 'p.id = r.planId')
      .where('r.status = :open', { open: 'open' })
      .orderBy('r.id', 'ASC')
      .getMany() as Promise<(DispatchRound & { plan: Plan })[]>;
  }

  /** Writes the round alone; its scope follows (insertTaskScope, insertUnitScope). */
  async insertRound(round: NewRound): Promise<DispatchRound> {
    return this.repo.save(this.repo.create(round));
  }

  private async run(sql: string, params: unknown[]): Promise<void> {
    await this.txHost.tx.query(numbered(dialectOf(this.txHost.tx), sql), params);
  }

  private async scopeCount(table: string, roundId: number): Promise<number> {
    const [row] = (await this.txHost.tx.query(
      numbered(dialectOf(this.txHost.tx), `SELECT COUNT(*) AS "n" FROM "${table}" WHERE "roundId" = $1`),
      [roundId],
    )) as { n: number | string }[];
    return Number(row.n);
  }

  /**
   * Writes the round's tasks in one statement from the plan's open tasks, sub-tasks included (a unit that leads
   * only sub-tasks owes reports on them), those a unit of `unitIds` leads or supports when given; or the tasks
   * given by id; how many there are.
   */
  async insertTaskScope(
    roundId: number,
    scope: { planId: number; statuses: readonly string[]; unitIds?: number[] } | { taskIds: number[] },
  ): Promise<number> {
    if ('taskIds' in scope) {
      const rows = [...new Set(scope.taskIds)].sort((a, b) => a - b).map((taskId) => [roundId, taskId]);
      await insertRows(this.txHost.tx, 'dispatch_round_task', ['roundId', 'taskId'], rows, BATCH);
      return rows.length;
    }
    const params: unknown[] = [roundId, scope.planId, ...scope.statuses];
    const statuses = scope.statuses.map((_, i) => `$${i + 3}`).join(', ');
    let involving = '';
    if (scope.unitIds) {
      const units = scope.unitIds.map((id) => `$${params.push(id)}`).join(', ');
      involving =
        ` AND (t."leadUnitId" IN (${units}) OR EXISTS (SELECT 1 FROM "task_supporting_unit" s ` +
        `WHERE s."taskId" = t."id" AND s."unitId" IN (${units})))`;
    }
    await this.run(
      `INSERT INTO "dispatch_round_task" ("roundId", "taskId") SELECT CAST($1 AS integer), t."id" FROM "task" t ` +
        `WHERE t."planId" = $2 AND t."status" IN (${statuses})${involving} ORDER BY t."id"`,
      params,
    );
    return this.scopeCount('dispatch_round_task', roundId);
  }

  /** The units leading or supporting a task in the round's scope, in id order. */
  async involvedUnitIds(roundId: number): Promise<number[]> {
    const rows = (await this.txHost.tx.query(numbered(dialectOf(this.txHost.tx), `${INVOLVED} ORDER BY 1`), [
      roundId,
    ])) as { unitId: number | string }[];
    return rows.map((r) => Number(r.unitId));
  }

  /**
   * Writes the round's units: those given, or in one statement the active units leading or supporting a task in
   * its scope; how many there are.
   */
  async insertUnitScope(roundId: number, unitIds?: number[]): Promise<number> {
    if (unitIds) {
      const rows = [...new Set(unitIds)].sort((a, b) => a - b).map((unitId) => [roundId, unitId]);
      await insertRows(this.txHost.tx, 'dispatch_round_unit', ['roundId', 'unitId'], rows, BATCH);
      return rows.length;
    }
    await this.run(
      `INSERT INTO "dispatch_round_unit" ("roundId", "unitId") SELECT CAST($1 AS integer), u."id" FROM "unit" u ` +
        `WHERE u."active" = $2 AND u."id" IN (SELECT x."unitId" FROM (${INVOLVED}) x) ORDER BY u."id"`,
      [roundId, true],
    );
    return this.scopeCount('dispatch_round_unit', roundId);
  }

  /**
   * What the request to each unit of the round lists: the first `limit` tasks in scope it leads and those it
   * supports (and does not lead), in id order, with how many there are of each; one grouped query.
   */
  async requestLines(roundId: number, limit: number): Promise<Map<number, RequestLines>> {
    const ranked = (unit: string, join: string) =>
      `SELECT t."id" AS "id", t."code" AS "code", t."title" AS "title", t."titleEn" AS "titleEn", ` +
      `t."leadUnitId" AS "leadUnitId", ${unit} AS "unitId", ` +
      `ROW_NUMBER() OVER (PARTITION BY ${unit} ORDER BY t."id") AS "n", COUNT(*) OVER (PARTITION BY ${unit}) AS "total" ` +
      `FROM "dispatch_round_task" rt INNER JOIN "task" t ON t."id" = rt."taskId"${join} WHERE rt."roundId" = $1`;
    const rows = (await this.txHost.tx.query(
      numbered(
        dialectOf(this.txHost.tx),
        `SELECT x.*, 1 AS "led" FROM (${ranked('t."leadUnitId"', '')}) x WHERE x."n" <= $2 ` +
          `UNION ALL SELECT y.*, 0 AS "led" FROM (${ranked(
            's."unitId"',
            ` INNER JOIN "task_supporting_unit" s ON s."taskId" = t."id" AND s."unitId" <> t."leadUnitId"`,
          )}) y WHERE y."n" <= $2 ORDER BY 6, 9, 1`,
      ),
      [roundId, limit],
    )) as (Record<'id' | 'leadUnitId' | 'unitId' | 'total' | 'led', number | string> & {
      code: string;
      title: string;
      titleEn: string | null;
    })[];
    const out = new Map<number, RequestLines>();
    for (const r of rows) {
      const unitId = Number(r.unitId);
      let lines = out.get(unitId);
      if (!lines) out.set(unitId, (lines = { led: [], ledCount: 0, supported: [], supportedCount: 0 }));
      const task = {
        id: Number(r.id),
        code: r.code,
        title: r.title,
        titleEn: r.titleEn,
        leadUnitId: Number(r.leadUnitId),
      };
      if (Number(r.led)) {
        lines.led.push(task);
        lines.ledCount = Number(r.total);
      } else {
        lines.supported.push(task);
        lines.supportedCount = Number(r.total);
      }
    }
    return out;
  }

  /** Closes an open round; false when it was not open any more. */
  async close(id: number, closedAt: Date): Promise<boolean> {
    const result = await this.repo.update({ id, status: 'open' }, { status: 'closed', closedAt });
    return (result.affected ?? 0) > 0;
  }

  /** The units and the tasks in scope of each round, as (roundId, id) pairs. */
  async scopeLinks(
    roundIds: number[],
    what: { tasks: boolean } = { tasks: true },
  ): Promise<{ units: ScopeLink[]; tasks: ScopeLink[] }> {
    const links = async (table: string, column: string) =>
      (
        await this.txHost.tx
          .createQueryBuilder()
          .select('x."roundId"', 'roundId')
          .addSelect(`x."${column}"`, 'id')
          .from(table, 'x')
          .where('x."roundId" IN (:...roundIds)', { roundIds })
          .getRawMany<{ roundId: number | string; id: number | string }>()
      ).map((row) => ({ roundId: Number(row.roundId), id: Number(row.id) }));
    if (!roundIds.length) return { units: [], tasks: [] };
    return {
      units: await links('dispatch_round_unit', 'unitId'),
      tasks: what.tasks ? await links('dispatch_round_task', 'taskId') : [],
    };
  }

  /** Deletes a round just written and its scope (its scope turned out empty: it is not opened after all). */
  async deleteUnopened(id: number): Promise<void> {
    for (const table of ['dispatch_round_unit', 'dispatch_round_task']) {
      await this.txHost.tx.createQueryBuilder().delete().from(table).where('"roundId" = :id', { id }).execute();
    }
    await this.repo.delete({ id });
  }

  /** Deletes the plan's rounds (the plan is being replaced; their scope rows go with them); their ids. */
  async deleteByPlan(planId: number): Promise<number[]> {
    const ids = (await this.repo.find({ select: { id: true }, where: { planId } })).map((r) => r.id);
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      for (const table of ['dispatch_round_unit', 'dispatch_round_task']) {
        await this.txHost.tx
          .createQueryBuilder()
          .delete()
          .from(table)
          .where('"roundId" IN (:...chunk)', { chunk })
          .execute();
      }
      await this.repo.delete({ id: In(chunk) });
    }
    return ids;
  }

  // --- counts and pages of a round's scope, in SQL ---

  /** Each unit's counts in each round, by round and unit; units with nothing to count are absent. */
  async unitCounts(roundIds: number[]): Promise<Map<number, Map<number, UnitCounts>>> {
    const out = new Map<number, Map<number, UnitCounts>>(roundIds.map((id) => [id, new Map()]));
    if (!roundIds.length) return out;
    const em = this.txHost.tx;
    const counts = (roundId: number, unitId: number): UnitCounts => {
      const byUnit = out.get(roundId) as Map<number, UnitCounts>;
      let c = byUnit.get(unitId);
      if (!c) {
        c = { expected: 0, received: 0, receivedTasks: 0, late: 0, supporting: 0, contributions: 0 };
        byUnit.set(unitId, c);
      }
      return c;
    };
    const led = await em
      .createQueryBuilder()
      .select('rt."roundId"', 'roundId')
      .addSelect('t."leadUnitId"', 'unitId')
      .addSelect('COUNT(*)', 'n')
      .from('dispatch_round_task', 'rt')
      .innerJoin('task', 't', 't.id = rt."taskId"')
      .where('rt."roundId" IN (:...roundIds)', { roundIds })
      .groupBy('rt."roundId"')
      .addGroupBy('t."leadUnitId"')
      .getRawMany<Record<string, string | number>>();
    for (const r of led) counts(Number(r.roundId), Number(r.unitId)).expected = Number(r.n);
    const supported = await em
      .createQueryBuilder()
      .select('rt."roundId"', 'roundId')
      .addSelect('s."unitId"', 'unitId')
      .addSelect('COUNT(DISTINCT rt."taskId")', 'n')
      .from('dispatch_round_task', 'rt')
      .innerJoin('task', 't', 't.id = rt."taskId"')
      .innerJoin('task_supporting_unit', 's', 's."taskId" = rt."taskId" AND s."unitId" <> t."leadUnitId"')
      .where('rt."roundId" IN (:...roundIds)', { roundIds })
      .groupBy('rt."roundId"')
      .addGroupBy('s."unitId"')
      .getRawMany<Record<string, string | number>>();
    for (const r of supported) counts(Number(r.roundId), Number(r.unitId)).supporting = Number(r.n);
    const isLead = 'r."unitId" = t."leadUnitId"';
    const supports =
      `r."unitId" <> t."leadUnitId" AND EXISTS (SELECT 1 FROM "task_supporting_unit" s ` +
      `WHERE s."taskId" = r."taskId" AND s."unitId" = r."unitId")`;
    const filed = await em
      .createQueryBuilder()
      .select('rt."roundId"', 'roundId')
      .addSelect('r."unitId"', 'unitId')
      .addSelect(`SUM(CASE WHEN ${isLead} THEN 1 ELSE 0 END)`, 'received')
      .addSelect(`COUNT(DISTINCT CASE WHEN ${isLead} THEN r."taskId" END)`, 'receivedTasks')
      .addSelect(`SUM(CASE WHEN ${isLead} AND r."filedOn" > d."dueDate" THEN 1 ELSE 0 END)`, 'late')
      .addSelect(`SUM(CASE WHEN ${supports} THEN 1 ELSE 0 END)`, 'contributions')
      .from('progress_report', 'r')
      .innerJoin('dispatch_round_task', 'rt', 'rt."taskId" = r."taskId"')
      .innerJoin('dispatch_round', 'd', 'd.id = rt."roundId" AND d.period = r.period')
      .innerJoin('task', 't', 't.id = r."taskId"')
      .where('rt."roundId" IN (:...roundIds)', { roundIds })
      .andWhere(ANSWERS)
      .groupBy('rt."roundId"')
      .addGroupBy('r."unitId"')
      .getRawMany<Record<string, string | number>>();
    for (const r of filed) {
      const c = counts(Number(r.roundId), Number(r.unitId));
      c.received = Number(r.received);
      c.receivedTasks = Number(r.receivedTasks);
      c.late = Number(r.late);
      c.contributions = Number(r.contributions);
    }
    return out;
  }

  /** The number of tasks in each round's scope. */
  async taskCounts(roundIds: number[]): Promise<Map<number, number>> {
    if (!roundIds.length) return new Map();
    const rows = await this.txHost.tx
      .createQueryBuilder()
      .select('rt."roundId"', 'roundId')
      .addSelect('COUNT(*)', 'n')
      .from('dispatch_round_task', 'rt')
      .where('rt."roundId" IN (:...roundIds)', { roundIds })
      .groupBy('rt."roundId"')
      .getRawMany<Record<string, string | number>>();
    return new Map(rows.map((r) => [Number(r.roundId), Number(r.n)]));
  }

  /** A page of the tasks in a round's scope, in id order, with the number matching over all pages. */
  async taskPage(round: DispatchRound, filter: RoundTaskFilter): Promise<[RoundTaskRow[], number]> {
    const qb = this.txHost.tx
      .createQueryBuilder()
      .from('dispatch_round_task', 'rt')
      .innerJoin('task', 't', 't.id = rt."taskId"')
      .where('rt."roundId" = :roundId', { roundId: round.id });
    if (filter.unitId !== undefined) {
      if (filter.role === 'supporting') {
        qb.andWhere(
          't."leadUnitId" <> :unitId AND EXISTS (SELECT 1 FROM "task_supporting_unit" s ' +
            'WHERE s."taskId" = t.id AND s."unitId" = :unitId)',
          { unitId: filter.unitId },
        );
      } else {
        qb.andWhere('t."leadUnitId" = :unitId', { unitId: filter.unitId });
      }
    }
    if (filter.reported !== undefined) {
      const exists =
        `EXISTS (SELECT 1 FROM "progress_report" r WHERE r."taskId" = t.id AND r."unitId" = t."leadUnitId" ` +
        `AND r.period = :period AND ${ANSWERS})`;
      qb.andWhere(filter.reported ? exists : `NOT ${exists}`, { period: round.period });
    }
    const count = await qb.clone().select('COUNT(*)', 'n').getRawOne<{ n: string | number }>();
    const rows = await qb
      .select('t.id', 'id')
      .addSelect('t.code', 'code')
      .addSelect('t.title', 'title')
      .addSelect('t."titleEn"', 'titleEn')
      .addSelect('t."leadUnitId"', 'leadUnitId')
      .orderBy('t.id', 'ASC')
      .offset((filter.page - 1) * filter.pageSize)
      .limit(filter.pageSize)
      .getRawMany<Record<string, string | number | null>>();
    return [
      rows.map((r) => ({
        id: Number(r.id),
        code: String(r.code),
        title: String(r.title),
        titleEn: r.titleEn === null ? null : String(r.titleEn),
        leadUnitId: Number(r.leadUnitId),
      })),
      Number(count?.n ?? 0),
    ];
  }

  /**
   * The tasks each unit of the round still owes a report on — it leads the task, the unit is in the round, and no
   * answering report of the period stands — the first `perUnit` per unit in id order with the count of all; units
   * limited to `unitIds` when given. One windowed query, whatever the size of the round.
   */
  async missingByUnit(
    round: DispatchRound,
    unitIds: number[] | null,
    perUnit: number,
  ): Promise<Map<number, MissingTasks>> {
    const out = new Map<number, MissingTasks>();
    if (unitIds && !unitIds.length) return out;
    const params: unknown[] = [round.id, round.period, perUnit];
    const only = unitIds ? ` AND t."leadUnitId" IN (${unitIds.map((id) => `$${params.push(id)}`).join(', ')})` : '';
    const rows = (await this.txHost.tx.query(
      numbered(
        dialectOf(this.txHost.tx),
        `SELECT x."unitId", x."id", x."code", x."title", x."titleEn", x."n" FROM (SELECT t."leadUnitId" AS "unitId", ` +
          `t."id" AS "id", t."code" AS "code", t."title" AS "title", t."titleEn" AS "titleEn", ` +
          `ROW_NUMBER() OVER (PARTITION BY t."leadUnitId" ORDER BY t."id") AS "rn", ` +
          `COUNT(*) OVER (PARTITION BY t."leadUnitId") AS "n" FROM "dispatch_round_task" rt ` +
          `INNER JOIN "task" t ON t."id" = rt."taskId" INNER JOIN "dispatch_round_unit" ru ` +
          `ON ru."roundId" = rt."roundId" AND ru."unitId" = t."leadUnitId" WHERE rt."roundId" = $1${only} ` +
          `AND NOT EXISTS (SELECT 1 FROM "progress_report" r WHERE r."taskId" = t."id" AND r."unitId" = t."leadUnitId" ` +
          `AND r."period" = $2 AND ${ANSWERS})) x WHERE x."rn" <= $3 ORDER BY x."unitId", x."rn"`,
      ),
      params,
    )) as (Record<'unitId' | 'id' | 'n', number | string> & { code: string; title: string; titleEn: string | null })[];
    for (const r of rows) {
      const unitId = Number(r.unitId);
      let m = out.get(unitId);
      if (!m) out.set(unitId, (m = { count: Number(r.n), tasks: [] }));
      m.tasks.push({ id: Number(r.id), code: r.code, title: r.title, titleEn: r.titleEn, leadUnitId: unitId });
    }
    return out;
  }

  /** The lead units' answering reports of the round's period on these tasks, in id order. */
  async leadReportsOn(round: DispatchRound, taskIds: number[]): Promise<LeadReportRow[]> {
    if (!taskIds.length) return [];
    const rows = await this.txHost.tx
      .createQueryBuilder()
      .select('r.id', 'id')
      .addSelect('r."taskId"', 'taskId')
      .addSelect('r."filedOn"', 'filedOn')
      .from('progress_report', 'r')
      .innerJoin('task', 't', 't.id = r."taskId" AND t."leadUnitId" = r."unitId"')
      .where('r."taskId" IN (:...taskIds) AND r.period = :period', { taskIds, period: round.period })
      .andWhere(ANSWERS)
      .orderBy('r.id', 'ASC')
      .getRawMany<Record<string, string | number>>();
    return rows.map((r) => ({ id: Number(r.id), taskId: Number(r.taskId), filedOn: String(r.filedOn) }));
  }

  /** The unit's answering reports on the tasks it leads in the round, filed after the due date: the first `limit`. */
  async lateReportsOf(round: DispatchRound, unitId: number, limit: number): Promise<LeadReportRow[]> {
    const rows = await this.txHost.tx
      .createQueryBuilder()
      .select('r.id', 'id')
      .addSelect('r."taskId"', 'taskId')
      .addSelect('r."filedOn"', 'filedOn')
      .from('progress_report', 'r')
      .innerJoin('dispatch_round_task', 'rt', 'rt."taskId" = r."taskId" AND rt."roundId" = :roundId', {
        roundId: round.id,
      })
      .innerJoin('task', 't', 't.id = r."taskId" AND t."leadUnitId" = r."unitId"')
      .where('r."unitId" = :unitId AND r.period = :period AND r."filedOn" > :due', {
        unitId,
        period: round.period,
        due: round.dueDate,
      })
      .andWhere(ANSWERS)
      .orderBy('r.id', 'ASC')
      .limit(limit)
      .getRawMany<Record<string, string | number>>();
    return rows.map((r) => ({ id: Number(r.id), taskId: Number(r.taskId), filedOn: String(r.filedOn) }));
  }

  /** The supporting units of these tasks, by task, in id order. */
  async supportingUnitsOf(taskIds: number[]): Promise<Map<number, number[]>> {
    const out = new Map<number, number[]>(taskIds.map((id) => [id, []]));
    if (!taskIds.length) return out;
    const rows = await this.txHost.tx
      .createQueryBuilder()
      .select('s."taskId"', 'taskId')
      .addSelect('s."unitId"', 'unitId')
      .from('task_supporting_unit', 's')
      .where('s."taskId" IN (:...taskIds)', { taskIds })
      .orderBy('s."unitId"', 'ASC')
      .getRawMany<Record<string, string | number>>();
    for (const r of rows) out.get(Number(r.taskId))?.push(Number(r.unitId));
    return out;
  }

  // --- read by dispatch, bulletins and the dashboard ---

  /** The plan's dispatch rounds due in the period, with the tasks in their scope, by due date. */
  async dueBetweenWithTasks(planId: number, periodStart: string, periodEnd: string): Promise<RoundWithTasks[]> {
    const em = this.txHost.tx;
    const rounds = await em
      .createQueryBuilder(DispatchRound, 'd')
      .select(['d.id', 'd.period', 'd.title', 'd.dueDate'])
      .where('d.planId = :planId AND d.dueDate >= :periodStart AND d.dueDate <= :periodEnd', {
        planId,
        periodStart,
        periodEnd,
      })
      .orderBy('d.dueDate', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    if (!rounds.length) return [];
    const scope: { roundId: number | string; taskId: number | string }[] = await em
      .createQueryBuilder()
      .select(['rt."roundId" AS "roundId"', 'rt."taskId" AS "taskId"'])
      .from('dispatch_round_task', 'rt')
      .where('rt."roundId" IN (:...ids)', { ids: rounds.map((r) => r.id) })
      .getRawMany();
    return rounds.map((r) => ({
      id: r.id,
      period: r.period,
      title: r.title,
      dueDate: r.dueDate,
      taskIds: scope.filter((s) => Number(s.roundId) === r.id).map((s) => Number(s.taskId)),
    }));
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  /** Id, title, period and due date of the open rounds, soonest due first. */
  openRoundBriefs(): Promise<DispatchRound[]> {
    return this.repo.find({
      select: { id: true, title: true, period: true, dueDate: true },
      where: { status: 'open' },
      order: { dueDate: 'ASC', id: 'ASC' },
    });
  }
}
