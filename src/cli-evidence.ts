import type { Config } from './config.js';
import { WorkingCalendar } from './domain/calendar.js';
import { parseReportPeriod, type PeriodProblem } from './domain/report-period.js';
import { createDb } from './db/database.js';
import { slaReportCsv, slaReportJson } from './export/sla-report.js';
import { slaReportText } from './export/sla-report-text.js';
import { ReportService } from './services/reports.js';
import { systemClock } from './clock.js';

export const EVIDENCE_USAGE = `  npm run cli -- report sla [YYYY-MM | <from YYYY-MM-DD> <to YYYY-MM-DD>] [--csv | --json]`;

export class EvidenceUsageError extends Error {}

const PERIOD_PROBLEMS: Record<PeriodProblem, string> = {
  bad_month: 'a month looks like 2026-11',
  bad_date: 'dates look like 2026-11-30',
  only_one_bound: 'give a month, or two dates (from and to)',
  ends_before_start: 'the period ends before it starts',
  too_long: 'a report covers at most three years',
};

export interface EvidenceFlags {
  csv: boolean;
  json: boolean;
}

/** `report sla`: the SLA report of SPEC section 9 for operators, as text, CSV or JSON on stdout. */
export async function reportCommand(config: Config, args: readonly string[], flags: EvidenceFlags): Promise<void> {
  const [kind, from, to] = args;
  if (kind !== 'sla') throw new EvidenceUsageError(`unknown report "${kind ?? ''}"`);
  const calendar = new WorkingCalendar(config.calendar);
  const db = createDb(config.databaseUrl, 2);
  try {
    const reports = new ReportService(db, calendar, systemClock, config.slaTargetWorkingDays, config.pathologyAreas);
    const parsed = parseReportPeriod({ from, to }, reports.todayIso());
    if (!parsed.ok) throw new EvidenceUsageError(PERIOD_PROBLEMS[parsed.problem]);
    const report = await reports.sla(parsed.period);
    if (flags.csv) process.stdout.write(slaReportCsv(report));
    else if (flags.json) console.log(JSON.stringify(slaReportJson(report), null, 2));
    else console.log(slaReportText(report, config.locale));
  } finally {
    await db.destroy();
  }
}
