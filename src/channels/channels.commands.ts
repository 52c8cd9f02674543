// The channels' commands: list a unit's channels, addresses masked (`channels --unit CODE`), and send a test
// message to one of them now (`channel-test --unit CODE --channel ID`), printing what its server answered.
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, CommandFailedError, plural, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { UnitsRepository } from '../units/units.repository';
import { ChannelsService } from './channels.service';

interface UnitOption {
  unit: string;
  channel?: string;
}

async function unitIdOf(units: UnitsRepository, code: string): Promise<number> {
  const unit = await units.findByCode(code);
  if (!unit) throw new InvalidFieldError('--unit', `unknown unit ${code}`, `单位 ${code} 不存在`, 'unknown');
  return unit.id;
}

@Command({ name: 'channels', description: "list a unit's chat, webhook and SMS channels (addresses masked)" })
export class ChannelsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    private readonly units: UnitsRepository,
  ) {
    super(io);
  }

  @Option({ flags: '--unit <code>', description: 'the unit, by code', required: true })
  parseUnit(v: string): string {
    return v;
  }

  async run(_args: string[], o: UnitOption): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const list = await this.channels.list(SYSTEM_ACTOR, await unitIdOf(this.units, o.unit));
    this.printRow(['id', 'channel', 'enabled', 'label', 'address', 'mobiles', 'secret']);
    for (const c of list) {
      this.printRow([
        c.id,
        c.channel,
        c.enabled ? 'yes' : 'no',
        c.label,
        c.address,
        c.mobiles.join(' '),
        c.hasSecret ? 'set' : '',
      ]);
    }
    this.print(plural(list.length, 'channel'));
  }
}

@Command({ name: 'channel-test', description: "send a test message to one of a unit's channels now" })
export class ChannelTestCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly channels: ChannelsService,
    private readonly units: UnitsRepository,
  ) {
    super(io);
  }

  @Option({ flags: '--unit <code>', description: 'the unit, by code', required: true })
  parseUnit(v: string): string {
    return v;
  }

  @Option({ flags: '--channel <id>', description: 'the channel, by id (see `channels`)', required: true })
  parseChannel(v: string): string {
    return v;
  }

  async run(_args: string[], o: UnitOption): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const id = Number(o.channel);
    if (!Number.isInteger(id) || id <= 0) {
      throw new InvalidFieldError(
        '--channel',
        `not a channel id: ${o.channel}`,
        `不是渠道编号：${o.channel}`,
        'invalid',
      );
    }
    const result = await this.channels.test(SYSTEM_ACTOR, await unitIdOf(this.units, o.unit), id);
    if (!result.ok) {
      throw new CommandFailedError(
        `channel ${id}: ${result.permanent ? 'refused' : 'not sent, try later'}: ${result.reason}`,
      );
    }
    this.print(`channel ${id}: the test message was taken`);
  }
}
