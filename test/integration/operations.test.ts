import { execFile } from 'node:child_process';
import { builtEntry } from '../support/processes.js';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { API_TOKEN } from '../support/app.js';
import { caseBody, caseInput, coordinator, everyDocument, portal } from '../support/factories.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';

const run = promisify(execFile);
const logLines: string[] = [];
const app = await startSlackTestApp({
  now: '2026-11-30 09:00',
  logger: createLogger('info', { write: (line: string) => void logLines.push(line) }),
});

beforeAll(async () => {
  await app.grant(coordinator.id, 'coordinator');
});

/** `npm run cli -- …` against this test's database. */
async function cli(...args: string[]): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [builtEntry('cli'), ...args], {
      env: { ...process.env, DATABASE_URL: app.config.databaseUrl, LOG_LEVEL: 'silent' },
    });
    return { out: `${stdout}${stderr}`, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { out: `${e.stdout}${e.stderr}`, code: e.code };
  }
}

/** One sample of the Prometheus text, e.g. value(text, 'opinion_desk_cases{sla_state="running"}'). */
function value(metrics: string, sample: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${sample} `));
  return line === undefined ? undefined : Number(line.slice(sample.length + 1));
}

describe('/metrics', () => {
  it('shows the outbox, the queue, notifications sent and their lag, Slack ack latency and cases by SLA state', async () => {
    // A case that became ready this morning, and one still in intake; at 14:05 its "unclaimed" reminder is late.
    app.clock.set(rome('2026-11-30 10:00'));
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 09:00')) }), portal);
    await app.cases.execute(view.reference, { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO', reason: null }, coordinator);
    await app.cases.create(caseInput({ externalId: 'still-in-intake' }), portal);
    app.clock.set(rome('2026-11-30 14:05'));
    await app.notifications!.dispatchDue();
    expect((await app.user.command(coordinator.id, 'help').answer).status).toBe(200);
    await waitFor(async () => ((await app.jobQueue!.depth())?.delayed ?? 0) > 0);
    // What this process sent (by this call or by its own sweep), as PostgreSQL recorded it.
    const sent = await app.db.selectFrom('notifications').select(['kind', 'due_at', 'sent_at']).where('status', '=', 'sent').where('kind', '=', 'unclaimed').execute();
    expect(sent.length).toBeGreaterThan(0);
    const lagSeconds = sent.reduce((sum, n) => sum + (n.sent_at!.getTime() - n.due_at.getTime()) / 1000, 0);

    const res = await fetch(`${app.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(value(text, 'opinion_desk_outbox_messages{status="pending"}')).toBeGreaterThanOrEqual(0);
    expect(value(text, 'opinion_desk_outbox_messages{status="failed"}')).toBe(0);
    expect(value(text, 'opinion_desk_queue_jobs{state="delayed"}')).toBeGreaterThan(0);
    expect(value(text, 'opinion_desk_notifications_sent_total{kind="unclaimed"}')).toBe(sent.length);
    expect(value(text, 'opinion_desk_notification_lag_seconds_sum{kind="unclaimed"}')).toBeCloseTo(lagSeconds, 3);
    expect(value(text, 'opinion_desk_notification_lag_seconds_count{kind="unclaimed"}')).toBe(sent.length);
    expect(lagSeconds).toBeGreaterThan(0);
    expect(value(text, 'opinion_desk_slack_ack_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(value(text, 'opinion_desk_cases{sla_state="running"}')).toBe(1);
    expect(value(text, 'opinion_desk_cases{sla_state="not_started"}')).toBe(1);
    expect(value(text, 'opinion_desk_cases{sla_state="breached"}')).toBe(0);
    expect(value(text, 'opinion_desk_notification_overdue_seconds')).toBe(0);

    // A week later, nobody claimed it: breached, and the escalations due are now late.
    app.clock.set(rome('2026-12-09 10:00'));
    const later = await (await fetch(`${app.baseUrl}/metrics`)).text();
    expect(value(later, 'opinion_desk_cases{sla_state="breached"}')).toBe(1);
    expect(value(later, 'opinion_desk_notification_overdue_seconds')).toBeGreaterThan(0);
  });
});

describe('logs', () => {
  it('one line per HTTP request with method, path, status and duration, ISO timestamps, and never a query string or body', async () => {
    const before = logLines.length;
    const res = await fetch(`${app.baseUrl}/api/v1/cases?patient=Maria%20Rossi`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(caseBody({ externalId: 'logged-once' })),
    });
    expect(res.status).toBe(201);
    await fetch(`${app.baseUrl}/healthz`);
    const lines = logLines.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const access = lines.filter((l) => l.msg === 'http request');
    expect(access.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'POST', path: '/api/v1/cases', status: 201 },
      { method: 'GET', path: '/healthz', status: 200 },
    ]);
    for (const l of access) expect(typeof l.ms).toBe('number');
    for (const l of lines) expect(String(l.time)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(logLines.slice(before).join('\n')).not.toContain('Maria');
  });
});

describe('failed Slack messages, for an operator', () => {
  it('npm run cli -- outbox list shows them, and outbox retry sends them once the cause is fixed', async () => {
    // The managers' channel was archived: Slack refuses the digest for good.
    app.standIn.gate = (method, body) => (method === 'chat.postMessage' && body.channel === 'CMANAGERS' ? { status: 200, error: 'channel_not_found' } : null);
    app.clock.set(rome('2026-12-10 08:30'));
    expect(await app.notifications!.sendDigest()).toBe(true);
    const failedRows = () => app.db.selectFrom('slack_outbox').select(['id', 'kind', 'target']).where('status', '=', 'failed').orderBy('id').execute();
    const failed = await waitFor(async () => {
      const rows = await failedRows();
      return rows.length > 0 ? rows : null;
    }, 10_000);

    const list = await cli('outbox', 'list');
    expect(list.code).toBe(0);
    for (const f of failed) expect(list.out).toMatch(new RegExp(`^${f.id}\\s+${f.kind}\\s+.*channel_not_found$`, 'm'));

    // The channel is back: every failed message goes out, the digest once.
    app.standIn.gate = null;
    const digests = () => app.standIn.callsOf('chat.postMessage').filter((c) => c.body.channel === 'CMANAGERS' && String(c.body.text).startsWith('SLA digest') && c.response?.ok === true);
    expect(digests()).toHaveLength(0);
    const retry = await cli('outbox', 'retry');
    expect(retry.code).toBe(0);
    expect(retry.out).toMatch(/^\d+ messages? back in the queue/);
    await app.settle(15_000);
    const stillFailed = await app.db.selectFrom('slack_outbox').select('id').where('id', 'in', failed.map((f) => f.id)).where('status', '<>', 'sent').execute();
    expect(stillFailed).toEqual([]);
    expect(digests()).toHaveLength(1);
    const bad = await cli('outbox', 'retry', 'SO-2026-0001');
    expect(bad.code).toBe(2);
    expect(bad.out).toContain('"SO-2026-0001" is not a message id');
  }, 120_000);
});
