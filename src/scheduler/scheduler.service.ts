// The job registry and runner. Features register their jobs (digests, dispatch rounds, bulletins); this runs each
// job once per slot — the instant its cron expression falls due in the task force's time zone — and records it.
//
// - runSlot() records the run in job_run (unique per job and slot) in the same transaction as the job's own writes
//   (its outbox messages): a slot that succeeded never runs again, whether asked twice at once, after a restart or
//   by a second instance; the second ask returns null.
// - A job that throws rolls all of that back, its job_run row included, so no half-written outbox is left. A row is
//   then written under the key `<slot>#failed-<n>` (status failed, the error in note): the failure is visible while
//   the slot's own key stays free, so the next catch-up runs the slot again if it is still the job's latest.
// - A slot that falls on a non-working day of a working-days-only job moves by the job's onDayOff rule (day-off.ts):
//   to the next working day, the previous one, or nowhere — then it is recorded as skipped and the job not run. A
//   moved slot keeps its own key (the instant the cron expression named), so it runs once wherever it lands.
// - catchUp() runs, once, the latest missed slot of each enabled job: the latest slot, by the instant it runs at
//   (moved or not), that is later than the job's last done or skipped run (manual runs count) and not before the
//   scheduler first started on this database (setting scheduler.firstStart), so a fresh install sends no past mail.
//   For a working-days-only job it is the latest such slot that runs: skipped ones would only have been skipped.
// - The timer looks at the injected clock at least once a minute and runs the latest slot that fell due since it
//   last looked, so a clock moved forward (a test, a suspended machine) runs one slot, not a backlog.
// - A manual run is for the job's current slot or period: a job reuses that slot's outbox keys, so what went out
//   already is not queued again, unless the caller forces it (force: fresh keys). The answer counts what the run
//   found queued or sent already (JobResult.existing).
// - A job in the configuration that no feature registered is listed by schedule() with registered: false and never
//   runs. A registered job without a configuration entry is refused at register().
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { CronTime } from 'cron';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { AuditService, type FieldChange } from '../audit/audit.service';
import { WorkingDaysService } from '../calendar/working-days.service';
import { calendarGap, type CalendarGap } from '../calendar/calendar-gaps';
import { ClockService, dateInZone, zonedTime } from '../common/clock.service';
import { parseDate } from '../common/dates';
import { ConflictError, InvalidFieldError, NotFoundError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { SettingsService } from '../database/settings.service';
import { isSqliteBusy, isUniqueViolation } from '../database/sql';
import type { JobRun, JobRunStatus } from './job-run.entity';
import { SchedulerRepository } from './scheduler.repository';
import { MAX_DAYS_OFF, moveSlot, plannedSlots, slotsIn, type DayOffRule } from './day-off';
import { cronTime, latestSlot, nextSlot } from './slots';
import type { Page } from '../common/pagination';

export type JobTrigger = 'schedule' | 'catch-up' | 'manual';

/** What a job is told when it runs. Its writes join the run's transaction by themselves (the async context). */
export interface JobContext {
  /** The instant the cron expression named for the run, before any move for a day off (for a manual run: now). */
  slot: Date;
  /** The JobRun.slot string: the ISO instant, or 'manual:<ISO>'. */
  slotKey: string;
  trigger: JobTrigger;
  /** The day the run is for in the task force's time zone, YYYY-MM-DD: the slot's, or the day it moved to. */
  today: string;
  /** The slot's own date, before any move: the period a job works for (the month of a round, the week of a bulletin). */
  slotDate: string;
  /** A manual run asked to queue again what went out already (fresh outbox keys). */
  force: boolean;
  /** The JobRun id, to put on outbox messages. */
  runId: number;
  /** config.scheduler.jobs[name] without cron and enabled. */
  options: Record<string, unknown>;
  /** The arguments of a manual run, e.g. { planId, period }; {} otherwise. */
  args: Record<string, unknown>;
}

/** Messages a run would have written that were there already (an earlier run of the same slot), by state. */
export interface ExistingMessages {
  /** Waiting to be delivered (pending or being sent). */
  queued: number;
  sent: number;
  dead: number;
}

export interface JobResult {
  /** Messages the run wrote to the outbox. */
  messages: number;
  note?: string;
  existing?: ExistingMessages;
}

export interface JobDefinition {
  /** The key in config.scheduler.jobs, where its cron expression comes from. */
  name: string;
  /** Shown in the schedule listing. */
  description: string;
  descriptionZh: string;
  /** Default: config.scheduler.workingDaysOnly. */
  workingDaysOnly?: boolean;
  /** Where a slot on a day off goes, unless scheduler.jobs[name].onDayOff says otherwise. Default: skip. */
  onDayOff?: DayOffRule;
  run(ctx: JobContext): Promise<JobResult>;
}

export interface JobRunView {
  id: number;
  job: string;
  slot: string;
  status: JobRunStatus;
  trigger: JobTrigger;
  startedAt: Date;
  finishedAt: Date | null;
  messages: number;
  note: string | null;
}

/** The answer of a run: the recorded run, and what it found gone out already. */
export interface JobRunResult extends JobRunView {
  /** The run was asked to queue everything again. */
  forced: boolean;
  /** Messages of the slot that were queued or sent before this run (not queued again); null: the job does not say. */
  existing: ExistingMessages | null;
}

export interface ScheduleEntry {
  name: string;
  /** null for a job in the configuration that no feature registered. */
  description: string | null;
  descriptionZh: string | null;
  cron: string;
  timeZone: string;
  /** A feature registered the job. */
  registered: boolean;
  /** Registered and enabled in the configuration: the timer and catch-up run it. */
  enabled: boolean;
  workingDaysOnly: boolean;
  /** Where a slot on a day off goes (for a working-days-only job). */
  onDayOff: DayOffRule;
  /** When the job runs next, as an ISO instant: on a working day for a working-days-only job, after any move. */
  nextRun: string | null;
  /** The slot nextRun is for when a day off moved it there (the instant the cron expression named); else null. */
  nextRunMovedFrom: string | null;
  /** The most recently recorded run. */
  lastRun: JobRunView | null;
  /** nextRun falls in a year without working-day data (days off there are weekends only); else null. */
  calendarWarning: CalendarGap | null;
}

/** Called after a run's transaction committed, e.g. to wake the outbox sender. */
export type RunCommittedHook = (run: JobRunView) => void | Promise<void>;

interface RegisteredJob {
  name: string;
  definition: JobDefinition;
  cron: CronTime;
  workingDaysOnly: boolean;
  onDayOff: DayOffRule;
}

interface RunRequest {
  slot: Date;
  slotKey: string;
  trigger: JobTrigger;
  args: Record<string, unknown>;
  actor: Actor | null;
  checkWorkingDay: boolean;
  force: boolean;
}

/** Carries an error thrown by a job's run() out of the transaction, apart from the runner's own errors. */
class JobFailure extends Error {
  constructor(readonly error: unknown) {
    super(message(error));
  }
}

const FIRST_START_KEY = 'scheduler.firstStart';
/** The timer re-reads the clock at least this often. */
const MAX_WAIT_MS = 60_000;
/** How far back catch-up looks for a slot that moved (a month's slot, moved by up to MAX_DAYS_OFF days). */
const CATCH_UP_REACH_MS = 100 * 86_400_000;
/** nextRun looks this far ahead at a time, up to a year. */
const NEXT_RUN_STEP_MS = 40 * 86_400_000;
const NEXT_RUN_STEPS = 10;
/** How much wider than asked the remembered span of a moving job's slots is, each side. */
const SLOT_CACHE_MARGIN_MS = 120 * 86_400_000;
/** Attempts at a free key for a manual run or a failure record. */
const MAX_KEY_ATTEMPTS = 10;
/** Attempts at taking a slot while another process holds the SQLite file, waiting longer each time (≈ 6 s). */
const MAX_BUSY_ATTEMPTS = 10;
const BUSY_WAIT_FIRST_MS = 25;
const BUSY_WAIT_MAX_MS = 1000;
const MAX_NOTE_LENGTH = 2000;

@Injectable()
export class SchedulerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Scheduler');
  private readonly jobs = new Map<string, RegisteredJob>();
  private readonly lastRuns = new Map<string, JobRunView>();
  private readonly committedHooks: RunCommittedHook[] = [];
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  /** Slots after this instant have not been looked at by the timer yet. */
  private since: Date | null = null;
  private hasRunTable = false;
  /** Where each slot of a moving job runs, by job and slot: the calendar does not change while the service runs. */
  private readonly moveCache = new Map<string, Date | null>();
  /** The slots of each moving job over a span around now, so a listing does not enumerate them again each time. */
  private readonly slotCache = new Map<string, { from: number; to: number; slots: Date[] }>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jobRuns: SchedulerRepository,
    private readonly clock: ClockService,
    private readonly workingDays: WorkingDaysService,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
  ) {}

  /** Features call this in onModuleInit. The job's cron expression comes from config.scheduler.jobs[name]. */
  register(job: JobDefinition): void {
    const key = `scheduler.jobs["${job.name}"]`;
    if (!job.name) throw new Error('A scheduled job needs a name (its key in scheduler.jobs)');
    if (this.jobs.has(job.name)) throw new Error(`Scheduled job "${job.name}" is registered twice`);
    const entry = this.config.scheduler.jobs[job.name];
    if (!entry) {
      throw new Error(
        `Scheduled job "${job.name}" has no configuration: add ${key} = { "cron": "…" } to the configuration ` +
          `(config/default.json)`,
      );
    }
    let cron: CronTime;
    try {
      cron = cronTime(entry.cron, this.clock.timeZone);
      nextSlot(cron, this.clock.now());
    } catch (e) {
      throw new Error(
        `Configuration error: ${key}.cron: "${entry.cron}" is not a usable cron expression (${message(e)})`,
      );
    }
    this.jobs.set(job.name, {
      name: job.name,
      definition: job,
      cron,
      workingDaysOnly: job.workingDaysOnly ?? this.config.scheduler.workingDaysOnly,
      onDayOff: entry.onDayOff ?? job.onDayOff ?? 'skip',
    });
  }

  /** Registers a callback run after each done run commits (the mail module wakes its sender with it). */
  onRunCommitted(hook: RunCommittedHook): void {
    this.committedHooks.push(hook);
  }

  /**
   * Runs a job now, whatever the day, under a run of its own, for the job's current slot: what that slot sent
   * already is not queued again unless `force`. A run whose job threw comes back as failed.
   */
  async runNow(
    name: string,
    args: Record<string, unknown> = {},
    actor: Actor = SYSTEM_ACTOR,
    force = false,
  ): Promise<JobRunResult> {
    const job = this.require(name);
    if (args === null || typeof args !== 'object' || Array.isArray(args)) {
      throw new InvalidFieldError('args', 'must be an object of named arguments', '必须是由参数名和值组成的对象');
    }
    if (typeof force !== 'boolean') {
      throw new InvalidFieldError('force', 'must be true or false', '必须为 true 或 false');
    }
    for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt++) {
      const slot = new Date(this.clock.now().getTime() + attempt);
      const run = await this.execute(job, {
        slot,
        slotKey: `manual:${slot.toISOString()}`,
        trigger: 'manual',
        args,
        actor,
        checkWorkingDay: false,
        force,
      });
      if (run) return run;
    }
    throw new ConflictError(`Job ${name} is being started too often`, `任务 ${name} 启动过于频繁`, 'job_busy');
  }

  /**
   * Runs one slot of a job (the instant its cron expression named), once, on the day a day off moved it to: null
   * when that slot already ran (or was skipped).
   */
  async runSlot(name: string, slot: Date, trigger: 'schedule' | 'catch-up'): Promise<JobRunResult | null> {
    const job = this.require(name);
    return this.execute(job, {
      slot,
      slotKey: slot.toISOString(),
      trigger,
      args: {},
      actor: null,
      checkWorkingDay: job.workingDaysOnly,
      force: false,
    });
  }

  /** Runs, once each, the latest missed slot of each enabled job (see the top of this file). */
  async catchUp(): Promise<JobRunView[]> {
    const firstStart = await this.firstStart();
    const now = this.clock.now();
    const runs: JobRunView[] = [];
    for (const job of this.enabledJobs()) {
      const slot = this.missedSlot(job, now, await this.lastDoneSlot(job.name), firstStart);
      if (!slot) continue;
      const run = await this.runSlot(job.name, slot, 'catch-up');
      if (run) runs.push(run);
    }
    return runs;
  }

  /** Every job of the configuration, in its order, with its next and last runs. */
  schedule(): ScheduleEntry[] {
    const now = this.clock.now();
    const timeZone = this.clock.timeZone;
    return Object.entries(this.config.scheduler.jobs).map(([name, entry]): ScheduleEntry => {
      const job = this.jobs.get(name);
      const enabled = !!job && entry.enabled !== false;
      const workingDaysOnly = job?.workingDaysOnly ?? this.config.scheduler.workingDaysOnly;
      const next = job && enabled ? this.nextRun(job, now) : null;
      return {
        name,
        description: job?.definition.description ?? null,
        descriptionZh: job?.definition.descriptionZh ?? null,
        cron: entry.cron,
        timeZone,
        registered: !!job,
        enabled,
        workingDaysOnly,
        onDayOff: job?.onDayOff ?? entry.onDayOff ?? 'skip',
        nextRun: next?.at?.toISOString() ?? null,
        nextRunMovedFrom: next?.at && next.at.getTime() !== next.slot.getTime() ? next.slot.toISOString() : null,
        lastRun: this.lastRuns.get(name) ?? null,
        calendarWarning: this.calendarWarningAt(next?.at ?? null),
      };
    });
  }

  private calendarWarningAt(at: Date | null): CalendarGap | null {
    const [year] = at ? this.workingDays.missingYears([at]) : [];
    return year === undefined ? null : calendarGap(year);
  }

  /** Reloads each job's last run from job_run, to show runs made by another process (the command line). */
  async refreshLastRuns(): Promise<void> {
    // before the first migration (the command line on a new database) there is no job_run table, and no run
    if (!(await this.jobRuns.runTableExists())) return;
    for (const row of await this.jobRuns.latestRunOfEachJob()) this.lastRuns.set(row.job, toView(row));
  }

  /** Recorded runs, newest first. */
  runs(filter: { job?: string; page: number; pageSize: number }): Promise<Page<JobRun>> {
    return this.jobRuns.page(filter);
  }

  /** Starts the timer that runs each enabled job at its slots. */
  start(): void {
    this.startFrom(this.clock.now());
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refreshLastRuns();
    if (!this.config.scheduler.enabled) return;
    const since = this.clock.now();
    const firstStart = await this.firstStart();
    this.logger.log(`scheduler on this database since ${firstStart.toISOString()}`);
    if (this.config.scheduler.catchUp) {
      try {
        for (const run of await this.catchUp()) {
          this.logger.log(`caught up ${run.job} slot ${run.slot}: ${run.status}`);
        }
      } catch (e) {
        // the service still starts; the slot is caught up at the next start
        this.logger.error(`catch-up failed: ${message(e)}`);
      }
    }
    this.startFrom(since);
  }

  /** Stops the timer and lets a run in progress finish before the database closes. */
  async onModuleDestroy(): Promise<void> {
    this.stop();
    await this.ticking;
  }

  private require(name: string): RegisteredJob {
    const job = this.jobs.get(name);
    if (!job) throw new NotFoundError('Job', name, '任务');
    return job;
  }

  private enabledJobs(): RegisteredJob[] {
    return [...this.jobs.values()].filter((job) => this.config.scheduler.jobs[job.name]?.enabled !== false);
  }

  private options(name: string): Record<string, unknown> {
    const { cron: _cron, enabled: _enabled, onDayOff: _onDayOff, ...options } = this.config.scheduler.jobs[name] ?? {};
    return options;
  }

  private isWorkingDay(slot: Date): boolean {
    return this.workingDays.isWorkingDay(dateInZone(slot, this.clock.timeZone));
  }

  /** The moment the scheduler first ran on this database, recorded by the first call. */
  private async firstStart(): Promise<Date> {
    return new Date(await this.settings.getOrCreate(FIRST_START_KEY, () => this.clock.now().toISOString()));
  }

  /** The latest slot of a done or skipped run of the job (a manual run counts at the moment it ran). */
  private async lastDoneSlot(name: string): Promise<Date | null> {
    const scheduled = await this.jobRuns.latestSlotKey(name, ['done', 'skipped'], false);
    const manual = (await this.jobRuns.latestSlotKey(name, ['done'], true))?.slice('manual:'.length);
    const instants = [scheduled, manual].filter((s): s is string => !!s).map((s) => new Date(s));
    return instants.length ? new Date(Math.max(...instants.map((d) => d.getTime()))) : null;
  }

  /** Whether slots of the job on days off move elsewhere (rather than being skipped, or run on the day). */
  private movesDaysOff(job: RegisteredJob): boolean {
    return job.workingDaysOnly && job.onDayOff !== 'skip';
  }

  /** The instant a slot of the job runs at: itself, moved by the day-off rule, or null when it is skipped. */
  private runsAt(job: RegisteredJob, slot: Date): Date | null {
    if (!job.workingDaysOnly) return slot;
    const key = `${job.name} ${slot.toISOString()}`;
    if (!this.moveCache.has(key)) this.moveCache.set(key, moveSlot(job.cron, slot, job.onDayOff, this.calendar));
    return this.moveCache.get(key) as Date | null;
  }

  /** The slots of a moving job that run or are skipped in (from, to], in the order they run (see day-off.ts). */
  private planned(job: RegisteredJob, from: Date, to: Date): { slot: Date; at: Date | null }[] {
    return plannedSlots(job.cron, from, to, job.onDayOff, {
      timeZone: this.clock.timeZone,
      isWorkingDay: (d) => this.workingDays.isWorkingDay(d),
      move: (slot) => this.runsAt(job, slot),
      slotsIn: (a, b) => this.slotsIn(job, a, b),
    });
  }

  /** The job's slots in (from, to], from a span enumerated once and widened when asked outside it. */
  private slotsIn(job: RegisteredJob, from: Date, to: Date): Date[] {
    let span = this.slotCache.get(job.name);
    if (!span || from.getTime() < span.from || to.getTime() > span.to) {
      const start = from.getTime() - SLOT_CACHE_MARGIN_MS;
      const end = to.getTime() + SLOT_CACHE_MARGIN_MS;
      span = { from: start, to: end, slots: slotsIn(job.cron, new Date(start), new Date(end)) };
      this.slotCache.set(job.name, span);
    }
    return span.slots.filter((s) => s > from && s <= to);
  }

  private get calendar() {
    return { timeZone: this.clock.timeZone, isWorkingDay: (d: string) => this.workingDays.isWorkingDay(d) };
  }

  /** The slot catch-up should run: the latest that runs by now, after lastDone and not before firstStart. */
  private missedSlot(job: RegisteredJob, now: Date, lastDone: Date | null, firstStart: Date): Date | null {
    if (this.movesDaysOff(job)) {
      const runs = this.planned(job, new Date(now.getTime() - CATCH_UP_REACH_MS), now).filter(
        (p) => p.at && p.at >= firstStart && (!lastDone || p.slot > lastDone),
      );
      return runs.at(-1)?.slot ?? null;
    }
    let slot = latestSlot(job.cron, now);
    for (let i = 0; slot && i <= MAX_DAYS_OFF; i++) {
      if (slot < firstStart || (lastDone && slot <= lastDone)) return null;
      if (!job.workingDaysOnly || this.isWorkingDay(slot)) return slot;
      // the latest slot of an earlier day
      const dayStart = zonedTime(dateInZone(slot, this.clock.timeZone), '00:00', this.clock.timeZone);
      slot = latestSlot(job.cron, new Date(dayStart.getTime() - 1));
    }
    return null;
  }

  /** The next run after now: the slot it is for and when it runs (after any move). */
  private nextRun(job: RegisteredJob, now: Date): { slot: Date; at: Date | null } | null {
    if (this.movesDaysOff(job)) {
      for (let i = 0, from = now; i < NEXT_RUN_STEPS; i++) {
        const to = new Date(from.getTime() + NEXT_RUN_STEP_MS);
        const run = this.planned(job, from, to).find((p) => p.at);
        if (run) return run;
        from = to;
      }
      return null;
    }
    let slot = nextSlot(job.cron, now);
    for (let i = 0; i <= MAX_DAYS_OFF; i++) {
      if (!job.workingDaysOnly || this.isWorkingDay(slot)) return { slot, at: slot };
      // the first slot of a later day
      const dayEnd = zonedTime(dateInZone(slot, this.clock.timeZone), '23:59', this.clock.timeZone);
      slot = nextSlot(job.cron, new Date(dayEnd.getTime() + 59_999));
    }
    return null;
  }

  private async execute(job: RegisteredJob, req: RunRequest): Promise<JobRunResult | null> {
    const startedAt = this.clock.now();
    let claimed: { row: JobRun; existing: ExistingMessages | null } | null = null;
    for (let attempt = 1; attempt <= MAX_BUSY_ATTEMPTS; attempt++) {
      try {
        claimed = await this.txHost.withTransaction(() => this.claimAndRun(job, req, startedAt));
        break;
      } catch (e) {
        if (e instanceof JobFailure) return this.result(await this.recordFailure(job, req, startedAt, e.error), req);
        // the slot's row appeared between the check and the insert on a database without ON CONFLICT semantics
        if (isUniqueViolation(e)) return null;
        // Another process holds the SQLite file for writing (it may be running this very slot): SQLite refuses
        // at once rather than wait, so wait here and look again.
        if (isSqliteBusy(e) && attempt < MAX_BUSY_ATTEMPTS) {
          await sleep(Math.min(BUSY_WAIT_MAX_MS, BUSY_WAIT_FIRST_MS * 2 ** (attempt - 1)));
          continue;
        }
        throw e;
      }
    }
    if (!claimed) return null;
    const view = this.remember(claimed.row);
    if (claimed.row.status === 'done') this.afterCommit(view);
    return this.result(view, req, claimed.existing);
  }

  private result(view: JobRunView, req: RunRequest, existing: ExistingMessages | null = null): JobRunResult {
    return { ...view, forced: req.force, existing };
  }

  /**
   * Inside the run's transaction: takes the slot (null if it is taken), then runs the job — on the day a day off
   * moved the slot to — or records the slot as skipped.
   */
  private async claimAndRun(job: RegisteredJob, req: RunRequest, startedAt: Date) {
    const tz = this.clock.timeZone;
    const slotDate = dateInZone(req.slot, tz);
    const at = req.checkWorkingDay ? this.runsAt(job, req.slot) : req.slot;
    const dayOff = at ? null : dayOffNote(slotDate);
    const today = at ? dateInZone(at, tz) : slotDate;
    const moved = today !== slotDate ? movedNote(slotDate, today) : null;
    const row = await this.jobRuns.claimSlot({
      job: job.name,
      slot: req.slotKey,
      status: dayOff ? 'skipped' : 'done',
      trigger: req.trigger,
      startedAt,
      finishedAt: dayOff ? startedAt : null,
      messages: 0,
      note: dayOff,
    });
    if (!row) return null;
    if (req.actor) await this.recordManualRun(req, job.name, row.id);
    if (dayOff) return { row, existing: null };
    let result: JobResult;
    try {
      result = await job.definition.run({
        slot: req.slot,
        slotKey: req.slotKey,
        trigger: req.trigger,
        today,
        slotDate,
        force: req.force,
        runId: row.id,
        options: this.options(job.name),
        args: req.args,
      });
    } catch (e) {
      throw new JobFailure(e);
    }
    row.finishedAt = this.clock.now();
    row.messages = Math.max(0, Math.trunc(Number(result?.messages) || 0));
    const note = [moved, result?.note ? String(result.note) : null].filter(Boolean).join('; ');
    row.note = note ? note.slice(0, MAX_NOTE_LENGTH) : null;
    await this.jobRuns.finishRun(row.id, { finishedAt: row.finishedAt, messages: row.messages, note: row.note });
    return { row, existing: result?.existing ?? null };
  }

  /** Records a failed attempt under a key of its own, so the slot's key stays free for the retry. */
  private async recordFailure(
    job: RegisteredJob,
    req: RunRequest,
    startedAt: Date,
    error: unknown,
  ): Promise<JobRunView> {
    const note = `failed: ${message(error)}`.slice(0, MAX_NOTE_LENGTH);
    this.logger.warn(`${job.name} slot ${req.slotKey} ${note}`);
    let lastError: unknown;
    for (let attempt = 0; attempt < MAX_KEY_ATTEMPTS; attempt++) {
      try {
        const run = await this.txHost.withTransaction(async () => {
          const earlier = await this.jobRuns.countFailures(job.name, req.slotKey);
          const row = await this.jobRuns.claimSlot({
            job: job.name,
            slot: `${req.slotKey}#failed-${earlier + 1 + attempt}`,
            status: 'failed',
            trigger: req.trigger,
            startedAt,
            finishedAt: this.clock.now(),
            messages: 0,
            note,
          });
          if (row && req.actor) await this.recordManualRun(req, job.name, row.id);
          return row;
        });
        if (run) return this.remember(run);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        lastError = e;
      }
    }
    throw (
      lastError ??
      new ConflictError(`No free key to record the failure of ${job.name}`, `无法记录任务 ${job.name} 的失败`)
    );
  }

  /** A manual run is an action of the person who started it. */
  private recordManualRun(req: RunRequest, name: string, runId: number): Promise<void> {
    const changes: FieldChange[] = [{ field: 'job', from: null, to: name }];
    if (Object.keys(req.args).length) changes.push({ field: 'args', from: null, to: req.args });
    if (req.force) changes.push({ field: 'force', from: null, to: true });
    return this.audit.record(req.actor as Actor, 'job_run', runId, 'run', changes);
  }

  private remember(run: JobRun): JobRunView {
    const view = toView(run);
    const known = this.lastRuns.get(run.job);
    if (!known || known.id < run.id) this.lastRuns.set(run.job, view);
    return view;
  }

  private afterCommit(run: JobRunView): void {
    for (const hook of this.committedHooks) {
      try {
        void Promise.resolve(hook(run)).catch((e: unknown) => this.logger.error(`after-run hook: ${message(e)}`));
      } catch (e) {
        this.logger.error(`after-run hook: ${message(e)}`);
      }
    }
  }

  private startFrom(since: Date): void {
    if (this.started) return;
    this.started = true;
    this.since = since;
    this.arm();
  }

  /** Sleeps until the next slot of any enabled job, or a minute, whichever comes first. */
  private arm(): void {
    if (!this.started) return;
    const now = this.clock.now();
    let wait = MAX_WAIT_MS;
    for (const job of this.enabledJobs()) {
      const next = this.movesDaysOff(job)
        ? this.planned(job, now, new Date(now.getTime() + MAX_WAIT_MS)).map((p) => p.at ?? p.slot)[0]
        : nextSlot(job.cron, now);
      if (next) wait = Math.min(wait, next.getTime() - now.getTime());
    }
    this.timer = setTimeout(
      () => {
        this.timer = null;
        this.ticking = this.tick();
      },
      Math.max(1, wait),
    );
    this.timer.unref();
  }

  /** The latest slot of the job that falls due in (since, now], by when it runs (moved or not), or null. */
  private dueSlot(job: RegisteredJob, since: Date, now: Date): Date | null {
    if (this.movesDaysOff(job)) return this.planned(job, since, now).at(-1)?.slot ?? null;
    if (nextSlot(job.cron, since) > now) return null;
    return latestSlot(job.cron, now);
  }

  /** Runs, for each enabled job, the latest slot that fell due since the last look. */
  private async tick(): Promise<void> {
    const now = this.clock.now();
    // a clock moved back starts afresh from its new now
    const since = this.since && this.since <= now ? this.since : now;
    try {
      for (const job of this.enabledJobs()) {
        if (!this.started) return;
        const slot = this.dueSlot(job, since, now);
        if (!slot) continue;
        try {
          const run = await this.runSlot(job.name, slot, 'schedule');
          if (run) this.logger.log(`${job.name} slot ${run.slot}: ${run.status}`);
        } catch (e) {
          this.logger.error(`${job.name} slot ${slot.toISOString()} not run: ${message(e)}`);
        }
      }
    } finally {
      this.since = now;
      this.arm();
    }
  }
}

function toView(run: JobRun): JobRunView {
  return {
    id: run.id,
    job: run.job,
    slot: run.slot,
    status: run.status,
    trigger: run.trigger as JobTrigger,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    messages: run.messages,
    note: run.note,
  };
}

/** Why a working-days-only job does not run on a date, in Chinese and English. */
function dayOffNote(date: string): string {
  const dow = parseDate(date).getUTCDay();
  return dow === 0 || dow === 6
    ? `${date} 是周末，不运行 / ${date} is a week-end day: not run`
    : `${date} 是法定节假日，不运行 / ${date} is a statutory holiday: not run`;
}

/** A slot a day off moved, in Chinese and English. */
function movedNote(from: string, to: string): string {
  // moved forward (顺延) to the next working day, or brought back (提前) to the previous one
  return `${from} 非工作日，${to > from ? '顺延' : '提前'}至 ${to} / ${from} is a day off: run on ${to}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
