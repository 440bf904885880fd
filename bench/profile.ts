/**
 * Where opinion-desk's CPU goes on the request path: bench/serve.ts's `ours` server (10,000 cases)
 * runs under `node --cpu-prof` while the signed requests of bench/interactions.ts (`/so status`
 * commands, Claim clicks, or half of each) arrive; the samples taken during the load (not the
 * seeding, the start-up or the warm-up) are summed by function (self time), by package or folder of
 * ours, and for our own functions with what they call (inclusive). The process's CPU time from /proc
 * is printed beside them: the profile samples the main thread on the wall clock, so a thread waiting
 * for a core (two cores, PostgreSQL and the load generator on them too) counts where it stopped,
 * typically in `writev` to a socket.
 *   npx tsx bench/profile.ts commands         (or clicks, both)
 *   PROFILE_RATE=0 npx tsx bench/profile.ts clicks    (as fast as 20 connections go: the JIT warm)
 * BENCH_SECONDS (default 10), PROFILE_RATE (req/s, default 50), PROFILE_WARMUP_SECONDS (default 3) and
 * PROFILE_TOP (rows, default 30) set the run. The .cpuprofile stays in the printed folder (Chrome
 * DevTools, speedscope).
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { nextRequest, serve, type Mix } from './slack-load.js';
import { fmt } from './support.js';

const mix = (process.argv[2] ?? 'commands') as Mix;
if (!['commands', 'clicks', 'both'].includes(mix)) {
  console.error('usage: bench/profile.ts commands|clicks|both');
  process.exit(2);
}
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const TOP = Number(process.env.PROFILE_TOP ?? 30);
/** Requests per second (default 50, the rate of the aim); 0: as many as 20 connections get answered. */
const RATE = Number(process.env.PROFILE_RATE ?? 50);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** User and system CPU time of a process so far, in ms (Linux clock ticks are 10 ms). */
function cpuTicks(pid: number): { user: number; system: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

const dir = mkdtempSync(join(tmpdir(), 'od-profile-'));
const { port, child } = await serve('ours', ['--cpu-prof', '--cpu-prof-dir', dir]);
const run = (duration: number) =>
  autocannon({
    url: `http://127.0.0.1:${port}/slack/events`,
    method: 'POST',
    connections: RATE > 0 ? 5 : 20,
    ...(RATE > 0 ? { overallRate: RATE } : {}),
    duration,
    requests: [{ setupRequest: (req) => ({ ...req, method: 'POST', ...nextRequest(mix) }) }],
  });
await run(Number(process.env.PROFILE_WARMUP_SECONDS ?? 3)); // warm up: the JIT, the pools, the caches
// V8's profile clock and process.hrtime are both CLOCK_MONOTONIC on Linux: the window is comparable.
const fromUs = Number(process.hrtime.bigint() / 1000n);
const cpuBefore = cpuTicks(child.pid!);
const result = await run(DURATION);
const cpuAfter = cpuTicks(child.pid!);
const toUs = Number(process.hrtime.bigint() / 1000n);
child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));

const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no profile written in ${dir}`);
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Where a frame's code lives: a package under node_modules, a folder of ours, or V8/Node itself. */
function placeOf(url: string): string {
  if (url === '') return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return 'node:' + url.slice(5).split('/')[0];
  const ours = /\/(src|bench|test)\/(.*)\/[^/]+$/.exec(url) ?? /\/(src|bench|test)\/[^/]+$/.exec(url);
  return ours ? ours.slice(1).filter(Boolean).join('/') : url;
}
/** A function by name, file, line and column (tsx compiles each of our files to one line: the column finds it). */
const label = (n: ProfileNode) => {
  const f = n.callFrame;
  const file = f.url.split('/').pop();
  return `${f.functionName || '(anonymous)'} ${f.url ? `${placeOf(f.url)}/${file}:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`.trim();
};

const selfUs = new Map<number, number>();
let t = profile.startTime;
let windowUs = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i]!;
  if (t < fromUs || t > toUs) continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + dt);
  windowUs += dt;
}
const idle = new Set(['(idle)', '(program)', '(garbage collector)']);
let busyUs = 0;
const bySelf = new Map<string, number>();
const byPlace = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, us] of selfUs) {
  const n = byId.get(id)!;
  const name = label(n);
  bySelf.set(name, (bySelf.get(name) ?? 0) + us);
  if (idle.has(n.callFrame.functionName)) continue;
  busyUs += us;
  const place = placeOf(n.callFrame.url);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
  // Inclusive time of our own functions: each once per sample, however deep the recursion.
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const frame = byId.get(at)!;
    if (!/\/src\//.test(frame.callFrame.url) || frame.callFrame.url.includes('node_modules')) continue;
    const key = label(frame);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + us);
  }
}
const requests = result.requests.total;
const perRequest = (us: number) => `${fmt(us / 1000 / Math.max(1, requests), 3)} ms/req`;
const top = (m: Map<string, number>, n: number) =>
  [...m.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `  ${fmt((100 * us) / Math.max(1, windowUs), 1).padStart(5)}%  ${perRequest(us).padStart(14)}  ${k}`)
    .join('\n');
console.log(`Profile of opinion-desk, ${mix} at ${RATE > 0 ? `${RATE} req/s` : 'the most it answers'} for ${DURATION} s: ${requests} requests, p50 ${result.latency.p50} / p99 ${result.latency.p99} ms`);
console.log(
  `  CPU from /proc: user ${perRequest((cpuAfter.user - cpuBefore.user) * 1000)}, system ${perRequest((cpuAfter.system - cpuBefore.system) * 1000)}; ` +
    `profile samples busy (not idle, GC or "program"): ${perRequest(busyUs)} (sampled on the wall clock: time the thread was preempted counts to where it was); profile in ${dir}`,
);
console.log(`\nSelf time by function (top ${TOP}):\n${top(bySelf, TOP)}`);
console.log(`\nSelf time by package or folder:\n${top(byPlace, 20)}`);
console.log(`\nInclusive time of our own functions (top ${TOP}):\n${top(inclusive, TOP)}`);
