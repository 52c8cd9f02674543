// The audit log's table: entries are appended in the caller's transaction and read back newest first.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { AuditEntry } from './audit-entry.entity';

/** A row as written: its place in the hash chain comes later, when it is sealed. */
export type NewAuditEntry = Omit<AuditEntry, 'id' | 'chainSeq' | 'chainHash'>;

export interface AuditFilter {
  entityType?: string;
  entityId?: number;
  actorId?: number;
  page: number;
  pageSize: number;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(AuditEntry);
  }

  async append(rows: NewAuditEntry[]): Promise<void> {
    await this.repo.insert(rows);
  }

  /** One page of entries matching the filter, newest first, with the total count. */
  pageOf(filter: AuditFilter): Promise<[AuditEntry[], number]> {
    const qb = this.repo.createQueryBuilder('a').orderBy('a.id', 'DESC');
    if (filter.entityType) qb.andWhere('a.entityType = :t', { t: filter.entityType });
    if (filter.entityId) qb.andWhere('a.entityId = :e', { e: filter.entityId });
    if (filter.actorId) qb.andWhere('a.actorId = :u', { u: filter.actorId });
    return qb
      .skip((filter.page - 1) * filter.pageSize)
      .take(filter.pageSize)
      .getManyAndCount();
  }

  // --- read by meetings, digests, spreadsheets and plan files ---

  /** The entries about tasks recorded after the instant, as raw rows (entityId as taskId). */
  taskEntriesSince(since: Date): Promise<Record<string, unknown>[]> {
    return this.repo
      .createQueryBuilder('a')
      .select('a.id', 'id')
      .addSelect('a.at', 'at')
      .addSelect('a.actorId', 'actorId')
      .addSelect('a.actorEmail', 'actorEmail')
      .addSelect('a.entityId', 'taskId')
      .addSelect('a.action', 'action')
      .addSelect('a.field', 'field')
      .addSelect('a.oldValue', 'oldValue')
      .addSelect('a.newValue', 'newValue')
      .where('a.entityType = :type', { type: 'task' })
      .andWhere('a.at > :since', { since })
      .getRawMany<Record<string, unknown>>();
  }
}
