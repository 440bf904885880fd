import { DateTime } from 'luxon';
import type { SlaFigures, SlaReport } from '../services/reports.js';
import { pathologyAreaLabel } from '../i18n/format.js';
import type { Locale } from '../i18n/locale.js';
import { PROGRAM_CSV, toCsv, type CsvCell, type CsvDialect } from './csv.js';

const FIGURE_COLUMNS = [
  'delivered',
  'on_time',
  'on_time_rate',
  'median_working_days',
  'p90_working_days',
  'pauses',
  'paused_working_hours',
  'open_now',
  'breached_now',
] as const;

const figureCells = (f: SlaFigures): CsvCell[] => [
  f.delivered,
  f.onTime,
  f.onTimeRate,
  f.medianWorkingDays,
  f.p90WorkingDays,
  f.pauses,
  f.pausedWorkingHours,
  f.openNow,
  f.breachedNow,
];

/** The dialect of a CSV file a person opens from Slack: the spreadsheet conventions of the locale. */
export const spreadsheetCsv = (locale: Locale): CsvDialect => (locale === 'it' ? { separator: ';', decimalComma: true } : PROGRAM_CSV);

/**
 * One row for the whole period, then one per pathology area (its id and its label) and one per doctor.
 * The API writes it for programs (the default); the file Slack shares is written for a spreadsheet.
 */
export function slaReportCsv(r: SlaReport, locale: Locale, dialect: CsvDialect = PROGRAM_CSV): string {
  const period: CsvCell[] = [r.period.fromDate, r.period.toDate];
  return toCsv(
    ['period_from', 'period_to', 'scope', 'key', 'name', ...FIGURE_COLUMNS],
    [
      [...period, 'all', null, null, ...figureCells(r.total)],
      ...r.byArea.map((a) => [...period, 'area', a.area, pathologyAreaLabel(a.area, locale), ...figureCells(a)]),
      ...r.byDoctor.map((d) => [...period, 'doctor', d.userId, d.name, ...figureCells(d)]),
    ],
    dialect,
  );
}

/** The report as the API and the CLI answer it in JSON: instants in ISO 8601 in the calendar's zone. */
export function slaReportJson(r: SlaReport) {
  return {
    period: { from: r.period.fromDate, to: r.period.toDate, timeZone: r.timeZone },
    generatedAt: DateTime.fromMillis(r.generatedAtMs, { zone: r.timeZone }).toISO(),
    targetWorkingDays: r.targetWorkingDays,
    total: r.total,
    byArea: r.byArea,
    byDoctor: r.byDoctor,
  };
}
