import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { CronExpressionParser } from 'cron-parser';
import Holidays from 'date-holidays';
import { z } from 'zod';
import type { CalendarConfig, ExtraClosure, HolidayRegion, Weekday } from './domain/calendar.js';
import { parseWorkingDuration } from './domain/duration.js';
import { DEFAULT_NOTIFICATION_THRESHOLDS, type NotificationThresholds } from './domain/notification-policy.js';
import type { Prices } from './domain/payment.js';
import { parseApiClients, type ApiClientConfig } from './api-clients.js';
import { mailEnvSchema, mailConfigOf, mailProblems, type MailConfig } from './mail/config.js';
import { CSV_FIELDS, type CsvColumns } from './statements/csv.js';
import type { ConfigProblem, ConfigProblemKind } from './config-problem.js';
import { LOCALES, type Locale } from './i18n/locale.js';
import { configEn } from './i18n/config-en.js';
import { configIt } from './i18n/config-it.js';

/** Marks a problem found by a setting's parser, as data the catalogue words. */
function flag(ctx: z.RefinementCtx, problem: ConfigProblemKind): void {
  ctx.addIssue({ code: 'custom', message: problem.key, params: { problem } });
}

/**
 * The environment, parsed once at start. Every problem is reported together so an operator fixes
 * the configuration in one go.
 */

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const DEFAULT_PATHOLOGY_AREAS = [
  'head_and_neck',
  'brain_and_spine',
  'sarcoma',
  'prostate',
  'pancreas',
  'eye',
  'paediatric',
  'other',
] as const;

/** Specialist areas a case can ask a consult from (SPEC section 8); radiology answers image review. */
export const DEFAULT_SPECIALIST_AREAS = ['radiology', 'radiotherapy', 'medical_physics', 'surgery'] as const;

/** A configured specialist area: its id, and labels when the operator wrote them (`id=English|Italiano`). */
export interface SpecialistAreaConfig {
  id: string;
  labels: { en: string; it: string } | null;
}

function parseSpecialistAreas(value: string, ctx: z.RefinementCtx): SpecialistAreaConfig[] {
  const areas: SpecialistAreaConfig[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [id = '', labels] = part.split('=').map((s) => s.trim());
    const [en, it] = (labels ?? '').split('|').map((s) => s.trim());
    if (!/^[a-z][a-z0-9_]{0,39}$/.test(id)) {
      flag(ctx, { key: 'area_id', id });
    } else if (labels !== undefined && (!en || !it)) {
      flag(ctx, { key: 'area_labels', part, id });
    } else areas.push({ id, labels: en && it ? { en, it } : null });
  }
  if (areas.length > 0 && !areas.some((a) => a.id === 'radiology')) {
    flag(ctx, { key: 'radiology_needed' });
  }
  return areas;
}

function parseWeekdays(value: string, ctx: z.RefinementCtx): Weekday[] {
  const days = new Set<Weekday>();
  for (const part of value.toLowerCase().split(',').map((p) => p.trim()).filter(Boolean)) {
    const [from, to] = part.split('-') as [string, string | undefined];
    const a = WEEKDAYS.indexOf(from as (typeof WEEKDAYS)[number]);
    const b = to === undefined ? a : WEEKDAYS.indexOf(to as (typeof WEEKDAYS)[number]);
    if (a < 0 || b < 0 || b < a) {
      flag(ctx, { key: 'weekday', part });
      return [];
    }
    for (let d = a; d <= b; d++) days.add((d + 1) as Weekday);
  }
  if (days.size === 0) flag(ctx, { key: 'no_working_day' });
  return [...days].sort();
}

function parseHours(value: string, ctx: z.RefinementCtx): { open: number; close: number } {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(value.trim());
  const toMinute = (h: string, min: string): number => Number(h) * 60 + Number(min);
  const open = m ? toMinute(m[1]!, m[2]!) : NaN;
  const close = m ? toMinute(m[3]!, m[4]!) : NaN;
  if (!m || Number(m[2]) > 59 || Number(m[4]) > 59 || !(open >= 0 && open < close && close <= 1440)) {
    flag(ctx, { key: 'hours', value });
  }
  return { open, close };
}

/** A key of `known` matching `wanted` whatever its case, e.g. "it" → "IT". */
function knownKey(known: Record<string, string> | undefined, wanted: string): string | undefined {
  return Object.keys(known ?? {}).find((k) => k.toLowerCase() === wanted.toLowerCase());
}

/** A date-holidays country[/state[/region]] that exists: an unknown one would silently make holidays working days. */
function parseHolidayRegion(value: string, ctx: z.RefinementCtx): HolidayRegion | null {
  if (['', 'none'].includes(value.trim().toLowerCase())) return null;
  const [countryText = '', stateText, regionText] = value.trim().split('/').map((p) => p.trim());
  const holidays = new Holidays();
  const country = knownKey(holidays.getCountries('en'), countryText);
  const state = country && stateText ? knownKey(holidays.getStates(country, 'en'), stateText) : undefined;
  const region = country && state && regionText ? knownKey(holidays.getRegions(country, state, 'en'), regionText) : undefined;
  const unknown: ConfigProblemKind | null = !country
    ? { key: 'holiday_country', country: countryText }
    : stateText && !state
      ? { key: 'holiday_state', state: stateText, country }
      : regionText && !region
        ? { key: 'holiday_region', region: regionText, country, state: state! }
        : null;
  if (unknown) {
    flag(ctx, unknown);
    return null;
  }
  return { country: country!, ...(state ? { state } : {}), ...(region ? { region } : {}) };
}

/** A cron pattern as BullMQ reads it (the same parser), with 5 fields (or 6 with seconds) or an alias like @daily. */
function parseCron(value: string, ctx: z.RefinementCtx): string {
  const pattern = value.trim();
  const fields = pattern.split(/\s+/).length;
  if (!(pattern.startsWith('@') || fields === 5 || fields === 6)) flag(ctx, { key: 'cron_fields', value, fields });
  else {
    try {
      CronExpressionParser.parse(pattern);
    } catch (err) {
      flag(ctx, { key: 'cron', value, cause: err instanceof Error ? err.message : String(err) });
    }
  }
  return pattern;
}

function parseClosures(value: string, ctx: z.RefinementCtx): ExtraClosure[] {
  const closures: ExtraClosure[] = [];
  for (const part of value.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [date = '', name] = part.split('=').map((s) => s.trim());
    const once = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
    const yearly = /^(\d{2})-(\d{2})$/.exec(date);
    const label = name || 'Closure';
    if (once && !Number.isNaN(Date.parse(`${date}T00:00:00Z`))) closures.push({ kind: 'once', date, name: label });
    else if (yearly && Number(yearly[1]) >= 1 && Number(yearly[1]) <= 12 && Number(yearly[2]) >= 1 && Number(yearly[2]) <= 31) {
      closures.push({ kind: 'yearly', month: Number(yearly[1]), day: Number(yearly[2]), name: label });
    } else flag(ctx, { key: 'closure', part });
  }
  return closures;
}

const list = z
  .string()
  .default('')
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));

const cents = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const workingDuration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s, ctx) => {
      const parsed = parseWorkingDuration(s);
      if (parsed === null) flag(ctx, { key: 'duration', value: s });
      return parsed ?? { days: 0, minutes: 0 };
    });

// --- Bank statements (SPEC section 11) ---------------------------------------------------------
const DEFAULT_BANK_CSV_COLUMNS = 'booking_date,value_date,amount,currency,reference,counterparty,description';

/**
 * The header names of a bank's CSV export, in the order booking date, value date, amount, currency,
 * reference, counterparty, description; an empty name: the bank's file has no such column.
 */
function parseBankCsvColumns(value: string, ctx: z.RefinementCtx): CsvColumns {
  const names = value.split(',').map((n) => n.trim());
  const columns = Object.fromEntries(CSV_FIELDS.map((f, i) => [f, names[i] || null])) as CsvColumns;
  if (names.length !== CSV_FIELDS.length) {
    flag(ctx, { key: 'csv_columns', count: CSV_FIELDS.length, example: DEFAULT_BANK_CSV_COLUMNS });
  } else if (!columns.amount || !columns.currency || !columns.description || (!columns.valueDate && !columns.bookingDate)) {
    flag(ctx, { key: 'csv_required' });
  }
  return columns;
}

export interface BankConfig {
  csvColumns: CsvColumns;
  /** `exact`: a credit whose amount, name and reason all agree confirms the payment by itself. */
  autoConfirm: 'off' | 'exact';
  matchToleranceCents: number;
  /** A statement file's largest size, decompressed (a gzip body counts as what it inflates to). */
  statementLimitBytes: number;
}

const bankEnv = {
  BANK_CSV_COLUMNS: z.string().default(DEFAULT_BANK_CSV_COLUMNS).transform(parseBankCsvColumns),
  PAYMENTS_AUTO_CONFIRM: z.enum(['off', 'exact']).default('off'),
  PAYMENT_MATCH_TOLERANCE_CENTS: z.coerce.number().int().min(0).max(100_000).default(0),
  BANK_STATEMENT_LIMIT_BYTES: z.coerce.number().int().positive().default(16 * 1024 * 1024),
};
// ------------------------------------------------------------------------------------------------

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .default('false')
  .transform((v) => ['true', '1', 'yes'].includes(v));

const envSchema = z
  .object({
    NODE_ENV: z.string().default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // Set: /metrics is served on this port only, not on PORT (keep it off a public port).
    METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    // Figures read from PostgreSQL and Redis are served again for this long (0: read at every scrape).
    METRICS_CACHE_SECONDS: z.coerce.number().min(0).max(300).default(5),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    LOCALE: z.enum(['en', 'it']).default('en'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/opinion_desk'),
    // The longest any request waits for PostgreSQL at each step: a connection, a lock, a statement.
    DATABASE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    BULLMQ_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('opinion-desk'),
    MIGRATE_ON_START: boolean,

    SLACK_BOT_TOKEN: z.string().startsWith('xoxb-').optional(),
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    SLACK_APP_TOKEN: z.string().startsWith('xapp-').optional(),
    SLACK_API_URL: z.url().optional(),
    SLACK_TRIAGE_CHANNEL: z.string().min(1).optional(),
    SLACK_MANAGERS_CHANNEL: z.string().min(1).optional(),
    SLACK_CHANNEL_MESSAGES_PER_SECOND: z.coerce.number().positive().default(1),
    SLACK_UPDATES_PER_MINUTE: z.coerce.number().positive().default(50),
    /** Charts `/so report` draws at once (CPU work); the others wait their turn, after their acknowledgement. */
    SLACK_CHART_RENDERS_AT_ONCE: z.coerce.number().int().min(1).max(1000).default(2),
    /** The pinned Today message of the triage channel is edited at most once per this many seconds; 0: no Today message. */
    SLACK_TODAY_UPDATE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    /** The coordinators' Slack user group (its id, S…): mentioned for what asks them to act; empty: a DM to each. */
    SLACK_COORDINATORS_GROUP: z
      .string()
      .regex(/^(S[A-Z0-9]{2,})?$/)
      .default('')
      .transform((v) => (v === '' ? null : v)),

    // Parsed together by parseApiClients (a scope names a client of API_TOKENS).
    API_TOKENS: z.string().optional(),
    API_SCOPES: z.string().optional(),
    API_BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(256 * 1024),
    ADMIN_SLACK_USER_IDS: list,

    SLA_TIMEZONE: z
      .string()
      .default('Europe/Rome')
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, { params: { problem: { key: 'time_zone' } satisfies ConfigProblemKind } }),
    SLA_WORKING_DAYS: z.string().default('mon-fri').transform(parseWeekdays),
    SLA_WORKING_HOURS: z.string().default('09:00-18:00').transform(parseHours),
    SLA_HOLIDAYS: z.string().default('IT').transform(parseHolidayRegion),
    SLA_EXTRA_CLOSURES: z.string().default('12-09=San Siro').transform(parseClosures),
    SLA_TARGET_WORKING_DAYS: z.coerce.number().positive().default(5),

    DIGEST_CRON: z.string().default('30 8 * * *').transform(parseCron),
    RETENTION_PERSONAL_DATA_DAYS: z.coerce.number().int().min(1).max(36_500).default(365),
    PATHOLOGY_AREAS: list,
    SPECIALIST_AREAS: z.string().default(DEFAULT_SPECIALIST_AREAS.join(',')).transform(parseSpecialistAreas),

    PRICE_SECOND_OPINION_CENTS: cents(50_000),
    PRICE_IMAGE_REVIEW_CENTS: cents(15_000),
    PRICE_COURIER_CENTS: cents(1_800),

    NOTIFY_UNCLAIMED_AFTER: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.unclaimedAfter),
    NOTIFY_UNCLAIMED_ESCALATION_AFTER: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.unclaimedEscalationAfter),
    NOTIFY_DUE_SOON_BEFORE: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.dueSoonBefore),
    NOTIFY_DUE_IMMINENT_BEFORE: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.dueImminentBefore),
    NOTIFY_BREACH_REPEAT_EVERY: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.breachRepeatEvery),
    NOTIFY_AWAITING_INFO_EVERY: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.awaitingInfoEvery),
    NOTIFY_INTAKE_STALE_EVERY: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.intakeStaleEvery),
    NOTIFY_PAYMENT_PENDING_AFTER: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.paymentPendingAfter),
    NOTIFY_CONSULT_DUE_SOON_BEFORE: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.consultDueSoonBefore),
    NOTIFY_CONSULT_OVERDUE_EVERY: workingDuration(DEFAULT_NOTIFICATION_THRESHOLDS.consultOverdueEvery),

    // --- Mail (SPEC section 10): its variables and their checks live in src/mail/config.ts.
    ...mailEnvSchema,

    // --- Bank statements (SPEC section 11): see the block above.
    ...bankEnv,
  });

/** Slack is optional as a whole (the HTTP API runs without it), but half a Slack setup is an error. */
function slackProblems(env: Record<string, string | undefined>): ConfigProblem[] {
  if (!env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) return [];
  const problems: ConfigProblem[] = [];
  const required = (variable: string, why: 'configured' | 'http_mode' | 'first_roles' = 'configured') =>
    problems.push({ variable, problem: { key: 'slack_required', why } });
  if (!env.SLACK_BOT_TOKEN) required('SLACK_BOT_TOKEN');
  if (!env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) required('SLACK_SIGNING_SECRET', 'http_mode');
  if (!env.SLACK_TRIAGE_CHANNEL) required('SLACK_TRIAGE_CHANNEL');
  if (!env.SLACK_MANAGERS_CHANNEL) required('SLACK_MANAGERS_CHANNEL');
  if (!env.ADMIN_SLACK_USER_IDS?.split(',').some((id) => id.trim())) required('ADMIN_SLACK_USER_IDS', 'first_roles');
  return problems;
}

export type Env = z.input<typeof envSchema>;

export interface SlackConfig {
  botToken: string;
  signingSecret: string | null;
  appToken: string | null;
  apiUrl: string | null;
  triageChannel: string;
  managersChannel: string;
  rateLimits: { channelMessagesPerSecond: number; updatesPerMinute: number };
  /** How many `/so report` charts are drawn at once; the rest queue. */
  chartRendersAtOnce: number;
  /** The coordinators' user group id, or null: what asks coordinators to act then goes to each by DM. */
  coordinatorsGroup: string | null;
  /** The pinned Today message is edited at most once per this many ms; null: the app keeps no Today message. */
  todayEveryMs: number | null;
}

export interface Config {
  nodeEnv: string;
  port: number;
  /** `/metrics` on a port of its own (and not on `port`); null: on `port`. */
  metricsPort: number | null;
  /** How long the figures /metrics reads from PostgreSQL and Redis are served again. */
  metricsCacheMs: number;
  logLevel: string;
  locale: 'en' | 'it';
  databaseUrl: string;
  /** At most this long waiting for PostgreSQL per step (connection, lock, statement): then 503 (SPEC section 6). */
  databaseTimeoutMs: number;
  redisUrl: string;
  bullmqPrefix: string;
  migrateOnStart: boolean;
  slack: SlackConfig | null;
  /** The integration API's clients: name, token and scopes (`API_TOKENS`, `API_SCOPES`). */
  apiClients: ApiClientConfig[];
  /** `API_SCOPES` was given: clients are restricted to their scopes. */
  apiScopesConfigured: boolean;
  apiBodyLimitBytes: number;
  adminSlackUserIds: string[];
  calendar: CalendarConfig;
  slaTargetWorkingDays: number;
  digestCron: string;
  /** Personal data of a case closed longer than this are erased by the retention job (SPEC section 9). */
  retentionPersonalDataDays: number;
  pathologyAreas: string[];
  specialistAreas: SpecialistAreaConfig[];
  prices: Prices;
  notifications: NotificationThresholds;
  /** E-mail and PEC to and from the applicant (SPEC section 10); `smtp`/`imap` null when not configured. */
  mail: MailConfig;
  bank: BankConfig;
}

export class ConfigError extends Error {
  /** Each problem worded in `locale`, "VARIABLE: what is wrong". */
  readonly problems: string[];
  constructor(problems: readonly ConfigProblem[], locale: Locale = 'en') {
    // The catalogue's config part, imported directly: the whole catalogue imports config.ts (area ids).
    const m = locale === 'it' ? configIt : configEn;
    const worded = problems.map((p) => m.problem(p));
    super(`${m.heading}\n${worded.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = worded;
    this.name = 'ConfigError';
  }
}

/** The operator's language for the configuration's problems: LOCALE as set, English when it is not a language we speak. */
function localeOf(env: Record<string, string | undefined>): Locale {
  const wanted = env.LOCALE?.trim();
  return (LOCALES as readonly string[]).includes(wanted ?? '') ? (wanted as Locale) : 'en';
}

/** A number setting's rule (whole or not, its bounds), read from its schema to word any problem with it at once. */
function numberRule(schema: z.ZodType): ConfigProblemKind | null {
  let inner = schema as unknown as { _zod: { def: { type: string; innerType?: unknown } } };
  while (inner._zod.def.innerType) inner = inner._zod.def.innerType as typeof inner;
  if (inner._zod.def.type !== 'number') return null;
  const n = inner as unknown as z.ZodNumber;
  const min = Number.isFinite(n.minValue) ? n.minValue : null;
  const max = Number.isFinite(n.maxValue) ? n.maxValue : null;
  return { key: 'number', int: n.isInt, min, minInclusive: min === null || n.safeParse(min).success, max };
}

const URL_EXAMPLES: Record<string, string> = {
  DATABASE_URL: 'postgres://user:password@host:5432/database',
  REDIS_URL: 'redis://host:6379 (rediss:// with TLS)',
  SLACK_API_URL: 'https://slack.com/api/',
};

/** A zod issue of one setting in an operator's terms, never zod's own wording. */
function problemOfIssue(issue: z.core.$ZodIssue): ConfigProblem {
  const variable = issue.path.map(String).join('.') || '(environment)';
  const flagged = (issue as { params?: { problem?: ConfigProblemKind } }).params?.problem;
  if (flagged) return { variable, problem: flagged };
  const schema = (envSchema.shape as Record<string, z.ZodType>)[variable];
  const rule = schema ? numberRule(schema) : null;
  if (rule) return { variable, problem: rule };
  if (issue.code === 'invalid_value') return { variable, problem: { key: 'one_of', options: issue.values.map(String) } };
  if (issue.code === 'invalid_format' && issue.format === 'url') return { variable, problem: { key: 'url', example: URL_EXAMPLES[variable] ?? 'https://host/path' } };
  if (issue.code === 'invalid_format' && issue.format === 'starts_with') {
    return { variable, problem: { key: 'starts_with', prefix: (issue as { prefix?: string }).prefix ?? '' } };
  }
  if (issue.code === 'invalid_format' && issue.format === 'regex') {
    const pattern: Record<string, ConfigProblemKind> = { BULLMQ_PREFIX: { key: 'name_chars' }, PAYMENT_IBAN: { key: 'iban' }, SLACK_COORDINATORS_GROUP: { key: 'user_group' } };
    if (pattern[variable]) return { variable, problem: pattern[variable] };
  }
  if ((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'string') {
    return { variable, problem: { key: 'text_length', max: Number(issue.code === 'too_big' ? issue.maximum : 200) } };
  }
  return { variable, problem: { key: 'invalid' } };
}

/**
 * The environment the application reads: `.env` in `dir` when present, under the process's own
 * environment (a variable set in both keeps the environment's value).
 */
export function readEnvironment(dir = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  let text: string;
  try {
    text = readFileSync(join(dir, '.env'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...env };
    throw new ConfigError([{ variable: '.env', problem: { key: 'env_file_unreadable', cause: (err as Error).message } }], localeOf(env));
  }
  return { ...parseEnv(text), ...env };
}

export const ROLES = ['web', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

export interface StartArguments {
  role: ProcessRole;
  migrate: boolean;
  problems: ConfigProblem[];
}

/** `[web|worker|all] [--migrate]`: anything else is a problem listed with the configuration's. */
export function parseStartArguments(argv: readonly string[]): StartArguments {
  const variable = 'command line';
  const problems: ConfigProblem[] = [];
  const options = argv.filter((a) => a.startsWith('-'));
  const [role = 'all', ...extra] = argv.filter((a) => !a.startsWith('-'));
  for (const option of options.filter((o) => o !== '--migrate')) problems.push({ variable, problem: { key: 'unknown_option', option } });
  const known = (ROLES as readonly string[]).includes(role);
  if (!known) problems.push({ variable, problem: { key: 'unknown_role', role, roles: [...ROLES] } });
  if (extra.length > 0) problems.push({ variable, problem: { key: 'unexpected_argument', text: extra.join(' ') } });
  return { role: known ? (role as ProcessRole) : 'all', migrate: options.includes('--migrate'), problems };
}

export function loadConfig(source: Record<string, string | undefined> = readEnvironment(), extraProblems: readonly ConfigProblem[] = []): Config {
  // An empty variable means "not set", as in most .env tooling.
  const env = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(env);
  const api = parseApiClients(env.API_TOKENS, env.API_SCOPES);
  const problems: ConfigProblem[] = [
    ...extraProblems,
    ...(parsed.error?.issues.map(problemOfIssue) ?? []),
    ...api.problems,
    ...(parsed.success && parsed.data.METRICS_PORT !== undefined && parsed.data.METRICS_PORT !== 0 && parsed.data.METRICS_PORT === parsed.data.PORT
      ? [{ variable: 'METRICS_PORT', problem: { key: 'metrics_port_is_port' } } as const]
      : []),
    ...slackProblems(env),
    ...(parsed.success ? mailProblems(parsed.data) : []),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems, localeOf(env));
  const e = parsed.data;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    metricsPort: e.METRICS_PORT ?? null,
    metricsCacheMs: Math.round(e.METRICS_CACHE_SECONDS * 1000),
    logLevel: e.LOG_LEVEL,
    locale: e.LOCALE,
    databaseUrl: e.DATABASE_URL,
    databaseTimeoutMs: e.DATABASE_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    bullmqPrefix: e.BULLMQ_PREFIX,
    migrateOnStart: e.MIGRATE_ON_START,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET ?? null,
          appToken: e.SLACK_APP_TOKEN ?? null,
          apiUrl: e.SLACK_API_URL ?? null,
          triageChannel: e.SLACK_TRIAGE_CHANNEL ?? '',
          managersChannel: e.SLACK_MANAGERS_CHANNEL ?? '',
          rateLimits: { channelMessagesPerSecond: e.SLACK_CHANNEL_MESSAGES_PER_SECOND, updatesPerMinute: e.SLACK_UPDATES_PER_MINUTE },
          chartRendersAtOnce: e.SLACK_CHART_RENDERS_AT_ONCE,
          coordinatorsGroup: e.SLACK_COORDINATORS_GROUP,
          todayEveryMs: e.SLACK_TODAY_UPDATE_SECONDS === 0 ? null : e.SLACK_TODAY_UPDATE_SECONDS * 1000,
        }
      : null,
    apiClients: api.clients,
    apiScopesConfigured: (e.API_SCOPES ?? '').trim() !== '',
    apiBodyLimitBytes: e.API_BODY_LIMIT_BYTES,
    adminSlackUserIds: e.ADMIN_SLACK_USER_IDS,
    calendar: {
      timeZone: e.SLA_TIMEZONE,
      workingWeekdays: e.SLA_WORKING_DAYS,
      openMinute: e.SLA_WORKING_HOURS.open,
      closeMinute: e.SLA_WORKING_HOURS.close,
      holidays: e.SLA_HOLIDAYS,
      extraClosures: e.SLA_EXTRA_CLOSURES,
      language: e.LOCALE,
    },
    slaTargetWorkingDays: e.SLA_TARGET_WORKING_DAYS,
    digestCron: e.DIGEST_CRON,
    retentionPersonalDataDays: e.RETENTION_PERSONAL_DATA_DAYS,
    pathologyAreas: e.PATHOLOGY_AREAS.length > 0 ? e.PATHOLOGY_AREAS : [...DEFAULT_PATHOLOGY_AREAS],
    specialistAreas: e.SPECIALIST_AREAS.length > 0 ? e.SPECIALIST_AREAS : DEFAULT_SPECIALIST_AREAS.map((id) => ({ id, labels: null })),
    prices: {
      secondOpinionCents: e.PRICE_SECOND_OPINION_CENTS,
      imageReviewSurchargeCents: e.PRICE_IMAGE_REVIEW_CENTS,
      courierDeliveryCents: e.PRICE_COURIER_CENTS,
    },
    notifications: {
      unclaimedAfter: e.NOTIFY_UNCLAIMED_AFTER,
      unclaimedEscalationAfter: e.NOTIFY_UNCLAIMED_ESCALATION_AFTER,
      dueSoonBefore: e.NOTIFY_DUE_SOON_BEFORE,
      dueImminentBefore: e.NOTIFY_DUE_IMMINENT_BEFORE,
      breachRepeatEvery: e.NOTIFY_BREACH_REPEAT_EVERY,
      awaitingInfoEvery: e.NOTIFY_AWAITING_INFO_EVERY,
      intakeStaleEvery: e.NOTIFY_INTAKE_STALE_EVERY,
      paymentPendingAfter: e.NOTIFY_PAYMENT_PENDING_AFTER,
      consultDueSoonBefore: e.NOTIFY_CONSULT_DUE_SOON_BEFORE,
      consultOverdueEvery: e.NOTIFY_CONSULT_OVERDUE_EVERY,
    },
    mail: mailConfigOf(e),
    bank: {
      csvColumns: e.BANK_CSV_COLUMNS,
      autoConfirm: e.PAYMENTS_AUTO_CONFIRM,
      matchToleranceCents: e.PAYMENT_MATCH_TOLERANCE_CENTS,
      statementLimitBytes: e.BANK_STATEMENT_LIMIT_BYTES,
    },
  };
}

/** Every environment variable the application reads (kept in step with `.env.example` by a test). */
export const ENV_VARIABLES = Object.keys(envSchema.shape);
