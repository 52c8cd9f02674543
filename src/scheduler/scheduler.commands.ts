// The scheduler's commands: list the jobs with their next and last runs (`jobs`) and run one now (`run-job`).
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, CommandFailedError, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { SchedulerService, type JobRunResult, type JobRunView } from './scheduler.service';
import { formatLocal } from './slots';

function describeRun(run: JobRunView | JobRunResult): string {
  const messages = `${run.messages} message${run.messages === 1 ? '' : 's'}`;
  const note = run.note ? `: ${run.note}` : '';
  return `run ${run.id} of ${run.job} (${run.trigger}, slot ${run.slot}): ${run.status}, ${messages}${note}`;
}

/** What a run found gone out already, for the command line. */
function describeExisting(run: JobRunResult): string | null {
  const e = run.existing;
  if (!e || e.queued + e.sent + e.dead === 0) return null;
  return (
    `already there, not queued again: ${e.queued} queued, ${e.sent} sent, ${e.dead} dead` +
    (run.forced ? '' : ' (--force queues them again)')
  );
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
export class JobsCommand extends CliCommand {
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
      const dayOff = e.workingDaysOnly && e.onDayOff !== 'skip' ? `, a day off's slot: ${e.onDayOff} working day` : '';
      this.print(`${e.name.padEnd(width)}  ${e.cron} (${e.timeZone})  ${state}${days}${dayOff}`);
      if (e.description) this.print(`${''.padEnd(width)}  ${e.description} / ${e.descriptionZh}`);
      const moved = e.nextRunMovedFrom
        ? ` (slot ${formatLocal(new Date(e.nextRunMovedFrom), e.timeZone)}, a day off)`
        : '';
      const next = e.nextRun ? formatLocal(new Date(e.nextRun), e.timeZone) + moved : '-';
      const last = e.lastRun
        ? `${formatLocal(new Date(e.lastRun.startedAt), e.timeZone)} ${e.lastRun.status} (${e.lastRun.trigger})`
        : '-';
      this.print(`${''.padEnd(width)}  next ${next}  last ${last}`);
      if (e.calendarWarning) this.print(`${''.padEnd(width)}  warning: ${e.calendarWarning.messageEn}`);
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
export class RunJobCommand extends CliCommand {
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
    if (!m)
      throw new InvalidFieldError('--arg', `expected key=value, got "${v}"`, `应为 key=value 形式，实际为 "${v}"`);
    return { ...previous, [m[1]]: argValue(m[2]) };
  }

  @Option({
    flags: '--force',
    description: 'queue again, under fresh keys, what an earlier run of the slot sent already',
  })
  parseForce(): boolean {
    return true;
  }

  async run([name]: string[], o: { arg?: Record<string, unknown>; force?: boolean }): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const run = await this.scheduler.runNow(name, o.arg ?? {}, SYSTEM_ACTOR, o.force ?? false);
    this.print(describeRun(run));
    const existing = describeExisting(run);
    if (existing) this.print(existing);
    // a job that ran and failed is the service's failure, not the user's mistake: exit code 1
    if (run.status === 'failed') throw new CommandFailedError(`job ${name} failed (run ${run.id})`);
  }
}
