import { beforeAll, describe, expect, it } from 'vitest';
import { buttonOf } from '../../src/slack/actions/registry.js';
import { ELEMENTS } from '../../src/slack/ids.js';
import { actor, caseInput, coordinator, doctor, everyDocument, manager, portal } from '../support/factories.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';

/**
 * SPEC section 5, "App Home lines are links with their button": every case line in every App Home
 * names the case as a link to its card and carries the viewer's next step (a manager: Open case).
 */
const app = await startSlackTestApp({ now: '2026-11-30 09:00' });
const radiologist = actor('URADHOME1', 'doctor');
const QUESTION = 'Is the <b>nodule</b> new since March?';

beforeAll(async () => {
  await app.grant(coordinator.id, 'coordinator', [], 'Anna Neri');
  await app.grant(doctor.id, 'doctor', ['prostate'], 'Dr Bianchi');
  await app.grant(radiologist.id, 'doctor', ['radiology'], 'Dr Raggi');
  await app.grant(manager.id, 'manager', [], 'Marta Gialli');
});

interface HomeBlock {
  type: string;
  text?: { text: string };
  accessory?: { type: string; action_id: string; value?: string; url?: string; text?: { text: string } };
}

/** What the person sees when they open App Home: its blocks, as published. */
async function openHome(userId: string): Promise<HomeBlock[]> {
  const published = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === userId);
  const before = published().length;
  expect((await app.user.event({ type: 'app_home_opened', user: userId, tab: 'home' })).status).toBe(200);
  const call = await waitFor(() => (published().length > before ? published().at(-1) : null));
  return (call.body.view as { blocks: HomeBlock[] }).blocks;
}

const permalinkOf = async (reference: string) =>
  (
    await app.db
      .selectFrom('slack_cards')
      .innerJoin('cases', 'cases.id', 'slack_cards.case_id')
      .select('slack_cards.permalink')
      .where('cases.reference', '=', reference)
      .executeTakeFirstOrThrow()
  ).permalink!;

/** The section naming this case under the given heading. */
function lineOf(blocks: HomeBlock[], heading: string, reference: string): HomeBlock | undefined {
  const start = blocks.findIndex((b) => b.text?.text.startsWith(`*${heading}*`));
  if (start < 0) return undefined;
  const end = blocks.findIndex((b, i) => i > start && b.type === 'section' && /^\*[^*<]+\* \(\d+\)/.test(b.text?.text ?? ''));
  return blocks.slice(start + 1, end < 0 ? undefined : end).find((b) => b.text?.text.includes(reference));
}

/** Every line of the view that names a case: each is a link to a card and has a button. */
function caseLinesWithout(blocks: HomeBlock[]): string[] {
  return blocks
    .filter((b) => b.type === 'section' && /SO-\d{4}-\d{4}/.test(b.text?.text ?? ''))
    .filter((b) => !/<https:[^|]+\|SO-\d{4}-\d{4}>/.test(b.text!.text) || !b.accessory)
    .map((b) => b.text!.text);
}

async function paid(reference: string) {
  await app.cases.execute(reference, { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO', reason: null }, coordinator);
}

describe('App Home lines are links with their button', () => {
  it("doctor, coordinator and manager: each case line links to its card and carries the viewer's next step", async () => {
    app.clock.set(rome('2026-11-30 09:00'));
    // Claimed but unpaid: the doctor cannot deliver yet, so their next step is Request information.
    const { view: unpaid } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 09:00')) }), portal);
    await app.cases.execute(unpaid.reference, { type: 'claim' }, doctor);
    // Ready and paid, nobody holds it: Claim for the doctor, Assign for the coordinator.
    const { view: ready } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 09:00')) }), portal);
    await paid(ready.reference);
    // Documentation complete two weeks ago: breached, in the manager's list.
    const { view: late } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-16 10:00')) }), portal);
    // Waiting for documents: Documents for the coordinator.
    const { view: intake } = await app.cases.create(caseInput(), portal);
    await app.settle();

    const doctorHome = await openHome(doctor.id);
    expect(caseLinesWithout(doctorHome)).toEqual([]);
    const mine = lineOf(doctorHome, 'My cases, soonest due first', unpaid.reference)!;
    expect(mine.text!.text).toContain(`*<${await permalinkOf(unpaid.reference)}|${unpaid.reference}>*`);
    expect(mine.accessory).toMatchObject({ action_id: buttonOf('request_info'), value: unpaid.reference });
    expect(lineOf(doctorHome, 'Waiting for a reviewer in my areas', ready.reference)!.accessory).toMatchObject({ action_id: buttonOf('claim'), value: ready.reference });

    const coordinatorHome = await openHome(coordinator.id);
    expect(caseLinesWithout(coordinatorHome)).toEqual([]);
    expect(lineOf(coordinatorHome, 'Intake: waiting for documents', intake.reference)!.accessory).toMatchObject({ action_id: buttonOf('record_documents') });
    expect(lineOf(coordinatorHome, 'Waiting for a reviewer', ready.reference)!.accessory).toMatchObject({ action_id: buttonOf('assign') });

    const managerHome = await openHome(manager.id);
    expect(caseLinesWithout(managerHome)).toEqual([]);
    const breached = lineOf(managerHome, 'Breached', late.reference)!;
    const link = await permalinkOf(late.reference);
    expect(breached.text!.text).toContain(`*<${link}|${late.reference}>*`);
    expect(breached.text!.text).toContain('no reviewer');
    // A manager is offered nothing they may not do: the card, by a link.
    expect(breached.accessory).toMatchObject({ action_id: ELEMENTS.openCase, url: link, text: { text: 'Open case' } });
    const managerButtons = managerHome.flatMap((b) => (b.accessory ? [b.accessory.action_id] : []));
    expect(new Set(managerButtons)).toEqual(new Set([ELEMENTS.openCase]));
  });

  it("a consultant's consult lines link to the card, carry Claim / Record answer, and show the question only once it is theirs", async () => {
    app.clock.set(rome('2026-11-30 10:00'));
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 10:00')) }), portal);
    await paid(view.reference);
    await app.cases.execute(view.reference, { type: 'claim' }, doctor);
    await app.cases.execute(view.reference, { type: 'request_consult', area: 'radiology', question: QUESTION, dueAtMs: null }, doctor);
    await app.settle();
    const link = await permalinkOf(view.reference);

    const open = await openHome(radiologist.id);
    expect(caseLinesWithout(open)).toEqual([]);
    const offered = lineOf(open, 'Open consults in my areas', view.reference)!;
    expect(offered.text!.text).toContain(`*<${link}|${view.reference}>* · Radiology · open`);
    expect(offered.accessory).toMatchObject({ action_id: buttonOf('claim_consult'), value: `${view.reference}#1`, text: { text: 'Claim Radiology consult' } });
    expect(JSON.stringify(open)).not.toContain('nodule');

    // Claimed from App Home, the line moves to their consults with the question, privately.
    expect((await app.user.click(radiologist.id, offered.accessory!.action_id, offered.accessory!.value!).answer).status).toBe(200);
    await waitFor(async () => (await app.cases.get(view.reference)).state.consults[0]!.state === 'claimed');
    const held = await openHome(radiologist.id);
    expect(caseLinesWithout(held)).toEqual([]);
    const mine = lineOf(held, 'My consults', view.reference)!;
    expect(mine.text!.text).toContain(`*<${link}|${view.reference}>* · Radiology · claimed`);
    // Their colleague's words, quoted and escaped: nothing in them becomes a link or a mention.
    expect(mine.text!.text).toContain('*The question*\n>Is the &lt;b&gt;nodule&lt;/b&gt; new since March?');
    expect(mine.accessory).toMatchObject({ action_id: buttonOf('answer_consult'), value: `${view.reference}#1`, text: { text: 'Record Radiology answer' } });
    // The lead's own App Home does not show the consult's question, nor does any message.
    expect(JSON.stringify(await openHome(doctor.id))).not.toContain('nodule');
    expect(app.standIn.callsOf('chat.postMessage').map((c) => JSON.stringify(c.body)).join('\n')).not.toContain('nodule');
  });

  it('the image-review consult says what it asks for (a new report on the images) in the DM, App Home and the answer form, and promises no question', async () => {
    app.clock.set(rome('2026-11-30 11:00'));
    const { view } = await app.cases.create(caseInput({ imageReview: true, documents: everyDocument(rome('2026-11-30 11:00'), 'patient', true) }), portal);
    await app.settle();
    const dm = await waitFor(() =>
      app.standIn.callsOf('chat.postMessage').find((c) => c.body.channel === `D${radiologist.id}` && String(c.body.text).includes(view.reference)),
    );
    expect(String(dm.body.text)).toContain('a Radiology consult for the new report on the images (image review) has been requested');
    expect(JSON.stringify(dm.body)).not.toContain('question');
    expect(JSON.stringify(dm.body)).toContain(buttonOf('claim_consult'));

    expect((await app.user.click(radiologist.id, buttonOf('claim_consult'), `${view.reference}#1`).answer).status).toBe(200);
    await waitFor(async () => (await app.cases.get(view.reference)).state.consults[0]!.state === 'claimed');
    const mine = lineOf(await openHome(radiologist.id), 'My consults', view.reference)!;
    expect(mine.text!.text).toContain('*The question*\n>A new report on the diagnostic images (image review).');

    const opened = app.standIn.callsOf('views.open').length;
    expect((await app.user.click(radiologist.id, buttonOf('answer_consult'), `${view.reference}#1`).answer).status).toBe(200);
    const modal = await waitFor(() => app.standIn.callsOf('views.open')[opened]);
    expect(JSON.stringify(modal.body)).toContain('A new report on the diagnostic images (image review).');
  });

  it("a radiologist holding no case sees the board's lists, not the case lists that would stay empty; a pathologist holding none still sees them", async () => {
    const headings = (blocks: HomeBlock[]) => blocks.flatMap((b) => (b.type === 'section' && /^\*[^*<]+\* \(\d+\)/.test(b.text?.text ?? '') ? [b.text!.text.replace(/ \(\d+\)$/, '')] : []));
    const radiology = headings(await openHome(radiologist.id));
    expect(radiology).not.toContain('*My cases, soonest due first*');
    expect(radiology).not.toContain('*Waiting for a reviewer in my areas*');
    expect(radiology).toContain('*Open consults in my areas*');
    expect(radiology).toContain('*My consults*');

    await app.grant('UPATHIDLE', 'doctor', ['pancreas'], 'Dr Pancrazi');
    const pathology = headings(await openHome('UPATHIDLE'));
    expect(pathology).toEqual(expect.arrayContaining(['*My cases, soonest due first*', '*Waiting for a reviewer in my areas*']));
  });
});
