/**
 * Interaction latency and throughput: signed Claim clicks and `/so status` commands against
 * /slack/events of opinion-desk (10,000 cases, Slack answered by a local stand-in), side by side
 * with a bare Bolt app of the same version that only acks. Each server runs in its own process.
 *   npm run bench -- interactions
 */
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { sign } from '../test/support/slack-requests.js';
import { fmt } from './support.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

async function serve(kind: 'ours' | 'bare'): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/serve.ts', kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT=(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
  });
  return { port, child };
}

let sequence = 0;

/**
 * A new signed request each time (Slack never sends the same one twice, and a replay is ignored):
 * half Claim clicks on random cases, half `/so status` commands.
 */
function nextRequest(): { body: string; headers: Record<string, string> } {
  const i = sequence++;
  const ts = Math.floor(Date.now() / 1000);
  const reference = `SO-2026-${String(1 + ((i * 7919) % 10_000)).padStart(6, '0')}`;
  const body =
    i % 2 === 0
      ? new URLSearchParams({
          payload: JSON.stringify({
            type: 'block_actions',
            team: { id: 'T1' },
            user: { id: `UDOC${i % 250}` },
            api_app_id: 'A1',
            token: 'x',
            trigger_id: `t${i}`,
            response_url: 'http://127.0.0.1:9/response',
            container: { type: 'message', channel_id: 'CTRIAGE', message_ts: '1.0' },
            channel: { id: 'CTRIAGE' },
            actions: [{ type: 'button', action_id: 'case_claim', block_id: 'case_actions', value: reference, action_ts: '1' }],
          }),
        }).toString()
      : new URLSearchParams({
          command: '/so',
          text: `status ${reference}`,
          user_id: 'UCOORDBENCH',
          team_id: 'T1',
          channel_id: 'CTRIAGE',
          trigger_id: `t${i}`,
          response_url: 'http://127.0.0.1:9/response',
        }).toString();
  return {
    body,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) },
  };
}

async function load(port: number, options: { rate?: number; connections: number }) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    method: 'POST',
    connections: options.connections,
    duration: DURATION,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const r = nextRequest();
          return { ...req, method: 'POST', body: r.body, headers: r.headers };
        },
      },
    ],
  });
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, non2xx: result.non2xx, errors: result.errors };
}

const results: Record<string, { at100: Awaited<ReturnType<typeof load>>; max: Awaited<ReturnType<typeof load>> }> = {};
for (const kind of ['bare', 'ours'] as const) {
  const { port, child } = await serve(kind);
  await load(port, { connections: 5, rate: 50 }); // warm up
  const at100 = await load(port, { connections: 10, rate: 100 });
  const max = await load(port, { connections: 50 });
  results[kind] = { at100, max };
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
const ours = results.ours!;
const bare = results.bare!;
console.log(`Interactions: Claim clicks and /so status, signed, ${DURATION} s per run, 10,000 cases, Slack stand-in answering in ~100 ms`);
for (const [name, r] of [['bare Bolt (ack only)', bare], ['opinion-desk', ours]] as const) {
  console.log(`  ${name.padEnd(22)} at 100 req/s: p50 ${fmt(r.at100.p50)} ms, p99 ${fmt(r.at100.p99)} ms; max ${fmt(r.max.rps, 0)} req/s (p99 ${fmt(r.max.p99)} ms; non-2xx ${r.at100.non2xx + r.max.non2xx}, errors ${r.at100.errors + r.max.errors})`);
}
console.log(`  ratios: p99 at 100 req/s ${fmt(ours.at100.p99 / Math.max(bare.at100.p99, 0.1), 2)}× the bare app (aim ≤ 1.25); throughput ${fmt(ours.max.rps / bare.max.rps, 2)} of it (aim ≥ 0.75)`);
console.log('  (the machine is shared with other work: figures vary with its load)');
