// Records who changed what, when, from what to what: one row per changed field, written in the same
// transaction as the change itself (the ambient one: the `em` parameters are kept for callers and not used).
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { ClockService } from '../common/clock.service';
import { AuditRepository, type AuditFilter, type NewAuditEntry } from './audit.repository';

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

function serialize(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Rows per INSERT: nine columns each, well under either database's parameter limit. */
const AUDIT_BATCH = 500;

/** The changes that record a new object: every field with a value. */
export function createChanges<T extends object>(obj: T, fields: (keyof T)[]): FieldChange[] {
  return fields
    .filter((f) => obj[f] !== null && obj[f] !== undefined)
    .map((f) => ({ field: String(f), from: null, to: obj[f] }));
}

/** The fields whose values differ between two snapshots. */
export function diff<T extends object>(before: T, after: T, fields: (keyof T)[]): FieldChange[] {
  return fields
    .filter((f) => serialize(before[f]) !== serialize(after[f]))
    .map((f) => ({ field: String(f), from: before[f], to: after[f] }));
}

@Injectable()
export class AuditService {
  constructor(
    private readonly entries: AuditRepository,
    private readonly clock: ClockService,
  ) {}

  async record(
    actor: Actor,
    entityType: string,
    entityId: number,
    action: string,
    changes: FieldChange[] = [],
  ): Promise<void> {
    const at = this.clock.now();
    const base = { at, actorId: actor.id || null, actorEmail: actor.email, entityType, entityId, action };
    const rows = changes.length
      ? changes.map((c) => ({ ...base, field: c.field, oldValue: serialize(c.from), newValue: serialize(c.to) }))
      : [{ ...base, field: null, oldValue: null, newValue: null }];
    await this.entries.append(rows);
  }

  /** Many records at once (an import's tasks), written in batches; a record without changes is one row. */
  async recordAll(
    actor: Actor,
    records: { entityType: string; entityId: number; action: string; changes: FieldChange[] }[],
  ): Promise<void> {
    const at = this.clock.now();
    const rows: NewAuditEntry[] = [];
    for (const { changes, ...what } of records) {
      const base = { at, actorId: actor.id || null, actorEmail: actor.email, ...what };
      if (!changes.length) rows.push({ ...base, field: null, oldValue: null, newValue: null });
      for (const c of changes) {
        rows.push({ ...base, field: c.field, oldValue: serialize(c.from), newValue: serialize(c.to) });
      }
    }
    for (let i = 0; i < rows.length; i += AUDIT_BATCH) await this.entries.append(rows.slice(i, i + AUDIT_BATCH));
  }

  recordCreate<T extends object>(actor: Actor, type: string, id: number, obj: T, fields: (keyof T)[]) {
    return this.record(actor, type, id, 'create', createChanges(obj, fields));
  }

  async recordUpdate<T extends object>(
    actor: Actor,
    type: string,
    id: number,
    before: T,
    after: T,
    fields: (keyof T)[],
    action = 'update',
  ): Promise<void> {
    const changes = diff(before, after, fields);
    if (changes.length) await this.record(actor, type, id, action, changes);
  }

  async query(filter: AuditFilter) {
    const [items, total] = await this.entries.pageOf(filter);
    return { items, total, page: filter.page, pageSize: filter.pageSize };
  }
}
