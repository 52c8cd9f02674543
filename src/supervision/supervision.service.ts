// Supervision notices (督办单) as records: issued by the office or a lead to the lead unit of a task graded yellow
// or red, numbered once and frozen, mailed to the unit with the document attached; answered by the unit's liaison.
// Other features read notices and replies through listForTask and findReply, and hear of new notices through
// SupervisionEvents.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { assertCan, can, listScope, noticeObject, type Action } from '../access';
import type { Actor } from '../auth/actor';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { isUniqueViolation } from '../database/sql';
import type { DocLocale } from '../documents/docx';
import { PaperService } from '../documents/paper.service';
import { OutboxService } from '../mail/outbox.service';
import { TemplateRenderer } from '../mail/template-renderer';
import { RecipientsService } from '../units/recipients.service';
import { UsersRepository } from '../users/users.repository';
import { SupervisionEvents } from './supervision-events';
import { SupervisionNoticeService, type SupervisionFile } from './supervision-notice.service';
import type { NoticeGrade, SupervisionNotice } from './supervision-notice.entity';
import { SupervisionRepository, type NoticeFilter, type ReplyRow } from './supervision.repository';
import { snapshotInput } from './supervision-snapshot';
import type { IssueNoticeDto, ReplyNoticeDto } from './supervision.dto';

const GRADES: readonly NoticeGrade[] = ['yellow', 'red'];

export interface ReplyView {
  id: number;
  noticeId: number;
  text: string;
  by: { id: number; displayName: string | null };
  unitId: number;
  late: boolean;
  createdAt: Date;
}

export interface NoticeView {
  id: number;
  task: { id: number; code: string; title: string; titleEn: string | null };
  unit: { id: number; code: string; name: string; nameEn: string | null };
  grade: NoticeGrade;
  number: string;
  issuedOn: string;
  replyDueOn: string;
  issuedBy: { id: number; displayName: string | null } | null;
  note: string | null;
  status: SupervisionNotice['status'];
  repliedAt: Date | null;
  /** Open after its reply date: the unit did not answer in time. */
  overdue: boolean;
  createdAt: Date;
  replies: ReplyView[];
  allowedActions: Action[];
}

@Injectable()
export class SupervisionService {
  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly repo: SupervisionRepository,
    private readonly documents: SupervisionNoticeService,
    private readonly paper: PaperService,
    private readonly clock: ClockService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly renderer: TemplateRenderer,
    private readonly recipients: RecipientsService,
    private readonly users: UsersRepository,
    private readonly events: SupervisionEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Issues a notice for a task graded yellow or red today (409 task_not_graded otherwise; 409
   * supervision_notice_open while one of the same grade is unanswered), mails it to the lead unit with the DOCX.
   */
  async issue(actor: Actor, taskId: number, dto: IssueNoticeDto): Promise<NoticeView> {
    const today = this.clock.today();
    if (dto.replyDueOn !== undefined && dto.replyDueOn < today) {
      throw new InvalidFieldError('replyDueOn', 'must not be before today', '不能早于今天', 'before_today');
    }
    const id = await this.txHost.withTransaction(async () => {
      const task = await this.documents.gradedTask(actor, taskId, GRADES);
      const grade = task.colour as NoticeGrade;
      const open = await this.repo.openOf(task.id, grade);
      if (open) throw openConflict(task.code, grade, open.number);
      // the first notice of a grade takes the number the task's document route gives it; later ones their own
      const count = await this.repo.countOf(task.id, grade);
      const subject = count === 0 ? `task:${task.id}:${grade}` : `task:${task.id}:${grade}:${count + 1}`;
      const number = await this.paper.number('supervision', subject);
      const replyDueOn = dto.replyDueOn ?? this.documents.defaultReplyBy(today);
      const notice = await this.repo
        .insertNotice({
          taskId: task.id,
          unitId: task.leadUnit.id,
          grade,
          number: number.label,
          issuedOn: today,
          replyDueOn,
          issuedById: actor.id || null,
          note: dto.note?.trim() || null,
          snapshot: await this.documents.snapshot(task, today, replyDueOn),
          status: 'open',
          repliedAt: null,
        })
        .catch((e: unknown) => {
          // another issuer's notice committed between the check and the insert
          throw isUniqueViolation(e) ? openConflict(task.code, grade, null) : e;
        });
      await this.audit.recordCreate(actor, 'supervision_notice', notice.id, notice, [
        'taskId',
        'unitId',
        'grade',
        'number',
        'issuedOn',
        'replyDueOn',
        'note',
      ]);
      await this.mail(notice);
      await this.events.noticeIssued(notice);
      return notice.id;
    });
    this.outbox.kick();
    return this.get(actor, id);
  }

  /** Writes the notice's mail to the lead unit (its mailbox; its liaisons when it has none), the DOCX attached. */
  private async mail(notice: SupervisionNotice): Promise<void> {
    const rec = (await this.recipients.forUnits([notice.unitId])).get(notice.unitId);
    const to = rec?.mailbox ? [rec.mailbox] : (rec?.liaisons ?? []);
    if (!to.length) return;
    const locale = rec?.locale ?? 'zh-CN';
    const file = await this.file(notice, locale, 'docx');
    const task = notice.snapshot.task;
    const en = locale === 'en';
    const unit = task.leadUnit as { name?: string; nameEn?: string | null };
    const mail = this.renderer.render('supervision-notice', locale, {
      number: notice.number,
      grade: notice.grade,
      gradeLabel: en ? notice.grade : notice.grade === 'red' ? '红色' : '黄色',
      gradeColour: notice.grade === 'red' ? '#b3261e' : '#b8860b',
      code: task.code,
      title: en ? (task.titleEn ?? task.title) : task.title,
      unitName: en ? (unit.nameEn ?? unit.name) : unit.name,
      issuedOn: notice.issuedOn,
      replyDueOn: notice.replyDueOn,
      url: `${this.baseUrl()}/supervision/${notice.id}`,
    });
    await this.outbox.enqueue({
      key: `supervision-notice:${notice.id}:unit:${notice.unitId}`,
      kind: 'supervision-notice',
      recipientKey: `unit:${notice.unitId}`,
      to,
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      attachments: [
        { filename: file.filename, contentType: file.contentType, content: file.content.toString('base64') },
      ],
    });
  }

  baseUrl(): string {
    return (this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`).replace(/\/+$/, '');
  }

  /** Notices the actor may read, newest first (a liaison: its own unit's). */
  async list(actor: Actor, filter: NoticeFilter): Promise<NoticeView[]> {
    const scope = listScope(actor, 'supervision.read', { lead: '"n"."unitId"' });
    return this.views(actor, await this.repo.list(filter, scope));
  }

  async get(actor: Actor, id: number): Promise<NoticeView> {
    return (await this.views(actor, [await this.readable(actor, id)]))[0];
  }

  /** The frozen document of a notice: rendered from its snapshot, the same however the task has moved since. */
  async document(actor: Actor, id: number, locale: DocLocale, format: 'docx' | 'pdf'): Promise<SupervisionFile> {
    return this.file(await this.readable(actor, id), locale, format);
  }

  /** The document of the task's latest recorded notice, or null when none was issued. */
  async latestDocumentOfTask(taskId: number, locale: DocLocale, format: 'docx' | 'pdf') {
    const notice = await this.repo.latestOfTask(taskId);
    return notice ? this.file(notice, locale, format) : null;
  }

  private file(notice: SupervisionNotice, locale: DocLocale, format: 'docx' | 'pdf') {
    return this.documents.file(snapshotInput(notice, locale), locale, format);
  }

  /** The lead unit's liaison answers the notice; late when after its reply date. The notice becomes replied. */
  async reply(actor: Actor, id: number, dto: ReplyNoticeDto): Promise<ReplyView> {
    const replyId = await this.txHost.withTransaction(async () => {
      const notice = await this.repo.findNotice(id);
      if (!notice) throw new NotFoundError('Supervision notice', id, '督办单');
      assertCan(actor, 'supervision.reply', noticeObject(notice), {
        en: 'Only a liaison of the unit the notice is addressed to may reply to it',
        zh: '只有督办单所督办单位的联络员可以反馈',
      });
      const today = this.clock.today();
      const reply = await this.repo.insertReply({
        noticeId: notice.id,
        text: dto.text.trim(),
        byId: actor.id,
        unitId: notice.unitId,
        late: today > notice.replyDueOn,
      });
      if (notice.status === 'open') await this.repo.markReplied(notice.id, this.clock.now());
      await this.audit.record(actor, 'supervision_notice', notice.id, 'reply', [
        { field: 'status', from: notice.status, to: 'replied' },
        { field: 'reply', from: null, to: reply.id },
        { field: 'late', from: null, to: reply.late },
      ]);
      return reply.id;
    });
    const replies = await this.repo.repliesOf([id]);
    return replyView(replies.find((r) => r.id === replyId) as ReplyRow);
  }

  /** Every notice of the task with its replies and the names of units and people, for other features' views. */
  async listForTask(taskId: number): Promise<NoticeView[]> {
    return this.views(null, await this.repo.list({ taskId }, null));
  }

  /** A reply with its notice and task, or null (the attachments feature attaches files to replies). */
  findReply(replyId: number): Promise<{ id: number; noticeId: number; taskId: number; unitId: number } | null> {
    return this.repo.findReply(replyId);
  }

  private async readable(actor: Actor, id: number): Promise<SupervisionNotice> {
    const notice = await this.repo.findNotice(id);
    // a notice of another unit is not disclosed to a liaison
    if (!notice || !can(actor, 'supervision.read', noticeObject(notice))) {
      throw new NotFoundError('Supervision notice', id, '督办单');
    }
    return notice;
  }

  private async views(actor: Actor | null, notices: SupervisionNotice[]): Promise<NoticeView[]> {
    const replies = await this.repo.repliesOf(notices.map((n) => n.id));
    const issuers = new Map<number, string | null>();
    for (const n of notices) {
      if (n.issuedById && !issuers.has(n.issuedById)) {
        issuers.set(n.issuedById, (await this.users.findById(n.issuedById))?.displayName ?? null);
      }
    }
    const today = this.clock.today();
    return notices.map((n) => {
      const task = n.snapshot.task;
      const unit = task.leadUnit as { id: number; code?: string; name?: string; nameEn?: string | null };
      const allowedActions: Action[] =
        actor && can(actor, 'supervision.reply', noticeObject(n)) ? ['supervision.reply'] : [];
      return {
        id: n.id,
        task: { id: n.taskId, code: task.code, title: task.title, titleEn: task.titleEn },
        unit: { id: n.unitId, code: unit.code ?? '', name: unit.name ?? '', nameEn: unit.nameEn ?? null },
        grade: n.grade,
        number: n.number,
        issuedOn: n.issuedOn,
        replyDueOn: n.replyDueOn,
        issuedBy: n.issuedById ? { id: n.issuedById, displayName: issuers.get(n.issuedById) ?? null } : null,
        note: n.note,
        status: n.status,
        repliedAt: n.repliedAt,
        overdue: n.status === 'open' && today > n.replyDueOn,
        createdAt: n.createdAt,
        replies: replies.filter((r) => r.noticeId === n.id).map(replyView),
        allowedActions,
      };
    });
  }
}

function openConflict(code: string, grade: NoticeGrade, number: string | null): ConflictError {
  const zhGrade = grade === 'red' ? '红色' : '黄色';
  return new ConflictError(
    `Task ${code} has an unanswered ${grade} supervision notice${number ? ` (${number})` : ''}`,
    `任务${code}已有尚未反馈的${zhGrade}督办单${number ? `（${number}）` : ''}`,
    'supervision_notice_open',
  );
}

function replyView(r: ReplyRow): ReplyView {
  return {
    id: r.id,
    noticeId: r.noticeId,
    text: r.text,
    by: { id: r.byId, displayName: r.byName },
    unitId: r.unitId,
    late: r.late,
    createdAt: r.createdAt,
  };
}
