import { sql, type Kysely } from 'kysely';

/** Derived columns the digest and lists read without folding every case's history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE cases
      ADD COLUMN sla_elapsed_seconds integer NOT NULL DEFAULT 0,
      ADD COLUMN paused_since timestamptz,
      ADD COLUMN closed_at timestamptz;
    CREATE INDEX cases_delivered_closed_idx ON cases (closed_at) WHERE status = 'delivered';
    CREATE INDEX cases_paused_since_idx ON cases (paused_since) WHERE status = 'awaiting_info';
    CREATE INDEX cases_ready_due_idx ON cases (sla_due_at) WHERE status = 'ready';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS cases_delivered_closed_idx, cases_paused_since_idx, cases_ready_due_idx;
    ALTER TABLE cases DROP COLUMN IF EXISTS sla_elapsed_seconds, DROP COLUMN IF EXISTS paused_since, DROP COLUMN IF EXISTS closed_at;
  `.execute(db);
}
