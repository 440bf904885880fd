import { sql, type Kysely } from 'kysely';

/**
 * The pinned "Today" message of the triage channel (SPEC section 5, "My work, each morning"): one
 * message, posted once and pinned, then updated in place. Its refreshes go through the outbox like
 * every other message (kind `today`, rendered when sent, like a card); `slack_pinned` remembers where
 * it is, so that an update edits it and a deleted one is posted and pinned again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE slack_outbox DROP CONSTRAINT IF EXISTS slack_outbox_kind_check;
    ALTER TABLE slack_outbox ADD CONSTRAINT slack_outbox_kind_check CHECK (kind IN ('card', 'thread', 'channel', 'dm', 'today'));
    CREATE TABLE slack_pinned (
      name text PRIMARY KEY,
      channel text NOT NULL,
      ts text NOT NULL,
      pinned boolean NOT NULL DEFAULT false
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS slack_pinned;
    DELETE FROM slack_outbox WHERE kind = 'today';
    ALTER TABLE slack_outbox DROP CONSTRAINT IF EXISTS slack_outbox_kind_check;
    ALTER TABLE slack_outbox ADD CONSTRAINT slack_outbox_kind_check CHECK (kind IN ('card', 'thread', 'channel', 'dm'));
  `.execute(db);
}
