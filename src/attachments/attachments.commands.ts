// The attachments' commands: list a task's attachments (`attachments --task N`) and upload a file on an owner
// (`attach --owner-type report --owner-id N --file path`), checked as an upload through the API is.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Inject } from '@nestjs/common';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../auth/actor';
import { CLI_OUTPUT, CliCommand, plural, positiveId, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError, PayloadTooLargeError } from '../common/errors';
import { migrate } from '../database/database.commands';
import { AttachmentsService } from './attachments.service';

@Command({ name: 'attachments', description: "list a task's attachments, across its reports and requests" })
export class AttachmentsCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly attachments: AttachmentsService,
  ) {
    super(io);
  }

  @Option({ flags: '--task <id>', description: 'the task, by id', required: true })
  parseTask(v: string): string {
    return v;
  }

  async run(_args: string[], o: { task: string }): Promise<void> {
    const taskId = positiveId(o.task, '--task');
    await migrate(this.dataSource, (l) => this.print(l), true);
    const list = await this.attachments.listForTask(taskId);
    this.printRow(['id', 'owner', 'size', 'type', 'uploaded by', 'name']);
    for (const a of list) {
      this.printRow([
        a.id,
        `${a.ownerType} ${a.ownerId}`,
        a.size,
        a.contentType,
        a.uploadedBy?.displayName ?? '-',
        a.filename,
      ]);
    }
    this.print(plural(list.length, 'attachment'));
  }
}

@Command({ name: 'attach', description: 'upload a file as an attachment of a report, request, meeting or decision' })
export class AttachCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    private readonly attachments: AttachmentsService,
  ) {
    super(io);
  }

  @Option({
    flags: '--owner-type <type>',
    description: 'report, closing_request, extension_request, meeting, decision',
    required: true,
  })
  parseOwnerType(v: string): string {
    return v;
  }

  @Option({ flags: '--owner-id <id>', description: 'the owner, by id', required: true })
  parseOwnerId(v: string): string {
    return v;
  }

  @Option({ flags: '--file <path>', description: 'the file; its name is kept', required: true })
  parseFile(v: string): string {
    return v;
  }

  async run(_args: string[], o: { ownerType: string; ownerId: string; file: string }): Promise<void> {
    const ownerId = positiveId(o.ownerId, '--owner-id');
    const size = await stat(o.file).then(
      (s) => (s.isFile() ? s.size : -1),
      () => -1,
    );
    if (size < 0) throw new InvalidFieldError('--file', `no file at ${o.file}`, `找不到文件 ${o.file}`, 'not_found');
    // the limit is checked before the file is read, as the API stops reading at it
    if (size > this.attachments.limits.maxBytes)
      throw new PayloadTooLargeError('--file', this.attachments.limits.maxBytes);
    await migrate(this.dataSource, (l) => this.print(l), true);
    const target = await this.attachments.uploadTarget(SYSTEM_ACTOR, o.ownerType, ownerId);
    const [a] = await this.attachments.store(SYSTEM_ACTOR, target, [
      { filename: basename(o.file), content: await readFile(o.file) },
    ]);
    this.printRow([a.id, `${a.ownerType} ${a.ownerId}`, a.size, a.contentType, a.sha256, a.filename]);
  }
}
