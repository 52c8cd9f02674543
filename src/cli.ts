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
import { Command, CommandFactory, CommandRunner, CommandRunnerService, Option } from 'nest-commander';
import { DataSource, Repository } from 'typeorm';
import { AccountsModule } from './accounts.module';
import { AppModule } from './app.module';
import { SYSTEM_ACTOR } from './auth/actor';
import { ConflictError, DomainError, InvalidFieldError } from './common/errors';
import { APP_CONFIG, ConfigError, loadConfig, type AppConfig } from './config/config';
import { PlanFileError } from './plans/plan-file';
import { PlanLoaderService, type PlanLoadSummary } from './plans/plan-loader.service';
import { PlansModule } from './plans/plans.module';
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

@Module({})
class CliModule {
  static forRoot(config: AppConfig, io: CliOutput): DynamicModule {
    return {
      module: CliModule,
      imports: [AppModule.forRoot(config), AccountsModule, PlansModule],
      providers: [
        { provide: CLI_OUTPUT, useValue: io },
        MigrateCommand,
        SeedDemoCommand,
        LoadPlanCommand,
        CreateUserCommand,
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
    const config = loadConfig(process.env, configOverrides);
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
