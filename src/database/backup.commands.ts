// `backup --out FILE` and `restore FILE --yes`: the whole database to one file and back. On SQLite the backup is
// `VACUUM INTO` (a consistent copy taken while the service runs, compacted) and the restore puts that file in place
// of the database file; on PostgreSQL they are `pg_dump --format=custom` and `pg_restore --clean`, which must be on
// the PATH (Debian: postgresql-client). Restore replaces every row, so it asks for --yes, and the service must be
// stopped while it runs (README, "Operations").
import { Inject } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Command, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { CLI_OUTPUT, CliCommand, CommandFailedError, type CliOutput } from '../cli/cli-command';
import { InvalidFieldError } from '../common/errors';
import { APP_CONFIG, databaseDialect, type AppConfig } from '../config/config';

const run = promisify(execFile);
const SQLITE_HEADER = 'SQLite format 3\0';
/** The first bytes of a pg_dump archive in the custom format. */
const PG_DUMP_HEADER = 'PGDMP';

function headerOf(file: string, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Runs a PostgreSQL client program; a missing program is named with the package that has it. */
async function pgTool(program: string, args: string[]): Promise<void> {
  try {
    await run(program, args, { maxBuffer: 16 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') {
      throw new CommandFailedError(`${program} is not installed (Debian: apt-get install postgresql-client)`);
    }
    throw new CommandFailedError(`${program} failed: ${(err.stderr || err.message).trim()}`);
  }
}

@Command({ name: 'backup', description: 'write the whole database to one file (--out FILE)' })
export class BackupCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(io);
  }

  @Option({ flags: '--out <file>', description: 'the backup file to write (must not exist yet)', required: true })
  parseOut(v: string): string {
    return v;
  }

  async run(_args: string[], o: { out: string }): Promise<void> {
    const out = resolve(o.out);
    if (existsSync(out)) throw new InvalidFieldError('--out', 'the file exists already', '文件已存在');
    if (!existsSync(dirname(out))) throw new InvalidFieldError('--out', 'its folder does not exist', '所在目录不存在');
    if (databaseDialect(this.config) === 'postgres') {
      await pgTool('pg_dump', ['--format=custom', '--no-owner', `--file=${out}`, this.config.database.url!]);
    } else {
      await this.dataSource.query('VACUUM INTO ?', [out]);
    }
    this.print(`backup written to ${out} (${statSync(out).size} bytes)`);
  }
}

@Command({
  name: 'restore',
  arguments: '<file>',
  description: 'replace the whole database with a backup written by `backup` (--yes; stop the service first)',
})
export class RestoreCommand extends CliCommand {
  constructor(
    @Inject(CLI_OUTPUT) io: CliOutput,
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super(io);
  }

  @Option({ flags: '--yes', description: 'confirm that every row of the database is replaced' })
  parseYes(): boolean {
    return true;
  }

  async run([file]: string[], o: { yes?: boolean }): Promise<void> {
    const from = resolve(file);
    if (!existsSync(from) || !statSync(from).isFile())
      throw new InvalidFieldError('file', 'no such file', '文件不存在');
    const postgres = databaseDialect(this.config) === 'postgres';
    const header = postgres ? PG_DUMP_HEADER : SQLITE_HEADER;
    if (headerOf(from, header.length) !== header) {
      throw new InvalidFieldError(
        'file',
        postgres ? 'is not a PostgreSQL backup (pg_dump, custom format)' : 'is not a SQLite database backup',
        postgres ? '不是 PostgreSQL 备份文件（pg_dump 自定义格式）' : '不是 SQLite 数据库备份文件',
      );
    }
    if (!o.yes) {
      throw new InvalidFieldError(
        '--yes',
        'restore replaces every row: confirm with --yes',
        '恢复将替换全部数据，请加 --yes 确认',
      );
    }
    if (postgres) {
      await pgTool('pg_restore', [
        '--clean',
        '--if-exists',
        '--no-owner',
        '--single-transaction',
        `--dbname=${this.config.database.url!}`,
        from,
      ]);
    } else {
      const target = resolve(this.config.database.path);
      // nothing of this process keeps the file open while it is replaced
      if (this.dataSource.isInitialized) await this.dataSource.destroy();
      const staged = `${target}.restoring`;
      copyFileSync(from, staged);
      for (const side of ['-wal', '-shm', '-journal']) rmSync(`${target}${side}`, { force: true });
      renameSync(staged, target);
    }
    this.print(`database restored from ${from}; the next start applies any newer migrations`);
  }
}
