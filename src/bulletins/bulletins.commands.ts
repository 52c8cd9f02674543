// The bulletins' commands: generate a draft bulletin, write it and send it (`bulletin`), and list them
// (`bulletins`).
import { Inject } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, optionsToDto, plural, withOptionNames, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { planIdByCode } from '../plans/plans.commands';
import { PlansRepository } from '../plans/plans.repository';
import { CreateBulletinDto, type BulletinLang } from './bulletin.dto';
import { BulletinsService } from './bulletins.service';

interface BulletinOptions {
  period: string;
  plan?: string;
  start?: string;
  end?: string;
  lang?: string;
  send?: boolean;
  out?: string;
  html?: string;
  format?: string;
}

/** The request fields of CreateBulletinDto and the options that set them. */
const BULLETIN_OPTION: Record<string, string> = {
  period: '--period',
  planId: '--plan',
  periodStart: '--start',
  periodEnd: '--end',
};

@Command({
  name: 'bulletin',
  description: 'generate a draft bulletin for a period; optionally write it as DOCX and HTML, and send it',
})
export class BulletinCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly bulletins: BulletinsService,
    private readonly plans: PlansRepository,
  ) {
    super(io);
  }

  @Option({ flags: '--period <period>', description: 'e.g. 2023-09, 2023-Q3 or 2023-W38', required: true })
  parsePeriod(v: string): string {
    return v;
  }

  @Option({ flags: '--plan <code>', description: 'the plan, by code (default: the first plan)' })
  parsePlan(v: string): string {
    return v;
  }

  @Option({ flags: '--start <date>', description: "first day, YYYY-MM-DD (default: the period's)" })
  parseStart(v: string): string {
    return v;
  }

  @Option({ flags: '--end <date>', description: "last day, YYYY-MM-DD (default: the period's)" })
  parseEnd(v: string): string {
    return v;
  }

  @Option({ flags: '--lang <lang>', description: 'language of --out and --html: zh-CN (default) or en' })
  parseLang(v: string): string {
    return v;
  }

  @Option({ flags: '--out <file>', description: 'write the bulletin as a Word document (.docx)' })
  parseOut(v: string): string {
    return v;
  }

  @Option({ flags: '--format <format>', description: 'format of --out: docx (default) or pdf (needs LibreOffice)' })
  parseFormat(v: string): string {
    return v;
  }

  @Option({ flags: '--html <file>', description: 'write the HTML email (the sent version with --send)' })
  parseHtml(v: string): string {
    return v;
  }

  @Option({ flags: '--send', description: 'send it to the leads, the secretariat and all member units' })
  parseSend(): boolean {
    return true;
  }

  async run(_args: string[], o: BulletinOptions): Promise<void> {
    const lang = (o.lang ?? 'zh-CN') as BulletinLang;
    if (lang !== 'zh-CN' && lang !== 'en') {
      throw new InvalidFieldError('--lang', 'must be zh-CN or en', '必须是 zh-CN 或 en');
    }
    const format = o.format ?? 'docx';
    if (format !== 'docx' && format !== 'pdf') {
      throw new InvalidFieldError('--format', 'must be docx or pdf', '必须是 docx 或 pdf');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const planId = await planIdByCode(this.plans, o.plan);
    const dto = await optionsToDto(
      CreateBulletinDto,
      { period: o.period, planId, periodStart: o.start, periodEnd: o.end },
      BULLETIN_OPTION,
      { forbidUnknownValues: true },
    );
    let bulletin: Awaited<ReturnType<BulletinsService['create']>>;
    try {
      bulletin = await this.bulletins.create(SYSTEM_ACTOR, dto);
    } catch (e) {
      throw withOptionNames(e, BULLETIN_OPTION);
    }
    const s = bulletin.snapshot as { asOf: string; summary: Record<string, { count: number }> };
    this.print(
      `generated draft bulletin No. ${bulletin.number} (id ${bulletin.id}) for ${bulletin.period} ` +
        `(${bulletin.periodStart} to ${bulletin.periodEnd}), figures as of ${s.asOf}: ` +
        `${s.summary.tasks.count} tasks, ${s.summary.closedThisPeriod.count} closed in the period, ` +
        `${s.summary.overdue.count} overdue, ${s.summary.coordination.count} matters needing coordination`,
    );
    if (o.out !== undefined) {
      const doc = await this.bulletins.document(SYSTEM_ACTOR, bulletin.id, lang, format);
      writeFileSync(resolvePath(o.out), doc.content);
      this.print(`wrote ${o.out} (${doc.filename}, ${doc.content.length} bytes)`);
    }
    if (o.send) {
      const sent = await this.bulletins.send(SYSTEM_ACTOR, bulletin.id);
      this.print(`sent bulletin No. ${bulletin.number}: ${sent.messages} messages queued (deliver sends them)`);
      if (sent.unitsWithoutAddress.length) {
        this.print(`units without a mailbox or liaison: ${sent.unitsWithoutAddress.map((u) => u.code).join(', ')}`);
      }
    }
    // Written after sending, so the file is the sent bulletin and not its draft preview.
    if (o.html !== undefined) {
      writeFileSync(resolvePath(o.html), await this.bulletins.preview(SYSTEM_ACTOR, bulletin.id, lang), 'utf8');
      this.print(`wrote ${o.html}`);
    }
  }
}

@Command({ name: 'bulletins', description: 'list the bulletins, newest first' })
export class BulletinsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly bulletins: BulletinsService,
  ) {
    super(io);
  }

  async run(): Promise<void> {
    await migrate(this.dataSource, (l) => this.print(l), true);
    const list = await this.bulletins.list(SYSTEM_ACTOR, {});
    const when = (d: Date | null) => (d ? d.toISOString() : '-');
    this.printRow(['id', 'plan', 'number', 'period', 'start', 'end', 'status', 'generated', 'sent']);
    for (const b of list) {
      const row = [b.id, b.planId, b.number, b.period, b.periodStart, b.periodEnd, b.status];
      this.printRow([...row, when(b.generatedAt), when(b.sentAt)]);
    }
    this.print(plural(list.length, 'bulletin'));
  }
}
