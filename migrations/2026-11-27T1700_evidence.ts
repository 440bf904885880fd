import { sql, type Kysely } from 'kysely';

/**
 * Evidence for managers and auditors (SLA report, weekly chart, retention): the paused working time
 * and the number of pauses as derived columns, when a case's personal data were erased, and indexes
 * over closing instants for every closed case (delivered or cancelled).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cases
      ADD COLUMN IF NOT EXISTS sla_paused_seconds integer NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS pause_count integer NOT NULL DEFAULT 0,
      ADD COLUMN IF NOT EXISTS personal_data_erased_at timestamptz;
    -- Cases paused before this column existed: their pauses are counted from the history; their paused
    -- working time needs the calendar, so it is filled in the next time the case changes.
    UPDATE cases c SET pause_count = p.n
      FROM (SELECT case_id, count(*)::int AS n FROM case_events WHERE type = 'info_requested' GROUP BY case_id) p
      WHERE p.case_id = c.id;
    -- Open cases at the end of each week of the chart: cases closed since then (delivered or cancelled).
    CREATE INDEX IF NOT EXISTS cases_closed_idx ON cases (closed_at) WHERE closed_at IS NOT NULL;
    -- The retention job: closed cases whose personal data are still kept, oldest first.
    CREATE INDEX IF NOT EXISTS cases_retention_idx ON cases (closed_at)
      WHERE closed_at IS NOT NULL AND personal_data_erased_at IS NULL;
    -- The SLA report by period: delivered cases by closing instant, with what the report reads.
    CREATE INDEX IF NOT EXISTS cases_delivered_report_idx ON cases (closed_at)
      INCLUDE (pathology_area, assignee, sla_breached, sla_elapsed_seconds, sla_paused_seconds, pause_count)
      WHERE status = 'delivered';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS cases_closed_idx, cases_retention_idx, cases_delivered_report_idx;
    ALTER TABLE cases DROP COLUMN IF EXISTS sla_paused_seconds, DROP COLUMN IF EXISTS pause_count,
      DROP COLUMN IF EXISTS personal_data_erased_at;
  `.execute(db);
}
