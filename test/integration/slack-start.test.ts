import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';

/** Slack's Web API does not answer at all while the app starts. */
const t0 = Date.now();
const app = await startSlackTestApp({ slackMode: { kind: 'hanging' } });
const startedInMs = Date.now() - t0;

describe('starting while Slack does not answer', () => {
  it('starts at once, acknowledges clicks and commands within 3 s, and learns its identity once Slack answers', async () => {
    expect(startedInMs).toBeLessThan(5000);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    await app.grant('UDOC00001', 'doctor', ['prostate']);

    const t = Date.now();
    const [click, command] = await Promise.all([
      app.user.click('UDOC00001', ACTIONS.claim, 'SO-2026-0001').answer,
      app.user.command('UDOC00001', 'help').answer,
    ]);
    expect([click.status, command.status]).toEqual([200, 200]);
    expect(Date.now() - t).toBeLessThan(3000);
    expect(app.standIn.callsOf('auth.test')).toHaveLength(0);

    app.standIn.mode = { kind: 'healthy' };
    // Asked again in the background (backoff from 1 s), and only until it is known.
    await waitFor(() => app.standIn.callsOf('auth.test').length === 1, 10_000);
    await app.user.command('UDOC00001', 'help').answer;
    await new Promise((r) => setTimeout(r, 500));
    expect(app.standIn.callsOf('auth.test')).toHaveLength(1);
  });
});
