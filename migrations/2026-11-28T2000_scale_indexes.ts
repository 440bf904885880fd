import { sql, type Kysely } from 'kysely';

/**
 * Indexes that answer the counts of the digest, the SLA report and the App Home from the index alone
 * (index-only scans over a few narrow partial indexes), so none of them reads the rows of every open
 * case. The status lists are written out as the queries write them: PostgreSQL uses a partial index
 * only when the query's conditions imply its predicate.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- (The running cases' index by due instant comes with the open-case tallies, T2010: built once.)
    -- Cases a doctor holds (in review or paused), for the digest's load per doctor.
    CREATE INDEX IF NOT EXISTS cases_held_idx ON cases (assignee)
      WHERE status IN ('in_review','awaiting_info') AND assignee IS NOT NULL;
    -- Waiting for a reviewer in an area, soonest due first: a doctor's "claimable" list.
    CREATE INDEX IF NOT EXISTS cases_claimable_idx ON cases (pathology_area, sla_due_at, id)
      WHERE status = 'ready' AND assignee IS NULL;
    -- Paused cases, paused longest first, in the lists' exact order (the tie-break on id included), so a
    -- page is the index's first rows instead of a sort of every paused case.
    CREATE INDEX IF NOT EXISTS cases_paused_idx ON cases (paused_since, id) WHERE status = 'awaiting_info';
    DROP INDEX IF EXISTS cases_paused_since_idx;
    -- Open cases whose payment is still to confirm (few): the digest's and the coordinators' counts.
    CREATE INDEX IF NOT EXISTS cases_payment_pending_idx ON cases (status, sla_due_at) INCLUDE (docs_completed_at)
      WHERE payment_state = 'pending' AND status IN ('intake','ready','in_review','awaiting_info');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS cases_held_idx, cases_claimable_idx,
      cases_payment_pending_idx, cases_paused_idx;
    CREATE INDEX IF NOT EXISTS cases_paused_since_idx ON cases (paused_since) WHERE status = 'awaiting_info';
  `.execute(db);
}
