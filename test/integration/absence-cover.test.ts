import { beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { BLOCKS, CALLBACKS, HOME_ACTIONS } from '../../src/slack/ids.js';
import { API_TOKEN } from '../support/app.js';
import { caseBody } from '../support/factories.js';
import { input } from '../support/slack-requests.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';
import { buttonOf, formOf } from '../../src/slack/actions/registry.js';

const app = await startSlackTestApp({ now: '2026-11-30 09:30' });
const slack = app.user;
const COORD = 'UCOORD0001';
const DOC = 'UDOC00001';
const DOC2 = 'UDOC00002';
const RAD = 'URAD00001';
/** Doctors of the cover tests, apart from those above whose absences those tests record. */
const AWAY = 'UDOCAWAY1';
const COVER = 'UDOCCOVR1';
const LONE = 'UDOCLONE1';
const TAKER = 'UDOCTAKE1';
const COORD2 = 'UCOORD0002';

beforeAll(async () => {
  await app.grant(COORD, 'coordinator');
  await app.grant(DOC, 'doctor', ['prostate'], 'Dr Bianchi');
  await app.grant(DOC2, 'doctor', ['prostate'], 'Dr Verdi');
  await app.grant(AWAY, 'doctor', ['eye'], 'Dr Away');
  await app.grant(COVER, 'doctor', ['eye'], 'Dr Cover');
  await app.grant(LONE, 'doctor', ['sarcoma'], 'Dr Lone');
  await app.grant(TAKER, 'doctor', ['sarcoma'], 'Dr Taker');
  await app.grant(COORD2, 'coordinator');
});

/** A paid case in `area` whose documentation was complete on Mon 30 Nov at 10:00 (due Mon 7 Dec 10:00). */
async function readyCase(area: string): Promise<string> {
  app.clock.set(rome('2026-11-30 10:30'));
  const res = await fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(
      caseBody({
        pathologyArea: area,
        imageReview: false,
        deliveryChannel: 'email',
        documents: requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-30T10:00:00+01:00' })),
      }),
    ),
  });
  const ref = String(((await res.json()) as { reference: string }).reference);
  await app.cases.execute(
    ref,
    { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-30', bankReference: 'CRO 5', reason: null },
    await app.staff.actor(COORD),
  );
  return ref;
}
const claim = async (ref: string, doctor: string) => app.cases.execute(ref, { type: 'claim' }, await app.staff.actor(doctor));
const dmsTo = (userId: string, ref: string) =>
  app.standIn.callsOf('chat.postMessage').filter((c) => c.body.channel === `D${userId}` && String(c.body.text).includes(ref)).map((c) => String(c.body.text));
const lastOpenedView = () => (app.standIn.callsOf('views.open').at(-1)?.body.view ?? {}) as Record<string, unknown>;

async function reply(pending: { responseId: string; answer: Promise<{ status: number }> }): Promise<string> {
  expect((await pending.answer).status).toBe(200);
  const call = await waitFor(() => app.standIn.reply(pending.responseId));
  return String(call.body.text);
}

describe('staff areas', () => {
  it('an admin grants a specialist area such as radiology, and a misspelt area is refused', async () => {
    expect(await reply(slack.command('UADMIN0001', `staff add <@${RAD}|rad> doctor radiology`))).toBe(`<@${RAD}> is now a doctor (Radiology).`);
    expect((await app.staff.membership(RAD))[0]?.areas).toEqual(['radiology']);
    const refused = await reply(slack.command('UADMIN0001', `staff add <@${RAD}|rad> doctor radiologgy`));
    expect(refused).toContain('Unknown area radiologgy');
    expect((await app.staff.membership(RAD))[0]?.areas).toEqual(['radiology']);
  });
});

describe('absence cover', () => {
  it('a doctor records an absence with a cover and ends it early with /so back', async () => {
    const text = await reply(slack.command(DOC, `away 2026-12-01 2026-12-04 <@${DOC2}|verdi>`));
    expect(text).toBe(`<@${DOC}> away from Tue 1 Dec 2026 until Fri 4 Dec 2026; <@${DOC2}> covers.`);
    app.clock.set(rome('2026-12-02 10:00'));
    expect(await app.absences.recipientFor(DOC)).toEqual({ to: 'cover', userId: DOC2, absent: DOC });
    expect(await reply(slack.command(DOC, 'back'))).toBe(`Welcome back: <@${DOC}> is no longer away.`);
    expect(await app.absences.recipientFor(DOC)).toEqual({ to: 'person', userId: DOC });
    expect(await reply(slack.command(DOC, 'back'))).toBe(`<@${DOC}> has no current or upcoming absence.`);
  });

  it('/so back before an absence has started calls it off and says which one; App Home offered it as "Cancel the absence"', async () => {
    const planner = 'UDOCPLAN1';
    await app.grant(planner, 'doctor', ['prostate'], 'Dr Piani');
    app.clock.set(rome('2026-12-02 10:00'));
    await reply(slack.command(planner, 'away 2026-12-14 2026-12-18'));
    const published = () => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === planner);
    const before = published().length;
    await slack.event({ type: 'app_home_opened', user: planner, tab: 'home' });
    const home = JSON.stringify((await waitFor(() => (published().length > before ? published().at(-1) : null))).body.view);
    expect(home).toContain('You are away from Mon 14 Dec 2026 until Fri 18 Dec 2026.');
    expect(home).toContain('"text":"Cancel the absence"');
    expect(home).not.toContain("I'm back");
    expect(await reply(slack.command(planner, 'back'))).toBe(`The absence of <@${planner}> from Mon 14 Dec 2026 until Fri 18 Dec 2026 had not started yet: it is cancelled.`);
    expect(await app.absences.upcoming(planner)).toEqual([]);
    app.clock.set(rome('2026-12-15 10:00'));
    expect(await app.absences.recipientFor(planner)).toEqual({ to: 'person', userId: planner });
    expect(await reply(slack.command(planner, 'back'))).toBe(`<@${planner}> has no current or upcoming absence.`);
  });

  it('a coordinator records an absence for a doctor; a doctor cannot record one for a colleague', async () => {
    app.clock.set(rome('2026-12-02 10:00'));
    const text = await reply(slack.command(COORD, `away <@${DOC2}|verdi> 2026-12-02T14:00 2026-12-10`));
    expect(text).toBe(`<@${DOC2}> away from Wed 2 Dec 2026 14:00 until Thu 10 Dec 2026; the coordinators cover.`);
    expect(await reply(slack.command(DOC, `away <@${DOC2}|verdi> 2026-12-20 2026-12-21`))).toBe(
      'A doctor records their own absences; a coordinator can record one for a colleague.',
    );
  });

  it('an absence that ends before it starts, is already over, or names its own cover is refused', async () => {
    app.clock.set(rome('2026-12-02 10:00'));
    expect(await reply(slack.command(DOC, 'away 2026-12-10 2026-12-07'))).toContain('ends after it starts');
    expect(await reply(slack.command(DOC, 'away 2026-11-20 2026-11-21'))).toContain('already over');
    expect(await reply(slack.command(DOC, `away 2026-12-10 2026-12-11 <@${DOC}|me>`))).toContain('their own absence');
    expect(await reply(slack.command(DOC, 'away tomorrow'))).toContain('/so away <from> <to>');
  });
});

describe('absence cover in the workflow', () => {
  it('an absent doctor is never suggested for a case, and their due-soon reminder goes by DM to their cover', async () => {
    // Without the absence, Dr Away (one case) would come before Dr Cover (two cases) in the picker.
    const held = await readyCase('eye');
    await claim(held, AWAY);
    for (const ref of [await readyCase('eye'), await readyCase('eye')]) await claim(ref, COVER);
    const waiting = await readyCase('eye');
    expect(await reply(slack.command(AWAY, `away 2026-12-03 2026-12-08 <@${COVER}|cover>`))).toContain(`<@${COVER}> covers`);

    app.clock.set(rome('2026-12-04 09:30'));
    await slack.click(COORD, buttonOf('assign'), waiting).answer;
    const modal = await waitFor(() => {
      const v = lastOpenedView();
      return v.callback_id === formOf('assign') && JSON.parse(String(v.private_metadata)).reference === waiting ? v : null;
    });
    const picker = (modal.blocks as { block_id?: string; element?: { initial_option?: { value: string }; options: { value: string; text: { text: string } }[] } }[]).find(
      (b) => b.block_id === BLOCKS.doctor,
    )!.element!;
    expect(picker.initial_option?.value).toBe(COVER);
    expect(picker.options.find((o) => o.value === AWAY)!.text.text).not.toContain('suggested');

    // Due soon (1 working day left) on Fri 4 Dec at 10:00: the cover is told, the absent doctor is not.
    app.clock.set(rome('2026-12-04 10:00'));
    await app.notifications!.dispatchDue();
    await app.settle();
    expect(dmsTo(COVER, held)).toEqual([`:alarm_clock: ${held} is due Mon 7 Dec 2026 10:00 (1 working day left). (for Dr Away, who is away: you cover)`]);
    expect(dmsTo(AWAY, held)).toEqual([]);
  });

  it("without a cover, an absent doctor's reminders go to every coordinator", async () => {
    const held = await readyCase('sarcoma');
    await claim(held, LONE);
    await reply(slack.command(COORD, `away <@${LONE}|lone> 2026-12-03 2026-12-08`));
    app.clock.set(rome('2026-12-04 10:00'));
    await app.notifications!.dispatchDue();
    await app.settle();
    for (const coordinator of [COORD, COORD2]) expect(dmsTo(coordinator, held)).toHaveLength(1);
    expect(dmsTo(LONE, held)).toEqual([]);
  });

  it("a coordinator's App Home lists an absent doctor's open cases; Reassign all moves each of them once, with its history event and card update", async () => {
    const refs = [await readyCase('sarcoma'), await readyCase('sarcoma'), await readyCase('sarcoma')];
    for (const ref of refs) await claim(ref, LONE);
    await app.cases.execute(refs[2]!, { type: 'request_info', question: 'Latest CT?' }, await app.staff.actor(LONE)); // paused
    app.clock.set(rome('2026-12-04 11:00'));
    const open = (await app.queries.list('mine', LONE)).map((v) => v.reference);
    expect(open.length).toBeGreaterThanOrEqual(4);

    await slack.event({ type: 'app_home_opened', user: COORD, tab: 'home' });
    const home = await waitFor(() => app.standIn.callsOf('views.publish').filter((c) => c.body.user_id === COORD).at(-1));
    const homeText = JSON.stringify(home.body.view);
    expect(homeText).toContain('Open cases of absent doctors');
    expect(homeText).toContain(`<@${LONE}> away until Tue 8 Dec 2026: ${open.length} open cases`);
    expect(homeText).toContain(HOME_ACTIONS.reassignAll);

    await slack.click(COORD, HOME_ACTIONS.reassignAll, LONE).answer;
    await waitFor(() => lastOpenedView().callback_id === CALLBACKS.reassignAll);
    const submitted = await slack.submit(COORD, CALLBACKS.reassignAll, { [BLOCKS.doctor]: input.select(TAKER) }, { reference: '', absent: LONE });
    expect(submitted.json).toBeNull();
    // A second submission (a double click, a second coordinator) moves nothing more.
    await slack.submit(COORD2, CALLBACKS.reassignAll, { [BLOCKS.doctor]: input.select(TAKER) }, { reference: '', absent: LONE });
    await app.settle();

    expect(await app.queries.count('mine', LONE)).toBe(0);
    for (const ref of open) {
      const view = await app.cases.get(ref);
      expect(view.state.assignee, ref).toBe(TAKER);
      const assigned = (await app.cases.history(ref)).filter((e) => e.data.type === 'assigned');
      expect(assigned, ref).toHaveLength(1);
      expect(assigned[0]!.actor).toBe(COORD);
      const cards = app.standIn.calls.filter(
        (c) => c.method === 'chat.update' && JSON.stringify(c.body.blocks ?? '').includes(`Second opinion ${ref}`) && JSON.stringify(c.body.blocks).includes('Dr Taker'),
      );
      expect(cards.length, ref).toBeGreaterThanOrEqual(1);
    }
    expect((await app.cases.get(refs[2]!)).state.status).toBe('awaiting_info');
  });
});
