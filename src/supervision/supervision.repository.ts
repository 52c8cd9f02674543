// The supervision_notice and supervision_reply tables: the only code that reads or writes them.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import type { DeepPartial } from 'typeorm';
import type { SqlScope } from '../access';
import { col } from '../database/sql';
import { SupervisionNotice, type NoticeGrade, type NoticeStatus } from './supervision-notice.entity';
import { SupervisionReply } from './supervision-reply.entity';

export interface NoticeFilter {
  status?: NoticeStatus;
  unitId?: number;
  taskId?: number;
}

/** A reply with the names of who filed it. */
export interface ReplyRow extends SupervisionReply {
  byName: string | null;
}

@Injectable()
export class SupervisionRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get notices() {
    return this.txHost.tx.getRepository(SupervisionNotice);
  }

  private get replies() {
    return this.txHost.tx.getRepository(SupervisionReply);
  }

  insertNotice(fields: DeepPartial<SupervisionNotice>): Promise<SupervisionNotice> {
    return this.notices.save(this.notices.create(fields));
  }

  findNotice(id: number): Promise<SupervisionNotice | null> {
    return this.notices.findOneBy({ id });
  }

  openOf(taskId: number, grade: NoticeGrade): Promise<SupervisionNotice | null> {
    return this.notices.findOneBy({ taskId, grade, status: 'open' });
  }

  countOf(taskId: number, grade: NoticeGrade): Promise<number> {
    return this.notices.countBy({ taskId, grade });
  }

  /** The task's latest notice, the one the task's own document routes render. */
  latestOfTask(taskId: number): Promise<SupervisionNotice | null> {
    return this.notices.findOne({ where: { taskId }, order: { id: 'DESC' } });
  }

  /** Notices matching the filter, newest first, restricted to the actor's scope. */
  list(filter: NoticeFilter, scope: SqlScope | null): Promise<SupervisionNotice[]> {
    const qb = this.notices.createQueryBuilder('n').orderBy('n.id', 'DESC');
    if (filter.status) qb.andWhere(`${col('n', 'status')} = :status`, { status: filter.status });
    if (filter.unitId !== undefined) qb.andWhere(`${col('n', 'unitId')} = :unitId`, { unitId: filter.unitId });
    if (filter.taskId !== undefined) qb.andWhere(`${col('n', 'taskId')} = :taskId`, { taskId: filter.taskId });
    if (scope) qb.andWhere(scope.where, scope.params);
    return qb.getMany();
  }

  async markReplied(id: number, at: Date): Promise<void> {
    await this.notices.update({ id }, { status: 'replied', repliedAt: at });
  }

  insertReply(fields: DeepPartial<SupervisionReply>): Promise<SupervisionReply> {
    return this.replies.save(this.replies.create(fields));
  }

  /** The replies of the notices, oldest first, with the filer's display name. */
  async repliesOf(noticeIds: number[]): Promise<ReplyRow[]> {
    if (!noticeIds.length) return [];
    const rows = await this.replies
      .createQueryBuilder('r')
      .leftJoin('user', 'u', `${col('u', 'id')} = ${col('r', 'byId')}`)
      .select('r.*')
      .addSelect(col('u', 'displayName'), 'byName')
      .where(`${col('r', 'noticeId')} IN (:...noticeIds)`, { noticeIds })
      .orderBy(col('r', 'id'), 'ASC')
      .getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      id: Number(r.id),
      noticeId: Number(r.noticeId),
      text: String(r.text),
      byId: Number(r.byId),
      unitId: Number(r.unitId),
      late: r.late === true || r.late === 1 || r.late === '1',
      createdAt: r.createdAt instanceof Date ? r.createdAt : new Date(`${String(r.createdAt).replace(' ', 'T')}Z`),
      byName: (r.byName as string | null) ?? null,
    }));
  }

  /** A reply with the task of its notice, or null. */
  async findReply(id: number): Promise<{ id: number; noticeId: number; taskId: number; unitId: number } | null> {
    const row = await this.replies
      .createQueryBuilder('r')
      .innerJoin(SupervisionNotice, 'n', `${col('n', 'id')} = ${col('r', 'noticeId')}`)
      .select(col('r', 'id'), 'id')
      .addSelect(col('r', 'noticeId'), 'noticeId')
      .addSelect(col('n', 'taskId'), 'taskId')
      .addSelect(col('r', 'unitId'), 'unitId')
      .where(`${col('r', 'id')} = :id`, { id })
      .getRawOne<Record<string, unknown>>();
    if (!row) return null;
    return {
      id: Number(row.id),
      noticeId: Number(row.noticeId),
      taskId: Number(row.taskId),
      unitId: Number(row.unitId),
    };
  }

  /** Open notices whose reply date has passed before `today`: unanswered in time. */
  unansweredBefore(today: string): Promise<SupervisionNotice[]> {
    return this.notices
      .createQueryBuilder('n')
      .where(`${col('n', 'status')} = 'open'`)
      .andWhere(`${col('n', 'replyDueOn')} < :today`, { today })
      .orderBy('n.id', 'ASC')
      .getMany();
  }

  /** Notices issued from `from` to `to` (inclusive), for the assessment: one row each, optionally of one unit. */
  issuedBetween(
    from: string,
    to: string,
    unitId?: number,
  ): Promise<Pick<SupervisionNotice, 'id' | 'unitId' | 'taskId' | 'issuedOn' | 'number' | 'grade'>[]> {
    const qb = this.notices
      .createQueryBuilder('n')
      .select(['n.id', 'n.unitId', 'n.taskId', 'n.issuedOn', 'n.number', 'n.grade'])
      .where(`${col('n', 'issuedOn')} BETWEEN :from AND :to`, { from, to });
    if (unitId !== undefined) qb.andWhere(`${col('n', 'unitId')} = :unitId`, { unitId });
    return qb.orderBy('n.id', 'ASC').getMany();
  }

  /** Notices issued from `from` to `to` counted per unit, in one grouped query. */
  async issuedCounts(from: string, to: string): Promise<{ unitId: number; count: number }[]> {
    const rows = await this.notices
      .createQueryBuilder('n')
      .select(col('n', 'unitId'), 'unitId')
      .addSelect('COUNT(*)', 'count')
      .where(`${col('n', 'issuedOn')} BETWEEN :from AND :to`, { from, to })
      .groupBy(col('n', 'unitId'))
      .getRawMany<{ unitId: unknown; count: unknown }>();
    return rows.map((r) => ({ unitId: Number(r.unitId), count: Number(r.count) }));
  }
}
