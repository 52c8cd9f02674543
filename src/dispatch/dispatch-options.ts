// The settings of the dispatch jobs, from scheduler.jobs in the configuration, checked so that a wrong value
// stops start-up with a line naming the key.
import { z } from 'zod';
import { ConfigError, type AppConfig } from '../config/config';

export const REMIND_JOB = 'dispatch.remind';
export const OPEN_JOB = 'dispatch.open';

const remindSchema = z.object({
  /** The first reminder goes out this many working days before the due date. */
  daysBefore: z.number().int().min(0).max(60).default(3),
});

const openSchema = z.object({
  /** A scheduled round is due by this day of its month, moved back to a working day. */
  dueDay: z.number().int().min(1).max(31).default(25),
});

export type RemindOptions = z.infer<typeof remindSchema>;
export type OpenOptions = z.infer<typeof openSchema>;

function parse<T>(schema: z.ZodType<T>, job: string, options: unknown): T {
  const parsed = schema.safeParse(options ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Configuration error: scheduler.jobs.${job}.${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}

export const remindOptions = (options: unknown): RemindOptions => parse(remindSchema, REMIND_JOB, options);
export const openOptions = (options: unknown): OpenOptions => parse(openSchema, OPEN_JOB, options);

export function configuredRemindOptions(config: AppConfig): RemindOptions {
  return remindOptions(config.scheduler.jobs[REMIND_JOB]);
}
