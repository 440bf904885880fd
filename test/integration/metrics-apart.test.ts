import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { API_TOKEN, startTestApp } from '../support/app.js';
import { caseBody, caseInput, portal } from '../support/factories.js';
import { waitFor } from '../support/slack-app.js';

/**
 * SPEC section 6: `/metrics` never competes with the API for connections. Its figures are read on a
 * connection of its own, at most once per METRICS_CACHE_SECONDS, and METRICS_PORT serves it apart.
 */
const app = await startTestApp({ now: '2026-12-04 15:00', env: { DATABASE_TIMEOUT_MS: '30000', METRICS_CACHE_SECONDS: '5' } });

async function scrape(baseUrl = app.baseUrl): Promise<{ status: number; text: string }> {
  const res = await fetch(`${baseUrl}/metrics`, { signal: AbortSignal.timeout(20_000) });
  return { status: res.status, text: await res.text() };
}

const casesLine = /^opinion_desk_cases\{sla_state="not_started"\} (\d+)$/m;

describe('/metrics beside the API', () => {
  it('answers with its PostgreSQL figures while every connection of the API pool waits on a locked case', async () => {
    const created = await fetch(`${app.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(caseBody()),
    });
    const { reference } = (await created.json()) as { reference: string };
    const holder = new pg.Client({ connectionString: app.config.databaseUrl });
    const observer = new pg.Client({ connectionString: app.config.databaseUrl });
    await Promise.all([holder.connect(), observer.connect()]);
    const events: string[] = [];
    let waiting: Promise<unknown> = Promise.resolve();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT 1 FROM cases WHERE reference = $1 FOR UPDATE', [reference]);
      waiting = Promise.all(
        Array.from({ length: 12 }, () =>
          fetch(`${app.baseUrl}/api/v1/cases/${reference}/documents`, {
            method: 'POST',
            headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify({ documents: [{ item: 'privacy_consent', receivedAt: '2026-12-04T14:00:00+01:00' }] }),
          }).then(() => events.push('API answered')),
        ),
      );
      // All ten connections of the API's pool wait on the lock (seen from outside the holder's
      // transaction, whose view of pg_stat_activity is a snapshot).
      await waitFor(async () => {
        const r = await observer.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        return Number(r.rows[0]!.n) >= 10;
      });
      const answer = await scrape();
      events.push('metrics answered');
      expect(answer.status).toBe(200);
      // The figures read from PostgreSQL are there (a source that did not answer would be left out).
      expect(Number(casesLine.exec(answer.text)?.[1])).toBe(1);
      expect(answer.text).toMatch(/^opinion_desk_outbox_messages\{status="pending"\} 0$/m);
    } finally {
      await holder.query('ROLLBACK');
      await Promise.all([holder.end(), observer.end()]);
      await waiting;
    }
    expect(events[0]).toBe('metrics answered');
  });

  it('scrapes within the cache window issue no new query; once it has passed, one read serves them all', async () => {
    app.clock.advance(60_000);
    const before = app.metrics.queriesRead;
    await scrape();
    const perRead = app.metrics.queriesRead - before;
    expect(perRead).toBeGreaterThan(0);
    // Sixty-four scrapers at once, then one more: all served from that read.
    const answers = await Promise.all(Array.from({ length: 64 }, () => scrape()));
    for (const a of answers) expect(Number(casesLine.exec(a.text)?.[1])).toBe(1);
    await scrape();
    expect(app.metrics.queriesRead).toBe(before + perRead);

    // A case created meanwhile shows once the window has passed, in one read for sixteen scrapers at once.
    await app.cases.create(caseInput(), portal);
    expect(Number(casesLine.exec((await scrape()).text)?.[1])).toBe(1);
    app.clock.advance(5_000);
    const fresh = await Promise.all(Array.from({ length: 16 }, () => scrape()));
    for (const a of fresh) expect(Number(casesLine.exec(a.text)?.[1])).toBe(2);
    expect(app.metrics.queriesRead).toBe(before + 2 * perRead);
  });

  it('METRICS_PORT serves /metrics on its own port, and the public port no longer shows it', async () => {
    const apart = await startTestApp({ env: { METRICS_PORT: '0' } });
    expect(apart.metricsPort).not.toBeNull();
    expect(apart.metricsPort).not.toBe(apart.port);
    expect((await scrape(apart.baseUrl)).status).toBe(404);
    const there = await scrape(`http://127.0.0.1:${apart.metricsPort}`);
    expect(there.status).toBe(200);
    expect(there.text).toMatch(casesLine);
    expect((await fetch(`${apart.baseUrl}/healthz`)).status).toBe(200);
  });
});
