import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { createLogger } from '../../src/logger.js';
import { BLOCKS, CALLBACKS, ELEMENTS } from '../../src/slack/ids.js';
import { blockKitViolations } from '../support/block-kit-limits.js';
import { input, newCaseForm, sign } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';
import { caseViaApi } from '../support/ready-case.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

// Everything the app logs, at debug level, is kept to be scanned for personal data.
const logLines: string[] = [];
const app = await startSlackTestApp({
  now: '2026-11-30 09:30',
  logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
});
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const DOC2 = 'UDOC00002';
const MGR = 'UMGR00001';
const NOBODY = 'UNOROLE001';

/** Personal data of the fixtures: none of it may ever reach a channel, thread, DM or reply. */
const PERSONAL = ['Maria Rossi', '1961-04-02', 'RSSMRA61D42F205X', 'maria.rossi@example.org', '333 1234567', 'adenocarcinoma', 'prostatectomy'];

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
  await app.grant(DOC2, 'doctor', ['eye'], 'Dr Verdi');
  await app.grant(MGR, 'manager');
});

const createViaApi = (overrides: Record<string, unknown> = {}) => caseViaApi(app, overrides);

const cardsFor = (reference: string) =>
  app.standIn.calls.filter(
    (c) =>
      (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
      !c.body.thread_ts &&
      JSON.stringify(c.body.blocks ?? '').includes(`Second opinion ${reference}`),
  );
const lastCard = (reference: string) => cardsFor(reference).at(-1)!;
const cardText = (reference: string) => JSON.stringify(lastCard(reference).body.blocks);
const buttonsOf = (reference: string) =>
  (lastCard(reference).body.blocks as { type: string; elements?: { action_id: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements!.map((e) => e.action_id));
/** The lines in one case card's thread, oldest first. */
const threadOf = (reference: string) => {
  const cardTs = cardsFor(reference).find((c) => c.method === 'chat.postMessage')?.response?.ts;
  return app.standIn.callsOf('chat.postMessage').filter((c) => cardTs && c.body.thread_ts === cardTs).map((c) => String(c.body.text));
};
const lastOpenedView = () => (app.standIn.callsOf('views.open').at(-1)?.body.view ?? {}) as Record<string, unknown>;

async function reply(pending: { responseId: string; answer: Promise<{ status: number }> }): Promise<string> {
  expect((await pending.answer).status).toBe(200);
  const call = await waitFor(() => app.standIn.reply(pending.responseId));
  return String(call.body.text);
}

/** Documents complete (received yesterday) and payment confirmed: the case is ready. */
async function readyCase(): Promise<string> {
  const ref = await createViaApi({
    documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-27T10:00:00+01:00' })),
  });
  await app.cases.execute(
    ref,
    { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO 1', reason: null },
    await app.staff.actor(COORD),
  );
  await app.settle();
  return ref;
}

afterAll(() => {
  // Every payload the app sent to Slack, in every test of this file, respects Block Kit limits…
  const violations = app.standIn.calls.flatMap(blockKitViolations);
  expect(violations).toEqual([]);
  // …and none but the details modal carries personal data; the doctor's question (free text) is shown
  // only privately, to whoever resolves it: the information-received modal and the holder's App Home.
  const privately = (c: (typeof app.standIn.calls)[number]) =>
    ((c.method === 'views.open' || c.method === 'views.push') &&
      ['details', formOf('info_received')].includes((c.body.view as { callback_id: string }).callback_id)) ||
    (c.method === 'views.publish' && c.body.user_id === DOC);
  const sent = app.standIn.calls
    .filter((c) => !privately(c))
    .map((c) => JSON.stringify(c.body))
    .join('\n');
  for (const p of PERSONAL) expect(sent, p).not.toContain(p);
  // Nor does any log line.
  expect(logLines.length).toBeGreaterThan(0);
  for (const p of PERSONAL) expect(logLines.join('\n'), p).not.toContain(p);
  expect(logLines.join('\n')).not.toContain('xoxb-test-token');
});

describe('a case from intake to a delivered opinion, in Slack', () => {
  it('runs end to end: card, documents, payment, claim, pause, resume, delivery, with one thread line per change', async () => {
    const ref = await createViaApi();
    await app.settle();
    expect(cardsFor(ref)).toHaveLength(1);
    expect(cardsFor(ref)[0]!.method).toBe('chat.postMessage');
    expect(cardsFor(ref)[0]!.body.channel).toBe('CTRIAGE');
    expect(buttonsOf(ref)).toEqual([buttonOf('record_documents'), buttonOf('confirm_payment'), buttonOf('view_details'), ELEMENTS.more]);
    expect(cardText(ref)).toContain('Documents: 0/7 received');
    expect(threadOf(ref).at(-1)).toBe('The web form created the case.');

    // Coordinator: Documents → modal → every item received this morning at 09:00.
    const docs = slack.click(COORD, buttonOf('record_documents'), ref);
    expect((await docs.answer).status).toBe(200);
    await waitFor(() => lastOpenedView()?.callback_id === formOf('record_documents') && JSON.parse(String(lastOpenedView().private_metadata)).reference === ref);
    const submitted = await slack.submit(
      COORD,
      formOf('record_documents'),
      {
        [BLOCKS.receivedItems]: input.checks(...requiredItems('patient', false)),
        [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 09:00')),
        [BLOCKS.rejectItem]: input.select(null),
        [BLOCKS.rejectReason]: input.select(null),
      },
      { reference: ref },
    );
    expect(submitted.status).toBe(200);
    expect(submitted.json).toBeNull();
    await app.settle();
    expect(cardText(ref)).toContain('Documentation complete');
    expect(cardText(ref)).toContain('due Fri 4 Dec 2026 18:00');
    expect(threadOf(ref).at(-1)).toMatch(
      /^<@UCOORD0001> recorded as received: .* \(they arrived Mon 30 Nov 2026 09:00\)\.\nThe documentation is complete: the SLA clock runs, the answer is due by Fri 4 Dec 2026 18:00\.\nReady for review: waiting for a doctor\.$/,
    );
    // Ready at once; the payment is confirmed beside the review.
    expect(cardText(ref)).toContain('Ready · payment pending');
    expect(buttonsOf(ref)).toEqual([buttonOf('claim'), buttonOf('assign'), buttonOf('record_documents'), buttonOf('confirm_payment'), ELEMENTS.more]);

    // Payment: an amount below the expected one needs a reason, answered inside the modal.
    const payment = { [BLOCKS.amount]: input.text('480,00'), [BLOCKS.valueDate]: input.date('2026-11-27'), [BLOCKS.bankReference]: input.text('CRO 42') };
    const refused = await slack.submit(COORD, formOf('confirm_payment'), { ...payment, [BLOCKS.reason]: input.text('') }, { reference: ref });
    expect(refused.json).toEqual({
      response_action: 'errors',
      errors: { [BLOCKS.reason]: 'The amount is less than the expected €518.00: write why it is accepted.' },
    });
    const accepted = await slack.submit(COORD, formOf('confirm_payment'), { ...payment, [BLOCKS.reason]: input.text('Bank fees, agreed') }, { reference: ref });
    expect(accepted.json).toBeNull();
    await app.settle();
    expect(buttonsOf(ref)).toEqual([buttonOf('claim'), buttonOf('assign'), buttonOf('record_documents'), buttonOf('request_consult'), ELEMENTS.more]);
    expect(threadOf(ref).at(-1)).toContain('accepted a payment of €480.00 instead of €518.00');
    expect(threadOf(ref).join('\n')).not.toContain('Bank fees');

    // Doctor claims; asks for information (pause); coordinator records it received (resume).
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    await app.settle();
    expect(cardText(ref)).toContain('· Dr Bianchi ·');
    expect(buttonsOf(ref)[0]).toBe(buttonOf('deliver'));

    app.clock.set(rome('2026-12-01 10:00'));
    await (await slack.click(DOC, buttonOf('request_info'), ref)).answer;
    await waitFor(() => lastOpenedView()?.callback_id === formOf('request_info'));
    await slack.submit(DOC, formOf('request_info'), { [BLOCKS.question]: input.text('Latest PSA of Maria Rossi?') }, { reference: ref });
    await app.settle();
    expect(cardText(ref)).toContain('Paused, waiting for information');
    expect(threadOf(ref).at(-1)).toBe('Dr Bianchi asked for more information: the SLA clock is paused.');

    app.clock.set(rome('2026-12-02 12:00'));
    await slack.submit(COORD, formOf('info_received'), { [BLOCKS.receivedAt]: input.dateTime(rome('2026-12-02 10:00')) }, { reference: ref });
    await app.settle();
    // Paused Tue 10:00 → Wed 10:00: nine working hours, so the answer is due a working day later.
    expect(threadOf(ref).at(-1)).toBe(
      '<@UCOORD0001> recorded the information as received (it arrived Wed 2 Dec 2026 10:00): the SLA clock runs again, due Mon 7 Dec 2026 18:00.',
    );

    // Only the holder delivers; the other doctor is told why, privately.
    const intruder = slack.click(DOC2, buttonOf('deliver'), ref);
    expect(await reply(intruder)).toBe('Only the doctor who holds this case, or a coordinator, can do this.');
    await slack.submit(DOC, formOf('deliver'), {}, { reference: ref });
    await app.settle();
    expect(cardText(ref)).toContain('Delivered');
    expect(cardText(ref)).toContain('Met: delivered in');
    expect(buttonsOf(ref)).toEqual([buttonOf('view_details')]);
    expect(threadOf(ref).at(-1)).toBe('Dr Bianchi marked the opinion delivered (on time).');
    // The card was posted once and then only ever updated in place.
    expect(cardsFor(ref).filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
  });

  it('two doctors clicking Claim at once: exactly one holds the case, the other is told privately who has it', async () => {
    const ref = await readyCase();
    const [a, b] = [slack.click(DOC, buttonOf('claim'), ref), slack.click(DOC2, buttonOf('claim'), ref)];
    await Promise.all([a.answer, b.answer]);
    const holder = await waitFor(async () => (await app.cases.get(ref)).state.assignee);
    expect([DOC, DOC2]).toContain(holder);
    const loser = holder === DOC ? b : a;
    expect(await reply(loser)).toBe(`This case is already held by <@${holder}>.`);
    const claims = (await app.cases.history(ref)).filter((e) => e.data.type === 'claimed');
    expect(claims).toHaveLength(1);
  });

  it('a double click on Claim has one effect', async () => {
    const ref = await readyCase();
    await Promise.all([slack.click(DOC, buttonOf('claim'), ref).answer, slack.click(DOC, buttonOf('claim'), ref).answer]);
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    await app.settle();
    expect((await app.cases.history(ref)).filter((e) => e.data.type === 'claimed')).toHaveLength(1);
  });
});

describe('refusals: by role and by state, privately, changing nothing', () => {
  it('a doctor cannot confirm a payment: told the role it needs, no modal opened', async () => {
    const ref = await createViaApi();
    const opened = app.standIn.callsOf('views.open').length;
    expect(await reply(slack.click(DOC, buttonOf('confirm_payment'), ref))).toBe('Coordinators confirm payments.');
    expect(app.standIn.callsOf('views.open')).toHaveLength(opened);
  });
  it('a coordinator cannot claim', async () => {
    const ref = await readyCase();
    // Told who claims, and what would work for them instead (the action table's answer).
    expect(await reply(slack.click(COORD, buttonOf('claim'), ref))).toBe('Doctors claim cases: use Assign.');
    expect((await app.cases.get(ref)).state.assignee).toBeNull();
  });
  it('a coordinator clicking Claim on a case a doctor already holds (a card or alert left over) is offered Assign, not Request information', async () => {
    const ref = await readyCase();
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    expect(await reply(slack.click(COORD, buttonOf('claim'), ref))).toBe('Doctors claim cases: use Assign.');
    expect((await app.cases.get(ref)).state.assignee).toBe(DOC);
  });
  it('nobody without a role can open the personal data', async () => {
    const ref = await createViaApi();
    expect(await reply(slack.click(NOBODY, buttonOf('view_details'), ref))).toBe('Coordinators, doctors, managers and admins see the details.');
    expect((await app.cases.history(ref)).some((e) => e.data.type === 'details_viewed')).toBe(false);
  });
  it('claiming a case still in intake is refused by state', async () => {
    const ref = await createViaApi();
    expect(await reply(slack.click(DOC, buttonOf('claim'), ref))).toBe('Not possible while the case is in intake, waiting for documents.');
  });
  it('Request information on a card left over from before delivery is refused by state, and no modal opens', async () => {
    const ref = await readyCase();
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    await app.cases.execute(ref, { type: 'deliver' }, await app.staff.actor(DOC));
    await app.settle();
    const opened = app.standIn.callsOf('views.open').length;
    expect(await reply(slack.click(DOC, buttonOf('request_info'), ref))).toBe('Not possible while the case is delivered.');
    expect(app.standIn.callsOf('views.open')).toHaveLength(opened);
  });
  it('delivering before the payment is confirmed is refused with a message that says so, and changes nothing', async () => {
    const ref = await createViaApi({
      documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-27T10:00:00+01:00' })),
    });
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    const events = (await app.cases.history(ref)).length;
    // From the card (a button left over), and from a form opened before: the same message.
    expect(await reply(slack.click(DOC, buttonOf('deliver'), ref))).toBe('The opinion cannot be delivered before the payment is confirmed.');
    const refused = await slack.submit(DOC, formOf('deliver'), {}, { reference: ref });
    expect(JSON.stringify(refused.json)).toContain('The opinion cannot be delivered before the payment is confirmed.');
    expect((await app.cases.get(ref)).state.status).toBe('in_review');
    expect(await app.cases.history(ref)).toHaveLength(events);
  });
});

describe('payment beside the review', () => {
  it('a doctor claims a complete case whose payment is still pending; card and App Home say "in review · payment pending"', async () => {
    const ref = await createViaApi({
      documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-27T10:00:00+01:00' })),
    });
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    await app.settle();
    expect(threadOf(ref)).toContain('Dr Bianchi claimed the case.');
    expect(cardText(ref)).toContain(`Second opinion ${ref} · In review · payment pending`);
    // The coordinator confirms it from the card while the review runs.
    expect(buttonsOf(ref)).toContain(buttonOf('confirm_payment'));
    const published = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === COORD);
    const before = published().length;
    expect((await slack.event({ type: 'app_home_opened', user: COORD, tab: 'home' })).status).toBe(200);
    const view = (await waitFor(() => (published().length > before ? published().at(-1) : null))).body.view as {
      blocks: { type: string; text?: { text: string }; accessory?: { action_id: string; value: string } }[];
    };
    const heading = view.blocks.findIndex((b) => b.text?.text.startsWith('*Payment pending*'));
    const line = view.blocks.slice(heading).find((b) => b.text?.text.includes(`|${ref}>*`))!;
    expect(line.text!.text).toMatch(new RegExp(`^\\*<https://[^|]+\\|${ref}>\\* · Prostate · In review · payment pending · .* · held by Dr Bianchi$`));
    // …with the button for it, from the action table.
    expect(line.accessory).toMatchObject({ action_id: buttonOf('confirm_payment'), value: ref });
  });
});

describe('modals answer invalid input field by field', () => {
  it('new case: a missing birth date and an unknown area are shown on their fields; nothing is created', async () => {
    const before = await app.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    const noDate = await slack.submit(COORD, CALLBACKS.newCase, newCaseForm({ [BLOCKS.birthDate]: input.date(null) }));
    expect(noDate.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.birthDate]: 'The birth date must be a real date in the past.' } });
    const badArea = await slack.submit(COORD, CALLBACKS.newCase, newCaseForm({ [BLOCKS.area]: input.select('cardiology') }));
    expect(badArea.json).toMatchObject({ response_action: 'errors', errors: { [BLOCKS.area]: expect.stringContaining('Unknown pathology area') } });
    const after = await app.db.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const ok = await slack.submit(COORD, CALLBACKS.newCase, newCaseForm());
    expect(ok.json).toBeNull();
    await app.settle();
    const created = await app.db.selectFrom('cases').select('reference').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((await app.cases.get(created.reference)).state.expectedCents).toBe(51_800);
    expect(cardsFor(created.reference)).toHaveLength(1);
  });

  it('documents: nothing ticked, or a rejection without a reason, is answered on the field', async () => {
    const ref = await createViaApi();
    const empty = await slack.submit(COORD, formOf('record_documents'), { [BLOCKS.receivedItems]: input.checks(), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 09:00')) }, { reference: ref });
    expect(empty.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.receivedItems]: 'Tick a received document or choose one to reject.' } });
    const noReason = await slack.submit(
      COORD,
      formOf('record_documents'),
      { [BLOCKS.rejectItem]: input.select('privacy_consent'), [BLOCKS.rejectReason]: input.select(null), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 09:00')) },
      { reference: ref },
    );
    expect(noReason.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.rejectReason]: 'Say why the documents are rejected.' } });
    const future = await slack.submit(
      COORD,
      formOf('record_documents'),
      { [BLOCKS.receivedItems]: input.checks('request_form'), [BLOCKS.receivedAt]: input.dateTime(rome('2026-12-25 09:00')) },
      { reference: ref },
    );
    expect(future.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.receivedAt]: 'This cannot be in the future.' } });
    const rejected = await slack.submit(
      COORD,
      formOf('record_documents'),
      { [BLOCKS.rejectItem]: input.select('privacy_consent'), [BLOCKS.rejectReason]: input.select('not_countersigned'), [BLOCKS.receivedAt]: input.dateTime(rome('2026-11-30 09:00')) },
      { reference: ref },
    );
    expect(rejected.json).toBeNull();
    await app.settle();
    expect(cardText(ref)).toContain('Privacy consent (countersigned) (rejected: not countersigned)');
  });

  it('payment: an amount that is not a number is answered on the amount field', async () => {
    const ref = await createViaApi();
    const res = await slack.submit(
      COORD,
      formOf('confirm_payment'),
      { [BLOCKS.amount]: input.text('five hundred'), [BLOCKS.valueDate]: input.date('2026-11-27'), [BLOCKS.bankReference]: input.text('x'), [BLOCKS.reason]: input.text('') },
      { reference: ref },
    );
    expect(res.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.amount]: 'Write an amount such as 668, 668.00 or € 668' } });
  });
});

describe('requests Slack did not sign are refused', () => {
  it('a forged signature gets 401 and changes nothing', async () => {
    const ref = await readyCase();
    const body = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: DOC }, actions: [{ action_id: buttonOf('claim'), value: ref }] }) }).toString();
    const res = await slack.send(body, 'application/x-www-form-urlencoded', { signature: sign(body, Math.floor(Date.now() / 1000), 'not-the-secret') });
    expect(res.status).toBe(401);
    expect((await app.cases.get(ref)).state.assignee).toBeNull();
  });
  it('a correctly signed but stale request (over 5 minutes old) gets 401', async () => {
    const ref = await readyCase();
    const body = new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', user: { id: DOC }, actions: [{ action_id: buttonOf('claim'), value: ref }] }) }).toString();
    const res = await slack.send(body, 'application/x-www-form-urlencoded', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    expect((await app.cases.get(ref)).state.assignee).toBeNull();
  });
});

describe('malformed but signed payloads get a 4xx or a polite answer, never a 5xx', () => {
  it('an event whose body is null is a 400', async () => {
    const body = JSON.stringify({ type: 'event_callback', event_id: 'EvNULL', event: null });
    expect((await slack.send(body, 'application/json')).status).toBe(400);
  });
  it('a view submission with garbage state and metadata is answered inside the modal', async () => {
    const body = new URLSearchParams({
      payload: JSON.stringify({ type: 'view_submission', user: { id: COORD }, view: { callback_id: formOf('confirm_payment'), private_metadata: '{', state: { values: null } } }),
    }).toString();
    const res = await slack.send(body, 'application/x-www-form-urlencoded');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.amount]: 'Write an amount such as 668, 668.00 or € 668' } });
  });
});

describe('/so', () => {
  it('help, and help for anything unknown', async () => {
    expect(await reply(slack.command(COORD, 'help'))).toContain('/so list');
    expect(await reply(slack.command(COORD, 'frobnicate'))).toContain('/so status');
  });
  it('new opens the new-case modal (coordinators only)', async () => {
    await (await slack.command(COORD, 'new')).answer;
    await waitFor(() => lastOpenedView()?.callback_id === CALLBACKS.newCase);
    expect(await reply(slack.command(DOC, 'new'))).toBe('This needs the role coordinator.');
  });
  it('status shows the case without buttons; an unknown reference says so', async () => {
    const ref = await createViaApi();
    await app.settle();
    const status = slack.command(DOC, `status ${ref}`);
    expect(await reply(status)).toBe(`${ref}: Intake · Waiting for documents: SLA not started`);
    // No buttons that act: one link to the card, where the buttons are.
    const blocks = app.standIn.reply(status.responseId)!.body.blocks as { type: string; elements?: { action_id: string; url?: string }[] }[];
    const elements = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
    expect(elements.map((e) => e.action_id)).toEqual([ELEMENTS.openCase]);
    expect(elements[0]!.url).toMatch(/^https:\/\/opinion-desk-test\.slack\.com\/archives\/CTRIAGE\/p\d+$/);
    expect(await reply(slack.command(DOC, 'status SO-2026-9999'))).toBe('There is no case SO-2026-9999.');
  });
  it('list mine / unassigned / intake / paused / due / breached', async () => {
    const ref = await readyCase();
    expect(await reply(slack.command(DOC, 'list unassigned'))).toContain(ref);
    await slack.click(DOC, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === DOC);
    expect(await reply(slack.command(DOC, 'list mine'))).toContain(ref);
    await app.grant('UDOCIDLE1', 'doctor');
    expect(await reply(slack.command('UDOCIDLE1', 'list mine'))).toBe('No open cases (mine).');
    expect(await reply(slack.command(COORD, 'list intake'))).toMatch(/open cases?\* \(in intake\)/);
    expect(await reply(slack.command(COORD, 'list paused'))).toMatch(/paused/);
    expect(await reply(slack.command(COORD, 'list due'))).toMatch(/due within 1 working day/);
    expect(await reply(slack.command(COORD, 'list breached'))).toMatch(/breached/);
    expect(await reply(slack.command(NOBODY, 'list'))).toMatch(/^This needs the role/);
  });
  it('when: the due instant for documentation completed at a given time, with the explanation', async () => {
    const text = await reply(slack.command(COORD, 'when 2026-12-04 16:00'));
    expect(text).toContain('answer due by *Tue 15 Dec 2026 16:00*');
    expect(text).toContain('Immaculate Conception');
    expect(text).toContain('San Siro');
    expect(await reply(slack.command(COORD, 'when tomorrow'))).toContain('YYYY-MM-DD HH:mm');
  });
  it('digest: for managers only', async () => {
    const digest = slack.command(MGR, 'digest');
    expect(await reply(digest)).toMatch(/^SLA digest: \d+ breached/);
    const blocks = JSON.stringify(app.standIn.reply(digest.responseId)!.body.blocks);
    expect(blocks).toContain('Ready, waiting for a reviewer');
    expect(blocks).toContain('Open cases per doctor');
    expect(await reply(slack.command(DOC, 'digest'))).toBe('This needs the role manager or admin.');
  });
  it('staff: admins grant and revoke roles; others cannot', async () => {
    expect(await reply(slack.command('UADMIN0001', 'staff add <@UNEWDOC01|neri> doctor sarcoma,eye'))).toBe('<@UNEWDOC01> is now a doctor (Sarcoma, Eye).');
    expect(await app.staff.roles('UNEWDOC01')).toEqual(new Set(['doctor']));
    expect(await reply(slack.command('UADMIN0001', 'staff list'))).toContain('<@UNEWDOC01>: Doctor (Sarcoma, Eye)');
    expect(await reply(slack.command('UADMIN0001', 'staff remove <@UNEWDOC01> doctor'))).toBe('<@UNEWDOC01> is no longer a doctor.');
    expect(await reply(slack.command('UADMIN0001', 'staff add someone doctor'))).toContain('/so staff add @user');
    expect(await reply(slack.command(COORD, 'staff add <@UX0000001> admin'))).toBe('This needs the role admin.');
    expect(await app.staff.roles('UX0000001')).toEqual(new Set());
  });
});

describe('assign, App Home, shortcut and events', () => {
  it('the assign picker lists only doctors, the one covering the area and least loaded first', async () => {
    const ref = await readyCase();
    await slack.click(COORD, buttonOf('assign'), ref).answer;
    await waitFor(() => lastOpenedView()?.callback_id === formOf('assign'));
    const select = (lastOpenedView().blocks as { type: string; element?: { options: { value: string }[]; initial_option?: { value: string } } }[]).find((b) => b.type === 'input')!.element!;
    expect(select.options.map((o) => o.value)[0]).toBe(DOC);
    expect(select.options.map((o) => o.value)).not.toContain(COORD);
    expect(select.initial_option?.value).toBe(DOC);
    const notDoctor = await slack.submit(COORD, formOf('assign'), { [BLOCKS.doctor]: input.select(MGR) }, { reference: ref });
    expect(notDoctor.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.doctor]: 'Cases can only be assigned to doctors.' } });
    expect((await slack.submit(COORD, formOf('assign'), { [BLOCKS.doctor]: input.select(DOC2) }, { reference: ref })).json).toBeNull();
    await app.settle();
    expect(threadOf(ref).at(-1)).toBe('<@UCOORD0001> assigned the case to <@UDOC00002>.');
  });

  it('App Home shows a doctor their cases, and is refreshed when their cases change', async () => {
    const ref = await readyCase();
    const published = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === DOC2);
    const before = published().length;
    await slack.click(DOC2, buttonOf('claim'), ref).answer;
    await waitFor(() => published().length > before && JSON.stringify(published().at(-1)!.body.view).includes(ref));
    expect((await slack.event({ type: 'app_home_opened', user: COORD, tab: 'home' })).status).toBe(200);
    const home = await waitFor(() => app.standIn.callsOf('views.publish').find((c) => c.body.user_id === COORD));
    expect(JSON.stringify(home.body.view)).toContain('Waiting for a reviewer');
  });

  it('a retried event delivery (x-slack-retry-num) has one effect', async () => {
    const count = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === MGR).length;
    const before = count();
    await slack.event({ type: 'app_home_opened', user: MGR, tab: 'home' }, { eventId: 'EvRETRY01' });
    await waitFor(() => count() === before + 1);
    await slack.event({ type: 'app_home_opened', user: MGR, tab: 'home' }, { eventId: 'EvRETRY01', retryNum: 1 });
    await slack.event({ type: 'app_home_opened', user: MGR, tab: 'home' }, { eventId: 'EvRETRY01', retryNum: 2 });
    await new Promise((r) => setTimeout(r, 300));
    expect(count()).toBe(before + 1);
    expect(JSON.stringify(app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === MGR).at(-1)!.body.view)).toContain('SLA summary');
  });

  it('the message shortcut opens the new-case modal with the message as notes', async () => {
    await slack.messageShortcut(COORD, CALLBACKS.createFromMessage, 'Fax from the referring hospital, case of a 64-year-old').answer;
    const view = await waitFor(() => (lastOpenedView()?.callback_id === CALLBACKS.createFromMessage ? lastOpenedView() : null));
    expect(JSON.stringify(view)).toContain('Fax from the referring hospital');
  });

  it('the details modal shows personal data to staff and records the view in the history and thread', async () => {
    const ref = await createViaApi();
    await slack.click(DOC, buttonOf('view_details'), ref).answer;
    const view = await waitFor(() => (lastOpenedView()?.callback_id === 'details' ? lastOpenedView() : null));
    expect(JSON.stringify(view)).toContain('Maria Rossi');
    expect(JSON.stringify(view)).toContain('Maria Rossi - CNAO Second Opinion');
    expect((await app.cases.history(ref)).filter((e) => e.data.type === 'details_viewed')).toHaveLength(1);
    await app.settle();
    expect(threadOf(ref).at(-1)).toBe('Dr Bianchi viewed the personal data.');
  });
});
