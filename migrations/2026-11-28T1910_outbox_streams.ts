import { sql, type Kysely } from 'kysely';

/**
 * Outbound messages go in order per stream, not per case: a case's card and thread lines are one
 * stream, and its alerts to one channel or person are another. An alert that keeps failing (a DM to
 * a doctor who left, a managers' channel the bot was removed from) must not hold the card back, nor
 * a card the triage channel refuses hold back the alerts. Messages with no stream (digests, shared
 * files) go in any order.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE slack_outbox ADD COLUMN stream text;
    UPDATE slack_outbox SET stream = 'case:' || case_id
      WHERE case_id IS NOT NULL AND kind IN ('card', 'thread') AND status = 'pending';
    UPDATE slack_outbox SET stream = 'case:' || case_id || ':' || kind || ':' || coalesce(target, '')
      WHERE case_id IS NOT NULL AND kind IN ('channel', 'dm') AND status = 'pending';
    CREATE INDEX slack_outbox_pending_stream_idx ON slack_outbox (stream, id) WHERE status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS slack_outbox_pending_stream_idx;
    ALTER TABLE slack_outbox DROP COLUMN IF EXISTS stream;
  `.execute(db);
}
