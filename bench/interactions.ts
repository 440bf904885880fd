/**
 * Interaction latency and throughput: signed Claim clicks (by a doctor, on cases of every area and
 * state, so most are refused with a reason and what to do instead) and `/so status` commands on seeded
 * cases, against /slack/events of three servers, each in its own process:
 * - bare Bolt of the same version that only acknowledges;
 * - that bare app behind our front door (signature, time window, replay ledger in PostgreSQL);
 * - opinion-desk (10,000 cases), which also does what each request asks after acknowledging it.
 * Slack's Web API is a stand-in answering in ~100 ms. Besides latency and rate, each server's CPU
 * time per request is read from /proc: it tells how much of the gap is the work itself.
 *   npm run bench -- interactions
 *   BENCH_SLACK=hanging npm run bench -- interactions     (Slack's Web API never answers)
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { nextRequest, serve, type Mix, type ServerKind } from './slack-load.js';
import { fmt } from './support.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const KINDS: Record<ServerKind, string> = { bare: 'bare Bolt (ack only)', door: 'bare Bolt + our front door', ours: 'opinion-desk' };

/** User and system CPU time a process has used, in ms (Linux clock ticks are 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function load(port: number, pid: number, options: { rate?: number; connections: number; mix: Mix }) {
  const before = cpuMs(pid);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    method: 'POST',
    connections: options.connections,
    duration: DURATION,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: [
      {
        setupRequest: (req) => {
          const r = nextRequest(options.mix);
          return { ...req, method: 'POST', body: r.body, headers: r.headers };
        },
      },
    ],
  });
  const cpuPerRequest = (cpuMs(pid) - before) / Math.max(1, result.requests.total);
  return { p50: result.latency.p50, p99: result.latency.p99, rps: result.requests.average, cpuPerRequest, non2xx: result.non2xx, errors: result.errors };
}

type Result = Awaited<ReturnType<typeof load>>;
const results = {} as Record<ServerKind, { clicks: Result; commands: Result; commands50: Result; max: Result }>;
for (const kind of Object.keys(KINDS) as ServerKind[]) {
  const { port, child } = await serve(kind);
  await load(port, child.pid!, { connections: 5, rate: 50, mix: 'both' }); // warm up
  // At 100 req/s, clicks and commands apart: a click's acknowledgement is empty (its effect follows on
  // the card), while a command's acknowledgement carries its answer, read from the database.
  const clicks = await load(port, child.pid!, { connections: 10, rate: 100, mix: 'clicks' });
  const commands = await load(port, child.pid!, { connections: 10, rate: 100, mix: 'commands' });
  // At 50 req/s, the rate issue 17 sets its aim at (p99 of `/so status` ≤ 2.5× the bare app's).
  const commands50 = await load(port, child.pid!, { connections: 5, rate: 50, mix: 'commands' });
  const max = await load(port, child.pid!, { connections: 50, mix: 'both' });
  results[kind] = { clicks, commands, commands50, max };
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
}
const { ours, bare } = results;
const slack = process.env.BENCH_SLACK === 'hanging' ? 'never answering' : process.env.BENCH_SLACK === 'failing' ? 'answering 500' : 'answering in ~100 ms';
console.log(`Interactions: Claim clicks and /so status, signed, ${DURATION} s per run, 10,000 cases, Slack stand-in ${slack}`);
for (const kind of Object.keys(KINDS) as ServerKind[]) {
  const r = results[kind];
  const errors = [r.clicks, r.commands, r.commands50, r.max].reduce((n, x) => n + x.non2xx + x.errors, 0);
  console.log(
    `  ${KINDS[kind].padEnd(27)} at 100 req/s: clicks p50 ${fmt(r.clicks.p50)} / p99 ${fmt(r.clicks.p99)} ms, commands p50 ${fmt(r.commands.p50)} / p99 ${fmt(r.commands.p99)} ms; ` +
      `at 50 req/s: commands p50 ${fmt(r.commands50.p50)} / p99 ${fmt(r.commands50.p99)} ms; ` +
      `max ${fmt(r.max.rps, 0)} req/s (p99 ${fmt(r.max.p99)} ms), CPU ${fmt(r.max.cpuPerRequest, 2)} ms per request; non-2xx and errors ${errors}`,
  );
}
const ratio = (a: number, b: number) => fmt(a / Math.max(b, 0.1), 2);
console.log(
  `  ratios to the bare app: p99 at 100 req/s ${ratio(ours.clicks.p99, bare.clicks.p99)}× for clicks, ${ratio(ours.commands.p99, bare.commands.p99)}× for commands (aim ≤ 1.25); ` +
    `throughput ${fmt(ours.max.rps / bare.max.rps, 2)} (aim ≥ 0.75)`,
);
console.log(
  `  /so status at 50 req/s: p50 ${ratio(ours.commands50.p50, bare.commands50.p50)}×, p99 ${ratio(ours.commands50.p99, bare.commands50.p99)}× the bare app (aim p99 ≤ 2.5×)`,
);
console.log(`  load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('  (the machine is shared with other work: figures vary with its load)');
