import { Queue } from 'bullmq';
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

/** The producer side: any role sets notification timers; the worker role also keeps the schedulers. */
export class JobQueue implements Timers {
  readonly queue: Queue;

  constructor(
    connection: QueueConnection,
    private readonly clock: Clock,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection: connectionOptions(connection.url), prefix: connection.prefix });
    // Redis going away is reported by /readyz; the queue reconnects by itself.
    this.queue.on('error', () => undefined);
  }

  async schedule(rows: readonly { id: number; due_at: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    const now = this.clock.now();
    await this.queue.addBulk(
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

  /** Idempotent: answers whether any scheduler was missing (Redis was emptied or is new). */
  async ensureSchedulers(digestCron: string, timeZone: string): Promise<boolean> {
    const existing = new Set((await this.queue.getJobSchedulers()).map((s) => s.key));
    const missing = [SCHEDULERS.sweep.id, SCHEDULERS.reconcile.id, SCHEDULERS.digest.id].some((id) => !existing.has(id));
    const opts = { removeOnComplete: true, removeOnFail: 100 };
    await this.queue.upsertJobScheduler(SCHEDULERS.sweep.id, { every: SCHEDULERS.sweep.every }, { name: JOBS.sweep.name, data: {}, opts });
    await this.queue.upsertJobScheduler(SCHEDULERS.reconcile.id, { every: SCHEDULERS.reconcile.every }, { name: JOBS.reconcile.name, data: {}, opts });
    await this.queue.upsertJobScheduler(SCHEDULERS.digest.id, { pattern: digestCron, tz: timeZone }, { name: JOBS.digest.name, data: {}, opts });
    return missing;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
