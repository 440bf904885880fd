import { z } from 'zod';

/** The one queue of the worker role, and every job it runs: declared once, payloads parsed with zod. */
export const QUEUE_NAME = 'opinion-desk';

export const JOBS = {
  /** Sends one planned notification when its timer fires. */
  dispatchNotification: { name: 'dispatch-notification', payload: z.object({ notificationId: z.number().int().positive() }) },
  /** Every minute: sends whatever PostgreSQL says is due (the safety net under the timers). */
  sweep: { name: 'sweep', payload: z.object({}).strict() },
  /** The managers' daily digest (cron in the calendar's time zone; skipped on closed days). */
  digest: { name: 'digest', payload: z.object({}).strict() },
  /** Rebuilds plans and timers from PostgreSQL. */
  reconcile: { name: 'reconcile', payload: z.object({}).strict() },
  /** Nightly: erases the personal data of cases closed longer than RETENTION_PERSONAL_DATA_DAYS. */
  retention: { name: 'retention', payload: z.object({}).strict() },
} as const;

export type JobName = (typeof JOBS)[keyof typeof JOBS]['name'];

/** Timer job ids carry the due instant, so a notification moved later gets a fresh timer. ':' is not allowed. */
export const timerJobId = (notificationId: number, dueAtMs: number) => `notify-${notificationId}-${dueAtMs}`;

export const SCHEDULERS = {
  sweep: { id: 'sweep', every: 60_000 },
  reconcile: { id: 'reconcile', every: 15 * 60_000 },
  digest: { id: 'daily-digest' },
  /** 03:15 in the calendar's time zone, when nobody works. */
  retention: { id: 'retention', pattern: '15 3 * * *' },
} as const;
