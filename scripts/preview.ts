/**
 * `npm run preview [-- <folder>]`: drives the whole app against the local Slack stand-in through one
 * case, from the web form to the delivered opinion, as a coordinator, a doctor and a manager would
 * on a Monday at 08:45, once in English and once in Italian. Every payload the app sends to Slack is
 * written to the folder (default `preview-out/`) as JSON, with a text rendering of each in
 * `<locale>/transcript.txt`, so that a person can read what the staff will read.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startBenchApp, API_TOKEN, type BenchApp } from '../bench/support.js';
import { ManualClock } from '../src/clock.js';
import { requiredItems } from '../src/domain/checklist.js';
import type { Locale } from '../src/i18n/locale.js';
import { ACTIONS, BLOCKS, CALLBACKS, ELEMENTS, overflowValue } from '../src/slack/ids.js';
import { input, SlackClientSimulator } from '../test/support/slack-requests.js';
import type { RecordedCall } from '../test/support/slack-stand-in.js';
import { rome } from '../test/support/time.js';

const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const MGR = 'UMGR00001';
const ADMIN = 'UBENCHADMIN';

const out = process.argv[2] ?? 'preview-out';

/** Waits until the app has sent every queued message. */
async function settle(b: BenchApp): Promise<void> {
  for (let i = 0; i < 400; i++) {
    b.app.slack?.delivery.nudge();
    const row = await b.app.db.selectFrom('slack_outbox').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
    if (Number(row.n) === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('Slack messages still queued after 10 s');
}

/** What a person reads in a payload: its text and every text inside its blocks, one per line. */
function readable(call: RecordedCall): string {
  const texts: string[] = [];
  const walk = (v: unknown, key = ''): void => {
    if (typeof v === 'string') {
      if (key === 'text' && v.trim()) texts.push(v);
      return;
    }
    if (Array.isArray(v)) return v.forEach((x) => walk(x));
    if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(call.body.view ?? call.body.blocks ?? []);
  const head = typeof call.body.text === 'string' && !call.body.blocks ? [call.body.text] : [];
  return [...head, ...texts].join('\n');
}

async function preview(locale: Locale): Promise<void> {
  const clock = new ManualClock(rome('2026-11-30 08:45'));
  const b = await startBenchApp({ clock, env: { LOCALE: locale, ADMIN_SLACK_USER_IDS: ADMIN } });
  const slack = new SlackClientSimulator(b.baseUrl, (id) => b.standIn.responseUrl(id));
  const steps: { title: string; from: number }[] = [];
  const step = async (title: string, run: () => Promise<unknown>) => {
    steps.push({ title, from: b.standIn.calls.length });
    await run();
    await settle(b);
    await new Promise((r) => setTimeout(r, 150));
  };
  const command = async (user: string, text: string) => {
    const c = slack.command(user, text);
    await c.answer;
  };
  const home = (user: string) => slack.event({ type: 'app_home_opened', user, tab: 'home' });
  try {
    const admin = { id: ADMIN, roles: new Set(['admin'] as const) };
    await b.app.staff.grant(admin, COORD, 'coordinator', [], 'Anna Conti');
    await b.app.staff.grant(admin, DOC, 'doctor', ['head_and_neck', 'prostate'], 'Dr Bianchi');
    await b.app.staff.grant(admin, MGR, 'manager', [], 'Marco Galli');

    let reference = '';
    await step('The web form creates a case: the card is posted', async () => {
      const res = await fetch(`${b.baseUrl}/api/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          applicant: { type: 'representative', name: 'Giulia Verdi', email: 'giulia@example.org' },
          patient: { name: 'Paolo Verdi', birthDate: '1958-03-14' },
          pathologyArea: 'head_and_neck',
          language: 'it',
          imageReview: false,
          deliveryChannel: 'courier',
          documents: [{ item: 'privacy_consent', receivedAt: '2026-11-27T16:00:00+01:00' }],
        }),
      });
      reference = String(((await res.json()) as { reference: string }).reference);
    });
    await step('The coordinator opens App Home', () => home(COORD));
    await step('The coordinator opens Documents', () => slack.click(COORD, ACTIONS.documents, reference).answer);
    await step('The coordinator records the documents that arrived on Friday, rejecting the health card', async () => {
      const items = requiredItems('representative', false).filter((i) => i !== 'privacy_consent' && i !== 'patient_health_card');
      await slack.submit(COORD, CALLBACKS.documents, { [BLOCKS.receivedItems]: input.checks(...items), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-27 17:00')) }, { reference });
      await slack.submit(COORD, CALLBACKS.documents, { [BLOCKS.rejectItem]: input.checks('patient_health_card'), [BLOCKS.rejectReason]: input.select('illegible'), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 08:45')) }, { reference });
    });
    clock.set(rome('2026-11-30 10:00'));
    await step('The health card arrives again: the documentation is complete', () =>
      slack.submit(COORD, CALLBACKS.documents, { [BLOCKS.receivedItems]: input.checks('patient_health_card'), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 09:40')) }, { reference }),
    );
    await step('The doctor opens App Home: the case waits in their areas', () => home(DOC));
    await step('The doctor claims the case', () => slack.click(DOC, ACTIONS.claim, reference).answer);
    await step('The coordinator opens Confirm payment and the details on top', async () => {
      await slack.click(COORD, ACTIONS.payment, reference).answer;
      await slack.click(COORD, ELEMENTS.paymentDetails, reference).answer;
    });
    await step('The coordinator confirms the payment typed as "€ 518"', () =>
      slack.submit(COORD, CALLBACKS.payment, { [BLOCKS.amount]: input.text('€ 518'), [BLOCKS.valueDate]: input.date('2026-11-30'), [BLOCKS.bankReference]: input.text('CRO 0042'), [BLOCKS.reason]: input.text('') }, { reference }),
    );
    clock.set(rome('2026-12-01 11:00'));
    await step('The doctor asks for information', async () => {
      await slack.click(DOC, ACTIONS.requestInfo, reference).answer;
      await slack.submit(DOC, CALLBACKS.requestInfo, { [BLOCKS.question]: input.text('Most recent MRI report, please') }, { reference });
    });
    clock.set(rome('2026-12-03 10:00'));
    await step('Two working days later the chase reminder goes to the thread', () => b.app.notifications!.dispatchDue());
    await step('The coordinator opens App Home: the chase queue', () => home(COORD));
    await step('The coordinator opens Information received and records it', async () => {
      await slack.click(COORD, ACTIONS.infoReceived, reference).answer;
      await slack.submit(COORD, CALLBACKS.infoReceived, { [BLOCKS.receivedAt]: input.dateTime(rome('2026-12-03 09:15')) }, { reference });
    });
    await step('/so status, /so list mine, /so when, and a typo', async () => {
      await command(DOC, `status ${reference}`);
      await command(DOC, 'list mine');
      await command(COORD, 'when 2026-12-04 16:00');
      await command(COORD, 'stauts');
      await command(COORD, 'list urgent');
    });
    await step('A coordinator clicks Claim: told who claims and what would work', () => slack.click(COORD, ACTIONS.claim, reference).answer);
    clock.set(rome('2026-12-10 09:00'));
    await step('Due soon: the doctor gets a DM with the case linked', () => b.app.notifications!.dispatchDue());
    await step('The manager asks for the digest and opens App Home', async () => {
      await command(MGR, 'digest');
      await home(MGR);
    });
    await step('The doctor chooses Release in the overflow menu: asked to confirm (and does not)', () => slack.choose(DOC, ELEMENTS.more, overflowValue(ACTIONS.release, reference)).answer);
    await step('The doctor marks the opinion delivered', async () => {
      await slack.click(DOC, ACTIONS.deliver, reference).answer;
      await slack.submit(DOC, CALLBACKS.deliver, {}, { reference });
    });
    await step('The coordinator opens Details', () => slack.click(COORD, ACTIONS.details, reference).answer);

    const dir = join(out, locale);
    await mkdir(dir, { recursive: true });
    const transcript: string[] = [];
    let n = 0;
    for (const [i, s] of steps.entries()) {
      transcript.push(`\n## ${s.title}\n`);
      for (const call of b.standIn.calls.slice(s.from, steps[i + 1]?.from ?? b.standIn.calls.length)) {
        if (call.method === 'chat.getPermalink' || call.method === 'conversations.open') continue;
        const name = `${String(++n).padStart(3, '0')}-${call.method.replace('.', '-')}.json`;
        await writeFile(join(dir, name), `${JSON.stringify(call.body, null, 2)}\n`);
        const where = call.body.thread_ts ? ' (thread)' : call.body.user_id ? ` (${String(call.body.user_id)})` : call.body.channel ? ` (${String(call.body.channel)})` : '';
        transcript.push(`--- ${name}: ${call.method}${where}\n${readable(call)}\n`);
      }
    }
    await writeFile(join(dir, 'transcript.txt'), transcript.join('\n'));
    process.stdout.write(`${locale}: ${n} payloads in ${dir}\n`);
  } finally {
    await b.stop();
  }
}

await rm(out, { recursive: true, force: true });
for (const locale of ['en', 'it'] as const) await preview(locale);
