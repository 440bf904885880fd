import { App, ExpressReceiver, LogLevel } from '@slack/bolt';
import type { Express } from 'express';
import type { SlackConfig } from '../config.js';
import type { Db } from '../db/database.js';
import type { Logger } from '../logger.js';
import type { BotIdentity } from './bot-identity.js';
import type { SlackDeps } from './deps.js';
import { registerListeners } from './listeners/index.js';
import { listenerTables } from './listener-table.js';
import { arrivalOf, dedupeEvents, slackRequestGuard } from './request-guard.js';
import type { SlackOutbound } from './web-api.js';


function boltLogger(logger: Logger) {
  const text = (m: unknown[]) => m.map((x) => (typeof x === 'string' ? x : JSON.stringify(x))).join(' ');
  return {
    // Bolt's debug output includes request payloads, which carry personal data: never logged.
    debug: () => undefined,
    info: (...m: unknown[]) => logger.info({ bolt: text(m) }),
    warn: (...m: unknown[]) => logger.warn({ bolt: text(m) }),
    error: (...m: unknown[]) => logger.error({ bolt: text(m) }),
    setLevel: () => undefined,
    getLevel: () => LogLevel.INFO,
    setName: () => undefined,
  };
}

export interface SlackReceiverApp {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The Bolt app. HTTP mode mounts `/slack/events` (signature checked by Bolt) on the same Express
 * server as the integration API; Socket Mode (SLACK_APP_TOKEN set) connects out instead.
 */
export function createBoltApp(
  slack: SlackConfig,
  http: Express,
  deps: SlackDeps,
  outbound: SlackOutbound,
  identity: BotIdentity,
  frontDoorDb: Db,
): SlackReceiverApp {
  const logger = boltLogger(deps.logger);
  // Bolt's own calls (`respond`, the Socket Mode connection) take the one outbound path too.
  const clientOptions = { slackApiUrl: outbound.apiUrl, fetch: outbound.fetch, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true };
  // `authorize` answers from what is already known: with a plain `token`, Bolt would call auth.test
  // before every listener, and no acknowledgement could go out while Slack's Web API is slow or down.
  // No conversation store: nothing here reads `context.conversation`, and it is work on every request.
  const common = { authorize: identity.authorize, logger, clientOptions, ignoreSelf: false, convoStore: false as const };
  // HTTP mode: signature, time window and replays are checked in front of Bolt (see request-guard.ts).
  if (!slack.appToken) http.use('/slack/events', slackRequestGuard({ signingSecret: slack.signingSecret ?? '', db: frontDoorDb, logger: deps.logger }));
  const app = slack.appToken
    ? // The Socket Mode client opens its connection with its own Web API client: give it the same base URL.
      new App({ ...common, appToken: slack.appToken, socketMode: true, installerOptions: { clientOptions } })
    : new App({
        ...common,
        receiver: new ExpressReceiver({
          signingSecret: slack.signingSecret ?? '',
          app: http,
          endpoints: '/slack/events',
          // Checked by slackRequestGuard, which also refuses future timestamps and replays.
          signatureVerification: false,
          customPropertiesExtractor: arrivalOf,
          logger,
          processEventErrorHandler: async ({ error, response }) => {
            if (response.headersSent) return false;
            // A signed payload Slack would never send (e.g. `"event": null`) makes Bolt's own parsing throw a
            // TypeError before any listener runs: that is the sender's error, not ours.
            const malformed = error instanceof TypeError || (error as { original?: unknown }).original instanceof TypeError;
            deps.logger.warn({ err: error.message, malformed }, 'Slack request not processed');
            response.writeHead(malformed ? 400 : 500);
            response.end();
            return false;
          },
        }),
      });
  app.error(async (err) => {
    deps.logger.error({ err: err.message, code: err.code }, 'unhandled Slack listener error');
  });
  app.use(dedupeEvents({ db: frontDoorDb, logger: deps.logger }));
  // One Bolt listener per kind of interaction, looking the id up, instead of ~40 each tried in turn.
  const tables = listenerTables(app);
  registerListeners(tables.app, deps);
  tables.install();
  return {
    start: async () => {
      // Not awaited: the socket keeps reconnecting by itself, and the process must serve /healthz and
      // the API meanwhile (Slack unreachable at boot must not keep the app from starting).
      if (slack.appToken) {
        app.start().catch((err: unknown) => deps.logger.error({ err: err instanceof Error ? err.message : String(err) }, 'Socket Mode did not connect'));
      }
    },
    stop: async () => {
      if (slack.appToken) await app.stop();
    },
  };
}
