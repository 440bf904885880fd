import { DateTime } from 'luxon';
import type { BoardQueries } from './board-queries.js';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import type { OPEN_STATUSES } from '../domain/case.js';
import type { Db } from '../db/database.js';
import { digestRepository } from '../db/repositories/digest.js';
import { notificationsRepository } from '../db/repositories/notifications.js';
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
  /**
   * New and delivered cases since the previous digest (Monday: since Friday's; after a holiday: since
   * the last open day's), so nothing that happened after one digest is missed by the next.
   */
  since: { fromMs: number; created: number; delivered: number };
  /** Open cases past intake whose payment is still to confirm: review runs beside it, delivery waits. */
  paymentPending: number;
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

export interface DigestServiceDeps {
  db: Db;
  queries: CaseQueries;
  board: BoardQueries;
  calendar: WorkingCalendar;
  clock: Clock;
  /** Monday's weekly trend; null: the digest has none. */
  reports: ReportService | null;
}

/** The manager's daily SLA digest (SPEC section 4), as data; `views/digest.ts` renders it. */
export class DigestService {
  constructor(private readonly deps: DigestServiceDeps) {}

  async build(): Promise<Digest> {
    const now = this.deps.clock.now();
    const today = this.deps.calendar.dayAt(now);
    // Monday's chart and the board's consults are read beside the figures, not after them.
    const [figures, consults, weekly] = await Promise.all([
      this.figures(now),
      this.deps.board.counts(),
      today.weekday === MONDAY && this.deps.reports ? this.deps.reports.weeklyTrend(now) : null,
    ]);
    const [counts, breached, dueSoon, unassigned, pausedLongest, paymentPending, since, recent, openPerDoctor] = figures;

    return {
      generatedAtMs: now,
      isoDate: today.isoDate,
      counts,
      consults,
      breached,
      dueSoon,
      unassigned,
      pausedLongest,
      since,
      paymentPending,
      last30Days: {
        delivered: recent.delivered,
        onTimeRate: recent.delivered === 0 ? null : recent.onTime / recent.delivered,
        medianTurnaroundWorkingDays:
          recent.medianElapsedSeconds === null ? null : (recent.medianElapsedSeconds * 1000) / this.deps.calendar.workingDayMs,
      },
      openPerDoctor,
      ...(weekly ? { weekly } : {}),
    };
  }

  /**
   * Each case once, under its most urgent heading: breached, then due soon, then waiting for a
   * reviewer, then paused (the first two and the last exclude each other by their conditions).
   */
  private figures(now: number) {
    const repo = digestRepository(this.deps.db);
    return Promise.all([
      repo.openCounts(),
      this.deps.queries.page('breached', '', LISTED),
      this.deps.queries.page('due', '', LISTED),
      this.deps.queries.page('unassigned_not_urgent', '', LISTED),
      this.deps.queries.page('paused', '', LISTED),
      this.deps.queries.count('payment_pending_beside_review', ''),
      this.sincePrevious(now),
      repo.deliveredSince(now - 30 * DAY_MS),
      repo.openPerHolder(),
    ]);
  }

  /** New and delivered cases since the previous digest was sent. */
  private async sincePrevious(now: number): Promise<Digest['since']> {
    const repo = digestRepository(this.deps.db);
    const fromMs = (await notificationsRepository(this.deps.db).lastSentBefore('digest', 'daily_digest', now)) ?? this.previousOpenDaySameTime(now);
    const [created, delivered] = await Promise.all([repo.createdBetween(fromMs, now), repo.deliveredBetween(fromMs, now)]);
    return { fromMs, created, delivered };
  }

  /** Before any digest was sent: the same local time on the last open day before today. */
  private previousOpenDaySameTime(nowMs: number): number {
    const zone = this.deps.calendar.timeZone;
    let day = this.deps.calendar.day(this.deps.calendar.dayAt(nowMs).epochDay - 1);
    while (!day.open) day = this.deps.calendar.day(day.epochDay - 1);
    const time = DateTime.fromMillis(nowMs, { zone });
    return DateTime.fromISO(day.isoDate, { zone }).set({ hour: time.hour, minute: time.minute }).toMillis();
  }
}
