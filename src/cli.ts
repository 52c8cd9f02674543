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
import { writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Command, CommandFactory, CommandRunner, CommandRunnerService, Option } from 'nest-commander';
import { DataSource, Repository } from 'typeorm';
import { AccountsModule } from './accounts.module';
import { AppModule } from './app.module';
import { CreateBulletinDto, type BulletinLang } from './bulletins/bulletin.dto';
import { BulletinsModule } from './bulletins/bulletins.module';
import { BulletinsService } from './bulletins/bulletins.service';
import { SYSTEM_ACTOR } from './auth/actor';
import { ConflictError, DomainError, InvalidFieldError } from './common/errors';
import { APP_CONFIG, ConfigError, loadConfig, type AppConfig } from './config/config';
import { DigestsModule } from './digests/digests.module';
import { DigestsService } from './digests/digests.service';
import { OpenRoundDto } from './dispatch/dispatch-round.dto';
import { DispatchModule } from './dispatch/dispatch.module';
import { DispatchService } from './dispatch/dispatch.service';
import { MailSender } from './mail/mail-sender';
import type { OutboxStatus } from './mail/outbox-message.entity';
import { OUTBOX_STATUSES, OutboxService } from './mail/outbox.service';
import { PlanFileError } from './plans/plan-file';
import { Plan } from './plans/plan.entity';
import { PlanLoaderService, type PlanLoadSummary } from './plans/plan-loader.service';
import { PlansModule } from './plans/plans.module';
import { SchedulerService, type JobRunView } from './scheduler/scheduler.service';
import { formatLocal } from './scheduler/slots';
import { Unit } from './units/unit.entity';
import { CreateUserDto } from './users/user.dto';
import { ROLES, type Role } from './users/user.entity';
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

  @Option({ flags: '--html <file>', description: 'write the HTML email' })
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
      const doc = await this.bulletins.document(SYSTEM_ACTOR, bulletin.id, lang);
      writeFileSync(resolvePath(o.out), doc.content);
      this.print(`wrote ${o.out} (${doc.filename}, ${doc.content.length} bytes)`);
    }
    if (o.html !== undefined) {
      writeFileSync(resolvePath(o.html), await this.bulletins.preview(SYSTEM_ACTOR, bulletin.id, lang), 'utf8');
      this.print(`wrote ${o.html}`);
    }
    if (o.send) {
      const sent = await this.bulletins.send(SYSTEM_ACTOR, bulletin.id);
      this.print(`sent bulletin No. ${bulletin.number}: ${sent.messages} messages queued (deliver sends them)`);
      if (sent.unitsWithoutAddress.length) {
        this.print(`units without a mailbox or liaison: ${sent.unitsWithoutAddress.map((u) => u.code).join(', ')}`);
      }
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

@Module({})
class CliModule {
  static forRoot(config: AppConfig, io: CliOutput): DynamicModule {
    return {
      module: CliModule,
      imports: [AppModule.forRoot(config), AccountsModule, PlansModule, DispatchModule, BulletinsModule, DigestsModule],
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
