/**
 * PostgreSQL could not serve a request in time, or at all: no connection, no answer, a lock or a
 * statement past its limit, the server refusing or going away. Nothing is wrong with the request:
 * the API answers 503 with `Retry-After` (SPEC section 6, "Bounded waits"), never 500.
 */
export class DatabaseUnavailableError extends Error {
  readonly code = 'DATABASE_UNAVAILABLE';
  constructor(
    /** What did not come in time: a connection, or the answer to a query. */
    readonly waitingFor: 'connection' | 'answer',
    cause?: unknown,
  ) {
    super(
      waitingFor === 'connection'
        ? `no PostgreSQL connection: ${cause instanceof Error ? cause.message : String(cause)}`
        : 'PostgreSQL did not answer in time',
      { cause },
    );
    this.name = 'DatabaseUnavailableError';
  }
}

/**
 * SQLSTATEs of a wait past its limit or a server that cannot serve now (class 08: the connection;
 * 53: resources; 57: cancelled or shutting down; 55P03: lock not available; 40: a transaction that
 * lost a race and may be tried again).
 */
const TRANSIENT_SQLSTATE = /^(08...|53...|57...|55P03|40001|40P01)$/;

/** Errors of the socket below the PostgreSQL protocol. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** node-postgres words a lost connection without a code. */
const LOST_CONNECTION = /Connection terminated|Client has encountered a connection error|not queryable|timeout exceeded when trying to connect/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (err instanceof DatabaseUnavailableError) return true;
  if (!(err instanceof Error)) return false;
  const { code } = err as { code?: unknown };
  if (typeof code === 'string' && (TRANSIENT_SQLSTATE.test(code) || NETWORK_CODES.has(code))) return true;
  // Node's connection to a name with several addresses fails as one AggregateError of them all.
  if (err instanceof AggregateError && err.errors.length > 0 && err.errors.every(isDatabaseUnavailable)) return true;
  return LOST_CONNECTION.test(err.message);
}
