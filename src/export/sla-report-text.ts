import { formatDate, pathologyAreaLabel } from '../i18n/format.js';
import { messages } from '../i18n/messages.js';
import type { Locale } from '../i18n/locale.js';
import type { SlaFigures, SlaReport } from '../services/reports.js';

/** The report's figures worded from the catalogue: shared by the Slack summary and the CLI's text output. */
export function reportWords(locale: Locale) {
  const { report: r, percent } = messages(locale);
  const rate = (f: SlaFigures) => (f.onTimeRate === null ? r.notAvailable : percent(f.onTimeRate));
  const days = (n: number | null) => (n === null ? r.notAvailable : r.workingDays(n));
  return {
    r,
    title: (report: SlaReport) => r.title(formatDate(report.period.fromDate, locale), formatDate(report.period.toDate, locale)),
    rate,
    summary: (f: SlaFigures) => [
      r.delivered(f.delivered, rate(f)),
      r.turnaround(days(f.medianWorkingDays), days(f.p90WorkingDays)),
      r.paused(f.pauses, r.hours(f.pausedWorkingHours)),
      r.openNow(f.openNow, f.breachedNow),
    ],
    line: (name: string, f: SlaFigures) => r.line(name, f.delivered, rate(f), days(f.medianWorkingDays), f.openNow, f.breachedNow),
  };
}

/** Plain text for a terminal. */
export function slaReportText(report: SlaReport, locale: Locale): string {
  const w = reportWords(locale);
  return [
    w.title(report),
    ...w.summary(report.total),
    '',
    `${w.r.byArea}:`,
    ...report.byArea.map((a) => `  ${w.line(pathologyAreaLabel(a.area, locale), a)}`),
    '',
    `${w.r.byDoctor}:`,
    ...(report.byDoctor.length === 0 ? [`  ${w.r.none}`] : report.byDoctor.map((d) => `  ${w.line(d.name ?? d.userId, d)}`)),
  ]
    .join('\n')
    .replaceAll('*', '');
}
