import { sql, type Kysely } from 'kysely';

/**
 * The names a bank credit is matched by, one row per key and case, behind a btree (SPEC section 11,
 * scale). The GIN index on `case_personal_data.name_keys` answered one key per lookup: a statement of
 * 10,000 credits asks ~100,000 keys (every run of up to six words of each remittance text), and the
 * planner would not use the GIN index for all of them in one `&&`, so each key was a bitmap scan of
 * its own (50 µs each: 1.7 s of a 10,000-entry import). Here every key of a chunk of credits is one
 * `key = ANY(…)` of one index-only scan, which the planner estimates as well as any btree equality.
 *
 * The rows follow `name_keys` by themselves (statement triggers, as the open-case tallies do), so
 * the code that writes a case's personal data stays as it was; erasure deletes the personal data and
 * the keys go with it (ON DELETE CASCADE): they are names too.
 *
 * Amount is not a selective key: every pending payment expects one of two prices (518.00, 668.00),
 * so an index on pending payments by amount would hand each credit half of the pending cases. The
 * names and the references narrow a credit to a few cases; the amount is then checked on those.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_name_keys (
      key text NOT NULL,
      case_id bigint NOT NULL REFERENCES case_personal_data (case_id) ON DELETE CASCADE,
      PRIMARY KEY (key, case_id)
    );
    CREATE INDEX case_name_keys_case_idx ON case_name_keys (case_id);

    CREATE FUNCTION case_name_keys_follow() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        DELETE FROM case_name_keys k USING changed_old o, changed_new n
         WHERE k.case_id = o.case_id AND n.case_id = o.case_id AND n.name_keys IS DISTINCT FROM o.name_keys;
        INSERT INTO case_name_keys (key, case_id)
          SELECT DISTINCT key, n.case_id FROM changed_new n JOIN changed_old o USING (case_id), unnest(n.name_keys) AS key
           WHERE n.name_keys IS DISTINCT FROM o.name_keys;
      ELSE
        INSERT INTO case_name_keys (key, case_id)
          SELECT DISTINCT key, n.case_id FROM changed_new n, unnest(n.name_keys) AS key;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER case_name_keys_insert AFTER INSERT ON case_personal_data REFERENCING NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION case_name_keys_follow();
    CREATE TRIGGER case_name_keys_update AFTER UPDATE ON case_personal_data REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION case_name_keys_follow();

    INSERT INTO case_name_keys (key, case_id)
      SELECT DISTINCT key, pd.case_id FROM case_personal_data pd, unnest(pd.name_keys) AS key;
    DROP INDEX IF EXISTS case_personal_data_name_keys_idx;
    ANALYZE case_name_keys;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX IF NOT EXISTS case_personal_data_name_keys_idx ON case_personal_data USING gin (name_keys);
    DROP TRIGGER IF EXISTS case_name_keys_insert ON case_personal_data;
    DROP TRIGGER IF EXISTS case_name_keys_update ON case_personal_data;
    DROP FUNCTION IF EXISTS case_name_keys_follow();
    DROP TABLE IF EXISTS case_name_keys;
  `.execute(db);
}
