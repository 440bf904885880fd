import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult } from 'kysely';
import pg from 'pg';
import { DatabaseUnavailableError } from './unavailable.js';
import { nextWaitMs } from './wait-budget.js';
import type { Database } from './types.js';

// int8 (ids, counts) as numbers: every value we store fits well within 2^53.
pg.types.setTypeParser(20, (v) => Number(v));
// `date` columns stay "YYYY-MM-DD" strings instead of midnight in the server's time zone.
pg.types.setTypeParser(1082, (v) => v);

export type Db = Kysely<Database>;

/**
 * How long a caller waits for PostgreSQL, at most, at each step: a connection from the pool (or a
 * new one), a lock, a statement (SPEC section 6, "Bounded waits"). Past it the step fails with an
 * error that `isDatabaseUnavailable` recognises, and the API answers 503.
 */
export interface WaitBound {
  waitMs: number;
}

/**
 * The server cancels a lock wait or a statement a little before the client gives up on an answer:
 * a server that answers reports it cleanly (the connection stays usable); the client's own limit is
 * for a server that does not answer at all (frozen, or the network gone).
 */
function serverSideMs(waitMs: number): number {
  return Math.max(1, waitMs - Math.min(500, Math.round(waitMs / 10)));
}

export function createDb(databaseUrl: string, maxConnections = 10, onIdleError?: (err: Error) => void, bound?: WaitBound): Db {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: maxConnections,
    ...(bound
      ? { connectionTimeoutMillis: bound.waitMs, lock_timeout: serverSideMs(bound.waitMs), statement_timeout: serverSideMs(bound.waitMs) }
      : {}),
  });
  // An idle connection dropped by the server (a restart, a failover) must not crash the process:
  // the pool replaces it on next use, and /readyz reports the outage meanwhile.
  pool.on('error', (err) => onIdleError?.(err));
  // A client checked out between two queries of a transaction gets the server's
  // "terminating connection" as an event: without a listener it would crash the process. Its next
  // query fails instead, and the transaction is retried by whoever owns it.
  pool.on('connect', (client) => client.on('error', (err) => onIdleError?.(err)));
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: bound ? boundedPool(pool, bound.waitMs) : pool }) });
}

/**
 * The pool as Kysely sees it, with every wait bounded: taking a connection, and each query's answer.
 * A connection whose query got no answer in time is in an unknown state (the server may answer
 * later, or never): it refuses further queries at once (so the transaction's ROLLBACK does not wait
 * again) and leaves the pool when released, which opens a new one for the next caller.
 */
function boundedPool(pool: pg.Pool, waitMs: number): PostgresPool {
  const wrapped = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  return {
    async connect() {
      const client = await connectWithin(pool, nextWaitMs(waitMs));
      let bounded = wrapped.get(client);
      if (!bounded) {
        bounded = boundedClient(client, waitMs);
        wrapped.set(client, bounded);
      }
      return bounded;
    },
    end: () => pool.end(),
  };
}

/** A connection from the pool within `ms`; one that comes later goes back to the pool unused. */
async function connectWithin(pool: pg.Pool, ms: number): Promise<pg.PoolClient> {
  if (ms <= 0) throw new DatabaseUnavailableError('connection', new Error('the request has no time left to wait'));
  let timer: NodeJS.Timeout | undefined;
  let gaveUp = false;
  const connecting = pool.connect();
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      gaveUp = true;
      reject(new DatabaseUnavailableError('connection', new Error(`no connection within ${ms} ms`)));
    }, ms);
  });
  connecting.then(
    (client) => {
      if (gaveUp) client.release();
    },
    () => undefined,
  );
  try {
    return await Promise.race([connecting, late]);
  } catch (err) {
    throw err instanceof DatabaseUnavailableError ? err : new DatabaseUnavailableError('connection', err);
  } finally {
    clearTimeout(timer);
  }
}

function boundedClient(client: pg.PoolClient, waitMs: number): PostgresPoolClient {
  let unanswered: DatabaseUnavailableError | null = null;
  const query = <R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> => {
    if (unanswered) return Promise.reject(unanswered);
    // The end of a transaction gets its whole step: a COMMIT cut short could be answered 503 yet committed.
    const ms = /^(commit|rollback)$/i.test(text) ? waitMs : nextWaitMs(waitMs);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unanswered = new DatabaseUnavailableError('answer');
        reject(unanswered);
      }, ms);
      client.query(text, [...parameters]).then(
        (result) => {
          clearTimeout(timer);
          resolve(result as unknown as PostgresQueryResult<R>);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err as Error);
        },
      );
    });
  };
  return {
    query: query as PostgresPoolClient['query'],
    release(destroy?: boolean) {
      // An error given to release takes the connection out of the pool (pg-pool closes it).
      client.release(unanswered ?? (destroy ? true : undefined));
    },
  };
}
