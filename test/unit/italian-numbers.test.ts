import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { renderSlaTrendChart } from '../../src/charts/sla-trend.js';
import { slaReportCsv, spreadsheetCsv } from '../../src/export/sla-report.js';
import type { SlaFigures, SlaReport, WeeklyTrend } from '../../src/services/reports.js';

/** Numbers as an Italian reader writes them: the chart's axes and the CSV files Slack shares. */

const figures = (f: Partial<SlaFigures> = {}): SlaFigures => ({
  delivered: 4,
  onTime: 3,
  onTimeRate: 0.75,
  medianWorkingDays: 2.5,
  p90WorkingDays: 4.25,
  pauses: 1,
  pausedWorkingHours: 18,
  openNow: 2,
  breachedNow: 1,
  ...f,
});
const report: SlaReport = {
  period: { fromDate: '2026-11-01', toDate: '2026-11-30' },
  timeZone: 'Europe/Rome',
  generatedAtMs: Date.UTC(2026, 11, 1, 8),
  targetWorkingDays: 5,
  total: figures(),
  byArea: [{ ...figures(), area: 'head_and_neck' }],
  byDoctor: [{ ...figures({ medianWorkingDays: 1.5 }), userId: 'UDOC00001', name: 'Bianchi; Anna' }],
};

describe('the SLA report as CSV', () => {
  it('shared in Slack under LOCALE=it: semicolons and decimal commas, so that an Italian spreadsheet opens it in columns', () => {
    const csv = slaReportCsv(report, 'it', spreadsheetCsv('it'));
    const rows = parse(csv, { delimiter: ';' }) as string[][];
    expect(rows[0]).toContain('on_time_rate');
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    const total = rows[1]!;
    expect(total[rows[0]!.indexOf('on_time_rate')]).toBe('0,75');
    expect(total[rows[0]!.indexOf('median_working_days')]).toBe('2,5');
    expect(rows[2]![rows[0]!.indexOf('name')]).toBe('Testa e collo');
    // A separator inside a name is quoted, never a new column.
    expect(rows[3]![rows[0]!.indexOf('name')]).toBe('Bianchi; Anna');
    expect(csv).not.toMatch(/\d\.\d/);
  });

  it('for programs (the API, and Slack under LOCALE=en): commas and decimal points', () => {
    for (const csv of [slaReportCsv(report, 'it'), slaReportCsv(report, 'en', spreadsheetCsv('en'))]) {
      const rows = parse(csv) as string[][];
      expect(rows[1]![rows[0]!.indexOf('on_time_rate')]).toBe('0.75');
      expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    }
  });
});

describe('the chart of the last 12 weeks', () => {
  const trend: WeeklyTrend = {
    fromDate: '2026-09-07',
    toDate: '2026-11-29',
    // Few cases a week: the count axis gets half steps (0.5, 1.5, 2.5).
    weeks: Array.from({ length: 12 }, (_, i) => ({
      isoMonday: new Date(Date.UTC(2026, 8, 7 + 7 * i)).toISOString().slice(0, 10),
      delivered: i % 3,
      onTimeRate: 0.5,
      openAtEnd: i % 2,
    })),
  };
  const ticks = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!).filter((t) => /^[\d.,]+$/.test(t));

  it('in Italian writes its axis ticks with a decimal comma ("0,5 / 2,5")', async () => {
    const it = ticks((await renderSlaTrendChart(trend, 'it')).svg);
    expect(it).toContain('0,5');
    expect(it.filter((t) => /\d\.\d/.test(t))).toEqual([]);
  });

  it('in English with a decimal point', async () => {
    expect(ticks((await renderSlaTrendChart(trend, 'en')).svg)).toContain('0.5');
  });
});
