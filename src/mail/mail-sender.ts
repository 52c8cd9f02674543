// Delivers the outbox: claims due messages one at a time under a token of its own (MailRepository.claimDue: a row
// lock that skips rows another sender holds on PostgreSQL, a conditional UPDATE on SQLite), sends each over pooled
// SMTP (or writes it as an .eml file when no SMTP host is configured) to the addresses still waiting for it, and
// records the outcome per address right after the server answers, under that token. A claim is a lock with an
// expiry, pushed on while the send is under way: a message held by a sender that died is taken again later, and
// the late outcome of a sender that lost its claim changes nothing. A message is claimed only when a connection
// is free for it, so no claim waits in the pool's queue, whichever pass (background, API, command line) took it.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { ClockService } from '../common/clock.service';
import { APP_CONFIG, type AppConfig } from '../config/config';
import {
  classifyFailure,
  deliveriesOf,
  emlFileName,
  messageIdFor,
  pendingAddresses,
  retryDelaySeconds,
  settleAttempt,
  type AttemptResult,
  type DeliveryFailure,
} from './delivery';
import type { ChannelTransport } from './channel-hooks';
import { MailRepository, type OutboxClaim } from './mail.repository';
import { OutboxMessage } from './outbox-message.entity';

export interface DeliveryCounts {
  sent: number;
  retried: number;
  dead: number;
}

type Outcome = keyof DeliveryCounts;

/** What a send returns: the Message-ID and the recipients the server refused while taking the message. */
interface SendResult {
  messageId: string;
  refused: NonNullable<AttemptResult['refused']>;
}

/** Kicks that arrive within this window are served by one pass. */
const KICK_DEBOUNCE_MS = 50;

/**
 * Socket timeouts: a server that stops answering ends the send. A slow one does not make a second sender think the
 * first one died either way, since the claim is extended while the send is under way.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 15_000 };

/** How often an outcome that could not be recorded (the database away for a moment) is tried again, and after what. */
const RECORD_RETRY_MS = [200, 1_000, 3_000];

/** The refusals an SMTP error or answer carries per recipient (nodemailer's rejectedErrors). */
function refusalsOf(value: unknown): NonNullable<AttemptResult['refused']> {
  const errors = (value as { rejectedErrors?: unknown } | null)?.rejectedErrors;
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e): e is { recipient: string } => typeof (e as { recipient?: unknown })?.recipient === 'string')
    .map((e) => ({ address: e.recipient, failure: classifyFailure(e) }));
}

/** A fixed number of slots, one per SMTP connection: a message is claimed only once a slot is free for it. */
class Slots {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}

  async take(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

/** The address of the system's mailbox in mail.from: `Name <a@b>` or `a@b`. */
function fromAddress(from: string): string {
  const m = /<([^>]+)>/.exec(from);
  return (m ? m[1] : from).trim();
}

/** Where a reader changes the unit's notification settings: the web page, and the office's mailbox. */
export function listUnsubscribe(config: Pick<AppConfig, 'publicUrl' | 'mail'>): string {
  const mailto = `<mailto:${fromAddress(config.mail.from)}?subject=unsubscribe>`;
  return config.publicUrl ? `<${config.publicUrl.replace(/\/+$/, '')}/my-unit>, ${mailto}` : mailto;
}

/** The layout's footer for the text part, in the language of the message. */
export function textFooter(text: string, config: Pick<AppConfig, 'publicUrl'>): string {
  const url = config.publicUrl?.replace(/\/+$/, '');
  if (/[\u4e00-\u9fff]/.test(text)) {
    return (
      '-- \n本邮件由专班工作系统自动发送，请勿直接回复。\n' +
      `如需更改接收邮箱、订阅或退订，请联系本单位联络员或专班办公室${url ? `，或登录 ${url} 在“设置”中修改` : ''}。`
    );
  }
  return (
    "-- \nSent automatically by the task force's work system; please do not reply to this message.\n" +
    "To change the address this mail goes to, or to stop receiving it, contact your unit's liaison or the task " +
    `force office${url ? `, or sign in at ${url} and change it under Settings` : ''}.`
  );
}

@Injectable()
export class MailSender implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Mail');
  private smtp: Transporter | null = null;
  private files: Transporter | null = null;
  private started = false;
  private closing = false;
  private pollTimer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  private background: Promise<void> | null = null;
  private passAgain = false;
  private readonly passes = new Set<Promise<DeliveryCounts>>();
  /** Shared by every pass of this process, so that together they never hold more claims than there are connections. */
  private readonly slots: Slots;

  constructor(
    private readonly messages: MailRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: ClockService,
  ) {
    this.slots = new Slots(config.mail.smtp.host ? config.mail.smtp.maxConnections : 1);
  }

  /** The service delivers on its own when the scheduler runs; tests and the command line call deliverPending. */
  onApplicationBootstrap(): void {
    if (this.config.scheduler.enabled) this.start();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.stop();
  }

  /** Delivers on a timer every mail.pollSeconds, and soon after each kick. */
  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    this.schedulePoll();
  }

  /** Stops the timer, lets the sends under way finish and closes the SMTP pool. */
  async stop(): Promise<void> {
    this.started = false;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.pollTimer = this.kickTimer = null;
    await Promise.allSettled([...this.passes]);
    this.smtp?.close();
    this.files?.close();
    this.smtp = this.files = null;
  }

  /** Asks for a pass soon; several asks close together make one pass. Nothing happens unless started. */
  requestPass(): void {
    if (!this.started || this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      void this.runInBackground();
    }, KICK_DEBOUNCE_MS);
    this.kickTimer.unref();
  }

  /**
   * One pass: claims and sends due messages, up to `limit` (mail.batchSize), each at most once per pass, until
   * none is due. Returns how many were sent, put back for a later attempt, and given up on.
   */
  async deliverPending(limit = this.config.mail.batchSize): Promise<DeliveryCounts> {
    const pass = this.pass(limit);
    this.passes.add(pass);
    try {
      return await pass;
    } finally {
      this.passes.delete(pass);
    }
  }

  /**
   * Passes until nothing more is due now (what was put back for a later attempt waits for its time), at most
   * `maxPasses` of them: the command line's and the API's "deliver now".
   */
  async deliverAll(maxPasses = 100): Promise<DeliveryCounts> {
    const total: DeliveryCounts = { sent: 0, retried: 0, dead: 0 };
    for (let i = 0; i < maxPasses; i++) {
      const c = await this.deliverPending();
      total.sent += c.sent;
      total.retried += c.retried;
      total.dead += c.dead;
      if (c.sent + c.dead === 0) break;
    }
    return total;
  }

  private async pass(limit: number): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { sent: 0, retried: 0, dead: 0 };
    const seen = new Set<number>();
    let budget = limit;
    let done = false;
    const worker = async () => {
      while (!this.closing && !done && budget > 0) {
        // A free connection first, the claim after: a claim never waits in the pool's queue.
        await this.slots.take();
        try {
          if (this.closing || done || budget <= 0) return;
          budget -= 1;
          const claimed = await this.claimNext(seen);
          if (!claimed) {
            done = true;
            return;
          }
          counts[await this.deliver(claimed.message, claimed.token)] += 1;
        } finally {
          this.slots.give();
        }
      }
    };
    const workers = this.config.mail.smtp.host ? Math.min(this.config.mail.smtp.maxConnections, limit) : 1;
    await Promise.all(Array.from({ length: Math.max(1, workers) }, worker));
    return counts;
  }

  /** Takes the next due message not yet tried in this pass under a new token, held until the lock runs out. */
  private async claimNext(seen: Set<number>): Promise<{ message: OutboxMessage; token: string } | null> {
    const now = this.clock.now();
    const token = randomUUID();
    const [message] = await this.messages.claimDue(now, this.lockUntil(now), 1, [...seen], token);
    if (!message) return null;
    seen.add(message.id);
    return { message, token };
  }

  private lockUntil(now: Date): Date {
    return new Date(now.getTime() + this.config.mail.lockSeconds * 1000);
  }

  /**
   * One attempt: the message goes to the addresses still waiting for it, and each is recorded as sent, waiting
   * for another attempt or given up on, under the claim. The claim is held until the outcome is recorded.
   */
  private async deliver(message: OutboxMessage, token: string): Promise<Outcome> {
    const claim: OutboxClaim = { id: message.id, token };
    const release = this.holdWhileSending(claim);
    try {
      const deliveries = deliveriesOf(message);
      const addresses = pendingAddresses(deliveries);
      let result: AttemptResult = {};
      let messageId: string | null = null;
      if (addresses.length && message.channel && message.channel !== 'email') {
        result = await this.sendToChannel(message, addresses);
      } else if (addresses.length) {
        try {
          const sent = await this.send(message, addresses);
          messageId = sent.messageId;
          result = { refused: sent.refused };
        } catch (error) {
          result = { failure: classifyFailure(error), refused: refusalsOf(error) };
        }
      }
      const now = this.clock.now();
      const attempts = message.attempts + 1;
      const outcome = settleAttempt(deliveries, result, now, this.config.mail.maxAttempts);
      const delay = retryDelaySeconds(this.config.mail.retryBaseSeconds, attempts);
      const marked = await this.record(claim, {
        status: outcome.status,
        deliveries: outcome.deliveries,
        attempts,
        lastError: outcome.lastError ?? message.lastError,
        ...(outcome.accepted ? { sentAt: now, messageId } : {}),
        ...(outcome.status === 'pending'
          ? { nextAttemptAt: this.retryAt(message, new Date(now.getTime() + delay * 1000)) }
          : {}),
      });
      if (!marked) {
        // another sender holds the message now (our lock ran out): its attempt decides
        this.logger.error(`outbox message ${message.id}: its claim was taken over before the outcome was recorded`);
        return 'retried';
      }
      if (outcome.lastError) {
        const what = outcome.status === 'dead' ? 'given up' : `attempt ${attempts}`;
        this.logger.warn(`outbox message ${message.id} (${message.kind}) ${what}: ${outcome.lastError}`);
      } else {
        this.logger.debug(`sent outbox message ${message.id} (${message.kind}) to ${addresses.join(', ')}`);
      }
      return outcome.status === 'pending' ? 'retried' : outcome.status;
    } catch (error) {
      this.logger.error(
        `outbox message ${message.id}: the outcome could not be recorded, it is sent again once its lock runs out: ` +
          (error instanceof Error ? error.message : String(error)),
      );
      return 'retried';
    } finally {
      release();
    }
  }

  /** Lets src/channels send the chat, webhook and SMS copies (see channel-hooks.ts). */
  useChannelTransport(transport: ChannelTransport): void {
    this.channels = transport;
  }

  private channels: ChannelTransport | null = null;

  /** The next attempt's time: a chat or SMS copy's is moved out of quiet hours by its channel. */
  private retryAt(message: OutboxMessage, at: Date): Date {
    return this.channels && message.channel && message.channel !== 'email' ? this.channels.retryAt(message, at) : at;
  }

  /** A copy for a channel other than email, to each address still waiting for it, one request each. */
  private async sendToChannel(message: OutboxMessage, addresses: string[]): Promise<AttemptResult> {
    const refused: NonNullable<AttemptResult['refused']> = [];
    for (const address of addresses) {
      let failure: DeliveryFailure | null;
      try {
        failure = this.channels
          ? await this.channels.send(message, address)
          : { permanent: false, reason: `no sender for the channel ${message.channel}` };
      } catch (error) {
        failure = { permanent: false, reason: error instanceof Error ? error.message : String(error) };
      }
      if (failure) refused.push({ address, failure });
    }
    return { refused };
  }

  /** Pushes the claim's lock on while the send is under way; the function returned stops it. */
  private holdWhileSending(claim: OutboxClaim): () => void {
    let held = true;
    const timer = setInterval(
      () => {
        void this.messages.extendClaim(claim, this.lockUntil(this.clock.now())).then(
          (still) => {
            if (!still && held) this.logger.warn(`outbox message ${claim.id}: the claim was lost during the send`);
          },
          (error: unknown) =>
            this.logger.warn(`outbox message ${claim.id}: the lock was not extended: ${String(error)}`),
        );
      },
      Math.max(100, (this.config.mail.lockSeconds * 1000) / 3),
    );
    timer.unref();
    return () => {
      held = false;
      clearInterval(timer);
    };
  }

  /** Records the outcome under the claim, trying again for a few seconds when the database does not answer. */
  private async record(claim: OutboxClaim, fields: Partial<OutboxMessage>): Promise<boolean> {
    for (let i = 0; ; i++) {
      try {
        return await this.messages.settleClaim(claim, fields);
      } catch (error) {
        if (i >= RECORD_RETRY_MS.length) throw error;
        await new Promise((r) => setTimeout(r, RECORD_RETRY_MS[i]));
      }
    }
  }

  /** Sends the message, headers as written (every copy alike, one Message-ID), to the given addresses only. */
  private async send(message: OutboxMessage, addresses: string[]): Promise<SendResult> {
    const mail: SendMailOptions = {
      from: this.config.mail.from,
      envelope: { from: fromAddress(this.config.mail.from), to: addresses },
      to: message.to,
      cc: message.cc.length ? message.cc : undefined,
      subject: message.subject,
      html: message.html,
      text: message.text
        ? `${message.text.replace(/\s+$/, '')}\n\n${textFooter(message.text, this.config)}`
        : message.text,
      date: this.clock.now(),
      messageId: messageIdFor(message.idempotencyKey),
      headers: {
        'X-Zhuanban-Key': message.idempotencyKey,
        'X-Zhuanban-Kind': message.kind,
        // RFC 3834: no vacation replies or loops back to the system.
        'Auto-Submitted': 'auto-generated',
        'List-Unsubscribe': listUnsubscribe(this.config),
      },
      attachments: message.attachments.map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: a.content,
        encoding: 'base64',
      })),
    };
    if (this.config.mail.smtp.host) {
      const info = await this.smtpTransport().sendMail(mail);
      const refused = refusalsOf(info);
      // a refusal without its reply still keeps the address waiting
      for (const address of (info.rejected ?? []).map(String)) {
        if (!refused.some((r) => r.address.toLowerCase() === address.toLowerCase())) {
          refused.push({ address, failure: { permanent: false, reason: 'refused by the server' } });
        }
      }
      return { messageId: info.messageId, refused };
    }
    const info = await this.fileTransport().sendMail(mail);
    await this.writeFile(message, info.message as Buffer);
    return { messageId: info.messageId, refused: [] };
  }

  /** Written under a temporary name and renamed, so a half-written file never looks like a message. */
  private async writeFile(message: OutboxMessage, content: Buffer): Promise<void> {
    const dir = resolve(this.config.mail.dir);
    await mkdir(dir, { recursive: true });
    const name = emlFileName(message.queuedAt, message.id, message.kind, this.clock.timeZone);
    const temporary = join(dir, `.${name}.tmp`);
    await writeFile(temporary, content);
    await rename(temporary, join(dir, name));
  }

  /**
   * Whether mail can leave now: the SMTP server answers and accepts the sign-in (a connection of its own, closed
   * after), or the folder .eml files go to can be written. For the readiness check; says why when it cannot.
   */
  async check(): Promise<{ ok: boolean; transport: 'smtp' | 'files'; detail: string }> {
    const { host, port, secure, user, password } = this.config.mail.smtp;
    if (!host) {
      const dir = resolve(this.config.mail.dir);
      try {
        await mkdir(dir, { recursive: true });
        await access(dir, fsConstants.W_OK);
        return { ok: true, transport: 'files', detail: dir };
      } catch (e) {
        return { ok: false, transport: 'files', detail: `${dir}: ${(e as Error).message}` };
      }
    }
    const probe = nodemailer.createTransport({
      host,
      port,
      secure,
      auth: user ? { user, pass: password ?? '' } : undefined,
      ...SMTP_TIMEOUTS,
      socketTimeout: SMTP_TIMEOUTS.connectionTimeout,
    });
    try {
      await probe.verify();
      return { ok: true, transport: 'smtp', detail: `${host}:${port}` };
    } catch (e) {
      return { ok: false, transport: 'smtp', detail: `${host}:${port}: ${(e as Error).message}` };
    } finally {
      probe.close();
    }
  }

  private smtpTransport(): Transporter {
    if (!this.smtp) {
      const { host, port, secure, user, password, maxConnections } = this.config.mail.smtp;
      this.smtp = nodemailer.createTransport({
        pool: true,
        host: host as string,
        port,
        secure,
        auth: user ? { user, pass: password ?? '' } : undefined,
        maxConnections,
        // The outbox decides about attempts; the pool must not send a message again by itself.
        maxRequeues: 0,
        ...SMTP_TIMEOUTS,
      });
    }
    return this.smtp;
  }

  private fileTransport(): Transporter {
    this.files ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    return this.files;
  }

  private schedulePoll(): void {
    if (!this.started) return;
    this.pollTimer = setTimeout(() => {
      void this.runInBackground().finally(() => this.schedulePoll());
    }, this.config.mail.pollSeconds * 1000);
    this.pollTimer.unref();
  }

  /** One background pass at a time; a kick during a pass makes another pass after it. */
  private runInBackground(): Promise<void> {
    if (this.background) {
      this.passAgain = true;
      return this.background;
    }
    this.background = (async () => {
      do {
        this.passAgain = false;
        try {
          await this.deliverPending();
        } catch (error) {
          this.logger.error(`mail delivery pass failed: ${error instanceof Error ? error.stack : String(error)}`);
        }
      } while (this.passAgain && this.started && !this.closing);
    })().finally(() => {
      this.background = null;
    });
    return this.background;
  }
}
