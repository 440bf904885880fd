import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A message being sent is leased, not locked: no transaction stays open while Slack answers.
    -- The lease is next_attempt_at moved ahead; claimed_by says whose it is, so only the sender that
    -- holds it records the outcome, and a sender that died leaves a message the others take over.
    ALTER TABLE slack_outbox ADD COLUMN claimed_by text;
    -- A message waiting for its turn in a rate limit keeps the turn it reserved (the key it is for):
    -- it comes back at next_attempt_at and goes without queueing again.
    ALTER TABLE slack_outbox ADD COLUMN paced_key text;

    -- Slack's limits (per channel, per method) paced by every process together: a token bucket per key.
    -- tokens may go below zero: each sender reserves its turn and waits for it.
    CREATE TABLE slack_rate_limits (
      key text PRIMARY KEY,
      tokens double precision NOT NULL,
      updated_at timestamptz NOT NULL,
      blocked_until timestamptz
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS slack_rate_limits;
    ALTER TABLE slack_outbox DROP COLUMN IF EXISTS claimed_by, DROP COLUMN IF EXISTS paced_key;
  `.execute(db);
}
