import { describe, expect, it } from 'vitest';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { buttonOf } from '../../src/slack/actions/registry.js';

/** Slack's Web API does not answer at all while the app starts. */
const app = await startSlackTestApp({ slackMode: { kind: 'hanging' } });

describe('starting while Slack does not answer', () => {
  it('starts and acknowledges clicks and commands before Slack ever answers, and learns its identity once Slack answers', async () => {
    // Started (and serving) while Slack has answered nothing at all: the order of events, not a duration.
    expect(app.standIn.calls.filter((c) => c.method !== 'ack')).toHaveLength(0);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    await app.grant('UDOC00001', 'doctor', ['prostate']);

    const [click, command] = await Promise.all([
      app.user.click('UDOC00001', buttonOf('claim'), 'SO-2026-0001').answer,
      app.user.command('UDOC00001', 'help').answer,
    ]);
    expect([click.status, command.status]).toEqual([200, 200]);
    // Both acknowledged while Slack's Web API still answers nothing (a refusal went to its response URL).
    expect(app.standIn.calls.filter((c) => c.method !== 'ack' && c.method !== 'response_url')).toHaveLength(0);
    expect(app.standIn.callsOf('auth.test')).toHaveLength(0);

    app.standIn.mode = { kind: 'healthy' };
    // Asked again in the background (backoff from 1 s), and only until it is known.
    await waitFor(() => app.standIn.callsOf('auth.test').length === 1, 30_000);
    await app.user.command('UDOC00001', 'help').answer;
    await new Promise((r) => setTimeout(r, 500));
    expect(app.standIn.callsOf('auth.test')).toHaveLength(1);
  });
});
