import { beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, CALLBACKS } from '../../src/slack/ids.js';
import { paidReadyCase } from '../support/ready-case.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';

const app = await startSlackTestApp({ now: '2026-11-30 09:30' });
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
    expect((await slack.click(DOC, ACTIONS.claim, ref).answer).status).toBe(200);
    const capturedClaim = slack.sent.at(-1)!;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    // Release, confirmed in its modal.
    expect((await slack.submit(DOC, CALLBACKS.release, {}, { reference: ref })).status).toBe(200);
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
    const answer = await slack.click(DOC, ACTIONS.claim, ref, { timestamp: ahead }).answer;
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
