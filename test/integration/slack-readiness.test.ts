import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { API_TOKEN, startTestApp } from '../support/app.js';
import { caseBody } from '../support/factories.js';
import { SIGNING_SECRET } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';

type Readiness = { status: string; checks: { slack?: { status: string; required: boolean; error?: string } } };
const readyz = async (baseUrl: string) => {
  const res = await fetch(`${baseUrl}/readyz`);
  return { code: res.status, body: (await res.json()) as Readiness };
};

const logLines: string[] = [];
const revoked = await startSlackTestApp({
  logger: createLogger('info', { write: (line: string) => void logLines.push(line) }),
  prepare: (standIn) => {
    standIn.failNext('auth.test', { status: 200, error: 'invalid_auth' }, 1000);
    standIn.failNext('chat.postMessage', { status: 200, error: 'channel_not_found' }, 1000);
  },
});

// SLACK_API_URL points where nothing listens.
const unreachable = await startTestApp({
  role: 'all',
  env: {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: 'http://127.0.0.1:9/api/',
    SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
    SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
  },
});

describe('/readyz shows when Slack does not work, without making the API unready', () => {
  it('a revoked or wrong Slack token shows as failing, and the API stays ready', async () => {
    const { code, body } = await waitFor(async () => {
      const r = await readyz(revoked.baseUrl);
      return r.body.checks.slack?.status === 'failing' ? r : null;
    });
    expect(code).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.checks.slack?.required).toBe(false);
    expect(body.checks.slack?.error).toBe('auth.test: invalid_auth');
  });

  it('a Slack URL where nothing answers shows as failing, and the API stays ready', async () => {
    const { code, body } = await waitFor(async () => {
      const r = await readyz(unreachable.baseUrl);
      return r.body.checks.slack?.status === 'failing' ? r : null;
    });
    expect(code).toBe(200);
    expect(body.checks.slack?.error).toBe('auth.test: unreachable');
  });
});

describe('failed Slack calls are logged', () => {
  it('with the method and the error code, and never what was sent', async () => {
    const res = await fetch(`${revoked.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(caseBody()),
    });
    const { reference } = (await res.json()) as { reference: string };
    const failure = await waitFor(() =>
      logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.slackMethod === 'chat.postMessage'),
    );
    expect(failure).toMatchObject({ slackMethod: 'chat.postMessage', slackError: 'channel_not_found' });
    // The card's text names the case; a log line about the failed call carries none of it.
    expect(logLines.filter((l) => l.includes(reference))).toEqual([]);
    expect(logLines.join('\n')).not.toContain('xoxb-test-token');
  });
});
