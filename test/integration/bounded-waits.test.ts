import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.js';
import { API_TOKEN, startTestApp } from '../support/app.js';
import { caseBody } from '../support/factories.js';
import { PrivatePostgres } from '../support/private-postgres.js';
import { waitFor } from '../support/slack-app.js';

/**
 * SPEC section 6, "Bounded waits": no API call waits past DATABASE_TIMEOUT_MS for PostgreSQL (a
 * connection, a lock, a statement); it answers 503 with Retry-After instead, as it does when
 * PostgreSQL refuses connections. The bound is 1 s here; each test asserts what was answered and
 * that it came while PostgreSQL was still locked, frozen or stopped (never how long it took).
 */
const BOUND = { DATABASE_TIMEOUT_MS: '1000' };
/** Only so that a call that hangs (the bug) ends the test instead of the test run. */
const GIVE_UP = AbortSignal.timeout.bind(AbortSignal, 20_000);

interface Answer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
}

async function call(baseUrl: string, method: string, path: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${baseUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: GIVE_UP(),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
}

const receipt = { documents: [{ item: 'privacy_consent', receivedAt: '2026-12-04T14:00:00+01:00' }] };

describe('a case row locked by another transaction', () => {
  it('calls on it answer 503 with Retry-After while the lock is held, and so does a create waiting behind them; afterwards they succeed', async () => {
    const app = await startTestApp({ now: '2026-12-04 15:00', env: BOUND });
    const created = await call(app.baseUrl, 'POST', '/cases', caseBody());
    expect(created.status).toBe(201);
    const reference = String(created.body.reference);

    // Another process (an operator's psql, a stuck migration) holds the row.
    const holder = new pg.Client({ connectionString: app.config.databaseUrl });
    await holder.connect();
    const events: string[] = [];
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM cases WHERE reference = $1 FOR UPDATE', [reference]);
      // More calls on the locked case than the pool has connections, and a create behind them.
      const onLocked = Array.from({ length: 12 }, () => call(app.baseUrl, 'POST', `/cases/${reference}/documents`, receipt));
      const create = call(app.baseUrl, 'POST', '/cases', caseBody({ externalId: 'behind-the-lock' }));
      const answers = await Promise.all(onLocked);
      const createAnswer = await create;
      events.push('answered');
      for (const a of answers) {
        expect(a.status).toBe(503);
        expect(a.retryAfter).toBe('5');
        expect(a.body.error).toMatch(/busy or unavailable/);
      }
      // The create touches no locked row: it is served, or told to come back if no connection freed in time.
      expect([201, 503]).toContain(createAnswer.status);
      if (createAnswer.status === 503) expect(createAnswer.retryAfter).toBe('5');
    } finally {
      await holder.query('ROLLBACK');
      events.push('lock released');
      await holder.end();
    }
    expect(events).toEqual(['answered', 'lock released']);
    // Nothing was left half done, and the case takes the same call now.
    const after = await call(app.baseUrl, 'POST', `/cases/${reference}/documents`, receipt);
    expect(after.status).toBe(200);
    expect((after.body.checklist as { item: string; state: string }[]).find((c) => c.item === 'privacy_consent')?.state).toBe('received');
  });
});

describe('PostgreSQL frozen, then stopped (a cluster of this test\'s own)', async () => {
  const server = await PrivatePostgres.start();
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE od_bounded');
  await admin.end();
  await migrateToLatest(server.url('od_bounded'));
  const app = await startTestApp({ now: '2026-12-04 15:00', env: { ...BOUND, DATABASE_URL: server.url('od_bounded') } });
  const created = await call(app.baseUrl, 'POST', '/cases', caseBody());
  const reference = String(created.body.reference);

  it('frozen: calls answer 503 with Retry-After while it is still frozen, never hang; thawed, they are served again', async () => {
    expect(created.status).toBe(201);
    const events: string[] = [];
    server.freeze();
    try {
      // Idle pooled connections (their queries are taken by the kernel, never answered), new
      // connections (accepted, never greeted) and transactions: each gives up at the bound.
      const answers = await Promise.all([
        ...Array.from({ length: 12 }, () => call(app.baseUrl, 'GET', `/cases/${reference}`)),
        call(app.baseUrl, 'POST', '/cases', caseBody({ externalId: 'while-frozen' })),
        call(app.baseUrl, 'POST', `/cases/${reference}/documents`, receipt),
      ]);
      events.push('answered');
      for (const a of answers) expect([a.status, a.retryAfter]).toEqual([503, '5']);
    } finally {
      server.thaw();
      events.push('thawed');
    }
    expect(events).toEqual(['answered', 'thawed']);
    // The connections that got no answer were replaced: the API is served again.
    await waitFor(async () => (await call(app.baseUrl, 'GET', `/cases/${reference}`)).status === 200);
    expect((await call(app.baseUrl, 'POST', `/cases/${reference}/documents`, receipt)).status).toBe(200);
  });

  it('stopped (connections refused): 503 with Retry-After, not 500', async () => {
    await server.stop();
    const stopped = await Promise.all([
      call(app.baseUrl, 'GET', `/cases/${reference}`),
      call(app.baseUrl, 'POST', '/cases', caseBody({ externalId: 'while-stopped' })),
      call(app.baseUrl, 'GET', `/cases/${reference}/history`),
    ]);
    for (const a of stopped) {
      expect([a.status, a.retryAfter]).toEqual([503, '5']);
      expect(a.body.error).toMatch(/busy or unavailable/);
    }
  });
});
