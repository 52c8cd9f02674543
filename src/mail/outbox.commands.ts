// The outbox's commands: list outgoing mail (`outbox`), queue a dead message again (`outbox-retry`) and send what
// is due (`deliver`).
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, positiveId, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { MailSender } from './mail-sender';
import type { OutboxStatus } from './outbox-message.entity';
import { OUTBOX_STATUSES, OutboxService } from './outbox.service';

@Command({ name: 'outbox', description: 'list outgoing mail, newest first' })
export class OutboxCommand extends CliCommand {
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
        `必须是以下之一：${OUTBOX_STATUSES.join('、')}`,
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
    this.printRow(['id', 'status', 'kind', 'to', 'subject', 'attempts', 'lastError']);
    for (const m of page.items) {
      this.printRow([m.id, m.status, m.kind, m.to.join(','), oneLine(m.subject), m.attempts, oneLine(m.lastError)]);
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
export class OutboxRetryCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {
    super(io);
  }

  async run([raw]: string[]): Promise<void> {
    const id = positiveId(raw, 'id');
    await migrate(this.dataSource, (l) => this.print(l), true);
    const message = await this.outbox.retry(id, SYSTEM_ACTOR);
    this.print(`message ${message.id} is pending again; the sender delivers it on its next pass (or run deliver)`);
  }
}

@Command({ name: 'deliver', description: 'deliver the outgoing mail that is due now (one pass)' })
export class DeliverCommand extends CliCommand {
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
