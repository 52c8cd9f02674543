// The follow-up commands: `urge` presses one of a task's units with a note (mailed through the outbox), and
// `acknowledgements` lists what units were asked to acknowledge (the overdue ones with --overdue).
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { AcknowledgementsService } from '../acknowledgements/acknowledgements.service';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, optionsToDto, plural, positiveId, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { UnitsRepository } from '../units/units.repository';
import { CreateUrgingDto } from './followup.dto';
import { UrgingsService } from './urgings.service';

@Command({ name: 'urge', description: "urge (催办) one of a task's units with a note, mailed to the unit" })
export class UrgeCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly urgings: UrgingsService,
    private readonly units: UnitsRepository,
  ) {
    super(io);
  }

  @Option({ flags: '--task <id>', description: 'the task, by id', required: true })
  parseTask(v: string): string {
    return v;
  }

  @Option({
    flags: '--unit <code>',
    description: "the unit, by code: the task's lead or a supporting unit",
    required: true,
  })
  parseUnit(v: string): string {
    return v;
  }

  @Option({ flags: '--note <text>', description: 'what the unit is asked (at most 500 characters)', required: true })
  parseNote(v: string): string {
    return v;
  }

  async run(_args: string[], o: { task: string; unit: string; note: string }): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const taskId = positiveId(o.task, '--task');
    const unit = await this.units.findByCode(o.unit);
    if (!unit) throw new InvalidFieldError('--unit', `unknown unit "${o.unit}"`, `单位 "${o.unit}" 不存在`);
    const dto = await optionsToDto(
      CreateUrgingDto,
      { unitId: unit.id, note: o.note },
      { unitId: '--unit', note: '--note' },
    );
    const urging = await this.urgings.urge(SYSTEM_ACTOR, taskId, dto);
    this.print(`urging ${urging.id}: task ${taskId}, ${urging.unit.code} ${urging.unit.name}, queued for its mailbox`);
  }
}

@Command({
  name: 'acknowledgements',
  description: 'list what units were asked to acknowledge (签收), soonest due first',
})
export class AcknowledgementsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly acknowledgements: AcknowledgementsService,
    private readonly units: UnitsRepository,
  ) {
    super(io);
  }

  @Option({ flags: '--overdue', description: 'only those still awaited past their due time' })
  parseOverdue(): boolean {
    return true;
  }

  @Option({ flags: '--unit <code>', description: "one unit's, by code" })
  parseUnit(v: string): string {
    return v;
  }

  async run(_args: string[], o: { overdue?: boolean; unit?: string }): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    let unitId: number | undefined;
    if (o.unit !== undefined) {
      const unit = await this.units.findByCode(o.unit);
      if (!unit) throw new InvalidFieldError('--unit', `unknown unit "${o.unit}"`, `单位 "${o.unit}" 不存在`);
      unitId = unit.id;
    }
    const items = await this.acknowledgements.list(SYSTEM_ACTOR, {
      unitId,
      status: o.overdue ? 'overdue' : undefined,
    });
    this.printRow(['id', 'kind', 'taskId', 'task', 'unit', 'due', 'status', 'acknowledged']);
    for (const a of items) {
      this.printRow([a.id, a.kind, a.task.id, a.task.code, a.unit.code, a.dueAt, a.status, a.acknowledgedAt ?? '']);
    }
    this.print(plural(items.length, o.overdue ? 'overdue acknowledgement' : 'acknowledgement'));
  }
}
