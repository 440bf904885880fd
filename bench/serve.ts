/**
 * A server for the interaction benchmark, in its own process so the load generator does not share
 * its event loop:
 * - `ours`: opinion-desk (role web) on 10,000 seeded cases;
 * - `bare`: a Bolt app of the same version that only acknowledges;
 * - `door`: that bare app behind our front door (signature, time window, replay ledger in
 *   PostgreSQL), to show what the checks alone cost, apart from the work a request asks for.
 * Slack's Web API is a stand-in answering in about 100 ms, as Slack does over the internet. Prints
 * `PORT=<n>` when ready; stops on SIGTERM.
 */
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createDb } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createLogger } from '../src/logger.js';
import { slackRequestGuard } from '../src/slack/request-guard.js';
import { SIGNING_SECRET } from '../test/support/slack-requests.js';
import { SlackStandIn, type StandInMode } from '../test/support/slack-stand-in.js';
import { seedCases } from './seed.js';
import { benchDatabaseUrl, removeBenchStores, startBenchApp } from './support.js';

const kind = process.argv[2];
/** `BENCH_SLACK=hanging` (or `failing`): Slack's Web API never answers (or answers 500) instead of ~100 ms. */
const slackMode: StandInMode =
  process.env.BENCH_SLACK === 'hanging' ? { kind: 'hanging' } : process.env.BENCH_SLACK === 'failing' ? { kind: 'failing' } : { kind: 'slow', ms: 100 };
const stops: (() => Promise<unknown>)[] = [];

async function bareBolt(front?: express.Router): Promise<number> {
  const standIn = await new SlackStandIn().start();
  standIn.mode = slackMode;
  const http = express();
  if (front) http.use('/slack/events', front);
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, app: http, endpoints: '/slack/events', signatureVerification: !front });
  // Its identity given, so that Bolt never asks Slack (auth.test) before a listener.
  const bolt = new App({ token: 'xoxb-bare', botId: 'BBARE', botUserId: 'UBARE', receiver, clientOptions: { slackApiUrl: standIn.apiUrl } });
  bolt.action(/.*/, async ({ ack }) => ack());
  bolt.command('/so', async ({ ack }) => ack());
  const server = http.listen(0);
  await once(server, 'listening');
  stops.unshift(async () => server.close(), () => standIn.stop());
  return (server.address() as AddressInfo).port;
}

let port: number;
if (kind === 'ours') {
  const bench = await startBenchApp({ role: 'web', seed: (url) => seedCases(url, 10_000) });
  bench.standIn.mode = slackMode;
  stops.push(() => bench.stop());
  port = bench.app.port;
} else if (kind === 'door') {
  const { url, database, adminUrl } = benchDatabaseUrl();
  await migrateToLatest(url);
  const db = createDb(url, 2);
  stops.push(() => db.destroy(), () => removeBenchStores({ adminUrl, database }));
  port = await bareBolt(slackRequestGuard({ signingSecret: SIGNING_SECRET, db, logger: createLogger('silent') }));
} else if (kind === 'bare') {
  port = await bareBolt();
} else {
  process.stderr.write('usage: serve.ts ours|bare|door\n');
  process.exit(2);
}
process.stdout.write(`PORT=${port}\n`);

process.on('SIGTERM', () => {
  void (async () => {
    for (const stop of stops) await stop();
  })().finally(() => process.exit(0));
});
