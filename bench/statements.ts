/**
 * Bank statements (SPEC section 11): a camt.053 of 10,000 entries imported and matched against
 * 500,000 open cases, 100,000 of them with their payment pending, with Slack and e-mail to applicants
 * on; then the same file again. Prints the import's time and its phases (parse, match, record on the
 * cases and confirm the exact ones), recording a found credit both ways on the same cases (a command
 * per case, as the import did, and set-based, as it does), the plans of the matching queries and how
 * many case rows they read beside the open cases.
 *   npm run bench -- statements      (or: npx tsx bench/statements.ts [open cases] [pending] [entries])
 * BENCH_SEEDED_DATABASE_URL names a database kept between runs: seeded by the first run (with these sizes),
 * then copied by each run (seconds, where seeding takes minutes), and left in place: drop it when done.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { LocalSmtpServer } from '../test/support/smtp-server.js';
import { camtFile, type FixtureEntry } from '../test/support/statements.js';
import type { Transaction } from 'kysely';
import type { Database } from '../src/db/types.js';
import { createLogger } from '../src/logger.js';
import { BANK_STATEMENT_ACTOR } from '../src/services/statement-import.js';
import { parseStatement } from '../src/statements/parse.js';
import { API_TOKEN, fmt, queriesOf, startBenchApp } from './support.js';

const OPEN = Number(process.argv[2] ?? 500_000);
const PENDING = Number(process.argv[3] ?? 100_000);
const ENTRIES = Number(process.argv[4] ?? 10_000);
const EXPECTED_CENTS = 51_800;

/** Twenty syllables make names of letters only, unique per case: first name of two, surname of three. */
const SYLLABLES = ['ba', 'ce', 'di', 'fo', 'gu', 'la', 'me', 'ni', 'po', 'ru', 'sa', 'te', 'vi', 'zo', 'ma', 'ri', 'lo', 'ne', 'ta', 'ca'];
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
function nameOf(i: number): { first: string; last: string } {
  const s = (n: number) => SYLLABLES[Math.floor(n) % 20]!;
  return { first: cap(s(i) + s(i / 20)), last: cap(s(i / 400) + s(i / 8_000) + s(i / 160_000)) };
}
const reference = (i: number) => `SO-2026-${String(i).padStart(6, '0')}`;

/** Open cases in SQL (set-based): the first PENDING wait for their payment (in intake), the others are paid and in review. */
async function seed(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const syl = `ARRAY[${SYLLABLES.map((s) => `'${s}'`).join(',')}]`;
  await client.query(`
    CREATE TEMP TABLE spec AS
    SELECT i, i <= ${PENDING} AS pending,
      initcap((${syl})[1 + i % 20] || (${syl})[1 + (i / 20) % 20]) AS first,
      initcap((${syl})[1 + (i / 400) % 20] || (${syl})[1 + (i / 8000) % 20] || (${syl})[1 + (i / 160000) % 20]) AS last,
      now() - ((i % 30) || ' days')::interval AS created
    FROM generate_series(1, ${OPEN}) i;

    INSERT INTO cases (id, reference, year, seq, status, applicant_type, pathology_area, language, image_review, delivery_channel,
      expected_cents, assignee, payment_state, docs_completed_at, sla_state, sla_due_at, sla_breached, created_at, updated_at)
    SELECT i, 'SO-2026-' || lpad(i::text, 6, '0'), 2026, i, CASE WHEN pending THEN 'intake' ELSE 'in_review' END, 'patient',
      (ARRAY['head_and_neck','brain_and_spine','sarcoma','prostate','pancreas','eye','paediatric','other'])[1 + i % 8],
      'it', false, 'email', ${EXPECTED_CENTS}, CASE WHEN pending THEN NULL ELSE 'UDOC' || (i % 250) END,
      CASE WHEN pending THEN 'pending' ELSE 'confirmed' END, CASE WHEN pending THEN NULL ELSE created END,
      CASE WHEN pending THEN 'not_started' ELSE 'running' END, CASE WHEN pending THEN NULL ELSE now() + interval '3 days' END,
      false, created, created
    FROM spec;
    SELECT setval('cases_id_seq', ${OPEN});
    INSERT INTO payments (case_id, expected_cents, state, received_cents, value_date, bank_reference)
    SELECT i, ${EXPECTED_CENTS}, CASE WHEN pending THEN 'pending' ELSE 'confirmed' END,
      CASE WHEN pending THEN NULL ELSE ${EXPECTED_CENTS} END, CASE WHEN pending THEN NULL ELSE '2026-11-20'::date END,
      CASE WHEN pending THEN NULL ELSE 'CRO ' || i END
    FROM spec;
    -- The names as the app keys them (caseNameKeys: lower case, words sorted as JavaScript sorts them).
    INSERT INTO case_personal_data (case_id, applicant_name, applicant_email, patient_name, patient_birth_date, name_keys)
    SELECT i, first || ' ' || last, 'applicant' || i || '@example.org', first || ' ' || last, '1960-01-01',
      ARRAY[(SELECT string_agg(w, ' ' ORDER BY w COLLATE "C") FROM unnest(ARRAY[lower(first), lower(last)]) w)]
    FROM spec;
    INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
    SELECT i, 'case_created', 'api:bench', created, created,
      jsonb_build_object('type','case_created','v',1,'applicantType','patient','pathologyArea',
        (ARRAY['head_and_neck','brain_and_spine','sarcoma','prostate','pancreas','eye','paediatric','other'])[1 + i % 8],
        'language','it','imageReview',false,'deliveryChannel','email','expectedCents',${EXPECTED_CENTS})
    FROM spec;
    INSERT INTO case_events (case_id, type, actor, effective_at, recorded_at, data)
    SELECT i, 'payment_confirmed', 'UCOORD', created, created,
      jsonb_build_object('type','payment_confirmed','v',1,'receivedCents',${EXPECTED_CENTS},'valueDate','2026-11-20','bankReference','CRO ' || i,'mismatch',null)
    FROM spec WHERE NOT pending;
  `);
  await client.query('VACUUM ANALYZE');
  await client.end();
}

/** Distinct pseudo-random case numbers in [from, to], the same every run (mulberry32: exact in 32-bit integers). */
function pick(count: number, from: number, to: number, seedValue: number, taken: Set<number>): number[] {
  const out: number[] = [];
  let a = seedValue >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  while (out.length < count) {
    const i = from + Math.floor(next() * (to - from + 1));
    if (taken.has(i)) continue;
    taken.add(i);
    out.push(i);
  }
  return out;
}

/** Yesterday in Rome: a value date the app accepts for a confirmation whatever the hour of the run. */
const YESTERDAY = new Date(Date.now() - 36 * 3_600_000).toISOString().slice(0, 10);

/** The statement: what a hospital's account sees in a day, scaled up. */
function statement(): { xml: string; expected: Record<string, number> } {
  const taken = new Set<number>();
  const share = (f: number) => Math.round(ENTRIES * f);
  const entries: FixtureEntry[] = [];
  let n = 0;
  const ref = () => `BENCH${String(++n).padStart(8, '0')}`;
  // Paid as the service page asks: the patient's name and "CNAO Second Opinion", by the patient.
  for (const i of pick(share(0.4), 1, PENDING, 7, taken)) {
    const { first, last } = nameOf(i);
    entries.push({ amount: '518.00', reference: ref(), payer: `${last.toUpperCase()} ${first.toUpperCase()}`, remittance: `${first} ${last} - CNAO Second Opinion` });
  }
  // The case's reference alone, by a relative.
  for (const i of pick(share(0.1), 1, PENDING, 11, taken)) entries.push({ amount: '518.00', reference: ref(), payer: 'Un Parente', remittance: `saldo ${reference(i)}` });
  // The right patient, the wrong amount.
  for (const i of pick(share(0.1), 1, PENDING, 13, taken)) {
    const { first, last } = nameOf(i);
    entries.push({ amount: '500.00', reference: ref(), payer: `${first} ${last}`, remittance: `${last} ${first} second opinion` });
  }
  // Patients whose payment is already confirmed.
  for (const i of pick(share(0.05), PENDING + 1, OPEN, 17, taken)) {
    const { first, last } = nameOf(i);
    entries.push({ amount: '518.00', reference: ref(), payer: `${first} ${last}`, remittance: `${first} ${last} CNAO Second Opinion` });
  }
  // Everything else a hospital's account receives, and what it pays.
  while (entries.length < share(0.9)) entries.push({ amount: '1250.00', reference: ref(), payer: 'ASL Roma 1', remittance: `Rimborso prestazioni lotto ${n}` });
  while (entries.length < ENTRIES) entries.push({ amount: '89.90', reference: ref(), credit: false, payer: null, remittance: 'Fornitura materiale' });
  for (const e of entries) Object.assign(e, { bookingDate: YESTERDAY, valueDate: YESTERDAY });
  return {
    xml: camtFile(entries, { version: '001.08' }),
    expected: { matched: share(0.4) + share(0.1), unmatched: share(0.9) - share(0.4) - share(0.1), skipped: ENTRIES - share(0.9) },
  };
}


interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  Plans?: PlanNode[];
}
const nodesOf = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodesOf)];
/** A plan on one line: each node, its index, its rows and loops. */
const planText = (n: PlanNode): string =>
  nodesOf(n)
    .map((x) => `${x['Node Type']}${x['Index Name'] ? ` using ${x['Index Name']}` : x['Relation Name'] ? ` on ${x['Relation Name']}` : ''} (rows=${x['Actual Rows']} loops=${x['Actual Loops']})`)
    .join(' → ');

/**
 * Both sides in one run: recording a found credit on `n` pending cases the statement left alone, one
 * case command each (the import before it was set-based) and then all at once (the import now), each
 * in a transaction rolled back afterwards, so both find the same cases.
 */
async function recordingBothWays(n: number): Promise<{ n: number; eachMs: number; batchMs: number }> {
  const { cases, db } = bench.app;
  const touched = new Set(
    (await db.selectFrom('bank_transfers').select('case_id').where('case_id', 'is not', null).execute()).map((r) => Number(r.case_id)),
  );
  const refs: string[] = [];
  for (let i = PENDING; refs.length < n && i > 0; i--) if (!touched.has(i)) refs.push(reference(i));
  const items = refs.map((ref, k) => ({ reference: ref, commands: [{ type: 'record_transfer' as const, transferId: 900_000_000 + k, bankReference: `BOTH${k}`, amountCents: EXPECTED_CENTS, valueDate: YESTERDAY }] }));
  const rolledBack = async (work: (trx: Transaction<Database>) => Promise<unknown>): Promise<number> => {
    const start = performance.now();
    let ms = 0;
    await db
      .transaction()
      .execute(async (trx) => {
        await work(trx);
        ms = performance.now() - start;
        throw new Error('rolled back');
      })
      .catch((err: Error) => {
        if (err.message !== 'rolled back') throw err;
      });
    return ms;
  };
  const eachMs = await rolledBack(async (trx) => {
    for (const item of items) await cases.executeWithin(trx, item.reference, item.commands, BANK_STATEMENT_ACTOR);
  });
  const batchMs = await rolledBack((trx) => cases.executeEach(trx, items, BANK_STATEMENT_ACTOR));
  return { n: refs.length, eachMs, batchMs };
}

const loadBefore = loadavg();
const t0 = performance.now();
// BENCH_SEEDED_DATABASE_URL: a kept database this benchmark seeds once, each run working on a copy.
/** The import's own account of its phases (its 'bank statement imported' log line). */
const imports: { ms: { match: number; record: number; total: number } }[] = [];
const logger = createLogger('info', {
  write: (line: string) => {
    if (line.includes('"bank statement imported"')) imports.push(JSON.parse(line) as (typeof imports)[number]);
  },
});
// E-mail to applicants on, as a centre runs it: every applicant has an address, a payment confirmed tells them.
const smtp = await new LocalSmtpServer().start();
const bench = await startBenchApp({
  role: 'web',
  seed,
  logger,
  seededDatabaseUrl: process.env.BENCH_SEEDED_DATABASE_URL,
  env: { PAYMENTS_AUTO_CONFIRM: 'exact', BANK_STATEMENT_LIMIT_BYTES: String(64 * 1024 * 1024), MAIL_SMTP_URL: smtp.url(), MAIL_FROM: 'Bench <bench@example.org>' },
});
const seededS = (performance.now() - t0) / 1000;
// Whatever happens, the benchmark's database and keys go.
try {
  const { xml, expected } = statement();

  async function importFile(): Promise<{ ms: number; status: number; body: { counts: Record<string, number>; entries: { confirmed: boolean }[] } }> {
    const start = performance.now();
    const res = await fetch(`${bench.baseUrl}/api/v1/payments/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/xml' },
      body: xml,
    });
    const body = (await res.json()) as { counts: Record<string, number>; entries: { confirmed: boolean }[] };
    return { ms: performance.now() - start, status: res.status, body };
  }

  // Parsing alone, on the same bytes (the HTTP import below includes it).
  const parseStart = performance.now();
  const parsed = parseStatement(Buffer.from(xml), 'camt', bench.app.config.bank.csvColumns);
  const parseMs = performance.now() - parseStart;
  if (!parsed.ok) throw new Error('the bench statement does not parse');

  // The matching queries the import sends (each time it sends one), for their plans and what they read;
  // not the recording's own reads of the cases it locks and writes.
  const matching = (text: string) =>
    /FROM case_name_keys|from "(?:payments|case_personal_data)" where "case_id" in/.test(text) ||
    (/from "cases" where "reference" in/.test(text) && !/for update/.test(text)) ||
    /from "cases" where "id" in .* and "payment_state" =/.test(text);
  let first!: Awaited<ReturnType<typeof importFile>>;
  const captured = await queriesOf(async () => (first = await importFile()), matching, { every: true });
  const again = await importFile();
  if (first.status !== 201) throw new Error(`the import answered ${first.status}: ${JSON.stringify(first.body).slice(0, 500)}`);
  const c = first.body.counts;
  const confirmed = first.body.entries.filter((e) => e.confirmed).length;
  const phases = imports[0]?.ms;

  // Each matching query once more, under EXPLAIN ANALYZE, on a connection of its own in one
  // transaction, whose table statistics (pg_stat_xact_user_tables) then count every row these read.
  // What a scan reads does not depend on what the import changed since (a payment confirmed turns a
  // row returned into a row filtered out), so this is what the import's matching read.
  const explainer = new pg.Client({ connectionString: bench.databaseUrl });
  await explainer.connect();
  await explainer.query('BEGIN');
  const plans = new Map<string, string>();
  for (const q of captured) {
    const res = await explainer.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${q.text}`, q.values);
    const [{ Plan: plan, 'Execution Time': executionMs }] = res.rows[0]!['QUERY PLAN'];
    const kind = q.text.includes('FROM case_name_keys')
      ? 'name keys → case ids'
      : q.text.includes('"reference" in')
        ? 'references → cases'
        : q.text.includes('from "cases"')
          ? 'case ids → pending cases'
          : q.text.includes('from "payments"')
            ? 'their expected amounts'
            : 'their names';
    if (plans.has(kind)) continue;
    const values = Array.isArray(q.values[0]) ? q.values[0].length : q.values.length;
    plans.set(kind, `    ${kind} (${values} values, ${fmt(executionMs, 1)} ms): ${planText(plan)}`);
  }
  const read = (
    await explainer.query<{ relname: string; seq_scan: string; seq_tup_read: string; idx_scan: string; idx_tup_fetch: string }>(
      `SELECT relname, seq_scan, seq_tup_read, idx_scan, idx_tup_fetch FROM pg_stat_xact_user_tables
        WHERE relname IN ('cases', 'case_name_keys', 'payments', 'case_personal_data') ORDER BY relname`,
    )
  ).rows.map((r) => ({ table: r.relname, seqScans: Number(r.seq_scan), seqRows: Number(r.seq_tup_read), probes: Number(r.idx_scan), fetched: Number(r.idx_tup_fetch) }));
  await explainer.query('COMMIT');
  await explainer.end();
  const seqScans = read.reduce((n, r) => n + r.seqScans, 0);
  const casesRead = read.filter((r) => r.table === 'cases').reduce((n, r) => n + r.seqRows + r.fetched, 0);
  const openCases = Number(
    (await bench.app.db.selectFrom('cases').select((eb) => eb.fn.countAll<number>().as('n')).where('status', 'in', ['intake', 'ready', 'in_review', 'awaiting_info']).executeTakeFirstOrThrow()).n,
  );
  const paymentMails = Number(
    (await bench.app.db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('kind', '=', 'payment').executeTakeFirstOrThrow()).n,
  );
  const recording = await recordingBothWays(500);

  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`Statements: ${OPEN} open cases (${PENDING} with payment pending) seeded in ${fmt(seededS)} s; a camt.053.001.08 of ${ENTRIES} entries (${Math.round(xml.length / 1024)} KiB)`);
  console.log(`  load average before ${load(loadBefore)}, after ${load(loadavg())} (1, 5, 15 min)`);
  console.log(`  import: ${fmt(first.ms / 1000, 2)} s through the API (aim: a few seconds): parse ${fmt(parseMs / 1000, 2)} s, match ${fmt((phases?.match ?? NaN) / 1000, 2)} s, record on ${c.matched} cases with ${confirmed} confirmed by PAYMENTS_AUTO_CONFIRM=exact ${fmt((phases?.record ?? NaN) / 1000, 2)} s, the import's transaction in all ${fmt((phases?.total ?? NaN) / 1000, 2)} s`);
  console.log(`    counts ${JSON.stringify(c)}; ${paymentMails} e-mails "payment received" queued; expected matched ${expected.matched}, unmatched ${expected.unmatched}, skipped ${expected.skipped}`);
  console.log(`  same file again: ${fmt(again.ms / 1000, 2)} s, ${again.body.counts.new} new, ${again.body.counts.duplicates} duplicates (status ${again.status})`);
  console.log(`  recording found credits, ${recording.n} cases: one command per case ${fmt(recording.eachMs, 0)} ms (${fmt(recording.eachMs / recording.n, 1)} ms a case), set-based ${fmt(recording.batchMs, 0)} ms (${fmt(recording.eachMs / recording.batchMs, 1)}× faster)`);
  console.log(`  matching read ${casesRead} case rows of ${openCases} open cases, in ${captured.length} queries, ${seqScans} sequential scans (pg_stat_xact_user_tables of the same queries: index probes / rows fetched by them):`);
  console.log(`    ${read.map((r) => `${r.table} ${r.probes} / ${r.fetched + r.seqRows}`).join(', ')}`);
  console.log('  plans (EXPLAIN ANALYZE, the first query of each kind):');
  for (const line of plans.values()) console.log(line);
  if (c.matched !== expected.matched || again.body.counts.new !== 0 || seqScans > 0 || casesRead >= openCases) process.exitCode = 1;
} finally {
  await bench.stop();
  await smtp.stop();
}
