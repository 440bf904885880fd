import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { requiredItems } from '../../src/domain/checklist.js';
import { API_TOKEN } from '../support/app.js';
import { caseBody, coordinator, doctor } from '../support/factories.js';
import { builtEntry } from '../support/processes.js';
import { startSlackTestApp } from '../support/slack-app.js';
import { rome } from '../support/time.js';
import { camtFile } from '../support/statements.js';

const run = promisify(execFile);
const app = await startSlackTestApp({ now: '2026-11-30 09:30' });

/** What identifies Maria, as the portal sent it and as staff typed it (the transfer reason the payment modal suggests). */
const MARIA = ['Maria Rossi', 'RSSMRA61D42F205X', 'maria.rossi@example.org', '333 1234567', '1961-04-02', 'web-4711'];

const documents = requiredItems('patient', false).map((item) => ({ item, receivedAt: '2026-11-30T09:00:00+01:00' }));
const mariaBody = caseBody({ externalId: 'web-4711', imageReview: false, deliveryChannel: 'email', documents });

function post(body: Record<string, unknown>, key: string | null): Promise<Response> {
  return fetch(`${app.baseUrl}/api/v1/cases`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${API_TOKEN}`,
      'content-type': 'application/json',
      ...(key ? { 'idempotency-key': key } : {}),
    },
    body: JSON.stringify(body),
  });
}

async function cli(...args: string[]): Promise<{ out: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [builtEntry('cli'), ...args], {
      env: { ...process.env, DATABASE_URL: app.config.databaseUrl, LOG_LEVEL: 'silent' },
    });
    return { out: stdout + stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { out: `${e.stdout}${e.stderr}`, code: e.code };
  }
}

/**
 * Every column of every table that can hold text (text, varchar, char, json, jsonb, arrays of them),
 * found in information_schema so that a table added later is scanned without anyone listing it.
 * Answers `table.column` for each column where one of the needles occurs (case-insensitive).
 */
async function columnsHolding(needles: readonly string[]): Promise<Map<string, string[]>> {
  const { rows: columns } = await sql<{ table: string; column: string }>`
    SELECT c.table_name AS table, c.column_name AS column
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
       AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
            OR (c.data_type = 'ARRAY' AND c.udt_name IN ('_text', '_varchar', '_json', '_jsonb')))
  `.execute(app.db);
  const found = new Map<string, string[]>();
  for (const { table, column } of columns) {
    for (const needle of needles) {
      const { rows } = await sql<{ n: string }>`
        SELECT count(*) AS n FROM ${sql.table(table)} WHERE strpos(lower(${sql.ref(column)}::text), lower(${needle})) > 0
      `.execute(app.db);
      if (Number(rows[0]!.n) > 0) found.set(`${table}.${column}`, [...(found.get(`${table}.${column}`) ?? []), needle]);
    }
  }
  return found;
}

let maria = '';

beforeAll(async () => {
  await app.grant(coordinator.id, 'coordinator');
  await app.grant(doctor.id, 'doctor', ['prostate']);
  const created = await post(mariaBody, 'form-maria');
  expect(created.status).toBe(201);
  maria = ((await created.json()) as { reference: string }).reference;
  // Her bank transfer, read from the bank's statement (SPEC section 11): the payer and the remittance text are hers.
  const statement = await fetch(`${app.baseUrl}/api/v1/payments/statements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/xml' },
    body: camtFile([{ amount: '518.00', reference: 'STMT-0001', payer: 'Maria Rossi', remittance: 'Maria Rossi - CNAO Second Opinion' }]),
  });
  expect(statement.status).toBe(201);
  // The transfer reason the payment modal tells the patient to write.
  await app.cases.execute(
    maria,
    { type: 'confirm_payment', receivedCents: (await app.cases.get(maria)).state.expectedCents, valueDate: '2026-11-30', bankReference: 'Maria Rossi - CNAO Second Opinion', reason: null },
    coordinator,
  );
  await app.cases.execute(maria, { type: 'claim' }, doctor);
  app.clock.set(rome('2026-12-02 11:00'));
  await app.cases.execute(maria, { type: 'deliver' }, doctor);
  // A second patient, whose case stays open: the scan must still find her (it does look).
  const other = await post(caseBody({ externalId: 'web-4712', applicant: { type: 'patient', name: 'Luca Bianchi' }, patient: { name: 'Luca Bianchi', birthDate: '1970-01-05' } }), 'form-luca');
  expect(other.status).toBe(201);
  await app.settle(20_000);
}, 60_000);

describe('erasure erases (case erase)', () => {
  it('after case erase, no text column of any table holds the patient’s name, tax code, e-mail, phone, birth date or external id', async () => {
    const before = await columnsHolding(MARIA);
    // The fixture is where the issue found it: the payment's transfer reason and its event, the external id.
    expect([...before.keys()]).toEqual(
      expect.arrayContaining(['payments.bank_reference', 'case_events.data', 'cases.external_id', 'bank_transfers.payer_name', 'bank_transfers.remittance']),
    );

    const erased = await cli('case', 'erase', maria, '--reason', "patient's request");
    expect(erased.out).toContain(`${maria}: personal data erased`);
    expect(erased.code).toBe(0);
    await app.settle(20_000);

    expect(Object.fromEntries(await columnsHolding(MARIA))).toEqual({});
    expect(Object.fromEntries(await columnsHolding(['Luca Bianchi']))).toMatchObject({ 'case_personal_data.patient_name': ['Luca Bianchi'] });
    // The payment itself stays, as a figure: confirmed, the amount, the value date.
    const view = await app.cases.get(maria);
    expect(view.externalId).toBeNull();
    expect(view.state.payment).toMatchObject({ state: 'confirmed', receivedCents: view.state.expectedCents });
    const paid = (await app.cases.history(maria)).find((e) => e.data.type === 'payment_confirmed');
    expect(paid?.data).toMatchObject({ bankReference: '', valueDate: '2026-11-30' });
    // Her transfer stays as a figure too: the amount and the value date, not the payer, the reason or the bank's reference.
    expect(view.state.transfers).toMatchObject([{ bankReference: '', amountCents: 51_800, valueDate: '2026-12-03' }]);
    expect(await app.db.selectFrom('bank_transfers').select(['payer_name', 'remittance', 'bank_reference', 'amount_cents']).execute()).toEqual([
      { payer_name: null, remittance: null, bank_reference: null, amount_cents: 51_800 },
    ]);
  });

  it('re-sending the original creation of an erased case answers 409 with a clear error, by Idempotency-Key or by externalId', async () => {
    for (const [body, key] of [
      [mariaBody, 'form-maria'],
      [mariaBody, null],
      [{ ...mariaBody, externalId: null }, 'form-maria'],
      [{ ...mariaBody, notes: 'a different body' }, 'form-maria'],
    ] as const) {
      const res = await post(body, key);
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: string }).error).toBe(
        'This idempotency key or externalId belongs to a case whose personal data were erased: it cannot be used again.',
      );
    }
    // No case was made again with her data.
    expect(Object.fromEntries(await columnsHolding(MARIA))).toEqual({});
    // A fresh externalId is a new request: it still creates a case.
    expect((await post({ ...mariaBody, externalId: 'web-4799' }, null)).status).toBe(201);
  });
});
