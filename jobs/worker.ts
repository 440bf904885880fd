import { setTimeout as sleep } from 'node:timers/promises';
import { Worker } from 'bullmq';
import type { Logger } from '../src/logger.js';
import type { NotificationService } from '../src/services/notifications.js';
import type { RetentionService } from '../src/services/retention.js';
import { JOBS, QUEUE_NAME, type JobKey } from './definitions.js';
import { jobProcessor, type JobHandlers } from './handlers.js';
import { connectionOptions, type JobQueue, type QueueConnection } from './queue.js';

export interface JobWorker {
  /** Stops taking jobs, finishes the one in hand, closes connections. */
  close(): Promise<void>;
}

/**
 * The worker role: runs the jobs, keeps the schedulers in place (re-creating them, and
 * reconciling, when Redis has lost them) and rebuilds the timers from PostgreSQL at start.
 */
export async function startJobWorker(o: {
  connection: QueueConnection;
  queue: JobQueue;
  /** Null when Slack is not configured: the jobs that need Slack are then neither scheduled nor run. */
  notifications: NotificationService | null;
  retention: RetentionService;
  /** The morning "My work" DMs; null without Slack. */
  myWork: { sendMorning(): Promise<number> } | null;
  /** Folds the tallies PostgreSQL keeps of the cases (no Slack needed). */
  foldTallies: () => Promise<unknown>;
  digestCron: string;
  timeZone: string;
  logger: Logger;
  concurrency?: number;
  /** How often to check that the schedulers still exist. */
  watchIntervalMs?: number;
}): Promise<JobWorker> {
  const { notifications, logger } = o;
  // Such a job can still arrive without Slack: a timer or scheduler left in Redis from a time with Slack.
  const withSlack =
    <P>(job: JobKey, run: (n: NotificationService, payload: P) => Promise<unknown>) =>
    async (payload: P) => {
      if (notifications) return run(notifications, payload);
      logger.info({ job: JOBS[job].name }, 'job skipped: it needs Slack, which is not configured');
      return null;
    };
  const handlers: JobHandlers = {
    dispatchNotification: withSlack('dispatchNotification', (n, { notificationId }: { notificationId: number }) => n.dispatchDue(notificationId)),
    sweep: withSlack('sweep', (n) => n.dispatchDue()),
    digest: withSlack('digest', (n) => n.sendDigest()),
    myWork: withSlack('myWork', async () => o.myWork?.sendMorning() ?? null),
    reconcile: withSlack('reconcile', (n) => n.reconcile()),
    retention: () => o.retention.eraseExpired(),
    foldTallies: () => o.foldTallies(),
  };

  const worker = new Worker(
    QUEUE_NAME,
    jobProcessor(handlers),
    { connection: connectionOptions(o.connection.url), prefix: o.connection.prefix, concurrency: o.concurrency ?? 4 },
  );
  worker.on('failed', (job, err) => logger.warn({ job: job?.name, jobId: job?.id, err: err.message }, 'job failed'));
  worker.on('error', (err) => logger.warn({ err: err.message }, 'worker error'));

  // Redis unreachable at the last check: timers set meanwhile may be missing, so they are rebuilt.
  let redisWasAway = false;
  const watch = async () => {
    try {
      const missing = await o.queue.ensureSchedulers(o.digestCron, o.timeZone, notifications !== null);
      if (notifications && (missing || redisWasAway)) {
        const rebuilt = await notifications.reconcile();
        logger.info({ ...rebuilt, schedulersMissing: missing }, 'timers rebuilt from PostgreSQL');
      }
      redisWasAway = false;
    } catch (err) {
      redisWasAway = true;
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'scheduler check failed; will retry');
    }
  };
  // Not awaited: a worker starts (and answers /healthz) while Redis is down, and catches up when it returns.
  let checking: Promise<void> = watch();
  const timer = setInterval(() => {
    checking = checking.then(watch);
  }, o.watchIntervalMs ?? 30_000);
  timer.unref();

  return {
    async close() {
      clearInterval(timer);
      // Finishes the job in hand; with Redis away the connections are dropped instead of waited on.
      const closed = await Promise.race([worker.close().then(() => true, () => false), sleep(WORKER_CLOSE_TIMEOUT_MS, false, { ref: false })]);
      if (!closed) {
        logger.warn({ timeoutMs: WORKER_CLOSE_TIMEOUT_MS }, 'worker did not close in time: disconnecting from Redis');
        await worker.disconnect().catch(() => undefined);
      }
      await Promise.race([checking, sleep(1_000, undefined, { ref: false })]);
    },
  };
}

/** A job in hand gets this long to finish at shutdown (the process must be gone within 10 s). */
const WORKER_CLOSE_TIMEOUT_MS = 3_000;
