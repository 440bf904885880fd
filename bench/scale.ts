/**
 * Scale: 1,000,000 cases (half closed, spread over three years; the open half with a realistic spread
 * of states and due instants; ~10M history events, ~1M planned notifications). Times the SLA report
 * for a quarter, Monday's digest with its 12-week chart, the reminder sweep and a doctor's App Home
 * with 200 cases (p50/p99 over repeated runs), then shows the plan of every query each of them ran
 * (captured as the app sent it, so the plans are those of the queries actually used).
 *   npm run bench -- scale        (or: npx tsx bench/scale.ts [cases])
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { DateTime } from 'luxon';
import pg from 'pg';
import { renderSlaTrendChart } from '../src/charts/sla-trend.js';
import { renderContext } from '../src/slack/deps.js';
import { homeView } from '../src/slack/views/home.js';
import { DOCTOR, seedCases } from './seed.js';
import { fmt, percentile, queriesOf, startBenchApp } from './support.js';

const CASES = Number(process.argv[2] ?? 1_000_000);

async function time(runs: number, fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 3; i++) await fn(); // warm caches and the JIT
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}


const loadBefore = loadavg();
const t0 = Date.now();
const bench = await startBenchApp({ role: 'web', seed: (url) => seedCases(url, CASES) });
const seeded = (Date.now() - t0) / 1000;
const { app } = bench;
const counts = await app.db.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
const events = await app.db.selectFrom('case_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
const planned = await app.db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'planned').executeTakeFirstOrThrow();

// The last whole quarter before today, as a manager would ask for it.
const quarterStart = DateTime.now().setZone(app.calendar.timeZone).startOf('quarter').minus({ quarters: 1 });
const quarter = { fromDate: quarterStart.toISODate()!, toDate: quarterStart.endOf('quarter').toISODate()! };
const home = app.slack!.home;
const ctx = () => renderContext(app.slack!.deps);
let chartBytes = 0;
// Monday's digest: its figures and the chart's 12 weeks read side by side (as build() does on a
// Monday; the bench runs on any day), then the PNG.
const mondayDigest = async () => {
  const [, weeks] = await Promise.all([app.digest.build(), app.reports.weeklyTrend()]);
  const chart = await renderSlaTrendChart(weeks, 'en');
  chartBytes = chart.png.length;
};
const measured: Record<string, () => Promise<unknown>> = {
  report: () => app.reports.sla(quarter),
  'digest with chart': mondayDigest,
  sweep: () => app.notifications!.dispatchDue(),
  "doctor's App Home": async () => homeView(await home.data(DOCTOR), ctx()),
};

const lastReport = await app.reports.sla(quarter);
const report = await time(20, measured.report!);
const sweep = await time(200, measured.sweep!);
const digest = await time(30, () => app.digest.build());
const digestWithChart = await time(20, mondayDigest);
const appHome = await time(50, measured["doctor's App Home"]!);
const coordinatorHome = await time(20, async () => homeView(await home.data('UCOORDBENCH'), ctx()));
const mine = await home.data(DOCTOR);

// The plans: each query of each measurement, run once more under EXPLAIN (ANALYZE, BUFFERS).
const explainer = new pg.Client({ connectionString: bench.databaseUrl });
await explainer.connect();
const plans: string[] = [];
for (const [name, fn] of Object.entries(measured)) {
  for (const q of await queriesOf(fn)) {
    if (!/^\s*(select|with)\b/i.test(q.text)) continue;
    const res = await explainer.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${q.text}`, q.values);
    const lines = res.rows.map((r) => r['QUERY PLAN'].trim());
    const scans = lines.filter((l) => /Scan|Function Scan/.test(l) && !l.startsWith('Buffers')).map((l) => l.replace(/\s*\(cost=[^)]*\)/, '').replace(/\(actual time=[\d.]+\.\.[\d.]+ /, '('));
    const total = `${lines.find((l) => l.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? ''}${lines.some((l) => l.startsWith('JIT')) ? ', JIT compiled' : ''}`;
    const what = q.text.replace(/\s+/g, ' ').replace(/^ *select .*? from /i, 'FROM ').replace(/^ *with /i, 'WITH ').slice(0, 110);
    plans.push(`  EXPLAIN ${name} · ${what}… (${total}): ${scans.join(' | ')}`);
  }
}
await explainer.end();
await bench.stop();
const loadAfter = loadavg();

const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`Scale: ${CASES} cases seeded in ${fmt(seeded)} s (${counts.map((c) => `${c.status} ${c.n}`).join(', ')}; ${events.n} events; ${planned.n} planned notifications)`);
console.log(`  load average before ${load(loadBefore)}, after ${load(loadAfter)} (1, 5, 15 min)`);
console.log(`  SLA report, ${quarter.fromDate} – ${quarter.toDate} (${lastReport.total.delivered} delivered, ${lastReport.byDoctor.length} doctors): p50 ${fmt(report.p50)} ms, p99 ${fmt(report.p99)} ms   (aim ≤ 500 ms)`);
console.log(`  Monday's digest with its chart (PNG ${Math.round(chartBytes / 1024)} KiB): p50 ${fmt(digestWithChart.p50)} ms, p99 ${fmt(digestWithChart.p99)} ms   (aim ≤ 250 ms)`);
console.log(`  reminder sweep (nothing due):   p50 ${fmt(sweep.p50, 2)} ms, p99 ${fmt(sweep.p99, 2)} ms   (aim ≤ 20 ms)`);
console.log(`  daily digest (build):           p50 ${fmt(digest.p50)} ms, p99 ${fmt(digest.p99)} ms   (aim ≤ 250 ms)`);
console.log(`  doctor's App Home (${mine.mine.total} cases, ${mine.claimable.total} claimable): p50 ${fmt(appHome.p50)} ms, p99 ${fmt(appHome.p99)} ms   (aim ≤ 50 ms)`);
console.log(`  coordinator's App Home:         p50 ${fmt(coordinatorHome.p50)} ms, p99 ${fmt(coordinatorHome.p99)} ms`);
for (const line of plans) console.log(line);
