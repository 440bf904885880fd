import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { ELEMENTS } from '../../src/slack/ids.js';
import { ADMIN } from '../support/app.js';
import { caseInput, coordinator, doctor, everyDocument, portal } from '../support/factories.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';
import { buttonOf } from '../../src/slack/actions/registry.js';

const app = await startSlackTestApp({ now: '2026-11-30 09:00' });
const notifications = app.notifications!;

beforeAll(async () => {
  const admin = { id: ADMIN, roles: new Set(['admin'] as const) };
  await app.staff.grant(admin, coordinator.id, 'coordinator', [], null);
  await app.staff.grant(admin, doctor.id, 'doctor', [], null);
});

/** Documentation complete at `docsAt`, payment confirmed at `paidAt`: ready, SLA running. */
async function readyCase(docsAt: string, paidAt: string): Promise<{ id: number; reference: string }> {
  app.clock.set(rome(paidAt));
  const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome(docsAt)) }), portal);
  await app.cases.execute(
    view.reference,
    { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO', reason: null },
    coordinator,
  );
  return { id: view.id, reference: view.reference };
}

const rows = (caseId: number) =>
  app.db.selectFrom('notifications').select(['kind', 'occurrence', 'status', 'due_at']).where('case_id', '=', caseId).orderBy('id').execute();
const sentTexts = (reference: string) =>
  app.standIn.calls.filter((c) => c.method === 'chat.postMessage' && String(c.body.text).includes(reference)).map((c) => String(c.body.text));
const at = async (local: string) => {
  app.clock.set(rome(local));
  return notifications.dispatchDue();
};

describe('reminders fire at the right instant and only then', () => {
  it('"unclaimed" goes to the case thread (broadcast) after 4 working hours, once', async () => {
    const c = await readyCase('2026-11-30 10:00', '2026-11-30 10:00');
    expect(await at('2026-11-30 13:59')).toBe(0);
    expect(await at('2026-11-30 14:00')).toBe(1);
    expect(await at('2026-11-30 14:30')).toBe(0);
    await app.settle();
    const line = app.standIn.callsOf('chat.postMessage').filter((x) => String(x.body.text).startsWith(`:hourglass: ${c.reference}`));
    expect(line).toHaveLength(1);
    expect(line[0]!.body.text).toBe(`:hourglass: ${c.reference} has been waiting for a reviewer since Mon 30 Nov 2026 10:00: claim it, or a coordinator can assign it.`);
    expect(line[0]!.body.reply_broadcast).toBe('true');
    // The alert names the case as a link to its card and carries the buttons for what it asks: Claim, Assign, Open case.
    const blocks = line[0]!.body.blocks as { type: string; text?: { text: string }; elements?: { action_id: string; url?: string }[] }[];
    const card = app.standIn.callsOf('chat.postMessage').find((x) => !x.body.thread_ts && JSON.stringify(x.body.blocks).includes(`Second opinion ${c.reference}`))!;
    const permalink = `https://opinion-desk-test.slack.com/archives/CTRIAGE/p${String(card.response!.ts).replace('.', '')}`;
    expect(blocks[0]!.text!.text).toContain(`*<${permalink}|${c.reference}>*`);
    const buttons = blocks.flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => b.action_id)).toEqual([buttonOf('claim'), buttonOf('assign'), ELEMENTS.openCase]);
    expect(buttons.at(-1)!.url).toBe(permalink);
  });

  it('a claim cancels the pending "unclaimed" reminders', async () => {
    const c = await readyCase('2026-11-30 09:00', '2026-11-30 10:00');
    app.clock.set(rome('2026-11-30 11:00'));
    await app.cases.execute(c.reference, { type: 'claim' }, doctor);
    expect((await rows(c.id)).filter((r) => r.kind.startsWith('unclaimed')).map((r) => r.status)).toEqual(['cancelled', 'cancelled']);
    await at('2026-12-01 12:00');
    expect(sentTexts(c.reference).filter((t) => t.includes('reviewer'))).toEqual([]);
  });

  it('a breach goes to the managers and the assignee at the next opening, then every working day', async () => {
    const c = await readyCase('2026-11-30 09:00', '2026-11-30 10:00');
    app.clock.set(rome('2026-11-30 11:00'));
    await app.cases.execute(c.reference, { type: 'claim' }, doctor);
    await at('2026-12-04 18:30'); // due Fri 18:00: outside hours, nothing yet (the first waits for Monday, the next is planned)
    const breachRows = async () => (await rows(c.id)).filter((r) => r.kind === 'breached');
    expect((await breachRows()).map((r) => `${r.occurrence}:${r.status}`)).toEqual(['1:planned', '2:planned']);
    await at('2026-12-07 09:00');
    await at('2026-12-07 17:00');
    await at('2026-12-10 09:00'); // 8 and 9 December are closed
    expect((await breachRows()).map((r) => `${r.occurrence}:${r.status}`)).toEqual(['1:sent', '2:sent', '3:planned']);
    await app.settle();
    const managers = app.standIn.callsOf('chat.postMessage').filter((x) => x.body.channel === 'CMANAGERS' && String(x.body.text).includes(c.reference));
    expect(managers).toHaveLength(2);
    const dms = app.standIn.callsOf('chat.postMessage').filter((x) => x.body.channel === `D${doctor.id}` && String(x.body.text).includes(`${c.reference} is breached by`));
    expect(dms).toHaveLength(2);
  });

  it('pause and resume re-plan; delivery cancels everything that is pending', async () => {
    const c = await readyCase('2026-11-30 09:00', '2026-11-30 10:00');
    app.clock.set(rome('2026-11-30 11:00'));
    await app.cases.execute(c.reference, { type: 'claim' }, doctor);
    app.clock.set(rome('2026-12-01 10:00'));
    await app.cases.execute(c.reference, { type: 'request_info', question: 'PSA?' }, doctor);
    const planned = async () => (await rows(c.id)).filter((r) => r.status === 'planned').map((r) => r.kind);
    expect(await planned()).toEqual(['awaiting_info']);
    expect(await at('2026-12-03 10:00')).toBeGreaterThanOrEqual(1);
    app.clock.set(rome('2026-12-03 12:00'));
    await app.cases.execute(c.reference, { type: 'info_received', receivedAtMs: null }, coordinator);
    expect((await planned()).sort()).toEqual(['breached', 'due_imminent', 'due_soon']);
    const breach = (await rows(c.id)).find((r) => r.kind === 'breached' && r.status === 'planned')!;
    expect(breach.due_at.getTime()).toBe(rome('2026-12-11 11:00'));
    app.clock.set(rome('2026-12-04 10:00'));
    await app.cases.execute(c.reference, { type: 'deliver' }, doctor);
    expect(await planned()).toEqual([]);
  });
});

/** Messages naming the case in a channel (or DM) that contain `words`. */
const messagesTo = (channel: string, reference: string, words: string) =>
  app.standIn
    .callsOf('chat.postMessage')
    .filter((x) => x.body.channel === channel && String(x.body.text).includes(reference) && String(x.body.text).includes(words))
    .map((x) => String(x.body.text));

describe('missed repeats collapse into one message that says how late the case is', () => {
  for (const [workingDays, receivedAt, due, late] of [
    [10, '2026-11-26 10:00', 'Thu 3 Dec 2026 10:00', '5 working days'],
    [30, '2026-10-29 10:00', 'Thu 5 Nov 2026 10:00', '25 working days'],
  ] as const) {
    it(`a case created with its documents received ${workingDays} working days earlier sends one breach message, then one per working day`, async () => {
      app.clock.set(rome('2026-12-14 10:00'));
      const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome(receivedAt)) }), portal);
      await at('2026-12-14 10:00');
      await app.settle();
      // The first line of each (the second names the holder and the cause, for the managers).
      expect(messagesTo('CMANAGERS', view.reference, 'breached').map((t) => t.split('\n')[0]).sort()).toEqual([
        // The unclaimed escalation names the due instant as past, not as ahead.
        `:rotating_light: ${view.reference} is breached by ${late} (it was due ${due}).`,
        `:warning: ${view.reference} has had no reviewer since ${receivedAt === '2026-11-26 10:00' ? 'Thu 26 Nov' : 'Thu 29 Oct'} 2026 10:00; the answer was due ${due}: breached by ${late}.`,
      ]);
      await at('2026-12-14 17:00');
      await app.cases.execute(view.reference, { type: 'claim' }, doctor);
      await at('2026-12-15 10:00');
      await at('2026-12-15 12:00');
      await at('2026-12-16 10:00');
      await app.settle();
      const breaches = messagesTo('CMANAGERS', view.reference, ':rotating_light:');
      expect(breaches).toHaveLength(3);
      expect(breaches[1]).toContain(`is breached by ${workingDays === 10 ? '6' : '26'} working days`);
      expect(messagesTo(`D${doctor.id}`, view.reference, ':rotating_light:')).toHaveLength(2);
    });
  }

  it('the managers read a case\'s breach alerts in the order they went out, even when Slack refuses one of them once', async () => {
    app.clock.set(rome('2026-12-14 10:00'));
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-26 10:00')) }), portal);
    await at('2026-12-14 10:00');
    await app.settle();
    // The second day's alert meets a Slack error the first time it is posted; delivery tries it again later.
    let refused = 0;
    app.standIn.gate = (method, body) => {
      const second = method === 'chat.postMessage' && body.channel === 'CMANAGERS' && String(body.text).includes(`${view.reference} is breached by 6 working days`);
      if (!second || refused > 0) return null;
      refused++;
      return { status: 500, error: 'internal_error' };
    };
    try {
      await at('2026-12-15 10:00');
      await waitFor(() => refused > 0);
      await at('2026-12-16 10:00');
      await app.settle();
    } finally {
      app.standIn.gate = null;
    }
    const lateness = messagesTo('CMANAGERS', view.reference, ':rotating_light:').map((t) => /breached by (\d+) working days/.exec(t)?.[1]);
    expect(lateness).toEqual(['5', '6', '7']);
  });

  it('workers stopped over a long weekend send one message per kind when they start again', async () => {
    // Three cases, one per repeating kind: breached, waiting for information, documentation incomplete.
    app.clock.set(rome('2026-11-23 10:00'));
    const { view: incomplete } = await app.cases.create(caseInput(), portal);
    app.clock.set(rome('2026-12-02 10:00'));
    const { view: late } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-20 10:00')) }), portal);
    await app.cases.execute(late.reference, { type: 'claim' }, doctor);
    const { view: paused } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-12-01 10:00')) }), portal);
    await app.cases.execute(paused.reference, { type: 'claim' }, doctor);
    await app.cases.execute(paused.reference, { type: 'request_info', question: 'Latest MRI?' }, doctor);
    await at('2026-12-04 10:30');
    await app.settle();
    const count = () => ({
      breached: messagesTo('CMANAGERS', late.reference, ':rotating_light:').length,
      // What asks the coordinators to act goes to them by DM (this app has no coordinators' group).
      awaitingInfo: messagesTo(`D${coordinator.id}`, paused.reference, ':mailbox_with_no_mail:').length,
      intakeStale: messagesTo(`D${coordinator.id}`, incomplete.reference, ':file_folder:').length,
    });
    const before = count();
    // Stopped on Friday morning; started again ten days later, after 8 and 9 December (closed).
    app.clock.set(rome('2026-12-14 10:30'));
    await notifications.reconcile();
    await notifications.dispatchDue();
    await app.settle();
    expect(count()).toEqual({ breached: before.breached + 1, awaitingInfo: before.awaitingInfo + 1, intakeStale: before.intakeStale + 1 });
    expect(messagesTo('CMANAGERS', late.reference, ':rotating_light:').at(-1)).toContain(`${late.reference} is breached by 9 working days`);
    expect(messagesTo(`D${coordinator.id}`, paused.reference, ':mailbox_with_no_mail:').at(-1)).toContain('has been waiting 6 working days (since');
  });

  it('a receipt a year old plans a handful of rows, not hundreds', async () => {
    app.clock.set(rome('2026-12-14 10:00'));
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2025-12-15 10:00')) }), portal);
    expect((await rows(view.id)).length).toBeLessThanOrEqual(5);
    // Unclaimed, its escalation, the breach and the payment reminder: one each, whichever worker sends them.
    await at('2026-12-14 10:00');
    const sent = (await rows(view.id)).filter((r) => r.status === 'sent').map((r) => r.kind);
    expect(sent.sort()).toEqual(['breached', 'payment_pending', 'unclaimed', 'unclaimed_escalation']);
  });
});

describe('exactly once', () => {
  it('two worker processes dispatching side by side send each notification once', async () => {
    const cases = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        app.clock.set(rome('2026-11-30 10:00'));
        const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 09:00')), externalId: `twin-${i}` }), portal);
        await app.cases.execute(view.reference, { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'x', reason: null }, coordinator);
        return view;
      }),
    );
    const second = await startApp({ config: app.config, role: 'worker', clock: app.clock, logger: createLogger('silent') });
    afterAll(() => second.close());
    // A worker answers its health checks (the image's HEALTHCHECK) but serves neither the API nor Slack.
    expect((await fetch(`http://127.0.0.1:${second.port}/healthz`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${second.port}/api/v1/cases/SO-2026-0001`)).status).toBe(404);
    app.clock.set(rome('2026-12-01 10:30'));
    const [a, b] = await Promise.all([app.notifications!.dispatchDue(), second.notifications!.dispatchDue()]);
    // Per case: "unclaimed" and its escalation are both due by now.
    expect(a + b).toBe(cases.length * 2);
    for (const v of cases) {
      const sent = (await rows(v.id)).filter((r) => r.status === 'sent').map((r) => r.kind).sort();
      expect(sent).toEqual(['unclaimed', 'unclaimed_escalation']);
    }
    await app.settle();
    for (const v of cases) {
      expect(app.standIn.callsOf('chat.postMessage').filter((x) => String(x.body.text).startsWith(`:hourglass: ${v.reference}`))).toHaveLength(1);
      expect(app.standIn.callsOf('chat.postMessage').filter((x) => x.body.channel === 'CMANAGERS' && String(x.body.text).startsWith(`:warning: ${v.reference}`))).toHaveLength(1);
    }
  });

  it('after Redis is emptied, the timers and schedulers are rebuilt from PostgreSQL: nothing lost, nothing twice', async () => {
    const c = await readyCase('2026-12-14 09:00', '2026-12-14 10:00');
    const queue = app.jobQueue!.queue;
    const timers = async () => (await queue.getDelayed()).filter((j) => j.name === 'dispatch-notification').length;
    // Timers are set right after the commit, without holding up the answer.
    await waitFor(async () => (await timers()) > 0);
    // Empty this app's Redis data (its own prefix: other test files share the server).
    const keys = await app.redis.keys(`${app.config.bullmqPrefix}:*`);
    await app.redis.del(...keys);
    expect(await timers()).toBe(0);
    expect(await queue.getJobScheduler('daily-digest')).toBeUndefined();

    expect(await app.jobQueue!.ensureSchedulers(app.config.digestCron, 'Europe/Rome', true)).toBe(true);
    await notifications.reconcile();
    expect(await timers()).toBeGreaterThan(0);
    expect(await queue.getJobScheduler('daily-digest')).toMatchObject({ pattern: '30 8 * * *', tz: 'Europe/Rome' });

    // The rebuilt sweep may run in either worker at the same moment: whoever sends it, it is sent once.
    await at('2026-12-14 14:00');
    await waitFor(async () => (await rows(c.id)).find((r) => r.kind === 'unclaimed')?.status === 'sent');
    await notifications.reconcile();
    await at('2026-12-14 14:05');
    await app.settle();
    expect(app.standIn.callsOf('chat.postMessage').filter((x) => String(x.body.text).startsWith(`:hourglass: ${c.reference}`))).toHaveLength(1);
  });
});

/** The blocks of the digest whose title names this date ("Mon 11 Jan 2027"). */
const digestBlocks = (date: string) =>
  (app.standIn
    .callsOf('chat.postMessage')
    .filter((x) => x.body.channel === 'CMANAGERS' && String(x.body.text).startsWith('SLA digest') && JSON.stringify(x.body.blocks).includes(date))
    .at(-1)?.body.blocks ?? []) as { type: string; text?: { text: string }; elements?: { text: string }[] }[];
const blockText = (b: { text?: { text: string }; elements?: { text: string }[] }) => b.text?.text ?? (b.elements ?? []).map((e) => e.text).join(' ');

describe('daily digest', () => {
  it("Monday's digest covers since Friday's digest: it counts the case delivered on Friday afternoon", async () => {
    app.clock.set(rome('2027-01-08 08:30'));
    expect(await notifications.sendDigest()).toBe(true);
    app.clock.set(rome('2027-01-08 14:00'));
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2027-01-07 10:00')) }), portal);
    await app.cases.execute(view.reference, { type: 'claim' }, doctor);
    await app.cases.execute(
      view.reference,
      { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2027-01-08', bankReference: 'CRO 8', reason: null },
      coordinator,
    );
    app.clock.set(rome('2027-01-08 15:00'));
    await app.cases.execute(view.reference, { type: 'deliver' }, doctor);
    app.clock.set(rome('2027-01-11 08:30'));
    expect(await notifications.sendDigest()).toBe(true);
    await app.settle();
    const text = digestBlocks('Mon 11 Jan 2027').map(blockText).join('\n');
    expect(text).toContain('Since the previous digest (Fri 8 Jan 2027 08:30): 1 new, 1 delivered.');
  });

  it('a case is listed once, under its most urgent heading: breached, not also waiting for a reviewer', async () => {
    // Breached for a long time, so it is among the first the digest names.
    app.clock.set(rome('2027-01-12 08:00'));
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-01-13 10:00')) }), portal);
    app.clock.set(rome('2027-01-12 08:30'));
    expect(await notifications.sendDigest()).toBe(true);
    await app.settle();
    const naming = digestBlocks('Tue 12 Jan 2027').map(blockText).filter((t) => t.includes(view.reference));
    expect(naming).toHaveLength(1);
    expect(naming[0]).toMatch(/^\*Breached\*/);
  });

  it('is skipped on a closed day and sent once on an open day', async () => {
    app.clock.set(rome('2026-12-08 08:30')); // Immacolata
    expect(await notifications.sendDigest()).toBe(false);
    app.clock.set(rome('2026-12-10 08:30'));
    expect(await notifications.sendDigest()).toBe(true);
    expect(await notifications.sendDigest()).toBe(false);
    await app.settle();
    const digests = app.standIn.callsOf('chat.postMessage').filter((x) => x.body.channel === 'CMANAGERS' && String(x.body.text).startsWith('SLA digest'));
    expect(digests.filter((x) => JSON.stringify(x.body.blocks).includes('Tue 8 Dec 2026'))).toHaveLength(0);
    expect(digests.filter((x) => JSON.stringify(x.body.blocks).includes('SLA digest · Thu 10 Dec 2026'))).toHaveLength(1);
  });
});

describe('delivery through Slack failures', () => {
  it('Slack answering 429 then 200: the message waits Retry-After and is delivered once', async () => {
    app.standIn.failNext('chat.postMessage', { status: 429, retryAfterSeconds: 1 }, 2);
    const c = await readyCase('2026-12-14 09:00', '2026-12-14 10:00');
    const started = Date.now();
    await app.settle(15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    const cards = app.standIn.callsOf('chat.postMessage').filter((x) => JSON.stringify(x.body.blocks ?? '').includes(`Second opinion ${c.reference}`));
    expect(cards).toHaveLength(1);
    const outbox = await app.db.selectFrom('slack_outbox').select(['status', 'attempts']).where('case_id', '=', c.id).execute();
    expect(outbox.every((o) => o.status === 'sent' && o.attempts === 0)).toBe(true);
  });

  it('Slack failing with 500 for a while: everything is delivered once when it comes back', async () => {
    app.standIn.failFor(2_500, { status: 500, error: 'internal_error' });
    const c = await readyCase('2026-12-14 09:00', '2026-12-14 10:00');
    await app.cases.execute(c.reference, { type: 'claim' }, doctor);
    await waitFor(async () => (await app.db.selectFrom('slack_outbox').select('attempts').where('case_id', '=', c.id).execute()).some((o) => o.attempts > 0));
    await app.settle(20_000);
    const thread = app.standIn.callsOf('chat.postMessage').filter((x) => x.body.thread_ts && String(x.body.text).includes('claimed the case'));
    expect(thread.filter((x) => String(x.body.text).startsWith(`<@${doctor.id}>`))).not.toHaveLength(0);
    const cards = app.standIn.calls.filter((x) => x.method === 'chat.postMessage' && JSON.stringify(x.body.blocks ?? '').includes(`Second opinion ${c.reference}`));
    expect(cards).toHaveLength(1);
    const outbox = await app.db.selectFrom('slack_outbox').select(['status']).where('case_id', '=', c.id).execute();
    expect(outbox.every((o) => o.status === 'sent')).toBe(true);
  });
});

describe('streams of messages', () => {
  it("a breach alert the managers' channel keeps refusing does not hold back the card of its case", async () => {
    app.clock.set(rome('2026-12-14 10:00'));
    // The managers' channel answers 500 to everything about the case: its alert stays pending, retried.
    let reference = '';
    let refused = 0;
    app.standIn.gate = (method, body) => {
      if (!reference || method !== 'chat.postMessage' || body.channel !== 'CMANAGERS' || !String(body.text).includes(reference)) return null;
      refused++;
      return { status: 500, error: 'internal_error' };
    };
    try {
      const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-26 10:00')) }), portal);
      reference = view.reference;
      await at('2026-12-14 10:00');
      await waitFor(() => refused > 0);
      // Meanwhile a doctor claims the case: the card shows who holds it, at once.
      await app.cases.execute(view.reference, { type: 'claim' }, doctor);
      await waitFor(
        () => app.standIn.callsOf('chat.update').some((c) => JSON.stringify(c.body.blocks).includes(reference) && JSON.stringify(c.body.blocks).includes(`<@${doctor.id}>`)),
        5_000,
      );
    } finally {
      app.standIn.gate = null;
    }
  });
});
