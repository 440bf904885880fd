import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { periodBounds, weeksEndingBefore, type ReportPeriod } from '../domain/report-period.js';
import type { Db } from '../db/database.js';
import { reportsRepository, type DeliveredFigures, type OpenFigures } from '../db/repositories/reports.js';

/** One line of the SLA report (SPEC section 9). Turnaround is working time on the SLA clock, pauses excluded. */
export interface SlaFigures {
  delivered: number;
  onTime: number;
  /** 0..1; null when nothing was delivered. */
  onTimeRate: number | null;
  medianWorkingDays: number | null;
  p90WorkingDays: number | null;
  /** Pauses (requests for information) of the delivered cases, and the working time they took. */
  pauses: number;
  pausedWorkingHours: number;
  openNow: number;
  breachedNow: number;
}

export interface SlaReport {
  period: ReportPeriod;
  timeZone: string;
  generatedAtMs: number;
  targetWorkingDays: number;
  total: SlaFigures;
  byArea: (SlaFigures & { area: string })[];
  byDoctor: (SlaFigures & { userId: string; name: string | null })[];
}

export interface WeeklyPoint {
  /** The Monday that starts the week (local date). */
  isoMonday: string;
  delivered: number;
  onTimeRate: number | null;
  /** Open cases at the end of the week (Sunday 24:00). */
  openAtEnd: number;
}

export interface WeeklyTrend {
  /** First and last local day the chart covers. */
  fromDate: string;
  toDate: string;
  weeks: WeeklyPoint[];
}

export const CHART_WEEKS = 12;

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export interface ReportServiceDeps {
  db: Db;
  calendar: WorkingCalendar;
  clock: Clock;
  slaTargetWorkingDays: number;
  pathologyAreas: readonly string[];
}

/** Evidence over time for managers and auditors: the SLA report and the weekly trend of its chart. */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  /** Today's local date in the calendar's time zone (the default period is this month so far). */
  todayIso(): string {
    return this.deps.calendar.dayAt(this.deps.clock.now()).isoDate;
  }

  async sla(period: ReportPeriod): Promise<SlaReport> {
    const now = this.deps.clock.now();
    const { fromMs, toMs } = periodBounds(this.deps.calendar, period);
    const repo = reportsRepository(this.deps.db);
    const [delivered, open] = await Promise.all([repo.delivered(fromMs, toMs), repo.openNow(this.deps.calendar.workingFloor(now))]);
    const doctors = [...new Set([...delivered, ...open].filter((r) => r.scope === 'doctor' && r.key !== null).map((r) => r.key!))].sort();
    const names = await repo.displayNames(doctors);
    const seenAreas = [...delivered, ...open].filter((r) => r.scope === 'area' && r.key !== null).map((r) => r.key!);
    const areas = [...this.deps.pathologyAreas, ...[...new Set(seenAreas)].filter((a) => !this.deps.pathologyAreas.includes(a)).sort()];
    const figures = (scope: 'all' | 'area' | 'doctor', key: string | null) =>
      this.figures(
        delivered.find((r) => r.scope === scope && r.key === key),
        open.find((r) => r.scope === scope && r.key === key),
      );
    return {
      period,
      timeZone: this.deps.calendar.timeZone,
      generatedAtMs: now,
      targetWorkingDays: this.deps.slaTargetWorkingDays,
      total: figures('all', null),
      byArea: areas.map((area) => ({ area, ...figures('area', area) })),
      byDoctor: doctors
        .map((userId) => ({ userId, name: names.get(userId) ?? null, ...figures('doctor', userId) }))
        .sort((a, b) => b.delivered - a.delivered || b.openNow - a.openNow || a.userId.localeCompare(b.userId)),
    };
  }

  /** The last `CHART_WEEKS` whole weeks before `asOfMs`: delivered, on-time rate, open at week end. */
  async weeklyTrend(asOfMs: number = this.deps.clock.now()): Promise<WeeklyTrend> {
    const weeks = weeksEndingBefore(this.deps.calendar, asOfMs, CHART_WEEKS);
    const counts = await reportsRepository(this.deps.db).weekly(weeks);
    const points = weeks.map((w, i) => {
      const d = counts.delivered.get(w.startMs) ?? { delivered: 0, onTime: 0 };
      return {
        isoMonday: w.isoMonday,
        delivered: d.delivered,
        onTimeRate: d.delivered === 0 ? null : d.onTime / d.delivered,
        openAtEnd: counts.openNow - (counts.createdSince[i] ?? 0) + (counts.closedSince[i] ?? 0),
      };
    });
    const last = weeks[weeks.length - 1]!;
    return { fromDate: weeks[0]!.isoMonday, toDate: this.deps.calendar.dayAt(last.endMs - 1).isoDate, weeks: points };
  }

  private figures(d: DeliveredFigures | undefined, o: OpenFigures | undefined): SlaFigures {
    const days = (seconds: number | null | undefined) =>
      seconds === null || seconds === undefined ? null : round((seconds * 1000) / this.deps.calendar.workingDayMs, 2);
    const delivered = d?.delivered ?? 0;
    return {
      delivered,
      onTime: d?.onTime ?? 0,
      onTimeRate: delivered === 0 ? null : round((d?.onTime ?? 0) / delivered, 4),
      medianWorkingDays: days(d?.p50ElapsedSeconds),
      p90WorkingDays: days(d?.p90ElapsedSeconds),
      pauses: d?.pauses ?? 0,
      pausedWorkingHours: round((d?.pausedSeconds ?? 0) / 3600, 2),
      openNow: o?.open ?? 0,
      breachedNow: o?.breached ?? 0,
    };
  }
}
