// The consultation meetings' commands: list the meetings (`meetings`) and print or generate an agenda (`agenda`).
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, plural, positiveId, type CliOutput } from '../cli/cli-command';
import { ClockService } from '../common/clock.service';
import { InvalidFieldError } from '../common/errors';
import { isIsoDate } from '../common/validation';
import { migrate } from '../database/database.commands';
import { formatLocal } from '../scheduler/slots';
import { AgendaService } from './agenda.service';
import { MeetingsService } from './meetings.service';

@Command({ name: 'meetings', description: 'list the consultation meetings, latest first' })
export class MeetingsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly clock: ClockService,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const page = await this.meetings.list(SYSTEM_ACTOR, { page: 1, pageSize: 500 });
    this.printRow(['id', 'plan', 'starts', 'status', 'units', 'agenda as of', 'title']);
    for (const m of page.items) {
      const row = [m.id, m.planId, formatLocal(m.startsAt, this.clock.timeZone), m.status, m.units.length];
      this.printRow([...row, m.agendaAsOf ?? '-', m.title]);
    }
    this.print(plural(page.total, 'meeting'));
  }
}

@Command({
  name: 'agenda',
  description: "print a meeting's agenda as numbered lines; --generate builds it from the state of the plan first",
})
export class AgendaCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly meetings: MeetingsService,
    private readonly agenda: AgendaService,
    private readonly clock: ClockService,
  ) {
    super(io);
  }

  @Option({ flags: '--meeting <id>', description: 'the meeting, by id (see meetings)', required: true })
  parseMeeting(v: string): string {
    return v;
  }

  @Option({ flags: '--generate', description: 'generate the agenda first, keeping the edits made to it' })
  parseGenerate(): boolean {
    return true;
  }

  @Option({
    flags: '--as-of <date>',
    description: 'with --generate: the state of the plan on this date (default today)',
  })
  parseAsOf(v: string): string {
    return v;
  }

  async run(_args: string[], o: { meeting: string; generate?: boolean; asOf?: string }): Promise<void> {
    const id = positiveId(o.meeting, '--meeting');
    if (o.asOf !== undefined && !isIsoDate(o.asOf)) {
      throw new InvalidFieldError('--as-of', 'must be a valid date as YYYY-MM-DD', '必须是 YYYY-MM-DD 格式的有效日期');
    }
    if (o.asOf !== undefined && !o.generate) {
      throw new InvalidFieldError('--as-of', 'goes with --generate', '须与 --generate 一起使用');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const m = o.generate
      ? await this.agenda.generate(SYSTEM_ACTOR, id, o.asOf)
      : await this.meetings.detail(SYSTEM_ACTOR, id);
    const where = [m.place, m.onlineLink].filter(Boolean).join(', ');
    this.print(`${m.title} — ${formatLocal(m.startsAt, this.clock.timeZone)}, ${where}`);
    this.print(m.agendaAsOf ? `agenda as of ${m.agendaAsOf}` : 'no agenda generated yet');
    for (const item of m.agenda) {
      const who = [
        item.leadUnit?.name,
        item.presenter && item.presenter !== item.leadUnit?.name ? item.presenter : null,
      ]
        .filter(Boolean)
        .join(' / ');
      const marks = [item.kind, item.stale ? 'stale' : null, item.edited ? 'edited' : null].filter(Boolean).join(', ');
      this.print(`${item.number}. ${item.title} — ${who || '-'}, ${item.minutes} min [${marks}]`);
    }
    this.print(`${plural(m.agenda.length, 'item')}, ${m.agendaMinutes} min`);
  }
}
