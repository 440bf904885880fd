/**
 * Bad input: generated malformed bodies at the HTTP API and correctly signed malformed Slack
 * payloads at /slack/events. Every answer must be a 4xx (or Slack's polite 200), never a 5xx; the
 * process must not crash; no row may be written.
 *   npm run bench -- fuzz            (or: npx tsx bench/fuzz.ts [count])
 */
import { sign } from '../test/support/slack-requests.js';
import { caseBody } from '../test/support/factories.js';
import { seededRandom } from './random.js';
import { API_TOKEN, startBenchApp } from './support.js';

const COUNT = Number(process.argv[2] ?? 1000);
const rnd = seededRandom(4711);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
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
  switch (Math.floor(rnd() * 7)) {
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
  switch (Math.floor(rnd() * 7)) {
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

const t0 = Date.now();
const api = await fire(COUNT, 20, async () => {
  const { body, contentType } = malformedApiBody();
  const path = rnd() < 0.8 ? '/api/v1/cases' : `/api/v1/cases/SO-2026-000${Math.floor(rnd() * 9)}/documents`;
  const res = await fetch(`${bench.baseUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': contentType }, body });
  await res.arrayBuffer();
  return res.status;
});
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
process.exit(fivexx(api) + fivexx(slack) + (rowsAfter - rowsBefore) === 0 && !crashed ? 0 : 1);
