import { z } from 'zod';

/**
 * The one queue of the worker role, and every job it runs: declared once, payloads parsed with zod.
 * `needsSlack`: the job only makes sense with Slack configured (its work is sending to Slack); a worker
 * without Slack neither schedules it nor runs it, and still runs the others (retention above all).
 */
export const QUEUE_NAME = 'opinion-desk';

export const JOBS = {
  /** Sends one planned notification when its timer fires. */
  dispatchNotification: { name: 'dispatch-notification', payload: z.object({ notificationId: z.number().int().positive() }), needsSlack: true },
  /** Every minute: sends whatever PostgreSQL says is due (the safety net under the timers). */
  sweep: { name: 'sweep', payload: z.object({}).strict(), needsSlack: true },
  /** The managers' daily digest (cron in the calendar's time zone; skipped on closed days). */
  digest: { name: 'digest', payload: z.object({}).strict(), needsSlack: true },
  /** At the digest's hour: each doctor's and coordinator's "My work" DM (skipped on closed days; once per person and day). */
  myWork: { name: 'my-work', payload: z.object({}).strict(), needsSlack: true },
  /** Rebuilds plans and timers from PostgreSQL. */
  reconcile: { name: 'reconcile', payload: z.object({}).strict(), needsSlack: true },
  /** Nightly: erases the personal data of cases closed longer than RETENTION_PERSONAL_DATA_DAYS. */
  retention: { name: 'retention', payload: z.object({}).strict(), needsSlack: false },
  /** Every 10 minutes: folds the tallies PostgreSQL keeps of the cases to one row per group (their readers sum the rows). */
  foldTallies: { name: 'fold-tallies', payload: z.object({}).strict(), needsSlack: false },
} as const;

export type JobKey = keyof typeof JOBS;

export type JobName = (typeof JOBS)[keyof typeof JOBS]['name'];

/** Timer job ids carry the due instant, so a notification moved later gets a fresh timer. ':' is not allowed. */
export const timerJobId = (notificationId: number, dueAtMs: number) => `notify-${notificationId}-${dueAtMs}`;

/** The recurring jobs, each with the job it adds; patterns run in the calendar's time zone. */
export const SCHEDULERS = {
  sweep: { id: 'sweep', job: 'sweep', every: 60_000 },
  reconcile: { id: 'reconcile', job: 'reconcile', every: 15 * 60_000 },
  /** DIGEST_CRON. */
  digest: { id: 'daily-digest', job: 'digest' },
  /** DIGEST_CRON too: people read their own work as the managers read the digest. */
  myWork: { id: 'my-work', job: 'myWork' },
  /** 03:15, when nobody works. */
  retention: { id: 'retention', job: 'retention', pattern: '15 3 * * *' },
  foldTallies: { id: 'fold-tallies', job: 'foldTallies', every: 10 * 60_000 },
} as const satisfies Record<string, { id: string; job: JobKey; every?: number; pattern?: string }>;
