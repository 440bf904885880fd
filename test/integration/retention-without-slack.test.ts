import { beforeAll, describe, expect, it } from 'vitest';
import { JOBS } from '../../jobs/definitions.js';
import { createLogger } from '../../src/logger.js';
import { ADMIN, API_TOKEN, startTestApp } from '../support/app.js';
import { caseBody, coordinator } from '../support/factories.js';
import { waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';

// A hospital that uses only the integration API: no Slack token at all. Personal data must still be
// erased on schedule (SPEC section 9), so the worker runs the jobs that need no Slack.
const logLines: string[] = [];
const app = await startTestApp({
  role: 'all',
  now: '2026-11-30 09:30',
  logger: createLogger('info', { write: (line: string) => void logLines.push(line) }),
});

let reference = '';

beforeAll(async () => {
  await app.staff.grant({ id: ADMIN, roles: new Set(['admin']) }, coordinator.id, 'coordinator', [], null);
  const res = await fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(caseBody()),
  });
  expect(res.status).toBe(201);
  reference = ((await res.json()) as { reference: string }).reference;
  app.clock.set(rome('2026-11-30 10:00'));
  await app.cases.execute(reference, { type: 'cancel', reason: 'withdrawn by the patient' }, coordinator);
});

describe('retention with Slack not configured', () => {
  it('the nightly retention job (and the tallies\' fold) is scheduled, and nothing that needs Slack is', async () => {
    const queue = await waitFor(() => app.jobQueue?.queue);
    const schedulers = await waitFor(async () => {
      const all = await queue.getJobSchedulers();
      return all.length > 1 ? all : null;
    });
    expect(schedulers.map((s) => s.key).sort()).toEqual(['fold-tallies', 'retention']);
    expect(schedulers.find((s) => s.key === 'retention')).toMatchObject({ pattern: '15 3 * * *', tz: 'Europe/Rome' });
  });

  it('a case closed more than 365 days ago loses its personal data when the scheduled job runs', async () => {
    const queue = await waitFor(() => app.jobQueue?.queue);
    const scheduler = await waitFor(() => queue.getJobScheduler('retention'));
    app.clock.set(rome('2027-12-01 03:15'));
    // What the scheduler adds at 03:15 (BullMQ fires it on the real clock, so the test adds it now).
    await queue.add(scheduler.name, scheduler.template?.data ?? {}, { removeOnComplete: true, removeOnFail: true });
    await waitFor(async () => (await app.cases.history(reference)).some((e) => e.data.type === 'personal_data_erased'));
    const last = (await app.cases.history(reference)).at(-1)!;
    expect(last).toMatchObject({ actor: 'system:retention', data: { type: 'personal_data_erased' } });
    expect(JSON.stringify(await app.cases.get(reference))).not.toContain('Maria Rossi');
  });

  it('schedulers left in Redis from a time with Slack are removed at the next check', async () => {
    const jobQueue = await waitFor(() => app.jobQueue);
    await jobQueue.ensureSchedulers(app.config.digestCron, 'Europe/Rome', true);
    expect(await jobQueue.queue.getJobSchedulers()).toHaveLength(6);
    await jobQueue.ensureSchedulers(app.config.digestCron, 'Europe/Rome', false);
    expect((await jobQueue.queue.getJobSchedulers()).map((s) => s.key).sort()).toEqual(['fold-tallies', 'retention']);
  });

  it('a job that needs Slack left in Redis from a time with Slack (the sweep) is skipped, with a log line naming it', async () => {
    const queue = await waitFor(() => app.jobQueue?.queue);
    await queue.add(JOBS.sweep.name, {}, { removeOnComplete: true, removeOnFail: true });
    const line = await waitFor(() => logLines.find((l) => l.includes('job skipped: it needs Slack, which is not configured')));
    expect(JSON.parse(line)).toMatchObject({ job: 'sweep' });
  });
});
