// Digests (工作提示): one email per unit, to its mailbox and liaisons, in the unit's language, on the unit's own
// schedule — tasks it leads and supports that are overdue or due soon, reports awaited from it, changes since its
// last digest — and one per person who asked for it. The 'digest' job runs hourly and sends each unit whose cron
// fell due in the hour; a manual run sends every unit at once, for the current slot (see everyone()).
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { CronTime } from 'cron';
import { can, scopeOf, unitsObject } from '../access';
import type { Actor } from '../auth/actor';
import { WorkingDaysService } from '../calendar/working-days.service';
import { ClockService, dateInZone } from '../common/clock.service';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OutboxService, type EnqueueMessage } from '../mail/outbox.service';
import { TemplateRenderer, type RenderedMail } from '../mail/template-renderer';
import { SchedulerRepository } from '../scheduler/scheduler.repository';
import { SchedulerService, type JobContext, type JobResult } from '../scheduler/scheduler.service';
import { cronTime, latestSlot } from '../scheduler/slots';
import type { Unit } from '../units/unit.entity';
import { RecipientsService, type Locale } from '../units/recipients.service';
import { UnitsRepository } from '../units/units.repository';
import type { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { DigestQueryService, type ChangeCutoff, type DigestData } from './digest-query.service';
import {
  planCounts,
  planDigest,
  planView,
  unitCounts,
  unitDigest,
  unitName,
  unitView,
  type ViewContext,
} from './digest-model';
import { digestWindow, fireInWindow } from './digest-schedule';
import { AttachmentsRepository, type UnitAttachmentRow } from '../attachments/attachments.repository';
import { CommentsService } from '../followup/comments.service';
import type { UnitMentionRow } from '../followup/comments.repository';
import { momentIn } from '../followup/follow-up-mail';

/** A first digest reports the changes of this many days. */
const FIRST_DIGEST_DAYS = 7;
const DAY_MS = 86_400_000;
/** The default unit schedule when the configuration names none. */
const DEFAULT_UNIT_CRON = '0 9 * * *';

/** What a digest is addressed to: a unit (its mailbox and liaisons) or one person. */
type Target =
  | { kind: 'unit'; unit: Unit; to: string[]; locale: Locale; key: string }
  | { kind: 'user'; user: User; locale: Locale; key: string };

export interface DigestPreview {
  subject: string;
  html: string;
  text: string;
  /** True when there is nothing to say: such a digest is not sent unless digest.sendEmpty is set. */
  empty: boolean;
  /** Each figure with the ids of its rows. */
  counts: Record<string, { count: number; ids: number[] }>;
  to: string[];
  locale: Locale;
  /** Changes after this instant are in the digest: the last digest to the recipient, or seven days back. */
  changesSince: Date;
}

const asLocale = (l: string | null | undefined): Locale => (l === 'en' ? 'en' : 'zh-CN');
const recipientKey = (t: Target) => (t.kind === 'unit' ? `unit:${t.unit.id}` : `user:${t.user.id}`);

/** Which part of the record a file belongs to, in the digest's words. */
const OWNER_WORDS: Record<string, [string, string]> = {
  report: ['进展报告', 'progress report'],
  closing_request: ['办结材料', 'closing materials'],
  extension_request: ['延期申请', 'extension request'],
  supervision_reply: ['督办反馈', 'supervision reply'],
};

@Injectable()
export class DigestsService implements OnModuleInit {
  private readonly logger = new Logger('Digests');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
    private readonly calendar: WorkingDaysService,
    private readonly query: DigestQueryService,
    private readonly recipients: RecipientsService,
    private readonly renderer: TemplateRenderer,
    private readonly outbox: OutboxService,
    private readonly scheduler: SchedulerService,
    private readonly units: UnitsRepository,
    private readonly users: UsersRepository,
    private readonly jobRuns: SchedulerRepository,
    private readonly comments: CommentsService,
    private readonly attachments: AttachmentsRepository,
  ) {}

  onModuleInit(): void {
    const unitCron = this.config.scheduler.jobs.digest?.unitCron;
    if (unitCron !== undefined) {
      try {
        cronTime(String(unitCron), this.clock.timeZone);
      } catch (e) {
        throw new Error(
          `Configuration error: scheduler.jobs.digest.unitCron: "${String(unitCron)}" is not a cron expression ` +
            `(${(e as Error).message})`,
        );
      }
    }
    this.scheduler.register({
      name: 'digest',
      description: "Unit and personal digests, each unit at its own time (digestCron, or the job's unitCron)",
      descriptionZh: '单位和个人工作提示，各单位按各自的发送时间（digestCron，默认 unitCron）',
      // a day off has no digest: the next working day's says what there is to say
      onDayOff: 'skip',
      run: (ctx) => this.run(ctx),
    });
    // the messages are committed with the run: wake the sender rather than wait for its next poll
    this.scheduler.onRunCommitted((run) => {
      if (run.job === 'digest' && run.messages > 0) this.outbox.kick();
    });
  }

  /** The address links in mail point to. */
  baseUrl(): string {
    return (this.config.publicUrl ?? `http://${this.config.host}:${this.config.port}`).replace(/\/+$/, '');
  }

  // --- the job ---

  async run(ctx: JobContext): Promise<JobResult> {
    const targets = ctx.trigger === 'manual' ? await this.everyone(ctx) : await this.dueInSlot(ctx);
    if (!targets.length) return { messages: 0, note: '本时段没有到期的工作提示 / no digest is due in this slot' };
    if (ctx.force) for (const target of targets) target.key += `:force-${ctx.runId}`;
    const cutoffs = await this.cutoffs(targets, ctx.slot, false);
    const data = await this.query.load(ctx.today, this.changeCutoffs(targets, cutoffs));
    const mentions = await this.mentionsFor(targets, cutoffs);
    const files = await this.attachmentsFor(targets, cutoffs);
    let empty = 0;
    let unaddressed = 0;
    const batch: EnqueueMessage[] = [];
    for (const target of targets) {
      const mail = this.compose(data, target, cutoffs.get(recipientKey(target)) as Date, mentions, files);
      if (mail.empty && !this.config.digest.sendEmpty) {
        empty++;
        continue;
      }
      const to = target.kind === 'unit' ? target.to : [target.user.email];
      if (!to.length) {
        unaddressed++;
        this.logger.warn(`no address for the digest of ${recipientKey(target)}`);
        continue;
      }
      batch.push({
        key: target.key,
        kind: 'digest',
        recipientKey: recipientKey(target),
        to,
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
        jobRunId: ctx.runId,
        ...(target.kind === 'unit'
          ? { short: { text: digestShortText(mail.counts, target.locale), path: '/my-unit' } }
          : {}),
      });
    }
    // Written a few statements for the whole run, not three per message.
    const written = await this.outbox.enqueueMany(batch);
    // Counted by the run that wrote each row: a run beside this one (on PostgreSQL) may have written a key first.
    const tally = await this.outbox.tally(
      written.map((m) => m.id),
      ctx.runId,
    );
    const before = tally.queued + tally.sent + tally.dead;
    const note =
      `排队 ${tally.written} 封，此前已排队 ${tally.queued} 封、已发送 ${tally.sent} 封、发送失败 ${tally.dead} 封，` +
      `空白未发 ${empty} 个，无邮箱 ${unaddressed} 个 / ${tally.written} queued, ${before} there already ` +
      `(${tally.queued} queued, ${tally.sent} sent, ${tally.dead} dead), ${empty} empty not sent, ` +
      `${unaddressed} without an address (of ${targets.length} due)`;
    return {
      messages: tally.written,
      note,
      existing: { queued: tally.queued, sent: tally.sent, dead: tally.dead },
    };
  }

  /**
   * A manual run: every unit that takes digests, and every person who asked for one, for the job's current slot
   * (the hour, by default): under that slot's keys, so a unit that had its digest of the slot — from the schedule
   * or an earlier manual run — does not get it again.
   */
  private async everyone(ctx: JobContext): Promise<Target[]> {
    const jobCron = cronTime(this.config.scheduler.jobs.digest.cron, this.clock.timeZone);
    const prefix = `digest:${(latestSlot(jobCron, ctx.slot) ?? ctx.slot).toISOString()}`;
    const targets: Target[] = [];
    for (const rec of (await this.recipients.forUnits()).values()) {
      if (!rec.unit.digestEnabled) continue;
      targets.push({
        kind: 'unit',
        unit: rec.unit,
        to: rec.to,
        locale: rec.locale,
        key: `${prefix}:unit:${rec.unit.id}`,
      });
    }
    for (const user of await this.users.activeWantingDigest()) {
      targets.push({ kind: 'user', user, locale: asLocale(user.locale), key: `${prefix}:user:${user.id}` });
    }
    return targets;
  }

  /** A scheduled run: the units whose own cron fell due in the run's window, and people at the default time. */
  private async dueInSlot(ctx: JobContext): Promise<Target[]> {
    const tz = this.clock.timeZone;
    const jobCron = cronTime(this.config.scheduler.jobs.digest.cron, tz);
    const window = digestWindow(jobCron, ctx.slot, await this.lastScheduledRun(ctx.slotKey));
    const defaultCron = typeof ctx.options.unitCron === 'string' ? ctx.options.unitCron : DEFAULT_UNIT_CRON;
    const parsed = new Map<string, CronTime | null>();
    const fire = (expression: string): Date | null => {
      if (!parsed.has(expression)) {
        try {
          parsed.set(expression, cronTime(expression, tz));
        } catch (e) {
          this.logger.warn(`digest schedule "${expression}" is not a cron expression: ${(e as Error).message}`);
          parsed.set(expression, null);
        }
      }
      const cron = parsed.get(expression);
      const at = cron ? fireInWindow(cron, window) : null;
      // a slot reached back to (after downtime) is sent only if its own day is a working day
      if (at && this.config.scheduler.workingDaysOnly && !this.calendar.isWorkingDay(dateInZone(at, tz))) return null;
      return at;
    };
    const targets: Target[] = [];
    for (const rec of (await this.recipients.forUnits()).values()) {
      if (!rec.unit.digestEnabled) continue;
      const at = fire(rec.unit.digestCron ?? defaultCron);
      if (!at) continue;
      targets.push({
        kind: 'unit',
        unit: rec.unit,
        to: rec.to,
        locale: rec.locale,
        key: `digest:${at.toISOString()}:unit:${rec.unit.id}`,
      });
    }
    const personal = fire(defaultCron);
    if (personal) {
      for (const user of await this.users.activeWantingDigest()) {
        targets.push({
          kind: 'user',
          user,
          locale: asLocale(user.locale),
          key: `digest:${personal.toISOString()}:user:${user.id}`,
        });
      }
    }
    return targets;
  }

  /** The slot of the last scheduled run of the job (done or skipped) before this one. */
  private async lastScheduledRun(slotKey: string): Promise<Date | null> {
    const slot = await this.jobRuns.latestSlotKey('digest', ['done', 'skipped'], false, slotKey);
    return slot ? new Date(slot) : null;
  }

  /** Changes after each recipient's last digest, or in the last seven days for a first one. */
  private async cutoffs(targets: Target[], now: Date, only: boolean): Promise<Map<string, Date>> {
    const keys = targets.map(recipientKey);
    const last = await this.query.lastDigests(only ? keys : undefined);
    const first = new Date(now.getTime() - FIRST_DIGEST_DAYS * DAY_MS);
    return new Map(keys.map((k) => [k, last.get(k) ?? first]));
  }

  /** The unit whose digest a target gets: its own, a liaison's unit; null for a plan-wide digest. */
  private scopeUnit(target: Target): number | null {
    if (target.kind === 'unit') return target.unit.id;
    return scopeOf(target.user, 'task.read') === 'all' ? null : target.user.unitId;
  }

  /** The changes each unit-scoped target needs: its unit's, after its own cutoff. */
  private changeCutoffs(targets: Target[], cutoffs: Map<string, Date>): ChangeCutoff[] {
    const out: ChangeCutoff[] = [];
    for (const target of targets) {
      const unitId = this.scopeUnit(target);
      const key = recipientKey(target);
      if (unitId !== null) out.push({ key, unitId, since: cutoffs.get(key) as Date });
    }
    return out;
  }

  /**
   * The comments mentioning the units of unit-scoped targets since the earliest of their cutoffs, in one query;
   * compose() keeps each target's own (after its cutoff).
   */
  private mentionsFor(targets: Target[], cutoffs: Map<string, Date>): Promise<UnitMentionRow[]> {
    return this.comments.mentioningUnits(this.unitCutoffs(targets, cutoffs), this.config.digest.maxListedTasks);
  }

  /** Per unit of the unit-scoped targets, the earliest of their cutoffs. */
  private unitCutoffs(targets: Target[], cutoffs: Map<string, Date>): Map<number, Date> {
    const since = new Map<number, Date>();
    for (const target of targets) {
      const unitId = this.scopeUnit(target);
      const cutoff = cutoffs.get(recipientKey(target)) as Date;
      if (unitId === null) continue;
      const known = since.get(unitId);
      if (!known || cutoff < known) since.set(unitId, cutoff);
    }
    return since;
  }

  /** The attachments added to the units' tasks since their cutoffs, in two bounded queries (see mentionsFor). */
  private attachmentsFor(targets: Target[], cutoffs: Map<string, Date>): Promise<UnitAttachmentRow[]> {
    return this.attachments.recentForUnits(this.unitCutoffs(targets, cutoffs), this.config.digest.maxListedTasks);
  }

  /** The section 新增附件 of a unit's digest: files added to its tasks after the cutoff, linked to their task. */
  private attachmentView(rows: UnitAttachmentRow[], unitId: number, since: Date, ctx: ViewContext) {
    const en = ctx.locale === 'en';
    const mine = rows.filter((r) => r.unitId === unitId && r.createdAt > since);
    return {
      count: mine.length,
      ids: mine.map((r) => r.id),
      items: mine.map((r) => ({
        attachmentId: r.id,
        code: r.taskCode,
        title: en ? (r.taskTitleEn ?? r.taskTitle) : r.taskTitle,
        url: `${ctx.baseUrl}/tasks/${r.taskId}`,
        filename: r.filename,
        part: OWNER_WORDS[r.ownerType]?.[en ? 1 : 0] ?? r.ownerType,
        by: r.uploadedByName ?? '',
        at: momentIn(r.createdAt, ctx.locale, ctx.timeZone),
      })),
    };
  }

  /** The section 提及本单位的留言 of a unit's digest: comments mentioning the unit after the cutoff. */
  private mentionView(rows: UnitMentionRow[], unitId: number, since: Date, ctx: ViewContext) {
    const en = ctx.locale === 'en';
    const mine = rows.filter((r) => r.unitId === unitId && r.createdAt > since);
    return {
      count: mine.length,
      ids: mine.map((r) => r.commentId),
      items: mine.map((r) => ({
        commentId: r.commentId,
        code: r.taskCode,
        title: en ? (r.taskTitleEn ?? r.taskTitle) : r.taskTitle,
        url: `${ctx.baseUrl}/tasks/${r.taskId}`,
        author: r.authorName ?? '',
        at: momentIn(r.createdAt, ctx.locale, ctx.timeZone),
        body: r.body.length > 200 ? `${r.body.slice(0, 200)}…` : r.body,
      })),
    };
  }

  /** The digest of one target: a unit's, a liaison's (their unit's) or a plan-wide one for everyone else. */
  private compose(
    data: DigestData,
    target: Target,
    since: Date,
    mentionRows: UnitMentionRow[] = [],
    attachmentRows: UnitAttachmentRow[] = [],
  ): RenderedMail & ComposedFigures {
    const ctx: ViewContext = {
      locale: target.locale,
      recipientName: '',
      baseUrl: this.baseUrl(),
      timeZone: this.clock.timeZone,
      dueSoonWorkingDays: this.config.digest.dueSoonWorkingDays,
    };
    const scopeUnit = this.scopeUnit(target);
    if (scopeUnit !== null) {
      const digest = unitDigest(data, scopeUnit, since, recipientKey(target));
      ctx.recipientName = target.kind === 'unit' ? unitName(data, scopeUnit, ctx.locale) : target.user.displayName;
      const mentions = this.mentionView(mentionRows, scopeUnit, since, ctx);
      const files = this.attachmentView(attachmentRows, scopeUnit, since, ctx);
      const view = { ...unitView(data, digest, ctx), personal: target.kind === 'user', mentions, files };
      return {
        ...this.renderer.render('digest', ctx.locale, view),
        empty: digest.empty && !mentions.count && !files.count,
        counts: {
          ...unitCounts(digest),
          mentions: { count: mentions.count, ids: mentions.ids },
          attachments: { count: files.count, ids: files.ids },
        },
      };
    }
    const user = (target as Extract<Target, { kind: 'user' }>).user;
    ctx.recipientName = user.displayName;
    const digest = planDigest(data);
    return {
      ...this.renderer.render('digest/plan', ctx.locale, planView(data, digest, ctx)),
      empty: digest.empty,
      counts: planCounts(digest),
    };
  }

  // --- previews ---

  /** The digest a unit would get now, rendered but not queued. */
  async previewUnit(actor: Actor, unitId: number): Promise<DigestPreview> {
    if (!can(actor, 'digest.preview', unitsObject([unitId]))) {
      throw new ForbiddenError(
        "A liaison may preview its own unit's digest only; leads and the secretariat preview any unit's",
        '联络员只能预览本单位的工作提示；专班负责人和专班办公室可预览任何单位的',
      );
    }
    const unit = await this.units.findById(unitId);
    if (!unit) throw new NotFoundError('Unit', unitId, '单位');
    const rec = (await this.recipients.forUnits([unitId])).get(unitId);
    return this.preview({
      kind: 'unit',
      unit,
      to: rec?.to ?? [],
      locale: asLocale(unit.locale),
      key: 'preview',
    });
  }

  /** The personal digest a user would get now. */
  async previewUser(actor: Actor, userId: number): Promise<DigestPreview> {
    if (actor.id !== userId && scopeOf(actor, 'digest.preview') !== 'all') {
      throw new ForbiddenError('You may preview your own digest only', '只能预览本人的工作提示');
    }
    const user = await this.users.findById(userId);
    if (!user) throw new NotFoundError('User', userId, '用户');
    return this.preview({ kind: 'user', user, locale: asLocale(user.locale), key: 'preview' });
  }

  private async preview(target: Target): Promise<DigestPreview> {
    const now = this.clock.now();
    const cutoffs = await this.cutoffs([target], now, true);
    const since = cutoffs.get(recipientKey(target)) as Date;
    const data = await this.query.load(this.clock.today(), this.changeCutoffs([target], cutoffs));
    const mail = this.compose(
      data,
      target,
      since,
      await this.mentionsFor([target], cutoffs),
      await this.attachmentsFor([target], cutoffs),
    );
    return {
      subject: mail.subject,
      html: mail.html,
      text: mail.text,
      empty: mail.empty,
      counts: mail.counts,
      to: target.kind === 'unit' ? target.to : [target.user.email],
      locale: target.locale,
      changesSince: since,
    };
  }

  /** Runs the digest job now for every unit (POST /api/digests/send); `force` sends what went out already again. */
  sendNow(actor: Actor, force = false) {
    return this.scheduler.runNow('digest', {}, actor, force);
  }
}

interface ComposedFigures {
  empty: boolean;
  counts: Record<string, { count: number; ids: number[] }>;
}

/** The line a unit digest's chat and SMS copies carry: its overdue and due-soon counts. */
function digestShortText(counts: Record<string, { count: number }>, locale: Locale): string {
  const n = (key: string) => counts[key]?.count ?? 0;
  return locale === 'en'
    ? `Tasks your unit leads: ${n('overdueLead')} overdue, ${n('dueSoonLead')} due soon; ` +
        `tasks it supports: ${n('overdueSupporting')} overdue, ${n('dueSoonSupporting')} due soon.`
    : `本单位牵头任务逾期${n('overdueLead')}项、即将到期${n('dueSoonLead')}项；` +
        `配合任务逾期${n('overdueSupporting')}项、即将到期${n('dueSoonSupporting')}项。`;
}
