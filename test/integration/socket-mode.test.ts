import { beforeAll, describe, expect, it } from 'vitest';
import { paidReadyCase } from '../support/ready-case.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { SocketModeUserSimulator } from '../support/slack-requests.js';
import { buttonOf } from '../../src/slack/actions/registry.js';

// Socket Mode (SLACK_APP_TOKEN set): Slack hands out a WebSocket address through apps.connections.open
// and sends every command, click and event over it; the app acknowledges each over the same socket.
const app = await startSlackTestApp({ now: '2026-11-30 09:30', env: { SLACK_APP_TOKEN: 'xapp-socket' } });
const socket = app.standIn.socketMode;
const slack = new SocketModeUserSimulator(socket, (id) => app.standIn.responseUrl(id));
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const MGR = 'UMGR00001';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
  await app.grant(MGR, 'manager');
  await waitFor(() => socket.connected);
});

const settled = () => new Promise((r) => setTimeout(r, 300));

describe('Socket Mode', () => {
  it('connects to the address Slack hands out, serves health and the API at once, and mounts no /slack/events', async () => {
    expect(app.standIn.callsOf('apps.connections.open')).toHaveLength(1);
    expect(socket.connectionCount).toBe(1);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/slack/events`, { method: 'POST' })).status).toBe(404);
  });

  it('a Claim clicked on a case card is acknowledged over the socket before the claim reaches its card, and applied once', async () => {
    const ref = await paidReadyCase(app, COORD);
    const click = slack.click(DOC, buttonOf('claim'), ref);
    const [ack] = await waitFor(() => (socket.acksOf(click.envelopeId).length > 0 ? socket.acksOf(click.envelopeId) : null));
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    await app.settle();
    // The order of events, not a duration: acknowledged first, the work (and the card showing it) after.
    const claimedCard = await waitFor(() =>
      app.standIn.callsOf('chat.update').find((c) => JSON.stringify(c.body.blocks).includes(ref) && JSON.stringify(c.body.blocks).includes('· Dr Bianchi ·')),
    );
    expect(ack!.at).toBeLessThanOrEqual(claimedCard.at);
    await settled();
    expect(socket.acksOf(click.envelopeId)).toHaveLength(1);
    expect((await app.cases.history(ref)).filter((e) => e.data.type === 'claimed')).toHaveLength(1);
  });

  it('/so help is acknowledged over the socket and the help reaches the user', async () => {
    const help = slack.command(COORD, 'help');
    await waitFor(() => socket.acksOf(help.envelopeId).length > 0);
    const reply = await waitFor(() => app.standIn.reply(help.responseId));
    expect(JSON.stringify(reply.body)).toContain('/so');
    await settled();
    expect(socket.acksOf(help.envelopeId)).toHaveLength(1);
  });

  it('an App Home event Slack delivers again after a timeout (retry_attempt 1, same event_id) refreshes the Home once', async () => {
    const publishes = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === MGR).length;
    const before = publishes();
    const opened = { type: 'app_home_opened', user: MGR, tab: 'home' };
    const first = slack.event(opened, { eventId: 'EvSOCKET01' });
    await waitFor(() => publishes() === before + 1);
    const retry = slack.event(opened, { eventId: 'EvSOCKET01', retryAttempt: 1, retryReason: 'timeout' });
    await waitFor(() => socket.acksOf(retry).length > 0);
    // A later, different event is handled in full: by then the retry has had its chance to run too.
    slack.event(opened, { eventId: 'EvSOCKET02' });
    await waitFor(() => publishes() >= before + 2);
    await settled();
    expect(socket.acksOf(first)).toHaveLength(1);
    expect(publishes()).toBe(before + 2);
  });
});
