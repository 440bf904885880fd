import { setTimeout as sleep } from 'node:timers/promises';
import { Migrator, type MigrationResult } from 'kysely';
import pg from 'pg';
import { migrations } from '../../migrations/index.js';
import { createDb } from './database.js';

/** How long migrations wait for PostgreSQL to accept connections (a container starting beside us). */
export const DEFAULT_WAIT_FOR_POSTGRES_MS = 60_000;

const RETRY_EVERY_MS = 1_000;

/** The app's pino logger, where the wait is told as log lines. */
export interface MigrationLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/** What the wait for PostgreSQL tells, once each: the app logs it, the migration command words it from the catalogue. */
export interface PostgresWaitReport {
  waiting(w: { postgres: string; cause: string; waitSeconds: number }): void;
  accepted(a: { postgres: string }): void;
}

function loggedWait(logger: MigrationLog | undefined): PostgresWaitReport {
  return {
    waiting: (w) => logger?.warn({ postgres: w.postgres, err: w.cause, waitSeconds: w.waitSeconds }, 'PostgreSQL does not accept connections yet: waiting'),
    accepted: (a) => logger?.info(a, 'PostgreSQL accepts connections'),
  };
}

/** PostgreSQL did not accept a connection within the wait. */
export class PostgresWaitTimeout extends Error {
  constructor(
    readonly postgres: string,
    readonly waitSeconds: number,
    readonly lastError: string,
  ) {
    super(`PostgreSQL at ${postgres} did not accept connections within ${waitSeconds} s (last error: ${lastError})`);
    this.name = 'PostgresWaitTimeout';
  }
}

interface WaitOptions {
  waitMs?: number;
  logger?: MigrationLog;
  /** Instead of `logger`: how the wait is told. */
  report?: PostgresWaitReport;
}

/** Errors that mean "not accepting connections yet", as opposed to a wrong password or database. */
const NOT_YET = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', '57P03']);

function where(url: URL): string {
  return `${url.hostname}:${url.port || 5432}`;
}

/**
 * Waits until PostgreSQL accepts a connection on the server named in the URL, for at most `waitMs`,
 * saying so once while it waits. A refusal that waiting cannot fix (authentication) fails at once.
 */
export async function waitForPostgres(databaseUrl: string, o: WaitOptions = {}): Promise<void> {
  const report = o.report ?? loggedWait(o.logger);
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const waitMs = o.waitMs ?? DEFAULT_WAIT_FOR_POSTGRES_MS;
  const deadline = Date.now() + waitMs;
  let told = false;
  for (;;) {
    const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      if (told) report.accepted({ postgres: where(url) });
      return;
    } catch (err) {
      await client.end().catch(() => undefined);
      const code = (err as { code?: string }).code ?? '';
      const transient = NOT_YET.has(code) || /timeout|starting up|terminat/i.test((err as Error).message);
      if (!transient) throw err;
      if (Date.now() + RETRY_EVERY_MS > deadline) {
        throw new PostgresWaitTimeout(where(url), Math.round(waitMs / 1000), code || (err as Error).message);
      }
      if (!told) {
        report.waiting({ postgres: where(url), cause: code || (err as Error).message, waitSeconds: Math.round(waitMs / 1000) });
        told = true;
      }
      await sleep(RETRY_EVERY_MS);
    }
  }
}

/** Creates the database named in the URL when it does not exist yet (first start on a fresh server). */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((err: { code?: string }) => {
        // Another process created it in the meantime.
        if (err.code !== '42P04') throw err;
      });
    }
  } finally {
    await client.end();
  }
}

/** Runs every pending migration; running it again is a no-op. Waits (bounded) for PostgreSQL first. */
export async function migrateToLatest(
  databaseUrl: string,
  o: WaitOptions = {},
): Promise<MigrationResult[]> {
  await waitForPostgres(databaseUrl, o);
  await ensureDatabase(databaseUrl);
  const db = createDb(databaseUrl, 1);
  try {
    // Features developed side by side add migrations in their own hour bands: one that sorts before a
    // migration already applied (e.g. T1000 after T1600 ran) is applied rather than refused.
    const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return results ?? [];
  } finally {
    await db.destroy();
  }
}
