import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Absence cover (SPEC section 8): while away, a person is not suggested and their reminders go to
    -- their cover (or the coordinators). "Back early" shortens ends_at; nothing else changes a row.
    CREATE TABLE absences (
      id bigserial PRIMARY KEY,
      slack_user_id text NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      cover text,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL,
      CHECK (ends_at > starts_at)
    );
    CREATE INDEX absences_current_idx ON absences (ends_at, starts_at);
    CREATE INDEX absences_user_idx ON absences (slack_user_id, ends_at);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS absences`.execute(db);
}
