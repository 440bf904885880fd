import { beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { paidReadyCase } from '../support/ready-case.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

// The claims of the last test wait on a lock for as long as the machine needs to line them all up.
const app = await startSlackTestApp({ now: '2026-11-30 09:30', env: { DATABASE_TIMEOUT_MS: '300000' } });
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
});

const readyCase = () => paidReadyCase(app, COORD);

const events = async (ref: string, type: string) => (await app.cases.history(ref)).filter((e) => e.data.type === type);

describe('a signed request replayed within its 5 minutes', () => {
  it('a captured Claim replayed after the doctor released the case is acknowledged and has no effect', async () => {
    const ref = await readyCase();
    expect((await slack.click(DOC, buttonOf('claim'), ref).answer).status).toBe(200);
    const capturedClaim = slack.sent.at(-1)!;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    // Release, confirmed in its modal.
    expect((await slack.submit(DOC, formOf('release'), {}, { reference: ref })).status).toBe(200);
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === null);

    const replay = await slack.resend(capturedClaim);
    expect(replay.status).toBe(200);
    await app.settle();
    await new Promise((r) => setTimeout(r, 300));
    expect((await app.cases.get(ref)).state.assignee).toBeNull();
    expect(await events(ref, 'claimed')).toHaveLength(1);
  });

  it('a slash command replayed is answered once', async () => {
    const status = slack.command(COORD, 'help');
    expect((await status.answer).status).toBe(200);
    await waitFor(() => app.standIn.reply(status.responseId));
    expect((await slack.resend(slack.sent.at(-1)!)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(app.standIn.calls.filter((c) => c.responseId === status.responseId)).toHaveLength(1);
  });
});

describe('timestamps', () => {
  it('a request signed with a timestamp an hour ahead is refused and changes nothing', async () => {
    const ref = await readyCase();
    const ahead = Math.floor(Date.now() / 1000) + 3600;
    const answer = await slack.click(DOC, buttonOf('claim'), ref, { timestamp: ahead }).answer;
    expect(answer.status).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect((await app.cases.get(ref)).state.assignee).toBeNull();
  });

  it('a request signed a few seconds ahead (clocks a little apart) is accepted', async () => {
    const cmd = slack.command(COORD, 'help', { timestamp: Math.floor(Date.now() / 1000) + 20 });
    expect((await cmd.answer).status).toBe(200);
    await waitFor(() => app.standIn.reply(cmd.responseId));
  });
});

describe('the replay check never queues behind the work of earlier requests', () => {
  it('with every database connection of the app waiting on a case locked elsewhere, a new click is still acknowledged at once', async () => {
    const locked = await readyCase();
    const other = await readyCase();
    // Another session (a long report, a migration) holds the case row: each claim on it waits, holding one
    // of the app's connections, until all ten of them wait.
    const blocker = new pg.Client({ connectionString: app.config.databaseUrl });
    await blocker.connect();
    // Read on a connection of its own: inside the blocker's transaction pg_stat_activity is a snapshot
    // taken at its first read, so a count read there never grows.
    const observer = new pg.Client({ connectionString: app.config.databaseUrl });
    await observer.connect();
    const lockWaiters = async () =>
      Number(
        (
          await observer.query<{ n: string }>(
            "SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()",
          )
        ).rows[0]!.n,
      );
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT id FROM cases WHERE reference = $1 FOR UPDATE', [locked]);
      const waiting = await Promise.all(Array.from({ length: 12 }, () => slack.click(DOC, buttonOf('claim'), locked).answer));
      expect(waiting.map((a) => a.status)).toEqual(Array(12).fill(200));
      // However slow the machine, this only waits for the claims to reach the lock (the app's lock
      // wait is bounded far beyond it here, so they keep waiting).
      await waitFor(async () => (await lockWaiters()) >= 10, 120_000);

      const answer = await slack.click(DOC, buttonOf('claim'), other).answer;
      expect(answer.status).toBe(200);
      // The order of events, not a duration: the click's replay check was written while every
      // connection of the app still waited on the lock, so it used none of them (before, it queued
      // for one and gave up after its own 1 s, skipping the check).
      const signature = slack.sent.at(-1)!.headers['x-slack-signature']!;
      const checked = await blocker.query('SELECT 1 FROM slack_seen_requests WHERE key = $1', [`request:${signature}`]);
      expect(checked.rowCount).toBe(1);
      expect(await lockWaiters()).toBeGreaterThanOrEqual(10);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
      await observer.end();
    }
    // Nothing was lost meanwhile: one of the twelve claims took the locked case, the new click the other.
    await waitFor(async () => (await app.cases.get(locked)).state.assignee === DOC && (await app.cases.get(other)).state.assignee === DOC, 60_000);
    expect(await events(locked, 'claimed')).toHaveLength(1);
  }, 240_000);
});
