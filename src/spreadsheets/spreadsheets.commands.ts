// The spreadsheets' commands: write the task list as .xlsx (`export-tasks`) and import a task breakdown from one
// (`import-tasks`, a preview unless --commit).
import { Inject } from '@nestjs/common';
import { createWriteStream, readFileSync, rmSync, statSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { can } from '../access';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { planIdByCode } from '../plans/plans.commands';
import { PlansRepository } from '../plans/plans.repository';
import { UsersRepository } from '../users/users.repository';
import { sheetLang, SpreadsheetExportService } from './spreadsheet-export.service';
import { previewLines, TaskImportService } from './task-import.service';

@Command({ name: 'export-tasks', description: 'write the task list as a spreadsheet (.xlsx)' })
export class ExportTasksCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly exports: SpreadsheetExportService,
    private readonly plans: PlansRepository,
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
    const planId = await planIdByCode(this.plans, o.plan);
    const sheet = await this.exports.tasksExport(SYSTEM_ACTOR, { planId, lang: sheetLang(o.lang as 'en') });
    const path = resolvePath(o.out);
    let rows: number;
    try {
      rows = await sheet.write(createWriteStream(path));
    } catch (e) {
      // A sheet cut short is not left behind looking like the whole list.
      rmSync(path, { force: true });
      throw e;
    }
    this.print(`wrote ${o.out} (${rows} task${rows === 1 ? '' : 's'}, ${statSync(path).size} bytes)`);
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
export class ImportTasksCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly imports: TaskImportService,
    private readonly users: UsersRepository,
    private readonly plans: PlansRepository,
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
    const planId = await planIdByCode(this.plans, o.plan);
    let actor = COMMAND_LINE_PLANNER;
    if (o.as !== undefined) {
      const user = await this.users.findByStoredEmail(o.as);
      const as: Actor | null = user && {
        id: user.id,
        email: user.email,
        displayName: user.displayName,
        role: user.role,
        unitId: user.unitId,
      };
      if (!as || !can(as, 'tasks.import')) {
        throw new InvalidFieldError(
          '--as',
          `no lead or secretariat user ${o.as}`,
          `没有专班负责人或专班办公室用户 ${o.as}`,
        );
      }
      actor = as;
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
