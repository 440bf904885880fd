import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Clock } from '../src/clock.js';
import type { Timers } from '../src/services/notifications.js';
import { JOBS, QUEUE_NAME, SCHEDULERS, timerJobId } from './definitions.js';

export interface QueueConnection {
  url: string;
  prefix: string;
}

export function connectionOptions(redisUrl: string) {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/**
 * How long the producer waits for Redis before giving up on a command. A timer that could not be
 * set is not lost: it is set again when Redis answers, and the sweep sends from PostgreSQL anyway.
 */
export const PRODUCER_TIMEOUT_MS = 1_000;

/** Timers that failed while Redis was away, kept to be set again when it is back (oldest dropped first). */
const MAX_REMEMBERED_TIMERS = 10_000;

type TimerRow = { id: number; due_at: Date };

export class RedisTimeoutError extends Error {
  constructor(what: string) {
    super(`Redis did not answer within ${PRODUCER_TIMEOUT_MS} ms (${what})`);
    this.name = 'RedisTimeoutError';
  }
}

/** Rejects after the producer timeout; the command itself may still complete later, which is harmless. */
export function withinProducerTimeout<T>(what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(what)), PRODUCER_TIMEOUT_MS);
    timer.unref();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

/**
 * The producer side: any role sets notification timers; the worker role also keeps the schedulers.
 * Its Redis connection fails fast (no offline queue, a command timeout), so Redis being down never
 * holds up an answer: callers set timers without awaiting them, and what could not be set is set
 * again as soon as the connection is ready.
 */
export class JobQueue implements Timers {
  readonly queue: Queue;
  private readonly connection: Redis;
  private readonly unset = new Map<string, TimerRow>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private closing = false;

  constructor(
    connection: QueueConnection,
    private readonly clock: Clock,
  ) {
    this.connection = new Redis({
      ...connectionOptions(connection.url),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: PRODUCER_TIMEOUT_MS,
    });
    // Redis going away is reported by /readyz; the connection reconnects by itself.
    this.connection.on('error', () => undefined);
    this.connection.on('ready', () => this.setRemembered());
    this.queue = new Queue(QUEUE_NAME, { connection: this.connection, prefix: connection.prefix });
    this.queue.on('error', () => undefined);
  }

  /** Whether the producer's connection to Redis is up right now (no round trip). */
  get connected(): boolean {
    return this.connection.status === 'ready';
  }

  /** Timers not yet set because Redis was unreachable. */
  get unsetTimers(): number {
    return this.unset.size;
  }

  /**
   * Sets a timer (a delayed job) per planned notification, giving up after the producer timeout.
   * On failure the rows are remembered and set when Redis is back.
   */
  async schedule(rows: readonly TimerRow[], nowMs: number = this.clock.now()): Promise<void> {
    if (rows.length === 0 || this.closing) return;
    try {
      await this.track(withinProducerTimeout('set notification timers', this.add(rows, nowMs)));
      for (const r of rows) this.unset.delete(timerJobId(r.id, r.due_at.getTime()));
    } catch (err) {
      this.remember(rows);
      throw err;
    }
  }

  /**
   * Idempotent: answers whether any scheduler was missing (Redis was emptied or is new). Without Slack
   * only the jobs that need no Slack are scheduled, and schedulers left from a time with Slack removed.
   */
  async ensureSchedulers(digestCron: string, timeZone: string, slack: boolean): Promise<boolean> {
    const existing = new Set((await withinProducerTimeout('read schedulers', this.queue.getJobSchedulers())).map((s) => s.key));
    const all = Object.values(SCHEDULERS);
    const wanted = all.filter((s) => slack || !JOBS[s.job].needsSlack);
    const unwanted = all.filter((s) => !wanted.includes(s) && existing.has(s.id));
    const missing = wanted.some((s) => !existing.has(s.id));
    const opts = { removeOnComplete: true, removeOnFail: 100 };
    const repeat = (s: (typeof all)[number]) =>
      'every' in s ? { every: s.every } : { pattern: 'pattern' in s ? s.pattern : digestCron, tz: timeZone };
    await withinProducerTimeout(
      'set schedulers',
      Promise.all([
        ...wanted.map((s) => this.queue.upsertJobScheduler(s.id, repeat(s), { name: JOBS[s.job].name, data: {}, opts })),
        ...unwanted.map((s) => this.queue.removeJobScheduler(s.id)),
      ]),
    );
    return missing;
  }

  /** Jobs by state, for /metrics; null when Redis does not answer in time. */
  async depth(): Promise<Record<string, number> | null> {
    if (!this.connected) return null;
    return withinProducerTimeout('count jobs', this.queue.getJobCounts('waiting', 'delayed', 'active', 'failed')).catch(() => null);
  }

  /** Waits (bounded) for timers being set, then closes the connection whatever Redis does. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.allSettled([...this.inFlight]);
    await withinProducerTimeout('close the queue', this.queue.close()).catch(() => undefined);
    this.connection.disconnect();
  }

  private add(rows: readonly TimerRow[], now: number) {
    return this.queue.addBulk(
      rows.map((r) => ({
        name: JOBS.dispatchNotification.name,
        data: { notificationId: r.id },
        opts: {
          jobId: timerJobId(r.id, r.due_at.getTime()),
          delay: Math.max(0, r.due_at.getTime() - now),
          removeOnComplete: true,
          removeOnFail: 1000,
          attempts: 5,
          backoff: { type: 'exponential', delay: 2_000 },
        },
      })),
    );
  }

  private remember(rows: readonly TimerRow[]): void {
    for (const r of rows) this.unset.set(timerJobId(r.id, r.due_at.getTime()), r);
    for (const key of this.unset.keys()) {
      if (this.unset.size <= MAX_REMEMBERED_TIMERS) break;
      this.unset.delete(key);
    }
  }

  /** Redis is back: sets the timers that failed meanwhile (a stale one only makes the dispatcher look again). */
  private setRemembered(): void {
    if (this.unset.size === 0 || this.closing) return;
    this.schedule([...this.unset.values()]).catch(() => undefined);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    const done = () => this.inFlight.delete(p);
    p.then(done, done);
    return p;
  }
}
