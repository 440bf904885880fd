/**
 * Delivery under Slack's limits: 500 messages across 50 channels into a stand-in that allows about
 * one message per second per channel (bursts of 3) and answers 429 with Retry-After beyond that.
 *   npm run bench -- delivery
 */
import { outboxRepository } from '../src/db/repositories/outbox.js';
import { seededRandom } from './random.js';
import { startBenchApp } from './support.js';

const MESSAGES = 500;
const CHANNELS = 50;
const BURST = 3;
const PER_SECOND = 1;

const bench = await startBenchApp({ role: 'all' });
const buckets = new Map<string, { tokens: number; at: number }>();
let rateLimited = 0;
bench.standIn.gate = (method, body) => {
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
await outboxRepository(bench.app.db).enqueue(messages, Date.now());
bench.app.slack!.delivery.nudge();
for (;;) {
  const counts = await outboxRepository(bench.app.db).counts();
  if (!counts.pending) break;
  if (Date.now() - t0 > 300_000) throw new Error('delivery did not finish in 5 minutes');
  await new Promise((r) => setTimeout(r, 100));
}
const seconds = (Date.now() - t0) / 1000;
const delivered = bench.standIn.callsOf('chat.postMessage').filter((c) => String(c.body.text).startsWith('bench message'));
const distinct = new Set(delivered.map((c) => c.body.text)).size;
const counts = await outboxRepository(bench.app.db).counts();
await bench.stop();

console.log(`Delivery: ${MESSAGES} messages over ${CHANNELS} channels (busiest channel: ${Math.max(...perChannel.values())} messages)`);
console.log(`  delivered:           ${distinct} of ${MESSAGES} (failed: ${counts.failed ?? 0})`);
console.log(`  duplicated:          ${delivered.length - distinct}`);
console.log(`  429s received:       ${rateLimited}`);
console.log(`  time taken:          ${seconds.toFixed(1)} s; least the limits allow: ${leastSeconds.toFixed(1)} s (ratio ${(seconds / Math.max(leastSeconds, 0.001)).toFixed(2)})`);
