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

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

const postCase = (externalId: string) =>
  fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(caseBody({ externalId, imageReview: false, deliveryChannel: 'email' })),
  });

describe('with Redis down', () => {
  it('with Redis down, POST /api/v1/cases answers 201 within 1 s and the reminder is scheduled when Redis returns', async () => {
    // The same request with Redis up: on a loaded machine it takes a while by itself.
    const usual = await timed(() => postCase('redis-up'));
    expect(usual.value.status).toBe(201);
    await redis.stop();
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await timed(() => postCase(`redis-down-${i}`)));
    expect(answers.map((a) => a.value.status)).toEqual([201, 201, 201]);
    for (const a of answers) expect(a.ms).toBeLessThan(1_000 + usual.ms);
    const { reference } = (await answers[0]!.value.json()) as { reference: string };

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
    await waitFor(() => timersSet().catch(() => false), 10_000);
  });

  it('a slash command and a modal submission are answered within 1 s', async () => {
    const usual = await timed(() => app.user.command(COORD, 'help').answer);
    await redis.stop();
    try {
      const command = await timed(() => app.user.command(COORD, 'help').answer);
      expect(command.value.status).toBe(200);
      expect(command.ms).toBeLessThan(1_000 + usual.ms);
      const submitted = await timed(() =>
        app.user.submit(
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
        ),
      );
      expect(submitted.value.status).toBe(200);
      expect(submitted.value.json).toBeNull();
      expect(submitted.ms).toBeLessThan(1_000 + usual.ms);
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
    await waitFor(async () => (await fetch(`${app.baseUrl}/readyz`)).status === 200, 10_000);
  });

  it('a worker started while Redis is down answers /healthz at once, and /readyz says Redis fails', async () => {
    await redis.stop();
    try {
      const config = loadConfig(workerEnv());
      const started = await timed(() => startApp({ config, role: 'worker', clock: app.clock, logger: createLogger('silent') }));
      const worker = started.value;
      onTestFinished(() => worker.close());
      expect(started.ms).toBeLessThan(3_000);
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
