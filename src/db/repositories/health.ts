import { sql } from 'kysely';
import type { Db } from '../database.js';

/** Whether PostgreSQL answers (the readiness check). */
export function healthRepository(db: Db) {
  return {
    async ping(): Promise<void> {
      await sql`SELECT 1`.execute(db);
    },
  };
}
