import { sql } from 'kysely';
import { OPEN_STATUSES, type CaseStatus, type OpenStatus } from '../../domain/case.js';
import type { Db } from '../database.js';

/** The figures of the managers' digest, counted in PostgreSQL from the derived columns and the history. */
export function digestRepository(db: Db) {
  return {
    /** How many open cases are in each state (from the open cases' tallies, kept by PostgreSQL). */
    async openCounts(): Promise<Record<OpenStatus, number>> {
      const rows = await db
        .selectFrom('open_case_tallies')
        .select(['status', (eb) => eb.fn.sum<string>('n').as('n')])
        .groupBy('status')
        .execute();
      const counts = Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Record<OpenStatus, number>;
      for (const r of rows) if (r.status in counts) counts[r.status as OpenStatus] = Number(r.n);
      return counts;
    },

    /** Cases created in [fromMs, toMs). */
    async createdBetween(fromMs: number, toMs: number): Promise<number> {
      const row = await db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('created_at', '>=', new Date(fromMs))
        .where('created_at', '<', new Date(toMs))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Opinions delivered in [fromMs, toMs), by the instant they were delivered. */
    async deliveredBetween(fromMs: number, toMs: number): Promise<number> {
      const row = await db
        .selectFrom('case_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('type', '=', 'delivered')
        .where('effective_at', '>=', new Date(fromMs))
        .where('effective_at', '<', new Date(toMs))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Cases delivered since an instant: how many, how many on time, and the median SLA time used (seconds). */
    async deliveredSince(sinceMs: number): Promise<{ delivered: number; onTime: number; medianElapsedSeconds: number | null }> {
      const row = await db
        .selectFrom('cases')
        .select((eb) => [
          eb.fn.countAll<string>().as('delivered'),
          sql<string>`count(*) filter (where not sla_breached)`.as('on_time'),
          sql<number | null>`percentile_cont(0.5) within group (order by sla_elapsed_seconds)`.as('median_seconds'),
        ])
        .where('status', '=', 'delivered')
        .where('closed_at', '>=', new Date(sinceMs))
        .executeTakeFirstOrThrow();
      return {
        delivered: Number(row.delivered),
        onTime: Number(row.on_time),
        medianElapsedSeconds: row.median_seconds === null ? null : Number(row.median_seconds),
      };
    },

    /** Open cases held per doctor, most loaded first (from the open cases' tallies). */
    async openPerHolder(): Promise<{ userId: string; open: number }[]> {
      const rows = await db
        .selectFrom('open_case_tallies')
        .select(['assignee', (eb) => eb.fn.sum<string>('n').as('n')])
        .where('status', 'in', ['in_review', 'awaiting_info'] satisfies CaseStatus[])
        .where('assignee', 'is not', null)
        .groupBy('assignee')
        .having((eb) => eb.fn.sum('n'), '>', 0)
        .orderBy('n', 'desc')
        .orderBy('assignee')
        .execute();
      return rows.map((r) => ({ userId: r.assignee!, open: Number(r.n) }));
    },
  };
}
