/**
 * Scale: 1,000,000 cases (half closed, spread over three years; the open half with a realistic spread
 * of states and due instants; ~10M history events, ~1M planned notifications). Times the SLA report
 * for a quarter, the daily digest with its 12-week chart, the reminder sweep and a doctor's App Home
 * with 200 cases (p50/p99 over repeated runs) and shows the plans PostgreSQL uses.
 *   npm run bench -- scale        (or: npx tsx bench/scale.ts [cases])
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { homeView } from '../src/slack/views/home.js';
import { renderContext } from '../src/slack/deps.js';
import { DOCTOR, seedCases } from './seed.js';
import { DateTime } from 'luxon';
import { renderSlaTrendChart } from '../src/charts/sla-trend.js';
import { fmt, percentile, startBenchApp } from './support.js';

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

const t0 = Date.now();
const bench = await startBenchApp({ role: 'web', seed: (url) => seedCases(url, CASES) });
const seeded = (Date.now() - t0) / 1000;
const { app } = bench;
const counts = await app.db.selectFrom('cases').select(['status', (eb) => eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
const events = await app.db.selectFrom('case_events').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();

// The last whole quarter before today, as a manager would ask for it.
const quarterStart = DateTime.now().setZone(app.calendar.timeZone).startOf('quarter').minus({ quarters: 1 });
const quarter = { fromDate: quarterStart.toISODate()!, toDate: quarterStart.endOf('quarter').toISODate()! };
const lastReport = await app.reports.sla(quarter);
const report = await time(20, () => app.reports.sla(quarter));
const sweep = await time(200, () => app.notifications!.dispatchDue());
const digest = await time(30, () => app.digest.build());
// Monday's digest: the digest, the 12 weeks of the chart and the PNG.
let chartBytes = 0;
const digestWithChart = await time(20, async () => {
  await app.digest.build();
  const chart = await renderSlaTrendChart(await app.reports.weeklyTrend(), 'en');
  chartBytes = chart.png.length;
});
const home = app.slack!.deps.home;
const ctx = () => renderContext(app.slack!.deps);
const appHome = await time(50, async () => homeView(await home.data(DOCTOR), ctx()));
const coordinatorHome = await time(20, async () => homeView(await home.data('UCOORDBENCH'), ctx()));
const mine = await home.data(DOCTOR);

async function explain(query: { compile(): { sql: string; parameters: readonly unknown[] } }): Promise<string> {
  const c = query.compile();
  const res = await sql.raw(`EXPLAIN ${c.sql.replace(/\$(\d+)/g, (_, n: string) => `'${String(c.parameters[Number(n) - 1] instanceof Date ? (c.parameters[Number(n) - 1] as Date).toISOString() : c.parameters[Number(n) - 1])}'`)}`).execute(app.db);
  return (res.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).filter((l) => /Index|Seq Scan|Bitmap/.test(l)).map((l) => l.trim()).slice(0, 3).join(' | ');
}
const now = new Date();
const plans = {
  sweep: await explain(app.db.selectFrom('notifications').select(['id', 'case_id']).where('status', '=', 'planned').where('due_at', '<=', now).orderBy('due_at').orderBy('id').limit(1)),
  breached: await explain(
    app.db.selectFrom('cases').selectAll().where('status', 'in', ['intake', 'ready', 'in_review', 'awaiting_info']).where('status', '<>', 'awaiting_info').where('sla_due_at', '<', now).orderBy('sla_due_at').limit(40),
  ),
  mine: await explain(app.db.selectFrom('cases').selectAll().where('status', 'in', ['intake', 'ready', 'in_review', 'awaiting_info']).where('assignee', '=', DOCTOR).orderBy('sla_due_at').limit(200)),
  last30: await explain(app.db.selectFrom('cases').select('sla_elapsed_seconds').where('status', '=', 'delivered').where('closed_at', '>=', new Date(Date.now() - 30 * 86_400_000))),
};
async function explainSql(text: string): Promise<string> {
  const res = await sql.raw(`EXPLAIN ${text}`).execute(app.db);
  return (res.rows as { 'QUERY PLAN': string }[]).map((r) => r['QUERY PLAN']).filter((l) => /Index|Seq Scan|Bitmap/.test(l)).map((l) => l.trim()).slice(0, 3).join(' | ');
}
const q = { from: quarterStart.toISO(), to: quarterStart.plus({ quarters: 1 }).toISO() };
const reportPlans = {
  'report delivered': await explainSql(
    `SELECT pathology_area, assignee, count(*), percentile_cont(0.5) WITHIN GROUP (ORDER BY sla_elapsed_seconds) FROM cases WHERE status = 'delivered' AND closed_at >= '${q.from}' AND closed_at < '${q.to}' GROUP BY GROUPING SETS ((), (pathology_area), (assignee))`,
  ),
  'report open': await explainSql(
    `SELECT pathology_area, assignee, count(*) FROM cases WHERE status IN ('intake','ready','in_review','awaiting_info') GROUP BY GROUPING SETS ((), (pathology_area), (assignee))`,
  ),
  'chart closed since': await explainSql(`SELECT count(*) FROM cases WHERE closed_at IS NOT NULL AND closed_at >= now() - interval '84 days'`),
};
await bench.stop();

console.log(`Scale: ${CASES} cases seeded in ${fmt(seeded)} s (${counts.map((c) => `${c.status} ${c.n}`).join(', ')}; ${events.n} events)`);
console.log(`  SLA report, ${quarter.fromDate} – ${quarter.toDate} (${lastReport.total.delivered} delivered, ${lastReport.byDoctor.length} doctors): p50 ${fmt(report.p50)} ms, p99 ${fmt(report.p99)} ms   (aim ≤ 500 ms)`);
console.log(`  Monday's digest with its chart (PNG ${Math.round(chartBytes / 1024)} KiB): p50 ${fmt(digestWithChart.p50)} ms, p99 ${fmt(digestWithChart.p99)} ms   (aim ≤ 250 ms)`);
console.log(`  reminder sweep (nothing due):   p50 ${fmt(sweep.p50, 2)} ms, p99 ${fmt(sweep.p99, 2)} ms   (aim ≤ 20 ms)`);
console.log(`  daily digest (build):           p50 ${fmt(digest.p50)} ms, p99 ${fmt(digest.p99)} ms   (aim ≤ 250 ms)`);
console.log(`  doctor's App Home (${mine.mine.total} cases): p50 ${fmt(appHome.p50)} ms, p99 ${fmt(appHome.p99)} ms   (aim ≤ 50 ms)`);
console.log(`  coordinator's App Home:         p50 ${fmt(coordinatorHome.p50)} ms, p99 ${fmt(coordinatorHome.p99)} ms`);
for (const [name, plan] of Object.entries({ ...plans, ...reportPlans })) console.log(`  EXPLAIN ${name}: ${plan}`);
