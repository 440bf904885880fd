/**
 * Delivery under Slack's limits, several processes side by side: 2 `web` + 2 `worker` processes share
 * one outbox of 500 messages across 50 channels, into a stand-in that allows about one message per
 * second per channel (bursts of 3) and answers 429 with Retry-After beyond that.
 *   npm run bench -- delivery
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createDb } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { freePort } from '../test/support/ports.js';
import { outboxRepository } from '../src/db/repositories/outbox.js';
import { SIGNING_SECRET } from '../test/support/slack-requests.js';
import { SlackStandIn } from '../test/support/slack-stand-in.js';
import { seededRandom } from './random.js';
import { removeBenchStores } from './support.js';

const MESSAGES = 500;
const CHANNELS = 50;
const BURST = 3;
const PER_SECOND = 1;
const ROLES = ['web', 'web', 'worker', 'worker'] as const;

const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const name = `od_bench_${randomBytes(4).toString('hex')}`;
const dbUrl = new URL(base);
dbUrl.pathname = `/${name}`;
await migrateToLatest(dbUrl.toString());
const db = createDb(dbUrl.toString(), 2);

// Slack as it paces a channel: a bucket per channel, refilled continuously, measured on arrival.
const standIn = await new SlackStandIn().start();
const buckets = new Map<string, { tokens: number; at: number }>();
let rateLimited = 0;
standIn.gate = (method, body) => {
  if (method !== 'chat.postMessage') return null;
  const channel = String(body.channel);
  const now = Date.now();
  const b = buckets.get(channel) ?? { tokens: BURST, at: now };
  b.tokens = Math.min(BURST, b.tokens + ((now - b.at) / 1000) * PER_SECOND);
  b.at = now;
  buckets.set(channel, b);
  if (b.tokens < 1) {
    rateLimited++;
    return { status: 429, retryAfterSeconds: 1 };
  }
  b.tokens -= 1;
  return null;
};


const prefix = `od-bench-${randomBytes(3).toString('hex')}`;
const children: ChildProcess[] = [];
// Whatever happens to this script, its processes do not outlive it.
process.on('exit', () => children.forEach((c) => c.exitCode === null && c.kill('SIGKILL')));
const ports: number[] = [];
for (const role of ROLES) {
  const port = await freePort();
  ports.push(port);
  children.push(
    spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', role], {
      env: {
        ...process.env,
        DATABASE_URL: dbUrl.toString(),
        BULLMQ_PREFIX: prefix,
        PORT: String(port),
        API_TOKENS: 'bench=bench-token-0123456789abcdef',
        ADMIN_SLACK_USER_IDS: 'UBENCHADMIN',
        SLACK_BOT_TOKEN: 'xoxb-bench',
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
        SLACK_API_URL: standIn.apiUrl,
        SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
        SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
        SLACK_CHANNEL_MESSAGES_PER_SECOND: String(PER_SECOND),
        LOG_LEVEL: 'error',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    }),
  );
}
const deadline = Date.now() + 120_000;
for (const port of ports) {
  while (!(await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok).catch(() => false))) {
    if (Date.now() > deadline) throw new Error('the processes did not start in 2 minutes');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const rnd = seededRandom(99);
const messages = Array.from({ length: MESSAGES }, (_, i) => ({
  caseId: null,
  kind: 'channel' as const,
  target: `C${String(Math.floor(rnd() * CHANNELS)).padStart(2, '0')}`,
  payload: { text: `bench message ${i}` },
  dedupeKey: `bench:${i}`,
}));
const perChannel = new Map<string, number>();
for (const m of messages) perChannel.set(m.target, (perChannel.get(m.target) ?? 0) + 1);
// The least time the limits allow: the busiest channel's messages beyond its burst, one per second.
const leastSeconds = Math.max(...[...perChannel.values()].map((n) => Math.max(0, n - BURST) / PER_SECOND));

const t0 = Date.now();
await outboxRepository(db).enqueue(messages, Date.now());
const delivered = () => standIn.callsOf('chat.postMessage').filter((c) => String(c.body.text).startsWith('bench message'));
let lastAt = t0;
for (;;) {
  const counts = await outboxRepository(db).counts();
  if (!counts.pending) break;
  if (Date.now() - t0 > 300_000) throw new Error('delivery did not finish in 5 minutes');
  await new Promise((r) => setTimeout(r, 50));
}
lastAt = Math.max(lastAt, ...delivered().map((c) => c.at));
const seconds = (lastAt - t0) / 1000;
const sent = delivered();
const distinct = new Set(sent.map((c) => c.body.text)).size;
const counts = await outboxRepository(db).counts();

for (const child of children) child.kill('SIGTERM');
await Promise.all(children.map((c) => (c.exitCode === null ? once(c, 'exit') : null)));
await db.destroy();
await standIn.stop();
await removeBenchStores({ adminUrl: base, database: name, redis: { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix } });

console.log(`Delivery: ${MESSAGES} messages over ${CHANNELS} channels (busiest channel: ${Math.max(...perChannel.values())} messages), ${ROLES.length} processes (${ROLES.join(', ')})`);
console.log(`  delivered:           ${distinct} of ${MESSAGES} (lost: ${MESSAGES - distinct}, failed: ${counts.failed ?? 0})`);
console.log(`  duplicated:          ${sent.length - distinct}`);
console.log(`  429s received:       ${rateLimited}`);
console.log(`  time taken:          ${seconds.toFixed(1)} s; least the limits allow: ${leastSeconds.toFixed(1)} s (ratio ${(seconds / Math.max(leastSeconds, 0.001)).toFixed(2)}; aim ≤ 1.1)`);
console.log('  (the machine is shared with other work: figures vary with its load)');
