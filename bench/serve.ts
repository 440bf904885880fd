/**
 * A server for the interaction benchmark, in its own process so the load generator does not share
 * its event loop: `ours` is opinion-desk (role web) on 10,000 seeded cases; `bare` is a Bolt app of
 * the same version that only acknowledges. Prints `PORT=<n>` when ready; stops on SIGTERM.
 */
import { App, ExpressReceiver } from '@slack/bolt';
import express from 'express';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SIGNING_SECRET } from '../test/support/slack-requests.js';
import { SlackStandIn } from '../test/support/slack-stand-in.js';
import { seedCases } from './seed.js';
import { startBenchApp } from './support.js';

const kind = process.argv[2];
const stops: (() => Promise<unknown>)[] = [];

if (kind === 'ours') {
  const bench = await startBenchApp({ role: 'web', seed: (url) => seedCases(url, 10_000) });
  // Slack over the internet answers in about 100 ms.
  bench.standIn.mode = { kind: 'slow', ms: 100 };
  stops.push(() => bench.stop());
  process.stdout.write(`PORT=${bench.app.port}\n`);
} else if (kind === 'bare') {
  const standIn = await new SlackStandIn().start();
  standIn.mode = { kind: 'slow', ms: 100 };
  const http = express();
  const receiver = new ExpressReceiver({ signingSecret: SIGNING_SECRET, app: http, endpoints: '/slack/events' });
  // Its identity given, so that Bolt never asks Slack (auth.test) before a listener.
  const bolt = new App({ token: 'xoxb-bare', botId: 'BBARE', botUserId: 'UBARE', receiver, clientOptions: { slackApiUrl: standIn.apiUrl } });
  bolt.action(/.*/, async ({ ack }) => ack());
  bolt.command('/so', async ({ ack }) => ack());
  const server = http.listen(0);
  await once(server, 'listening');
  stops.push(async () => server.close(), () => standIn.stop());
  process.stdout.write(`PORT=${(server.address() as AddressInfo).port}\n`);
} else {
  process.stderr.write('usage: serve.ts ours|bare\n');
  process.exit(2);
}

process.on('SIGTERM', () => {
  void Promise.all(stops.map((s) => s())).finally(() => process.exit(0));
});
