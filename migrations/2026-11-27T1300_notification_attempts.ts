import { sql, type Kysely } from 'kysely';

/**
 * A notification's attempt count was written and never read: a notification is marked sent in the
 * transaction that hands it to the outbox, whose rows count their own attempts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notifications DROP COLUMN IF EXISTS attempts`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE notifications ADD COLUMN IF NOT EXISTS attempts integer NOT NULL DEFAULT 0`.execute(db);
}
