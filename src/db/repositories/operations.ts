import { sql } from 'kysely';
import { OPEN_STATUSES } from '../../domain/case.js';
import type { Db } from '../database.js';

/** Figures an operator watches (`/metrics`): counts only, never case contents. */
export function operationsRepository(db: Db) {
  return {
    /**
     * Open cases by SLA state: a running case whose due instant lies before `breachedBeforeMs` (the
     * calendar's working floor of now) counts as breached, as in `/so list breached`; a paused one as
     * paused whatever its due instant said.
     */
    async slaCounts(breachedBeforeMs: number): Promise<Record<string, number>> {
      const state = sql<string>`CASE WHEN sla_state = 'running' AND sla_due_at < ${new Date(breachedBeforeMs)} THEN 'breached' ELSE sla_state END`;
      const rows = await db
        .selectFrom('cases')
        .select([state.as('state'), (eb) => eb.fn.countAll<string>().as('n')])
        .where('status', 'in', [...OPEN_STATUSES])
        .groupBy(sql`1`)
        .execute();
      return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
    },

    /** How long the oldest due notification has waited past its planned instant (0 when none is late). */
    async oldestDueNotificationMs(nowMs: number): Promise<number> {
      const row = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.min('due_at').as('due'))
        .where('status', '=', 'planned')
        .where('due_at', '<=', new Date(nowMs))
        .executeTakeFirst();
      const due = row?.due as Date | null | undefined;
      return due ? Math.max(0, nowMs - new Date(due).getTime()) : 0;
    },
  };
}
