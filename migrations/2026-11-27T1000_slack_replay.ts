import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Signed Slack requests and event ids already handled, remembered by every process until they
    -- could no longer be accepted (a signature is valid for 5 minutes; Slack retries an event for
    -- about 5 minutes). A replay or a retry finds its key here and has no second effect.
    CREATE TABLE slack_seen_requests (
      key text PRIMARY KEY,
      expires_at timestamptz NOT NULL
    );
    CREATE INDEX slack_seen_requests_expiry_idx ON slack_seen_requests (expires_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS slack_seen_requests`.execute(db);
}
