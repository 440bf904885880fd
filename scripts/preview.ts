/**
 * `npm run preview [-- <folder>]`: drives the whole app against the local Slack stand-in over three
 * simulated days (Mon 30 Nov, Tue 1 Dec and Thu 3 Dec 2026), as a coordinator, a doctor, a
 * radiologist, a manager and an admin would, once in English and once in Italian. Two cases: one from
 * the web form with image review (documents, a rejection, the radiology consult, a request for
 * information, the chase, the answer, delivery with its courier tracking number) and one whose
 * documentation was complete a week before it reached us (breached at once, payment unconfirmed).
 * Every payload the app sends to Slack (messages, updates, DMs, App Home, modals, files) and every
 * answer a person sees (command replies, modal errors) is written to the folder (default
 * `preview-out/`) as JSON, with a text rendering of each in `<locale>/transcript.txt`, so that a
 * person can read what the staff will read. Each working morning shows the "My work" DMs, and the
 * triage channel's pinned Today message is posted, pinned and then edited as the queue changes.
 * It runs on the PostgreSQL server and the Redis of `.env` (DATABASE_URL's server, REDIS_URL), as
 * the app and the CLI do, or on BENCH_DATABASE_URL's server, in a database and a Redis prefix of
 * its own that it removes at the end; none of .env's other settings apply.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { startBenchApp, API_TOKEN, type BenchApp } from '../bench/support.js';
import { databaseTarget } from '../src/cli-database.js';
import { readEnvironment } from '../src/config.js';
import { ManualClock } from '../src/clock.js';
import { requiredItems } from '../src/domain/checklist.js';
import type { Locale } from '../src/i18n/locale.js';
import { BLOCKS, CALLBACKS, ELEMENTS, INBOX_ACTIONS, overflowValue } from '../src/slack/ids.js';
import { camtFile } from '../test/support/statements.js';
import { input, SlackClientSimulator } from '../test/support/slack-requests.js';
import type { RecordedCall } from '../test/support/slack-stand-in.js';
import { rome } from '../test/support/time.js';
import { buttonOf, formOf } from '../src/slack/actions/registry.js';

const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const DOC2 = 'UDOC00002';
const RAD = 'URAD00001';
const MGR = 'UMGR00001';
const ADMIN = 'UBENCHADMIN';
const PEOPLE: Record<string, string> = { [COORD]: 'coordinator', [DOC]: 'doctor', [DOC2]: 'doctor 2', [RAD]: 'radiologist', [MGR]: 'manager', [ADMIN]: 'admin' };

const out = process.argv[2] ?? 'preview-out';

// The servers of .env, as `npm start` and `npm run cli` read them (empty means not set).
const environment = readEnvironment();
const server = new URL(environment.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/opinion_desk');
server.pathname = '/postgres';
process.env.BENCH_DATABASE_URL ||= server.toString();
const redisUrl = environment.REDIS_URL || 'redis://127.0.0.1:6379';

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

type Obj = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as Obj).text === 'string' ? String((v as Obj).text) : '');

/** An element as a person sees it: a button's label, a menu's options, an input's placeholder. */
function element(e: Obj): string {
  switch (e.type) {
    case 'button':
      return `[${str(e.text)}${e.style === 'primary' ? ' ●' : ''}${e.url ? ' ↗' : ''}]`;
    case 'overflow':
      return `[⋯ ${((e.options as Obj[]) ?? []).map((o) => str(o.text)).join(' | ')}]`;
    case 'static_select':
    case 'multi_static_select': {
      const options = ((e.options as Obj[]) ?? []).map((o) => str(o.text));
      const chosen = e.initial_option ? ` = ${str((e.initial_option as Obj).text)}` : '';
      return `‹${str(e.placeholder) || 'choice'}${chosen}› {${options.slice(0, 6).join(' | ')}${options.length > 6 ? ` | … ${options.length - 6}` : ''}}`;
    }
    case 'checkboxes':
      return ((e.options as Obj[]) ?? []).map((o) => `☐ ${str(o.text)}`).join('  ');
    case 'datetimepicker':
      return `‹date-time${e.initial_date_time ? ` = ${DateTime.fromSeconds(Number(e.initial_date_time), { zone: 'Europe/Rome' }).toFormat('yyyy-MM-dd HH:mm')}` : ''}›`;
    case 'datepicker':
      return `‹date${e.initial_date ? ` = ${String(e.initial_date)}` : ''}${str(e.placeholder) ? ` · ${str(e.placeholder)}` : ''}›`;
    default:
      return `‹${str(e.placeholder) || String(e.type)}${e.initial_value ? ` = ${String(e.initial_value)}` : ''}›`;
  }
}

/** The blocks of a message, a modal or App Home, one line per thing a person reads. */
function blockLines(blocks: Obj[]): string[] {
  const lines: string[] = [];
  for (const b of blocks) {
    switch (b.type) {
      case 'header':
        lines.push(`# ${str(b.text)}`);
        break;
      case 'section':
        if (str(b.text)) lines.push(str(b.text));
        for (const f of (b.fields as Obj[]) ?? []) lines.push(`  ${str(f)}`);
        if (b.accessory) lines.push(`    ${element(b.accessory as Obj)}`);
        break;
      case 'context':
        lines.push(`  (${((b.elements as Obj[]) ?? []).map(str).join(' ')})`);
        break;
      case 'actions':
        lines.push(`  ${((b.elements as Obj[]) ?? []).map(element).join(' ')}`);
        break;
      case 'input':
        lines.push(`▸ ${str(b.label)}${b.optional ? ' (optional)' : ''}: ${element(b.element as Obj)}${str(b.hint) ? `\n    hint: ${str(b.hint)}` : ''}`);
        break;
      case 'divider':
        lines.push('  ———');
        break;
      case 'image':
        lines.push(`  [image: ${String(b.alt_text ?? '')}]`);
        break;
    }
  }
  return lines;
}

/** What a person reads in a payload. */
function readable(call: RecordedCall): string {
  const body = call.body as Obj;
  if (call.method === 'ack' && body.response_action === 'errors') {
    return Object.entries(body.errors as Record<string, string>).map(([field, error]) => `✗ under ${field}: ${error}`).join('\n');
  }
  if (call.method === 'pins.add') return `(the message ${String(body.timestamp)} is pinned in ${String(body.channel)})`;
  if (call.method === 'chat.update' && call.response?.ok === false) return `(refused: ${String(call.response.error)})`;
  const view = body.view as Obj | undefined;
  if (view) return [`[${str(view.title) || 'App Home'}]${view.submit ? ` {${str(view.submit)}}` : ''}`, ...blockLines((view.blocks as Obj[]) ?? [])].join('\n');
  if (Array.isArray(body.blocks)) return blockLines(body.blocks as Obj[]).join('\n');
  if (call.method.startsWith('files.')) {
    const files = (body.files as Obj[] | undefined)?.map((f) => String(f.title ?? f.id)).join(', ');
    return [body.initial_comment, body.filename, body.title, files].filter(Boolean).map(String).join('\n');
  }
  return str(body);
}

async function preview(locale: Locale): Promise<void> {
  const clock = new ManualClock(rome('2026-11-30 08:30'));
  // The pinned Today message is edited at most once a second here (30 s by default), so each step shows its edit.
  const b = await startBenchApp({ clock, waitForDatabaseMs: 5000, env: { LOCALE: locale, REDIS_URL: redisUrl, ADMIN_SLACK_USER_IDS: ADMIN, SLACK_TODAY_UPDATE_SECONDS: '1' } });
  const slack = new SlackClientSimulator(b.baseUrl, (id) => b.standIn.responseUrl(id), undefined, (id, body) => b.standIn.showAnswer(id, body));
  const steps: { title: string; from: number }[] = [];
  const step = async (title: string, run: () => Promise<unknown>) => {
    steps.push({ title, from: b.standIn.calls.length });
    await run();
    await settle(b);
    await new Promise((r) => setTimeout(r, 150));
  };
  const day = (title: string, at: string) => {
    clock.set(rome(at));
    steps.push({ title: `=== ${title} ===`, from: b.standIn.calls.length });
  };
  const at = (local: string) => clock.set(rome(local));
  const command = async (user: string, text: string) => {
    const c = slack.command(user, text);
    await c.answer;
    // An answer that missed the acknowledgement goes to the response URL: wait for it.
    for (let i = 0; i < 200 && !b.standIn.reply(c.responseId); i++) await new Promise((r) => setTimeout(r, 25));
  };
  /** Opens a modal with a click and answers the view Slack shows, so that a submission sends what Slack sends. */
  const open = async (user: string, action: string, value: string): Promise<{ blocks: unknown[] }> => {
    const before = b.standIn.callsOf('views.open').length;
    await slack.click(user, action, value).answer;
    for (let i = 0; i < 200 && b.standIn.callsOf('views.open').length === before; i++) await new Promise((r) => setTimeout(r, 25));
    return (b.standIn.callsOf('views.open').at(-1)?.body.view ?? { blocks: [] }) as { blocks: unknown[] };
  };
  /** Submits a modal; an answer with field errors is what the person sees, so it is recorded too. */
  let submissions = 0;
  const submit = async (user: string, callback: string, values: Record<string, unknown>, reference: string | object, view: { blocks: unknown[] }) => {
    const answer = await slack.submit(user, callback, values, typeof reference === 'string' ? { reference } : reference, view);
    if (answer.json) b.standIn.showAnswer(`submit-${++submissions}`, answer.json);
  };
  const home = (user: string) => slack.event({ type: 'app_home_opened', user, tab: 'home' });
  const dispatch = () => b.app.notifications!.dispatchDue();
  try {
    const admin = { id: ADMIN, roles: new Set(['admin'] as const) };
    await b.app.staff.grant(admin, COORD, 'coordinator', [], 'Anna Conti');
    await b.app.staff.grant(admin, DOC, 'doctor', ['head_and_neck', 'prostate'], 'Dr Bianchi');
    await b.app.staff.grant(admin, DOC2, 'doctor', ['head_and_neck'], 'Dr Verdi');
    await b.app.staff.grant(admin, MGR, 'manager', [], 'Marco Galli');

    let reference = '';
    let late = '';
    const create = async (body: Record<string, unknown>) => {
      const res = await fetch(`${b.baseUrl}/api/v1/cases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return String(((await res.json()) as { reference: string }).reference);
    };

    // ---------------------------------------------------------------- Day 1
    day('Day 1 · Mon 30 Nov 2026', '2026-11-30 08:30');
    await step('08:30 The daily digest (nothing open yet)', () => b.app.notifications!.sendDigest());
    await step('08:30 My work: nobody has anything to do yet, so nobody gets a DM', () => b.app.myWork!.sendMorning());
    await step('/so help as each role asks it', async () => {
      for (const user of [COORD, DOC, MGR, ADMIN]) await command(user, locale === 'it' ? 'aiuto' : 'help');
    });
    await step('The admin adds a radiologist, in the words of the locale, and lists the staff', async () => {
      await command(ADMIN, locale === 'it' ? `personale aggiungi <@${RAD}|Dr Neri> medico radiologia` : `staff add <@${RAD}|Dr Neri> doctor radiology`);
      await command(ADMIN, locale === 'it' ? 'personale elenco' : 'staff list');
    });
    at('2026-11-30 08:45');
    await step('The web form creates a case with image review: the card is posted', async () => {
      reference = await create({
        applicant: { type: 'representative', name: 'Giulia Verdi', email: 'giulia@example.org' },
        patient: { name: 'Paolo Verdi', birthDate: '1958-03-14' },
        pathologyArea: 'head_and_neck',
        language: 'it',
        imageReview: true,
        deliveryChannel: 'courier',
        documents: [{ item: 'privacy_consent', receivedAt: '2026-11-27T16:00:00+01:00' }],
      });
    });
    await step('The web form sends a case whose documentation was complete a week ago (payment unconfirmed)', async () => {
      late = await create({
        applicant: { type: 'patient', name: 'Luca Neri', email: 'luca@example.org' },
        patient: { name: 'Luca Neri', birthDate: '1970-01-02' },
        pathologyArea: 'prostate',
        language: 'en',
        imageReview: false,
        deliveryChannel: 'email',
        documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-23T10:00:00+01:00' })),
      });
    });
    await step('The coordinator opens App Home', () => home(COORD));
    await step('The coordinator opens Documents and saves with nothing chosen', async () => {
      const view = await open(COORD, buttonOf('record_documents'), reference);
      await submit(COORD, formOf('record_documents'), {}, reference, view);
    });
    await step('The coordinator records the documents that arrived on Friday, rejecting the health card', async () => {
      const items = requiredItems('representative', true).filter((i) => i !== 'privacy_consent' && i !== 'patient_health_card');
      const view = await open(COORD, buttonOf('record_documents'), reference);
      await submit(COORD, formOf('record_documents'), { [BLOCKS.receivedItems]: input.checks(...items), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-27 17:00')) }, reference, view);
      const again = await open(COORD, buttonOf('record_documents'), reference);
      await submit(COORD, formOf('record_documents'), { [BLOCKS.rejectItem]: input.checks('patient_health_card'), [BLOCKS.rejectReason]: input.select('illegible') }, reference, again);
    });
    at('2026-11-30 10:00');
    await step('10:00 The health card arrives again: documentation complete, the radiology consult opens', async () => {
      const view = await open(COORD, buttonOf('record_documents'), reference);
      await submit(COORD, formOf('record_documents'), { [BLOCKS.receivedItems]: input.checks('patient_health_card'), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 09:40')) }, reference, view);
    });
    await step('The doctor opens App Home and claims the case', async () => {
      await home(DOC);
      await slack.click(DOC, buttonOf('claim'), reference).answer;
    });
    await step('The radiologist claims the consult from the DM', () => slack.click(RAD, buttonOf('claim_consult'), `${reference}#1`).answer);
    await step('The coordinator confirms the payment typed as "€ 668" (the details on top first)', async () => {
      const view = await open(COORD, buttonOf('confirm_payment'), reference);
      await slack.click(COORD, ELEMENTS.paymentDetails, reference).answer;
      await settle(b);
      await submit(COORD, formOf('confirm_payment'), { [BLOCKS.amount]: input.text('€ 668'), [BLOCKS.valueDate]: input.date('2026-11-30'), [BLOCKS.bankReference]: input.text('CRO 0042') }, { reference, expectedCents: 66_800 }, view);
    });
    at('2026-11-30 14:00');
    await step('14:00 The reminders due: the week-old case is breached, unclaimed, its payment unconfirmed', dispatch);
    await step('/so status, /so list, /so when, a typo, an unknown filter', async () => {
      await command(DOC, `${locale === 'it' ? 'stato' : 'status'} ${reference}`);
      await command(DOC, locale === 'it' ? 'elenco miei' : 'list mine');
      await command(COORD, locale === 'it' ? 'quando 04/12/2026 16:00' : 'when 2026-12-04 16:00');
      await command(COORD, locale === 'it' ? 'statp' : 'stauts');
      await command(COORD, locale === 'it' ? 'elenco urgenti' : 'list urgent');
    });
    await step('Dr Verdi records an absence for the week of 14 Dec', () => command(DOC2, locale === 'it' ? 'assente 14/12/2026 18/12/2026' : 'away 2026-12-14 2026-12-18'));
    await step('The coordinator opens Assign on the week-old case and assigns Dr Verdi', async () => {
      const view = await open(COORD, buttonOf('assign'), late);
      await submit(COORD, formOf('assign'), { [BLOCKS.doctor]: input.select(DOC2) }, late, view);
    });
    await step('A coordinator clicks Claim: told who holds it and what would work', () => slack.click(COORD, buttonOf('claim'), reference).answer);
    at('2026-11-30 17:00');
    await step('17:00 The reminders due', dispatch);

    // ---------------------------------------------------------------- Day 2
    day('Day 2 · Tue 1 Dec 2026', '2026-12-01 08:30');
    await step('08:30 The daily digest', () => b.app.notifications!.sendDigest());
    await step('08:30 My work: a DM to each doctor and coordinator with something to do; the Today message shows the new day', () => b.app.myWork!.sendMorning());
    await step('The manager opens App Home', () => home(MGR));
    at('2026-12-01 09:00');
    /** A credit's id, which its App Home buttons carry. */
    const creditId = async (bankReference: string) =>
      String((await b.app.db.selectFrom('bank_transfers').select('id').where('bank_reference', '=', bankReference).executeTakeFirstOrThrow()).id);
    await step("09:00 Yesterday's bank statement is imported: two credits name no case, the coordinators are told", () =>
      fetch(`${b.baseUrl}/api/v1/payments/statements`, {
        method: 'POST',
        headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/xml' },
        body: camtFile([
          { amount: '518.00', reference: 'BNK-0001', valueDate: '2026-11-30', payer: 'ROSSI ANNA', remittance: 'bonifico saldo' },
          { amount: '40.00', reference: 'BNK-0002', valueDate: '2026-11-30', payer: 'CIRCOLO TENNIS', remittance: 'quota sociale' },
        ]),
      }),
    );
    await step('The coordinator opens App Home: the transfers to match', () => home(COORD));
    await step('The coordinator opens Match to case… on the €518.00 credit (a relative paid) and matches it to the week-old case', async () => {
      const view = (await open(COORD, INBOX_ACTIONS.matchTransfer, await creditId('BNK-0001'))) as { blocks: unknown[]; private_metadata?: string };
      await submit(COORD, CALLBACKS.matchTransfer, { [BLOCKS.caseChoice]: input.select(late) }, JSON.parse(view.private_metadata || '{}') as object, view);
    });
    await step('The coordinator dismisses the €40.00 credit as not ours', async () => {
      await slack.click(COORD, INBOX_ACTIONS.dismissTransfer, await creditId('BNK-0002')).answer;
    });
    at('2026-12-01 11:00');
    await step('11:00 The doctor asks for information: the coordinators are told to contact the applicant', async () => {
      const view = await open(DOC, buttonOf('request_info'), reference);
      await submit(DOC, formOf('request_info'), { [BLOCKS.question]: input.text(locale === 'it' ? 'Il referto dell’ultima RM, per favore' : 'Most recent MRI report, please') }, reference, view);
    });
    at('2026-12-01 15:00');
    await step('15:00 The reminders due', dispatch);
    await step('The coordinator opens App Home', () => home(COORD));

    // ---------------------------------------------------------------- Day 3
    day('Day 3 · Thu 3 Dec 2026', '2026-12-03 08:30');
    await step('08:30 The daily digest', () => b.app.notifications!.sendDigest());
    await step('08:30 My work', () => b.app.myWork!.sendMorning());
    at('2026-12-03 11:30');
    await step('11:30 Two working days paused: the chase reminder', dispatch);
    await step('The coordinator snoozes the chase for 1 working hour: the DM says until when', async () => {
      await settle(b);
      const chase = b.standIn.callsOf('chat.postMessage').filter((c) => c.body.channel === `D${COORD}` && String(c.body.text).startsWith(':mailbox_with_no_mail:')).at(-1);
      const menu = ((chase?.body.blocks ?? []) as { elements?: { action_id: string; options?: { value: string }[] }[] }[]).flatMap((x) => x.elements ?? []).find((e) => e.action_id === ELEMENTS.snooze);
      if (!chase || !menu?.options?.[0]) throw new Error('the chase DM has no Snooze');
      await slack.selectInMessage(COORD, ELEMENTS.snooze, menu.options[0].value, { channel: String(chase.body.channel), ts: String(chase.response!.ts), text: chase.body.text, blocks: chase.body.blocks }).answer;
    });
    await step('The coordinator opens App Home: the chase queue', () => home(COORD));
    await step('The coordinator records the information, arrived at 11:15', async () => {
      const view = await open(COORD, buttonOf('info_received'), reference);
      await submit(COORD, formOf('info_received'), { [BLOCKS.receivedAt]: input.dateTime(rome('2026-12-03 11:15')) }, reference, view);
    });
    await step('The radiologist records the consult answer', async () => {
      const view = await open(RAD, buttonOf('answer_consult'), `${reference}#1`);
      await submit(RAD, formOf('answer_consult'), {}, { reference, consult: 1 }, view);
    });
    await step('The doctor of the week-old case chooses Release in the overflow menu: asked to confirm (and does not)', () =>
      slack.choose(DOC2, ELEMENTS.more, overflowValue(buttonOf('release'), late)).answer,
    );
    at('2026-12-03 16:00');
    await step('16:00 The doctor marks the opinion delivered: sent at 15:30 by courier, with its tracking number', async () => {
      const view = await open(DOC, buttonOf('deliver'), reference);
      await submit(DOC, formOf('deliver'), { [BLOCKS.deliveredAt]: input.dateTime(rome('2026-12-03 15:30')), [BLOCKS.courierTracking]: input.text('1Z999AA10123456784') }, reference, view);
    });
    await step('The coordinator opens Details', () => slack.click(COORD, buttonOf('view_details'), reference).answer);
    await step('The manager asks for the digest and the report of November', async () => {
      await command(MGR, locale === 'it' ? 'riepilogo' : 'digest');
      await command(MGR, locale === 'it' ? 'rapporto 2026-11' : 'report 2026-11');
    });
    await step('Dr Verdi is back early', () => command(DOC2, locale === 'it' ? 'rientro' : 'back'));
    at('2026-12-03 17:30');
    await step('17:30 The reminders due', dispatch);

    const dir = join(out, locale);
    await mkdir(dir, { recursive: true });
    const transcript: string[] = [];
    let n = 0;
    for (const [i, s] of steps.entries()) {
      transcript.push(s.title.startsWith('===') ? `\n\n${s.title}\n` : `\n## ${s.title}\n`);
      for (const call of b.standIn.calls.slice(s.from, steps[i + 1]?.from ?? b.standIn.calls.length)) {
        if (['chat.getPermalink', 'conversations.open', 'files.getUploadURLExternal', 'file_upload', 'auth.test', 'usergroups.users.list'].includes(call.method)) continue;
        const name = `${String(++n).padStart(3, '0')}-${call.method.replace('.', '-')}.json`;
        await writeFile(join(dir, name), `${JSON.stringify(call.body, null, 2)}\n`);
        const to = call.body.user_id ?? call.body.user ?? (String(call.body.channel ?? '').startsWith('D') ? String(call.body.channel).slice(1) : null);
        const where =
          call.method === 'ack' ? ' (reply)' : call.responseId ? ' (reply, later)' : call.body.thread_ts ? ' (thread)' : to ? ` (to ${PEOPLE[String(to)] ?? String(to)})` : call.body.channel ? ` (${String(call.body.channel)})` : '';
        transcript.push(`--- ${name}: ${call.method}${where}\n${readable(call)}\n`);
      }
    }
    await writeFile(join(dir, 'transcript.txt'), transcript.join('\n'));
    process.stdout.write(`${locale}: ${n} payloads in ${dir}\n`);
  } finally {
    await b.stop();
  }
}

/** What failed, in a line: a refused connection comes as an AggregateError without a message of its own. */
function cause(err: unknown): string {
  const e = err as { message?: string; code?: string; errors?: unknown[] };
  return e?.message || e?.code || (Array.isArray(e?.errors) ? e.errors.map(cause).join(', ') : String(err));
}

await rm(out, { recursive: true, force: true });
process.stdout.write(`Three simulated days, in English and then in Italian (about a minute and a half), into ${out}/ …\n`);
try {
  for (const locale of ['en', 'it'] as const) await preview(locale);
} catch (err) {
  const pgTarget = databaseTarget(process.env.BENCH_DATABASE_URL!);
  const redis = new URL(redisUrl);
  process.stderr.write(
    `The preview failed: ${cause(err)}.\nIt used PostgreSQL at ${pgTarget.host}:${pgTarget.port} (user ${pgTarget.user}) and Redis at ${redis.hostname}:${redis.port || '6379'}: ` +
      `DATABASE_URL and REDIS_URL in ${pgTarget.dir}/.env, or BENCH_DATABASE_URL, point it elsewhere.\n`,
  );
  process.exitCode = 1;
}
