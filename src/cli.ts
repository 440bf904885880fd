import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { ConfigError, loadConfig, type Config } from './config.js';
import { WorkingCalendar } from './domain/calendar.js';
import { slaTimeline } from './domain/case.js';
import { parseLocalDateTime } from './domain/local-time.js';
import { whatIfInRange } from './domain/plausible-instants.js';
import { explainSla, type ExplainStep, type Pause, type SlaTimeline } from './domain/sla.js';
import { explainLines, formatInstant, refusalMessage } from './i18n/format.js';
import { configuredAreaLabels } from './i18n/area-labels.js';
import { Refusal } from './domain/refusal.js';
import { caseCommand, EVIDENCE_USAGE, EvidenceUsageError, reportCommand } from './cli-evidence.js';
import { systemClock } from './clock.js';
import { withCases } from './cli-services.js';
import { OUTBOX_USAGE, OutboxUsageError, outboxCommand } from './cli-outbox.js';
import { MAIL_USAGE, mailCommand } from './cli-mail.js';
import { PAYMENTS_USAGE, PaymentsUsageError, paymentsCommand, StatementFileError } from './cli-payments.js';

const USAGE = `Usage:
  npm run cli -- sla due --start "<YYYY-MM-DD HH:mm>" [--pause "<from>,<to>"]... [--json]
  npm run cli -- sla explain <reference> [--json]
${EVIDENCE_USAGE}
${OUTBOX_USAGE}
${MAIL_USAGE}
${PAYMENTS_USAGE}

Date-times: 2026-11-30 10:00, 2026-11-30T10:00, 2026-11-30T10:00:00, optionally with an offset
(+01:00, Z); without one they are in the calendar's time zone (SLA_TIMEZONE). A date alone means
the opening of that working day. With LOCALE=it also 30/11/2026 10:00. Within two years of today.`;

class UsageError extends Error {}

/** A what-if instant: one of the forms people type (SPEC section 3), within two years of now. */
function parseWhatIf(text: string, config: Config): number {
  const ms = parseLocalDateTime(text, config.calendar, config.locale);
  if (ms === null) throw new UsageError(`"${text}" is not a date-time like 2026-11-30 10:00, 2026-11-30T10:00 or 2026-11-30`);
  if (!whatIfInRange(ms, systemClock.now())) throw new UsageError(`"${text}" is not within two years of today`);
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
    console.log('The documentation is not complete: the SLA clock has not started.');
    return;
  }
  for (const line of explainLines(steps, calendar.workingDayMs, config.locale, zone)) console.log(line);
  console.log(`(${zone}; now ${formatInstant(systemClock.now(), config.locale, zone)})`);
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      start: { type: 'string' },
      pause: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      'with-personal-data': { type: 'boolean', default: false },
      as: { type: 'string' },
      reason: { type: 'string' },
      all: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [area, verb, arg] = positionals;
  if (values.help || !verb) throw new UsageError('');
  if (area === 'report') return reportCommand(loadConfig(), positionals.slice(1), { csv: values.csv, json: values.json });
  if (area === 'case') {
    return caseCommand(loadConfig(), positionals.slice(1), {
      csv: values.csv,
      json: values.json,
      withPersonalData: values['with-personal-data'],
      as: values.as,
      reason: values.reason,
    });
  }
  if (area === 'outbox') return outboxCommand(loadConfig(), positionals.slice(1), { json: values.json });
  if (area === 'mail') return mailCommand(loadConfig(), positionals.slice(1), { json: values.json, all: values.all });
  if (area === 'payments') return paymentsCommand(loadConfig(), positionals.slice(1), { json: values.json });
  if (area !== 'sla') throw new UsageError('');
  const config = loadConfig();
  const calendar = new WorkingCalendar(config.calendar);

  if (verb === 'due') {
    if (!values.start) throw new UsageError('--start is required');
    const pauses: Pause[] = (values.pause ?? []).map((p) => {
      const [from, to] = p.split(',');
      if (!from || !to) throw new UsageError(`--pause "${p}" needs "<from>,<to>"`);
      const pause = { fromMs: parseWhatIf(from, config), toMs: parseWhatIf(to, config) };
      if (pause.toMs < pause.fromMs) throw new UsageError(`--pause "${p}" ends before it starts`);
      return pause;
    });
    print(config, calendar, { startMs: parseWhatIf(values.start, config), pauses, stopMs: null }, values.json);
    return;
  }

  if (verb === 'explain') {
    if (!arg) throw new UsageError('a case reference is required');
    await withCases(config, async ({ cases }) => {
      const view = await cases.get(arg);
      console.log(`${view.reference} (${view.state.status})`);
      print(config, calendar, slaTimeline(view.state), values.json);
    });
    return;
  }
  throw new UsageError(`unknown command "sla ${verb}"`);
}

try {
  await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError || err instanceof EvidenceUsageError || err instanceof OutboxUsageError || err instanceof PaymentsUsageError) {
    if (err.message) console.error(`Error: ${err.message}\n`);
    console.error(USAGE);
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
    console.error(refusalMessage(err.reason, 'en', configuredAreaLabels(loadConfig().specialistAreas)));
    process.exit(1);
  }
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
