// Records who changed what, when, from what to what: one row per changed field, written in the same
// transaction as the change itself.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../auth/actor';
import { ClockService } from '../common/clock.service';
import { AuditEntry } from './audit-entry.entity';

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
    @InjectRepository(AuditEntry) private readonly entries: Repository<AuditEntry>,
    private readonly clock: ClockService,
  ) {}

  async record(
    em: EntityManager,
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
    await em.insert(AuditEntry, rows);
  }

  recordCreate<T extends object>(
    em: EntityManager,
    actor: Actor,
    type: string,
    id: number,
    obj: T,
    fields: (keyof T)[],
  ) {
    const changes = fields
      .filter((f) => obj[f] !== null && obj[f] !== undefined)
      .map((f) => ({ field: String(f), from: null, to: obj[f] }));
    return this.record(em, actor, type, id, 'create', changes);
  }

  async recordUpdate<T extends object>(
    em: EntityManager,
    actor: Actor,
    type: string,
    id: number,
    before: T,
    after: T,
    fields: (keyof T)[],
    action = 'update',
  ): Promise<void> {
    const changes = diff(before, after, fields);
    if (changes.length) await this.record(em, actor, type, id, action, changes);
  }

  query(filter: { entityType?: string; entityId?: number; actorId?: number; page: number; pageSize: number }) {
    const qb = this.entries.createQueryBuilder('a').orderBy('a.id', 'DESC');
    if (filter.entityType) qb.andWhere('a.entityType = :t', { t: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entityId = :e', { e: filter.entityId });
    if (filter.actorId) qb.andWhere('a.actorId = :u', { u: filter.actorId });
    return qb
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount()
      .then(([items, total]) => ({ items, total, page: filter.page, pageSize: filter.pageSize }));
  }
}
