import { DateTime } from 'luxon';
import { epochDayOf, isoDateOfEpochDay, type WorkingCalendar } from './calendar.js';
import { parseIsoDate } from './local-time.js';

/**
 * The period of an SLA report: whole local days, `from` and `to` both included. People name a month
 * (`2026-11`) or two dates (`2026-11-01 2026-11-30`); nothing named means the current month so far.
 */
export interface ReportPeriod {
  fromDate: string;
  toDate: string;
}

/** Longer periods would be an export of everything, not a report; three years covers any audit. */
export const MAX_REPORT_DAYS = 3 * 366;

export type PeriodProblem = 'bad_month' | 'bad_date' | 'only_one_bound' | 'ends_before_start' | 'too_long';

export type PeriodResult = { ok: true; period: ReportPeriod } | { ok: false; problem: PeriodProblem };

const MONTH = /^\d{4}-\d{2}$/;

/** Dates are read by the one parser of dates people type (`local-time.ts`). */
const validDate = (text: string): boolean => parseIsoDate(text) !== null;

/** A month's period, cut at today when the month is the current one. */
function monthPeriod(month: string, todayIso: string): PeriodResult {
  const first = DateTime.fromISO(`${month}-01`, { zone: 'utc' });
  if (!MONTH.test(month) || !first.isValid) return { ok: false, problem: 'bad_month' };
  const last = first.endOf('month').toISODate()!;
  return { ok: true, period: { fromDate: first.toISODate()!, toDate: last > todayIso && first.toISODate()! <= todayIso ? todayIso : last } };
}

export function parseReportPeriod(input: { from?: string | undefined; to?: string | undefined }, todayIso: string): PeriodResult {
  const from = input.from?.trim() || undefined;
  const to = input.to?.trim() || undefined;
  if (from === undefined && to === undefined) return monthPeriod(todayIso.slice(0, 7), todayIso);
  if (from !== undefined && to === undefined && MONTH.test(from)) return monthPeriod(from, todayIso);
  if (from === undefined || to === undefined) return { ok: false, problem: 'only_one_bound' };
  if (!validDate(from) || !validDate(to)) return { ok: false, problem: 'bad_date' };
  if (to < from) return { ok: false, problem: 'ends_before_start' };
  if (epochDayOf(to) - epochDayOf(from) + 1 > MAX_REPORT_DAYS) return { ok: false, problem: 'too_long' };
  return { ok: true, period: { fromDate: from, toDate: to } };
}

/** The period as instants: from the start of its first local day to the start of the day after its last. */
export function periodBounds(calendar: WorkingCalendar, period: ReportPeriod): { fromMs: number; toMs: number } {
  return { fromMs: calendar.day(epochDayOf(period.fromDate)).startMs, toMs: calendar.day(epochDayOf(period.toDate) + 1).startMs };
}

/** A local week, Monday to Sunday, as the chart shows it. */
export interface ReportWeek {
  /** The Monday that starts it. */
  isoMonday: string;
  startMs: number;
  endMs: number;
}

/** The `count` whole weeks that ended on or before `asOfMs` (weeks end at a local Monday 00:00). */
export function weeksEndingBefore(calendar: WorkingCalendar, asOfMs: number, count: number): ReportWeek[] {
  const today = calendar.dayAt(asOfMs);
  const thisMonday = today.epochDay - (today.weekday - 1);
  return Array.from({ length: count }, (_, i) => {
    const monday = thisMonday - (count - i) * 7;
    return { isoMonday: isoDateOfEpochDay(monday), startMs: calendar.day(monday).startMs, endMs: calendar.day(monday + 7).startMs };
  });
}
