// The urging table: urgings on a task with the names of units and people, and counts per unit for a period.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { Urging } from './urging.entity';

export interface UrgingRow {
  id: number;
  taskId: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitNameEn: string | null;
  note: string;
  byId: number | null;
  byName: string | null;
  createdAt: Date;
}

export interface UrgingCountRow {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitNameEn: string | null;
  count: number;
}

import { toDate } from '../database/sql';

export { toDate };

@Injectable()
export class UrgingsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Urging);
  }

  insert(fields: Omit<Urging, 'id' | 'task' | 'unit'>): Promise<Urging> {
    return this.repo.save(this.repo.create(fields));
  }

  /** A task's urgings, newest first. */
  async listForTask(taskId: number): Promise<UrgingRow[]> {
    const rows = await this.repo
      .createQueryBuilder('g')
      .innerJoin('g.unit', 'u')
      .leftJoin('user', 'p', 'p."id" = g."byId"')
      .select([
        'g."id" AS "id"',
        'g."taskId" AS "taskId"',
        'g."unitId" AS "unitId"',
        'u."code" AS "unitCode"',
        'u."name" AS "unitName"',
        'u."nameEn" AS "unitNameEn"',
        'g."note" AS "note"',
        'g."byId" AS "byId"',
        'p."displayName" AS "byName"',
        'g."createdAt" AS "createdAt"',
      ])
      .where('g."taskId" = :taskId', { taskId })
      .orderBy('g."createdAt"', 'DESC')
      .addOrderBy('g."id"', 'DESC')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      ...(r as unknown as UrgingRow),
      id: Number(r.id),
      taskId: Number(r.taskId),
      unitId: Number(r.unitId),
      byId: r.byId === null ? null : Number(r.byId),
      createdAt: toDate(r.createdAt),
    }));
  }

  /** A task's urgings per unit, for the task answer. One grouped query. */
  async countsForTask(taskId: number): Promise<{ unitId: number; count: number }[]> {
    const rows = await this.repo
      .createQueryBuilder('g')
      .select('g."unitId"', 'unitId')
      .addSelect('COUNT(*)', 'count')
      .where('g."taskId" = :taskId', { taskId })
      .groupBy('g."unitId"')
      .orderBy('g."unitId"', 'ASC')
      .getRawMany<{ unitId: unknown; count: unknown }>();
    return rows.map((r) => ({ unitId: Number(r.unitId), count: Number(r.count) }));
  }

  /** Urgings per unit made between two instants (from inclusive, to exclusive). One grouped query. */
  async countsByUnit(from: Date, to: Date, planId?: number): Promise<UrgingCountRow[]> {
    const qb = this.repo
      .createQueryBuilder('g')
      .innerJoin('g.unit', 'u')
      .select('g."unitId"', 'unitId')
      .addSelect('u."code"', 'unitCode')
      .addSelect('u."name"', 'unitName')
      .addSelect('u."nameEn"', 'unitNameEn')
      .addSelect('COUNT(*)', 'count')
      .where('g."createdAt" >= :from AND g."createdAt" < :to', { from, to })
      .groupBy('g."unitId"')
      .addGroupBy('u."code"')
      .addGroupBy('u."name"')
      .addGroupBy('u."nameEn"')
      .orderBy('u."code"', 'ASC');
    if (planId !== undefined) qb.innerJoin('g.task', 't', 't."planId" = :planId', { planId });
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      unitId: Number(r.unitId),
      unitCode: r.unitCode as string,
      unitName: r.unitName as string,
      unitNameEn: (r.unitNameEn as string | null) ?? null,
      count: Number(r.count),
    }));
  }

  /** The urgings made in [from, to), a unit's only when given. */
  between(from: Date, to: Date, unitId?: number): Promise<Pick<Urging, 'id' | 'taskId' | 'unitId' | 'createdAt'>[]> {
    const qb = this.repo
      .createQueryBuilder('g')
      .select(['g.id', 'g.taskId', 'g.unitId', 'g.createdAt'])
      .where('g."createdAt" >= :from AND g."createdAt" < :to', { from, to });
    if (unitId !== undefined) qb.andWhere('g."unitId" = :unitId', { unitId });
    return qb.orderBy('g.id', 'ASC').getMany();
  }
}
