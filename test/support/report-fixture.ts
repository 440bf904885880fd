import type { TestApp } from './app.js';
import { caseInput, coordinator, doctor, everyDocument, otherDoctor, portal } from './factories.js';
import { rome } from './time.js';

/**
 * A small month of work with known figures (times Europe/Rome, working day 09:00-18:00):
 * - October: one prostate case delivered (outside a November report).
 * - A, prostate, UDOC00001: complete Mon 2 Nov 09:00, delivered Wed 4 Nov 09:00 → 2 working days, on time.
 * - B, sarcoma, UDOC00002: complete 2 Nov 09:00, paused Tue 3 Nov 09:00 → Thu 5 Nov 09:00 (18 working
 *   hours), delivered Tue 10 Nov 09:00 → 4 working days on the clock, on time.
 * - C, prostate, UDOC00001: complete 2 Nov 09:00, delivered Mon 16 Nov 09:00 → 10 working days, breached.
 * - D, prostate: complete Fri 20 Nov 09:00, nobody claims it → breached since Fri 27 Nov 09:00.
 * - E, sarcoma: created Wed 25 Nov, documents missing → open, not breached.
 * The clock ends at Mon 30 Nov 2026 10:00.
 */
export async function seedNovember(app: TestApp): Promise<Record<'A' | 'B' | 'C' | 'D' | 'E' | 'october', string>> {
  const at = (local: string) => app.clock.set(rome(local));
  const complete = async (area: string, local: string) => {
    at(local);
    const { view } = await app.cases.create(caseInput({ pathologyArea: area, documents: everyDocument(rome(local)) }), portal);
    const cents = view.state.payment.expectedCents;
    await app.cases.execute(
      view.reference,
      { type: 'confirm_payment', receivedCents: cents, valueDate: local.slice(0, 10), bankReference: 'CRO 1', reason: null },
      coordinator,
    );
    return view.reference;
  };

  const october = await complete('prostate', '2026-10-05 09:00');
  await app.cases.execute(october, { type: 'claim' }, doctor);
  at('2026-10-07 09:00');
  await app.cases.execute(october, { type: 'deliver' }, doctor);

  const A = await complete('prostate', '2026-11-02 09:00');
  const B = await complete('sarcoma', '2026-11-02 09:00');
  const C = await complete('prostate', '2026-11-02 09:00');
  await app.cases.execute(A, { type: 'claim' }, doctor);
  await app.cases.execute(B, { type: 'claim' }, otherDoctor);
  await app.cases.execute(C, { type: 'claim' }, doctor);
  at('2026-11-03 09:00');
  await app.cases.execute(B, { type: 'request_info', question: 'Latest PSA value?' }, otherDoctor);
  at('2026-11-04 09:00');
  await app.cases.execute(A, { type: 'deliver' }, doctor);
  at('2026-11-05 09:00');
  await app.cases.execute(B, { type: 'info_received', receivedAtMs: null }, otherDoctor);
  at('2026-11-10 09:00');
  await app.cases.execute(B, { type: 'deliver' }, otherDoctor);
  at('2026-11-16 09:00');
  await app.cases.execute(C, { type: 'deliver' }, doctor);
  const D = await complete('prostate', '2026-11-20 09:00');
  at('2026-11-25 11:00');
  const E = (await app.cases.create(caseInput({ pathologyArea: 'sarcoma' }), portal)).view.reference;
  at('2026-11-30 10:00');
  return { A, B, C, D, E, october };
}
