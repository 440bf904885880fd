import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { createLogger } from '../../src/logger.js';
import { API_TOKEN } from '../support/app.js';
import { caseBody, coordinator, doctor } from '../support/factories.js';
import { startSlackTestApp, waitFor } from '../support/slack-app.js';
import { rome } from '../support/time.js';
import { buttonOf } from '../../src/slack/actions/registry.js';

// Everything the app logs, at debug level, is kept to be scanned for personal data.
const logLines: string[] = [];
const app = await startSlackTestApp({
  now: '2026-11-30 09:30',
  logger: createLogger('debug', { write: (line: string) => void logLines.push(line) }),
});

/** The first patient's personal data, including free text staff typed about her. */
const MARIA = ['Maria Rossi', '1961-04-02', 'RSSMRA61D42F205X', 'maria.rossi@example.org', '333 1234567', 'adenocarcinoma', 'prostatectomy', 'her husband'];

async function create(body: Record<string, unknown>, key: string): Promise<string> {
  const documents = requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-30T09:00:00+01:00' }));
  const res = await fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(caseBody({ imageReview: false, deliveryChannel: 'email', documents, ...body })),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { reference: string }).reference;
}

/** Every row of every table of the schema, as text. */
async function everyRowAsText(): Promise<string> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'
  `.execute(app.db);
  expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['cases', 'case_personal_data', 'case_events', 'payments', 'slack_outbox']));
  const texts: string[] = [];
  for (const { name } of tables) {
    const { rows } = await sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(name)} t`.execute(app.db);
    texts.push(...rows.map((r) => `${name}: ${r.row}`));
  }
  return texts.join('\n');
}

let maria = '';
let luca = '';

beforeAll(async () => {
  await app.grant(coordinator.id, 'coordinator');
  await app.grant(doctor.id, 'doctor', ['prostate']);
  maria = await create({ externalId: 'web-4711' }, 'form-maria');
  const expected = (await app.cases.get(maria)).state.payment.expectedCents;
  await app.cases.execute(
    maria,
    { type: 'confirm_payment', receivedCents: expected + 1000, valueDate: '2026-11-30', bankReference: 'CRO 77', reason: 'Maria Rossi paid more through her husband' },
    coordinator,
  );
  await app.cases.execute(maria, { type: 'claim' }, doctor);
  app.clock.set(rome('2026-12-01 10:00'));
  await app.cases.execute(maria, { type: 'request_info', question: 'Maria Rossi: latest PSA after prostatectomy?' }, doctor);
  app.clock.set(rome('2026-12-01 15:00'));
  await app.cases.execute(maria, { type: 'info_received', receivedAtMs: null }, doctor);
  const opened = app.user.click(coordinator.id, buttonOf('view_details'), maria);
  expect((await opened.answer).status).toBe(200);
  await waitFor(async () => (await app.cases.history(maria)).some((e) => e.data.type === 'details_viewed'));
  app.clock.set(rome('2026-12-02 11:00'));
  await app.cases.execute(maria, { type: 'deliver' }, doctor);

  // A second patient whose case closed only 100 days before the job runs: hers stay.
  app.clock.set(rome('2027-08-25 09:30'));
  luca = await create(
    { externalId: 'web-4712', applicant: { type: 'patient', name: 'Luca Bianchi' }, patient: { name: 'Luca Bianchi', birthDate: '1970-01-05' }, notes: null },
    'form-luca',
  );
  await app.cases.execute(luca, { type: 'cancel', reason: 'withdrawn by the patient' }, coordinator);
  await app.settle(20_000);
}, 60_000);

describe('retention of personal data', () => {
  it('the nightly job erases the personal data of a case closed more than 365 days ago, and no table or log holds them any more', async () => {
    const before = await everyRowAsText();
    for (const p of ['Maria Rossi', '1961-04-02', 'RSSMRA61D42F205X', 'her husband']) expect(before).toContain(p);

    app.clock.set(rome('2027-12-03 09:00'));
    expect(await app.retention.eraseExpired()).toBe(1);
    expect(await app.retention.eraseExpired()).toBe(0);
    await app.settle(20_000);

    const after = await everyRowAsText();
    for (const p of MARIA) expect(after, p).not.toContain(p);
    for (const p of MARIA) expect(logLines.join('\n'), p).not.toContain(p);
    // The case closed 100 days ago keeps its personal data.
    expect(after).toContain('Luca Bianchi');
  });

  it('the erasure is an event in the history, and the workflow stays', async () => {
    const history = await app.cases.history(maria);
    const last = history.at(-1)!;
    expect(last).toMatchObject({ actor: 'system:retention', reason: 'retention: closed more than 365 days ago', data: { type: 'personal_data_erased' } });
    expect(last.effectiveAtMs).toBe(rome('2027-12-03 09:00'));
    expect(history.map((e) => e.data.type)).toEqual(
      expect.arrayContaining(['case_created', 'payment_confirmed', 'claimed', 'info_requested', 'info_received', 'details_viewed', 'delivered']),
    );
    const view = await app.cases.get(maria);
    expect(view.state.status).toBe('delivered');
    expect(view.sla.state).toBe('stopped');
  });

  it('an erased case still counts in the report of its month', async () => {
    const res = await fetch(`${app.baseUrl}/api/v1/reports/sla?from=2026-12`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
    const body = (await res.json()) as { total: { delivered: number; pauses: number } };
    expect(body.total).toMatchObject({ delivered: 1, pauses: 1 });
  });

  it('the details modal of an erased case says the data were erased and when', async () => {
    const click = app.user.click(coordinator.id, buttonOf('view_details'), maria);
    expect((await click.answer).status).toBe(200);
    const modal = await waitFor(() =>
      app.standIn.callsOf('views.open').find((c) => JSON.stringify(c.body.view).includes('were erased on')),
    );
    expect(JSON.stringify(modal.body.view)).toContain('The personal data of this case were erased on Fri 3 Dec 2027 09:00 (retention).');
  });
});
