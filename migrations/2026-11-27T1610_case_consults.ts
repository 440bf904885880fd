import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The board's consults of each case, derived from its events (like checklist_items) and rewritten
    -- with every change, so App Home and the digest find open consults by area, consultant and deadline.
    CREATE TABLE case_consults (
      case_id bigint NOT NULL REFERENCES cases(id),
      consult integer NOT NULL,
      area text NOT NULL,
      state text NOT NULL CHECK (state IN ('open','claimed','answered','withdrawn')),
      assignee text,
      due_at timestamptz,
      image_review boolean NOT NULL,
      PRIMARY KEY (case_id, consult)
    );
    CREATE INDEX case_consults_pending_area_idx ON case_consults (area, due_at) WHERE state IN ('open','claimed');
    CREATE INDEX case_consults_pending_assignee_idx ON case_consults (assignee, due_at) WHERE state IN ('open','claimed');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS case_consults`.execute(db);
}
