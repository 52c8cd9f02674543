#!/usr/bin/env node
// The command line for the secretariat and admins: `npm run cli -- <command>`. It boots the same application as
// the server, as a context without an HTTP listener, runs one command and closes it. A user's mistake (bad option,
// bad configuration, bad plan file, refused change) prints one line to stderr and exits with 2. The commands live
// with their features (`src/<feature>/<feature>.commands.ts`), listed in `src/cli/cli.module.ts`.
import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { exitCodeFor, logLevels, PROCESS_OUTPUT, type CliOutput } from './cli/cli-command';
import { CLI_USER_MISTAKES, CliModule } from './cli/cli.module';
import { loadConfig, publicBaseUrl } from './config/config';
import { MailSender } from './mail/mail-sender';

export type { CliOutput } from './cli/cli-command';

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
    if (failure === undefined && !config.publicUrl && MAIL_COMMANDS.includes(argv[0])) {
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
  return failure === undefined ? 0 : exitCodeFor(failure, io, CLI_USER_MISTAKES);
}

if (require.main === module) {
  void runCli(process.argv.slice(2)).then((code) => process.exit(code));
}
