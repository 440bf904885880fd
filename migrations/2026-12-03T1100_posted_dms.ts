import { sql, type Kysely } from 'kysely';

/**
 * Where a sent message landed (its channel and ts, as Slack answered the post), so that a DM can be
 * rewritten in place later: a consult's DM offering Claim loses its button and says who claimed it
 * once someone has. The index finds a case's DMs without reading the whole outbox.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE slack_outbox ADD COLUMN IF NOT EXISTS posted_channel text;
    ALTER TABLE slack_outbox ADD COLUMN IF NOT EXISTS posted_ts text;
    CREATE INDEX IF NOT EXISTS slack_outbox_case_dm_idx ON slack_outbox (case_id, id) WHERE kind = 'dm';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS slack_outbox_case_dm_idx;
    ALTER TABLE slack_outbox DROP COLUMN IF EXISTS posted_ts;
    ALTER TABLE slack_outbox DROP COLUMN IF EXISTS posted_channel;
  `.execute(db);
}
