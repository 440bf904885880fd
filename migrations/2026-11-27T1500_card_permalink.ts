import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The card's permalink, asked of Slack once when the card is posted: every DM, managers' message,
    -- digest line, command reply and App Home line about the case links to it.
    ALTER TABLE slack_cards ADD COLUMN IF NOT EXISTS permalink text;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE slack_cards DROP COLUMN IF EXISTS permalink`.execute(db);
}
