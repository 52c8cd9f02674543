// Records who changed what, when, from what to what: one row per changed field, written in the same
// transaction as the change itself (the ambient one: the `em` parameters are kept for callers and not used).
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { ClockService } from '../common/clock.service';
import { AuditRepository, type AuditFilter } from './audit.repository';

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

  recordCreate<T extends object>(actor: Actor, type: string, id: number, obj: T, fields: (keyof T)[]) {
    const changes = fields
      .filter((f) => obj[f] !== null && obj[f] !== undefined)
      .map((f) => ({ field: String(f), from: null, to: obj[f] }));
    return this.record(actor, type, id, 'create', changes);
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
