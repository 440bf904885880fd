import { afterAll, describe, expect, it } from 'vitest';
import { caseBody } from '../support/factories.js';
import { testPrefix } from '../support/app.js';
import { testDatabase } from '../support/db.js';
import { TEST_REDIS_URL } from '../support/db-urls.js';
import { PrivateRedis } from '../support/private-redis.js';
import { spawnApp, type Spawned } from '../support/processes.js';
import { deleteKeys } from '../support/redis-keys.js';
import { SIGNING_SECRET } from '../support/slack-requests.js';
import { waitFor } from '../support/slack-app.js';
import { SlackStandIn } from '../support/slack-stand-in.js';

const { url, db } = await testDatabase();
const standIn = await new SlackStandIn().start();
afterAll(() => standIn.stop());
const TOKEN = 'shutdown-token-0123456789';
const prefix = testPrefix();
afterAll(() => deleteKeys(`${prefix}:*`));
const redis = await PrivateRedis.start();

/** `npm start -- all` as a child process; answers once it listens, with its port. */
async function startProcess(env: Record<string, string> = {}): Promise<Spawned & { port: number }> {
  const app = spawnApp(['all'], {
    env: {
      DATABASE_URL: url,
      REDIS_URL: TEST_REDIS_URL,
      BULLMQ_PREFIX: prefix,
      PORT: '0',
      API_TOKENS: TOKEN,
      SLACK_BOT_TOKEN: 'xoxb-shutdown',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
      SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
      ADMIN_SLACK_USER_IDS: 'UADMIN0001',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  const port = await waitFor(() => {
    const line = app.output().split('\n').find((l) => l.includes('"HTTP server listening"'));
    return line ? (JSON.parse(line) as { port: number }).port : null;
  }, 60_000);
  return { ...app, port };
}

async function exitTime(app: Spawned, ...signals: NodeJS.Signals[]): Promise<{ code: number | string; ms: number }> {
  const started = performance.now();
  for (const signal of signals) {
    app.child.kill(signal);
    await new Promise((r) => setTimeout(r, 200));
  }
  const code = await app.exited;
  return { code, ms: performance.now() - started };
}

describe('SIGTERM', () => {
  it('stops taking work, finishes what is in flight, exits 0; what was queued is delivered after a restart', async () => {
    const first = await startProcess();
    await waitFor(async () => (await fetch(`http://127.0.0.1:${first.port}/readyz`).catch(() => null))?.status === 200, 20_000);
    const created = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        fetch(`http://127.0.0.1:${first.port}/api/v1/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(caseBody({ externalId: `sigterm-${i}` })),
        }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    const { code } = await exitTime(first, 'SIGTERM');
    expect(code).toBe(0);
    expect(first.output()).toContain('shutting down: finishing work in flight');
    const outbox = await db.selectFrom('slack_outbox').select('status').execute();
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.every((o) => o.status === 'sent' || o.status === 'pending')).toBe(true);

    // Whatever was still queued goes out once the app runs again, and nothing goes twice.
    const second = await startProcess();
    await waitFor(async () => (await db.selectFrom('slack_outbox').select('status').where('status', '=', 'pending').execute()).length === 0, 20_000);
    const cards = standIn.callsOf('chat.postMessage').filter((c) => !c.body.thread_ts);
    expect(cards).toHaveLength(5);
    expect((await exitTime(second, 'SIGTERM')).code).toBe(0);
  }, 120_000);

  it('with Redis down, SIGTERM ends the process within 10 s; SIGINT too, and a second signal at once', async () => {
    const apps = await Promise.all([0, 1].map(() => startProcess({ REDIS_URL: redis.url })));
    await Promise.all(apps.map((a) => waitFor(async () => (await fetch(`http://127.0.0.1:${a.port}/readyz`).catch(() => null))?.status === 200, 60_000)));
    await redis.stop();
    const [term, interrupt] = apps as [Spawned & { port: number }, Spawned & { port: number }];
    const interrupted = (async () => {
      const started = performance.now();
      // The second signal right behind the first: however fast the shutdown would be, it is under way
      // when the second arrives (the first signal's handler marks the process stopping).
      interrupt.child.kill('SIGINT');
      interrupt.child.kill('SIGTERM');
      const code = await interrupt.exited;
      return { code, ms: performance.now() - started };
    })();
    const [terminated, second] = await Promise.all([exitTime(term, 'SIGTERM'), interrupted]);
    expect(terminated.code).toBe(0);
    expect(terminated.ms).toBeLessThan(10_000);
    expect(term.output()).toContain('"signal":"SIGTERM","msg":"shutting down: finishing work in flight"');
    // One of the two started the same shutdown; the other ended the process at once. Which came first
    // is the kernel's and libuv's to say (sent back to back, they were seen in either order).
    expect(second.code).toBe(1);
    expect(second.ms).toBeLessThan(10_000);
    expect(interrupt.output()).toMatch(/"signal":"SIG(INT|TERM)","msg":"shutting down: finishing work in flight"/);
    expect(interrupt.output()).toContain('"msg":"second signal: exiting now"');
  }, 120_000);
});
