import { sql, type Kysely } from 'kysely';

/**
 * Cases created per hour, kept by PostgreSQL as the open cases' tallies are (a statement trigger on
 * `cases`, in the transaction of each change, rows folded by the same job). The chart's "open at each
 * week's end" needs the cases created since each of the last 12 week ends: whole hours are summed from
 * here, and only the part of an hour at either end of a week (none in a zone whose offset is whole
 * hours) is counted from the index, instead of every case of 12 weeks.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE case_created_hours (
      hour timestamptz NOT NULL,
      n integer NOT NULL
    );
    -- Each week's range of hours reads its own rows (years of hours are kept).
    CREATE INDEX case_created_hours_hour_idx ON case_created_hours (hour) INCLUDE (n);

    CREATE FUNCTION case_created_hour_tally() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO case_created_hours (hour, n)
          SELECT date_trunc('hour', created_at, 'UTC'), count(*) FROM new_cases GROUP BY 1;
      ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO case_created_hours (hour, n)
          SELECT hour, sum(d) FROM (
            SELECT date_trunc('hour', created_at, 'UTC') AS hour, 1 AS d FROM new_cases
            UNION ALL
            SELECT date_trunc('hour', created_at, 'UTC'), -1 FROM old_cases
          ) moved GROUP BY 1 HAVING sum(d) <> 0;
      ELSE
        INSERT INTO case_created_hours (hour, n)
          SELECT date_trunc('hour', created_at, 'UTC'), -count(*) FROM old_cases GROUP BY 1;
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER cases_created_tally_insert AFTER INSERT ON cases REFERENCING NEW TABLE AS new_cases
      FOR EACH STATEMENT EXECUTE FUNCTION case_created_hour_tally();
    CREATE TRIGGER cases_created_tally_update AFTER UPDATE ON cases REFERENCING OLD TABLE AS old_cases NEW TABLE AS new_cases
      FOR EACH STATEMENT EXECUTE FUNCTION case_created_hour_tally();
    CREATE TRIGGER cases_created_tally_delete AFTER DELETE ON cases REFERENCING OLD TABLE AS old_cases
      FOR EACH STATEMENT EXECUTE FUNCTION case_created_hour_tally();

    INSERT INTO case_created_hours (hour, n)
      SELECT date_trunc('hour', created_at, 'UTC'), count(*) FROM cases GROUP BY 1;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS cases_created_tally_insert ON cases;
    DROP TRIGGER IF EXISTS cases_created_tally_update ON cases;
    DROP TRIGGER IF EXISTS cases_created_tally_delete ON cases;
    DROP FUNCTION IF EXISTS case_created_hour_tally();
    DROP TABLE IF EXISTS case_created_hours;
  `.execute(db);
}
