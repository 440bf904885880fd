import { sql, type Kysely } from 'kysely';

/**
 * The coordinators' two intake queues in their lists' order (soonest due first, then by id), so their
 * App Home reads the first rows of each instead of walking every open case by due instant: cases still
 * waiting for documents (no due instant yet: by id), and complete cases whose payment is to confirm.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS cases_waiting_documents_idx ON cases (sla_due_at, id)
      WHERE status = 'intake' AND docs_completed_at IS NULL;
    CREATE INDEX IF NOT EXISTS cases_waiting_payment_idx ON cases (sla_due_at, id)
      WHERE payment_state = 'pending' AND docs_completed_at IS NOT NULL AND status IN ('intake','ready','in_review','awaiting_info');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS cases_waiting_documents_idx, cases_waiting_payment_idx;`.execute(db);
}
