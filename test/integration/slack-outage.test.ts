import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { CALLBACKS } from '../../src/slack/ids.js';
import { newCaseForm } from '../support/slack-requests.js';
import type { StandInMode } from '../support/slack-stand-in.js';
import { paidReadyCase } from '../support/ready-case.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { buttonOf } from '../../src/slack/actions/registry.js';

const app = await startSlackTestApp({ now: '2026-11-30 09:30' });
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
});

/** A case ready for a reviewer, its card posted while Slack was well. */
async function readyCase(): Promise<string> {
  app.standIn.mode = { kind: 'healthy' };
  return paidReadyCase(app, COORD);
}

/** The card updates Slack accepted that show `userId` on case `ref`. */
const cardsShowing = (ref: string, userId: string) =>
  app.standIn.callsOf('chat.update').filter((c) => JSON.stringify(c.body.blocks).includes(ref) && JSON.stringify(c.body.blocks).includes(`<@${userId}>`));

const countCases = async () =>
  Number((await app.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);


const OUTAGES: [string, StandInMode][] = [
  ['hanging', { kind: 'hanging' }],
  ['answering 500', { kind: 'failing' }],
  // Long against the 3 s an acknowledgement may take; short enough for the test to see the card follow.
  ['answering 429 with a Retry-After of 8 s', { kind: 'rate-limiting', retryAfterSeconds: 8 }],
];

describe.each(OUTAGES)('with Slack %s', (_name, outage) => {
  it('a claim is acknowledged before Slack accepts anything about it and applied once; the card follows when Slack allows', async () => {
    const ref = await readyCase();
    const refusedBefore = app.standIn.refused.length;
    app.standIn.mode = outage;
    const answer = await slack.click(DOC, buttonOf('claim'), ref).answer;
    expect(answer.status).toBe(200);
    // Acknowledged before Slack accepted anything about the claim (the order of events, not a duration).
    expect(cardsShowing(ref, DOC)).toHaveLength(0);
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    // The card's update was tried while Slack was out, and kept.
    const refusedAt = (await waitFor(() => app.standIn.refused.slice(refusedBefore).find((r) => r.method === 'chat.update'))).at;
    app.standIn.mode = { kind: 'healthy' };
    await app.settle(15_000);
    expect((await app.cases.history(ref)).filter((e) => e.data.type === 'claimed')).toHaveLength(1);
    const card = app.standIn.callsOf('chat.update').filter((c) => JSON.stringify(c.body.blocks).includes(ref)).at(-1);
    expect(JSON.stringify(card?.body.blocks)).toContain('· Dr Bianchi ·');
    // A 429's Retry-After is honoured.
    if (outage.kind === 'rate-limiting') expect(card!.at - refusedAt).toBeGreaterThanOrEqual(outage.retryAfterSeconds * 1000);
  });

  it('a slash command is answered in its acknowledgement, needing no call to Slack', async () => {
    const ref = await readyCase();
    app.standIn.mode = outage;
    const status = slack.command(COORD, `status ${ref}`);
    const answer = await status.answer;
    expect(answer.status).toBe(200);
    // The answer is the acknowledgement itself: it never waited for Slack.
    expect(String(answer.json?.text)).toContain(ref);
    await new Promise((r) => setTimeout(r, 300));
    expect(app.standIn.calls.filter((c) => c.method === 'response_url' && c.responseId === status.responseId)).toHaveLength(0);
  });

  it('a new-case modal submission is acknowledged before its card reaches Slack and creates exactly one case', async () => {
    app.standIn.mode = outage;
    const before = await countCases();
    const answer = await slack.submit(COORD, CALLBACKS.newCase, newCaseForm());
    expect(answer.status).toBe(200);
    expect(answer.json).toBeNull();
    expect(await countCases()).toBe(before + 1);
    // Acknowledged before Slack accepted the new case's card.
    expect(app.standIn.callsOf('chat.postMessage').filter((c) => JSON.stringify(c.body.blocks ?? '').includes(`SO-2026-${String(before + 1).padStart(4, '0')}`))).toHaveLength(0);
    app.standIn.mode = { kind: 'healthy' };
    await app.settle(15_000);
    // A retry of the same request by the coordinator's client, or a late duplicate, adds nothing.
    expect(await countCases()).toBe(before + 1);
  });
});

describe('modals whose trigger expires while Slack does not answer', () => {
  it("with Slack hanging, /so new is acknowledged at once and the coordinator is told the form did not open", async () => {
    app.standIn.mode = { kind: 'hanging' };
    const cmd = slack.command(COORD, 'new');
    const answer = await cmd.answer;
    expect(answer.status).toBe(200);
    // Acknowledged before the form's fate is known: the word that it did not open comes after.
    expect(app.standIn.reply(cmd.responseId)).toBeUndefined();
    const reply = await waitFor(() => app.standIn.reply(cmd.responseId), 30_000);
    expect(String(reply.body.text)).toMatch(/did not open/);
    app.standIn.mode = { kind: 'healthy' };
  });
});

describe('shortcuts while Slack does not answer', () => {
  it('with Slack hanging, the message shortcut is acknowledged at once and the coordinator is told the form did not open', async () => {
    app.standIn.mode = { kind: 'hanging' };
    const shortcut = slack.messageShortcut(COORD, CALLBACKS.createFromMessage, 'Fax from the referring hospital');
    const answer = await shortcut.answer;
    expect(answer.status).toBe(200);
    expect(app.standIn.reply(shortcut.responseId)).toBeUndefined();
    const reply = await waitFor(() => app.standIn.reply(shortcut.responseId), 30_000);
    expect(String(reply.body.text)).toMatch(/did not open/);
    app.standIn.mode = { kind: 'healthy' };
  });
});

describe('the bot identity', () => {
  it('is learned once: fifty clicks and commands make no auth.test call', async () => {
    const ref = await readyCase();
    const before = app.standIn.callsOf('auth.test').length;
    for (let i = 0; i < 25; i++) {
      await slack.click(DOC, buttonOf('claim'), ref).answer;
      await slack.command(COORD, 'help').answer;
    }
    await app.settle();
    expect(app.standIn.callsOf('auth.test').length).toBe(before);
  });
});

describe('a command whose answer takes longer than Slack waits', () => {
  it('is acknowledged while its answer still waits, and answered through its response URL once the answer is ready', async () => {
    app.standIn.mode = { kind: 'healthy' };
    // Another session holds the staff table (a long migration, say): the answer waits for it.
    const blocker = new pg.Client({ connectionString: app.config.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE staff_roles IN ACCESS EXCLUSIVE MODE');
      const help = slack.command(COORD, 'help');
      // Acknowledged (empty) while the answer still waits for the staff table: before the lock is released.
      const answer = await help.answer;
      expect(answer.status).toBe(200);
      expect(answer.json).toBeNull();
      await blocker.query('ROLLBACK');
      const reply = await waitFor(() => app.standIn.reply(help.responseId));
      expect(reply.method).toBe('response_url');
      expect(String(reply.body.text)).toContain('/so');
    } finally {
      await blocker.end();
    }
  });
});

describe('a command that arrives while the replay check is slow', () => {
  it('is acknowledged while the replay ledger is still held, and answered through its response URL', async () => {
    app.standIn.mode = { kind: 'healthy' };
    // Another session holds the replay ledger and the staff table: the check gives up after 1 s, and
    // the answer waits for the staff table.
    const blocker = new pg.Client({ connectionString: app.config.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE slack_seen_requests, staff_roles IN ACCESS EXCLUSIVE MODE');
      const help = slack.command(COORD, 'help');
      // Acknowledged while the ledger is still held: the acknowledgement did not wait for the check.
      const answer = await help.answer;
      expect(answer.status).toBe(200);
      await blocker.query('ROLLBACK');
      const reply = await waitFor(() => app.standIn.reply(help.responseId));
      expect(reply.method).toBe('response_url');
    } finally {
      await blocker.end();
    }
  });
});
