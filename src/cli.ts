import { operatorEnvironment } from './cli-environment.js';
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { ConfigError, loadConfig, type Config } from './config.js';
import { databaseProblem } from './cli-database.js';
import { unknownVariables } from './config-warnings.js';
import { WorkingCalendar } from './domain/calendar.js';
import { slaTimeline } from './domain/case.js';
import { parseLocalDateTime } from './domain/local-time.js';
import { whatIfInRange } from './domain/plausible-instants.js';
import { explainSla, type ExplainStep, type Pause, type SlaTimeline } from './domain/sla.js';
import { explainLines, formatInstant, refusalMessage } from './i18n/format.js';
import { configuredAreaLabels } from './i18n/area-labels.js';
import { Refusal } from './domain/refusal.js';
import { messages } from './i18n/messages.js';
import { caseCommand, EvidenceUsageError, reportCommand } from './cli-evidence.js';
import { systemClock } from './clock.js';
import { withCases } from './cli-services.js';
import { OutboxUsageError, outboxCommand } from './cli-outbox.js';
import { mailCommand } from './cli-mail.js';
import { PaymentsUsageError, paymentsCommand, StatementFileError } from './cli-payments.js';

const { environment, locale } = operatorEnvironment();
const say = messages(locale).cli;
// A misspelt setting (SLA_HOLDAYS) leaves its default in force without a word: say so, as the app's start does.
for (const v of unknownVariables(environment ?? {})) console.error(say.unknownVariable(v.name, v.closest));

class UsageError extends Error {}

/** A what-if instant: one of the forms people type (SPEC section 3), within two years of now. */
function parseWhatIf(text: string, config: Config): number {
  const ms = parseLocalDateTime(text, config.calendar, config.locale);
  if (ms === null) throw new UsageError(say.usageErrors.notDateTime(text));
  if (!whatIfInRange(ms, systemClock.now())) throw new UsageError(say.usageErrors.notWithinTwoYears(text));
  return ms;
}

function stepJson(s: ExplainStep, iso: (ms: number | null) => string | null): Record<string, unknown> {
  switch (s.kind) {
    case 'start':
      return { kind: s.kind, at: iso(s.atMs), countsFrom: iso(s.countsFromMs) };
    case 'closed_day':
      return { kind: s.kind, date: s.isoDate, reason: s.reason };
    case 'pause':
      return { kind: s.kind, from: iso(s.fromMs), to: iso(s.toMs), workingSecondsExcluded: s.workingMsExcluded / 1000 };
    case 'stop':
      return { kind: s.kind, at: iso(s.atMs) };
    case 'due':
      return { kind: s.kind, at: iso(s.atMs), targetWorkingSeconds: s.targetWorkingMs / 1000 };
  }
}

function print(config: Config, calendar: WorkingCalendar, timeline: SlaTimeline, asJson: boolean): void {
  const target = config.slaTargetWorkingDays * calendar.workingDayMs;
  const { status, steps } = explainSla(calendar, timeline, systemClock.now(), target);
  const zone = calendar.timeZone;
  if (asJson) {
    const iso = (ms: number | null) => (ms === null ? null : DateTime.fromMillis(ms, { zone }).toISO());
    console.log(
      JSON.stringify(
        {
          timeZone: zone,
          startedAt: iso(status.startedAtMs),
          dueAt: iso(status.dueAtMs),
          targetWorkingSeconds: target / 1000,
          state: status.state,
          remainingWorkingSeconds: status.remainingWorkingMs === null ? null : status.remainingWorkingMs / 1000,
          steps: steps.map((s) => stepJson(s, iso)),
        },
        null,
        2,
      ),
    );
    return;
  }
  if (status.dueAtMs === null) {
    console.log(say.sla.notStarted);
    return;
  }
  for (const line of explainLines(steps, calendar.workingDayMs, config.locale, zone)) console.log(line);
  console.log(say.sla.zoneAndNow(zone, formatInstant(systemClock.now(), config.locale, zone)));
}

let loaded: Config | null = null;
/** The configuration, loaded when a command needs it (usage help needs none). */
const config = (): Config => (loaded ??= loadConfig());

const OPTIONS = {
  start: { type: 'string' },
  pause: { type: 'string', multiple: true },
  json: { type: 'boolean', default: false },
  csv: { type: 'boolean', default: false },
  'with-personal-data': { type: 'boolean', default: false },
  as: { type: 'string' },
  reason: { type: 'string' },
  all: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** An unknown option, a value missing or one too many: a usage error in the operator's words, not Node's. */
function checkOptions(argv: string[]): void {
  const { tokens } = parseArgs({ args: argv, allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const option = (OPTIONS as Record<string, { type: 'string' | 'boolean' }>)[t.name];
    if (!option) throw new UsageError(say.usageErrors.unknownOption(t.rawName));
    if (option.type === 'string' && t.value === undefined) throw new UsageError(say.usageErrors.optionNeedsValue(t.rawName));
    if (option.type === 'boolean' && t.value !== undefined) throw new UsageError(say.usageErrors.optionTakesNoValue(t.rawName));
  }
}

async function main(argv: string[]): Promise<void> {
  checkOptions(argv);
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  const [area, verb, arg] = positionals;
  if (values.help || !verb) throw new UsageError('');
  if (area === 'report') return reportCommand(config(), positionals.slice(1), { csv: values.csv, json: values.json });
  if (area === 'case') {
    return caseCommand(config(), positionals.slice(1), {
      csv: values.csv,
      json: values.json,
      withPersonalData: values['with-personal-data'],
      as: values.as,
      reason: values.reason,
    });
  }
  if (area === 'outbox') return outboxCommand(config(), positionals.slice(1), { json: values.json });
  if (area === 'mail') return mailCommand(config(), positionals.slice(1), { json: values.json, all: values.all });
  if (area === 'payments') return paymentsCommand(config(), positionals.slice(1), { json: values.json });
  if (area !== 'sla') throw new UsageError('');
  return slaCommand(config(), verb, arg, values);
}

async function slaCommand(config: Config, verb: string, arg: string | undefined, values: { start?: string; pause?: string[]; json: boolean }): Promise<void> {
  const calendar = new WorkingCalendar(config.calendar);

  if (verb === 'due') {
    if (!values.start) throw new UsageError(say.usageErrors.startRequired);
    const pauses: Pause[] = (values.pause ?? []).map((p) => {
      const [from, to] = p.split(',');
      if (!from || !to) throw new UsageError(say.usageErrors.pauseNeedsBounds(p));
      const pause = { fromMs: parseWhatIf(from, config), toMs: parseWhatIf(to, config) };
      if (pause.toMs < pause.fromMs) throw new UsageError(say.usageErrors.pauseEndsBeforeStart(p));
      return pause;
    });
    print(config, calendar, { startMs: parseWhatIf(values.start, config), pauses, stopMs: null }, values.json);
    return;
  }

  if (verb === 'explain') {
    if (!arg) throw new UsageError(say.usageErrors.referenceRequired);
    await withCases(config, async ({ cases }) => {
      const view = await cases.get(arg);
      console.log(say.sla.caseHeading(view.reference, messages(config.locale).status[view.state.status]));
      print(config, calendar, slaTimeline(view.state), values.json);
    });
    return;
  }
  throw new UsageError(say.usageErrors.unknownCommand(`sla ${verb}`));
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError || err instanceof EvidenceUsageError || err instanceof OutboxUsageError || err instanceof PaymentsUsageError) {
    if (err.message) console.error(`${say.error(err.message)}\n`);
    console.error(say.usage);
    process.exit(2);
  }
  if (err instanceof StatementFileError) {
    console.error(err.message);
    process.exit(1);
  }
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  // Refused by the domain (a role missing, a case still open): the same words the API answers with.
  if (err instanceof Refusal) {
    // A refusal comes from a command that has read the configuration already.
    console.error(refusalMessage(err.reason, locale, configuredAreaLabels(config().specialistAreas)));
    process.exit(1);
  }
  // The database missing, empty or out of reach: say which one was tried and how to point elsewhere.
  const tried = loaded as Config | null; // set by config() inside main()
  const database = tried ? databaseProblem(err, tried.databaseUrl, locale) : null;
  console.error(database ?? (err instanceof Error ? err.message : err));
  process.exit(1);
}
