// Bulletins (通报): numbered per plan (第N期), generated as a draft for a period, previewed, then sent to the leads,
// the secretariat and every member unit with the DOCX attached. The snapshot is frozen when the draft is generated;
// once a bulletin is sent nothing about it changes.
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { assertCan, bulletinActions, can, type Action } from '../access';
import { AuditService } from '../audit/audit.service';
import { ClockService } from '../common/clock.service';
import { ConflictError, DomainError, ForbiddenError, InvalidFieldError, NotFoundError } from '../common/errors';
import { isUniqueViolation } from '../database/sql';
import { DOCX_CONTENT_TYPE } from '../documents/docx';
import { PaperService } from '../documents/paper.service';
import { PDF_CONTENT_TYPE } from '../documents/pdf';
import type { OutboxAttachment } from '../mail/outbox-message.entity';
import { OutboxService } from '../mail/outbox.service';
import { TemplateRenderer, type RenderedMail } from '../mail/template-renderer';
import type { Plan } from '../plans/plan.entity';
import { PlansRepository } from '../plans/plans.repository';
import type { JobContext, JobResult } from '../scheduler/scheduler.service';
import { RecipientsService, type Locale } from '../units/recipients.service';
import { bulletinDocument } from './bulletin-document';
import { isoWeekOf, parseBulletinPeriod } from './bulletin-period';
import type { BulletinSnapshot } from './bulletin-snapshot';
import { BulletinSnapshotService } from './bulletin-snapshot.service';
import { bulletinAsciiFileName, bulletinFileName, bulletinView } from './bulletin-view';
import type { BulletinQueryDto, CreateBulletinDto } from './bulletin.dto';
import type { Bulletin } from './bulletin.entity';
import { BulletinsRepository } from './bulletins.repository';

/** Attempts at numbering a bulletin when a concurrent one took the number. */
const NUMBER_ATTEMPTS = 3;
/** The most rows of a task list a mail shows. */
const MAIL_LIST_LIMIT = 50;

export type BulletinSummary = Omit<Bulletin, 'snapshot'>;

export interface SendResult {
  bulletin: BulletinSummary;
  /** Messages written to the outbox. */
  messages: number;
  recipients: string[];
  /** Active units with neither a mailbox nor a liaison: nothing could be addressed to them. */
  unitsWithoutAddress: { unitId: number; code: string }[];
}

interface NewBulletin {
  plan: Plan;
  period: string;
  periodStart: string;
  periodEnd: string;
}

/** The command line and scheduled jobs act as the system; people need bulletin.issue. */
function requireIssuer(actor: Actor): void {
  assertCan(actor, 'bulletin.issue', undefined, {
    en: 'Bulletins are generated and sent by the secretariat or a lead',
    zh: '通报由专班办公室或专班负责人生成和印发',
  });
}

/** A bulletin as answered to the caller: with what the caller may do to it now. */
export function shownBulletin<T extends { status: Bulletin['status'] }>(
  actor: Actor,
  b: T,
): T & { allowedActions: Action[] } {
  return { ...b, allowedActions: bulletinActions(actor, b) };
}

/** What generating a bulletin answers: the bulletin, its key counts and where to read it, not its whole snapshot. */
export function createdBulletin(b: Bulletin) {
  const s = b.snapshot as unknown as BulletinSnapshot;
  const base = `/api/bulletins/${b.id}`;
  return {
    ...summary(b),
    asOf: s.asOf,
    counts: {
      tasks: s.summary.tasks.count,
      open: s.summary.open.count,
      closedThisPeriod: s.summary.closedThisPeriod.count,
      overdue: s.summary.overdue.count,
      red: s.summary.red.count,
      yellow: s.summary.yellow.count,
      blue: s.summary.blue.count,
      coordination: s.summary.coordination.count,
      lateUnits: s.summary.lateUnits.count,
    },
    links: {
      self: base,
      html: `${base}/preview`,
      docx: `${base}/document.docx`,
      pdf: `${base}/document.pdf`,
    },
  };
}

function summary(b: Bulletin): BulletinSummary {
  const { snapshot: _snapshot, ...rest } = b;
  return rest;
}

/** The issue number was taken by a bulletin generated at the same moment: 409 naming the field. */
function numberTaken(number: number): DomainError {
  const en = `Bulletin No. ${number} of this plan was generated at the same moment; try again`;
  const zh = `本计划第${number}期通报刚由他人生成，请重试`;
  return new DomainError(409, 'number_taken', en, zh, [
    { field: 'number', code: 'number_taken', message: en, messageZh: zh },
  ]);
}

class NumberTaken extends Error {
  constructor(readonly number: number) {
    super(`bulletin number ${number} taken`);
  }
}

/** A bulletin's attachments per language, made from the snapshot generated at `generatedAt`. */
interface PreparedAttachments {
  generatedAt: number;
  of(locale: Locale): Promise<OutboxAttachment[]>;
}

const LOCALES_OF_MAIL: Locale[] = ['zh-CN', 'en'];

@Injectable()
export class BulletinsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly bulletins: BulletinsRepository,
    private readonly plans: PlansRepository,
    private readonly snapshots: BulletinSnapshotService,
    private readonly renderer: TemplateRenderer,
    private readonly outbox: OutboxService,
    private readonly recipients: RecipientsService,
    private readonly audit: AuditService,
    private readonly clock: ClockService,
    private readonly paper: PaperService,
  ) {}

  // --- reading ---

  async list(actor: Actor, q: BulletinQueryDto): Promise<BulletinSummary[]> {
    const status = can(actor, 'bulletin.drafts.read') ? q.status : 'sent';
    if (q.status && status !== q.status) return [];
    return this.bulletins.summaries({ planId: q.planId, status });
  }

  async get(actor: Actor, id: number): Promise<Bulletin> {
    const bulletin = await this.bulletins.findById(id);
    if (!bulletin) throw new NotFoundError('Bulletin', id, '通报');
    if (bulletin.status !== 'sent' && !can(actor, 'bulletin.drafts.read')) {
      throw new ForbiddenError(
        'A draft bulletin is read by the leads and the secretariat only, until it is sent',
        '通报草稿在印发前仅专班负责人和专班办公室可以查看',
      );
    }
    return bulletin;
  }

  /** The HTML email as a reader in the given language receives it. */
  async preview(actor: Actor, id: number, locale: Locale): Promise<string> {
    const bulletin = await this.get(actor, id);
    return this.render(bulletin, locale, null).html;
  }

  /** The bulletin as a Word document (or its PDF), with its file name. */
  async document(
    actor: Actor,
    id: number,
    locale: Locale,
    format: 'docx' | 'pdf' = 'docx',
  ): Promise<{ content: Buffer; filename: string; asciiFilename: string; contentType: string }> {
    const bulletin = await this.get(actor, id);
    const snapshot = bulletin.snapshot as unknown as BulletinSnapshot;
    const docx = await bulletinDocument(snapshot, locale, this.paper.settings);
    const ext = (name: string) => name.replace(/\.docx$/, `.${format}`);
    return {
      content: format === 'pdf' ? await this.paper.pdf(docx) : docx,
      filename: ext(bulletinFileName(snapshot, locale)),
      asciiFilename: ext(bulletinAsciiFileName(snapshot)),
      contentType: format === 'pdf' ? PDF_CONTENT_TYPE : DOCX_CONTENT_TYPE,
    };
  }

  // --- generating ---

  async create(actor: Actor, dto: CreateBulletinDto): Promise<Bulletin> {
    requireIssuer(actor);
    for (let attempt = 1; ; attempt++) {
      try {
        const id = await this.txHost.withTransaction(() => this.createFromRequest(actor, dto));
        return await this.findOrFail(id);
      } catch (error) {
        // A bulletin generated at the same moment took the number: the next attempt numbers after it.
        if (!(error instanceof NumberTaken)) throw error;
        if (attempt >= NUMBER_ATTEMPTS) throw numberTaken(error.number);
      }
    }
  }

  private async createFromRequest(actor: Actor, dto: CreateBulletinDto): Promise<number> {
    const plan = await this.resolvePlan(dto.planId);
    const parsed = parseBulletinPeriod(dto.period);
    if (!parsed) {
      throw new InvalidFieldError(
        'period',
        'must be a month (YYYY-MM), a quarter (YYYY-Qn) or an ISO week (YYYY-Www)',
        '必须是月份（YYYY-MM）、季度（YYYY-Qn）或 ISO 周（YYYY-Www）',
      );
    }
    const periodStart = dto.periodStart ?? parsed.start;
    const periodEnd = dto.periodEnd ?? parsed.end;
    if (periodEnd < periodStart) {
      throw new InvalidFieldError(
        'periodEnd',
        `must not be before periodStart (${periodStart})`,
        `不能早于开始日期 periodStart(${periodStart})`,
        'before_start',
      );
    }
    const today = this.clock.today();
    if (periodStart > today) {
      throw new InvalidFieldError(
        dto.periodStart !== undefined ? 'periodStart' : 'period',
        `the period has not begun (it starts on ${periodStart}; today is ${today})`,
        `通报期尚未开始（${periodStart} 开始，今天是 ${today}）`,
        'future_period',
      );
    }
    const bulletin = await this.createIn(actor, { plan, period: dto.period, periodStart, periodEnd });
    return bulletin.id;
  }

  private async findOrFail(id: number): Promise<Bulletin> {
    const bulletin = await this.bulletins.findById(id);
    if (!bulletin) throw new NotFoundError('Bulletin', id, '通报');
    return bulletin;
  }

  private async resolvePlan(planId: number | undefined): Promise<Plan> {
    const plan = planId !== undefined ? await this.plans.findPlan(planId) : await this.plans.firstPlan();
    if (!plan) {
      throw planId !== undefined
        ? new InvalidFieldError('planId', `unknown plan ${planId}`, `工作计划 ${planId} 不存在`, 'unknown_plan')
        : new InvalidFieldError('planId', 'no plan is loaded', '尚未建立工作计划', 'unknown_plan');
    }
    return plan;
  }

  /** Generates a draft in the caller's transaction: the plan's next number, the snapshot as of today. */
  private async createIn(actor: Actor, req: NewBulletin): Promise<Bulletin> {
    const { plan, period } = req;
    await this.plans.lockForNumbering(plan.id);
    const draft = await this.bulletins.draftOf(plan.id);
    if (draft) {
      throw new ConflictError(
        `Draft bulletin ${draft.id} (No. ${draft.number}, ${draft.period}) of this plan is not sent yet: ` +
          'send, regenerate or delete it first',
        `本计划的通报草稿（第${draft.number}期，${draft.period}，编号 ${draft.id}）尚未印发，请先印发、重新生成或删除`,
        'draft_exists',
      );
    }
    const same = await this.bulletins.forPeriod(plan.id, period);
    if (same) {
      throw new ConflictError(
        `Bulletin No. ${same.number} (id ${same.id}) already covers ${period}`,
        `${period} 的通报（第${same.number}期，编号 ${same.id}）已存在`,
        'bulletin_exists',
      );
    }
    const number = await this.bulletins.nextNumber(plan.id);
    const snapshot = await this.snapshots.build({ ...req, number, generatedOn: this.clock.today() });
    let bulletin: Bulletin;
    try {
      bulletin = await this.bulletins.insert({
        planId: plan.id,
        number,
        period,
        periodStart: req.periodStart,
        periodEnd: req.periodEnd,
        status: 'draft',
        snapshot: snapshot as unknown as Record<string, unknown>,
        generatedAt: this.clock.now(),
        generatedById: actor.id || null,
        sentAt: null,
        sentById: null,
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw new NumberTaken(number);
      throw error;
    }
    await this.audit.recordCreate(actor, 'bulletin', bulletin.id, bulletin, [
      'planId',
      'number',
      'period',
      'periodStart',
      'periodEnd',
      'status',
    ]);
    return bulletin;
  }

  /** Builds a draft's snapshot again from today's data. */
  async regenerate(actor: Actor, id: number): Promise<Bulletin> {
    requireIssuer(actor);
    await this.txHost.withTransaction(async () => {
      const bulletin = await this.draft(id, 'regenerated');
      const plan = await this.plans.findPlan(bulletin.planId);
      if (!plan) throw new NotFoundError('Plan', bulletin.planId, '工作计划');
      const before = bulletin.snapshot as unknown as BulletinSnapshot;
      const snapshot = await this.snapshots.build({
        plan,
        number: bulletin.number,
        period: bulletin.period,
        periodStart: bulletin.periodStart,
        periodEnd: bulletin.periodEnd,
        generatedOn: this.clock.today(),
      });
      const generatedAtBefore = bulletin.generatedAt;
      bulletin.snapshot = snapshot as unknown as Record<string, unknown>;
      bulletin.generatedAt = this.clock.now();
      bulletin.generatedById = actor.id || null;
      await this.bulletins.saveSnapshot(bulletin);
      await this.audit.record(actor, 'bulletin', id, 'regenerate', [
        { field: 'generatedAt', from: generatedAtBefore, to: bulletin.generatedAt },
        { field: 'asOf', from: before.asOf ?? null, to: snapshot.asOf },
      ]);
    });
    return this.findOrFail(id);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    requireIssuer(actor);
    await this.txHost.withTransaction(async () => {
      const bulletin = await this.draft(id, 'deleted');
      await this.bulletins.deleteDraft(id);
      await this.audit.record(actor, 'bulletin', id, 'delete', [
        { field: 'number', from: bulletin.number, to: null },
        { field: 'period', from: bulletin.period, to: null },
      ]);
    });
  }

  /** A bulletin that may still change: a draft. */
  private async draft(id: number, verb: 'regenerated' | 'deleted' | 'sent'): Promise<Bulletin> {
    const bulletin = await this.bulletins.findById(id);
    if (!bulletin) throw new NotFoundError('Bulletin', id, '通报');
    if (bulletin.status === 'sent') {
      const zh = { regenerated: '重新生成', deleted: '删除', sent: '再次印发' }[verb];
      throw new ConflictError(
        `Bulletin No. ${bulletin.number} was sent${bulletin.sentAt ? ` on ${bulletin.sentAt.toISOString()}` : ''}; ` +
          `a sent bulletin cannot be ${verb}`,
        `第${bulletin.number}期通报已印发，不能${zh}`,
        'bulletin_sent',
      );
    }
    return bulletin;
  }

  // --- sending ---

  /**
   * Marks the bulletin sent and queues one message per recipient, in one transaction. Its documents (the DOCX, and
   * the PDF LibreOffice makes in seconds) are made from the frozen snapshot before the transaction, so the database
   * is not held while they are converted.
   */
  async send(actor: Actor, id: number): Promise<SendResult> {
    requireIssuer(actor);
    const draft = await this.draft(id, 'sent');
    const prepared = await this.attachmentsOf(draft);
    const result = await this.txHost.withTransaction(() => this.sendIn(actor, id, null, prepared));
    this.outbox.kick();
    return result;
  }

  private async sendIn(
    actor: Actor,
    id: number,
    jobRunId: number | null,
    prepared?: PreparedAttachments,
  ): Promise<SendResult> {
    const bulletin = await this.draft(id, 'sent');
    const sentAt = this.clock.now();
    const marked = await this.bulletins.markSent(id, sentAt, actor.id || null);
    // Another sender got there first (on a database that runs transactions side by side).
    if (!marked) {
      throw new ConflictError(
        `Bulletin No. ${bulletin.number} was sent meanwhile`,
        `第${bulletin.number}期通报已由他人印发`,
        'bulletin_sent',
      );
    }
    Object.assign(bulletin, { status: 'sent', sentAt, sentById: actor.id || null });

    // The same snapshot as when the documents were made (a draft regenerated meanwhile gets them made again).
    const files =
      prepared && prepared.generatedAt === bulletin.generatedAt.getTime()
        ? prepared
        : await this.attachmentsOf(bulletin);
    const attachment = (locale: Locale) => files.of(locale);

    const recipients: string[] = [];
    let messages = 0;
    const enqueue = async (recipientKey: string, to: string[], locale: Locale, name: string) => {
      const files = await attachment(locale);
      const mail = this.render(bulletin, locale, name, files.length > 1);
      const { created } = await this.outbox.enqueue({
        key: `bulletin:${id}:${recipientKey}`,
        kind: 'bulletin',
        recipientKey,
        to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        attachments: files,
        jobRunId,
      });
      recipients.push(recipientKey);
      if (created) messages++;
    };

    for (const person of await this.recipients.audience('leadsAndOffice')) {
      await enqueue(`user:${person.userId}`, [person.email], person.locale, person.displayName);
    }
    const unitsWithoutAddress: SendResult['unitsWithoutAddress'] = [];
    for (const r of (await this.recipients.forUnits()).values()) {
      if (!r.to.length) {
        unitsWithoutAddress.push({ unitId: r.unit.id, code: r.unit.code });
        continue;
      }
      const name = r.locale === 'en' ? (r.unit.nameEn ?? r.unit.name) : r.unit.name;
      await enqueue(`unit:${r.unit.id}`, r.to, r.locale, name);
    }

    await this.audit.record(actor, 'bulletin', id, 'send', [
      { field: 'status', from: 'draft', to: 'sent' },
      { field: 'messages', from: null, to: messages },
    ]);
    return { bulletin: summary(bulletin), messages, recipients, unitsWithoutAddress };
  }

  /** The DOCX to edit and forward, and the PDF to read and file when LibreOffice is installed here, per language. */
  private async attachmentsOf(bulletin: Bulletin): Promise<PreparedAttachments> {
    const snapshot = bulletin.snapshot as unknown as BulletinSnapshot;
    const made = new Map<Locale, Promise<OutboxAttachment[]>>();
    const make = async (locale: Locale): Promise<OutboxAttachment[]> => {
      const docx = await bulletinDocument(snapshot, locale, this.paper.settings);
      const filename = bulletinFileName(snapshot, locale);
      const out: OutboxAttachment[] = [{ filename, contentType: DOCX_CONTENT_TYPE, content: docx.toString('base64') }];
      const pdf = await this.paper.attachablePdf(docx);
      if (pdf) {
        out.push({
          filename: filename.replace(/\.docx$/, '.pdf'),
          contentType: PDF_CONTENT_TYPE,
          content: pdf.toString('base64'),
        });
      }
      return out;
    };
    const of = (locale: Locale) => {
      let files = made.get(locale);
      if (!files) made.set(locale, (files = make(locale)));
      return files;
    };
    // Both languages up front: a unit or a person reads each.
    await Promise.all(LOCALES_OF_MAIL.map(of));
    return { generatedAt: bulletin.generatedAt.getTime(), of };
  }

  /** The mail of a bulletin in a language; `recipientName` is the salutation (a general one when null). */
  private render(
    bulletin: Bulletin,
    locale: Locale,
    recipientName: string | null,
    pdfAttached = this.paper.pdfAvailable,
  ): RenderedMail {
    const view = bulletinView(bulletin.snapshot as unknown as BulletinSnapshot, locale);
    // Long lists stay readable in a mail; the rest are counted from the totals and found in the task list (the
    // attached document holds bulletins.maxListedTasks of each, not every row).
    const closed = view.closed.slice(0, MAIL_LIST_LIMIT);
    const overdueTasks = view.overdueTasks.slice(0, MAIL_LIST_LIMIT);
    const base = (this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`).replace(/\/+$/, '');
    return this.renderer.render('bulletin', locale, {
      ...view,
      closed,
      closedMore: Math.max(0, view.summary.closed - closed.length),
      closedUrl: `${base}/tasks?status=closed`,
      overdueTasks,
      overdueMore: Math.max(0, view.summary.overdue - overdueTasks.length),
      overdueUrl: `${base}/tasks?overdue=true`,
      tasksUrl: `${base}/tasks`,
      taskForceName: view.office,
      recipientName,
      draft: bulletin.status !== 'sent',
      pdfAttached,
    });
  }

  // --- the weekly bulletin ---

  /**
   * The scheduled weekly bulletin: for each plan running in the ISO week of the run's day, generates the week's
   * bulletin and sends it, in the run's transaction. A week that has its bulletin already is left alone, and so is a
   * plan with a draft waiting: the secretariat is working on it.
   */
  async runWeekly(ctx: JobContext): Promise<JobResult> {
    // the week of the slot, also when a day off moved the run to another day
    const period = isoWeekOf(ctx.slotDate);
    const week = parseBulletinPeriod(period);
    if (!week) throw new Error(`No ISO week for ${ctx.slotDate}`);
    const plans = (await this.plans.allPlans()).filter(
      (p) => (!p.startDate || p.startDate <= week.end) && (!p.endDate || p.endDate >= week.start),
    );
    if (!plans.length) return { messages: 0, note: `no plan runs in ${period}; nothing done` };
    const notes: string[] = [];
    let messages = 0;
    for (const plan of plans) {
      const existing = await this.bulletins.forPeriod(plan.id, period);
      if (existing) {
        notes.push(
          `${plan.code}: bulletin No. ${existing.number} for ${period} exists already (${existing.status}); nothing done`,
        );
        continue;
      }
      const draft = await this.bulletins.draftOf(plan.id);
      if (draft) {
        notes.push(
          `${plan.code}: draft bulletin No. ${draft.number} (${draft.period}) is waiting to be sent; nothing done`,
        );
        continue;
      }
      const bulletin = await this.createIn(SYSTEM_ACTOR, {
        plan,
        period,
        periodStart: week.start,
        periodEnd: week.end,
      });
      const sent = await this.sendIn(SYSTEM_ACTOR, bulletin.id, ctx.runId);
      messages += sent.messages;
      notes.push(
        `${plan.code}: bulletin No. ${bulletin.number} for ${period} generated and sent (${sent.messages} messages)`,
      );
    }
    return { messages, note: notes.join('; ') };
  }
}
