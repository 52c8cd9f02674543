// Loads settings from config/default.json, an optional CONFIG_FILE over it, then environment variables,
// and validates the result: a wrong value stops start-up with one line naming the key.
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** The assessment's points when the configuration names none (config/default.json repeats them). */
const ASSESSMENT_POINTS = {
  reportOnTime: 1,
  reportLate: -1,
  overduePerWorkingDay: -0.5,
  closedOnTime: 2,
  acknowledgementLate: -1,
  supervisionNoticeReceived: -3,
  urgingReceived: -1,
};

const schema = z.object({
  host: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535),
  publicUrl: z.string().url().nullable(),
  /**
   * The reverse proxies whose X-Forwarded-For is believed for the client's address (sign-in limits, audit): their
   * addresses or CIDR ranges. Empty: the address of the connection itself, whatever a client sends.
   */
  trustProxy: z.array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'expected an IP address or a CIDR range')),
  database: z.object({
    /** A PostgreSQL URL (postgres://user:password@host:port/db); null for the embedded SQLite file. */
    url: z
      .string()
      .regex(/^postgres(ql)?:\/\/[^/]+\/[^/?]+/, 'expected postgres://user:password@host:port/database')
      .nullable(),
    /** The SQLite file, used when no url is set. */
    path: z.string().min(1),
    /** How long a write waits for another process's lock on SQLite before it is retried, in ms. */
    busyTimeoutMs: z.coerce.number().int().min(0),
    /** Connections per instance to PostgreSQL. */
    poolSize: z.coerce.number().int().min(1).max(200),
    /** Read-only connections to the SQLite file that lone reads run on, beside the one writer; 0: none. */
    readConnections: z.coerce.number().int().min(0).max(16).default(2),
  }),
  demo: z.object({
    load: z.boolean(),
    planFile: z.string().min(1),
  }),
  admin: z.object({
    email: z.string().email().nullable(),
    password: z.string().min(12, 'must be at least 12 characters').nullable(),
  }),
  auth: z.object({
    jwtSecret: z.string().min(32, 'must be at least 32 characters').nullable(),
    /** The absolute lifetime of a sign-in: no renewal goes past it. */
    tokenTtlSeconds: z.coerce.number().int().positive(),
    /** A sign-in unused this long ends; each request renews it (X-Auth-Token) up to the absolute lifetime. */
    idleTimeoutSeconds: z.coerce.number().int().min(60).default(1800),
    loginLimit: z.coerce.number().int().positive(),
    accountLoginLimit: z.coerce.number().int().positive(),
    /** Wrong passwords within lockoutWindowSeconds that lock an account for lockoutSeconds (an admin can unlock). */
    lockoutThreshold: z.coerce.number().int().min(1).default(5),
    lockoutWindowSeconds: z.coerce.number().int().min(1).default(900),
    lockoutSeconds: z.coerce.number().int().min(1).default(900),
    loginWindowSeconds: z.coerce.number().int().positive(),
    /**
     * Roles that must sign in with a second factor (TOTP): a member not yet enrolled gets a sign-in that may only
     * enrol (403 totp_enrolment_required elsewhere). Empty: a second factor is each user's choice.
     */
    totpRequiredRoles: z
      .array(z.enum(['admin', 'lead', 'secretariat', 'liaison', 'viewer', 'auditor', 'security_admin']))
      .default([]),
    /** A password older than this many days must be changed before anything else (403 password_expired); 0: never. */
    passwordMaxAgeDays: z.coerce.number().int().min(0).max(3650).default(0),
    /** A new password may not be any of the account's last this many (the current one included); 0: no rule. */
    passwordHistory: z.coerce.number().int().min(0).max(24).default(0),
  }),
  security: z
    .object({
      /**
       * Separation of duties (职责分离): nobody decides an extension or closing request they made or reviews a report
       * they filed, and a planner's change of an assigned task's deadline is a re-plan with a reason on record.
       */
      separationOfDuties: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()),
    })
    .default({ separationOfDuties: true }),
  clock: z.object({
    timeZone: z.string().refine(isTimeZone, 'unknown time zone'),
    today: isoDate.nullable(),
  }),
  grades: z.object({
    dueSoonWorkingDays: z.coerce.number().int().min(0).max(60),
    yellowMarginPercent: z.coerce.number().min(0).max(100),
  }),
  calendar: z.object({
    extraFile: z.string().nullable(),
  }),
  mail: z.object({
    from: z.string().min(3),
    smtp: z.object({
      host: z.string().min(1).nullable(),
      port: z.coerce.number().int().min(1).max(65535),
      secure: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()),
      user: z.string().nullable(),
      password: z.string().nullable(),
      maxConnections: z.coerce.number().int().min(1).max(50),
    }),
    /** Where messages are written as .eml files when no SMTP host is set. */
    dir: z.string().min(1),
    maxAttempts: z.coerce.number().int().min(1).max(100),
    retryBaseSeconds: z.coerce.number().min(0),
    pollSeconds: z.coerce.number().min(0.05),
    lockSeconds: z.coerce.number().min(1),
    batchSize: z.coerce.number().int().min(1).max(10_000),
  }),
  scheduler: z.object({
    enabled: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()),
    /** Run a slot missed while the service was down, once, at start. */
    catchUp: z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean()),
    /** Scheduled mail goes out on working days only. */
    workingDaysOnly: z.boolean(),
    /**
     * Each job: its cron expression, whether it runs, and where a slot on a day off goes (next or previous working
     * day, or skip; a working-days-only job; the default is the job's own), plus the job's own settings.
     */
    jobs: z.record(
      z.string(),
      z
        .object({
          cron: z.string().min(9),
          enabled: z.boolean().default(true),
          onDayOff: z.enum(['next', 'previous', 'skip']).optional(),
        })
        .catchall(z.unknown()),
    ),
  }),
  meetings: z.object({
    /** Items a generated agenda holds at most (a meeting can discuss so much); never more than 200. */
    agendaMaxItems: z.coerce.number().int().min(1).max(200),
  }),
  bulletins: z
    .object({
      /** Rows a list of a bulletin holds (overdue tasks, tasks closed), and ids a figure carries; the rest are counted. */
      maxListedTasks: z.coerce.number().int().min(1).max(1000),
    })
    .default({ maxListedTasks: 50 }),
  digest: z.object({
    dueSoonWorkingDays: z.coerce.number().int().min(0).max(60),
    sendEmpty: z.boolean(),
    /**
     * Lines a list of a digest holds, and ids a figure carries; the rest are counted and linked. 20 keeps a digest
     * under the ≈ 100 KB after which common webmail clips a message (at 50 a busy unit's digest passed 200 KB).
     */
    maxListedTasks: z.coerce.number().int().min(1).max(1000).default(20),
  }),
  escalation: z.object({
    ladder: z.array(
      z.object({
        afterWorkingDays: z.number().int().min(0),
        to: z.array(z.enum(['liaisons', 'mailbox', 'supervisingLeader', 'leads', 'secretariat'])).min(1),
      }),
    ),
  }),
  /** What the task force's documents say of themselves (GB/T 9704): who issues them, how they are numbered. */
  documents: z.object({
    /** The issuing organ (发文机关) as it signs; null: the plan's task force + 办公室 (Office of the …). */
    issuingOrgan: z.object({ zh: z.string().min(2).nullable(), en: z.string().min(2).nullable() }),
    /** Document numbers per kind: {year} and {n} (no padding), e.g. 天水5G专班〔{year}〕{n}号; counted per year when {year} is in it. */
    numbering: z.object({
      notice: z.string().regex(/\{n\}/, 'must contain {n}'),
      letter: z.string().regex(/\{n\}/, 'must contain {n}'),
      supervision: z.string().regex(/\{n\}/, 'must contain {n}'),
      minutes: z.string().regex(/\{n\}/, 'must contain {n}'),
    }),
    /** The contact line of notices, letters and supervision notices. */
    contact: z.object({
      name: z.string().min(1).nullable(),
      nameEn: z.string().min(1).nullable(),
      telephone: z.string().min(3).nullable(),
    }),
    /** 抄送: who is copied, in each language. */
    copyTo: z.object({ zh: z.array(z.string().min(1)), en: z.array(z.string().min(1)) }),
    /** Whether a meeting notice carries a reply slip (回执), and how many working days before the meeting it is due. */
    replySlip: z.object({ enabled: z.boolean(), daysBefore: z.coerce.number().int().min(0).max(30) }),
    /** Working days a supervised unit has to answer a supervision notice (督办单). */
    supervisionReplyWorkingDays: z.coerce.number().int().min(1).max(60),
    /** How long a PDF conversion may take before it is given up, in seconds. */
    pdfTimeoutSeconds: z.coerce.number().min(1).max(600),
  }),
  audit: z
    .object({
      /**
       * Days an audit row is kept at least: `audit-purge` removes only older ones. 等保 2.0 asks for six months, so
       * less than 180 is refused.
       */
      retentionDays: z.coerce.number().int().min(180, 'must be at least 180 days').default(365),
      /**
       * The key of the audit log's hash chain (HMAC-SHA256). Kept outside the database (an environment variable),
       * someone who can write the database cannot rebuild the chain; null: a key generated and kept in the database.
       */
      chainKey: z.string().min(32, 'must be at least 32 characters').nullable().default(null),
      /** How often new audit rows are sealed into the chain, in seconds; 0: only by `audit-verify` and the API. */
      sealIntervalSeconds: z.coerce.number().int().min(0).default(60),
    })
    .default({ retentionDays: 365, chainKey: null, sealIntervalSeconds: 60 }),
  attachments: z
    .object({
      /** The largest file an upload takes, in bytes (20 MB); a larger one is refused with 413 as soon as it is passed. */
      maxBytes: z.coerce.number().int().min(1).default(20_971_520),
      /** Files one upload request carries at most. */
      maxFiles: z.coerce.number().int().min(1).max(100).default(10),
    })
    .default({ maxBytes: 20_971_520, maxFiles: 10 }),
  /** Chat, webhook and SMS copies of messages (src/channels). */
  channels: z
    .object({
      /**
       * The key the units' webhook addresses and secrets are encrypted with (AES-256-GCM): 32 bytes, base64 or hex,
       * from the environment (CHANNEL_SECRET_KEY). Null: channels cannot be added.
       */
      secretKey: z
        .string()
        .refine(
          (v) => /^[0-9a-fA-F]{64}$/.test(v) || Buffer.from(v, 'base64').length === 32,
          'expected 32 bytes, base64 or hex',
        )
        .nullable()
        .default(null),
      /** Chat and SMS copies wait while these hours last (in the task force's time zone), e.g. 22:00 to 07:00. */
      quietHours: z
        .object({
          start: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
          end: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM'),
        })
        .nullable()
        .default({ start: '22:00', end: '07:00' }),
      /** Chat and SMS copies written on a day off wait for the next working day (the end of its quiet hours). */
      holdOnNonWorkingDays: z.boolean().default(true),
      /** How long a channel's server may take to answer before the attempt counts as failed, in seconds. */
      timeoutSeconds: z.coerce.number().min(0.1).max(120).default(10),
      wecom: z.object({ baseUrl: z.string().url() }).default({ baseUrl: 'https://qyapi.weixin.qq.com' }),
      dingtalk: z.object({ baseUrl: z.string().url() }).default({ baseUrl: 'https://oapi.dingtalk.com' }),
      sms: z
        .object({
          baseUrl: z.string().url(),
          accessKeyId: z.string().min(1).nullable(),
          accessKeySecret: z.string().min(1).nullable(),
          signName: z.string().min(1).nullable(),
          templateCode: z.string().min(1).nullable(),
        })
        .default({
          baseUrl: 'https://dysmsapi.aliyuncs.com',
          accessKeyId: null,
          accessKeySecret: null,
          signName: null,
          templateCode: null,
        }),
    })
    .default({
      secretKey: null,
      quietHours: { start: '22:00', end: '07:00' },
      holdOnNonWorkingDays: true,
      timeoutSeconds: 10,
      wecom: { baseUrl: 'https://qyapi.weixin.qq.com' },
      dingtalk: { baseUrl: 'https://oapi.dingtalk.com' },
      sms: {
        baseUrl: 'https://dysmsapi.aliyuncs.com',
        accessKeyId: null,
        accessKeySecret: null,
        signName: null,
        templateCode: null,
      },
    }),
  acknowledgement: z
    .object({
      /** Office hours (9:00–17:00 on working days) a unit has to acknowledge what reached it. */
      workingHours: z.coerce.number().min(1).max(400),
    })
    .default({ workingHours: 8 }),
  comments: z
    .object({
      /** Minutes during which the author may edit or delete a comment. */
      editMinutes: z.coerce.number().int().min(0).max(10_080),
    })
    .default({ editMinutes: 15 }),
  log: z.object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
    /**
     * json: one JSON object a line, for a log collector; pretty: readable text for a person at a terminal. Unset:
     * json when NODE_ENV is production, else pretty.
     */
    format: z.enum(['json', 'pretty']),
  }),
  /** Unit assessment (考评): the points each kind of event is worth, per event or per unit of its quantity. */
  assessment: z
    .object({
      points: z
        .object({
          reportOnTime: z.coerce.number().finite(),
          reportLate: z.coerce.number().finite(),
          /** Per working day a task the unit leads stood overdue within the period. */
          overduePerWorkingDay: z.coerce.number().finite(),
          closedOnTime: z.coerce.number().finite(),
          acknowledgementLate: z.coerce.number().finite(),
          supervisionNoticeReceived: z.coerce.number().finite(),
          urgingReceived: z.coerce.number().finite(),
        })
        .strict(),
    })
    .default({ points: ASSESSMENT_POINTS }),
});

export type AppConfig = z.infer<typeof schema>;
export type DatabaseDialect = 'sqlite' | 'postgres';

/** Which database a configuration runs on: PostgreSQL when a URL is set, else the embedded SQLite file. */
export function databaseDialect(config: Pick<AppConfig, 'database'>): DatabaseDialect {
  return config.database.url ? 'postgres' : 'sqlite';
}
/** The address links in mail and documents use: PUBLIC_URL, or the listening address when it is unset. */
export function publicBaseUrl(config: Pick<AppConfig, 'publicUrl' | 'host' | 'port'>): string {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return (config.publicUrl ?? `http://${host}:${config.port}`).replace(/\/+$/, '');
}
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Environment variables and the keys they set. */
const ENV_KEYS: Record<string, string> = {
  HOST: 'host',
  PORT: 'port',
  PUBLIC_URL: 'publicUrl',
  TRUST_PROXY: 'trustProxy',
  DATABASE_URL: 'database.url',
  DATABASE_PATH: 'database.path',
  DATABASE_POOL_SIZE: 'database.poolSize',
  DATABASE_READ_CONNECTIONS: 'database.readConnections',
  DEMO: 'demo.load',
  DEMO_PLAN_FILE: 'demo.planFile',
  ADMIN_EMAIL: 'admin.email',
  ADMIN_PASSWORD: 'admin.password',
  JWT_SECRET: 'auth.jwtSecret',
  TOKEN_TTL_SECONDS: 'auth.tokenTtlSeconds',
  IDLE_TIMEOUT_SECONDS: 'auth.idleTimeoutSeconds',
  LOGIN_LIMIT: 'auth.loginLimit',
  ACCOUNT_LOGIN_LIMIT: 'auth.accountLoginLimit',
  LOCKOUT_THRESHOLD: 'auth.lockoutThreshold',
  LOCKOUT_WINDOW_SECONDS: 'auth.lockoutWindowSeconds',
  LOCKOUT_SECONDS: 'auth.lockoutSeconds',
  SEPARATION_OF_DUTIES: 'security.separationOfDuties',
  TOTP_REQUIRED_ROLES: 'auth.totpRequiredRoles',
  PASSWORD_MAX_AGE_DAYS: 'auth.passwordMaxAgeDays',
  PASSWORD_HISTORY: 'auth.passwordHistory',
  ZHUANBAN_TODAY: 'clock.today',
  TZ_TASK_FORCE: 'clock.timeZone',
  DUE_SOON_WORKING_DAYS: 'grades.dueSoonWorkingDays',
  AGENDA_MAX_ITEMS: 'meetings.agendaMaxItems',
  YELLOW_MARGIN_PERCENT: 'grades.yellowMarginPercent',
  CALENDAR_EXTRA_FILE: 'calendar.extraFile',
  LOG_LEVEL: 'log.level',
  AUDIT_RETENTION_DAYS: 'audit.retentionDays',
  AUDIT_CHAIN_KEY: 'audit.chainKey',
  AUDIT_SEAL_INTERVAL_SECONDS: 'audit.sealIntervalSeconds',
  ATTACHMENTS_MAX_BYTES: 'attachments.maxBytes',
  ATTACHMENTS_MAX_FILES: 'attachments.maxFiles',
  LOG_FORMAT: 'log.format',
  DOCUMENTS_CONTACT_NAME: 'documents.contact.name',
  DOCUMENTS_CONTACT_TELEPHONE: 'documents.contact.telephone',
  SMTP_HOST: 'mail.smtp.host',
  SMTP_PORT: 'mail.smtp.port',
  SMTP_SECURE: 'mail.smtp.secure',
  SMTP_USER: 'mail.smtp.user',
  SMTP_PASSWORD: 'mail.smtp.password',
  MAIL_FROM: 'mail.from',
  MAIL_DIR: 'mail.dir',
  SCHEDULER_ENABLED: 'scheduler.enabled',
  SCHEDULER_CATCH_UP: 'scheduler.catchUp',
  CHANNEL_SECRET_KEY: 'channels.secretKey',
  WECOM_BASE_URL: 'channels.wecom.baseUrl',
  DINGTALK_BASE_URL: 'channels.dingtalk.baseUrl',
  SMS_BASE_URL: 'channels.sms.baseUrl',
  SMS_ACCESS_KEY_ID: 'channels.sms.accessKeyId',
  SMS_ACCESS_KEY_SECRET: 'channels.sms.accessKeySecret',
  SMS_SIGN_NAME: 'channels.sms.signName',
  SMS_TEMPLATE_CODE: 'channels.sms.templateCode',
};

export class ConfigError extends Error {}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

function readJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new ConfigError(`Configuration error: file ${path} does not exist`);
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (e) {
    throw new ConfigError(`Configuration error: ${path} is not valid JSON (${(e as Error).message})`);
  }
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] =
      v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b)
        ? deepMerge(b as Record<string, unknown>, v as Record<string, unknown>)
        : v;
  }
  return out;
}

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = obj;
  for (const k of keys.slice(0, -1)) {
    if (!node[k] || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function envValue(raw: string, key: string, env: string): unknown {
  if (key === 'trustProxy' || key === 'auth.totpRequiredRoles')
    return raw
      .split(',')
      .map((a) => a.trim())
      .filter(Boolean);
  if (raw === '' || raw === 'null') return null;
  if (key === 'demo.load') {
    if (/^(true|1|yes)$/i.test(raw)) return true;
    if (/^(false|0|no)$/i.test(raw)) return false;
    throw new ConfigError(`Configuration error: ${key} (env ${env}): expected true or false, got "${raw}"`);
  }
  return raw;
}

/**
 * Builds the configuration. `overrides` (used by tests and the CLI) win over everything else.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: Record<string, unknown> = {},
  root = process.cwd(),
): AppConfig {
  let raw = readJson(resolve(root, 'config/default.json'));
  if (env.CONFIG_FILE) raw = deepMerge(raw, readJson(resolve(root, env.CONFIG_FILE)));
  const fromEnv: Record<string, string> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined) {
      setPath(raw, key, envValue(value, key, name));
      fromEnv[key] = name;
    }
  }
  raw = deepMerge(raw, overrides);
  const log = (raw.log ?? {}) as Record<string, unknown>;
  if (log.format === null || log.format === undefined) {
    raw.log = { ...log, format: env.NODE_ENV === 'production' ? 'json' : 'pretty' };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.join('.');
    const envKey = Object.keys(fromEnv).find((k) => key === k || key.startsWith(`${k}.`));
    const source = envKey ? ` (env ${fromEnv[envKey]})` : '';
    throw new ConfigError(`Configuration error: ${key}${source}: ${issue.message}`);
  }
  return parsed.data;
}
