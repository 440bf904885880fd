import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buttonOf } from '../../src/slack/actions/registry.js';
import { ELEMENTS } from '../../src/slack/ids.js';
import { blockKitViolations } from '../support/block-kit-limits.js';
import { actor, caseInput, coordinator, everyDocument, portal } from '../support/factories.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import type { RecordedCall } from '../support/slack-stand-in.js';
import { rome } from '../support/time.js';

/**
 * SPEC section 5, "Less noise": each reminder DM has Snooze (1 working hour, or until the next
 * opening), recorded, never past the due instant. The breach reminder repeats every working hour
 * here, so that the next reminder of the same kind falls inside a snooze.
 */
const app = await startSlackTestApp({ now: '2026-11-30 09:00', env: { NOTIFY_BREACH_REPEAT_EVERY: '1h' } });
const notifications = app.notifications!;
const secondCoordinator = actor('UCOORD0002', 'coordinator');

beforeAll(async () => {
  await app.grant(coordinator.id, 'coordinator', [], 'Anna Neri');
  await app.grant(secondCoordinator.id, 'coordinator', [], 'Luca Verdi');
  await app.grant('UMGR00001', 'manager', [], 'Marta Gialli');
});

afterAll(() => {
  // Every DM with its menu, and every rewritten one, is one Slack takes.
  expect(app.standIn.calls.flatMap(blockKitViolations)).toEqual([]);
});

const at = async (local: string) => {
  app.clock.set(rome(local));
  await notifications.dispatchDue();
  await app.settle();
};
const posts = () => app.standIn.callsOf('chat.postMessage');
const dmsTo = (userId: string, reference: string, emoji: string) =>
  posts().filter((c) => c.body.channel === `D${userId}` && String(c.body.text).includes(reference) && String(c.body.text).startsWith(emoji));
const toManagers = (reference: string) => posts().filter((c) => c.body.channel === 'CMANAGERS' && String(c.body.text).includes(reference));

interface Element {
  type: string;
  action_id: string;
  placeholder?: { text: string };
  options?: { text: { text: string }; value: string }[];
}
const elementsOf = (c: RecordedCall | { body: Record<string, unknown> }) =>
  ((c.body.blocks ?? []) as { type: string; elements?: Element[] }[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

/** The person picks one of the DM's Snooze choices, by the words they read; answers what the DM became. */
async function snooze(userId: string, dm: RecordedCall, choice: string): Promise<{ text: string; blocks: unknown[]; replace: unknown }> {
  const menu = elementsOf(dm).find((e) => e.action_id === ELEMENTS.snooze)!;
  const option = menu.options!.find((o) => o.text.text === choice)!;
  const pending = app.user.selectInMessage(userId, ELEMENTS.snooze, option.value, {
    channel: String(dm.body.channel),
    ts: String(dm.response!.ts),
    text: dm.body.text,
    blocks: dm.body.blocks,
  });
  expect((await pending.answer).status).toBe(200);
  const reply = await waitFor(() => app.standIn.reply(pending.responseId));
  return { text: String(reply.body.text), blocks: (reply.body.blocks ?? []) as unknown[], replace: reply.body.replace_original };
}

async function heldCase(doctorId: string, name: string): Promise<{ id: number; reference: string }> {
  await app.grant(doctorId, 'doctor', ['prostate'], name);
  app.clock.set(rome('2026-11-30 10:00'));
  const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 10:00')) }), portal);
  await app.cases.execute(view.reference, { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO', reason: null }, coordinator);
  await app.cases.execute(view.reference, { type: 'claim' }, actor(doctorId, 'doctor'));
  return { id: view.id, reference: view.reference }; // due Mon 7 Dec 2026 10:00
}

describe('Snooze on reminder DMs', () => {
  it('the holder snoozes the due-soon DM for 1 working hour: the DM says until when, and the reminder comes back then, to them alone, once', async () => {
    const doc = 'UDOCSNZ01';
    const c = await heldCase(doc, 'Dr Primo');
    await at('2026-12-04 10:00'); // due soon: 1 working day left
    const [dm, ...others] = dmsTo(doc, c.reference, ':alarm_clock:');
    expect(others).toEqual([]);
    const menu = elementsOf(dm!).find((e) => e.action_id === ELEMENTS.snooze)!;
    expect(menu).toMatchObject({ type: 'static_select', placeholder: { text: 'Snooze' } });
    expect(menu.options!.map((o) => o.text.text)).toEqual(['Snooze 1 working hour', 'Snooze until the next opening']);

    app.clock.set(rome('2026-12-04 10:05'));
    const snoozed = await snooze(doc, dm!, 'Snooze 1 working hour');
    // The DM is rewritten in place: the same words and buttons, the menu replaced by when it comes back.
    expect(snoozed.replace).toBe(true);
    expect(JSON.stringify(snoozed.blocks)).toContain(':zzz: Snoozed until Fri 4 Dec 2026 11:05: you will be reminded then.');
    expect(JSON.stringify(snoozed.blocks)).toContain(`is due Mon 7 Dec 2026 10:00`);
    expect(elementsOf({ body: { blocks: snoozed.blocks } }).map((e) => e.action_id)).toEqual([buttonOf('deliver'), buttonOf('request_info'), ELEMENTS.openCase]);
    // Recorded: who, which reminder, until when.
    const recorded = await app.db.selectFrom('notifications').select(['kind', 'due_at', 'status']).where('subject', '=', `snooze:${c.id}:${doc}`).execute();
    expect(recorded).toEqual([{ kind: 'due_soon', due_at: new Date(rome('2026-12-04 11:05')), status: 'planned' }]);

    const managersBefore = toManagers(c.reference).length;
    await at('2026-12-04 11:00');
    expect(dmsTo(doc, c.reference, ':alarm_clock:')).toHaveLength(1);
    await at('2026-12-04 11:05');
    await at('2026-12-04 11:05'); // a second look sends nothing more
    const again = dmsTo(doc, c.reference, ':alarm_clock:');
    expect(again).toHaveLength(2);
    // With the facts of now, and its own Snooze.
    expect(again[1]!.body.text).toBe(`:alarm_clock: ${c.reference} is due Mon 7 Dec 2026 10:00 (7 working h 55 min left).`);
    expect(elementsOf(again[1]!).map((e) => e.action_id)).toContain(ELEMENTS.snooze);
    expect(toManagers(c.reference)).toHaveLength(managersBefore);
  });

  it('until the next opening, across two closed days: the breach reminders of that case wait for the holder (the managers still get theirs), then one comes back', async () => {
    const doc = 'UDOCSNZ02';
    const c = await heldCase(doc, 'Dr Secondo');
    await at('2026-12-07 10:00'); // breached, due now
    const [breach] = dmsTo(doc, c.reference, ':rotating_light:');
    const snoozed = await snooze(doc, breach!, 'Snooze until the next opening');
    // Tue 8 Dec (Immaculate Conception) and Wed 9 Dec (San Siro) are closed.
    expect(JSON.stringify(snoozed.blocks)).toContain(':zzz: Snoozed until Thu 10 Dec 2026 09:00');

    await at('2026-12-07 11:00');
    await at('2026-12-07 12:00');
    expect(toManagers(c.reference).filter((x) => String(x.body.text).startsWith(':rotating_light:')).length).toBeGreaterThanOrEqual(3);
    expect(dmsTo(doc, c.reference, ':rotating_light:')).toHaveLength(1);
    await at('2026-12-10 09:00'); // the snooze ends as that morning's breach reminder falls due: one DM, not two
    const dms = dmsTo(doc, c.reference, ':rotating_light:');
    expect(dms).toHaveLength(2);
    expect(dms[1]!.body.text).toContain('is breached by 8 working h');
  });

  it('never past the due instant: snoozing the imminent DM an hour before the deadline ends at the deadline, and the breach reminder speaks then', async () => {
    const doc = 'UDOCSNZ03';
    const c = await heldCase(doc, 'Dr Terzo');
    await at('2026-12-04 16:00'); // due very soon: 3 working h left
    const [imminent] = dmsTo(doc, c.reference, ':alarm_clock:').filter((x) => String(x.body.text).includes('very soon'));
    app.clock.set(rome('2026-12-07 09:30'));
    const snoozed = await snooze(doc, imminent!, 'Snooze 1 working hour');
    expect(JSON.stringify(snoozed.blocks)).toContain(':zzz: Snoozed until Mon 7 Dec 2026 10:00, when it falls due: you will be reminded then.');
    await at('2026-12-07 10:00');
    // Past the due instant "due very soon" is stale: the breach says it instead, and the snooze is cancelled.
    expect(dmsTo(doc, c.reference, ':alarm_clock:').filter((x) => String(x.body.text).includes('very soon'))).toHaveLength(1);
    expect(dmsTo(doc, c.reference, ':rotating_light:')).toHaveLength(1);
    const row = await app.db.selectFrom('notifications').select('status').where('subject', '=', `snooze:${c.id}:${doc}`).executeTakeFirstOrThrow();
    expect(row.status).toBe('cancelled');
  });

  it("a coordinator snoozes the chase: it comes back to them, not to the other coordinator, who was told once already", async () => {
    const doc = actor('UDOCSNZ04', 'doctor');
    const c = await heldCase(doc.id, 'Dr Quarto');
    app.clock.set(rome('2026-11-30 11:00'));
    await app.cases.execute(c.reference, { type: 'request_info', question: 'PSA?' }, doc);
    await at('2026-12-02 11:00'); // information awaited for 2 working days: the chase
    const [chase] = dmsTo(coordinator.id, c.reference, ':mailbox_with_no_mail:');
    expect(elementsOf(chase!).map((e) => e.action_id)).toEqual([buttonOf('info_received'), ELEMENTS.openCase, ELEMENTS.snooze]);
    const snoozed = await snooze(coordinator.id, chase!, 'Snooze 1 working hour');
    expect(JSON.stringify(snoozed.blocks)).toContain('Snoozed until Wed 2 Dec 2026 12:00');
    await at('2026-12-02 12:00');
    expect(dmsTo(coordinator.id, c.reference, ':mailbox_with_no_mail:')).toHaveLength(2);
    expect(dmsTo(secondCoordinator.id, c.reference, ':mailbox_with_no_mail:')).toHaveLength(1);
  });

  it('the DM listing two cases at one deadline snoozes both, and they come back together in one DM', async () => {
    const doc = 'UDOCSNZ06';
    const first = await heldCase(doc, 'Dr Sesto');
    const second = await heldCase(doc, 'Dr Sesto');
    await at('2026-12-04 10:00');
    const listing = posts().filter((x) => x.body.channel === `D${doc}` && String(x.body.text).includes(':alarm_clock:'));
    expect(listing).toHaveLength(1);
    expect(listing[0]!.body.text).toContain('2 of your cases at the same deadline');
    app.clock.set(rome('2026-12-04 10:00'));
    expect(JSON.stringify((await snooze(doc, listing[0]!, 'Snooze 1 working hour')).blocks)).toContain('Snoozed until Fri 4 Dec 2026 11:00');
    for (const c of [first, second]) {
      expect(await app.db.selectFrom('notifications').select('due_at').where('subject', '=', `snooze:${c.id}:${doc}`).execute()).toEqual([{ due_at: new Date(rome('2026-12-04 11:00')) }]);
    }
    await at('2026-12-04 11:00');
    const after = posts().filter((x) => x.body.channel === `D${doc}` && String(x.body.text).includes(':alarm_clock:'));
    expect(after).toHaveLength(2);
    expect(after[1]!.body.text).toContain(
      `2 of your cases at the same deadline: :alarm_clock: ${first.reference} is due Mon 7 Dec 2026 10:00 (8 working h left). :alarm_clock: ${second.reference} is due Mon 7 Dec 2026 10:00 (8 working h left).`,
    );
  });

  it('a reminder whose case moved on cannot be snoozed: the person is told so, the DM stays as it was, nothing is recorded', async () => {
    const doc = actor('UDOCSNZ05', 'doctor');
    const c = await heldCase(doc.id, 'Dr Quinto');
    await at('2026-12-04 10:00');
    const [dm] = dmsTo(doc.id, c.reference, ':alarm_clock:');
    app.clock.set(rome('2026-12-04 10:30'));
    await app.cases.execute(c.reference, { type: 'deliver' }, doc);
    const answer = await snooze(doc.id, dm!, 'Snooze 1 working hour');
    expect(answer.replace).toBe(false);
    expect(answer.text).toBe('Nothing left to snooze: the case has moved on since this reminder.');
    expect(await app.db.selectFrom('notifications').select('id').where('subject', '=', `snooze:${c.id}:${doc.id}`).execute()).toEqual([]);
  });
});
