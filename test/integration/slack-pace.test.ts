import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { outboxRepository } from '../../src/db/repositories/outbox.js';
import { startTestApp } from '../support/app.js';
import { caseInput, portal } from '../support/factories.js';
import { SIGNING_SECRET } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';

const slackEnv = { SLACK_CHANNEL_MESSAGES_PER_SECOND: '1' };
const web = await startSlackTestApp({ env: slackEnv });
// A second process (a worker) on the same database and the same Slack.
const worker = await startTestApp({
  role: 'worker',
  env: {
    ...slackEnv,
    DATABASE_URL: web.config.databaseUrl,
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: web.standIn.apiUrl,
    SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
    SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
  },
});

describe('one pace for all processes', () => {
  it('two processes sharing a channel keep to its limit together: every message once, no 429', async () => {
    // Slack: bursts of 3, then about one message a second per channel (a little leeway for timers).
    const bucket = { tokens: 3, at: Date.now() };
    let refused = 0;
    web.standIn.gate = (method, body) => {
      if (method !== 'chat.postMessage' || body.channel !== 'CPACE') return null;
      const now = Date.now();
      bucket.tokens = Math.min(3, bucket.tokens + (now - bucket.at) / 1000);
      bucket.at = now;
      if (bucket.tokens < 0.8) {
        refused++;
        return { status: 429, retryAfterSeconds: 1 };
      }
      bucket.tokens -= 1;
      return null;
    };
    const messages = Array.from({ length: 7 }, (_, i) => ({
      caseId: null,
      kind: 'channel' as const,
      target: 'CPACE',
      payload: { text: `pace ${i}` },
      dedupeKey: `pace:${i}`,
    }));
    await outboxRepository(web.db).enqueue(messages, Date.now());
    web.slack!.delivery.nudge();
    worker.slack!.delivery.nudge();

    const sent = () => web.standIn.callsOf('chat.postMessage').filter((c) => c.body.channel === 'CPACE');
    await waitFor(() => sent().length === 7, 15_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(sent().map((c) => c.body.text).sort()).toEqual(messages.map((m) => m.payload.text).sort());
    expect(refused).toBe(0);
    web.standIn.gate = null;
  });

  it('while Slack hangs on a message, no database transaction is left open waiting for it', async () => {
    web.standIn.mode = { kind: 'hanging' };
    const before = web.standIn.refused.length;
    await outboxRepository(web.db).enqueue([{ caseId: null, kind: 'channel', target: 'CHANG', payload: { text: 'hanging' } }], Date.now());
    web.slack!.delivery.nudge();
    await waitFor(() => web.standIn.refused.slice(before).some((r) => r.method === 'chat.postMessage'), 5_000);
    const { rows } = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND state LIKE 'idle in transaction%'`.execute(web.db);
    expect(Number(rows[0]!.n)).toBe(0);
    web.standIn.mode = { kind: 'healthy' };
    await web.settle(15_000);
    expect(web.standIn.callsOf('chat.postMessage').filter((c) => c.body.channel === 'CHANG')).toHaveLength(1);
  });

  it('a thread line queued behind its card, whose refresh waits for its turn, is looked at again with the card, not every 5 ms meanwhile', async () => {
    const { view } = await web.cases.create(caseInput(), portal);
    await web.settle();
    // Nothing sends while the queue is set up as a paced card leaves it.
    await web.slack!.delivery.stop();
    await worker.slack!.delivery.stop();
    const outbox = outboxRepository(web.db);
    const queuedAt = Date.now();
    await outbox.enqueue(
      [
        { caseId: view.id, kind: 'card', target: null, payload: { text: '' } },
        { caseId: view.id, kind: 'thread', target: null, payload: { text: 'a line after the refresh' } },
      ],
      queuedAt,
    );
    const card = () => web.db.updateTable('slack_outbox').where('case_id', '=', view.id).where('kind', '=', 'card').where('status', '=', 'pending');
    // The refresh went back to the queue holding its turn in 30 s (chat.update's pace).
    const turn = queuedAt + 30_000;
    await card().set({ next_attempt_at: new Date(turn), claimed_by: null }).execute();
    expect(await outbox.nextAttemptAt('this-sender')).toBe(turn);
    // While this sender has the refresh in flight, its drain takes the line next; nothing else is due.
    await card().set({ claimed_by: 'this-sender' }).execute();
    expect(await outbox.nextAttemptAt('this-sender')).toBe(turn);
    // Another process's lease ends nobody knows when here: the line counts with its own instant.
    await card().set({ claimed_by: 'another-sender' }).execute();
    expect(await outbox.nextAttemptAt('this-sender')).toBe(queuedAt);

    await card().set({ next_attempt_at: new Date(), claimed_by: null }).execute();
    web.slack!.delivery.start();
    worker.slack!.delivery.start();
    await web.settle();
    const line = web.standIn.callsOf('chat.postMessage').filter((c) => c.body.text === 'a line after the refresh');
    expect(line).toHaveLength(1);
  });
});
