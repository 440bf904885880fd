import { BoardQueries } from './board-queries.js';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import type { OPEN_STATUSES } from '../domain/case.js';
import type { Db } from '../db/database.js';
import { digestRepository } from '../db/repositories/digest.js';
import type { CasePage, CaseQueries } from './case-queries.js';
import type { ReportService, WeeklyTrend } from './reports.js';

export interface Digest {
  generatedAtMs: number;
  /** The local date the digest is for. */
  isoDate: string;
  counts: Record<(typeof OPEN_STATUSES)[number], number>;
  breached: CasePage;
  dueSoon: CasePage;
  unassigned: CasePage;
  /** Paused longest first. */
  pausedLongest: CasePage;
  yesterday: { isoDate: string; created: number; delivered: number };
  last30Days: { delivered: number; onTimeRate: number | null; medianTurnaroundWorkingDays: number | null };
  openPerDoctor: { userId: string; open: number }[];
  /** Consults of the board waiting for an answer, and how many are past their deadline (SPEC section 8). */
  consults?: { open: number; late: number };
  /** Monday's digest carries the chart of the last 12 weeks (SPEC section 9); absent on other days. */
  weekly?: WeeklyTrend;
}

const MONDAY = 1;

const DAY_MS = 86_400_000;

/** How many cases each list of the digest names; the rest are counted ("… and N more"). */
const LISTED = 40;

/** The manager's daily SLA digest (SPEC section 4), as data; `views/digest.ts` renders it. */
export class DigestService {
  constructor(
    private readonly db: Db,
    private readonly queries: CaseQueries,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
    private readonly reports: ReportService | null = null,
  ) {}

  async build(): Promise<Digest> {
    const now = this.clock.now();
    const consults = await new BoardQueries(this.db, this.clock).counts();
    const repo = digestRepository(this.db);
    const today = this.calendar.dayAt(now);
    const yesterday = this.calendar.day(today.epochDay - 1);
    const [counts, breached, dueSoon, unassigned, pausedLongest, created, deliveredYesterday, recent, openPerDoctor] = await Promise.all([
      repo.openCounts(),
      this.queries.page('breached', '', LISTED),
      this.queries.page('due', '', LISTED),
      this.queries.page('unassigned', '', LISTED),
      this.queries.page('paused', '', LISTED),
      repo.createdBetween(yesterday.startMs, yesterday.endMs),
      repo.deliveredBetween(yesterday.startMs, yesterday.endMs),
      repo.deliveredSince(now - 30 * DAY_MS),
      repo.openPerHolder(),
    ]);

    return {
      generatedAtMs: now,
      isoDate: today.isoDate,
      counts,
      consults,
      breached,
      dueSoon,
      unassigned,
      pausedLongest,
      yesterday: { isoDate: yesterday.isoDate, created, delivered: deliveredYesterday },
      last30Days: {
        delivered: recent.delivered,
        onTimeRate: recent.delivered === 0 ? null : recent.onTime / recent.delivered,
        medianTurnaroundWorkingDays:
          recent.medianElapsedSeconds === null ? null : (recent.medianElapsedSeconds * 1000) / this.calendar.workingDayMs,
      },
      openPerDoctor,
      ...(today.weekday === MONDAY && this.reports ? { weekly: await this.reports.weeklyTrend(now) } : {}),
    };
  }
}
