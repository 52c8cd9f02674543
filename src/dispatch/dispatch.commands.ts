// The dispatch rounds' commands: open a round (`open-round`), list the rounds with who has reported (`rounds`) and
// remind a unit, or every late unit, of the reports it still owes (`remind-round`).
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, optionsToDto, plural, withOptionNames, type CliOutput } from '../cli/cli-command';
import { migrate } from '../database/database.commands';
import { planIdByCode } from '../plans/plans.commands';
import { PlansRepository } from '../plans/plans.repository';
import { OpenRoundDto } from './dispatch-round.dto';
import { DispatchService, type RemindResult } from './dispatch.service';
import { UnitsRepository } from '../units/units.repository';
import { InvalidFieldError } from '../common/errors';

interface OpenRoundOptions {
  period: string;
  due: string;
  plan?: string;
  title?: string;
}

/** The request fields of OpenRoundDto and the options that set them. */
const ROUND_OPTION: Record<string, string> = {
  period: '--period',
  dueDate: '--due',
  planId: '--plan',
  title: '--title',
};

@Command({ name: 'open-round', description: 'open a dispatch round and queue a request to each unit in scope' })
export class OpenRoundCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly dispatch: DispatchService,
    private readonly plans: PlansRepository,
  ) {
    super(io);
  }

  @Option({ flags: '--period <period>', description: 'e.g. 2023-09, 2023-Q3 or 2023-W38', required: true })
  parsePeriod(v: string): string {
    return v;
  }

  @Option({ flags: '--due <date>', description: 'reports due by this date, YYYY-MM-DD', required: true })
  parseDue(v: string): string {
    return v;
  }

  @Option({ flags: '--plan <code>', description: 'the plan, by code (default: the first plan)' })
  parsePlan(v: string): string {
    return v;
  }

  @Option({ flags: '--title <title>', description: 'default: "<period> 工作进展调度"' })
  parseTitle(v: string): string {
    return v;
  }

  async run(_args: string[], o: OpenRoundOptions): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const planId = await planIdByCode(this.plans, o.plan);
    const dto = await optionsToDto(
      OpenRoundDto,
      { period: o.period, dueDate: o.due, planId, title: o.title },
      ROUND_OPTION,
      { forbidUnknownValues: true },
    );
    let round: Awaited<ReturnType<DispatchService['open']>>;
    try {
      round = await this.dispatch.open(SYSTEM_ACTOR, dto);
    } catch (e) {
      throw withOptionNames(e, ROUND_OPTION);
    }
    this.print(
      `opened round ${round.id} "${round.title}" of plan ${round.plan.code} for ${round.period}, due ${round.dueDate}: ` +
        `${round.totals.units.count} units, ${round.totals.tasks.count} tasks, ${round.totals.expected.count} reports expected`,
    );
    this.print(`${round.requests.count} requests queued (deliver sends them)`);
    if (round.requests.withoutAddress.length) {
      this.print(`units without a mailbox or liaison: ${round.requests.withoutAddress.join(', ')}`);
    }
  }
}

@Command({ name: 'rounds', description: 'list the dispatch rounds with who has reported' })
export class RoundsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly dispatch: DispatchService,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const page = await this.dispatch.list(SYSTEM_ACTOR, { page: 1, pageSize: 500 });
    this.printRow([
      'id',
      'plan',
      'period',
      'due',
      'status',
      'units',
      'expected',
      'received',
      'missing',
      'late',
      'title',
    ]);
    for (const r of page.items) {
      const t = r.totals;
      const row = [r.id, r.plan.code, r.period, r.dueDate, r.status, t.units.count, t.expected.count];
      this.printRow([...row, t.received.count, t.missing.count, t.late.count, r.title]);
    }
    this.print(plural(page.total, 'round'));
  }
}

interface RemindOptions {
  round: string;
  unit?: string;
  late?: boolean;
}

@Command({
  name: 'remind-round',
  description: 'remind a unit (--unit) or every late unit (--late) of the reports it still owes in a round',
})
export class RemindRoundCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly dispatch: DispatchService,
    private readonly units: UnitsRepository,
  ) {
    super(io);
  }

  @Option({ flags: '--round <id>', description: 'the round, by id (see `rounds`)', required: true })
  parseRound(v: string): string {
    return v;
  }

  @Option({ flags: '--unit <code>', description: 'the unit to remind, by code' })
  parseUnit(v: string): string {
    return v;
  }

  @Option({ flags: '--late', description: 'every unit late with its reports (after the due date)' })
  parseLate(): boolean {
    return true;
  }

  async run(_args: string[], o: RemindOptions): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const id = Number(o.round);
    if (!Number.isInteger(id) || id <= 0) {
      throw new InvalidFieldError('--round', `not a round id: ${o.round}`, `不是调度编号：${o.round}`, 'invalid');
    }
    if (Boolean(o.unit) === Boolean(o.late)) {
      throw new InvalidFieldError(
        '--unit',
        'give either --unit <code> or --late',
        '请给出 --unit <单位代码> 或 --late 之一',
        'required',
      );
    }
    let result: RemindResult;
    if (o.unit) {
      const unit = await this.units.findByCode(o.unit);
      if (!unit) throw new InvalidFieldError('--unit', `unknown unit ${o.unit}`, `单位 ${o.unit} 不存在`, 'unknown');
      result = await this.dispatch.remindUnit(SYSTEM_ACTOR, id, unit.id);
    } else {
      result = await this.dispatch.remindLate(SYSTEM_ACTOR, id);
    }
    const ids = (xs: { unitId: number }[]) => xs.map((x) => x.unitId).join(', ') || 'none';
    this.print(`round ${result.roundId}, ${result.today}: reminded units ${ids(result.reminded)} (deliver sends them)`);
    if (result.alreadyReminded.length) this.print(`already reminded today: ${ids(result.alreadyReminded)}`);
    if (result.withoutAddress.length) {
      this.print(`units without a mailbox or liaison: ${result.withoutAddress.join(', ')}`);
    }
  }
}
