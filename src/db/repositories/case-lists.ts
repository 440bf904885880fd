import { sql } from 'kysely';
import { OPEN_STATUSES } from '../../domain/case.js';
import type { Db } from '../database.js';
import type { CaseRow } from '../types.js';

export const LIST_FILTERS = ['all', 'mine', 'unassigned', 'due', 'breached', 'paused', 'intake'] as const;
export type ListFilter = (typeof LIST_FILTERS)[number];
/** Filters of `/so list`, plus the coordinator's two intake queues. */
export type QueryFilter = ListFilter | 'waiting_documents' | 'waiting_payment' | 'claimable' | 'unassigned_not_urgent' | 'payment_pending_beside_review';

/** The instants a list is read at: now, and the end of "due soon" (one working day later, by the calendar). */
export interface ListInstants {
  nowMs: number;
  /** The calendar's working floor of now: a due instant before it has been passed by working time. */
  breachedBeforeMs: number;
  dueSoonUntilMs: number;
}

/**
 * Open cases whose SLA clock can run (not paused), written out so that PostgreSQL sees the partial
 * index over them (`cases_running_idx`) applies: it proves an index's predicate from the query's
 * conditions, not from an exclusion.
 */
const UNPAUSED = OPEN_STATUSES.filter((s) => s !== 'awaiting_info');

/** Open cases by filter, read from the derived columns of the case row (indexed; no history folded). */
export function caseListsRepository(db: Db) {
  /**
   * The filters as index-friendly conditions. "Breached" is exact without folding any history: a
   * running case is breached exactly when working time has passed its due instant, i.e. the due
   * instant lies before the calendar's working floor of now (a case due Friday 18:00 is not breached
   * on Saturday, as the SLA clock says; it is from Monday 09:00 on). A paused case waits under
   * "paused", whatever its due instant said before the pause.
   */
  function filtered(filter: QueryFilter, userId: string, at: ListInstants) {
    const q = db.selectFrom('cases').where('status', 'in', [...OPEN_STATUSES]);
    switch (filter) {
      case 'mine':
        return q.where('assignee', '=', userId);
      case 'unassigned':
        return q.where('status', '=', 'ready');
      case 'unassigned_not_urgent':
        // Ready, and neither breached nor due soon: the digest lists those under their own, more urgent headings.
        return q.where('status', '=', 'ready').where('sla_due_at', '>', new Date(at.dueSoonUntilMs));
      case 'payment_pending_beside_review':
        // Past intake (ready, in review or paused) with the payment still to confirm: delivery waits for it.
        return q.where('status', 'in', OPEN_STATUSES.filter((s) => s !== 'intake')).where('payment_state', '=', 'pending');
      case 'claimable':
        // Waiting for a reviewer, in one of this doctor's areas (their areas read once, as an array,
        // so the areas are the index condition of `cases_claimable_idx`).
        return q
          .where('status', '=', 'ready')
          .where('assignee', 'is', null)
          .where(sql<boolean>`pathology_area = ANY (${doctorAreas(userId)}::text[])`);
      case 'paused':
        return q.where('status', '=', 'awaiting_info');
      case 'intake':
        return q.where('status', '=', 'intake');
      case 'waiting_documents':
        return q.where('status', '=', 'intake').where('docs_completed_at', 'is', null);
      case 'waiting_payment':
        // Complete cases whose payment is still to confirm, whoever holds them: review runs beside it.
        return q.where('docs_completed_at', 'is not', null).where('payment_state', '=', 'pending');
      case 'due':
        return q
          .where('status', 'in', UNPAUSED)
          .where('sla_due_at', '>=', new Date(at.breachedBeforeMs))
          .where('sla_due_at', '<=', new Date(at.dueSoonUntilMs));
      case 'breached':
        return q.where('status', 'in', UNPAUSED).where('sla_due_at', '<', new Date(at.breachedBeforeMs));
      case 'all':
        return q;
    }
  }

  /** The areas a doctor covers (null when they are no doctor). */
  function doctorAreas(userId: string) {
    return db.selectFrom('staff_roles').select('areas').where('slack_user_id', '=', userId).where('role', '=', 'doctor');
  }

  /**
   * The claimable page: the first `limit` of each of the doctor's areas, read in order from
   * `cases_claimable_idx`, then merged. One query over all areas at once would read and sort every
   * unclaimed case of those areas to find the first few.
   */
  function claimablePage(userId: string, limit: number) {
    return db
      .selectFrom(doctorAreas(userId).clearSelect().select(sql<string>`unnest(areas)`.as('area')).distinct().as('a'))
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('cases')
            .selectAll()
            .where('status', '=', 'ready')
            .where('assignee', 'is', null)
            .whereRef('pathology_area', '=', 'a.area')
            .orderBy('sla_due_at')
            .orderBy('id')
            .limit(limit)
            .as('c'),
        (join) => join.onTrue(),
      )
      .selectAll('c')
      .orderBy('c.sla_due_at')
      .orderBy('c.id')
      .limit(limit);
  }

  return {
    /** The first `limit` rows of a filter, soonest due first (paused ones: paused longest first). */
    async list(filter: QueryFilter, userId: string, at: ListInstants, limit: number): Promise<CaseRow[]> {
      if (filter === 'claimable') return claimablePage(userId, limit).execute();
      const q = filtered(filter, userId, at);
      const ordered = filter === 'paused' ? q.orderBy('paused_since') : q.orderBy(sql`sla_due_at asc nulls last`);
      return ordered.selectAll().orderBy('id').limit(limit).execute();
    },

    async count(filter: QueryFilter, userId: string, at: ListInstants): Promise<number> {
      if (filter === 'all') {
        // Every open case: the tallies PostgreSQL keeps of them, instead of counting them one by one.
        const all = await db.selectFrom('open_case_tallies').select((eb) => eb.fn.sum<string>('n').as('n')).executeTakeFirst();
        return Number(all?.n ?? 0);
      }
      const row = await filtered(filter, userId, at)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Ids of every open case (the reconciler re-plans each). */
    async openCaseIds(): Promise<number[]> {
      const rows = await db.selectFrom('cases').select('id').where('status', 'in', [...OPEN_STATUSES]).execute();
      return rows.map((r) => r.id);
    },

    /** Every doctor with their load (open cases they lead, consults they hold) and whether they are away at `nowMs`. */
    async doctorLoads(nowMs: number): Promise<{ userId: string; displayName: string | null; areas: string[]; openCases: number; openConsults: number; away: boolean }[]> {
      const now = new Date(nowMs);
      const rows = await db
        .selectFrom('staff_roles as s')
        .select((eb) => [
          's.slack_user_id',
          's.display_name',
          's.areas',
          eb
            .selectFrom('cases as c')
            .select((e) => e.fn.countAll<string>().as('n'))
            .whereRef('c.assignee', '=', 's.slack_user_id')
            .where('c.status', 'in', [...OPEN_STATUSES])
            .as('open'),
          eb
            .selectFrom('case_consults as k')
            .select((e) => e.fn.countAll<string>().as('n'))
            .whereRef('k.assignee', '=', 's.slack_user_id')
            .where('k.state', 'in', ['open', 'claimed'])
            .as('consults'),
          eb
            .exists(
              eb
                .selectFrom('absences as a')
                .select('a.id')
                .whereRef('a.slack_user_id', '=', 's.slack_user_id')
                .where('a.starts_at', '<=', now)
                .where('a.ends_at', '>', now),
            )
            .as('away'),
        ])
        .where('s.role', '=', 'doctor')
        .execute();
      return rows.map((r) => ({
        userId: r.slack_user_id,
        displayName: r.display_name,
        areas: r.areas,
        openCases: Number(r.open ?? 0),
        openConsults: Number(r.consults ?? 0),
        away: Boolean(r.away),
      }));
    },
  };
}
