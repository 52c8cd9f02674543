// The few places where SQLite and PostgreSQL differ, written once: the features' repositories build their
// queries from these and never spell dialect-specific SQL themselves.
import type { DataSource, EntityManager } from 'typeorm';
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
