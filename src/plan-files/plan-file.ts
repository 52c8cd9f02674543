// The plan file format (zhuanban-plan/1): its schema, and a pure check of the whole file — shapes, enum values,
// dates, and every cross-reference between units, work items, indicators, tasks and reports — before anything
// is written. Each problem names its JSON path, e.g. `tasks[3].leadUnit: unknown unit "xx"`.
import { z } from 'zod';
import { isIsoDate } from '../common/validation';
import { PRIORITIES, TASK_STATUSES } from '../tasks/task.entity';
import { UNIT_KINDS } from '../units/unit.entity';
import { roleNeedsUnit } from '../access/roles';
import { PASSWORD_MIN_LENGTH, passwordProblem } from '../auth/password-policy';
import { ROLES } from '../users/user.entity';

export const PLAN_FILE_FORMAT = 'zhuanban-plan/1';

/** A plan file that cannot be loaded; the message is one line naming the file, the JSON path and the problem. */
export class PlanFileError extends Error {
  constructor(
    message: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
    this.name = 'PlanFileError';
  }
}

const RECORD_SOURCES = ['document', 'demo', 'user'] as const;
const VALUE_SOURCES = ['document', 'demo', 'secretariat'] as const;

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .nullish()
    .transform((v) => v ?? null);
const longText = z
  .string()
  .max(20_000, 'must be at most 20000 characters')
  .nullish()
  .transform((v) => v ?? '');
const date = z
  .string()
  .refine(isIsoDate, { error: (i) => `must be a real date as YYYY-MM-DD, got "${String(i.input)}"` });
const optionalDate = date.nullish().transform((v) => v ?? null);
const code = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, 'must be 1-40 letters, digits, dots, hyphens or underscores');
const unitCode = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1-40 lowercase letters, digits or hyphens');
const percent = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be from 0 to 100')
  .max(100, 'must be from 0 to 100');
const source = z.enum(RECORD_SOURCES).default('user');
const email = z.email('must be an email address').max(254);

const unitSchema = z.strictObject({
  code: unitCode,
  name: text(200),
  nameEn: optionalText(200),
  kind: z.enum(UNIT_KINDS).default('other'),
  mailbox: email.nullish().transform((v) => v ?? null),
  supervisingLeader: z
    .strictObject({ name: text(100), email: email.nullish().transform((v) => v ?? null) })
    .nullish()
    .transform((v) => v ?? null),
  locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  source,
});

const userSchema = z
  .strictObject({
    email,
    displayName: text(100),
    role: z.enum(ROLES),
    unit: unitCode.nullish().transform((v) => v ?? null),
    password: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).max(200),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    wantsDigest: z.boolean().default(false),
  })
  // the password policy of every account (auth/password-policy.ts)
  .superRefine((u, ctx) => {
    const problem = passwordProblem(u.password, { email: u.email, name: u.displayName });
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem.en });
  });

const workItemSchema = z.strictObject({
  code,
  seq: z.number().int().min(1).max(1000).optional(),
  title: text(300),
  titleEn: optionalText(300),
  description: longText,
  source,
});

const indicatorValueSchema = z.strictObject({
  date,
  value: z.number(),
  source: z.enum(VALUE_SOURCES).default('document'),
  note: longText,
});

const indicatorSchema = z.strictObject({
  code,
  name: text(200),
  nameEn: optionalText(200),
  measure: text(40),
  measureEn: optionalText(40),
  baseline: z.number().default(0),
  baselineDate: date,
  target: z.number(),
  targetDate: date,
  direction: z.enum(['increase', 'decrease']).default('increase'),
  headline: z.boolean().default(false),
  workItem: code.nullish().transform((v) => v ?? null),
  source,
  quote: optionalText(20_000),
  values: z.array(indicatorValueSchema).default([]),
});

const recurrenceSchema = z.strictObject({
  freq: z.enum(['monthly', 'quarterly']),
  day: z.number().int().min(1, 'must be a day of the month, 1-31').max(31, 'must be a day of the month, 1-31'),
});

const taskFields = {
  code,
  workItem: code.optional(),
  title: text(300),
  titleEn: optionalText(300),
  description: longText,
  leadUnit: unitCode,
  supportingUnits: z.array(unitCode).default([]),
  owner: optionalText(100),
  startDate: optionalDate,
  deadline: optionalDate,
  deadlineWorkingDays: z
    .number()
    .int('must be a whole number of working days')
    .min(1, 'must be at least 1')
    .max(1000)
    .nullish()
    .transform((v) => v ?? null),
  recurrence: recurrenceSchema.nullish().transform((v) => v ?? null),
  priority: z.enum(PRIORITIES).default('normal'),
  /** Loading a plan assigns its tasks; a file says otherwise per task. */
  status: z.enum(TASK_STATUSES).default('assigned'),
  progress: percent.default(0),
  tags: z.array(text(40)).max(20).default([]),
  indicators: z.array(code).default([]),
  source,
  quote: optionalText(20_000),
  /** For a closed task: the day it was closed; by default its deadline, or the last working day before today. */
  closedOn: optionalDate,
};

export interface PlanFileTask extends z.infer<z.ZodObject<typeof taskFields>> {
  subtasks: PlanFileTask[];
}

const taskSchema: z.ZodType<PlanFileTask, unknown> = z.lazy(() =>
  z.strictObject({ ...taskFields, subtasks: z.array(taskSchema).default([]) }),
);

const reportSchema = z.strictObject({
  task: code,
  unit: unitCode,
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM'),
  filedOn: date,
  text: text(20_000),
  percent,
  problems: longText,
  nextSteps: longText,
  needsCoordination: z.boolean().default(false),
  indicatorValues: z.array(z.strictObject({ indicator: code, value: z.number() })).default([]),
  source,
});

export const planFileSchema = z.strictObject({
  format: z.literal(PLAN_FILE_FORMAT, { error: `must be "${PLAN_FILE_FORMAT}"` }),
  plan: z.strictObject({
    code,
    title: text(300),
    titleEn: optionalText(300),
    description: longText,
    startDate: optionalDate,
    endDate: optionalDate,
    source,
    sourceRef: optionalText(500),
  }),
  units: z.array(unitSchema).default([]),
  users: z.array(userSchema).default([]),
  workItems: z.array(workItemSchema).min(1, 'a plan needs at least one work item'),
  indicators: z.array(indicatorSchema).default([]),
  tasks: z.array(taskSchema).default([]),
  reports: z.array(reportSchema).default([]),
});

export type PlanFile = z.infer<typeof planFileSchema>;
export type PlanFileUnit = PlanFile['units'][number];
export type PlanFileUser = PlanFile['users'][number];
export type PlanFileIndicator = PlanFile['indicators'][number];
export type PlanFileReport = PlanFile['reports'][number];

/** `["tasks", 3, "leadUnit"]` → `tasks[3].leadUnit` */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    return out ? `${out}.${String(key)}` : String(key);
  }, '');
}

function zodProblems(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => `${jsonPath([...issue.path, k])}: unknown field`).join('; ');
    }
    const at = jsonPath(issue.path);
    const message = /received undefined$/.test(issue.message)
      ? 'required'
      : issue.message
          .replace(/^Invalid input: expected (\w+), received (\w+)$/, 'expected $1, got $2')
          .replace(/^Invalid option: expected one of /, 'must be one of ');
    return at ? `${at}: ${message}` : message;
  });
}

/** A task with its JSON path and its parent, flattened from the nested subtasks. */
export interface FlatTask {
  task: PlanFileTask;
  path: string;
  parent: FlatTask | null;
  workItem: string;
}

export function flattenTasks(tasks: PlanFileTask[]): FlatTask[] {
  const out: FlatTask[] = [];
  const walk = (list: PlanFileTask[], prefix: string, parent: FlatTask | null) =>
    list.forEach((task, i) => {
      const path = `${prefix}[${i}]`;
      const flat: FlatTask = { task, path, parent, workItem: task.workItem ?? parent?.workItem ?? '' };
      out.push(flat);
      walk(task.subtasks, `${path}.subtasks`, flat);
    });
  walk(tasks, 'tasks', null);
  return out;
}

/**
 * Every cross-reference and rule the schema alone cannot state. `knownUnitCodes` are units already in the
 * database: units are shared across plans, so a file may name them without listing them.
 */
export function checkPlanFile(file: PlanFile, knownUnitCodes: Iterable<string> = []): string[] {
  const problems: string[] = [];
  const units = new Set<string>(knownUnitCodes);
  const duplicate = (seen: Set<string>, value: string, at: string, what: string) => {
    if (seen.has(value)) problems.push(`${at}: duplicate ${what} "${value}"`);
    seen.add(value);
  };

  const fileUnits = new Set<string>();
  file.units.forEach((u, i) => {
    duplicate(fileUnits, u.code, `units[${i}].code`, 'unit code');
    units.add(u.code);
  });
  const unitRef = (value: string, at: string) => {
    if (!units.has(value)) problems.push(`${at}: unknown unit "${value}"`);
  };

  if (file.plan.startDate && file.plan.endDate && file.plan.endDate < file.plan.startDate) {
    problems.push(`plan.endDate: must not be before plan.startDate (${file.plan.startDate})`);
  }

  const emails = new Set<string>();
  file.users.forEach((u, i) => {
    duplicate(emails, u.email.toLowerCase(), `users[${i}].email`, 'email');
    if (u.unit) unitRef(u.unit, `users[${i}].unit`);
    else if (roleNeedsUnit(u.role)) problems.push(`users[${i}].unit: a liaison must belong to a unit`);
  });

  const workItems = new Set<string>();
  file.workItems.forEach((w, i) => duplicate(workItems, w.code, `workItems[${i}].code`, 'work item code'));
  const workItemRef = (value: string, at: string) => {
    if (!workItems.has(value)) problems.push(`${at}: unknown work item "${value}"`);
  };

  const indicators = new Set<string>();
  file.indicators.forEach((ind, i) => {
    const at = `indicators[${i}]`;
    duplicate(indicators, ind.code, `${at}.code`, 'indicator code');
    if (ind.workItem) workItemRef(ind.workItem, `${at}.workItem`);
    if (ind.targetDate < ind.baselineDate) {
      problems.push(`${at}.targetDate: must not be before baselineDate (${ind.baselineDate})`);
    }
  });
  const indicatorRef = (value: string, at: string) => {
    if (!indicators.has(value)) problems.push(`${at}: unknown indicator "${value}"`);
  };

  const flat = flattenTasks(file.tasks);
  const tasks = new Map<string, FlatTask>();
  for (const f of flat) {
    const { task: t, path: at } = f;
    if (tasks.has(t.code)) problems.push(`${at}.code: duplicate task code "${t.code}"`);
    else tasks.set(t.code, f);
    if (!f.parent && !t.workItem) problems.push(`${at}.workItem: required`);
    if (t.workItem) workItemRef(t.workItem, `${at}.workItem`);
    if (f.parent && t.workItem && t.workItem !== f.parent.workItem) {
      problems.push(`${at}.workItem: a subtask belongs to its parent's work item "${f.parent.workItem}"`);
    }
    unitRef(t.leadUnit, `${at}.leadUnit`);
    const supporting = new Set<string>();
    t.supportingUnits.forEach((u, j) => {
      const uAt = `${at}.supportingUnits[${j}]`;
      unitRef(u, uAt);
      if (u === t.leadUnit) problems.push(`${uAt}: "${u}" is the lead unit`);
      duplicate(supporting, u, uAt, 'supporting unit');
    });
    const linked = new Set<string>();
    t.indicators.forEach((c, j) => {
      indicatorRef(c, `${at}.indicators[${j}]`);
      duplicate(linked, c, `${at}.indicators[${j}]`, 'indicator');
    });
    if (t.recurrence) {
      if (!t.deadline) problems.push(`${at}.deadline: a recurring task needs a deadline (the end of its recurrence)`);
      if (t.deadlineWorkingDays !== null) {
        problems.push(`${at}.deadlineWorkingDays: a recurring task takes a deadline, not a number of working days`);
      }
    } else if (t.deadline && t.deadlineWorkingDays !== null) {
      problems.push(`${at}.deadlineWorkingDays: give either deadline or deadlineWorkingDays, not both`);
    } else if (!t.deadline && t.deadlineWorkingDays === null) {
      problems.push(`${at}.deadline: required (or deadlineWorkingDays)`);
    }
    if (t.deadlineWorkingDays !== null && !t.startDate) {
      problems.push(`${at}.startDate: required when the deadline is a number of working days`);
    }
    if (t.startDate && t.deadline && t.deadline < t.startDate) {
      problems.push(`${at}.deadline: must not be before startDate (${t.startDate})`);
    }
    if (t.status === 'closed' && t.progress !== 100) problems.push(`${at}.progress: a closed task must be 100`);
    if (t.closedOn && t.status !== 'closed') problems.push(`${at}.closedOn: only a closed task has a closing date`);
    if (t.closedOn && t.startDate && t.closedOn < t.startDate) {
      problems.push(`${at}.closedOn: must not be before startDate (${t.startDate})`);
    }
  }

  file.reports.forEach((r, i) => {
    const at = `reports[${i}]`;
    const f = tasks.get(r.task);
    if (!f) problems.push(`${at}.task: unknown task "${r.task}"`);
    if (!units.has(r.unit)) problems.push(`${at}.unit: unknown unit "${r.unit}"`);
    else if (f && r.unit !== f.task.leadUnit && !f.task.supportingUnits.includes(r.unit)) {
      problems.push(`${at}.unit: "${r.unit}" is neither the lead nor a supporting unit of task ${r.task}`);
    }
    r.indicatorValues.forEach((v, j) => indicatorRef(v.indicator, `${at}.indicatorValues[${j}].indicator`));
  });
  return problems;
}

function fail(problems: string[], prefix: string): never {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw new PlanFileError(`${prefix}${problems[0]}${more}`, problems);
}

/**
 * Parses and checks a plan file's JSON value; throws a PlanFileError naming the first problem.
 * `label` (the file name) prefixes the message.
 */
export function parsePlanFile(
  raw: unknown,
  opts: { knownUnitCodes?: Iterable<string>; label?: string } = {},
): PlanFile {
  const prefix = opts.label ? `${opts.label}: ` : '';
  const parsed = parseLarge(raw);
  if (!parsed.success) fail(parsed.problems, prefix);
  const problems = checkPlanFile(parsed.data, opts.knownUnitCodes);
  if (problems.length) fail(problems, prefix);
  return parsed.data;
}

/** The file's shape with its two long lists left unchecked; parseLarge checks them an element at a time. */
const planFileOutline = planFileSchema.extend({
  tasks: z.array(z.unknown()).default([]),
  reports: z.array(z.unknown()).default([]),
});

/**
 * The schema's check, with the tasks and reports parsed one element at a time, each parsed element taking the
 * place of its raw one: a plan of 100,000 tasks is not held twice in memory (raw and parsed) while it is checked.
 * The raw value's arrays are reused.
 */
function parseLarge(raw: unknown): { success: true; data: PlanFile } | { success: false; problems: string[] } {
  const outline = planFileOutline.safeParse(raw);
  const problems = outline.success ? [] : zodProblems(outline.error);
  const rawFile = (raw ?? {}) as Record<string, unknown>;
  const each = <T>(key: 'tasks' | 'reports', schema: z.ZodType<T, unknown>): T[] => {
    const list = rawFile[key];
    if (!Array.isArray(list)) return [];
    for (let i = 0; i < list.length; i++) {
      const item = schema.safeParse(list[i]);
      if (item.success) list[i] = item.data;
      else
        problems.push(
          ...zodProblems(new z.ZodError(item.error.issues.map((x) => ({ ...x, path: [key, i, ...x.path] })))),
        );
    }
    return list as T[];
  };
  const tasks = each('tasks', taskSchema);
  const reports = each('reports', reportSchema);
  if (!outline.success || problems.length) return { success: false, problems };
  return { success: true, data: { ...outline.data, tasks, reports } };
}
