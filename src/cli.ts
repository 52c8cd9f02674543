#!/usr/bin/env node
// The command line for the secretariat and admins: `npm run cli -- <command>`. It boots the same application as
// the server, as a context without an HTTP listener, runs one command and closes it. A user's mistake (bad option,
// bad configuration, bad plan file, refused change) prints one line to stderr and exits with 2.
import 'reflect-metadata';
import { Inject, Module, type DynamicModule, type INestApplicationContext, type LogLevel } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Command, CommandFactory, CommandRunner, CommandRunnerService, Option } from 'nest-commander';
import { DataSource, Repository } from 'typeorm';
import { AccountsModule } from './accounts.module';
import { AppModule } from './app.module';
import { CreateBulletinDto, type BulletinLang } from './bulletins/bulletin.dto';
import { BulletinsModule } from './bulletins/bulletins.module';
import { BulletinsService } from './bulletins/bulletins.service';
import { SYSTEM_ACTOR, type Actor } from './auth/actor';
import { ClockService } from './common/clock.service';
import { ConflictError, DomainError, InvalidFieldError } from './common/errors';
import { isIsoDate } from './common/validation';
import { APP_CONFIG, ConfigError, loadConfig, publicBaseUrl, type AppConfig } from './config/config';
import { DigestsModule } from './digests/digests.module';
import { DigestsService } from './digests/digests.service';
import { OpenRoundDto } from './dispatch/dispatch-round.dto';
import { DispatchModule } from './dispatch/dispatch.module';
import { DispatchService } from './dispatch/dispatch.service';
import { MailSender } from './mail/mail-sender';
import type { OutboxStatus } from './mail/outbox-message.entity';
import { OUTBOX_STATUSES, OutboxService } from './mail/outbox.service';
import { MeetingDocumentsModule } from './meetings/documents/meeting-documents.module';
import { MeetingDocumentsService } from './meetings/documents/meeting-documents.service';
import { AgendaService } from './meetings/agenda.service';
import { MeetingsModule } from './meetings/meetings.module';
import { MeetingsService } from './meetings/meetings.service';
import { PlanFileError } from './plans/plan-file';
import { Plan } from './plans/plan.entity';
import { PlanLoaderService, type PlanLoadSummary } from './plans/plan-loader.service';
import { PlansModule } from './plans/plans.module';
import { SchedulerService, type JobRunView } from './scheduler/scheduler.service';
import { sheetLang, SpreadsheetExportService } from './spreadsheets/spreadsheet-export.service';
import { SpreadsheetsModule } from './spreadsheets/spreadsheets.module';
import { previewLines, TaskImportService } from './spreadsheets/task-import.service';
import { formatLocal } from './scheduler/slots';
import { Unit } from './units/unit.entity';
import { CreateUserDto } from './users/user.dto';
import { ROLES, User, type Role } from './users/user.entity';
import { UsersService } from './users/users.service';

/** Where the commands write: the process's streams, or a buffer in tests. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

const CLI_OUTPUT = Symbol('CLI_OUTPUT');

type CommanderCommand = Parameters<CommandRunner['setCommand']>[0];

/** Commands throw commander's errors instead of exiting the process, so runCli decides the exit code. */
abstract class CliCommand extends CommandRunner {
  constructor(protected readonly io: CliOutput) {
    super();
  }

  override setCommand(command: CommanderCommand): this {
    command.exitOverride();
    return super.setCommand(command);
  }

  protected print(line: string): void {
    this.io.stdout(`${line}\n`);
  }
}

/** Runs pending migrations and prints what was applied. */
async function migrate(dataSource: DataSource, print: (line: string) => void, quiet = false): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  for (const m of applied) print(`applied migration ${m.name}`);
  if (!applied.length && !quiet) print('database is up to date');
}

function describeLoad(file: string, code: string, s: PlanLoadSummary): string {
  return (
    `loaded plan ${code} (id ${s.planId}) from ${file}: ${s.units} units, ${s.users} new users, ` +
    `${s.workItems} work items, ${s.tasks} tasks, ${s.indicators} indicators, ${s.reports} reports`
  );
}

@Command({ name: 'migrate', description: 'run pending database migrations' })
class MigrateCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l));
  }
}

@Command({ name: 'seed-demo', description: 'migrate, then load the demo plan (demo.planFile) unless it is loaded' })
class SeedDemoCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly loader: PlanLoaderService,
  ) {
    super(io);
  }

  @Option({ flags: '--replace', description: 'delete the loaded demo plan and load it again' })
  parseReplace(): boolean {
    return true;
  }

  async run(_args: string[], options: { replace?: boolean }): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const file = this.config.demo.planFile;
    const plan = await this.loader.readFile(file);
    try {
      const summary = await this.loader.load(SYSTEM_ACTOR, plan, file, { replace: options.replace });
      this.print(describeLoad(file, plan.plan.code, summary));
    } catch (e) {
      if (!(e instanceof ConflictError && e.code === 'plan_exists')) throw e;
      this.print(`the demo plan ${plan.plan.code} is already loaded; nothing changed (--replace loads it again)`);
    }
  }
}

@Command({
  name: 'load-plan',
  arguments: '<file>',
  argsDescription: { file: 'a plan file in the zhuanban-plan/1 format' },
  description: 'migrate, then load a plan file',
})
class LoadPlanCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly loader: PlanLoaderService,
  ) {
    super(io);
  }

  @Option({ flags: '--replace', description: 'delete the plan with the same code and load the file in its place' })
  parseReplace(): boolean {
    return true;
  }

  async run([file]: string[], options: { replace?: boolean }): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const plan = await this.loader.readFile(file);
    const summary = await this.loader.load(SYSTEM_ACTOR, plan, file, { replace: options.replace });
    this.print(describeLoad(file, plan.plan.code, summary));
  }
}

interface CreateUserOptions {
  email: string;
  name: string;
  role: Role;
  unit?: string;
  password?: string;
}

/** The request fields of CreateUserDto and the options that set them. */
const USER_OPTION: Record<string, string> = {
  email: '--email',
  displayName: '--name',
  role: '--role',
  unitId: '--unit',
  password: '--password',
};

@Command({ name: 'create-user', description: 'create a user; without --password one is generated and shown once' })
class CreateUserCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
  ) {
    super(io);
  }

  @Option({ flags: '--email <email>', description: 'sign-in email', required: true })
  parseEmail(v: string): string {
    return v;
  }

  @Option({ flags: '--name <name>', description: 'display name', required: true })
  parseName(v: string): string {
    return v;
  }

  @Option({ flags: '--role <role>', description: `one of ${ROLES.join(', ')}`, required: true })
  parseRole(v: string): string {
    return v;
  }

  @Option({ flags: '--unit <code>', description: "the user's unit, by code (required for a liaison)" })
  parseUnit(v: string): string {
    return v;
  }

  @Option({ flags: '--password <password>', description: 'at least 10 characters' })
  parsePassword(v: string): string {
    return v;
  }

  async run(_args: string[], o: CreateUserOptions): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    let unitId: number | null = null;
    if (o.unit !== undefined) {
      const unit = await this.units.findOneBy({ code: o.unit });
      if (!unit) throw new InvalidFieldError('--unit', `unknown unit "${o.unit}"`, `单位 "${o.unit}" 不存在`);
      unitId = unit.id;
    } else if (o.role === 'liaison') {
      throw new InvalidFieldError('--unit', 'a liaison must belong to a unit', '联络员必须属于一个单位');
    }
    const generated = o.password === undefined;
    const password = o.password ?? randomBytes(12).toString('base64url');
    const dto = plainToInstance(CreateUserDto, { email: o.email, displayName: o.name, role: o.role, unitId, password });
    const [problem] = await validate(dto);
    if (problem) {
      const field = USER_OPTION[problem.property] ?? problem.property;
      const message = Object.values(problem.constraints ?? {})[0] ?? 'is invalid';
      throw new InvalidFieldError(field, message, message);
    }
    const user = await this.users.create(SYSTEM_ACTOR, dto);
    this.print(`created user ${user.email} (id ${user.id}, ${user.role}${o.unit ? `, unit ${o.unit}` : ''})`);
    if (generated) this.print(`password: ${password}  (shown once; it is not stored readably)`);
  }
}

@Command({ name: 'outbox', description: 'list outgoing mail, newest first' })
class OutboxCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {
    super(io);
  }

  @Option({ flags: '--status <status>', description: `one of ${OUTBOX_STATUSES.join(', ')}` })
  parseStatus(v: string): string {
    return v;
  }

  @Option({ flags: '--kind <kind>', description: 'e.g. digest, bulletin, dispatch.request' })
  parseKind(v: string): string {
    return v;
  }

  @Option({ flags: '--limit <n>', description: 'at most this many messages (default 100)' })
  parseLimit(v: string): string {
    return v;
  }

  async run(_args: string[], o: { status?: string; kind?: string; limit?: string }): Promise<void> {
    if (o.status !== undefined && !OUTBOX_STATUSES.includes(o.status as OutboxStatus)) {
      throw new InvalidFieldError(
        '--status',
        `must be one of ${OUTBOX_STATUSES.join(', ')}`,
        `必须是以下之一:${OUTBOX_STATUSES.join('、')}`,
      );
    }
    const limit = o.limit === undefined ? 100 : Number(o.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new InvalidFieldError('--limit', 'must be a whole number from 1 to 500', '必须是 1 到 500 之间的整数');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const page = await this.outbox.list({
      status: o.status as OutboxStatus | undefined,
      kind: o.kind,
      page: 1,
      pageSize: limit,
    });
    const oneLine = (s: string | null) => (s ?? '').replace(/\s+/g, ' ').trim();
    this.print(['id', 'status', 'kind', 'to', 'subject', 'attempts', 'lastError'].join('\t'));
    for (const m of page.items) {
      const row = [m.id, m.status, m.kind, m.to.join(','), oneLine(m.subject), m.attempts, oneLine(m.lastError)];
      this.print(row.join('\t'));
    }
    const shown = page.items.length < page.total ? `${page.items.length} of ${page.total}` : `${page.total}`;
    this.print(`${shown} message${page.total === 1 ? '' : 's'}`);
  }
}

@Command({
  name: 'outbox-retry',
  arguments: '<id>',
  argsDescription: { id: 'the id of a message that was given up on (status dead)' },
  description: 'queue a message that was given up on again',
})
class OutboxRetryCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {
    super(io);
  }

  async run([id]: string[]): Promise<void> {
    if (!/^[1-9]\d{0,9}$/.test(id)) {
      throw new InvalidFieldError('id', 'must be a positive integer id', '必须是正整数编号');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const message = await this.outbox.retry(Number(id), SYSTEM_ACTOR);
    this.print(`message ${message.id} is pending again; the sender delivers it on its next pass (or run deliver)`);
  }
}

@Command({ name: 'deliver', description: 'deliver the outgoing mail that is due now (one pass)' })
class DeliverCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly sender: MailSender,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const c = await this.sender.deliverAll();
    this.print(`sent ${c.sent}, to retry ${c.retried}, given up ${c.dead}`);
  }
}

/** A job that ran and failed: exit code 1, the service's failure rather than the user's mistake. */
class JobFailedError extends Error {}

function describeRun(run: JobRunView): string {
  const messages = `${run.messages} message${run.messages === 1 ? '' : 's'}`;
  const note = run.note ? `: ${run.note}` : '';
  return `run ${run.id} of ${run.job} (${run.trigger}, slot ${run.slot}): ${run.status}, ${messages}${note}`;
}

/** A --arg value: JSON when it parses as JSON (numbers, true, false, null, objects), else the text itself. */
function argValue(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

@Command({ name: 'jobs', description: 'list the scheduled jobs with their next and last runs' })
class JobsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly scheduler: SchedulerService,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await this.scheduler.refreshLastRuns();
    const entries = this.scheduler.schedule();
    const width = Math.max(0, ...entries.map((e) => e.name.length));
    for (const e of entries) {
      const state = !e.registered ? 'not registered' : !e.enabled ? 'disabled' : 'enabled';
      const days = e.workingDaysOnly ? ', working days only' : '';
      this.print(`${e.name.padEnd(width)}  ${e.cron} (${e.timeZone})  ${state}${days}`);
      if (e.description) this.print(`${''.padEnd(width)}  ${e.description} / ${e.descriptionZh}`);
      const next = e.nextRun ? formatLocal(new Date(e.nextRun), e.timeZone) : '-';
      const last = e.lastRun
        ? `${formatLocal(new Date(e.lastRun.startedAt), e.timeZone)} ${e.lastRun.status} (${e.lastRun.trigger})`
        : '-';
      this.print(`${''.padEnd(width)}  next ${next}  last ${last}`);
    }
    if (!entries.length) this.print('no jobs are configured (scheduler.jobs)');
  }
}

@Command({
  name: 'run-job',
  arguments: '<name>',
  argsDescription: { name: 'the job, by its name in scheduler.jobs (see jobs)' },
  description: 'run a scheduled job now, once, on any day',
})
class RunJobCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerService,
  ) {
    super(io);
  }

  @Option({ flags: '--arg <key=value>', description: 'an argument of the run, e.g. --arg period=2023-09 (repeatable)' })
  parseArg(v: string, previous: Record<string, unknown> = {}): Record<string, unknown> {
    const m = /^([A-Za-z_][\w.-]*)=(.*)$/s.exec(v);
    if (!m) throw new InvalidFieldError('--arg', `expected key=value, got "${v}"`, `应为 key=value 形式,实际为 "${v}"`);
    return { ...previous, [m[1]]: argValue(m[2]) };
  }

  async run([name]: string[], o: { arg?: Record<string, unknown> }): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const run = await this.scheduler.runNow(name, o.arg ?? {}, SYSTEM_ACTOR);
    this.print(describeRun(run));
    if (run.status === 'failed') throw new JobFailedError(`job ${name} failed (run ${run.id})`);
  }
}

interface OpenRoundOptions {
  period: string;
  due: string;
  plan?: string;
  title?: string;
}

/** The request fields of OpenRoundDto and the options that set them. */
const ROUND_OPTION: Record<string, string> = {
  period: '--period',
  dueDate: '--due',
  planId: '--plan',
  title: '--title',
};

@Command({ name: 'open-round', description: 'open a dispatch round and queue a request to each unit in scope' })
class OpenRoundCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly dispatch: DispatchService,
  ) {
    super(io);
  }

  @Option({ flags: '--period <period>', description: 'e.g. 2023-09, 2023-Q3 or 2023-W38', required: true })
  parsePeriod(v: string): string {
    return v;
  }

  @Option({ flags: '--due <date>', description: 'reports due by this date, YYYY-MM-DD', required: true })
  parseDue(v: string): string {
    return v;
  }

  @Option({ flags: '--plan <code>', description: 'the plan, by code (default: the first plan)' })
  parsePlan(v: string): string {
    return v;
  }

  @Option({ flags: '--title <title>', description: 'default: "<period> 工作进展调度"' })
  parseTitle(v: string): string {
    return v;
  }

  async run(_args: string[], o: OpenRoundOptions): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    let planId: number | undefined;
    if (o.plan !== undefined) {
      const plan = await this.dataSource.getRepository(Plan).findOneBy({ code: o.plan });
      if (!plan) throw new InvalidFieldError('--plan', `unknown plan "${o.plan}"`, `计划 "${o.plan}" 不存在`);
      planId = plan.id;
    }
    const dto = plainToInstance(OpenRoundDto, { period: o.period, dueDate: o.due, planId, title: o.title });
    const [problem] = await validate(dto, { forbidUnknownValues: true });
    if (problem) {
      const message = Object.values(problem.constraints ?? {})[0] ?? 'is invalid';
      throw new InvalidFieldError(ROUND_OPTION[problem.property] ?? problem.property, message, message);
    }
    let round: Awaited<ReturnType<DispatchService['open']>>;
    try {
      round = await this.dispatch.open(SYSTEM_ACTOR, dto);
    } catch (e) {
      const field = e instanceof DomainError ? e.errors[0] : undefined;
      if (field && ROUND_OPTION[field.field]) {
        throw new InvalidFieldError(ROUND_OPTION[field.field], field.message, field.messageZh, field.code);
      }
      throw e;
    }
    this.print(
      `opened round ${round.id} "${round.title}" of plan ${round.plan.code} for ${round.period}, due ${round.dueDate}: ` +
        `${round.totals.units.count} units, ${round.tasks.length} tasks, ${round.totals.expected.count} reports expected`,
    );
    this.print(`${round.requests.count} requests queued (deliver sends them)`);
    if (round.requests.withoutAddress.length) {
      this.print(`units without a mailbox or liaison: ${round.requests.withoutAddress.join(', ')}`);
    }
  }
}

@Command({ name: 'rounds', description: 'list the dispatch rounds with who has reported' })
class RoundsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly dispatch: DispatchService,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const page = await this.dispatch.list(SYSTEM_ACTOR, { page: 1, pageSize: 500 });
    const head = ['id', 'plan', 'period', 'due', 'status', 'units', 'expected', 'received', 'missing', 'late', 'title'];
    this.print(head.join('\t'));
    for (const r of page.items) {
      const t = r.totals;
      const row = [r.id, r.plan.code, r.period, r.dueDate, r.status, t.units.count, t.expected.count];
      this.print([...row, t.received.count, t.missing.count, t.late.count, r.title].join('\t'));
    }
    this.print(`${page.total} round${page.total === 1 ? '' : 's'}`);
  }
}

interface BulletinOptions {
  period: string;
  plan?: string;
  start?: string;
  end?: string;
  lang?: string;
  send?: boolean;
  out?: string;
  html?: string;
  format?: string;
}

/** The request fields of CreateBulletinDto and the options that set them. */
const BULLETIN_OPTION: Record<string, string> = {
  period: '--period',
  planId: '--plan',
  periodStart: '--start',
  periodEnd: '--end',
};

@Command({
  name: 'bulletin',
  description: 'generate a draft bulletin for a period; optionally write it as DOCX and HTML, and send it',
})
class BulletinCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly bulletins: BulletinsService,
  ) {
    super(io);
  }

  @Option({ flags: '--period <period>', description: 'e.g. 2023-09, 2023-Q3 or 2023-W38', required: true })
  parsePeriod(v: string): string {
    return v;
  }

  @Option({ flags: '--plan <code>', description: 'the plan, by code (default: the first plan)' })
  parsePlan(v: string): string {
    return v;
  }

  @Option({ flags: '--start <date>', description: "first day, YYYY-MM-DD (default: the period's)" })
  parseStart(v: string): string {
    return v;
  }

  @Option({ flags: '--end <date>', description: "last day, YYYY-MM-DD (default: the period's)" })
  parseEnd(v: string): string {
    return v;
  }

  @Option({ flags: '--lang <lang>', description: 'language of --out and --html: zh-CN (default) or en' })
  parseLang(v: string): string {
    return v;
  }

  @Option({ flags: '--out <file>', description: 'write the bulletin as a Word document (.docx)' })
  parseOut(v: string): string {
    return v;
  }

  @Option({ flags: '--format <format>', description: 'format of --out: docx (default) or pdf (needs LibreOffice)' })
  parseFormat(v: string): string {
    return v;
  }

  @Option({ flags: '--html <file>', description: 'write the HTML email (the sent version with --send)' })
  parseHtml(v: string): string {
    return v;
  }

  @Option({ flags: '--send', description: 'send it to the leads, the secretariat and all member units' })
  parseSend(): boolean {
    return true;
  }

  async run(_args: string[], o: BulletinOptions): Promise<void> {
    const lang = (o.lang ?? 'zh-CN') as BulletinLang;
    if (lang !== 'zh-CN' && lang !== 'en') {
      throw new InvalidFieldError('--lang', 'must be zh-CN or en', '必须是 zh-CN 或 en');
    }
    const format = o.format ?? 'docx';
    if (format !== 'docx' && format !== 'pdf') {
      throw new InvalidFieldError('--format', 'must be docx or pdf', '必须是 docx 或 pdf');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    let planId: number | undefined;
    if (o.plan !== undefined) {
      const plan = await this.dataSource.getRepository(Plan).findOneBy({ code: o.plan });
      if (!plan) throw new InvalidFieldError('--plan', `unknown plan "${o.plan}"`, `计划 "${o.plan}" 不存在`);
      planId = plan.id;
    }
    const dto = plainToInstance(CreateBulletinDto, {
      period: o.period,
      planId,
      periodStart: o.start,
      periodEnd: o.end,
    });
    const [problem] = await validate(dto, { forbidUnknownValues: true });
    if (problem) {
      const message = Object.values(problem.constraints ?? {})[0] ?? 'is invalid';
      throw new InvalidFieldError(BULLETIN_OPTION[problem.property] ?? problem.property, message, message);
    }
    let bulletin: Awaited<ReturnType<BulletinsService['create']>>;
    try {
      bulletin = await this.bulletins.create(SYSTEM_ACTOR, dto);
    } catch (e) {
      const field = e instanceof DomainError ? e.errors[0] : undefined;
      if (field && BULLETIN_OPTION[field.field]) {
        throw new InvalidFieldError(BULLETIN_OPTION[field.field], field.message, field.messageZh, field.code);
      }
      throw e;
    }
    const s = bulletin.snapshot as { asOf: string; summary: Record<string, { count: number }> };
    this.print(
      `generated draft bulletin No. ${bulletin.number} (id ${bulletin.id}) for ${bulletin.period} ` +
        `(${bulletin.periodStart} to ${bulletin.periodEnd}), figures as of ${s.asOf}: ` +
        `${s.summary.tasks.count} tasks, ${s.summary.closedThisPeriod.count} closed in the period, ` +
        `${s.summary.overdue.count} overdue, ${s.summary.coordination.count} matters needing coordination`,
    );
    if (o.out !== undefined) {
      const doc = await this.bulletins.document(SYSTEM_ACTOR, bulletin.id, lang, format);
      writeFileSync(resolvePath(o.out), doc.content);
      this.print(`wrote ${o.out} (${doc.filename}, ${doc.content.length} bytes)`);
    }
    if (o.send) {
      const sent = await this.bulletins.send(SYSTEM_ACTOR, bulletin.id);
      this.print(`sent bulletin No. ${bulletin.number}: ${sent.messages} messages queued (deliver sends them)`);
      if (sent.unitsWithoutAddress.length) {
        this.print(`units without a mailbox or liaison: ${sent.unitsWithoutAddress.map((u) => u.code).join(', ')}`);
      }
    }
    // Written after sending, so the file is the sent bulletin and not its draft preview.
    if (o.html !== undefined) {
      writeFileSync(resolvePath(o.html), await this.bulletins.preview(SYSTEM_ACTOR, bulletin.id, lang), 'utf8');
      this.print(`wrote ${o.html}`);
    }
  }
}

@Command({ name: 'bulletins', description: 'list the bulletins, newest first' })
class BulletinsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly bulletins: BulletinsService,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const list = await this.bulletins.list(SYSTEM_ACTOR, {});
    const when = (d: Date | null) => (d ? d.toISOString() : '-');
    this.print(['id', 'plan', 'number', 'period', 'start', 'end', 'status', 'generated', 'sent'].join('\t'));
    for (const b of list) {
      const row = [b.id, b.planId, b.number, b.period, b.periodStart, b.periodEnd, b.status];
      this.print([...row, when(b.generatedAt), when(b.sentAt)].join('\t'));
    }
    this.print(`${list.length} bulletin${list.length === 1 ? '' : 's'}`);
  }
}

@Command({
  name: 'digest-preview',
  description: 'show the digest a unit would get now (subject and text), or write its HTML with --out; queues nothing',
})
class DigestPreviewCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly digests: DigestsService,
    @InjectRepository(Unit) private readonly units: Repository<Unit>,
  ) {
    super(io);
  }

  @Option({ flags: '--unit <code>', description: 'the unit, by code', required: true })
  parseUnit(v: string): string {
    return v;
  }

  @Option({ flags: '--out <file>', description: 'write the HTML message to this file' })
  parseOut(v: string): string {
    return v;
  }

  async run(_args: string[], o: { unit: string; out?: string }): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const unit = await this.units.findOneBy({ code: o.unit });
    if (!unit) throw new InvalidFieldError('--unit', `unknown unit "${o.unit}"`, `单位 "${o.unit}" 不存在`);
    const preview = await this.digests.previewUnit(SYSTEM_ACTOR, unit.id);
    const figures = Object.entries(preview.counts)
      .map(([name, c]) => `${name} ${c.count}`)
      .join(', ');
    this.print(`to: ${preview.to.join(', ') || '(no address)'}`);
    this.print(`subject: ${preview.subject}`);
    this.print(`${figures}${preview.empty ? ' (empty: not sent unless digest.sendEmpty)' : ''}`);
    if (o.out !== undefined) {
      writeFileSync(resolvePath(o.out), preview.html, 'utf8');
      this.print(`wrote ${o.out}`);
    } else {
      this.print('');
      this.io.stdout(preview.text);
    }
  }
}

/** The plan with this code, or undefined for the default plan. */
async function planIdByCode(dataSource: DataSource, code: string | undefined): Promise<number | undefined> {
  if (code === undefined) return undefined;
  const plan = await dataSource.getRepository(Plan).findOneBy({ code });
  if (!plan) throw new InvalidFieldError('--plan', `unknown plan "${code}"`, `计划 "${code}" 不存在`);
  return plan.id;
}

@Command({ name: 'export-tasks', description: 'write the task list as a spreadsheet (.xlsx)' })
class ExportTasksCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly exports: SpreadsheetExportService,
  ) {
    super(io);
  }

  @Option({ flags: '--out <file>', description: 'the .xlsx file to write', required: true })
  parseOut(v: string): string {
    return v;
  }

  @Option({ flags: '--lang <lang>', description: 'headers and labels in zh-CN (default) or en' })
  parseLang(v: string): string {
    return v;
  }

  @Option({ flags: '--plan <code>', description: 'only the tasks of this plan' })
  parsePlan(v: string): string {
    return v;
  }

  async run(_args: string[], o: { out: string; lang?: string; plan?: string }): Promise<void> {
    if (o.lang !== undefined && o.lang !== 'zh-CN' && o.lang !== 'en') {
      throw new InvalidFieldError('--lang', 'must be zh-CN or en', '必须是 zh-CN 或 en');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const planId = await planIdByCode(this.dataSource, o.plan);
    const file = await this.exports.tasksWorkbook(SYSTEM_ACTOR, { planId, lang: sheetLang(o.lang as 'en') });
    writeFileSync(resolvePath(o.out), file.content);
    this.print(`wrote ${o.out} (${file.rows} task${file.rows === 1 ? '' : 's'}, ${file.content.length} bytes)`);
  }
}

/** Who imports from the command line when no --as is given: the secretariat's office, recorded as "system". */
const COMMAND_LINE_PLANNER: Actor = { ...SYSTEM_ACTOR, displayName: 'command line', role: 'secretariat' };

@Command({
  name: 'import-tasks',
  arguments: '<file>',
  argsDescription: { file: 'a task breakdown (.xlsx) with the columns of export-tasks' },
  description: 'show what importing a task breakdown would do; apply its valid rows with --commit',
})
class ImportTasksCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly imports: TaskImportService,
  ) {
    super(io);
  }

  @Option({ flags: '--commit', description: 'apply the valid rows (rows with errors are skipped)' })
  parseCommit(): boolean {
    return true;
  }

  @Option({ flags: '--plan <code>', description: 'the plan the tasks belong to (default: the first plan)' })
  parsePlan(v: string): string {
    return v;
  }

  @Option({ flags: '--as <email>', description: 'the lead or secretariat user the changes are recorded for' })
  parseAs(v: string): string {
    return v;
  }

  async run([file]: string[], o: { commit?: boolean; plan?: string; as?: string }): Promise<void> {
    let content: Buffer;
    try {
      content = readFileSync(resolvePath(file));
    } catch {
      throw new InvalidFieldError('file', `cannot read ${file}`, `无法读取 ${file}`);
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const planId = await planIdByCode(this.dataSource, o.plan);
    let actor = COMMAND_LINE_PLANNER;
    if (o.as !== undefined) {
      const user = await this.dataSource.getRepository(User).findOneBy({ email: o.as.toLowerCase() });
      if (!user || (user.role !== 'lead' && user.role !== 'secretariat')) {
        throw new InvalidFieldError(
          '--as',
          `no lead or secretariat user ${o.as}`,
          `没有专班负责人或专班办公室用户 ${o.as}`,
        );
      }
      actor = { id: user.id, email: user.email, displayName: user.displayName, role: user.role, unitId: user.unitId };
    }
    const preview = await this.imports.preview(actor, content, planId);
    for (const line of previewLines(preview)) this.print(line);
    if (!o.commit) {
      this.print('nothing changed: run again with --commit to apply the rows without errors');
      return;
    }
    const done = await this.imports.commit(actor, preview.importId);
    const codes = (rows: { code: string }[]) => (rows.length ? ` (${rows.map((r) => r.code).join(', ')})` : '');
    this.print(
      `committed: created ${done.summary.created}${codes(done.created)}, updated ${done.summary.updated}` +
        `${codes(done.updated)}, unchanged ${done.summary.unchanged}, skipped ${done.summary.skipped}`,
    );
  }
}

const MEETING_DOC_KINDS = ['agenda', 'minutes'] as const;
const MEETING_DOC_FORMATS = ['md', 'html', 'docx', 'pdf', 'ics'] as const;

interface MeetingDocOptions {
  meeting: string;
  kind: string;
  format: string;
  lang?: string;
  out: string;
}

@Command({
  name: 'meeting-doc',
  description: "write a meeting's agenda or minutes (Markdown, HTML or Word) or its invitation (.ics) to a file",
})
class MeetingDocCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly documents: MeetingDocumentsService,
  ) {
    super(io);
  }

  @Option({ flags: '--meeting <id>', description: 'the meeting, by id', required: true })
  parseMeeting(v: string): string {
    return v;
  }

  @Option({ flags: '--kind <kind>', description: 'agenda or minutes', required: true })
  parseKind(v: string): string {
    return v;
  }

  @Option({
    flags: '--format <format>',
    description: 'md, html, docx, pdf (needs LibreOffice), or ics (the invitation, with --kind agenda)',
    required: true,
  })
  parseFormat(v: string): string {
    return v;
  }

  @Option({ flags: '--lang <lang>', description: 'zh-CN (default) or en' })
  parseLang(v: string): string {
    return v;
  }

  @Option({ flags: '--out <file>', description: 'the file to write', required: true })
  parseOut(v: string): string {
    return v;
  }

  async run(_args: string[], o: MeetingDocOptions): Promise<void> {
    if (!/^[1-9]\d{0,9}$/.test(o.meeting)) {
      throw new InvalidFieldError('--meeting', 'must be a positive integer id', '必须是正整数编号');
    }
    if (!(MEETING_DOC_KINDS as readonly string[]).includes(o.kind)) {
      throw new InvalidFieldError('--kind', 'must be agenda or minutes', '必须是 agenda 或 minutes');
    }
    if (!(MEETING_DOC_FORMATS as readonly string[]).includes(o.format)) {
      throw new InvalidFieldError(
        '--format',
        'must be md, html, docx, pdf or ics',
        '必须是 md、html、docx、pdf 或 ics',
      );
    }
    MeetingDocumentsService.checkFormat(o.kind, o.format, '--format');
    const lang = o.lang ?? 'zh-CN';
    if (lang !== 'zh-CN' && lang !== 'en') {
      throw new InvalidFieldError('--lang', 'must be zh-CN or en', '必须是 zh-CN 或 en');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const doc = await this.documents.load(this.dataSource.manager, Number(o.meeting));
    const file =
      o.format === 'ics'
        ? this.documents.ics(doc, lang)
        : await this.documents.render(
            doc,
            o.kind as (typeof MEETING_DOC_KINDS)[number],
            o.format as 'md' | 'html' | 'docx' | 'pdf',
            lang,
          );
    writeFileSync(resolvePath(o.out), file.content);
    this.print(`wrote ${o.out} (${file.filename}, ${file.content.length} bytes)`);
  }
}

@Command({ name: 'meetings', description: 'list the consultation meetings, latest first' })
class MeetingsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly clock: ClockService,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const page = await this.meetings.list(SYSTEM_ACTOR, { page: 1, pageSize: 500 });
    this.print(['id', 'plan', 'starts', 'status', 'units', 'agenda as of', 'title'].join('\t'));
    for (const m of page.items) {
      const row = [m.id, m.planId, formatLocal(m.startsAt, this.clock.timeZone), m.status, m.units.length];
      this.print([...row, m.agendaAsOf ?? '-', m.title].join('\t'));
    }
    this.print(`${page.total} meeting${page.total === 1 ? '' : 's'}`);
  }
}

@Command({
  name: 'agenda',
  description: "print a meeting's agenda as numbered lines; --generate builds it from the state of the plan first",
})
class AgendaCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly clock: ClockService,
  ) {
    super(io);
  }

  @Option({ flags: '--meeting <id>', description: 'the meeting, by id (see meetings)', required: true })
  parseMeeting(v: string): string {
    return v;
  }

  @Option({ flags: '--generate', description: 'generate the agenda first, keeping the edits made to it' })
  parseGenerate(): boolean {
    return true;
  }

  @Option({
    flags: '--as-of <date>',
    description: 'with --generate: the state of the plan on this date (default today)',
  })
  parseAsOf(v: string): string {
    return v;
  }

  async run(_args: string[], o: { meeting: string; generate?: boolean; asOf?: string }): Promise<void> {
    if (!/^[1-9]\d{0,9}$/.test(o.meeting)) {
      throw new InvalidFieldError('--meeting', 'must be a positive integer id', '必须是正整数编号');
    }
    if (o.asOf !== undefined && !isIsoDate(o.asOf)) {
      throw new InvalidFieldError('--as-of', 'must be a valid date as YYYY-MM-DD', '必须是 YYYY-MM-DD 格式的有效日期');
    }
    if (o.asOf !== undefined && !o.generate) {
      throw new InvalidFieldError('--as-of', 'goes with --generate', '须与 --generate 一起使用');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const id = Number(o.meeting);
    const m = o.generate
      ? await this.agenda.generate(SYSTEM_ACTOR, id, o.asOf)
      : await this.meetings.detail(SYSTEM_ACTOR, id);
    const where = [m.place, m.onlineLink].filter(Boolean).join(', ');
    this.print(`${m.title} — ${formatLocal(m.startsAt, this.clock.timeZone)}, ${where}`);
    this.print(m.agendaAsOf ? `agenda as of ${m.agendaAsOf}` : 'no agenda generated yet');
    for (const item of m.agenda) {
      const who = [
        item.leadUnit?.name,
        item.presenter && item.presenter !== item.leadUnit?.name ? item.presenter : null,
      ]
        .filter(Boolean)
        .join(' / ');
      const marks = [item.kind, item.stale ? 'stale' : null, item.edited ? 'edited' : null].filter(Boolean).join(', ');
      this.print(`${item.number}. ${item.title} — ${who || '-'}, ${item.minutes} min [${marks}]`);
    }
    this.print(`${m.agenda.length} item${m.agenda.length === 1 ? '' : 's'}, ${m.agendaMinutes} min`);
  }
}

@Module({})
class CliModule {
  static forRoot(config: AppConfig, io: CliOutput): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppModule.forRoot(config),
        AccountsModule,
        PlansModule,
        DispatchModule,
        BulletinsModule,
        DigestsModule,
        SpreadsheetsModule,
        MeetingDocumentsModule,
        MeetingsModule,
      ],
      providers: [
        { provide: CLI_OUTPUT, useValue: io },
        MigrateCommand,
        SeedDemoCommand,
        LoadPlanCommand,
        CreateUserCommand,
        OpenRoundCommand,
        RoundsCommand,
        BulletinCommand,
        BulletinsCommand,
        JobsCommand,
        RunJobCommand,
        OutboxCommand,
        OutboxRetryCommand,
        DeliverCommand,
        DigestPreviewCommand,
        ExportTasksCommand,
        ImportTasksCommand,
        MeetingDocCommand,
        MeetingsCommand,
        AgendaCommand,
      ],
    };
  }
}

/** The CLI logs warnings and errors only, unless configured to say more. */
function logLevels(level: AppConfig['log']['level']): LogLevel[] | false {
  if (level === 'silent') return false;
  if (level === 'debug') return ['fatal', 'error', 'warn', 'log', 'debug'];
  if (level === 'trace') return ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  return (
    ({ fatal: ['fatal'], error: ['fatal', 'error'] } as Record<string, LogLevel[]>)[level] ?? ['fatal', 'error', 'warn']
  );
}

function isCommanderError(e: unknown): e is Error & { code: string; exitCode: number } {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('commander.');
}

/** The exit code for an error, after telling the user: 2 for their mistakes, 1 for the service's. */
function exitCodeFor(e: unknown, io: CliOutput): number {
  // commander has already printed its own message (or the help)
  if (isCommanderError(e)) return e.exitCode === 0 ? 0 : 2;
  if (e instanceof JobFailedError) {
    io.stderr(`error: ${e.message}\n`);
    return 1;
  }
  if (e instanceof ConfigError || e instanceof PlanFileError) {
    io.stderr(`error: ${e.message}\n`);
    return 2;
  }
  if (e instanceof DomainError) {
    io.stderr(`error: ${e.messageEn}\n`);
    return 2;
  }
  io.stderr(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
}

/** Commands that write mail with links in it. */
const MAIL_COMMANDS = ['bulletin', 'open-round', 'run-job', 'agenda'];

/**
 * Runs one command, e.g. `runCli(['load-plan', 'plan.json'])`, and returns the exit code. `configOverrides` win
 * over the configuration files and the environment (tests point them at a temporary database).
 */
export async function runCli(
  argv: string[],
  configOverrides: Record<string, unknown> = {},
  io: CliOutput = PROCESS_OUTPUT,
): Promise<number> {
  let failure: unknown;
  let app: INestApplicationContext | undefined;
  try {
    // The command line never runs the schedule itself (no timers, no catch-up): that is the server's work.
    const scheduler = { ...(configOverrides.scheduler as Record<string, unknown> | undefined), enabled: false };
    const config = loadConfig(process.env, { ...configOverrides, scheduler });
    app = await CommandFactory.createWithoutRunning(CliModule.forRoot(config, io), {
      logger: logLevels(config.log.level),
      abortOnError: false,
      cliName: 'zhuanban',
      errorHandler: (err) => {
        throw err;
      },
      serviceErrorHandler: (err) => {
        failure = err;
      },
      outputConfiguration: { writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) },
    });
    // The command line sends mail only when asked to (deliver), never in the background.
    await app.get(MailSender).stop();
    await app.get(CommandRunnerService).run(['node', 'zhuanban', ...argv]);
    // Said after the command's own output, which scripts read from its first line.
    if (!config.publicUrl && MAIL_COMMANDS.includes(argv[0])) {
      io.stdout(
        `warning: PUBLIC_URL is not set: links in the mail point to ${publicBaseUrl(config)}; ` +
          'set PUBLIC_URL to the address readers open the service at\n',
      );
    }
  } catch (e) {
    failure = e;
  } finally {
    if (app) await app.close();
  }
  return failure === undefined ? 0 : exitCodeFor(failure, io);
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
