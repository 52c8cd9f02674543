// The meeting documents' command: `meeting-doc` writes a meeting's agenda or minutes (Markdown, HTML, Word) or its
// invitation (.ics) to a file.
import { Inject } from '@nestjs/common';
import { writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { CLI_OUTPUT, CliCommand, positiveId, type CliOutput } from '../../cli/cli-command';
import { InvalidFieldError } from '../../common/errors';
import { migrate } from '../../database/database.commands';
import { MeetingDocumentsService } from './meeting-documents.service';

const MEETING_DOC_KINDS = ['agenda', 'minutes'] as const;
const MEETING_DOC_FORMATS = ['md', 'html', 'docx', 'pdf', 'ics'] as const;

interface MeetingDocOptions {
  meeting: string;
  kind: string;
  format: string;
  lang?: string;
  out: string;
}

@Command({
  name: 'meeting-doc',
  description: "write a meeting's agenda or minutes (Markdown, HTML or Word) or its invitation (.ics) to a file",
})
export class MeetingDocCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly documents: MeetingDocumentsService,
  ) {
    super(io);
  }

  @Option({ flags: '--meeting <id>', description: 'the meeting, by id', required: true })
  parseMeeting(v: string): string {
    return v;
  }

  @Option({ flags: '--kind <kind>', description: 'agenda or minutes', required: true })
  parseKind(v: string): string {
    return v;
  }

  @Option({
    flags: '--format <format>',
    description: 'md, html, docx, pdf (needs LibreOffice), or ics (the invitation, with --kind agenda)',
    required: true,
  })
  parseFormat(v: string): string {
    return v;
  }

  @Option({ flags: '--lang <lang>', description: 'zh-CN (default) or en' })
  parseLang(v: string): string {
    return v;
  }

  @Option({ flags: '--out <file>', description: 'the file to write', required: true })
  parseOut(v: string): string {
    return v;
  }

  async run(_args: string[], o: MeetingDocOptions): Promise<void> {
    const meetingId = positiveId(o.meeting, '--meeting');
    if (!(MEETING_DOC_KINDS as readonly string[]).includes(o.kind)) {
      throw new InvalidFieldError('--kind', 'must be agenda or minutes', '必须是 agenda 或 minutes');
    }
    if (!(MEETING_DOC_FORMATS as readonly string[]).includes(o.format)) {
      throw new InvalidFieldError(
        '--format',
        'must be md, html, docx, pdf or ics',
        '必须是 md、html、docx、pdf 或 ics',
      );
    }
    MeetingDocumentsService.checkFormat(o.kind, o.format, '--format');
    const lang = o.lang ?? 'zh-CN';
    if (lang !== 'zh-CN' && lang !== 'en') {
      throw new InvalidFieldError('--lang', 'must be zh-CN or en', '必须是 zh-CN 或 en');
    }
    await migrate(this.dataSource, (l) => this.print(l), true);
    const doc = await this.documents.load(meetingId);
    const file =
      o.format === 'ics'
        ? this.documents.ics(doc, lang)
        : await this.documents.render(
            doc,
            o.kind as (typeof MEETING_DOC_KINDS)[number],
            o.format as 'md' | 'html' | 'docx' | 'pdf',
            lang,
          );
    writeFileSync(resolvePath(o.out), file.content);
    this.print(`wrote ${o.out} (${file.filename}, ${file.content.length} bytes)`);
  }
}
