import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

// int8 (ids, counts) as numbers: every value we store fits well within 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// `date` columns stay "YYYY-MM-DD" strings instead of midnight in the server's time zone.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<Database>;

export function createDb(databaseUrl: string, maxConnections = 10, onIdleError?: (err: Error) => void): Db {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
  // An idle connection dropped by the server (a restart, a failover) must not crash the process:
  // the pool replaces it on next use, and /readyz reports the outage meanwhile.
  pool.on('error', (err) => onIdleError?.(err));
  // A client checked out between two queries of a transaction gets the server's
  // "terminating connection" as an event: without a listener it would crash the process. Its next
  // query fails instead, and the transaction is retried by whoever owns it.
  pool.on('connect', (client) => client.on('error', (err) => onIdleError?.(err)));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
