import { beforeAll, describe, expect, it } from 'vitest';
import { todaySlot } from '../../src/domain/my-work.js';
import { buttonOf } from '../../src/slack/actions/registry.js';
import { caseInput, coordinator, doctor, everyDocument, otherDoctor, portal } from '../support/factories.js';
import { startSlackTestApp, waitFor, type SlackTestApp } from '../support/slack-app.js';
import { permalinkOf, type RecordedCall } from '../support/slack-stand-in.js';
import { rome } from '../support/time.js';

/**
 * SPEC section 5, "My work, each morning": at the digest's hour every doctor and coordinator with
 * something to do gets one DM with their cases by urgency and the button for each; the triage
 * channel keeps one pinned Today message with the live queue, edited in place.
 */
const TODAY_EVERY = { SLACK_TODAY_UPDATE_SECONDS: '1' };
const app = await startSlackTestApp({ now: '2026-12-07 08:00', env: TODAY_EVERY });
const italian = await startSlackTestApp({ now: '2026-12-07 08:00', env: { ...TODAY_EVERY, LOCALE: 'it' } });

for (const a of [app, italian]) {
  beforeAll(async () => {
    await a.grant(coordinator.id, 'coordinator', [], 'Anna Neri');
    await a.grant(doctor.id, 'doctor', ['prostate'], 'Dr Bianchi');
    await a.grant(otherDoctor.id, 'doctor', ['prostate'], 'Dr Verdi');
    await a.grant('UMGR00001', 'manager', [], 'Marta Gialli');
  });
}

type Block = { type: string; text?: { text: string }; accessory?: { action_id: string; url?: string; text: { text: string } } };
const blocksOf = (c: RecordedCall) => (c.body.blocks ?? []) as Block[];
const headerOf = (c: RecordedCall) => blocksOf(c).find((b) => b.type === 'header')?.text?.text ?? '';
const posts = (a: SlackTestApp) => a.standIn.callsOf('chat.postMessage');
/** The morning DMs a person got (their other DMs, the reminders, are not these). */
const myWorkDms = (a: SlackTestApp, userId: string, title = 'My work') =>
  posts(a).filter((c) => c.body.channel === `D${userId}` && headerOf(c).startsWith(title));
const cardOf = (a: SlackTestApp, reference: string) =>
  posts(a).find((c) => !c.body.thread_ts && c.body.channel === 'CTRIAGE' && JSON.stringify(c.body.blocks).includes(`Second opinion ${reference}`));
/** The lines of a list: each case's section, with its button. */
const caseSections = (c: RecordedCall) => blocksOf(c).filter((b) => b.type === 'section' && b.accessory);

/** A case whose documentation was complete at `docsAt`, paid, and claimed by `holder`. */
async function heldCase(a: SlackTestApp, docsAt: string, holder = doctor): Promise<{ id: number; reference: string }> {
  const { view } = await a.cases.create(caseInput({ documents: everyDocument(rome(docsAt)) }), portal);
  await a.cases.execute(view.reference, { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO', reason: null }, coordinator);
  await a.cases.execute(view.reference, { type: 'claim' }, holder);
  return { id: view.id, reference: view.reference };
}

describe('My work, each morning', () => {
  it('the doctor\'s DM lists the breached case first, with the button for what to do next, linked to its card; the others get none', async () => {
    app.clock.set(rome('2026-12-07 08:00'));
    // Created first, due later: the order is urgency, not creation.
    const dueLater = await heldCase(app, '2026-12-04 10:00');
    const breached = await heldCase(app, '2026-11-23 10:00');
    await app.settle();

    app.clock.set(rome('2026-12-07 08:30'));
    expect(await app.myWork!.sendMorning()).toBe(1);
    await app.settle();

    const [dm, ...more] = myWorkDms(app, doctor.id);
    expect(more).toEqual([]);
    expect(headerOf(dm!)).toBe('My work · Mon 7 Dec 2026');
    const lines = caseSections(dm!);
    expect(lines.map((b) => b.text!.text.includes(breached.reference))).toEqual([true, false]);
    expect(lines[0]!.text!.text).toContain('Breached by');
    expect(lines[0]!.text!.text).toContain(`<${permalinkOf('CTRIAGE', String(cardOf(app, breached.reference)!.response!.ts))}|${breached.reference}>`);
    expect(lines[1]!.text!.text).toContain(dueLater.reference);
    // Paid and held: the doctor's next action is to deliver the opinion.
    expect(lines.map((b) => b.accessory!.action_id)).toEqual([buttonOf('deliver'), buttonOf('deliver')]);
    expect(lines[0]!.accessory!.text.text).toBe('Opinion delivered');
    expect(JSON.stringify(dm!.body)).not.toContain('Maria Rossi');

    // Nothing to do, nothing sent: the other doctor holds nothing, the coordinator's queues are empty
    // (both cases paid and held), and managers read the digest instead.
    for (const userId of [otherDoctor.id, coordinator.id, 'UMGR00001']) expect(posts(app).filter((c) => c.body.channel === `D${userId}` && headerOf(c).startsWith('My work'))).toEqual([]);
  });

  it('once per person and day: two workers at once, and the job again after a restart, send nothing more', async () => {
    app.clock.set(rome('2026-12-07 08:30'));
    const before = myWorkDms(app, doctor.id).length;
    await Promise.all([app.myWork!.sendMorning(), app.myWork!.sendMorning()]);
    app.clock.set(rome('2026-12-07 11:00'));
    await app.myWork!.sendMorning();
    await app.settle();
    expect(myWorkDms(app, doctor.id)).toHaveLength(before);
  });

  it('coordinators get their queues, each case with the button of its queue', async () => {
    app.clock.set(rome('2026-12-10 08:00'));
    const { view: intake } = await app.cases.create(caseInput({ documents: [{ item: 'bank_transfer_copy', receivedAtMs: rome('2026-12-10 08:00') }] }), portal);
    await app.settle();
    app.clock.set(rome('2026-12-10 08:30'));
    await app.myWork!.sendMorning();
    await app.settle();
    const [dm] = myWorkDms(app, coordinator.id);
    expect(headerOf(dm!)).toBe('My work · Thu 10 Dec 2026');
    const text = blocksOf(dm!).map((b) => b.text?.text ?? '').join('\n');
    expect(text).toContain('*Documents missing* (1)');
    // Empty queues are left out.
    expect(text).not.toContain('*Payment to confirm*');
    const line = caseSections(dm!).find((b) => b.text!.text.includes(intake.reference))!;
    expect(line.accessory!.action_id).toBe(buttonOf('record_documents'));
  });

  it('on a closed day nobody gets one', async () => {
    app.clock.set(rome('2026-12-12 08:30')); // a Saturday
    expect(await app.myWork!.sendMorning()).toBe(0);
    await app.settle();
    expect(posts(app).filter((c) => headerOf(c).includes('Sat 12 Dec'))).toEqual([]);
  });

  it('in Italian: "Il mio lavoro", the delay said as the staff say it, the button in Italian', async () => {
    italian.clock.set(rome('2026-12-07 08:00'));
    const breached = await heldCase(italian, '2026-11-23 10:00');
    await italian.settle();
    italian.clock.set(rome('2026-12-07 08:30'));
    await italian.myWork!.sendMorning();
    await italian.settle();
    const [dm] = myWorkDms(italian, doctor.id, 'Il mio lavoro');
    expect(headerOf(dm!)).toBe('Il mio lavoro · lun 7 dic 2026');
    const [line] = caseSections(dm!);
    expect(line!.text!.text).toContain(breached.reference);
    expect(line!.text!.text).toContain('In ritardo di');
    expect(line!.accessory!.text.text).toBe('Parere consegnato');
    expect(JSON.stringify(dm!.body)).not.toMatch(/\bSLA\b/);
  });
});

/** The Today message's posts and edits in the triage channel. */
const todayPosts = (a: SlackTestApp, title: string) => posts(a).filter((c) => c.body.channel === 'CTRIAGE' && headerOf(c).startsWith(title));
const todayEdits = (a: SlackTestApp, ts: string) => a.standIn.callsOf('chat.update').filter((c) => c.body.ts === ts);
const textOf = (c: RecordedCall) => blocksOf(c).map((b) => b.text?.text ?? '').join('\n');

/** A case complete and paid, waiting for a reviewer. */
async function readyCase(a: SlackTestApp, docsAt: string): Promise<string> {
  const { view } = await a.cases.create(caseInput({ documents: everyDocument(rome(docsAt)) }), portal);
  await a.cases.execute(view.reference, { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-12-14', bankReference: 'CRO', reason: null }, coordinator);
  return view.reference;
}

describe('the pinned Today message', () => {
  it('is posted and pinned once, edited in place when a case changes queue, and posted and pinned again when someone deleted it', async () => {
    app.clock.set(rome('2026-12-14 10:00'));
    const first = await readyCase(app, '2026-12-14 10:00');
    await app.settle();
    const [today, ...others] = todayPosts(app, 'Today');
    expect(others).toEqual([]);
    const ts = String(today!.response!.ts);
    await waitFor(() => app.standIn.pins.has(`CTRIAGE/${ts}`));
    const lastText = () => textOf(todayEdits(app, ts).at(-1) ?? today!);
    await waitFor(() => lastText().includes('*Waiting for a reviewer* 1') && lastText().includes(first));

    // A claim moves the case out of "waiting for a reviewer": the same message, new words.
    await app.cases.execute(first, { type: 'claim' }, doctor);
    await app.settle();
    await waitFor(() => lastText().includes('*Waiting for a reviewer* 0'));
    expect(todayPosts(app, 'Today')).toHaveLength(1);
    expect(app.standIn.callsOf('pins.add')).toHaveLength(1);

    // Someone deletes it: the next refresh posts a new one and pins it.
    app.standIn.deleteMessage('CTRIAGE', ts);
    const second = await readyCase(app, '2026-12-14 10:00');
    await app.settle();
    const [, again, ...more] = todayPosts(app, 'Today');
    expect(more).toEqual([]);
    expect(String(again!.response!.ts)).not.toBe(ts);
    expect(textOf(again!)).toContain(second);
    await waitFor(() => app.standIn.pins.has(`CTRIAGE/${String(again!.response!.ts)}`));
    expect(app.standIn.callsOf('pins.add').map((c) => c.body.timestamp)).toEqual([ts, again!.response!.ts]);
  });

  it('a case that passes its due instant moves under "Breached" when the planner reaches it', async () => {
    const latest = () => {
      const post = todayPosts(app, 'Today').at(-1)!;
      return textOf(todayEdits(app, String(post.response!.ts)).at(-1) ?? post);
    };
    const breachedLine = () => latest().split('\n').find((l) => l.includes('*Breached*'))!;
    app.clock.set(rome('2026-12-14 11:00'));
    const held = await heldCase(app, '2026-12-14 11:00');
    await app.settle();
    expect(breachedLine()).not.toContain(held.reference);
    // Due Mon 21 Dec 11:00, five working days on: the breach reminder then refreshes the message too.
    app.clock.set(rome('2026-12-21 11:00'));
    await app.notifications!.dispatchDue();
    await app.settle();
    await waitFor(() => breachedLine().includes(held.reference));
  });

  it('changes are coalesced: six claims, each asking for a refresh, while Slack refuses the edit make one edit once it answers, showing the last state', async () => {
    const ts = String(todayPosts(app, 'Today').at(-1)!.response!.ts);
    app.clock.set(rome('2026-12-21 11:30'));
    const references: string[] = [];
    for (let i = 0; i < 6; i++) references.push(await readyCase(app, '2026-12-21 11:30'));
    await app.settle();
    const edited = () => todayEdits(app, ts).filter((c) => c.response?.ok === true);
    const before = edited().length;
    app.standIn.gate = (method, body) => (method === 'chat.update' && body.ts === ts ? { status: 500, error: 'internal_error' } : null);
    try {
      // Each claim in a slot of its own, so that each asks for a refresh of its own.
      let slot = '';
      for (const reference of references) {
        await waitFor(() => todaySlot(Date.now(), 1000).key !== slot);
        slot = todaySlot(Date.now(), 1000).key;
        await app.cases.execute(reference, { type: 'claim' }, otherDoctor);
      }
      expect(await app.db.selectFrom('slack_outbox').select('id').where('kind', '=', 'today').where('status', '=', 'pending').execute()).toHaveLength(6);
      // Every refresh the claims asked for is due, and Slack has refused at least one edit.
      await waitFor(async () => {
        const waiting = await app.db.selectFrom('slack_outbox').select(['next_attempt_at', 'attempts']).where('kind', '=', 'today').where('status', '=', 'pending').execute();
        return waiting.some((r) => r.attempts > 0) && waiting.filter((r) => r.attempts === 0).every((r) => r.next_attempt_at.getTime() <= Date.now());
      });
    } finally {
      app.standIn.gate = null;
    }
    await app.settle();
    const after = edited().slice(before);
    expect(after).toHaveLength(1);
    for (const reference of references) expect(textOf(after[0]!)).not.toContain(reference);
  });

  it('in Italian: "Oggi", with the queue\'s words of the glossary', async () => {
    italian.clock.set(rome('2026-12-14 10:00'));
    const reference = await readyCase(italian, '2026-12-14 10:00');
    await italian.settle();
    const [today, ...others] = todayPosts(italian, 'Oggi');
    expect(others).toEqual([]);
    const last = () => todayEdits(italian, String(today!.response!.ts)).at(-1) ?? today!;
    await waitFor(() => textOf(last()).includes('*Da prendere in carico* 1') && textOf(last()).includes(reference));
    expect(headerOf(last())).toBe('Oggi · lun 14 dic 2026');
    expect(textOf(last())).toContain('*In ritardo* 1');
    expect(textOf(last())).toContain('*In attesa del richiedente* 0');
    expect(textOf(last())).not.toMatch(/\bSLA\b/);
  });
});
