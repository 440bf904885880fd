import type { Clock } from '../clock.js';
import type { WorkingCalendar } from '../domain/calendar.js';
import { OPEN_STATUSES, type CaseStatus } from '../domain/case.js';
import type { Db } from '../db/database.js';
import type { CaseQueries } from './case-queries.js';
import type { CaseService, CaseView } from './cases.js';

export interface Digest {
  generatedAtMs: number;
  /** The local date the digest is for. */
  isoDate: string;
  counts: Record<(typeof OPEN_STATUSES)[number], number>;
  breached: CaseView[];
  dueSoon: CaseView[];
  unassigned: CaseView[];
  pausedLongest: { view: CaseView; pausedSinceMs: number }[];
  yesterday: { isoDate: string; created: number; delivered: number };
  last30Days: { delivered: number; onTimeRate: number | null; medianTurnaroundWorkingDays: number | null };
  openPerDoctor: { userId: string; open: number }[];
}

const DAY_MS = 86_400_000;

/** The manager's daily SLA digest (SPEC section 4), as data; `views/digest.ts` renders it. */
export class DigestService {
  constructor(
    private readonly db: Db,
    private readonly cases: CaseService,
    private readonly queries: CaseQueries,
    private readonly calendar: WorkingCalendar,
    private readonly clock: Clock,
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

    const [breached, dueSoon, unassigned, paused] = await Promise.all([
      this.queries.list('breached', ''),
      this.queries.list('due', ''),
      this.queries.list('unassigned', ''),
      this.queries.list('paused', ''),
    ]);
    const pausedLongest = paused
      .map((view) => ({ view, pausedSinceMs: view.state.pauses[view.state.pauses.length - 1]?.fromMs ?? now }))
      .sort((a, b) => a.pausedSinceMs - b.pausedSinceMs);

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

    const recentRows = await this.db
      .selectFrom('cases')
      .selectAll()
      .where('id', 'in', (eb) =>
        eb.selectFrom('case_events').select('case_id').where('type', '=', 'delivered').where('effective_at', '>=', new Date(now - 30 * DAY_MS)),
      )
      .execute();
    const recent = await this.cases.viewsOf(recentRows);
    const turnarounds = recent.map((v) => v.sla.elapsedWorkingMs / this.calendar.workingDayMs).sort((a, b) => a - b);
    const onTime = recent.filter((v) => !v.sla.breached).length;

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
        delivered: recent.length,
        onTimeRate: recent.length === 0 ? null : onTime / recent.length,
        medianTurnaroundWorkingDays: median(turnarounds),
      },
      openPerDoctor: perDoctor.map((r) => ({ userId: r.assignee!, open: Number(r.n) })),
    };
  }
}

function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
