import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { Refusal } from '../../src/domain/refusal.js';
import { startTestApp } from '../support/app.js';
import { parseNewCase } from '../../src/domain/new-case.js';
import { caseBody, caseInput, coordinator, doctor, everyDocument, manager, otherDoctor, portal, actor } from '../support/factories.js';
import { HOUR, rome, showRome } from '../support/time.js';

const app = await startTestApp({ now: '2026-11-30 09:30' });

async function refusal(p: Promise<unknown>): Promise<Refusal> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Refusal);
  return err as Refusal;
}

async function eventCount(reference: string): Promise<number> {
  return (await app.cases.history(reference)).length;
}

async function readyCase(): Promise<string> {
  const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 10:00') - HOUR) }), portal);
  await app.cases.execute(
    view.reference,
    { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO 123', reason: null },
    coordinator,
  );
  return view.reference;
}

describe('case lifecycle', () => {
  it('runs from intake to a delivered opinion, with one history event per change', async () => {
    app.clock.set(rome('2026-11-30 09:30'));
    const { view: created } = await app.cases.create(caseInput({ imageReview: true, deliveryChannel: 'courier' }), portal);
    expect(created.reference).toMatch(/^SO-2026-\d{4}$/);
    expect(created.state.status).toBe('intake');
    expect(created.state.payment.expectedCents).toBe(66_800);
    expect(created.sla.state).toBe('not_started');

    const ref = created.reference;
    await app.cases.execute(ref, { type: 'record_documents', documents: everyDocument(rome('2026-11-30 09:00'), 'patient', true) }, coordinator);
    const afterDocs = await app.cases.get(ref);
    // Ready at once, payment outstanding: the clock runs from documentation complete.
    expect(afterDocs.state).toMatchObject({ status: 'ready', payment: { state: 'pending' } });
    expect(afterDocs.sla.state).toBe('running');
    expect(showRome(afterDocs.sla.dueAtMs)).toBe('Fri 2026-12-04 18:00');

    const paid = await app.cases.execute(
      ref,
      { type: 'confirm_payment', receivedCents: 66_800, valueDate: '2026-11-27', bankReference: 'CRO 99', reason: null },
      coordinator,
    );
    expect(paid.view.state.status).toBe('ready');

    await app.cases.execute(ref, { type: 'claim' }, doctor);
    app.clock.set(rome('2026-12-01 11:00'));
    const paused = await app.cases.execute(ref, { type: 'request_info', question: 'Latest PSA value?' }, doctor);
    expect(paused.view.state.status).toBe('awaiting_info');
    expect(paused.view.sla.state).toBe('paused');

    app.clock.set(rome('2026-12-02 16:00'));
    const resumed = await app.cases.execute(ref, { type: 'info_received', receivedAtMs: rome('2026-12-02 11:00') }, coordinator);
    expect(resumed.view.state.status).toBe('in_review');
    // Paused Tue 11:00 → Wed 11:00 = 9 working hours: due moves from Fri 18:00 to Mon 18:00.
    expect(showRome(resumed.view.sla.dueAtMs)).toBe('Mon 2026-12-07 18:00');

    // Image review opened a radiology consult when the documentation was complete: delivery waits for its answer.
    app.clock.set(rome('2026-12-03 10:00'));
    const radiologist = actor('URAD00001', 'doctor');
    await app.cases.execute(ref, { type: 'claim_consult', consult: 1, claimantAreas: ['radiology'] }, radiologist);
    await app.cases.execute(ref, { type: 'answer_consult', consult: 1 }, radiologist);
    const delivered = await app.cases.execute(ref, { type: 'deliver' }, doctor);
    expect(delivered.view.state.status).toBe('delivered');
    expect(delivered.view.sla).toMatchObject({ state: 'stopped', breached: false });

    const types = (await app.cases.history(ref)).map((e) => e.data.type);
    expect(types).toEqual([
      'case_created',
      ...Array(8).fill('document_received'),
      'consult_requested',
      'payment_confirmed',
      'claimed',
      'info_requested',
      'info_received',
      'consult_claimed',
      'consult_answered',
      'delivered',
    ]);
  });

  it('refuses an action the actor’s roles do not allow, and changes nothing', async () => {
    app.clock.set(rome('2026-11-30 10:00'));
    const ref = await readyCase();
    const before = await eventCount(ref);
    const r = await refusal(app.cases.execute(ref, { type: 'claim' }, coordinator));
    expect(r.code).toBe('forbidden');
    expect(r.details.needs).toEqual(['doctor']);
    const r2 = await refusal(app.cases.execute(ref, { type: 'cancel', reason: 'duplicate' }, manager));
    expect(r2.code).toBe('forbidden');
    expect(await eventCount(ref)).toBe(before);
  });

  it('refuses an action the state does not allow, and changes nothing', async () => {
    const ref = await readyCase();
    const before = await eventCount(ref);
    expect((await refusal(app.cases.execute(ref, { type: 'deliver' }, doctor))).code).toBe('forbidden'); // not the holder
    await app.cases.execute(ref, { type: 'claim' }, doctor);
    expect((await refusal(app.cases.execute(ref, { type: 'info_received', receivedAtMs: null }, doctor))).code).toBe(
      'invalid_state',
    );
    expect((await refusal(app.cases.execute(ref, { type: 'request_info', question: 'x' }, otherDoctor))).code).toBe('forbidden');
    expect(await eventCount(ref)).toBe(before + 1);
  });

  it('a complete case whose payment is pending can be claimed and reviewed; only delivery waits for the payment', async () => {
    app.clock.set(rome('2026-11-30 09:30'));
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-11-30 09:00')) }), portal);
    expect(view.state.status).toBe('ready');
    const claimed = await app.cases.execute(view.reference, { type: 'claim' }, doctor);
    expect(claimed.view.state).toMatchObject({ status: 'in_review', assignee: doctor.id, payment: { state: 'pending' } });
    await app.cases.execute(view.reference, { type: 'request_info', question: 'PSA?' }, doctor);
    await app.cases.execute(view.reference, { type: 'info_received', receivedAtMs: null }, coordinator);
    const before = await eventCount(view.reference);
    const refused = await refusal(app.cases.execute(view.reference, { type: 'deliver' }, doctor));
    expect(refused.reason).toEqual({ key: 'unpaid_delivery' });
    expect(await eventCount(view.reference)).toBe(before);
    await app.cases.execute(
      view.reference,
      { type: 'confirm_payment', receivedCents: 51_800, valueDate: '2026-11-27', bankReference: 'CRO 7', reason: null },
      coordinator,
    );
    expect((await app.cases.execute(view.reference, { type: 'deliver' }, doctor)).view.state.status).toBe('delivered');
  });

  it('requires a written reason to accept a payment that differs from the expected amount', async () => {
    const { view } = await app.cases.create(caseInput(), portal);
    const underpaid = { type: 'confirm_payment', receivedCents: 48_000, valueDate: '2026-11-27', bankReference: 'CRO 1' } as const;
    const r = await refusal(app.cases.execute(view.reference, { ...underpaid, reason: null }, coordinator));
    expect(r.details.field).toBe('reason');
    expect(r.reason).toEqual({ key: 'payment_mismatch', mismatch: 'underpaid', expectedCents: 51_800 });
    const ok = await app.cases.execute(view.reference, { ...underpaid, reason: 'Bank fees; agreed by phone' }, coordinator);
    expect(ok.view.state.payment).toMatchObject({ state: 'mismatch_accepted', mismatch: 'underpaid', receivedCents: 48_000 });
  });

  it('refuses a receipt instant in the future', async () => {
    const { view } = await app.cases.create(caseInput(), portal);
    const r = await refusal(
      app.cases.execute(
        view.reference,
        { type: 'record_documents', documents: [{ item: 'request_form', receivedAtMs: app.clock.now() + 3 * HOUR }] },
        coordinator,
      ),
    );
    expect(r.details.field).toBe('documents.0.receivedAt');
  });

  it('a correction that moves a receipt instant earlier moves the SLA start and due instant', async () => {
    app.clock.set(rome('2026-12-01 10:00'));
    const { view } = await app.cases.create(caseInput({ documents: everyDocument(rome('2026-12-01 09:30')) }), portal);
    expect(showRome(view.sla.dueAtMs)).toBe('Thu 2026-12-10 09:30'); // 8 and 9 December are closed
    // The clinical documentation actually arrived by courier on Monday morning.
    const corrected = await app.cases.execute(
      view.reference,
      { type: 'record_documents', documents: [{ item: 'clinical_documentation', receivedAtMs: rome('2026-11-30 11:00') }] },
      coordinator,
    );
    // Completion is still Tuesday 09:30 (other items): correcting one item earlier does not move it…
    expect(showRome(corrected.view.sla.startedAtMs)).toBe('Tue 2026-12-01 09:30');
    // …until every item is corrected.
    const all = await app.cases.execute(
      view.reference,
      { type: 'record_documents', documents: everyDocument(rome('2026-11-30 11:00')) },
      coordinator,
    );
    expect(showRome(all.view.sla.startedAtMs)).toBe('Mon 2026-11-30 11:00');
    expect(showRome(all.view.sla.dueAtMs)).toBe('Mon 2026-12-07 11:00');
    const row = await app.db.selectFrom('cases').select('sla_due_at').where('reference', '=', view.reference).executeTakeFirstOrThrow();
    expect(showRome(row.sla_due_at!.getTime())).toBe('Mon 2026-12-07 11:00');
  });

  it('keeps the history append-only: the database refuses edits and deletions', async () => {
    const { view } = await app.cases.create(caseInput(), portal);
    await expect(sql`UPDATE case_events SET reason = 'x' WHERE case_id = ${view.id}`.execute(app.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM case_events WHERE case_id = ${view.id}`.execute(app.db)).rejects.toThrow(/append-only/);
  });

  it('an unknown pathology area is refused with the list of valid ones', async () => {
    const parsed = parseNewCase(caseBody({ pathologyArea: 'cardiology' }), app.cases.newCaseRules());
    expect(parsed.ok).toBe(false);
    const issue = parsed.ok ? undefined : parsed.issues[0];
    expect(issue?.path).toBe('pathologyArea');
    expect(issue?.problem.key === 'unknown_area' && issue.problem.areas).toContain('head_and_neck');
  });

  it('assigning needs a doctor as assignee', async () => {
    const ref = await readyCase();
    const r = await refusal(app.cases.execute(ref, { type: 'assign', assignee: 'UMGR00001', assigneeRoles: new Set(['manager']) }, coordinator));
    expect(r.details.field).toBe('assignee');
    const ok = await app.cases.execute(ref, { type: 'assign', assignee: doctor.id, assigneeRoles: new Set(['doctor']) }, coordinator);
    expect(ok.view.state).toMatchObject({ status: 'in_review', assignee: doctor.id });
  });

  it('cancelling needs a reason and is possible from any open state, never after delivery', async () => {
    const ref = await readyCase();
    expect((await refusal(app.cases.execute(ref, { type: 'cancel', reason: '  ' }, coordinator))).details.field).toBe('reason');
    const cancelled = await app.cases.execute(ref, { type: 'cancel', reason: 'Patient withdrew' }, coordinator);
    expect(cancelled.view.state.status).toBe('cancelled');
    expect((await refusal(app.cases.execute(ref, { type: 'cancel', reason: 'again' }, coordinator))).code).toBe('invalid_state');
  });
});

describe('concurrency', () => {
  it('50 concurrent creations get 50 distinct, consecutive references', async () => {
    app.clock.set(rome('2027-01-04 10:00'));
    const results = await Promise.all(Array.from({ length: 50 }, () => app.cases.create(caseInput(), portal)));
    const seqs = results.map((r) => Number(r.view.reference.slice(-4))).sort((a, b) => a - b);
    expect(new Set(seqs).size).toBe(50);
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(results[0]?.view.reference.startsWith('SO-2027-')).toBe(true);
  });

  it('the reference year follows Europe/Rome: 31 December 23:30 UTC is already next year', async () => {
    app.clock.set(Date.UTC(2027, 11, 31, 23, 30));
    const { view } = await app.cases.create(caseInput(), portal);
    expect(view.reference).toBe('SO-2028-0001');
  });

  it('20 doctors claiming at once: exactly one owner and one claim event; the others are told who holds it', async () => {
    app.clock.set(rome('2026-11-30 10:00'));
    const ref = await readyCase();
    const doctors = Array.from({ length: 20 }, (_, i) => actor(`UDOCX${String(i).padStart(4, '0')}`, 'doctor'));
    const outcomes = await Promise.allSettled(doctors.map((d) => app.cases.execute(ref, { type: 'claim' }, d)));
    const winners = outcomes.filter((o) => o.status === 'fulfilled');
    expect(winners).toHaveLength(1);
    const owner = (await app.cases.get(ref)).state.assignee;
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        expect(o.reason).toBeInstanceOf(Refusal);
        expect((o.reason as Refusal).code).toBe('already_claimed');
        expect((o.reason as Refusal).details.holder).toBe(owner);
      }
    }
    const claims = (await app.cases.history(ref)).filter((e) => e.data.type === 'claimed');
    expect(claims).toHaveLength(1);
  });
});
