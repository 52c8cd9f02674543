// The audit log's commands: `audit-verify` (seal what is new, check the hash chain, print its head; exit 1 when a
// row was changed or removed) and `audit-purge` (remove the rows past the retention time, audit.retentionDays).
import { Inject } from '@nestjs/common';
import { Command } from 'nest-commander';
import { DataSource } from 'typeorm';
import { CLI_OUTPUT, CliCommand, CommandFailedError, plural, type CliOutput } from '../cli/cli-command';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { migrate } from '../database/database.commands';
import { AuditChainService } from './audit-chain.service';

@Command({ name: 'audit-verify', description: "check the audit log's hash chain and print its head" })
export class AuditVerifyCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly chain: AuditChainService,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const v = await this.chain.verify();
    this.print(`checked ${plural(v.checked, 'audit row')} (places ${v.firstSeq}–${v.headSeq})`);
    if (v.purgedThroughSeq) this.print(`purged by retention: places 1–${v.purgedThroughSeq}`);
    this.print(`head: ${v.headSeq} ${v.headHash || '(empty)'}`);
    for (const p of v.problems) {
      this.print(`${p.kind}\tplace ${p.seq}${p.entryId === null ? '' : `\trow ${p.entryId}`}`);
    }
    if (!v.ok) throw new CommandFailedError(`the audit log fails verification: ${plural(v.problemCount, 'problem')}`);
    this.print('ok: every row is as sealed, none missing');
  }
}

@Command({ name: 'audit-purge', description: 'remove audit rows older than audit.retentionDays (at least 180)' })
export class AuditPurgeCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly chain: AuditChainService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const p = await this.chain.purge();
    this.print(
      `removed ${plural(p.removed, 'audit row')} written before ${p.before} ` +
        `(retention ${this.config.audit.retentionDays} days); the chain starts at place ${p.purgedThroughSeq + 1}`,
    );
  }
}
