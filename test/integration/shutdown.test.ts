import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it, inject } from 'vitest';
import { caseBody } from '../support/factories.js';
import { testDatabase } from '../support/db.js';
import { TEST_REDIS_URL } from '../support/db-urls.js';
import { SIGNING_SECRET } from '../support/slack-requests.js';
import { waitFor } from '../support/slack-app.js';
import { SlackStandIn } from '../support/slack-stand-in.js';

const { url, db } = await testDatabase();
const standIn = await new SlackStandIn().start();
afterAll(() => standIn.stop());
const TOKEN = 'shutdown-token-0123456789';

function startProcess(port: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'all'], {
    env: {
      ...process.env,
      DATABASE_URL: url,
      REDIS_URL: TEST_REDIS_URL,
      BULLMQ_PREFIX: `odt-${inject('runId')}-${randomBytes(3).toString('hex')}`,
      PORT: String(port),
      API_TOKENS: TOKEN,
      SLACK_BOT_TOKEN: 'xoxb-shutdown',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
      SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.on('exit', () => child.stdout!.destroy());
  return { child, output: () => output };
}

describe('SIGTERM', () => {
  it('stops taking work, finishes what is in flight, exits 0; what was queued is delivered after a restart', async () => {
    const port = 4900 + Math.floor(Math.random() * 90);
    const first = startProcess(port);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => null))?.status === 200, 20_000);
    const created = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        fetch(`http://127.0.0.1:${port}/api/v1/cases`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify(caseBody({ externalId: `sigterm-${i}` })),
        }),
      ),
    );
    expect(created.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    first.child.kill('SIGTERM');
    const [code] = (await once(first.child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(first.output()).toContain('shutting down: finishing work in flight');
    const outbox = await db.selectFrom('slack_outbox').select('status').execute();
    expect(outbox.length).toBeGreaterThan(0);
    expect(outbox.every((o) => o.status === 'sent' || o.status === 'pending')).toBe(true);

    // Whatever was still queued goes out once the app runs again, and nothing goes twice.
    const second = startProcess(port);
    afterAll(async () => {
      second.child.kill('SIGTERM');
      if (second.child.exitCode === null) await once(second.child, 'exit');
    });
    await waitFor(async () => (await db.selectFrom('slack_outbox').select('status').where('status', '=', 'pending').execute()).length === 0, 20_000);
    const cards = standIn.callsOf('chat.postMessage').filter((c) => !c.body.thread_ts);
    expect(cards).toHaveLength(5);
  }, 60_000);
});
