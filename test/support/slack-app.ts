import { afterAll } from 'vitest';
import type { AppOptions } from '../../src/app.js';
import type { Role } from '../../src/domain/permissions.js';
import type { Logger } from '../../src/logger.js';
import { ADMIN, startTestApp, type TestApp } from './app.js';
import { SIGNING_SECRET, SlackClientSimulator } from './slack-requests.js';
import { SlackStandIn, type StandInMode } from './slack-stand-in.js';

export interface SlackTestApp extends TestApp {
  standIn: SlackStandIn;
  user: SlackClientSimulator;
  /** Waits until every queued Slack message has been delivered (or failed). */
  settle(timeoutMs?: number): Promise<void>;
  grant(userId: string, role: Role, areas?: string[], name?: string): Promise<void>;
}

/**
 * Waits for a condition: tests wait for events, never for a duration. The timeout only ends a test
 * whose condition never comes; it is generous so that a machine busy with other work (two cores
 * shared by several suites) slows a test down without failing it.
 */
export async function waitFor<T>(probe: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The whole app (role `all`) with Slack pointed at a local stand-in, and a simulated Slack client. */
export async function startSlackTestApp(
  options: {
    env?: Record<string, string>;
    now?: string;
    logger?: Logger;
    /** How Slack's Web API behaves from the moment the app starts. */
    slackMode?: StandInMode;
    /** Prepares the stand-in before the app starts (e.g. failures of its first calls). */
    prepare?: (standIn: SlackStandIn) => void;
    mailTiming?: AppOptions['mailTiming'];
  } = {},
): Promise<SlackTestApp> {
  const standIn = await new SlackStandIn().start();
  if (options.slackMode) standIn.mode = options.slackMode;
  options.prepare?.(standIn);
  afterAll(() => standIn.stop());
  const app = await startTestApp({
    role: 'all',
    now: options.now,
    logger: options.logger,
    mailTiming: options.mailTiming,
    env: {
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: standIn.apiUrl,
      SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
      SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
      // The stand-in does not rate-limit unless a test asks it to; pacing is tested on its own.
      SLACK_CHANNEL_MESSAGES_PER_SECOND: '200',
      SLACK_UPDATES_PER_MINUTE: '12000',
      // No pinned Today message unless a test is about it (its refreshes would wait for their slot in settle()).
      SLACK_TODAY_UPDATE_SECONDS: '0',
      ...options.env,
    },
  });
  const slack = new SlackClientSimulator(app.baseUrl, (id) => standIn.responseUrl(id), undefined, (id, body) => standIn.showAnswer(id, body));
  return {
    ...app,
    standIn,
    user: slack,
    async settle(timeoutMs = 30_000) {
      // Charts asked for are drawn after their acknowledgement; their files join the outbox when done.
      await app.slack?.deps.chartRenders.idle();
      await waitFor(async () => {
        app.slack?.delivery.nudge();
        const row = await app.db
          .selectFrom('slack_outbox')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow();
        return Number(row.n) === 0;
      }, timeoutMs);
    },
    async grant(userId, role, areas = [], name) {
      await app.staff.grant({ id: ADMIN, roles: new Set(['admin']) }, userId, role, areas, name ?? null);
    },
  };
}
