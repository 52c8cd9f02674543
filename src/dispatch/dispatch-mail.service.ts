// The mail of a dispatch round: the request to each unit in scope, the reminders to units with reports missing,
// and the list of late units for the secretariat and the leads. Every message is written to the outbox in the
// caller's transaction, under a key that makes writing it twice a no-op.
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { OutboxService } from '../mail/outbox.service';
import { formatMailDate } from '../mail/template-helpers';
import { TemplateRenderer } from '../mail/template-renderer';
import { RecipientsService, type Locale } from '../units/recipients.service';
import type { DispatchRound } from './dispatch-round.entity';
import type { RequestLines } from './dispatch.repository';
import type { ScopeTask, ScopeUnit, UnitStatus } from './round-status';

export interface RoundMailContext {
  round: DispatchRound;
  planTitle: string;
  planTitleEn: string | null;
  tasks: ScopeTask[];
  jobRunId?: number | null;
  /** Appended to the reminders' keys by a forced run, so they are queued again. */
  keySuffix?: string;
}

export interface Enqueued {
  /** Outbox ids of the messages written now (not those that existed under the same key). */
  created: number[];
  /** Outbox ids of every message of the call, written now or before. */
  messageIds: number[];
  /** Units (or users) the messages are for. */
  recipientKeys: string[];
  /** Units in scope with neither a mailbox nor an active liaison. */
  withoutAddress: number[];
}

interface TaskLine {
  id: number;
  code: string;
  title: string;
  url: string;
}

/** The title a round gets when none is given. */
export function defaultRoundTitle(period: string): string {
  return `${period} 工作进展调度`;
}

/** A round's title in a locale: the default title has an English form; a title someone wrote stays as written. */
function roundTitle(round: DispatchRound, locale: Locale): string {
  if (locale === 'en' && round.title === defaultRoundTitle(round.period)) return `Progress reports for ${round.period}`;
  return round.title;
}

const LATE_LOCALES: Locale[] = ['zh-CN', 'en'];

/** `dispatch.late:<roundId>` for the message in Chinese, with `:en` for the one in English. */
function lateKey(roundId: number, locale: Locale): string {
  return locale === 'zh-CN' ? `dispatch.late:${roundId}` : `dispatch.late:${roundId}:${locale}`;
}

/** Tasks a request lists at most of each kind (led, supported); the rest are counted, with a link. */
export const REQUEST_LIST = 50;
/** Requests rendered and written to the outbox together. */
const REQUEST_BATCH = 50;

const emptyResult = (): Enqueued => ({ created: [], messageIds: [], recipientKeys: [], withoutAddress: [] });

@Injectable()
export class DispatchMailer {
  private readonly baseUrl: string;
  private readonly timeZone: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly outbox: OutboxService,
    private readonly renderer: TemplateRenderer,
    private readonly recipients: RecipientsService,
  ) {
    this.baseUrl = (config.publicUrl ?? `http://${config.host}:${config.port}`).replace(/\/+$/, '');
    this.timeZone = config.clock.timeZone;
  }

  taskUrl(taskId: number): string {
    return `${this.baseUrl}/tasks/${taskId}`;
  }

  /** The round's page, opened on a unit's tasks. */
  roundUrl(roundId: number, unitId: number): string {
    return `${this.baseUrl}/dispatch/${roundId}?unit=${unitId}`;
  }

  kick(): void {
    this.outbox.kick();
  }

  /**
   * One request per unit: what the round is, its due date, the tasks the unit leads and those it supports, at most
   * REQUEST_LIST of each with the number left and a link to the round's page for the rest; written in batches.
   */
  async requests(
    ctx: Omit<RoundMailContext, 'tasks'>,
    units: ScopeUnit[],
    lines: Map<number, RequestLines>,
  ): Promise<Enqueued> {
    const out = emptyResult();
    const recipients = await this.recipients.forUnits(units.map((u) => u.id));
    const messages: (Parameters<OutboxService['enqueue']>[0] & { recipientKey: string })[] = [];
    for (const unit of units) {
      const r = recipients.get(unit.id);
      if (!r || !r.to.length) {
        out.withoutAddress.push(unit.id);
        continue;
      }
      const mine = lines.get(unit.id) ?? { led: [], ledCount: 0, supported: [], supportedCount: 0 };
      const mail = this.renderer.render('dispatch-request', r.locale, {
        ...this.common(ctx, unit, r.locale),
        led: mine.led.slice(0, REQUEST_LIST).map((t) => this.line(t, r.locale)),
        ledCount: mine.ledCount,
        ledMore: Math.max(0, mine.ledCount - REQUEST_LIST),
        supported: mine.supported.slice(0, REQUEST_LIST).map((t) => this.line(t, r.locale)),
        supportedCount: mine.supportedCount,
        supportedMore: Math.max(0, mine.supportedCount - REQUEST_LIST),
        roundUrl: this.roundUrl(ctx.round.id, unit.id),
      });
      const due = formatMailDate(ctx.round.dueDate, r.locale, this.timeZone);
      messages.push({
        key: `dispatch.request:${ctx.round.id}:unit:${unit.id}`,
        kind: 'dispatch.request',
        recipientKey: `unit:${unit.id}`,
        to: r.to,
        jobRunId: ctx.jobRunId,
        ...mail,
        // the line chat and SMS copies carry
        short: {
          text:
            r.locale === 'en'
              ? `Report by ${due} on the ${mine.ledCount} tasks your unit leads and the ${mine.supportedCount} it supports.`
              : `请于${due}前报送本单位牵头的${mine.ledCount}项、配合的${mine.supportedCount}项任务的进展情况。`,
          path: `/dispatch/${ctx.round.id}?unit=${unit.id}`,
        },
      });
    }
    for (let i = 0; i < messages.length; i += REQUEST_BATCH) {
      const chunk = messages.slice(i, i + REQUEST_BATCH);
      const written = await this.outbox.enqueueMany(chunk);
      written.forEach(({ id, created }, j) => {
        out.messageIds.push(id);
        out.recipientKeys.push(chunk[j].recipientKey);
        if (created) out.created.push(id);
      });
    }
    return out;
  }

  /** A reminder to each unit that still owes reports, listing what is missing; once per unit and day. */
  async reminders(
    ctx: RoundMailContext,
    rows: UnitStatus[],
    today: string,
    workingDaysLeft: number,
  ): Promise<Enqueued> {
    const out = emptyResult();
    const owing = rows.filter((row) => row.missing.count > 0);
    const recipients = await this.recipients.forUnits(owing.map((row) => row.unit.id));
    const byId = new Map(ctx.tasks.map((t) => [t.id, t]));
    for (const row of owing) {
      const r = recipients.get(row.unit.id);
      if (!r || !r.to.length) {
        out.withoutAddress.push(row.unit.id);
        continue;
      }
      const mail = this.renderer.render('dispatch-reminder', r.locale, {
        ...this.common(ctx, row.unit, r.locale),
        today,
        dueToday: today === ctx.round.dueDate,
        pastDue: today > ctx.round.dueDate,
        missingCount: row.missing.count,
        // a due date on a day off: today is the last working day before it
        lastWorkingDay: today < ctx.round.dueDate && workingDaysLeft === 0,
        workingDaysLeft,
        expectedCount: row.expected.count,
        expectedTaskIds: row.expected.taskIds.join(','),
        receivedCount: row.received.count,
        receivedReportIds: row.received.reportIds.join(','),
        missing: row.missing.taskIds.map((id) => this.line(byId.get(id) as ScopeTask, r.locale)),
        // a list cut short (a reminder sent from counts lists the first tasks): how many more, and where
        missingMore: Math.max(0, row.missing.count - row.missing.taskIds.length),
        roundUrl: this.roundUrl(ctx.round.id, row.unit.id),
      });
      const due = formatMailDate(ctx.round.dueDate, r.locale, this.timeZone);
      await this.write(out, {
        key: `dispatch.reminder:${ctx.round.id}:${today}:unit:${row.unit.id}${ctx.keySuffix ?? ''}`,
        kind: 'dispatch.reminder',
        recipientKey: `unit:${row.unit.id}`,
        to: r.to,
        jobRunId: ctx.jobRunId,
        ...mail,
        // the line chat and SMS copies carry
        short: {
          text:
            r.locale === 'en'
              ? `${row.missing.count} of ${row.expected.count} reports are still missing; due ${due}.`
              : `尚有${row.missing.count}项任务（共${row.expected.count}项）未报送进展，报送截止日期为${due}。`,
          path: `/dispatch/${ctx.round.id}?unit=${row.unit.id}`,
        },
      });
    }
    return out;
  }

  /**
   * The late units, once per round, to the secretariat and the leads. Recipients who read Chinese share one
   * message, keyed `dispatch.late:<roundId>`; those who asked for English get theirs, keyed `dispatch.late:<roundId>:en`.
   */
  async lateNotice(ctx: RoundMailContext, late: UnitStatus[], today: string): Promise<Enqueued> {
    const out = emptyResult();
    // Once per round, whatever languages the recipients read by now.
    const keys = LATE_LOCALES.map((locale) => lateKey(ctx.round.id, locale));
    if (await this.outbox.anyWithKey(keys)) return out;
    const people = await this.recipients.audience('leadsAndOffice');
    const byId = new Map(ctx.tasks.map((t) => [t.id, t]));
    for (const locale of LATE_LOCALES) {
      const to = people.filter((p) => p.locale === locale).map((p) => p.email);
      if (!to.length) continue;
      const mail = this.renderer.render('dispatch-late', locale, {
        ...this.common(ctx, null, locale),
        today,
        units: late.map((row) => ({
          id: row.unit.id,
          name: this.unitName(row.unit, locale),
          expectedCount: row.expected.count,
          expectedTaskIds: row.expected.taskIds.join(','),
          receivedCount: row.received.count,
          receivedReportIds: row.received.reportIds.join(','),
          missing: row.missing.taskIds.map((id) => this.line(byId.get(id) as ScopeTask, locale)),
          lateCount: row.late.count,
          lateTasks: row.late.taskIds.map((id) => this.line(byId.get(id) as ScopeTask, locale)),
        })),
      });
      await this.write(out, {
        key: lateKey(ctx.round.id, locale),
        kind: 'dispatch.late',
        recipientKey: locale === 'zh-CN' ? 'role:secretariat+lead' : 'role:secretariat+lead:en',
        to,
        jobRunId: ctx.jobRunId,
        ...mail,
      });
    }
    return out;
  }

  private common(ctx: Omit<RoundMailContext, 'tasks'>, unit: ScopeUnit | null, locale: Locale) {
    return {
      unitName: unit ? this.unitName(unit, locale) : null,
      planTitle: locale === 'en' ? (ctx.planTitleEn ?? ctx.planTitle) : ctx.planTitle,
      round: {
        id: ctx.round.id,
        title: roundTitle(ctx.round, locale),
        period: ctx.round.period,
        dueDate: ctx.round.dueDate,
      },
    };
  }

  private unitName(unit: ScopeUnit, locale: Locale): string {
    return locale === 'en' ? (unit.nameEn ?? unit.name) : unit.name;
  }

  private line(task: Pick<ScopeTask, 'id' | 'code' | 'title' | 'titleEn'>, locale: Locale): TaskLine {
    return {
      id: task.id,
      code: task.code,
      title: locale === 'en' ? (task.titleEn ?? task.title) : task.title,
      url: this.taskUrl(task.id),
    };
  }

  private async write(
    out: Enqueued,
    msg: Parameters<OutboxService['enqueue']>[0] & { recipientKey: string },
  ): Promise<void> {
    // the em argument goes once every service joins the transaction by itself
    const { id, created } = await this.outbox.enqueue(msg);
    out.messageIds.push(id);
    out.recipientKeys.push(msg.recipientKey);
    if (created) out.created.push(id);
  }
}
