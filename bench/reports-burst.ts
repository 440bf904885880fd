/**
 * Bounded work per request (issue 16 item 7), both sides in one run:
 * - 100 simultaneous `/so report` (each draws the 12-week chart after its acknowledgement): the
 *   acknowledgement times with every chart started as soon as its report is acknowledged, all at
 *   once ("before": a queue without limit nor yielding) and with the app's queue (two at a time, and
 *   only while no acknowledgement waits: "after"). The app runs in this process, so the client's
 *   clock shares its event loop: the figures are what a request waits for, load generator included.
 * - `/so` with a 4 MB unknown word: the edit distance against every command word without the bound
 *   on word length ("before") and with it, and the whole request with the bound (answer size too).
 *   npm run bench -- reports-burst
 */
import { sign } from '../test/support/slack-requests.js';
import { closest } from '../src/slack/listeners/commands.js';
import { messages } from '../src/i18n/messages.js';
import { RenderQueue } from '../src/charts/render-queue.js';
import { createLogger } from '../src/logger.js';
import { fmt, percentile, startBenchApp } from './support.js';

const BURST = Number(process.env.BENCH_BURST ?? 100);
const MANAGER = 'UBENCHADMIN';

function command(baseUrl: string, text: string, i: number): Promise<{ ms: number; status: number; bytes: number }> {
  const ts = Math.floor(Date.now() / 1000);
  const body = new URLSearchParams({
    command: '/so',
    text,
    user_id: MANAGER,
    team_id: 'T1',
    channel_id: 'CTRIAGE',
    trigger_id: `t${i}`,
    response_url: 'http://127.0.0.1:9/response',
  }).toString();
  const started = performance.now();
  return fetch(`${baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) },
    body,
  }).then(async (res) => {
    const bytes = (await res.arrayBuffer()).byteLength;
    return { ms: performance.now() - started, status: res.status, bytes };
  });
}

async function burst(bounded: boolean): Promise<number[]> {
  const bench = await startBenchApp();
  // "Before": every chart starts as soon as its report is acknowledged, all at once, whatever waits.
  if (!bounded) bench.app.slack!.deps.chartRenders = new RenderQueue(Infinity, createLogger('silent'));
  try {
    // One report first, so that Vega is loaded and the first chart compiled in both runs alike.
    await command(bench.baseUrl, 'report', -1);
    await bench.app.slack!.deps.chartRenders.idle();
    const results = await Promise.all(Array.from({ length: BURST }, (_, i) => command(bench.baseUrl, 'report', i)));
    await bench.app.slack!.deps.chartRenders.idle();
    if (results.some((r) => r.status !== 200)) throw new Error('a report was not acknowledged with 200');
    return results.map((r) => r.ms).sort((a, b) => a - b);
  } finally {
    await bench.stop();
  }
}

const line = (label: string, ms: number[]) =>
  `  ${label}: p50 ${fmt(percentile(ms, 50), 0)} ms, p99 ${fmt(percentile(ms, 99), 0)} ms, max ${fmt(ms.at(-1)!, 0)} ms, past 3 s: ${ms.filter((m) => m > 3000).length} of ${ms.length}`;

console.log(`${BURST} simultaneous /so report, acknowledgement times (each report then shares its CSV and chart)`);
const before = await burst(false);
console.log(line('charts drawn all at once, as soon as acknowledged (before)', before));
const after = await burst(true);
console.log(line('charts drawn two at a time, once no acknowledgement waits (after)', after));

const huge = `stauts${'s'.repeat(4 * 1024 * 1024)}`;
const words = [...new Set(Object.values(messages('en').commands.words).flat().concat(Object.values(messages('it').commands.words).flat()))];
let t = performance.now();
closest(huge, words, Infinity);
const unbounded = performance.now() - t;
t = performance.now();
closest(huge, words);
const bounded = performance.now() - t;
console.log(`/so with a 4 MB unknown word: edit distance without the bound ${fmt(unbounded, 0)} ms, with it ${fmt(bounded, 3)} ms`);
const bench = await startBenchApp();
try {
  const whole = await command(bench.baseUrl, huge, 0);
  const forty = await command(bench.baseUrl, 'x'.repeat(40_000), 1);
  console.log(`  the whole request (after): ${fmt(whole.ms, 0)} ms, answer ${whole.bytes} bytes; a 40 kB word: answer ${forty.bytes} bytes`);
} finally {
  await bench.stop();
}
