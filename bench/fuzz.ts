/**
 * Bad input: generated malformed bodies at the HTTP API and correctly signed malformed Slack
 * payloads at /slack/events, among them extreme dates (year 1000, 9999, 2026-02-31), very long
 * strings and control characters, in API bodies, `/so when` and new-case modals. Every answer must
 * be a 4xx (or Slack's polite 200), never a 5xx; the process must not crash; no row may be written;
 * and no request may stall the others: the worst event-loop delay of the (in-process) app is
 * printed (perf_hooks.monitorEventLoopDelay), aim ≤ 50 ms.
 *   npm run bench -- fuzz            (or: npx tsx bench/fuzz.ts [count])
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sign } from '../test/support/slack-requests.js';
import { caseBody } from '../test/support/factories.js';
import { seededRandom } from './random.js';
import { API_TOKEN, startBenchApp } from './support.js';

const COUNT = Number(process.argv[2] ?? 1000);
const rnd = seededRandom(4711);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const EXTREME_INSTANTS = ['1000-01-01T09:00:00+01:00', '1000-01-01 09:00', '9999-12-31T23:59:59Z', '0001-01-01', '2026-02-31T10:00', '275760-09-13T00:00:00Z', '-000001-01-01T00:00:00Z', '2026-11-30T10:00:00+99:00', '1e308'];
const CONTROL_TEXTS = ['Maria\u0000Rossi', '\u001b[31mred', 'tab\tok\u0007bell', '\u0085next line', 'x'.repeat(100_000), '\u0000'.repeat(5_000)];
const junkValues: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(5000), [], {}, [1, 2], { a: { b: {} } }, true, 'SO-2026-0001', '\u0000\uffff', '2026-13-45'];
const requiredPaths = [
  ['applicant'],
  ['applicant', 'type'],
  ['applicant', 'name'],
  ['patient'],
  ['patient', 'name'],
  ['patient', 'birthDate'],
  ['pathologyArea'],
  ['language'],
  ['deliveryChannel'],
];

function setPath(obj: Record<string, unknown>, path: string[], value: unknown, remove = false): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    if (typeof cur[key] !== 'object' || cur[key] === null) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  if (remove) delete cur[path.at(-1)!];
  else cur[path.at(-1)!] = value;
}

/** A request body that is invalid by construction, and the content type to send it with. */
function malformedApiBody(): { body: string; contentType: string } {
  const valid = caseBody();
  switch (Math.floor(rnd() * 9)) {
    case 7:
      // Extreme dates where dates go: receipts and the birth date.
      return {
        body: JSON.stringify({
          ...valid,
          patient: { name: 'Maria Rossi', birthDate: pick(['0000-01-01', '2026-02-31', '1000-01-01', '9999-12-31']) },
          documents: [{ item: 'privacy_consent', receivedAt: pick(EXTREME_INSTANTS) }],
        }),
        contentType: 'application/json',
      };
    case 8: {
      // Control characters and very long strings in every kind of text field.
      setPath(valid, pick([['applicant', 'name'], ['patient', 'name'], ['notes'], ['externalId'], ['patient', 'taxCode'], ['pathologyArea']]), pick(CONTROL_TEXTS));
      return { body: JSON.stringify(valid), contentType: 'application/json' };
    }
    case 0: {
      setPath(valid, pick(requiredPaths), undefined, true);
      return { body: JSON.stringify(valid), contentType: 'application/json' };
    }
    case 1: {
      const path = pick(requiredPaths);
      setPath(valid, path, pick(junkValues.filter((v) => typeof v !== 'string' || v.length === 0 || path.at(-1) === 'language')));
      return { body: JSON.stringify(valid), contentType: 'application/json' };
    }
    case 2:
      return { body: JSON.stringify({ ...valid, [`unexpected${Math.floor(rnd() * 100)}`]: pick(junkValues) }), contentType: 'application/json' };
    case 3: {
      const text = JSON.stringify(valid);
      return { body: text.slice(0, Math.floor(rnd() * (text.length - 1))), contentType: 'application/json' };
    }
    case 4:
      return { body: JSON.stringify({ ...valid, documents: [{ item: pick(['x', '', 42, null]), receivedAt: pick(junkValues) }] }), contentType: 'application/json' };
    case 5:
      return { body: '['.repeat(Math.floor(rnd() * 5000)) + ']'.repeat(Math.floor(rnd() * 10)), contentType: 'application/json' };
    default:
      return { body: Buffer.from(Array.from({ length: 200 }, () => Math.floor(rnd() * 256))).toString('latin1'), contentType: pick(['application/json', 'text/plain', 'application/x-www-form-urlencoded']) };
  }
}

/** A Slack request with a valid signature and a payload Slack would never send. */
function malformedSlackBody(): { body: string; contentType: string } {
  const form = (fields: Record<string, string>) => ({ body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' });
  switch (Math.floor(rnd() * 9)) {
    case 7:
      return form({ command: '/so', text: `when ${pick(EXTREME_INSTANTS)}`, user_id: 'UFUZZ', trigger_id: 't', response_url: 'http://127.0.0.1:9/none' });
    case 8: {
      // A new-case modal with control characters, very long strings and impossible dates.
      const text = (value: string) => ({ type: 'plain_text_input', value });
      const values: Record<string, Record<string, unknown>> = {
        applicant_type: { applicant_type_input: { type: 'static_select', selected_option: { value: pick(['patient', 'martian']) } } },
        applicant_name: { applicant_name_input: text(pick(CONTROL_TEXTS)) },
        patient_name: { patient_name_input: text(pick(CONTROL_TEXTS)) },
        birth_date: { birth_date_input: { type: 'datepicker', selected_date: pick(['0000-01-01', '2026-02-31', '1961-04-02']) } },
        notes: { notes_input: text(pick(CONTROL_TEXTS)) },
      };
      return form({ payload: JSON.stringify({ type: 'view_submission', user: { id: 'UFUZZ' }, view: { callback_id: 'new_case', private_metadata: '', state: { values } } }) });
    }
    case 0:
      return form({ payload: JSON.stringify({ type: pick(['block_actions', 'view_submission', 'shortcut', 'message_action', 'nonsense', 42]), user: pick([{ id: 'U1' }, null, 'U1']) }) });
    case 1:
      return form({
        payload: JSON.stringify({
          type: 'block_actions',
          user: { id: `U${Math.floor(rnd() * 1e6)}` },
          actions: [{ action_id: pick(['case_claim', 'case_details', 'case_payment', 'unknown']), value: pick(junkValues) }],
          trigger_id: 't',
        }),
      });
    case 2:
      return form({
        payload: JSON.stringify({
          type: 'view_submission',
          user: { id: 'UFUZZ' },
          view: { callback_id: pick(['payment', 'documents', 'new_case', 'assign', 'nope']), private_metadata: pick(['', '{', '{"reference":42}', 'null']), state: { values: pick([{}, null, { amount: {} }]) } },
        }),
      });
    case 3:
      return form({ command: '/so', text: Array.from({ length: 3 }, () => pick(['staff', 'add', 'list', '<@U1|x>', 'admin', 'when', '9999-99-99', 'status', '%00', 'digest'])).join(' '), user_id: 'UFUZZ', trigger_id: 't', response_url: 'http://127.0.0.1:9/none' });
    case 4:
      return { body: JSON.stringify({ type: 'event_callback', event_id: `Ev${Math.floor(rnd() * 1e9)}`, event: pick([null, {}, { type: 'app_home_opened' }, { type: 'app_home_opened', user: 42, tab: 'home' }]) }), contentType: 'application/json' };
    case 5:
      return form({ payload: '{not json' });
    default:
      return { body: pick(['', '{}', 'payload=', '[]', 'x'.repeat(10_000)]), contentType: pick(['application/json', 'application/x-www-form-urlencoded']) };
  }
}

async function countRows(bench: Awaited<ReturnType<typeof startBenchApp>>): Promise<number> {
  const tables = ['cases', 'case_events', 'staff_roles', 'notifications', 'idempotency_keys'] as const;
  let total = 0;
  for (const t of tables) total += Number((await bench.app.db.selectFrom(t).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return total;
}

async function fire(n: number, concurrency: number, send: () => Promise<number>): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        next++;
        const status = await send().catch(() => -1);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

const bench = await startBenchApp({ role: 'web' });
const rowsBefore = await countRows(bench);
let crashed = false;
process.on('uncaughtException', () => (crashed = true));

// The same measure with nothing to do: on a shared machine, what the fuzz adds is the difference.
const idleDelay = monitorEventLoopDelay({ resolution: 10 });
idleDelay.enable();
await new Promise((r) => setTimeout(r, 5_000));
idleDelay.disable();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();
const t0 = Date.now();
const api = await fire(COUNT, 20, async () => {
  const { body, contentType } = malformedApiBody();
  const path = rnd() < 0.8 ? '/api/v1/cases' : `/api/v1/cases/SO-2026-000${Math.floor(rnd() * 9)}/documents`;
  const res = await fetch(`${bench.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': contentType }, body });
  await res.arrayBuffer();
  return res.status;
});
const apiWorstMs = loopDelay.max / 1e6;
loopDelay.reset();
const slack = await fire(COUNT, 50, async () => {
  const { body, contentType } = malformedSlackBody();
  const ts = Math.floor(Date.now() / 1000);
  const res = await fetch(`${bench.baseUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sign(body, ts) },
    body,
  });
  await res.arrayBuffer();
  return res.status;
});
loopDelay.disable();
const slackWorstMs = loopDelay.max / 1e6;
const worstLoopDelayMs = Math.max(apiWorstMs, slackWorstMs);
const health = await fetch(`${bench.baseUrl}/healthz`);
const rowsAfter = await countRows(bench);
await bench.stop();

const describe = (m: Map<number, number>) => [...m.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ');
const fivexx = (m: Map<number, number>) => [...m.entries()].filter(([s]) => s >= 500 || s < 0).reduce((a, [, n]) => a + n, 0);
console.log(`Bad input: ${COUNT} malformed API bodies and ${COUNT} signed malformed Slack payloads (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
console.log(`  API statuses:    ${describe(api)}`);
console.log(`  Slack statuses:  ${describe(slack)}`);
console.log(`  5xx or no answer: API ${fivexx(api)}, Slack ${fivexx(slack)} (aim 0)`);
console.log(`  rows written:    ${rowsAfter - rowsBefore} (aim 0)`);
console.log(`  process crashed: ${crashed || !health.ok ? 'yes' : 'no'}`);
console.log(`  event loop:      worst delay ${worstLoopDelayMs.toFixed(1)} ms (API phase ${apiWorstMs.toFixed(1)}, Slack phase ${slackWorstMs.toFixed(1)}), Slack-phase p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms (aim worst ≤ 50 ms); idle for 5 s before: worst ${(idleDelay.max / 1e6).toFixed(1)} ms, p99 ${(idleDelay.percentile(99) / 1e6).toFixed(1)} ms (machine shared with other runs)`);
process.exit(fivexx(api) + fivexx(slack) + (rowsAfter - rowsBefore) === 0 && !crashed ? 0 : 1);
