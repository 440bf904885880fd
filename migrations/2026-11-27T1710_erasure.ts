import { sql, type Kysely } from 'kysely';

/**
 * Retention may blank the free text of a closed case's history (reasons, questions), which can hold
 * personal data typed by staff; nothing else about an event may ever change. The append-only
 * trigger lets exactly that through, and only inside a transaction that declares an erasure
 * (`SET LOCAL opinion_desk.erasing = 'on'`): same row, same type, actor and instants, the reason
 * gone, and `data` with the same keys where each value is unchanged or blanked to "".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE'
         AND current_setting('opinion_desk.erasing', true) = 'on'
         AND NEW.id = OLD.id AND NEW.case_id = OLD.case_id AND NEW.type = OLD.type AND NEW.actor = OLD.actor
         AND NEW.effective_at = OLD.effective_at AND NEW.recorded_at = OLD.recorded_at
         AND NEW.reason IS NULL
         AND (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(NEW.data) k)
             IS NOT DISTINCT FROM (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(OLD.data) k)
         AND NOT EXISTS (
           SELECT 1 FROM jsonb_each(NEW.data) n JOIN jsonb_each(OLD.data) o USING (key)
           WHERE n.value <> o.value AND n.value <> '""'::jsonb)
      THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'case_events is append-only';
    END $$;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE OR REPLACE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'case_events is append-only';
    END $$;
  `.execute(db);
}
