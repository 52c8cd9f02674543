// The database's command (`migrate`) and the migration step most other commands take before they run.
import { Inject } from '@nestjs/common';
import { Command } from 'nest-commander';
import { DataSource } from 'typeorm';
import { CLI_OUTPUT, CliCommand, type CliOutput } from '../cli/cli-command';
import { runAfterMigrations } from './migration-hooks';

/** Runs pending migrations (and what follows them, see migration-hooks.ts) and prints what was applied; `quiet` says nothing when there was nothing to apply. */
export async function migrate(dataSource: DataSource, print: (line: string) => void, quiet = false): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  await runAfterMigrations(dataSource);
  for (const m of applied) print(`applied migration ${m.name}`);
  if (!applied.length && !quiet) print('database is up to date');
}

@Command({ name: 'migrate', description: 'run pending database migrations' })
export class MigrateCommand extends CliCommand {
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
