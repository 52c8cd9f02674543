// The plan files' commands: load a plan file (`load-plan`) or the demo plan (`seed-demo`), migrating first.
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, type CliOutput } from '../cli/cli-command';
import { ConflictError } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { migrate } from '../database/database.commands';
import { PlanLoaderService, type PlanLoadSummary } from './plan-loader.service';

function describeLoad(file: string, code: string, s: PlanLoadSummary): string {
  return (
    `loaded plan ${code} (id ${s.planId}) from ${file}: ${s.units} units, ${s.users} new users, ` +
    `${s.workItems} work items, ${s.tasks} tasks, ${s.indicators} indicators, ${s.reports} reports`
  );
}

@Command({ name: 'seed-demo', description: 'migrate, then load the demo plan (demo.planFile) unless it is loaded' })
export class SeedDemoCommand extends CliCommand {
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
export class LoadPlanCommand extends CliCommand {
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
