import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { OPEN_STATUSES, type CaseStatus } from '../domain/case.js';
import type { Db } from '../db/database.js';
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
    const countsRows = await this.db
      .selectFrom('cases')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', 'in', [...OPEN_STATUSES])
      .groupBy('status')
      .execute();
    const counts = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Digest['counts'];
    for (const r of countsRows) counts[r.status as (typeof OPEN_STATUSES)[number]] = Number(r.n);

    const [breached, dueSoon, unassigned, pausedLongest] = await Promise.all([
      this.queries.page('breached', '', LISTED),
      this.queries.page('due', '', LISTED),
      this.queries.page('unassigned', '', LISTED),
      this.queries.page('paused', '', LISTED),
    ]);

    const today = this.calendar.dayAt(now);
    const yesterday = this.calendar.day(today.epochDay - 1);
    const [createdYesterday, deliveredYesterday] = await Promise.all([
      this.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('created_at', '>=', new Date(yesterday.startMs))
        .where('created_at', '<', new Date(yesterday.endMs))
        .executeTakeFirstOrThrow(),
      this.db
        .selectFrom('case_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('type', '=', 'delivered')
        .where('effective_at', '>=', new Date(yesterday.startMs))
        .where('effective_at', '<', new Date(yesterday.endMs))
        .executeTakeFirstOrThrow(),
    ]);

    const recent = await this.db
      .selectFrom('cases')
      .select((eb) => [
        eb.fn.countAll<string>().as('delivered'),
        sql<string>`count(*) filter (where not sla_breached)`.as('on_time'),
        sql<number | null>`percentile_cont(0.5) within group (order by sla_elapsed_seconds)`.as('median_seconds'),
      ])
      .where('status', '=', 'delivered')
      .where('closed_at', '>=', new Date(now - 30 * DAY_MS))
      .executeTakeFirstOrThrow();
    const delivered = Number(recent.delivered);

    const perDoctor = await this.db
      .selectFrom('cases')
      .select(['assignee', (eb) => eb.fn.countAll<string>().as('n')])
      .where('status', 'in', ['in_review', 'awaiting_info'] satisfies CaseStatus[])
      .where('assignee', 'is not', null)
      .groupBy('assignee')
      .orderBy('n', 'desc')
      .execute();

    return {
      generatedAtMs: now,
      isoDate: today.isoDate,
      counts,
      breached,
      dueSoon,
      unassigned,
      pausedLongest,
      yesterday: { isoDate: yesterday.isoDate, created: Number(createdYesterday.n), delivered: Number(deliveredYesterday.n) },
      last30Days: {
        delivered,
        onTimeRate: delivered === 0 ? null : Number(recent.on_time) / delivered,
        medianTurnaroundWorkingDays:
          recent.median_seconds === null ? null : (Number(recent.median_seconds) * 1000) / this.calendar.workingDayMs,
      },
      openPerDoctor: perDoctor.map((r) => ({ userId: r.assignee!, open: Number(r.n) })),
      ...(today.weekday === MONDAY && this.reports ? { weekly: await this.reports.weeklyTrend(now) } : {}),
    };
  }
}
