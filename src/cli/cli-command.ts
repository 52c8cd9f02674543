// What every command of the command line shares: where it writes, the base class that keeps commander from exiting
// the process, turning options into a validated DTO, and the exit code an error earns. It knows no feature; each
// feature keeps its commands in its own folder (`<feature>.commands.ts`) and `cli.module.ts` lists them.
import type { LogLevel } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate, type ValidatorOptions } from 'class-validator';
import { CommandRunner } from 'nest-commander';
import { DomainError, InvalidFieldError } from '../common/errors';
import { ConfigError, type AppConfig } from '../config/config';

/** Where the commands write: the process's streams, or a buffer in tests. */
export interface CliOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const PROCESS_OUTPUT: CliOutput = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** The injection token of the command line's CliOutput. */
export const CLI_OUTPUT = Symbol('CLI_OUTPUT');

type CommanderCommand = Parameters<CommandRunner['setCommand']>[0];

/** Commands throw commander's errors instead of exiting the process, so runCli decides the exit code. */
export abstract class CliCommand extends CommandRunner {
  constructor(protected readonly io: CliOutput) {
    super();
  }

  override setCommand(command: CommanderCommand): this {
    command.exitOverride();
    return super.setCommand(command);
  }

  protected print(line: string): void {
    this.io.stdout(`${line}\n`);
  }

  /** One line of a tab-separated table. */
  protected printRow(cells: readonly unknown[]): void {
    this.print(cells.join('\t'));
  }
}

/** The command ran and the service failed (e.g. a job that failed): exit code 1, not the user's mistake. */
export class CommandFailedError extends Error {}

/** "1 round", "2 rounds". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A positive integer id given as `field`, or an error naming the field. */
export function positiveId(raw: string, field: string): number {
  if (!/^[1-9]\d{0,9}$/.test(raw)) {
    throw new InvalidFieldError(field, 'must be a positive integer id', '必须是正整数编号');
  }
  return Number(raw);
}

/**
 * The options as a request DTO, validated like the API validates it; a problem names the option that set the field
 * (`optionOf` maps DTO fields to options, e.g. `{ dueDate: '--due' }`).
 */
export async function optionsToDto<T extends object>(
  dtoClass: ClassConstructor<T>,
  plain: Record<string, unknown>,
  optionOf: Record<string, string>,
  validatorOptions?: ValidatorOptions,
): Promise<T> {
  const dto = plainToInstance(dtoClass, plain);
  const [problem] = await validate(dto, validatorOptions);
  if (problem) {
    const message = Object.values(problem.constraints ?? {})[0] ?? 'is invalid';
    throw new InvalidFieldError(optionOf[problem.property] ?? problem.property, message, message);
  }
  return dto;
}

/** A service's error on a request field, renamed after the option that set it; any other error unchanged. */
export function withOptionNames(e: unknown, optionOf: Record<string, string>): unknown {
  const field = e instanceof DomainError ? e.errors[0] : undefined;
  if (field && optionOf[field.field]) {
    return new InvalidFieldError(optionOf[field.field], field.message, field.messageZh, field.code);
  }
  return e;
}

/** The command line logs warnings and errors only, unless configured to say more. */
export function logLevels(level: AppConfig['log']['level']): LogLevel[] | false {
  if (level === 'silent') return false;
  if (level === 'debug') return ['fatal', 'error', 'warn', 'log', 'debug'];
  if (level === 'trace') return ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  return (
    ({ fatal: ['fatal'], error: ['fatal', 'error'] } as Record<string, LogLevel[]>)[level] ?? ['fatal', 'error', 'warn']
  );
}

function isCommanderError(e: unknown): e is Error & { code: string; exitCode: number } {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && code.startsWith('commander.');
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * The exit code for an error, after telling the user: 2 for their mistakes, 1 for the service's. Besides domain
 * and configuration errors, `userMistakes` lists the error classes that mean bad input (e.g. a bad plan file).
 */
export function exitCodeFor(e: unknown, io: CliOutput, userMistakes: readonly ErrorClass[] = []): number {
  // commander has already printed its own message (or the help)
  if (isCommanderError(e)) return e.exitCode === 0 ? 0 : 2;
  if (e instanceof CommandFailedError) {
    io.stderr(`error: ${e.message}\n`);
    return 1;
  }
  if (e instanceof ConfigError || userMistakes.some((c) => e instanceof c)) {
    io.stderr(`error: ${(e as Error).message}\n`);
    return 2;
  }
  if (e instanceof DomainError) {
    io.stderr(`error: ${e.messageEn}\n`);
    return 2;
  }
  io.stderr(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
}
