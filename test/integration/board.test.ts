import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { Refusal } from '../../src/domain/refusal.js';
import { BLOCKS } from '../../src/slack/ids.js';
import { API_TOKEN } from '../support/app.js';
import { blockKitViolations } from '../support/block-kit-limits.js';
import { caseBody } from '../support/factories.js';
import { input } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

const app = await startSlackTestApp({ now: '2026-11-30 10:30' });
const slack = app.user;
const COORD = 'UCOORD0001';
const LEAD = 'ULEAD0001';
const RADS = Array.from({ length: 10 }, (_, i) => `URAD0000${i}`);
const RAD = RADS[0]!;
const RT = 'URT000001';
const QUESTION = 'Is the enhancing margin at L4 recurrence or post-surgical change?';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(LEAD, 'doctor', ['prostate'], 'Dr Lead');
  for (const [i, rad] of RADS.entries()) await app.grant(rad, 'doctor', ['radiology'], `Dr Radiologist ${i}`);
  await app.grant(RT, 'doctor', ['radiotherapy'], 'Dr Radiotherapist');
});

afterAll(() => {
  expect(app.standIn.calls.flatMap(blockKitViolations)).toEqual([]);
  // The consult's question stays in the history: no channel, thread, DM or modal ever shows it.
  expect(app.standIn.calls.map((c) => JSON.stringify(c.body)).join('\n')).not.toContain('enhancing margin');
});

/** A case whose documentation (images included when asked) was complete this morning at 10:00, paid. */
async function paidCase(imageReview: boolean): Promise<string> {
  const res = await fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(
      caseBody({
        imageReview,
        deliveryChannel: 'email',
        documents: requiredItems('patient', imageReview).map((item) => ({ item, receivedAt: '2026-11-30T10:00:00+01:00' })),
      }),
    ),
  });
  expect(res.status).toBe(201);
  const ref = String(((await res.json()) as { reference: string }).reference);
  const view = await app.cases.get(ref);
  await app.cases.execute(
    ref,
    { type: 'confirm_payment', receivedCents: view.state.expectedCents, valueDate: '2026-11-30', bankReference: 'CRO 9', reason: null },
    await app.staff.actor(COORD),
  );
  await app.settle();
  return ref;
}

interface BoardJson {
  lead: string | null;
  consults: { area: string; state: string; assignee: string | null; dueAt: string | null; answeredAt: string | null }[];
}
async function apiCase(ref: string): Promise<{ status: string; board: BoardJson; sla: { dueAt: string } }> {
  const res = await fetch(`${app.baseUrl}/api/v1/cases/${ref}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { status: string; board: BoardJson; sla: { dueAt: string } };
}

const cardsFor = (ref: string) =>
  app.standIn.calls.filter(
    (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && !c.body.thread_ts && JSON.stringify(c.body.blocks ?? '').includes(`Second opinion ${ref}`),
  );
const cardText = (ref: string) => JSON.stringify(cardsFor(ref).at(-1)!.body.blocks);
const threadOf = (ref: string) => {
  const cardTs = cardsFor(ref).find((c) => c.method === 'chat.postMessage')?.response?.ts;
  return app.standIn.callsOf('chat.postMessage').filter((c) => cardTs && c.body.thread_ts === cardTs).map((c) => String(c.body.text));
};
const lastOpenedView = () => (app.standIn.callsOf('views.open').at(-1)?.body.view ?? {}) as Record<string, unknown>;
async function ephemeral(pending: { responseId: string; answer: Promise<{ status: number }> }): Promise<string> {
  expect((await pending.answer).status).toBe(200);
  return String((await waitFor(() => app.standIn.reply(pending.responseId))).body.text);
}
const iso = (local: string) => new Date(rome(local)).toISOString();

describe('a board of specialists', () => {
  it('a case with image review: documentation complete opens a radiology consult, a radiologist claims and answers it, then the lead delivers', async () => {
    const ref = await paidCase(true);

    // Intake → consult opened: due 1 working day before the case (Mon 7 Dec 10:00).
    const opened = await apiCase(ref);
    expect(opened.sla.dueAt).toBe(iso('2026-12-07 10:00'));
    expect(opened.board).toEqual({
      lead: null,
      consults: [{ area: 'radiology', state: 'open', assignee: null, dueAt: iso('2026-12-04 10:00'), answeredAt: null, imageReview: true }],
    });
    expect(threadOf(ref).join('\n')).toContain('a Radiology consult for the new report on the images is open, due Fri 4 Dec 2026 10:00');
    expect(cardText(ref)).toContain('Board: no lead yet · Radiology open, due Fri 4 Dec 2026 10:00');
    // /so status shows the board's line but none of its buttons, like the case's (they stay on the card).
    const status = slack.command(LEAD, `status ${ref}`);
    await ephemeral(status);
    const statusBlocks = JSON.stringify(app.standIn.reply(status.responseId)!.body.blocks);
    expect(statusBlocks).toContain('Board: no lead yet · Radiology open');
    expect(statusBlocks).not.toContain(buttonOf('claim_consult'));
    expect(statusBlocks).not.toContain(buttonOf('assign_consult'));

    // The lead claims the case; delivering is refused while the consult is open, naming it.
    await slack.click(LEAD, buttonOf('claim'), ref).answer;
    await waitFor(async () => (await app.cases.get(ref)).state.assignee === LEAD);
    expect(await ephemeral(slack.click(LEAD, buttonOf('deliver'), ref))).toBe(
      'The opinion cannot be delivered while the Radiology consult is open: wait for its answer or withdraw it (with a reason).',
    );

    // A radiologist claims the consult from the card, then answers it.
    await slack.click(RAD, buttonOf('claim_consult'), `${ref}#1`).answer;
    await waitFor(async () => (await apiCase(ref)).board.consults[0]!.state === 'claimed');
    await app.settle();
    expect(cardText(ref)).toContain(`Board: lead Dr Lead · Radiology Dr Radiologist 0, due Fri 4 Dec 2026 10:00`);
    // Refused clicks on a consult say who does it (the consultant holds an answer, not the case's holder).
    expect(await ephemeral(slack.click(LEAD, buttonOf('answer_consult'), `${ref}#1`))).toBe(
      'The consultant, or a coordinator for them, records the answer.',
    );
    expect(await ephemeral(slack.click(COORD, buttonOf('claim_consult'), `${ref}#1`))).toBe("Doctors of the consult's area claim it.");
    await slack.click(RAD, buttonOf('answer_consult'), `${ref}#1`).answer;
    await waitFor(() => lastOpenedView().callback_id === formOf('answer_consult'));
    app.clock.set(rome('2026-12-02 15:00'));
    const answered = await slack.submit(RAD, formOf('answer_consult'), {}, { reference: ref, consult: 1 });
    expect(answered.status).toBe(200);
    expect((await apiCase(ref)).board.consults[0]).toMatchObject({ state: 'answered', assignee: RAD, answeredAt: iso('2026-12-02 15:00') });

    // The lead delivers.
    expect((await slack.submit(LEAD, formOf('deliver'), {}, { reference: ref })).status).toBe(200);
    expect((await apiCase(ref)).status).toBe('delivered');
    await app.settle();
    expect(cardText(ref)).toContain(`Board: lead Dr Lead · Radiology ✓`);
    const thread = threadOf(ref).join('\n');
    expect(thread).toContain(`Dr Radiologist 0 claimed the Radiology consult.`);
    expect(thread).toContain(`Dr Radiologist 0 answered the Radiology consult.`);
    expect(thread).toContain(`Dr Lead marked the opinion delivered`);
    app.clock.set(rome('2026-11-30 10:30'));
  });

  it('the lead asks radiotherapy: the question stays in the history, delivery is refused while it is open, and withdrawing needs a reason', async () => {
    const ref = await paidCase(false);
    await app.cases.execute(ref, { type: 'claim' }, await app.staff.actor(LEAD));

    await slack.click(LEAD, buttonOf('request_consult'), ref).answer;
    await waitFor(() => lastOpenedView().callback_id === formOf('request_consult'));
    const modal = JSON.stringify(lastOpenedView());
    expect(modal).toContain('Radiotherapy');
    expect(modal).toContain(`"initial_date_time":${rome('2026-12-04 10:00') / 1000}`);

    const form = (due: string) => ({
      [BLOCKS.consultArea]: input.select('radiotherapy'),
      [BLOCKS.question]: input.text(QUESTION),
      [BLOCKS.consultDueAt]: input.dateTime(rome(due)),
    });
    const late = await slack.submit(LEAD, formOf('request_consult'), form('2026-12-08 12:00'), { reference: ref });
    expect(late.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.consultDueAt]: 'A consult cannot be due after the case itself is due.' } });
    expect((await slack.submit(LEAD, formOf('request_consult'), form('2026-12-03 12:00'), { reference: ref })).json).toBeNull();

    const history = await app.cases.history(ref);
    expect(history.at(-1)!.data).toMatchObject({ type: 'consult_requested', area: 'radiotherapy', question: QUESTION });
    expect((await apiCase(ref)).board.consults).toEqual([
      { area: 'radiotherapy', state: 'open', assignee: null, dueAt: iso('2026-12-03 12:00'), answeredAt: null, imageReview: false },
    ]);

    // A prostate doctor cannot take a radiotherapy consult; delivery waits for it.
    expect(await ephemeral(slack.click(LEAD, buttonOf('claim_consult'), `${ref}#1`))).toBe(
      'Only a doctor of the Radiotherapy area can take this consult.',
    );
    await expect(app.cases.execute(ref, { type: 'deliver' }, await app.staff.actor(LEAD))).rejects.toMatchObject({
      reason: { key: 'consult_pending', area: 'radiotherapy', state: 'open' },
    });

    const noReason = await slack.submit(LEAD, formOf('withdraw_consult'), { [BLOCKS.reason]: input.text('  ') }, { reference: ref, consult: 1 });
    expect(noReason.json).toEqual({ response_action: 'errors', errors: { [BLOCKS.reason]: 'A reason is required.' } });
    await slack.submit(LEAD, formOf('withdraw_consult'), { [BLOCKS.reason]: input.text('Asked at the tumour board instead') }, { reference: ref, consult: 1 });
    expect((await apiCase(ref)).board.consults[0]!.state).toBe('withdrawn');
    const delivered = await app.cases.execute(ref, { type: 'deliver' }, await app.staff.actor(LEAD));
    expect(delivered.view.state.status).toBe('delivered');
  });

  it('ten radiologists claim the same consult at once: exactly one gets it, the others are told who has it', async () => {
    const ref = await paidCase(true);
    const clicks = RADS.map((rad) => slack.click(rad, buttonOf('claim_consult'), `${ref}#1`));
    await Promise.all(clicks.map((c) => c.answer));
    const consult = await waitFor(async () => {
      const c = (await apiCase(ref)).board.consults[0]!;
      return c.state === 'claimed' ? c : null;
    });
    const refused = await Promise.all(clicks.filter((_, i) => RADS[i] !== consult.assignee).map((c) => waitFor(() => app.standIn.reply(c.responseId))));
    expect(refused.map((r) => r.body.text)).toEqual(Array(9).fill(`The Radiology consult is already held by <@${consult.assignee}>.`));
    const claims = (await app.cases.history(ref)).filter((e) => e.data.type === 'consult_claimed');
    expect(claims).toHaveLength(1);
  });

  it("a pause moves the consult's deadline with the case's due instant", async () => {
    const ref = await paidCase(true);
    await app.cases.execute(ref, { type: 'claim' }, await app.staff.actor(LEAD));
    expect((await apiCase(ref)).board.consults[0]!.dueAt).toBe(iso('2026-12-04 10:00'));

    // Paused one working day (Tue 10:00 → Wed 10:00): the case moves past the two closed days (8 and 9 Dec).
    app.clock.set(rome('2026-12-01 10:00'));
    await app.cases.execute(ref, { type: 'request_info', question: 'Latest PSA?' }, await app.staff.actor(LEAD));
    app.clock.set(rome('2026-12-02 10:00'));
    await app.cases.execute(ref, { type: 'info_received', receivedAtMs: null }, await app.staff.actor(LEAD));
    const moved = await apiCase(ref);
    expect(moved.sla.dueAt).toBe(iso('2026-12-10 10:00'));
    expect(moved.board.consults[0]!.dueAt).toBe(iso('2026-12-07 10:00'));
    // Its "due soon" reminder moved with it: 4 working hours before, Fri 4 Dec 15:00.
    const planned = await app.db
      .selectFrom('notifications as n')
      .innerJoin('cases as c', 'c.id', 'n.case_id')
      .select(['n.due_at', 'n.status'])
      .where('c.reference', '=', ref)
      .where('n.kind', '=', 'consult_due_soon')
      .execute();
    expect(planned.map((p) => [p.due_at.toISOString(), p.status])).toEqual([[iso('2026-12-04 15:00'), 'planned']]);
    app.clock.set(rome('2026-11-30 10:30'));
  });

  it('consult reminders: due soon to the consultant by DM and to the lead in the thread, then overdue, each once however often the worker runs', async () => {
    const ref = await paidCase(true);
    await app.cases.execute(ref, { type: 'claim' }, await app.staff.actor(LEAD));
    await slack.click(RAD, buttonOf('claim_consult'), `${ref}#1`).answer;
    await waitFor(async () => (await apiCase(ref)).board.consults[0]!.state === 'claimed');
    const consultTexts = () =>
      app.standIn.callsOf('chat.postMessage').filter((c) => String(c.body.text).includes(`${ref}: the Radiology consult`)).map((c) => ({ to: c.body.channel, thread: Boolean(c.body.thread_ts), text: String(c.body.text) }));

    // Due Fri 4 Dec 10:00; "due soon" 4 working hours before: Thu 3 Dec 15:00.
    app.clock.set(rome('2026-12-03 14:59'));
    await app.notifications!.dispatchDue();
    await app.settle();
    expect(consultTexts()).toEqual([]);
    app.clock.set(rome('2026-12-03 15:00'));
    await app.notifications!.dispatchDue();
    await app.notifications!.dispatchDue();
    await app.settle();
    const soon = `:alarm_clock: ${ref}: the Radiology consult is due Fri 4 Dec 2026 10:00 (4 working h left).`;
    const bySort = (xs: { to: unknown; text: string }[]) => [...xs].sort((a, b) => String(a.to).localeCompare(String(b.to)));
    expect(bySort(consultTexts())).toEqual([
      { to: 'CTRIAGE', thread: true, text: `<@${LEAD}> ${soon}` },
      { to: `D${RAD}`, thread: false, text: soon },
    ]);

    // Overdue at the deadline, then once per working day; the workers running twice send nothing twice.
    app.clock.set(rome('2026-12-04 12:00'));
    await Promise.all([app.notifications!.dispatchDue(), app.notifications!.dispatchDue()]);
    await app.settle();
    const late = `:warning: ${ref}: the Radiology consult was due Fri 4 Dec 2026 10:00, late by 2 working h.`;
    expect(bySort(consultTexts().filter((t) => t.text.includes('late by')))).toEqual([
      { to: 'CTRIAGE', thread: true, text: `<@${LEAD}> ${late}` },
      { to: `D${RAD}`, thread: false, text: late },
    ]);
    // Answered: nothing more is planned for it.
    await app.cases.execute(ref, { type: 'answer_consult', consult: 1 }, await app.staff.actor(RAD));
    app.clock.set(rome('2026-12-07 12:00'));
    await app.notifications!.dispatchDue();
    await app.settle();
    expect(consultTexts()).toHaveLength(4);
    app.clock.set(rome('2026-11-30 10:30'));
  });

  it("a radiologist's App Home lists the open consults of their area and those they hold; the digest counts open and late consults", async () => {
    const waiting = await paidCase(true);
    const held = await paidCase(true);
    const rad = RADS[9]!;
    await app.cases.execute(held, { type: 'claim_consult', consult: 1, claimantAreas: ['radiology'] }, await app.staff.actor(rad));
    await slack.event({ type: 'app_home_opened', user: rad, tab: 'home' });
    const home = await waitFor(() => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === rad).at(-1));
    const text = JSON.stringify(home.body.view);
    expect(text).toContain('Open consults in my areas');
    expect(text).toContain(`|${waiting}>* · Radiology · open · due Fri 4 Dec 2026 10:00`);
    expect(text).toContain('*My consults* (1)');
    expect(text).toContain(`|${held}>* · Radiology · claimed · due Fri 4 Dec 2026 10:00`);

    app.clock.set(rome('2026-12-04 11:00'));
    const digest = await app.digest.build();
    // Both consults of this test were due Fri 4 Dec 10:00: open and late now (earlier tests' consults add to both).
    expect(digest.consults!.late).toBeGreaterThanOrEqual(2);
    expect(digest.consults!.open).toBeGreaterThanOrEqual(digest.consults!.late);
    app.clock.set(rome('2026-11-30 10:30'));
  });

  it('a consult cannot be asked before the documentation is complete, nor from an area outside the list', async () => {
    const res = await fetch(`${app.baseUrl}/api/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(caseBody({ imageReview: true, deliveryChannel: 'email', documents: [] })),
    });
    const ref = String(((await res.json()) as { reference: string }).reference);
    const coordinator = await app.staff.actor(COORD);
    const ask = (area: string) => app.cases.execute(ref, { type: 'request_consult', area, question: 'Why?', dueAtMs: null }, coordinator);
    await expect(ask('radiology')).rejects.toMatchObject({ reason: { key: 'consult_before_documents' } });
    await expect(ask('astrology')).rejects.toBeInstanceOf(Refusal);
    expect((await apiCase(ref)).board).toEqual({ lead: null, consults: [] });
  });
});
