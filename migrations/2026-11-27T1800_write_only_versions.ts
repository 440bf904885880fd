import { sql, type Kysely } from 'kysely';

/**
 * `cases.version` was incremented on every change only to be copied into `slack_cards.rendered_version`,
 * which nothing read: the card is re-rendered from the case on every change and updated in place.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE slack_cards DROP COLUMN IF EXISTS rendered_version`.execute(db);
  await sql`ALTER TABLE cases DROP COLUMN IF EXISTS version`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE cases ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 0`.execute(db);
  await sql`ALTER TABLE slack_cards ADD COLUMN IF NOT EXISTS rendered_version integer NOT NULL DEFAULT 0`.execute(db);
}
