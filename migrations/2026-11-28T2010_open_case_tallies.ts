import { sql, type Kysely } from 'kysely';

/**
 * Open cases counted by state, area and doctor, kept by PostgreSQL itself: a statement trigger on
 * `cases` appends what each statement changed to those counts (+n, −n) in the statement's own
 * transaction, so a reader summing the rows sees exactly the open cases its snapshot sees, never a
 * stale figure. The digest, the report and the chart read "open now" from a few thousand rows instead
 * of counting half a million. A periodic job folds the rows into one per group.
 *
 * "Breached now" depends on the instant it is asked at and is still counted from the running cases'
 * index, which now carries the area and the doctor for the report.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE open_case_tallies (
      status text NOT NULL,
      pathology_area text NOT NULL,
      assignee text,
      n integer NOT NULL
    );

    CREATE FUNCTION open_case_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO open_case_tallies (status, pathology_area, assignee, n)
          SELECT status, pathology_area, assignee, count(*) FROM new_cases
          WHERE status IN ('intake','ready','in_review','awaiting_info') GROUP BY 1, 2, 3;
      ELSIF TG_OP = 'UPDATE' THEN
        -- Only the groups whose count changed: an update that moves no case between groups adds nothing.
        INSERT INTO open_case_tallies (status, pathology_area, assignee, n)
          SELECT status, pathology_area, assignee, sum(d) FROM (
            SELECT status, pathology_area, assignee, 1 AS d FROM new_cases
              WHERE status IN ('intake','ready','in_review','awaiting_info')
            UNION ALL
            SELECT status, pathology_area, assignee, -1 FROM old_cases
              WHERE status IN ('intake','ready','in_review','awaiting_info')
          ) moved GROUP BY 1, 2, 3 HAVING sum(d) <> 0;
      ELSE
        INSERT INTO open_case_tallies (status, pathology_area, assignee, n)
          SELECT status, pathology_area, assignee, -count(*) FROM old_cases
          WHERE status IN ('intake','ready','in_review','awaiting_info') GROUP BY 1, 2, 3;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER cases_open_tally_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_cases
      FOR EACH STATEMENT EXECUTE FUNCTION open_case_tally();
    CREATE TRIGGER cases_open_tally_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
      FOR EACH STATEMENT EXECUTE FUNCTION open_case_tally();
    CREATE TRIGGER cases_open_tally_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_cases
      FOR EACH STATEMENT EXECUTE FUNCTION open_case_tally();
    -- TRUNCATE fires no row or statement trigger with transition tables: it would leave the counts behind.
    CREATE FUNCTION cases_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'cases cannot be truncated: open_case_tallies counts them';
    END $$;
    CREATE TRIGGER cases_no_truncate BEFORE TRUNCATE ON cases FOR EACH STATEMENT EXECUTE FUNCTION cases_no_truncate();

    -- The cases open now (the trigger above, created in this transaction, counts every change after it).
    INSERT INTO open_case_tallies (status, pathology_area, assignee, n)
      SELECT status, pathology_area, assignee, count(*) FROM cases
      WHERE status IN ('intake','ready','in_review','awaiting_info') GROUP BY 1, 2, 3;

    -- Running cases (open, not paused) by due instant: "breached" and "due soon" count a range of it
    -- and read their page in order from it; "breached now" by area and doctor (the report) is read
    -- from the index alone.
    CREATE INDEX IF NOT EXISTS cases_running_idx ON cases (sla_due_at, id) INCLUDE (pathology_area, assignee)
      WHERE status IN ('intake','ready','in_review');
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS cases_running_idx;
    DROP TRIGGER IF EXISTS cases_no_truncate ON cases;
    DROP TRIGGER IF EXISTS cases_open_tally_insert ON cases;
    DROP TRIGGER IF EXISTS cases_open_tally_update ON cases;
    DROP TRIGGER IF EXISTS cases_open_tally_delete ON cases;
    DROP FUNCTION IF EXISTS cases_no_truncate(), open_case_tally();
    DROP TABLE IF EXISTS open_case_tallies;
  `.execute(db);
}
