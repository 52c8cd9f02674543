// The users' command: `create-user`, validated like the API's request, with a generated password shown once.
import { Inject } from '@nestjs/common';
import { generatedPassword } from '../auth/password-policy';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { roleNeedsUnit } from '../access';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, optionsToDto, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { UnitsRepository } from '../units/units.repository';
import { CreateUserDto } from './user.dto';
import { ROLES, type Role } from './user.entity';
import { UsersService } from './users.service';

interface CreateUserOptions {
  email: string;
  name: string;
  role: Role;
  unit?: string;
  password?: string;
}

/** The request fields of CreateUserDto and the options that set them. */
const USER_OPTION: Record<string, string> = {
  email: '--email',
  displayName: '--name',
  role: '--role',
  unitId: '--unit',
  password: '--password',
};

@Command({ name: 'create-user', description: 'create a user; without --password one is generated and shown once' })
export class CreateUserCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly users: UsersService,
    private readonly units: UnitsRepository,
  ) {
    super(io);
  }

  @Option({ flags: '--email <email>', description: 'sign-in email', required: true })
  parseEmail(v: string): string {
    return v;
  }

  @Option({ flags: '--name <name>', description: 'display name', required: true })
  parseName(v: string): string {
    return v;
  }

  @Option({ flags: '--role <role>', description: `one of ${ROLES.join(', ')}`, required: true })
  parseRole(v: string): string {
    return v;
  }

  @Option({ flags: '--unit <code>', description: "the user's unit, by code (required for a liaison)" })
  parseUnit(v: string): string {
    return v;
  }

  @Option({
    flags: '--password <password>',
    description: 'at least 12 characters of three kinds, not the email or name, not easy to guess',
  })
  parsePassword(v: string): string {
    return v;
  }

  async run(_args: string[], o: CreateUserOptions): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    let unitId: number | null = null;
    if (o.unit !== undefined) {
      const unit = await this.units.findByCode(o.unit);
      if (!unit) throw new InvalidFieldError('--unit', `unknown unit "${o.unit}"`, `单位 "${o.unit}" 不存在`);
      unitId = unit.id;
    } else if (roleNeedsUnit(o.role)) {
      throw new InvalidFieldError('--unit', 'a liaison must belong to a unit', '联络员必须属于一个单位');
    }
    const generated = o.password === undefined;
    const password = o.password ?? generatedPassword();
    const dto = await optionsToDto(
      CreateUserDto,
      { email: o.email, displayName: o.name, role: o.role, unitId, password },
      USER_OPTION,
    );
    const user = await this.users.create(SYSTEM_ACTOR, dto);
    this.print(`created user ${user.email} (id ${user.id}, ${user.role}${o.unit ? `, unit ${o.unit}` : ''})`);
    if (generated) this.print(`password: ${password}  (shown once; it is not stored readably)`);
  }
}
