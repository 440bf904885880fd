import { UnrecoverableError, type Job } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/definitions.js';
import { jobProcessor, type JobHandlers } from '../../jobs/handlers.js';

/** What BullMQ hands a processor: a name and the stored data. */
const jobOf = (name: string, data: unknown) => ({ name, data }) as Job;

function recordingHandlers(): { handlers: JobHandlers; ran: string[] } {
  const ran: string[] = [];
  const record = (what: string) => async () => {
    ran.push(what);
    return what;
  };
  return {
    ran,
    handlers: {
      dispatchNotification: async ({ notificationId }) => {
        ran.push(`dispatch ${notificationId}`);
        return notificationId;
      },
      sweep: record('sweep'),
      digest: record('digest'),
      myWork: record('my-work'),
      reconcile: record('reconcile'),
      retention: record('retention'),
      foldTallies: record('fold-tallies'),
    },
  };
}

describe('the worker runs every declared job and only those', () => {
  it('a worker with no handler for a declared job refuses to start, naming the job', () => {
    const { handlers } = recordingHandlers();
    const { retention: _dropped, ...withoutRetention } = handlers;
    expect(() => jobProcessor(withoutRetention)).toThrow(`the worker has no handler for: ${JOBS.retention.name}`);
  });

  it('each job reaches its own handler with its parsed payload', async () => {
    const { handlers, ran } = recordingHandlers();
    const run = jobProcessor(handlers);
    await run(jobOf(JOBS.dispatchNotification.name, { notificationId: 7 }));
    await run(jobOf(JOBS.digest.name, {}));
    expect(ran).toEqual(['dispatch 7', 'digest']);
  });

  it('a malformed payload or an unknown job fails for good, and no handler runs', async () => {
    const { handlers, ran } = recordingHandlers();
    const run = jobProcessor(handlers);
    await expect(run(jobOf(JOBS.dispatchNotification.name, { notificationId: 'seven' }))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(run(jobOf('send-everything', {}))).rejects.toBeInstanceOf(UnrecoverableError);
    expect(ran).toEqual([]);
  });
});
