// The assessment's command: `assessment --period 2023-09` prints the ranking (or writes it as .xlsx with --out).
import { Inject } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { CLI_OUTPUT, CliCommand, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { assessmentSpan } from './assessment-period';
import { AssessmentService } from './assessment.service';

interface AssessmentOptions {
  period?: string;
  from?: string;
  to?: string;
  lang?: string;
  out?: string;
}

@Command({
  name: 'assessment',
  description: "print the units' assessment (考评) ranking for a period, or write it as .xlsx",
})
export class AssessmentCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly assessment: AssessmentService,
  ) {
    super(io);
  }

  @Option({ flags: '--period <period>', description: 'e.g. 2023-09, 2023-Q3 or 2023-W38' })
  parsePeriod(v: string): string {
    return v;
  }

  @Option({ flags: '--from <date>', description: 'first day, YYYY-MM-DD (with --to, instead of --period)' })
  parseFrom(v: string): string {
    return v;
  }

  @Option({ flags: '--to <date>', description: 'last day, YYYY-MM-DD' })
  parseTo(v: string): string {
    return v;
  }

  @Option({ flags: '--lang <lang>', description: 'zh-CN (default) or en' })
  parseLang(v: string): string {
    return v;
  }

  @Option({ flags: '--out <file>', description: 'write the ranking as a spreadsheet (.xlsx)' })
  parseOut(v: string): string {
    return v;
  }

  async run(_args: string[], o: AssessmentOptions): Promise<void> {
    if (o.lang !== undefined && o.lang !== 'zh-CN' && o.lang !== 'en') {
      throw new InvalidFieldError('--lang', 'must be zh-CN or en', '必须是 zh-CN 或 en');
    }
    let span;
    try {
      span = assessmentSpan(o);
    } catch (e) {
      // name the option the way the command line spells it
      if (e instanceof InvalidFieldError) {
        const field = e.errors[0]?.field ?? 'period';
        throw new InvalidFieldError(`--${field}`, e.errors[0].message, e.errors[0].messageZh);
      }
      throw e;
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const en = o.lang === 'en';
    if (o.out) {
      const path = resolvePath(o.out);
      writeFileSync(path, await this.assessment.spreadsheet(span, en ? 'en' : 'zh-CN'));
      this.print(`${path}`);
      return;
    }
    const ranking = await this.assessment.ranking(span);
    this.print(
      en ? `Assessment ${span.label} (${span.from} – ${span.to})` : `考评 ${span.label}（${span.from}至${span.to}）`,
    );
    const kinds = ranking.kinds.map((k) => (en ? k.labelEn : k.label));
    this.print([en ? 'rank' : '名次', en ? 'unit' : '单位', en ? 'score' : '得分', ...kinds].join('\t'));
    for (const u of ranking.units) {
      const name = en ? (u.unit.nameEn ?? u.unit.name) : u.unit.name;
      this.print([u.rank, `${u.unit.code} ${name}`, u.score, ...u.kinds.map((k) => k.points)].join('\t'));
    }
  }
}
