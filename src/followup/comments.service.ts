// Comments (留言) on a task: written by whoever may read the task except the viewer, edited by the author within
// comments.editMinutes, deleted (kept, with the reason) by the author within that window or by the office.
// Mentioned units (given, or written as @code / @name in the body) see the comment in their next digest.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { assertCan, can, loadedTaskObject } from '../access';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ReportsRepository } from '../reports/reports.repository';
import { TasksService } from '../tasks/tasks.service';
import type { Unit } from '../units/unit.entity';
import { UnitsRepository } from '../units/units.repository';
import type { Comment } from './comment.entity';
import { CommentsRepository, type CommentRow, type MentionRow, type UnitMentionRow } from './comments.repository';

export type CommentAction = 'comment.edit' | 'comment.delete';

export interface CommentView {
  id: number;
  taskId: number;
  reportId: number | null;
  /** null once deleted. */
  body: string | null;
  author: { id: number; displayName: string } | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  deletedBy: { id: number; displayName: string } | null;
  deleteReason: string | null;
  mentions: { id: number; code: string; name: string; nameEn: string | null }[];
  allowedActions: CommentAction[];
}

/** The units a body names as @code or @name (a name or code followed by a space, punctuation or the end). */
export function mentionedUnits(body: string, units: Pick<Unit, 'id' | 'code' | 'name'>[]): number[] {
  const out: number[] = [];
  const lower = body.toLowerCase();
  for (const u of units) {
    for (const label of [u.name, u.code]) {
      const needle = `@${label.toLowerCase()}`;
      let at = lower.indexOf(needle);
      while (at >= 0) {
        const next = lower.charAt(at + needle.length);
        // a code must end where the word ends (@yd, not @ydx); a Chinese name may run into the sentence
        if (label === u.name || !/[a-z0-9_-]/.test(next)) {
          out.push(u.id);
          break;
        }
        at = lower.indexOf(needle, at + 1);
      }
      if (out.includes(u.id)) break;
    }
  }
  return out;
}

@Injectable()
export class CommentsService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly comments: CommentsRepository,
    private readonly tasks: TasksService,
    private readonly reports: ReportsRepository,
    private readonly units: UnitsRepository,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
  ) {}

  async create(
    actor: Actor,
    taskId: number,
    dto: { body: string; reportId?: number; mentionUnitIds?: number[] },
  ): Promise<CommentView> {
    assertCan(actor, 'comment.create');
    const id = await this.txHost.withTransaction(async () => {
      const task = await this.tasks.findReadable(actor, taskId);
      assertCan(actor, 'comment.create', loadedTaskObject(task));
      if (dto.reportId !== undefined) {
        const report = await this.reports.findById(dto.reportId);
        if (!report || report.taskId !== taskId) {
          throw new InvalidFieldError(
            'reportId',
            `report ${dto.reportId} is not a report on this task`,
            `进展报送 ${dto.reportId} 不属于该任务`,
            'unknown_report',
          );
        }
      }
      const all = await this.units.all();
      const given = dto.mentionUnitIds ?? [];
      const unknown = given.filter((u) => !all.some((x) => x.id === u));
      if (unknown.length) {
        throw new InvalidFieldError(
          'mentionUnitIds',
          `unknown units ${unknown.join(', ')}`,
          `单位 ${unknown.join('、')} 不存在`,
          'unknown_unit',
        );
      }
      const body = dto.body.trim();
      const id = await this.comments.insert({
        taskId,
        reportId: dto.reportId ?? null,
        body,
        authorId: actor.id || null,
        createdAt: this.clock.now(),
      });
      const mentions = [...new Set([...given, ...mentionedUnits(body, all)])];
      await this.comments.addMentions(id, mentions);
      await this.audit.record(actor, 'task', taskId, 'comment.create', [
        { field: 'comment', from: null, to: { id, body, mentionUnitIds: mentions } },
      ]);
      return id;
    });
    return this.one(actor, id);
  }

  /** The author edits the body within the edit window (409 comment_edit_window_closed after it). */
  async edit(actor: Actor, id: number, body: string): Promise<CommentView> {
    await this.txHost.withTransaction(async () => {
      const comment = await this.readable(actor, id);
      if (comment.authorId !== actor.id) {
        throw new ForbiddenError('Only the author edits a comment', '只有留言人可以修改留言', 'not_author');
      }
      this.assertNotDeleted(comment);
      this.assertWindowOpen(comment);
      const text = body.trim();
      await this.comments.update(id, { body: text, editedAt: this.clock.now() });
      await this.comments.addMentions(id, mentionedUnits(text, await this.units.all()));
      await this.audit.record(actor, 'task', comment.taskId, 'comment.edit', [
        { field: 'comment', from: { id, body: comment.body }, to: { id, body: text } },
      ]);
    });
    return this.one(actor, id);
  }

  /** Deletes a comment, keeping it on record with the reason: the author within the window, or the office. */
  async remove(actor: Actor, id: number, reason: string): Promise<CommentView> {
    await this.txHost.withTransaction(async () => {
      const comment = await this.readable(actor, id);
      if (!can(actor, 'comment.moderate')) {
        if (comment.authorId !== actor.id) {
          throw new ForbiddenError(
            'Only the author or the office deletes a comment',
            '只有留言人或专班办公室可以删除留言',
            'not_author',
          );
        }
        this.assertNotDeleted(comment);
        this.assertWindowOpen(comment);
      }
      this.assertNotDeleted(comment);
      await this.comments.update(id, {
        deletedAt: this.clock.now(),
        deletedById: actor.id || null,
        deleteReason: reason.trim(),
      });
      await this.audit.record(actor, 'task', comment.taskId, 'comment.delete', [
        { field: 'comment', from: { id, body: comment.body }, to: { id, deleteReason: reason.trim() } },
      ]);
    });
    return this.one(actor, id);
  }

  /** The thread of a task the actor may read. */
  async forTask(actor: Actor, taskId: number): Promise<CommentView[]> {
    await this.tasks.findReadable(actor, taskId);
    const { comments, mentions } = await this.comments.list({ taskId });
    return comments.map((c) => this.view(actor, c, mentions));
  }

  /** A task's thread, oldest first, with the names of authors and mentioned units (no caller's actions). */
  async listForTask(taskId: number): Promise<CommentView[]> {
    const { comments, mentions } = await this.comments.list({ taskId });
    return comments.map((c) => this.view(null, c, mentions));
  }

  /** Comments mentioning each unit since its instant (the unit's previous digest), newest first. */
  mentioningUnits(since: Map<number, Date>, limit: number): Promise<UnitMentionRow[]> {
    return this.comments.mentioningUnits(since, limit);
  }

  private async readable(actor: Actor, id: number): Promise<Comment> {
    const comment = await this.comments.findById(id);
    if (!comment) throw new NotFoundError('Comment', id, '留言');
    await this.tasks.findReadable(actor, comment.taskId);
    return comment;
  }

  /** Checked after who may act, so that a refusal does not tell what became of the comment. */
  private assertNotDeleted(comment: Comment): void {
    if (comment.deletedAt) {
      throw new ConflictError(`Comment ${comment.id} was deleted`, `留言 ${comment.id} 已删除`, 'comment_deleted');
    }
  }

  private windowOpen(createdAt: Date): boolean {
    return this.clock.now().getTime() - createdAt.getTime() <= this.config.comments.editMinutes * 60_000;
  }

  private assertWindowOpen(comment: Pick<Comment, 'createdAt'>): void {
    if (!this.windowOpen(comment.createdAt)) {
      const minutes = this.config.comments.editMinutes;
      throw new ConflictError(
        `A comment may be changed within ${minutes} minutes of writing it`,
        `留言只能在发表后${minutes}分钟内修改或删除`,
        'comment_edit_window_closed',
      );
    }
  }

  private async one(actor: Actor, id: number): Promise<CommentView> {
    const { comments, mentions } = await this.comments.list({ id });
    return this.view(actor, comments[0], mentions);
  }

  private view(actor: Actor | null, c: CommentRow, mentions: MentionRow[]): CommentView {
    const allowedActions: CommentAction[] = [];
    if (actor && !c.deletedAt) {
      const own = c.authorId !== null && c.authorId === actor.id && this.windowOpen(c.createdAt);
      if (own) allowedActions.push('comment.edit');
      if (own || can(actor, 'comment.moderate')) allowedActions.push('comment.delete');
    }
    return {
      id: c.id,
      taskId: c.taskId,
      reportId: c.reportId,
      body: c.deletedAt ? null : c.body,
      author: c.authorId !== null ? { id: c.authorId, displayName: c.authorName ?? '' } : null,
      createdAt: c.createdAt.toISOString(),
      editedAt: c.editedAt?.toISOString() ?? null,
      deletedAt: c.deletedAt?.toISOString() ?? null,
      deletedBy: c.deletedById !== null ? { id: c.deletedById, displayName: c.deletedByName ?? '' } : null,
      deleteReason: c.deleteReason,
      mentions: mentions
        .filter((m) => m.commentId === c.id)
        .map((m) => ({ id: m.unitId, code: m.unitCode, name: m.unitName, nameEn: m.unitNameEn })),
      allowedActions,
    };
  }
}
