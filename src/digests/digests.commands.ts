// The digests' command: `digest-preview` shows what a unit's digest would say now, without queueing it.
import { Inject } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { UnitsRepository } from '../units/units.repository';
import { DigestsService } from './digests.service';

@Command({
  name: 'digest-preview',
  description: 'show the digest a unit would get now (subject and text), or write its HTML with --out; queues nothing',
})
export class DigestPreviewCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly digests: DigestsService,
    private readonly units: UnitsRepository,
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
    const unit = await this.units.findByCode(o.unit);
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
