import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../support/app.js';
import { waitFor } from '../support/slack-app.js';
import { SlackStandIn } from '../support/slack-stand-in.js';

const standIn = await new SlackStandIn().start();
afterAll(() => standIn.stop());
const app = await startTestApp({
  role: 'web',
  env: {
    SLACK_BOT_TOKEN: 'xoxb-socket',
    SLACK_APP_TOKEN: 'xapp-socket',
    SLACK_API_URL: standIn.apiUrl,
    SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
    SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
  },
});

describe('Socket Mode (SLACK_APP_TOKEN set)', () => {
  it('asks the configured Web API for a socket, serves health and the API at once, and mounts no /slack/events', async () => {
    await waitFor(() => standIn.callsOf('apps.connections.open').length > 0);
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${app.baseUrl}/slack/events`, { method: 'POST' })).status).toBe(404);
  });
});
