import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startApp, type ProcessRole, type RunningApp } from '../src/app.js';
import { systemClock, type Clock } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLogger, type Logger } from '../src/logger.js';
import { SIGNING_SECRET } from '../test/support/slack-requests.js';
import { SlackStandIn } from '../test/support/slack-stand-in.js';

/** Benchmarks run the real app on a database and Redis prefix of their own, dropped at the end. */

/** The PostgreSQL server the databases are made on, read when first needed (the preview sets it from .env). */
const base = (): string => process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const API_TOKEN = 'bench-token-0123456789abcdef';

export interface BenchApp {
  app: RunningApp;
  standIn: SlackStandIn;
  baseUrl: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

export async function startBenchApp(
  options: {
    role?: ProcessRole;
    env?: Record<string, string>;
    clock?: Clock;
    seed?: (databaseUrl: string) => Promise<void>;
    /**
     * A seeded database kept between runs (the seed can take minutes): seeded the first time, when it
     * does not exist yet, and never changed after; each run works on a copy of it (its template), dropped
     * at the end, so a run that writes leaves the next one the same data.
     */
    seededDatabaseUrl?: string;
    /** The app's logger (default: silent). */
    logger?: Logger;
    /** How long to wait for PostgreSQL to accept connections before giving up (the migrator's default: a minute). */
    waitForDatabaseMs?: number;
  } = {},
): Promise<BenchApp> {
  const own = benchDatabaseUrl();
  const databaseUrl = own.url;
  try {
    if (options.seededDatabaseUrl) {
      await seedOnce(options.seededDatabaseUrl, options.seed);
      await copyDatabase(decodeURIComponent(new URL(options.seededDatabaseUrl).pathname.slice(1)), own.database);
      await migrateToLatest(databaseUrl, { waitMs: options.waitForDatabaseMs });
    } else {
      await migrateToLatest(databaseUrl, { waitMs: options.waitForDatabaseMs });
      await options.seed?.(databaseUrl);
    }
  } catch (err) {
    await removeBenchStores({ adminUrl: base(), database: own.database });
    throw err;
  }
  const standIn = await new SlackStandIn().start();
  const prefix = `od-bench-${randomBytes(3).toString('hex')}`;
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    BULLMQ_PREFIX: prefix,
    PORT: '0',
    API_TOKENS: `bench=${API_TOKEN}`,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standIn.apiUrl,
    SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
    SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
    ADMIN_SLACK_USER_IDS: 'UBENCHADMIN',
    // No pinned Today message unless a bench asks for it: its coalesced refreshes wait for their slot,
    // which a bench waiting for an empty outbox would count as its own time.
    SLACK_TODAY_UPDATE_SECONDS: '0',
    ...options.env,
  });
  const app = await startApp({ config, role: options.role ?? 'all', clock: options.clock ?? systemClock, logger: options.logger ?? createLogger('silent') });
  return {
    app,
    standIn,
    databaseUrl,
    baseUrl: `http://127.0.0.1:${app.port}`,
    async stop() {
      await app.close();
      await standIn.stop();
      await removeBenchStores({ adminUrl: base(), database: own.database, redis: { url: config.redisUrl, prefix } });
    },
  };
}

/** Seeds the kept database unless it exists already (migrations pending since are run on each copy). */
async function seedOnce(url: string, seed: ((databaseUrl: string) => Promise<void>) | undefined): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: base() });
  await admin.connect();
  const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  await admin.end();
  if (exists) return;
  try {
    await migrateToLatest(url);
    await seed?.(url);
  } catch (err) {
    // Half a seed would be copied by every later run: none rather.
    await removeBenchStores({ adminUrl: base(), database: name });
    throw err;
  }
}

/** A copy of a database, file by file (seconds, where seeding takes minutes); the template must have no connection open. */
async function copyDatabase(template: string, copy: string): Promise<void> {
  const admin = new pg.Client({ connectionString: base() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${copy}" TEMPLATE "${template.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
}

/** A database of the benchmark's own, on the same server as the app would use. */
export function benchDatabaseUrl(): { url: string; database: string; adminUrl: string } {
  const database = `od_bench_${randomBytes(4).toString('hex')}`;
  const url = new URL(base());
  url.pathname = `/${database}`;
  return { url: url.toString(), database, adminUrl: base() };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (n: number, digits = 1) => n.toFixed(digits);

/** Drops a benchmark's own database and removes its own Redis keys, leaving the shared servers as found. */
export async function removeBenchStores(o: { adminUrl: string; database: string | null; redis?: { url: string; prefix: string } }): Promise<void> {
  if (o.redis) {
    const { Redis } = await import('ioredis');
    const redis = new Redis(o.redis.url);
    const keys = await redis.keys(`${o.redis.prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
  if (o.database === null) return;
  const admin = new pg.Client({ connectionString: o.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${o.database}" WITH (FORCE)`);
  await admin.end();
}

/** A query as the app sent it, with its parameters, for its plan. */
export type CapturedQuery = { text: string; values: unknown[] };

let capture: { keep: (text: string) => boolean; queries: Map<string, CapturedQuery>; every: CapturedQuery[] | null } | null = null;
const clientQuery = pg.Client.prototype.query as unknown as (...args: unknown[]) => unknown;
(pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }).query = function (this: pg.Client, ...args: unknown[]) {
  if (capture) {
    const [first, second] = args;
    const text = typeof first === 'string' ? first : (first as { text?: unknown } | null)?.text;
    const values = typeof first === 'string' ? second : (first as { values?: unknown } | null)?.values;
    if (typeof text === 'string' && capture.keep(text)) {
      const query = { text, values: Array.isArray(values) ? values : [] };
      if (!capture.queries.has(text)) capture.queries.set(text, query);
      capture.every?.push(query);
    }
  }
  return clientQuery.apply(this, args);
};

/**
 * Every distinct query the app (in this process: the pool's clients are pg.Clients) sends while `fn`
 * runs, those `keep` accepts, each once, as sent: the plans a bench shows are those of the queries used
 * (`every`: each time it is sent, in order, to add up what they all read).
 */
export async function queriesOf(fn: () => Promise<unknown>, keep: (text: string) => boolean = () => true, o: { every?: boolean } = {}): Promise<CapturedQuery[]> {
  capture = { keep, queries: new Map(), every: o.every ? [] : null };
  const { queries, every } = capture;
  try {
    await fn();
  } finally {
    capture = null;
  }
  return every ?? [...queries.values()];
}
