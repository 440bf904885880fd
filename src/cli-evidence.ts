import { userInfo } from 'node:os';
import type { Config } from './config.js';
import { historyCsv } from './export/history.js';
import { createLogger } from './logger.js';
import { HistoryExportService } from './services/history-export.js';
import { RetentionService } from './services/retention.js';
import { WorkingCalendar } from './domain/calendar.js';
import { parseReportPeriod } from './domain/report-period.js';
import { messages } from './i18n/messages.js';
import { createDb } from './db/database.js';
import { slaReportCsv, slaReportJson } from './export/sla-report.js';
import { slaReportText } from './export/sla-report-text.js';
import { ReportService } from './services/reports.js';
import { systemClock } from './clock.js';
import { withCases } from './cli-services.js';
import { commandLineActorId } from './domain/actor-id.js';

export class EvidenceUsageError extends Error {}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

export interface EvidenceFlags {
  csv: boolean;
  json: boolean;
  withPersonalData?: boolean;
  as?: string | undefined;
  reason?: string | undefined;
}

/**
 * `case history` and `case erase`. The history carries personal data only with
 * `--with-personal-data --as <user>` for a manager or an admin, and that export is recorded in the
 * case history as a view of the personal data by `cli:<login> as <user>` (and posted in the case's
 * thread as a view in Slack is): `--as` lends the roles, the login says who typed it. An erased case
 * has nothing left to view, so its export records no view. An erasure is recorded with the
 * operator's login name (the CLI runs with database access, so its operator acts as an administrator).
 */
export async function caseCommand(config: Config, args: readonly string[], flags: EvidenceFlags): Promise<void> {
  const say = messages(config.locale).cli;
  const [verb, reference] = args;
  if (!reference) throw new EvidenceUsageError(say.usageErrors.referenceRequired);
  const ref = reference.toUpperCase();
  if (verb === 'history') {
    if (flags.withPersonalData && !flags.as) throw new EvidenceUsageError(say.usageErrors.personalDataNeedsAs);
    if (flags.withPersonalData && !SLACK_USER_ID.test(flags.as!)) throw new EvidenceUsageError(say.usageErrors.asNotAUserId);
    await withCases(config, async ({ cases, staff, db }) => {
      // The roles are the staff member's; the history records the operator who typed the command too.
      const actor = flags.withPersonalData
        ? { ...(await staff.actor(flags.as!)), id: commandLineActorId(userInfo().username, flags.as!) }
        : undefined;
      const history = await new HistoryExportService({ db, cases, timeZone: config.calendar.timeZone }).export(ref, actor ? { withPersonalDataFor: actor } : {});
      if (flags.csv) process.stdout.write(historyCsv(history));
      else console.log(JSON.stringify(history, null, 2));
    });
    return;
  }
  if (verb === 'erase') {
    const reason = flags.reason?.trim();
    if (!reason) throw new EvidenceUsageError(say.usageErrors.reasonRequired);
    await withCases(config, async ({ cases, db }) => {
      const retention = new RetentionService({ db, cases, clock: systemClock, retentionDays: config.retentionPersonalDataDays, logger: createLogger(config.logLevel, process.stderr) });
      const erased = await retention.erase(ref, reason, { id: commandLineActorId(userInfo().username), roles: new Set(['admin']) });
      console.log(erased ? say.erase.erased(ref) : say.erase.alreadyErased(ref));
    });
    return;
  }
  throw new EvidenceUsageError(say.usageErrors.unknownCommand(`case ${verb ?? ''}`));
}

/** `report sla`: the SLA report of SPEC section 9 for operators, as text, CSV or JSON on stdout. */
export async function reportCommand(config: Config, args: readonly string[], flags: EvidenceFlags): Promise<void> {
  const say = messages(config.locale).cli;
  const [kind, from, to] = args;
  if (kind !== 'sla') throw new EvidenceUsageError(say.usageErrors.unknownReport(kind ?? ''));
  const calendar = new WorkingCalendar(config.calendar);
  const db = createDb(config.databaseUrl, 2);
  try {
    const reports = new ReportService({ db, calendar, clock: systemClock, slaTargetWorkingDays: config.slaTargetWorkingDays, pathologyAreas: config.pathologyAreas });
    const parsed = parseReportPeriod({ from, to }, reports.todayIso());
    if (!parsed.ok) throw new EvidenceUsageError(say.usageErrors.period[parsed.problem]);
    const report = await reports.sla(parsed.period);
    if (flags.csv) process.stdout.write(slaReportCsv(report, config.locale));
    else if (flags.json) console.log(JSON.stringify(slaReportJson(report), null, 2));
    else console.log(slaReportText(report, config.locale));
  } finally {
    await db.destroy();
  }
}
