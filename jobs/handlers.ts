import { UnrecoverableError, type Job } from 'bullmq';
import type { z } from 'zod';
import { JOBS, type JobKey } from './definitions.js';

/** One handler per declared job, typed by its payload: a job added to JOBS does not compile without one. */
export type JobHandlers = { [K in JobKey]: (payload: z.infer<(typeof JOBS)[K]['payload']>) => Promise<unknown> };

/**
 * The queue's processor. Every declared job must have its handler, or the worker refuses to start
 * (a job that nobody runs would otherwise wait in Redis forever); each payload is parsed before its
 * handler runs, and a malformed one fails for good (retrying will not mend it).
 */
export function jobProcessor(handlers: Partial<JobHandlers>): (job: Job) => Promise<unknown> {
  const keys = Object.keys(JOBS) as JobKey[];
  const missing = keys.filter((key) => typeof handlers[key] !== 'function').map((key) => JOBS[key].name);
  if (missing.length > 0) throw new Error(`the worker has no handler for: ${missing.join(', ')}`);
  const keyOfName = new Map<string, JobKey>(keys.map((key) => [JOBS[key].name, key]));
  return async (job) => {
    const key = keyOfName.get(job.name);
    if (!key) throw new UnrecoverableError(`unknown job ${job.name}`);
    const parsed = JOBS[key].payload.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError(`invalid payload for ${job.name}: ${parsed.error.message}`);
    // The payload was parsed with this key's own schema; TypeScript cannot correlate the two lookups.
    const handler = handlers[key] as (payload: unknown) => Promise<unknown>;
    return handler(parsed.data);
  };
}
