// The comment and comment_mention tables: a task's thread with the names of authors, deleters and mentioned units,
// and the comments mentioning units since each unit's previous digest.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Injectable } from '@nestjs/common';
import { insertEntityRows } from '../database/sql';
import { Comment, CommentMention } from './comment.entity';
import { toDate } from './urgings.repository';

export interface CommentRow {
  id: number;
  taskId: number;
  reportId: number | null;
  body: string;
  authorId: number | null;
  authorName: string | null;
  createdAt: Date;
  editedAt: Date | null;
  deletedAt: Date | null;
  deletedById: number | null;
  deletedByName: string | null;
  deleteReason: string | null;
}

export interface MentionRow {
  commentId: number;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitNameEn: string | null;
}

/** A comment mentioning a unit, for the unit's digest. */
export interface UnitMentionRow {
  unitId: number;
  commentId: number;
  taskId: number;
  taskCode: string;
  taskTitle: string;
  taskTitleEn: string | null;
  body: string;
  authorName: string | null;
  createdAt: Date;
}

const nullableDate = (v: unknown): Date | null => (v === null || v === undefined ? null : toDate(v));

@Injectable()
export class CommentsRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repo() {
    return this.txHost.tx.getRepository(Comment);
  }

  async insert(fields: Pick<Comment, 'taskId' | 'reportId' | 'body' | 'authorId' | 'createdAt'>): Promise<number> {
    const saved = await this.repo.save(this.repo.create({ ...fields, mentions: [] }));
    return saved.id;
  }

  async addMentions(commentId: number, unitIds: number[]): Promise<void> {
    if (!unitIds.length) return;
    const existing = await this.txHost.tx.getRepository(CommentMention).findBy({ commentId });
    const fresh = [...new Set(unitIds)].filter((u) => !existing.some((e) => e.unitId === u));
    if (fresh.length) {
      await insertEntityRows(
        this.txHost.tx,
        CommentMention,
        fresh.map((unitId) => ({ commentId, unitId })),
      );
    }
  }

  findById(id: number): Promise<Comment | null> {
    return this.repo.findOneBy({ id });
  }

  async update(
    id: number,
    patch: Partial<Pick<Comment, 'body' | 'editedAt' | 'deletedAt' | 'deletedById' | 'deleteReason'>>,
  ) {
    await this.repo.update(id, patch);
  }

  /** A task's comments, oldest first (a thread reads downwards), or one comment by id. */
  async list(where: { taskId?: number; id?: number }): Promise<{ comments: CommentRow[]; mentions: MentionRow[] }> {
    const qb = this.repo
      .createQueryBuilder('c')
      .leftJoin('user', 'a', 'a."id" = c."authorId"')
      .leftJoin('user', 'd', 'd."id" = c."deletedById"')
      .select([
        'c."id" AS "id"',
        'c."taskId" AS "taskId"',
        'c."reportId" AS "reportId"',
        'c."body" AS "body"',
        'c."authorId" AS "authorId"',
        'a."displayName" AS "authorName"',
        'c."createdAt" AS "createdAt"',
        'c."editedAt" AS "editedAt"',
        'c."deletedAt" AS "deletedAt"',
        'c."deletedById" AS "deletedById"',
        'd."displayName" AS "deletedByName"',
        'c."deleteReason" AS "deleteReason"',
      ])
      .orderBy('c."createdAt"', 'ASC')
      .addOrderBy('c."id"', 'ASC');
    if (where.taskId !== undefined) qb.andWhere('c."taskId" = :taskId', { taskId: where.taskId });
    if (where.id !== undefined) qb.andWhere('c."id" = :id', { id: where.id });
    const raw = await qb.getRawMany<Record<string, unknown>>();
    const comments = raw.map((r) => ({
      ...(r as unknown as CommentRow),
      id: Number(r.id),
      taskId: Number(r.taskId),
      reportId: r.reportId === null ? null : Number(r.reportId),
      authorId: r.authorId === null ? null : Number(r.authorId),
      deletedById: r.deletedById === null ? null : Number(r.deletedById),
      createdAt: toDate(r.createdAt),
      editedAt: nullableDate(r.editedAt),
      deletedAt: nullableDate(r.deletedAt),
    }));
    if (!comments.length) return { comments, mentions: [] };
    const mentions = await this.txHost.tx
      .getRepository(CommentMention)
      .createQueryBuilder('m')
      .innerJoin('unit', 'u', 'u."id" = m."unitId"')
      .select([
        'm."commentId" AS "commentId"',
        'm."unitId" AS "unitId"',
        'u."code" AS "unitCode"',
        'u."name" AS "unitName"',
        'u."nameEn" AS "unitNameEn"',
      ])
      .where('m."commentId" IN (:...ids)', { ids: comments.map((c) => c.id) })
      .orderBy('m."unitId"', 'ASC')
      .getRawMany<Record<string, unknown>>();
    return {
      comments,
      mentions: mentions.map((m) => ({
        ...(m as unknown as MentionRow),
        commentId: Number(m.commentId),
        unitId: Number(m.unitId),
      })),
    };
  }

  /**
   * The comments not deleted that mention each of these units, written after the unit's own instant (its previous
   * digest), newest first, at most `limit` a unit. One query over the units' mentions.
   */
  async mentioningUnits(since: Map<number, Date>, limit: number): Promise<UnitMentionRow[]> {
    if (!since.size) return [];
    const earliest = new Date(Math.min(...[...since.values()].map((d) => d.getTime())));
    const raw = await this.txHost.tx
      .getRepository(CommentMention)
      .createQueryBuilder('m')
      .innerJoin('comment', 'c', 'c."id" = m."commentId"')
      .innerJoin('task', 't', 't."id" = c."taskId"')
      .leftJoin('user', 'a', 'a."id" = c."authorId"')
      .select([
        'm."unitId" AS "unitId"',
        'c."id" AS "commentId"',
        'c."taskId" AS "taskId"',
        't."code" AS "taskCode"',
        't."title" AS "taskTitle"',
        't."titleEn" AS "taskTitleEn"',
        'c."body" AS "body"',
        'a."displayName" AS "authorName"',
        'c."createdAt" AS "createdAt"',
      ])
      .where('m."unitId" IN (:...units)', { units: [...since.keys()] })
      .andWhere('c."deletedAt" IS NULL AND c."createdAt" > :earliest', { earliest })
      .orderBy('c."createdAt"', 'DESC')
      .addOrderBy('c."id"', 'DESC')
      .getRawMany<Record<string, unknown>>();
    const perUnit = new Map<number, number>();
    const out: UnitMentionRow[] = [];
    for (const r of raw) {
      const row = {
        ...(r as unknown as UnitMentionRow),
        unitId: Number(r.unitId),
        commentId: Number(r.commentId),
        taskId: Number(r.taskId),
        createdAt: toDate(r.createdAt),
      };
      const from = since.get(row.unitId);
      if (!from || row.createdAt <= from) continue;
      const n = perUnit.get(row.unitId) ?? 0;
      if (n >= limit) continue;
      perUnit.set(row.unitId, n + 1);
      out.push(row);
    }
    return out;
  }
}
