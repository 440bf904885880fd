/**
 * Redis down: how fast the API and Slack commands answer with Redis up and with Redis stopped, whether
 * the timers come back when it returns, and how long SIGTERM / SIGINT take to end the process.
 * Redis here is a private `redis-server` on a free port (never the shared one).
 *   npx tsx bench/redis-down.ts
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { SlackClientSimulator, SIGNING_SECRET } from '../test/support/slack-requests.js';
import { PrivateRedis } from './private-services.js';
import { API_TOKEN, fmt, percentile, startBenchApp } from './support.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 60);

async function timings(n: number, call: (i: number) => Promise<number>): Promise<{ p50: number; p99: number; max: number; statuses: Set<number> }> {
  const ms: number[] = [];
  const statuses = new Set<number>();
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    statuses.add(await call(i));
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), max: ms.at(-1)!, statuses };
}

const redis = await PrivateRedis.start();
const bench = await startBenchApp({ env: { REDIS_URL: redis.url, ADMIN_SLACK_USER_IDS: 'UBENCHADMIN' } });
const slack = new SlackClientSimulator(bench.baseUrl, (id) => bench.standIn.responseUrl(id));
let counter = 0;
const postCase = async () => {
  const res = await fetch(`${bench.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      externalId: `redis-bench-${++counter}`,
      applicant: { type: 'patient', name: 'Bench Patient' },
      patient: { name: 'Bench Patient', birthDate: '1960-01-01' },
      pathologyArea: 'prostate',
      language: 'en',
      imageReview: false,
      deliveryChannel: 'email',
      documents: [],
    }),
  });
  await res.arrayBuffer();
  return res.status;
};
const command = async () => (await slack.command('UBENCHADMIN', 'help').answer).status;

const rows: string[] = [];
const report = (label: string, t: Awaited<ReturnType<typeof timings>>) => {
  process.stderr.write(`done: ${label}\n`);
  return rows.push(`  ${label.padEnd(36)} p50 ${fmt(t.p50).padStart(7)} ms   p99 ${fmt(t.p99).padStart(7)} ms   max ${fmt(t.max).padStart(7)} ms   status ${[...t.statuses].join(',')}`);
};

await timings(10, postCase); // warm-up
report('POST /api/v1/cases, Redis up', await timings(REQUESTS, postCase));
report('/so help (ack), Redis up', await timings(REQUESTS, command));
await redis.down();
report('POST /api/v1/cases, Redis down', await timings(REQUESTS, postCase));
report('/so help (ack), Redis down', await timings(REQUESTS, command));

// Redis back, empty (as after a crash): the timers missed meanwhile are set again.
const planned = await bench.app.db.selectFrom('notifications').select('id').where('status', '=', 'planned').execute();
const back = performance.now();
await redis.up();
let delayed = 0;
while (performance.now() - back < 30_000) {
  delayed = (await bench.app.jobQueue!.depth())?.delayed ?? 0;
  if (delayed >= planned.length) break;
  await sleep(100);
}
rows.push(`  timers after Redis returned: ${delayed} delayed jobs (the ${planned.length} planned notifications' and the schedules') in ${fmt((performance.now() - back) / 1000)} s`);

// SIGTERM / SIGINT on `npm start -- all` (as the image runs it, from sources here).
async function exitAfter(signals: NodeJS.Signals[], redisDown: boolean): Promise<string> {
  await redis.up();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'all'], {
    env: {
      ...process.env,
      DATABASE_URL: bench.databaseUrl,
      REDIS_URL: redis.url,
      BULLMQ_PREFIX: `od-bench-sig-${process.pid}`,
      PORT: '0',
      API_TOKENS: `bench=${API_TOKEN}`,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      SLACK_TRIAGE_CHANNEL: 'CTRIAGE',
      SLACK_MANAGERS_CHANNEL: 'CMANAGERS',
      ADMIN_SLACK_USER_IDS: 'UBENCHADMIN',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  while (!out.includes('"msg":"started"')) await sleep(50);
  if (redisDown) await redis.down();
  const started = performance.now();
  const exited = once(child, 'exit');
  for (const s of signals) {
    child.kill(s);
    await sleep(200);
  }
  const [code] = (await exited) as [number | null];
  await redis.down();
  return `${fmt((performance.now() - started) / 1000, 2)} s (exit ${code})`;
}
process.stderr.write('timers done\n');
rows.push(`  SIGTERM, Redis up:                  ${await exitAfter(['SIGTERM'], false)}`);
rows.push(`  SIGTERM, Redis down:                ${await exitAfter(['SIGTERM'], true)}`);
rows.push(`  SIGINT, Redis down:                 ${await exitAfter(['SIGINT'], true)}`);
rows.push(`  SIGTERM twice (200 ms), Redis down: ${await exitAfter(['SIGTERM', 'SIGTERM'], true)}`);
await redis.up();
await bench.stop();
await redis.remove();

console.log(`Redis down (${REQUESTS} sequential requests each; Slack stand-in answering at once; shared machine):`);
for (const r of rows) console.log(r);
