// The tasks table and its links (supporting units, indicators): the task list with its filters, sort and paging,
// a task with its relations, code allocation, and the writes of the tasks feature. Also the work item a task is
// filed under, read for the tasks feature's own checks.
import type { SqlScope } from '../access';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Brackets, type DeepPartial, In, type SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { DataVersion, VersionedCache } from '../database/data-version';
import {
  col,
  containsInsensitive,
  containsPattern,
  dialectOf,
  insertEntityRows,
  insertRows,
  preparedRead,
} from '../database/sql';
import type { Colour } from './grades';
import { countedTaskSql } from './counted-tasks';
import { OPEN_STATUSES } from './status-machine';
import type { TaskStateSql } from './task-state.sql';
import type { Priority, TaskStatus } from './task.entity';
import { PRIORITIES, Task } from './task.entity';
import type { Indicator } from '../indicators/indicator.entity';
import type { WorkItem } from '../plans/work-item.entity';
import type { Unit } from '../units/unit.entity';
import type { User } from '../users/user.entity';

/** The list's sort keys: columns, and figures derived for the day (through task-state.sql.ts). */
export type SortKey =
  | 'code'
  | 'deadline'
  | 'startDate'
  | 'progress'
  | 'status'
  | 'title'
  | 'updatedAt'
  | 'priority'
  | 'colour'
  | 'expectedProgress';

function sortExpression(key: SortKey, state: TaskStateSql): string {
  switch (key) {
    case 'priority':
      return `(CASE t."priority" ${PRIORITIES.map((p, i) => `WHEN '${p}' THEN ${i}`).join(' ')} ELSE -1 END)`;
    case 'colour':
      return state.colourRank;
    case 'expectedProgress':
      return `COALESCE(${state.expectedTenths}, -1)`;
    default:
      return col('t', key);
  }
}

export type UnitRole = 'lead' | 'supporting' | 'any';

export interface TaskFilter {
  /** The caller's list scope (src/access) over the task, aliased t. */
  scope?: SqlScope | null;
  planId?: number;
  workItemId?: number;
  unit?: { id: number; role: UnitRole };
  ownerId?: number;
  statuses?: TaskStatus[];
  priority?: Priority;
  parentId?: number;
  topLevel?: boolean;
  dueBefore?: string;
  dueAfter?: string;
  tag?: string;
  /** Case-insensitive text in the code, title, English title or description. */
  text?: string;
  /** Open and past its deadline on `today` (true), or not (false). */
  overdue?: { value: boolean; open: readonly TaskStatus[]; today: string };
  /** The derived state for the day, when filtering by colour or due soon, or sorting by a derived figure. */
  state?: TaskStateSql;
  /** Colour grades to keep ('none' for ungraded tasks). */
  colours?: (Colour | 'none')[];
  dueSoon?: boolean;
}

/** Top-level tasks of one work item and lead unit with one status and colour. */
export interface GradeCountRow {
  workItemId: number;
  leadUnitId: number;
  status: TaskStatus;
  colour: Colour | null;
  tasks: number;
  /** The sum of their progress percentages. */
  progress: number;
  closedOnTime: number;
  replanned: number;
}

/** An overdue task in brief, as the dashboard lists the worst of them. */
export interface OverdueRow {
  groupId: number;
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  deadline: string;
  status: TaskStatus;
  progress: number;
  workItemId: number;
  leadUnit: { id: number; code: string; name: string; nameEn: string | null };
  workingDaysOverdue: number;
}

export type SubtaskRow = Pick<Task, 'id' | 'code' | 'title' | 'status' | 'progress'>;

/** A task as a sheet shows it: its columns, the names of its relations and its grade (see sheetRowsByIds). */
export interface TaskSheetRow {
  id: number;
  code: string;
  title: string;
  workItemTitle: string | null;
  workItemTitleEn: string | null;
  leadUnitName: string | null;
  leadUnitNameEn: string | null;
  /** In unit id order. */
  supportingUnits: { name: string; nameEn: string | null }[];
  /** The named owner, else the owner's account name. */
  owner: string | null;
  startDate: string | null;
  deadline: string;
  originalDeadline: string;
  status: TaskStatus;
  progress: number;
  tags: string[];
  colour: Colour | null;
  overdue: boolean;
}

/** How a task's columns are read from the JSON of a list page: worked out once per entity's metadata. */
interface Hydration {
  columns: { column: string; property: string; convert: boolean; instant: boolean; metadata: ColumnMetadata }[];
}

const hydrations = new WeakMap<ColumnMetadata[], Hydration>();

/**
 * Per column, whether the driver must convert its value (dates, JSON, booleans, transformers) or whether it is
 * the entity's as it is (text and numbers): the driver's general conversion, done for every column of every row,
 * was a tenth of a list request.
 */
function hydrationOf(columns: ColumnMetadata[]): Hydration {
  let h = hydrations.get(columns);
  if (!h) {
    const plain = new Set<unknown>(['integer', 'int', 'varchar', 'text', Number, String]);
    const instants = new Set<unknown>([Date, 'datetime', 'timestamp']);
    h = {
      columns: columns.map((c) => ({
        column: c.databaseName,
        property: c.propertyName,
        convert: !!c.transformer || !plain.has(c.type),
        instant: !c.transformer && instants.has(c.type),
        metadata: c,
      })),
    };
    hydrations.set(columns, h);
  }
  return h;
}

@Injectable()
export class TasksRepository {
  /** Counts of filtered lists, on PostgreSQL, while the data stays the same (see countOf). */
  private readonly counts = new VersionedCache<number>(200);

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly version: DataVersion,
  ) {}

  private get repo() {
    return this.txHost.tx.getRepository(Task);
  }

  /** Tasks with the relations every view of a task shows. */
  private withRelations(): SelectQueryBuilder<Task> {
    return this.repo
      .createQueryBuilder('t')
      .leftJoinAndSelect('t.workItem', 'wi')
      .leftJoinAndSelect('t.leadUnit', 'lu')
      .leftJoinAndSelect('t.supportingUnits', 'su')
      .leftJoinAndSelect('t.owner', 'ow')
      .leftJoinAndSelect('t.indicators', 'ind');
  }

  /** Restricts a query to tasks a unit leads or supports. */
  private whereUnit(qb: SelectQueryBuilder<Task>, unitId: number, part: UnitRole, param: string): void {
    const supports =
      `EXISTS (SELECT 1 FROM "task_supporting_unit" s ` +
      `WHERE ${col('s', 'taskId')} = t.id AND ${col('s', 'unitId')} = :${param})`;
    const cond =
      part === 'lead'
        ? `t.leadUnitId = :${param}`
        : part === 'supporting'
          ? supports
          : `(t.leadUnitId = :${param} OR ${supports})`;
    qb.andWhere(cond, { [param]: unitId });
  }

  /**
   * Case-insensitive text in the code, title, English title or description, through the search index of each
   * database (see the TaskSearch migrations): PostgreSQL's trigram index on the stored text of the joined fields; SQLite's FTS5
   * trigram table when the text has three characters or more and no LIKE wildcard (shorter texts scan).
   */
  private whereText(qb: SelectQueryBuilder<Task>, text: string): void {
    const like = containsPattern(text);
    if (dialectOf(this.txHost.tx) === 'postgres') {
      // the stored, lower-cased text of the searched fields (migration TaskSearchText)
      qb.andWhere(`t."searchText" LIKE LOWER(:like) ESCAPE '\\'`, { like });
    } else if ([...text].length >= 3 && !/[%_\\]/.test(text)) {
      qb.andWhere(`t.id IN (SELECT rowid FROM "task_search" WHERE "body" LIKE :like)`, { like });
    } else {
      qb.andWhere(
        new Brackets((w) =>
          w
            .where(containsInsensitive('t.code', 'like'), { like })
            .orWhere(containsInsensitive('t.title', 'like'))
            .orWhere(containsInsensitive('t.titleEn', 'like'))
            .orWhere(containsInsensitive('t.description', 'like')),
        ),
      );
    }
  }

  /** The tasks matching the filter, without relations (the list's page of ids and its count). */
  private filtered(f: TaskFilter, forCount = false): SelectQueryBuilder<Task> {
    return this.applyFilter(this.repo.createQueryBuilder('t'), f, forCount);
  }

  /** Restricts a query over tasks (aliased t) to those matching the filter; `forCount`: the scope's counting form. */
  private applyFilter(qb: SelectQueryBuilder<Task>, f: TaskFilter, forCount = false): SelectQueryBuilder<Task> {
    if (f.scope) qb.andWhere((forCount && f.scope.countWhere) || f.scope.where, f.scope.params);
    if (f.planId) qb.andWhere('t.planId = :planId', { planId: f.planId });
    if (f.workItemId) qb.andWhere('t.workItemId = :wi', { wi: f.workItemId });
    if (f.unit) this.whereUnit(qb, f.unit.id, f.unit.role, 'unitId');
    if (f.ownerId) qb.andWhere('t.ownerId = :ownerId', { ownerId: f.ownerId });
    if (f.statuses?.length) qb.andWhere('t.status IN (:...statuses)', { statuses: f.statuses });
    if (f.priority) qb.andWhere('t.priority = :priority', { priority: f.priority });
    if (f.parentId) qb.andWhere('t.parentId = :parentId', { parentId: f.parentId });
    if (f.topLevel) qb.andWhere('t.parentId IS NULL');
    if (f.dueBefore) qb.andWhere('t.deadline <= :dueBefore', { dueBefore: f.dueBefore });
    if (f.dueAfter) qb.andWhere('t.deadline >= :dueAfter', { dueAfter: f.dueAfter });
    // Tags are stored as a JSON array: look for the quoted tag in its text.
    if (f.tag) qb.andWhere(containsInsensitive('t.tags', 'tag'), { tag: containsPattern(JSON.stringify(f.tag)) });
    if (f.text) this.whereText(qb, f.text);
    if (f.overdue) {
      // The statuses as literals, so the database sees the condition of the open-tasks index (IDX_task_open_deadline).
      const open = f.overdue.open.map((st) => `'${st.replace(/'/g, "''")}'`).join(', ');
      const cond = `(t.status IN (${open}) AND t.deadline < :today)`;
      qb.andWhere(f.overdue.value ? cond : `NOT ${cond}`, { today: f.overdue.today });
    }
    if (f.colours?.length) {
      if (!f.state) throw new Error('a colour filter needs the derived state');
      const named = f.colours.filter((c) => c !== 'none');
      const parts = named.length ? [`${f.state.colour} IN (${named.map((c) => `'${c}'`).join(', ')})`] : [];
      if (f.colours.includes('none')) parts.push(`${f.state.colour} IS NULL`);
      qb.andWhere(`(${parts.join(' OR ')})`);
    }
    if (f.dueSoon !== undefined) {
      if (!f.state) throw new Error('a due-soon filter needs the derived state');
      qb.andWhere(f.dueSoon ? f.state.dueSoon : `NOT ${f.state.dueSoon}`);
    }
    return qb;
  }

  /**
   * One page of the matching tasks with their relations, in the requested order (then by code and id), and the count of
   * all of them: the page's ids from one query over the task table and its indexes, the relations fetched for
   * those ids only, and a plain count.
   */
  async pageOf(
    filter: TaskFilter,
    sort: { key: SortKey; desc: boolean; state: TaskStateSql },
    page: { page: number; pageSize: number },
  ): Promise<[Task[], number]> {
    const idsQuery = this.filtered(filter)
      .select('t.id', 'id')
      .orderBy(sortExpression(sort.key, sort.state), sort.desc ? 'DESC' : 'ASC')
      .addOrderBy('t.code', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .offset((page.page - 1) * page.pageSize)
      .limit(page.pageSize);
    // PostgreSQL: the page's ids, its rows and the data's version in one statement (one round trip instead of three);
    // SQLite: the ids, then their rows (an in-process call each, and the version is only read for a count).
    let tasks: Task[];
    let version: string | null = null;
    if (dialectOf(this.txHost.tx) === 'postgres') {
      const [sql, params] = idsQuery.getQueryAndParameters();
      const read = await this.pageRows(`unnest(ARRAY(${sql})) WITH ORDINALITY p("value", "ord")`, params, true);
      tasks = read.tasks;
      version = this.version.fromPostgres(read.version);
    } else {
      const idRows = await idsQuery.getRawMany<{ id: number | string }>();
      tasks = await this.withRelationsByIds(idRows.map((r) => Number(r.id)));
    }
    const n = tasks.length;
    const total =
      n < page.pageSize && (page.page === 1 || n > 0)
        ? (page.page - 1) * page.pageSize + n
        : await this.countOf(filter, version);
    return [tasks, total];
  }

  /**
   * How many tasks match the filter. PostgreSQL counts by reading every matching row (5-8 ms for 100,000 tasks,
   * the largest part of a list request there), so its counts are kept per state of the data: the same count is
   * read again only after a write anywhere (data-version.ts). SQLite counts a b-tree without reading the rows,
   * and asking for its data version would wait for the writer's connection: it counts each time.
   */
  private async countOf(filter: TaskFilter, version: string | null): Promise<number> {
    const qb = this.filtered(filter, true).select('COUNT(*)', 'n');
    const count = async () => Number((await qb.getRawOne<{ n: number | string }>())?.n ?? 0);
    if (dialectOf(this.txHost.tx) !== 'postgres') return count();
    const [sql, params] = qb.getQueryAndParameters();
    return this.counts.get(`${sql}\u0000${JSON.stringify(params)}`, version, count);
  }

  /**
   * The tasks with the given ids and, of their relations, the columns a task's view shows, in the order of the ids:
   * a list page. One statement whose answer is one JSON value: the rows, each with its work item, lead unit, owner,
   * supporting units and indicators as arrays. A driver makes each of a page's ~2,000 values a JavaScript value one
   * at a time (SQLite's through N-API on the event loop, the largest single cost of a list request); one JSON text
   * is parsed at once. No entity graph is assembled either: a list page is the most frequent request there is.
   */
  async withRelationsByIds(ids: number[]): Promise<Task[]> {
    if (!ids.length) return [];
    const pg = dialectOf(this.txHost.tx) === 'postgres';
    const { tasks } = await this.pageRows(
      pg ? 'unnest($1::int[]) WITH ORDINALITY p("value", "ord")' : 'json_each(?) p',
      [pg ? ids : JSON.stringify(ids)],
      false,
    );
    const byId = new Map(tasks.map((t) => [t.id, t]));
    return ids.map((id) => byId.get(id)).filter((t): t is Task => t !== undefined);
  }

  /**
   * The page statement over a source of ids (`p."value"`; on PostgreSQL with its place, `p."ord"`, by which the
   * rows come), and the rows it answers made tasks. `withVersion` (PostgreSQL): the statement also reads the data's
   * version, for the count that may follow.
   */
  private async pageRows(
    source: string,
    params: unknown[],
    withVersion: boolean,
  ): Promise<{ tasks: Task[]; version: string | null }> {
    const tx = this.txHost.tx;
    const driver = tx.connection.driver;
    const read = hydrationOf(this.repo.metadata.columns);
    const pg = dialectOf(tx) === 'postgres';
    const [array, agg] = pg ? ['json_build_array', 'json_agg'] : ['json_array', 'json_group_array'];
    const links = (table: string, key: string, target: string) =>
      pg
        ? // each link's row sought by its key (PostgreSQL would hash the whole table of units once per task)
          `(SELECT COALESCE(json_agg((SELECT json_build_array(x."id", x."code", x."name", x."nameEn")
                FROM "${target}" x WHERE x."id" = l."${key}") ORDER BY l."${key}"), '[]'::json)
              FROM "${table}" l WHERE l."taskId" = t."id")`
        : `(SELECT json_group_array(json_array(x."id", x."code", x."name", x."nameEn"))
              FROM (SELECT x."id", x."code", x."name", x."nameEn" FROM "${table}" l
                    JOIN "${target}" x ON x."id" = l."${key}" WHERE l."taskId" = t."id" ORDER BY x."id") x)`;
    const [row] = await preparedRead<{ page: string | unknown[] | null; version?: string }>(
      tx,
      `SELECT ${agg}(${array}(
           ${array}(${read.columns.map((c) => `t."${c.column}"`).join(', ')}),
           wi."code", wi."title", wi."titleEn", lu."code", lu."name", lu."nameEn", ow."displayName",
           ${links('task_supporting_unit', 'unitId', 'unit')},
           ${links('task_indicator', 'indicatorId', 'indicator')}
         )${pg ? ' ORDER BY p."ord"' : ''}) AS "page"${withVersion ? `, ${DataVersion.POSTGRES_TOKEN} AS "version"` : ''}
       FROM ${source}
       JOIN "task" t ON t."id" = p."value"
       LEFT JOIN "work_item" wi ON wi."id" = t."workItemId"
       LEFT JOIN "unit" lu ON lu."id" = t."leadUnitId"
       LEFT JOIN "user" ow ON ow."id" = t."ownerId"`,
      params,
    );
    type Brief = [number, string, string, string | null];
    // JSON arrives as text from SQLite (a subquery's too: SQLite keeps a value's JSON subtype only within one
    // expression), parsed from PostgreSQL.
    const parsed = <T>(json: unknown): T => (typeof json === 'string' ? JSON.parse(json) : json) as T;
    const brief = (json: unknown) =>
      (parsed<Brief[] | null>(json) ?? []).map(([id, code, name, nameEn]) => ({ id, code, name, nameEn }));
    const tasks: Task[] = [];
    for (const r of parsed<[unknown[], ...unknown[]][] | null>(row.page) ?? []) {
      const values = r[0];
      const task = new Task();
      const target = task as unknown as Record<string, unknown>;
      for (let i = 0; i < read.columns.length; i++) {
        const c = read.columns[i];
        const value = values[i];
        target[c.property] =
          pg && c.instant && typeof value === 'string'
            ? // PostgreSQL writes a timestamp (UTC, without a zone) into JSON as ISO text without its "Z"
              new Date(`${value}Z`)
            : c.convert
              ? driver.prepareHydratedValue(value, c.metadata)
              : value;
      }
      task.workItem = { id: task.workItemId, code: r[1], title: r[2], titleEn: r[3] } as WorkItem;
      task.leadUnit = { id: task.leadUnitId, code: r[4], name: r[5], nameEn: r[6] } as Unit;
      task.owner = task.ownerId !== null && r[7] != null ? ({ id: task.ownerId, displayName: r[7] } as User) : null;
      task.supportingUnits = brief(r[8]) as Unit[];
      task.indicators = brief(r[9]) as Indicator[];
      tasks.push(task);
    }
    return { tasks, version: row.version ?? null };
  }

  // --- read by the spreadsheet export, a batch of ids at a time ---

  /** The ids of every matching task in the list's order (then by code, then id), without paging. */
  async idsInOrder(filter: TaskFilter, sort: { key: SortKey; desc: boolean; state: TaskStateSql }): Promise<number[]> {
    const rows = await this.applyFilter(this.repo.createQueryBuilder('t').select('t.id', 'id'), filter)
      .orderBy(sortExpression(sort.key, sort.state), sort.desc ? 'DESC' : 'ASC')
      .addOrderBy('t.code', 'ASC')
      .addOrderBy('t.id', 'ASC')
      .getRawMany<{ id: number | string }>();
    return rows.map((r) => Number(r.id));
  }

  /**
   * What a task sheet shows of the tasks with these ids (in no particular order): plain rows, with the names of
   * the work item, lead unit, owner and supporting units joined, and the colour grade and overdue flag worked out
   * by the database (`state`, as of the sheet's day). Only dates and tags go through the driver's conversion: an
   * export reads every task, and building entities would be most of its time.
   */
  async sheetRowsByIds(ids: number[], state: TaskStateSql): Promise<TaskSheetRow[]> {
    if (!ids.length) return [];
    const tx = this.txHost.tx;
    const driver = tx.connection.driver;
    const meta = this.repo.metadata;
    const pg = dialectOf(tx) === 'postgres';
    const list = ids.map((_, i) => (pg ? `$${i + 1}` : '?')).join(', ');
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT t."id" AS "id", t."code" AS "code", t."title" AS "title", t."startDate" AS "startDate",
         t."deadline" AS "deadline", t."originalDeadline" AS "originalDeadline", t."status" AS "status",
         t."progress" AS "progress", t."tags" AS "tags",
         wi."title" AS "workItemTitle", wi."titleEn" AS "workItemTitleEn",
         lu."name" AS "leadUnitName", lu."nameEn" AS "leadUnitNameEn",
         COALESCE(t."ownerName", ow."displayName") AS "owner",
         ${state.colour} AS "colour", CASE WHEN ${state.overdue} THEN 1 ELSE 0 END AS "overdue"
       FROM "task" t
       LEFT JOIN "work_item" wi ON wi."id" = t."workItemId"
       LEFT JOIN "unit" lu ON lu."id" = t."leadUnitId"
       LEFT JOIN "user" ow ON ow."id" = t."ownerId"
       WHERE t."id" IN (${list})`,
      ids,
    );
    // Ordered by the primary key (task, unit): the links are sought per task, and each task's come in unit order.
    const links = (await tx.query(
      `SELECT l."taskId" AS "taskId", u."name" AS "name", u."nameEn" AS "nameEn"
       FROM "task_supporting_unit" l JOIN "unit" u ON u."id" = l."unitId"
       WHERE l."taskId" IN (${list}) ORDER BY l."taskId", l."unitId"`,
      ids,
    )) as { taskId: number | string; name: string; nameEn: string | null }[];
    const supporting = new Map<number, { name: string; nameEn: string | null }[]>();
    for (const l of links) {
      const unit = { name: l.name, nameEn: l.nameEn };
      const of = supporting.get(Number(l.taskId));
      if (of) of.push(unit);
      else supporting.set(Number(l.taskId), [unit]);
    }
    const column = (name: keyof Task) => meta.findColumnWithPropertyName(name)!;
    const [startDate, deadline, originalDeadline, tags] = (
      ['startDate', 'deadline', 'originalDeadline', 'tags'] as const
    ).map(column);
    return rows.map((r) => {
      const id = Number(r.id);
      return {
        id,
        code: r.code as string,
        title: r.title as string,
        workItemTitle: (r.workItemTitle as string | null) ?? null,
        workItemTitleEn: (r.workItemTitleEn as string | null) ?? null,
        leadUnitName: (r.leadUnitName as string | null) ?? null,
        leadUnitNameEn: (r.leadUnitNameEn as string | null) ?? null,
        supportingUnits: supporting.get(id) ?? [],
        owner: (r.owner as string | null) ?? null,
        startDate: driver.prepareHydratedValue(r.startDate, startDate) as string | null,
        deadline: driver.prepareHydratedValue(r.deadline, deadline) as string,
        originalDeadline: driver.prepareHydratedValue(r.originalDeadline, originalDeadline) as string,
        status: r.status as TaskStatus,
        progress: Number(r.progress),
        tags: driver.prepareHydratedValue(r.tags, tags) as string[],
        colour: (r.colour as Colour | null) ?? null,
        overdue: Number(r.overdue) === 1,
      };
    });
  }

  findWithRelations(id: number): Promise<Task | null> {
    return this.withRelations().where('t.id = :id', { id }).getOne();
  }

  findById(id: number): Promise<Task | null> {
    return this.repo.findOneBy({ id });
  }

  subtasksOf(parentId: number): Promise<SubtaskRow[]> {
    return this.repo.find({
      where: { parentId },
      select: { id: true, code: true, title: true, status: true, progress: true },
      order: { code: 'ASC' },
    });
  }

  codeTaken(planId: number, code: string): Promise<boolean> {
    return this.repo.existsBy({ planId, code });
  }

  /**
   * The next free code after `prefix` (W1- for a work item's tasks, W1-2. for a task's subtasks): the number
   * of tasks under it plus one, past any code already taken in the plan. Call under PlansRepository.lockWorkItem.
   */
  async nextCodeFor(planId: number, prefix: string, under: { parentId: number } | { workItemId: number }) {
    let n = (await this.repo.countBy('parentId' in under ? { parentId: under.parentId } : under)) + 1;
    while (await this.codeTaken(planId, `${prefix}${n}`)) n++;
    return `${prefix}${n}`;
  }

  build(fields: DeepPartial<Task>): Task {
    return this.repo.create(fields);
  }

  /** Inserts or writes back a task with its links; a code taken in the plan fails on the unique index. */
  save(task: Task): Promise<Task> {
    return this.repo.save(task);
  }

  /**
   * Inserts many tasks without their links, a few hundred rows a statement, without reading them back (a plan
   * being loaded, a sheet imported); `idsByCode` gives their ids afterwards. A code taken fails on the unique index.
   */
  async insertMany(rows: DeepPartial<Task>[]): Promise<void> {
    await insertEntityRows(this.txHost.tx, Task, rows, INSERT_BATCH);
  }

  /** Writes many (task, supporting unit) and (task, indicator) links, a few hundred rows a statement. */
  async insertLinks(
    supporting: { taskId: number; unitId: number }[],
    indicators: { taskId: number; indicatorId: number }[],
  ): Promise<void> {
    const tx = this.txHost.tx;
    const pairs = supporting.map((l) => [l.taskId, l.unitId]);
    await insertRows(tx, 'task_supporting_unit', ['taskId', 'unitId'], pairs, LINK_BATCH);
    const withIndicators = indicators.map((l) => [l.taskId, l.indicatorId]);
    await insertRows(tx, 'task_indicator', ['taskId', 'indicatorId'], withIndicators, LINK_BATCH);
  }

  /** The plan's task ids by code. */
  async idsByCode(planId: number): Promise<Map<string, number>> {
    const rows = await this.repo
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .addSelect('t.code', 'code')
      .where('t.planId = :planId', { planId })
      .getRawMany<{ id: number | string; code: string }>();
    return new Map(rows.map((r) => [r.code, Number(r.id)]));
  }

  /** Writes some columns of a task, without its links. */
  async patch(id: number, patch: Partial<Task>): Promise<void> {
    await this.repo.update(id, patch);
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  findByIds(ids: number[]): Promise<Task[]> {
    return ids.length ? this.repo.find({ where: { id: In(ids) } }) : Promise.resolve([]);
  }

  /** Id and plan of the tasks. */
  plansOf(ids: number[]): Promise<Pick<Task, 'id' | 'planId'>[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo.find({ select: { id: true, planId: true }, where: { id: In(ids) } });
  }

  /** The plan's tasks (subtasks included) in code order. */
  ofPlan(planId: number): Promise<Task[]> {
    return this.repo.find({ where: { planId }, order: { code: 'ASC' } });
  }

  // --- the set-based writes of an import ---

  /** The plan's tasks with these codes, with their supporting units, owner, work item and lead unit. */
  async byCodesWithLinks(planId: number, codes: string[]): Promise<Task[]> {
    const out: Task[] = [];
    for (const chunk of batches([...new Set(codes)], READ_BATCH)) {
      out.push(
        ...(await this.repo.find({
          where: { planId, code: In(chunk) },
          relations: { supportingUnits: true, owner: true, workItem: true, leadUnit: true },
        })),
      );
    }
    return out;
  }

  /** Which of these codes the plan's tasks hold. */
  async codesTaken(planId: number, codes: string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const chunk of batches([...new Set(codes)], READ_BATCH)) {
      const rows = await this.repo.find({ select: { code: true }, where: { planId, code: In(chunk) } });
      for (const r of rows) out.add(r.code);
    }
    return out;
  }

  /** The plan's task codes that start with `prefix` (W1- for a work item's tasks). */
  async codesStartingWith(planId: number, prefix: string): Promise<Set<string>> {
    const rows = await this.repo
      .createQueryBuilder('t')
      .select('t.code', 'code')
      .where('t.planId = :planId', { planId })
      .andWhere('SUBSTR(t.code, 1, :len) = :prefix', { len: prefix.length, prefix })
      .getRawMany<{ code: string }>();
    return new Set(rows.map((r) => r.code));
  }

  /** Ids of the plan's tasks with these codes, by code. */
  async idsByCodes(planId: number, codes: string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const chunk of batches(codes, READ_BATCH)) {
      const rows = await this.repo.find({ select: { id: true, code: true }, where: { planId, code: In(chunk) } });
      for (const r of rows) out.set(r.code, r.id);
    }
    return out;
  }

  /** Replaces the supporting units of these tasks with the given links, in batches. */
  async replaceSupportingLinks(taskIds: number[], links: { taskId: number; unitId: number }[]): Promise<void> {
    for (const chunk of batches(taskIds, READ_BATCH)) {
      await this.txHost.tx
        .createQueryBuilder()
        .delete()
        .from('task_supporting_unit')
        .where('"taskId" IN (:...chunk)', { chunk })
        .execute();
    }
    for (const chunk of batches(links, READ_BATCH)) {
      await this.txHost.tx.createQueryBuilder().insert().into('task_supporting_unit').values(chunk).execute();
    }
  }

  /** Ids of the plan's tasks. */
  async idsOfPlan(planId: number): Promise<number[]> {
    return (await this.repo.find({ where: { planId }, select: { id: true } })).map((t) => t.id);
  }

  /** Deletes the tasks' links to units and indicators, and every link to the indicators, in batches. */
  async deleteLinks(taskIds: number[], indicatorIds: number[]): Promise<void> {
    for (const chunk of batches(taskIds)) {
      for (const table of ['task_supporting_unit', 'task_indicator']) {
        await this.txHost.tx
          .createQueryBuilder()
          .delete()
          .from(table)
          .where('"taskId" IN (:...chunk)', { chunk })
          .execute();
      }
    }
    for (const chunk of batches(indicatorIds)) {
      await this.txHost.tx
        .createQueryBuilder()
        .delete()
        .from('task_indicator')
        .where('"indicatorId" IN (:...chunk)', { chunk })
        .execute();
    }
  }

  /** Deletes the plan's tasks, sub-tasks before their parents (a parent row cannot go while a child points to it). */
  async deleteOfPlan(planId: number, count: number): Promise<void> {
    let remaining = count;
    while (remaining > 0) {
      const leaves = await this.repo
        .createQueryBuilder('t')
        .select('t.id', 'id')
        .where('t.planId = :planId', { planId })
        .andWhere('NOT EXISTS (SELECT 1 FROM "task" c WHERE c."parentId" = t.id)')
        .getRawMany<{ id: number | string }>();
      if (!leaves.length) break;
      for (const chunk of batches(leaves.map((l) => Number(l.id)))) await this.repo.delete({ id: In(chunk) });
      remaining -= leaves.length;
    }
  }

  // --- read by dispatch, bulletins and the dashboard ---

  /** The plan's counted tasks the scope reaches, aliased t: sub-tasks included, drafts left out (counted-tasks.ts). */
  private countedOf(planId: number, scope: SqlScope | null): SelectQueryBuilder<Task> {
    const qb = this.repo.createQueryBuilder('t').where(`t.planId = :planId AND ${countedTaskSql('t')}`, { planId });
    if (scope) qb.andWhere(scope.where, scope.params);
    return qb;
  }

  /**
   * Counts of the plan's counted tasks by work item, lead unit, status and colour, with the sum of their progress,
   * how many were closed on time and how many re-planned: every dashboard figure adds up from these rows, read in
   * one pass over the tasks.
   */
  async gradeCounts(planId: number, scope: SqlScope | null, state: TaskStateSql): Promise<GradeCountRow[]> {
    const rows = await this.countedOf(planId, scope)
      .select('t.workItemId', 'workItemId')
      .addSelect('t.leadUnitId', 'leadUnitId')
      .addSelect('t.status', 'status')
      .addSelect(state.colour, 'colour')
      .addSelect('COUNT(*)', 'tasks')
      .addSelect('SUM(t.progress)', 'progress')
      .addSelect(
        `SUM(CASE WHEN t.status = 'closed' AND t.closedOn IS NOT NULL AND t.closedOn <= t.deadline THEN 1 ELSE 0 END)`,
        'closedOnTime',
      )
      .addSelect('SUM(CASE WHEN t.deadline <> t.originalDeadline THEN 1 ELSE 0 END)', 'replanned')
      .groupBy('1')
      .addGroupBy('2')
      .addGroupBy('3')
      .addGroupBy('4')
      .getRawMany<Record<string, string | number | null>>();
    return rows.map((r) => ({
      workItemId: Number(r.workItemId),
      leadUnitId: Number(r.leadUnitId),
      status: r.status as TaskStatus,
      colour: (r.colour as Colour | null) ?? null,
      tasks: Number(r.tasks),
      progress: Number(r.progress ?? 0),
      closedOnTime: Number(r.closedOnTime ?? 0),
      replanned: Number(r.replanned ?? 0),
    }));
  }

  /** How many of the plan's counted tasks (in the scope) each unit supports. */
  async supportedCounts(planId: number, scope: SqlScope | null): Promise<Map<number, number>> {
    const rows = await this.countedOf(planId, scope)
      .innerJoin('task_supporting_unit', 's', `${col('s', 'taskId')} = t.id`)
      .select(col('s', 'unitId'), 'unitId')
      .addSelect('COUNT(*)', 'n')
      .groupBy('1')
      .getRawMany<{ unitId: number | string; n: number | string }>();
    return new Map(rows.map((r) => [Number(r.unitId), Number(r.n)]));
  }

  /**
   * The first `limit` overdue counted tasks of each group (work item or lead unit), the longest overdue first,
   * with the working days they are past their deadline.
   */
  async worstOverdue(
    planId: number,
    scope: SqlScope | null,
    state: TaskStateSql,
    by: 'workItemId' | 'leadUnitId' | null,
    limit: number,
  ): Promise<OverdueRow[]> {
    const partition = by ? `PARTITION BY ${col('t', by)} ` : '';
    const inner = this.countedOf(planId, scope)
      .select('t.id', 'id')
      .addSelect(by ? col('t', by) : '0', 'groupId')
      .addSelect(`ROW_NUMBER() OVER (${partition}ORDER BY t.deadline ASC, t.code ASC)`, 'rank')
      .andWhere(state.overdue);
    const [sql, params] = inner.getQueryAndParameters();
    const ranked: { id: number | string; groupId: number | string }[] = await this.txHost.tx.query(
      `SELECT ranked."id" AS "id", ranked."groupId" AS "groupId" FROM (${sql}) ranked ` +
        `WHERE ranked."rank" <= ${Math.max(0, Math.floor(limit))} ORDER BY ranked."groupId", ranked."rank"`,
      params,
    );
    if (!ranked.length) return [];
    const ids = ranked.map((r) => Number(r.id));
    const details = await this.repo
      .createQueryBuilder('t')
      .leftJoin('t.leadUnit', 'lu')
      .select('t.id', 'id')
      .addSelect('t.code', 'code')
      .addSelect('t.title', 'title')
      .addSelect('t.titleEn', 'titleEn')
      .addSelect('t.deadline', 'deadline')
      .addSelect('t.status', 'status')
      .addSelect('t.progress', 'progress')
      .addSelect('t.workItemId', 'workItemId')
      .addSelect('t.leadUnitId', 'leadUnitId')
      .addSelect('lu.code', 'leadUnitCode')
      .addSelect('lu.name', 'leadUnitName')
      .addSelect('lu.nameEn', 'leadUnitNameEn')
      .addSelect(`-${state.workingDaysLeft}`, 'workingDaysOverdue')
      .where('t.id IN (:...ids)', { ids })
      .getRawMany<Record<string, string | number | null>>();
    const byId = new Map(details.map((d) => [Number(d.id), d]));
    return ranked.map((r) => {
      const d = byId.get(Number(r.id))!;
      return {
        groupId: Number(r.groupId),
        id: Number(d.id),
        code: String(d.code),
        title: String(d.title),
        titleEn: (d.titleEn as string | null) ?? null,
        deadline: String(d.deadline),
        status: d.status as TaskStatus,
        progress: Number(d.progress),
        workItemId: Number(d.workItemId),
        leadUnit: {
          id: Number(d.leadUnitId),
          code: String(d.leadUnitCode),
          name: String(d.leadUnitName),
          nameEn: (d.leadUnitNameEn as string | null) ?? null,
        },
        workingDaysOverdue: Number(d.workingDaysOverdue),
      };
    });
  }

  /** Tasks with the ids of their supporting units, in id order. */
  private withSupportingUnitIds(): SelectQueryBuilder<Task> {
    return this.repo
      .createQueryBuilder('t')
      .leftJoin('t.supportingUnits', 'su')
      .addSelect(['su.id'])
      .orderBy('t.id', 'ASC');
  }

  /** The plan's open tasks, sub-tasks included: what a dispatch round asks reports on. */
  countOpenOf(planId: number): Promise<number> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.planId = :planId AND t.status IN (:...open)', { planId, open: OPEN_STATUSES })
      .getCount();
  }

  /**
   * The earliest and the latest deadline of the plan's tasks that are not cancelled (null, null without any): the
   * span of years whose working-day calendar the plan's figures count on.
   */
  async deadlineSpan(planId: number): Promise<{ first: string | null; last: string | null }> {
    // each end read along the deadline index (IDX_task_deadline_code), a few rows rather than every task of the plan
    const end = async (order: 'ASC' | 'DESC') => {
      const row = await this.repo
        .createQueryBuilder('t')
        .select('t.deadline', 'deadline')
        .where('t.planId = :planId AND t.status <> :cancelled', { planId, cancelled: 'cancelled' })
        .orderBy('t.deadline', order)
        .limit(1)
        .getRawOne<{ deadline: string }>();
      return row?.deadline ?? null;
    };
    return { first: await end('ASC'), last: await end('DESC') };
  }

  /** The tasks with the given ids, with supporting unit ids, in id order. */
  byIdsWithSupportingUnits(ids: number[]): Promise<Task[]> {
    return ids.length
      ? this.withSupportingUnitIds().where('t.id IN (:...ids)', { ids }).getMany()
      : Promise.resolve([]);
  }

  /** Every task of the plan, sub-tasks included, with the columns a bulletin lists and grades, in id order. */
  summaryRowsOfPlan(planId: number): Promise<Task[]> {
    return this.repo
      .createQueryBuilder('t')
      .select([
        't.id',
        't.code',
        't.title',
        't.titleEn',
        't.workItemId',
        't.parentId',
        't.leadUnitId',
        't.status',
        't.progress',
        't.startDate',
        't.deadline',
        't.originalDeadline',
        't.recurrence',
        't.closedOn',
      ])
      .where('t.planId = :planId', { planId })
      .orderBy('t.id', 'ASC')
      .getMany();
  }

  /**
   * The plan's open top-level tasks as a dispatch round's scope: a few columns and the supporting unit ids, read
   * as raw rows in two queries (no entity per task), in id order.
   */
  async openTopLevelScopeOf(planId: number): Promise<ScopeRow[]> {
    const where = 't.planId = :planId AND t.parentId IS NULL AND t.status IN (:...open)';
    const params = { planId, open: OPEN_STATUSES };
    const rows = await this.scopeColumns().where(where, params).orderBy('t.id', 'ASC').getRawMany<RawScopeRow>();
    const links = await this.txHost.tx
      .createQueryBuilder()
      .select(['s."taskId" AS "taskId"', 's."unitId" AS "unitId"'])
      .from('task_supporting_unit', 's')
      .innerJoin(Task, 't', 't.id = s."taskId"')
      .where(where, params)
      .getRawMany<{ taskId: number | string; unitId: number | string }>();
    return withSupporting(rows, links);
  }

  /** The tasks in the scope of dispatch rounds, by round: a few columns and the supporting unit ids, in id order. */
  async scopeOfRounds(roundIds: number[]): Promise<(ScopeRow & { roundId: number })[]> {
    if (!roundIds.length) return [];
    const rows = await this.scopeColumns()
      .addSelect('rt."roundId"', 'roundId')
      .innerJoin('dispatch_round_task', 'rt', 'rt."taskId" = t.id')
      .where('rt."roundId" IN (:...roundIds)', { roundIds })
      .orderBy('t.id', 'ASC')
      .getRawMany<RawScopeRow & { roundId: number | string }>();
    const links = await this.txHost.tx
      .createQueryBuilder()
      .select(['DISTINCT s."taskId" AS "taskId"', 's."unitId" AS "unitId"'])
      .from('task_supporting_unit', 's')
      .innerJoin('dispatch_round_task', 'rt', 'rt."taskId" = s."taskId"')
      .where('rt."roundId" IN (:...roundIds)', { roundIds })
      .getRawMany<{ taskId: number | string; unitId: number | string }>();
    const scoped = withSupporting(rows, links);
    return scoped.map((row, i) => ({ ...row, roundId: Number(rows[i].roundId) }));
  }

  private scopeColumns(): SelectQueryBuilder<Task> {
    return this.repo
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .addSelect('t.code', 'code')
      .addSelect('t.title', 'title')
      .addSelect('t.titleEn', 'titleEn')
      .addSelect('t.leadUnitId', 'leadUnitId');
  }

  // --- read by meetings: agenda candidates, grouped in SQL ---

  /**
   * The plan's tasks matching `where`, counted per lead unit, with each unit's earliest deadline (its worst case
   * for overdue and blocked tasks). Overdue is `status open AND deadline < asOf`, the task list's filter.
   */
  async countsByLeadUnit(planId: number, where: TaskGroupWhere): Promise<LeadUnitCount[]> {
    const qb = this.repo
      .createQueryBuilder('t')
      .select('t.leadUnitId', 'unitId')
      .addSelect('COUNT(*)', 'count')
      .addSelect('MIN(t.deadline)', 'worstDeadline')
      .where('t.planId = :planId', { planId })
      .groupBy('t.leadUnitId');
    groupWhere(qb, where);
    const rows = await qb.getRawMany<{ unitId: number | string; count: number | string; worstDeadline: string }>();
    return rows.map((r) => ({ unitId: Number(r.unitId), count: Number(r.count), worstDeadline: r.worstDeadline }));
  }

  /** The first `perUnit` tasks matching `where` of each of the lead units, by deadline then code, in one query. */
  async firstOfLeadUnits(planId: number, where: TaskGroupWhere, unitIds: number[], perUnit: number): Promise<Task[]> {
    if (!unitIds.length) return [];
    const qb = this.repo
      .createQueryBuilder('t')
      .select('t.id', 'id')
      .addSelect('ROW_NUMBER() OVER (PARTITION BY t.leadUnitId ORDER BY t.deadline ASC, t.code ASC)', 'n')
      .where('t.planId = :planId', { planId })
      .andWhere('t.leadUnitId IN (:...unitIds)', { unitIds });
    groupWhere(qb, where);
    const [sql, params] = qb.getQueryAndParameters();
    const rows: { id: number | string }[] = await this.txHost.tx.query(
      `SELECT ranked."id" AS "id" FROM (${sql}) ranked WHERE ranked."n" <= ${Math.floor(perUnit)}`,
      params,
    );
    return this.findByIds(rows.map((r) => Number(r.id)));
  }

  /** How many of the plan's tasks without a recurrence match `where`, and the first `limit` by deadline, code. */
  async firstAndCount(planId: number, where: TaskGroupWhere, limit: number): Promise<{ count: number; tasks: Task[] }> {
    const qb = this.repo
      .createQueryBuilder('t')
      .where('t.planId = :planId', { planId })
      .andWhere('t.recurrence IS NULL');
    groupWhere(qb, where);
    const count = await qb.clone().getCount();
    const tasks = await qb.orderBy('t.deadline', 'ASC').addOrderBy('t.code', 'ASC').take(limit).getMany();
    return { count, tasks };
  }

  /** The plan's recurring tasks in these statuses: their next due date is worked out on the calendar. */
  recurringOf(planId: number, statuses: readonly TaskStatus[]): Promise<Task[]> {
    return this.repo
      .createQueryBuilder('t')
      .where('t.planId = :planId AND t.recurrence IS NOT NULL AND t.status IN (:...statuses)', {
        planId,
        statuses,
      })
      .getMany();
  }
}

/** A task as a dispatch round's scope holds it. */
export interface ScopeRow {
  id: number;
  code: string;
  title: string;
  titleEn: string | null;
  leadUnitId: number;
  supportingUnitIds: number[];
}

interface RawScopeRow {
  id: number | string;
  code: string;
  title: string;
  titleEn: string | null;
  leadUnitId: number | string;
}

function withSupporting(rows: RawScopeRow[], links: { taskId: number | string; unitId: number | string }[]) {
  const supporting = new Map<number, number[]>();
  for (const l of links) {
    const id = Number(l.taskId);
    const list = supporting.get(id);
    if (list) list.push(Number(l.unitId));
    else supporting.set(id, [Number(l.unitId)]);
  }
  return rows.map((r): ScopeRow => ({
    id: Number(r.id),
    code: r.code,
    title: r.title,
    titleEn: r.titleEn,
    leadUnitId: Number(r.leadUnitId),
    supportingUnitIds: (supporting.get(Number(r.id)) ?? []).sort((a, b) => a - b),
  }));
}

/** Which tasks an agenda group counts: by status, and by deadline before, after or up to a date. */
export interface TaskGroupWhere {
  statuses: readonly TaskStatus[];
  deadlineBefore?: string;
  deadlineAfter?: string;
  deadlineUntil?: string;
}

export interface LeadUnitCount {
  unitId: number;
  count: number;
  worstDeadline: string;
}

function groupWhere(qb: SelectQueryBuilder<Task>, w: TaskGroupWhere): void {
  qb.andWhere('t.status IN (:...groupStatuses)', { groupStatuses: w.statuses });
  if (w.deadlineBefore) qb.andWhere('t.deadline < :deadlineBefore', { deadlineBefore: w.deadlineBefore });
  if (w.deadlineAfter) qb.andWhere('t.deadline > :deadlineAfter', { deadlineAfter: w.deadlineAfter });
  if (w.deadlineUntil) qb.andWhere('t.deadline <= :deadlineUntil', { deadlineUntil: w.deadlineUntil });
}

/** Tasks a statement inserts at most (with about 25 columns a row, insertRows makes statements smaller). */
const INSERT_BATCH = 1000;
/** Link rows a statement inserts at most. */
const LINK_BATCH = 2000;

/** Ids a statement names at most when a replaced plan's tasks are deleted. */
const DELETE_BATCH = 300;

/** Ids or codes a read names at most (both databases take many more parameters than this). */
const READ_BATCH = 1000;

function batches<T>(list: T[], size = DELETE_BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
