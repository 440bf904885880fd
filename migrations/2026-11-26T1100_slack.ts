import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The name shown in pickers and lists, captured when the role is granted (no users:read scope needed).
    ALTER TABLE staff_roles ADD COLUMN display_name text;

    -- The one card message per case in the triage channel, and the last case version it shows.
    CREATE TABLE slack_cards (
      case_id bigint PRIMARY KEY REFERENCES cases(id),
      channel text NOT NULL,
      ts text NOT NULL,
      rendered_version integer NOT NULL
    );

    -- Every outbound Slack message goes through this table first: written in the transaction of the
    -- change it reports, delivered by the delivery worker, kept with its outcome.
    CREATE TABLE slack_outbox (
      id bigserial PRIMARY KEY,
      case_id bigint REFERENCES cases(id),
      kind text NOT NULL CHECK (kind IN ('card','thread','channel','dm')),
      target text,
      payload jsonb NOT NULL,
      dedupe_key text UNIQUE,
      status text NOT NULL CHECK (status IN ('pending','sent','failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL,
      last_error text,
      created_at timestamptz NOT NULL,
      sent_at timestamptz
    );
    CREATE INDEX slack_outbox_pending_idx ON slack_outbox (next_attempt_at, id) WHERE status = 'pending';
    CREATE INDEX slack_outbox_case_idx ON slack_outbox (case_id, id) WHERE status = 'pending';
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS slack_outbox, slack_cards;
    ALTER TABLE staff_roles DROP COLUMN IF EXISTS display_name;
  `.execute(db);
}
