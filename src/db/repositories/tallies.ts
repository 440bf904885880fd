import { sql } from 'kysely';
import type { Db } from '../database.js';

/**
 * The tallies PostgreSQL keeps of the cases (`open_case_tallies`: open cases by state, area and doctor;
 * `case_created_hours`: cases created per hour), written by triggers on `cases` in the transaction of
 * every change; the digest and the report read them in their own queries. Here: keeping them short.
 */
export function talliesRepository(db: Db) {
  return {
    /**
     * Replaces each group's rows by one holding their sum (none for a group back to 0), one statement
     * per table: readers see the rows before or after, with the same sums. Rows a concurrent
     * transaction adds are not in the statement's snapshot and stay; a concurrent fold waits, then skips
     * the rows this one deleted. Answers how many rows are left.
     */
    async fold(): Promise<{ open: number; createdHours: number }> {
      const open = await sql<{ n: number }>`
        WITH gone AS (DELETE FROM open_case_tallies RETURNING status, pathology_area, assignee, n),
        kept AS (
          INSERT INTO open_case_tallies (status, pathology_area, assignee, n)
          SELECT status, pathology_area, assignee, sum(n) FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM kept
      `.execute(db);
      const hours = await sql<{ n: number }>`
        WITH gone AS (DELETE FROM case_created_hours RETURNING hour, n),
        kept AS (INSERT INTO case_created_hours (hour, n) SELECT hour, sum(n) FROM gone GROUP BY 1 HAVING sum(n) <> 0 RETURNING 1)
        SELECT count(*)::int AS n FROM kept
      `.execute(db);
      return { open: open.rows[0]?.n ?? 0, createdHours: hours.rows[0]?.n ?? 0 };
    },
  };
}
