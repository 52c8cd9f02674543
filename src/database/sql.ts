// The few places where SQLite and PostgreSQL differ, written once: the features' repositories build their
// queries from these and never spell dialect-specific SQL themselves.
import { createHash } from 'node:crypto';
import type { DataSource, DeepPartial, EntityManager, EntityTarget } from 'typeorm';
import { isSqliteBusy } from './sqlite-serial';

export type Dialect = 'sqlite' | 'postgres';

export function dialectOf(source: DataSource | EntityManager): Dialect {
  const conn = 'connection' in source ? source.connection : source;
  return conn.options.type === 'postgres' ? 'postgres' : 'sqlite';
}

/** A quoted identifier: camelCase column names need quotes on PostgreSQL ("taskId"); SQLite accepts them. */
export function col(alias: string, column: string): string {
  return `${alias}."${column}"`;
}

/** Case-insensitive "contains" on both databases (SQLite's LIKE is case-insensitive for ASCII only). */
export function containsInsensitive(expr: string, param: string): string {
  return `LOWER(${expr}) LIKE LOWER(:${param}) ESCAPE '\\'`;
}

/** The value for containsInsensitive: the text with LIKE's wildcards escaped, between wildcards. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
}

/** Whole days from date a to date b (expressions or literals), as an integer. */
export function daysBetweenSql(dialect: Dialect, a: string, b: string): string {
  return dialect === 'postgres'
    ? `(CAST(${b} AS date) - CAST(${a} AS date))`
    : `CAST(julianday(${b}) - julianday(${a}) AS INTEGER)`;
}

/** A text field of a JSON object kept in a text column. */
export function jsonTextSql(dialect: Dialect, expr: string, key: string): string {
  if (!/^\w+$/.test(key)) throw new Error(`not a JSON key: ${key}`);
  return dialect === 'postgres' ? `(CAST(${expr} AS json) ->> '${key}')` : `json_extract(${expr}, '$.${key}')`;
}

/** An integer field of a JSON object kept in a text column. */
export function jsonIntegerSql(dialect: Dialect, expr: string, key: string): string {
  return `CAST(${jsonTextSql(dialect, expr, key)} AS INTEGER)`;
}

/** A unique index or key was violated (a concurrent insert of the same natural key). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string }; message?: string } | null;
  const code = err?.driverError?.code ?? err?.code;
  return (
    code === '23505' ||
    (code === 'SQLITE_CONSTRAINT' && /UNIQUE/.test(err?.message ?? '')) ||
    /UNIQUE constraint failed/.test(err?.message ?? '')
  );
}

/** The name of the column or constraint a unique violation names, when the driver says it. */
export function uniqueViolationDetail(e: unknown): string {
  const err = e as { driverError?: { detail?: string; constraint?: string }; message?: string } | null;
  return err?.driverError?.detail ?? err?.driverError?.constraint ?? err?.message ?? '';
}

export { isSqliteBusy };

/** Bound parameters a multi-row INSERT carries at most (SQLite allows 32,766, PostgreSQL 65,535). */
const INSERT_PARAMETERS = 16000;

function rowsPerStatement(columns: number, maxRows: number): number {
  return Math.max(1, Math.min(maxRows, Math.floor(INSERT_PARAMETERS / Math.max(1, columns))));
}

/** The text of a multi-row INSERT, kept for the last few shapes: a bulk write repeats the same one. */
const insertTexts = new Map<string, string>();

function insertText(postgres: boolean, table: string, columns: string[], rowCount: number): string {
  const key = `${postgres ? 'pg' : 'sqlite'}|${table}|${columns.join(',')}|${rowCount}`;
  let text = insertTexts.get(key);
  if (text === undefined) {
    let n = 0;
    const tuple = () => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
    const tuples = Array.from({ length: rowCount }, tuple);
    text = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`;
    if (insertTexts.size >= 16) insertTexts.clear();
    insertTexts.set(key, text);
  }
  return text;
}

/** One multi-row INSERT of `params.length / columns.length` rows, their values in row order. */
async function insertFlat(manager: EntityManager, table: string, columns: string[], params: unknown[]) {
  const postgres = dialectOf(manager) === 'postgres';
  await manager.query(insertText(postgres, table, columns, params.length / columns.length), params);
}

/**
 * Inserts rows of a table, as many a statement as INSERT_PARAMETERS allows, with one bound parameter per value;
 * values must be what the driver stores (see insertEntityRows for entities). Bulk writes go through here rather
 * than TypeORM's insert builder, which spends time quadratic in a statement's parameters naming them.
 */
export async function insertRows(
  manager: EntityManager,
  table: string,
  columns: string[],
  rows: unknown[][],
  maxRows = 1000,
): Promise<void> {
  const perStatement = rowsPerStatement(columns.length, maxRows);
  for (let i = 0; i < rows.length; i += perStatement) {
    await insertFlat(manager, table, columns, rows.slice(i, i + perStatement).flat());
  }
}

/**
 * Inserts entities' rows in the order given, without reading them back: each property is converted as TypeORM
 * converts it (dates, JSON, booleans); a column a row leaves undefined keeps its default (rows leaving out the same
 * columns share statements). Values are converted a statement at a time, so a long list is not held twice.
 */
export async function insertEntityRows<T extends object>(
  manager: EntityManager,
  target: EntityTarget<T>,
  rows: DeepPartial<T>[],
  maxRows = 1000,
): Promise<void> {
  const metadata = manager.connection.getMetadata(target);
  const driver = manager.connection.driver;
  const columns = metadata.columns.filter((c) => !c.isVirtual);
  let given: typeof columns = [];
  let givenSet = new Set<(typeof columns)[number]>();
  let names: string[] = [];
  let params: unknown[] = [];
  let perStatement = 0;
  for (const row of rows as Record<string, unknown>[]) {
    // a new statement when the row gives other columns than the one before, or the statement is full
    const same = given.length > 0 && columns.every((c) => (row[c.propertyName] !== undefined) === givenSet.has(c));
    if (!same || params.length >= perStatement * given.length) {
      if (params.length) await insertFlat(manager, metadata.tableName, names, params);
      params = [];
      if (!same) {
        given = columns.filter((c) => row[c.propertyName] !== undefined);
        givenSet = new Set(given);
        names = given.map((c) => c.databaseName);
        perStatement = rowsPerStatement(given.length, maxRows);
      }
    }
    for (const c of given) params.push(driver.preparePersistentValue(row[c.propertyName], c));
  }
  if (params.length) await insertFlat(manager, metadata.tableName, names, params);
}

/** A statement written with PostgreSQL's numbered parameters ($1, $2…) for the dialect (SQLite's ?1, ?2…). */
export function numbered(dialect: Dialect, sql: string): string {
  return dialect === 'postgres' ? sql : sql.replace(/\$(\d+)/g, '?$1');
}

/**
 * A read run as a named prepared statement on PostgreSQL outside a transaction: each pooled connection parses and
 * plans it once, then binds and runs it (a list page's statement takes longer to plan than to run). Inside a
 * transaction, and on SQLite (whose driver keeps no statements), it is an ordinary query of the manager's.
 */
export async function preparedRead<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const runner = manager.queryRunner;
  if (dialectOf(manager) !== 'postgres' || (runner && runner.isTransactionActive)) return manager.query(sql, params);
  const pool = (manager.connection.driver as unknown as { master: PgPool }).master;
  const name = `zb_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
  if (!preparedNames.has(name)) {
    // A connection keeps each named statement until it closes; beyond the bound a statement text (a rare
    // combination of filters) is run unnamed, so a connection never holds more than PREPARED_BOUND plans.
    if (preparedNames.size >= PREPARED_BOUND) return (await pool.query({ text: sql, values: params })).rows as T[];
    preparedNames.add(name);
  }
  return (await pool.query({ name, text: sql, values: params })).rows as T[];
}

/** The most statement texts prepared by name on each PostgreSQL connection (the list's common filters fit). */
const PREPARED_BOUND = 200;
const preparedNames = new Set<string>();

interface PgPool {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/** A timestamp read from a raw row: a Date already (PostgreSQL), or SQLite's text, which is UTC without a zone. */
export const toDate = (v: unknown): Date =>
  v instanceof Date
    ? v
    : new Date(typeof v === 'string' && !/[zZ]$|[+-]\d\d:?\d\d$/.test(v) ? `${v.replace(' ', 'T')}Z` : String(v));
