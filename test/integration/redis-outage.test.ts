import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { timerJobId } from '../../jobs/definitions.js';
import { startApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { BLOCKS, CALLBACKS } from '../../src/slack/ids.js';
import { API_TOKEN } from '../support/app.js';
import { caseBody } from '../support/factories.js';
import { PrivateRedis } from '../support/private-redis.js';
import { input, newCaseForm } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';

// A Redis server of this file's own, which the tests stop and start again.
const redis = await PrivateRedis.start();
const app = await startSlackTestApp({ env: { REDIS_URL: redis.url } });
const COORD = 'UCOORD0001';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
});

const postCase = (externalId: string) =>
  fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(caseBody({ externalId, imageReview: false, deliveryChannel: 'email' })),
  });

describe('with Redis down', () => {
  it('with Redis down, POST /api/v1/cases answers 201 before Redis returns, and the reminder is scheduled when it does', async () => {
    expect((await postCase('redis-up')).status).toBe(201);
    await redis.stop();
    // The order of events, not a duration: every answer comes while Redis is still down.
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await postCase(`redis-down-${i}`));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    const { reference } = (await answers[0]!.json()) as { reference: string };

    // The case planned its reminders in PostgreSQL; their timers wait for Redis.
    const planned = await app.db
      .selectFrom('notifications as n')
      .innerJoin('cases as c', 'c.id', 'n.case_id')
      .select(['n.id', 'n.due_at'])
      .where('c.reference', '=', reference)
      .where('n.status', '=', 'planned')
      .execute();
    expect(planned.length).toBeGreaterThan(0);
    const jobIds = planned.map((p) => timerJobId(p.id, p.due_at.getTime()));

    await redis.up();
    const queue = app.jobQueue!.queue;
    const timersSet = async () => (await Promise.all(jobIds.map((id) => queue.getJob(id)))).every((job) => job?.name === 'dispatch-notification');
    // Probing while the connection comes back may fail: that is a "not yet".
    await waitFor(() => timersSet().catch(() => false), 30_000);
  });

  it('a slash command and a modal submission are answered while Redis is still down', async () => {
    await redis.stop();
    try {
      const command = await app.user.command(COORD, 'help').answer;
      expect(command.status).toBe(200);
      const submitted = await app.user.submit(
          COORD,
          CALLBACKS.newCase,
          newCaseForm({
            [BLOCKS.applicantName]: input.text('Anna Neri'),
            [BLOCKS.patientName]: input.text('Anna Neri'),
            [BLOCKS.birthDate]: input.date('1970-01-01'),
            [BLOCKS.area]: input.select('sarcoma'),
            [BLOCKS.language]: input.select('en'),
            [BLOCKS.deliveryChannel]: input.select('email'),
          }),
      );
      expect(submitted.status).toBe(200);
      expect(submitted.json).toBeNull();
    } finally {
      await redis.up();
    }
  });

  it('/readyz answers 503 naming Redis as the failing dependency, and 200 when it is back', async () => {
    await redis.stop();
    const down = await fetch(`${app.baseUrl}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      status: 'unavailable',
      failing: ['redis'],
      checks: { postgres: { status: 'ok' }, redis: { status: 'failing', error: expect.any(String) } },
    });
    await redis.up();
    await waitFor(async () => (await fetch(`${app.baseUrl}/readyz`)).status === 200, 30_000);
  });

  it('a worker started while Redis is down answers /healthz at once, and /readyz says Redis fails', async () => {
    await redis.stop();
    try {
      const config = loadConfig(workerEnv());
      // Started while Redis is down (the order of events): it did not wait for Redis.
      const worker = await startApp({ config, role: 'worker', clock: app.clock, logger: createLogger('silent') });
      onTestFinished(() => worker.close());
      expect((await fetch(`http://127.0.0.1:${worker.port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${worker.port}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ failing: ['redis'] });
    } finally {
      await redis.up();
    }
  });
});

/** The same settings as the app under test, for a second process of role `worker`. */
function workerEnv(): Record<string, string> {
  return {
    DATABASE_URL: app.config.databaseUrl,
    REDIS_URL: redis.url,
    BULLMQ_PREFIX: app.config.bullmqPrefix,
    PORT: '0',
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: 'unused-in-a-worker',
    SLACK_API_URL: app.standIn.apiUrl,
    SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
    SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
    ADMIN_SLACK_USER_IDS: 'UADMIN0001',
    LOG_LEVEL: 'silent',
  };
}
