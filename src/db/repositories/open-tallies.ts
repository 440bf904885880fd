import { sql } from 'kysely';
import type { Db } from '../database.js';

/**
 * The open cases' tallies (`open_case_tallies`), written by a trigger on `cases` in the transaction of
 * every change; the digest and the report read them in their own queries. Here: keeping them short.
 */
export function openTalliesRepository(db: Db) {
  return {
    /**
     * Replaces each group's rows by one holding their sum (none for a group back to 0), in one statement:
     * readers see the rows before or after, with the same sums. Rows a concurrent transaction adds are
     * not in this statement's snapshot and stay; a concurrent fold waits, then skips the rows this one
     * deleted. Answers how many rows are left.
     */
    async fold(): Promise<number> {
      const { rows } = await sql<{ n: number }>`
        WITH gone AS (DELETE FROM open_case_tallies RETURNING status, pathology_area, assignee, n),
        kept AS (
          INSERT INTO open_case_tallies (status, pathology_area, assignee, n)
          SELECT status, pathology_area, assignee, sum(n) FROM gone GROUP BY 1, 2, 3 HAVING sum(n) <> 0
          RETURNING 1
        )
        SELECT count(*)::int AS n FROM kept
      `.execute(db);
      return rows[0]?.n ?? 0;
    },
  };
}
