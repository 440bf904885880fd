import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { caseResponse, statementImportResponse } from '../../src/http/response-schemas.js';
import { API_TOKEN, startTestApp, type TestApp } from '../support/app.js';
import { caseViaApi } from '../support/ready-case.js';
import { camtFile, csvFile, type FixtureEntry } from '../support/statements.js';

const LIMIT = 64 * 1024;
const app = await startTestApp({ now: '2026-12-04 15:00', env: { BANK_STATEMENT_LIMIT_BYTES: String(LIMIT) } });

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: string };
}

async function post(target: TestApp, body: string | Buffer, contentType: string, headers: Record<string, string> = {}, token = API_TOKEN): Promise<Answer> {
  const res = await fetch(`${target.baseUrl}/api/v1/payments/statements`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType, ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}
const xml = (target: TestApp, body: string | Buffer, headers: Record<string, string> = {}) => post(target, body, 'application/xml', headers);

async function stored(target: TestApp): Promise<{ statements: number; transfers: number; events: number }> {
  const { rows } = await sql<{ statements: number; transfers: number; events: number }>`
    SELECT (SELECT count(*) FROM bank_statements)::int AS statements, (SELECT count(*) FROM bank_transfers)::int AS transfers,
           (SELECT count(*) FROM case_events)::int AS events`.execute(target.db);
  return rows[0]!;
}

async function caseOf(target: TestApp, reference: string) {
  const res = await fetch(`${target.baseUrl}/api/v1/cases/${reference}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  return caseResponse.parse(await res.json());
}

const rossi = await caseViaApi(app, { patient: { name: 'Maria Rossi', birthDate: '1961-04-02' }, applicant: { type: 'patient', name: 'Maria Rossi' } });
const bianchi = await caseViaApi(app, {
  imageReview: true,
  patient: { name: 'Anna Bianchi', birthDate: '1970-01-01' },
  applicant: { type: 'patient', name: 'Anna Bianchi' },
});
const verdi = await caseViaApi(app, {
  patient: { name: 'Luca Verdi', birthDate: '2015-05-05' },
  applicant: { type: 'representative', name: 'Anna Verdi' },
});

const STATEMENT: FixtureEntry[] = [
  { amount: '518.00', reference: 'B-0001', payer: 'ROSSI MARIA', remittance: 'Maria Rossi - CNAO Second Opinion' },
  { amount: '500.00', reference: 'B-0002', payer: 'BIANCHI ANNA', remittance: 'Bianchi Anna second opinion' },
  { amount: '518.00', reference: 'B-0003', credit: false, remittance: 'Maria Rossi - CNAO Second Opinion' },
  { amount: '518.00', reference: 'B-0004', currency: 'CHF', remittance: 'Maria Rossi - CNAO Second Opinion' },
  { amount: '518.00', reference: 'B-0005', status: 'PDNG', remittance: 'Maria Rossi - CNAO Second Opinion' },
  { amount: '75.00', reference: 'B-0006', payer: 'CONDOMINIO VIA ROMA', remittance: 'rimborso spese' },
];

describe('POST /api/v1/payments/statements', () => {
  it('imports a camt.053.001.08: booked euro credits matched or not, each with a reason; the rest skipped; the case shows its transfer', async () => {
    const res = await xml(app, camtFile(STATEMENT, { version: '001.08' }));
    expect(res.status).toBe(201);
    const answer = statementImportResponse.parse(res.body);
    expect(answer.format).toBe('camt.053.001.08');
    expect(answer.counts).toEqual({ entries: 6, credits: 3, new: 3, duplicates: 0, matched: 1, ambiguous: 0, unmatched: 2, skipped: 3 });
    expect(answer.entries.map((e) => [e.bankReference, e.outcome, e.caseReference, e.reason])).toEqual([
      ['B-0001', 'matched', rossi, 'amount as expected, the reason names the patient and the second opinion'],
      ['B-0002', 'unmatched', null, `amount 500.00, expected 668.00 (${bianchi})`],
      ['B-0003', 'skipped', null, 'a debit'],
      ['B-0004', 'skipped', null, 'not in euro'],
      ['B-0005', 'skipped', null, 'not booked'],
      ['B-0006', 'unmatched', null, 'the reason names no case'],
    ]);
    // Nothing is confirmed by itself by default; the answer never carries a name or a transfer reason.
    expect(answer.entries.every((e) => !e.confirmed)).toBe(true);
    expect(JSON.stringify(res.body)).not.toMatch(/Rossi|ROSSI|Bianchi|CONDOMINIO|rimborso|Opinion/);

    const rossiCase = await caseOf(app, rossi);
    expect(rossiCase.payment).toEqual({
      expectedCents: 51_800,
      state: 'pending',
      receivedCents: null,
      transfers: [{ bankReference: 'B-0001', amountCents: 51_800, valueDate: '2026-12-03', outcome: 'matched', confirmed: false }],
    });
    expect((await caseOf(app, bianchi)).payment.transfers).toEqual([]);
  });

  it('the same statement again adds nothing; an overlapping camt.054.001.02 adds only its new credit', async () => {
    const before = await stored(app);
    const again = await xml(app, camtFile(STATEMENT, { version: '001.08' }));
    expect(again.status).toBe(200);
    expect(statementImportResponse.parse(again.body).counts).toEqual({ entries: 6, credits: 3, new: 0, duplicates: 3, matched: 0, ambiguous: 0, unmatched: 0, skipped: 3 });
    expect(statementImportResponse.parse(again.body).entries[0]).toMatchObject({ outcome: 'duplicate', caseReference: rossi, reason: 'already imported' });
    // Nothing at all: no statement, no transfer, no event.
    expect(statementImportResponse.parse(again.body).statementId).toBeNull();
    expect(await stored(app)).toEqual(before);

    // A relative who applied for the patient pays in her own name; the reason says only "second opinion".
    const overlap = await xml(app, camtFile([STATEMENT[0]!, { amount: '518.00', reference: 'B-0007', payer: 'Verdi Anna', remittance: 'CNAO SECOND OPINION' }], { message: '054', version: '001.02' }));
    expect(overlap.status).toBe(201);
    const answer = statementImportResponse.parse(overlap.body);
    expect(answer.counts).toMatchObject({ entries: 2, new: 1, duplicates: 1, matched: 1 });
    expect(answer.entries[1]).toMatchObject({ outcome: 'matched', caseReference: verdi, reason: 'amount as expected, the payer is the patient or the applicant' });
    expect((await caseOf(app, rossi)).payment.transfers).toHaveLength(1);
  });

  it('reads a CSV with `;` and a decimal comma, and knows an entry without a bank reference by its fields', async () => {
    const file = csvFile([{ amount: '668.00', reference: '', payer: 'Anna Bianchi', remittance: `${bianchi} saldo` }], { italian: true });
    expect(file).toContain('668,00');
    const first = statementImportResponse.parse((await post(app, file, 'text/csv')).body);
    expect(first.entries[0]).toMatchObject({ outcome: 'matched', caseReference: bianchi, bankReference: null });
    const second = statementImportResponse.parse((await post(app, file, 'text/csv; charset=utf-8')).body);
    expect(second.counts).toMatchObject({ new: 0, duplicates: 1 });
  });
});

describe('bad files: 400 or 413 naming the problem, nothing stored', () => {
  const cases: [string, () => Promise<Answer>, number, RegExp][] = [
    ['malformed XML', () => xml(app, camtFile(STATEMENT).replace('</Ntry>', '</Entry>')), 400, /XML is malformed at line \d+/],
    ['a camt.052', () => xml(app, camtFile(STATEMENT).replace('camt.053.001.08', 'camt.052.001.08')), 400, /camt\.052\.001\.08 is not a bank statement/],
    ['an unknown camt version', () => xml(app, camtFile(STATEMENT).replace('camt.053.001.08', 'camt.053.001.11')), 400, /camt\.053\.001\.11 is not a version/],
    ['a CSV without the needed columns', () => post(app, 'date;importo\n03/12/2026;518,00\n', 'text/csv'), 400, /no column "amount", "currency", "description", "value_date"/],
    ['an amount that is not a number', () => xml(app, camtFile([...STATEMENT, { amount: '5I8.00', reference: 'X' }])), 400, /entry 7: the amount \(Amt\) is not a number/],
    ['a file over the size limit', () => xml(app, camtFile(Array.from({ length: 200 }, (_, i) => ({ ...STATEMENT[0]!, reference: `BIG-${i}` })))), 413, /larger than 65536 bytes/],
    [
      'a zip bomb in gzip',
      () => xml(app, gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)), { 'content-encoding': 'gzip' }),
      413,
      /larger than 65536 bytes once decompressed/,
    ],
    ['a body that is neither XML nor CSV', () => post(app, '{}', 'application/json'), 415, /application\/xml.*text\/csv/],
  ];
  for (const [what, send, status, message] of cases) {
    it(`${what} → ${status}`, async () => {
      const before = await stored(app);
      const res = await send();
      expect(res.status).toBe(status);
      expect(res.body.error).toMatch(message);
      expect(await stored(app)).toEqual(before);
    });
  }

  it('one statement, one transaction: a write that fails on the last case leaves nothing of the statement', async () => {
    const a = await caseViaApi(app, { patient: { name: 'Giulia Neri', birthDate: '1980-01-01' }, applicant: { type: 'patient', name: 'Giulia Neri' } });
    const b = await caseViaApi(app, { patient: { name: 'Paolo Gialli', birthDate: '1980-01-01' }, applicant: { type: 'patient', name: 'Paolo Gialli' } });
    // The database refuses the second case's new event, as a full disk or a lost connection would.
    await sql`
      CREATE FUNCTION refuse_transfer() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.type = 'transfer_matched' AND NEW.case_id = (SELECT id FROM cases WHERE reference = ${sql.lit(b)}) THEN
          RAISE EXCEPTION 'disk full';
        END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER refuse_transfer BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION refuse_transfer();
    `.execute(app.db);
    try {
      const before = await stored(app);
      const res = await xml(app, camtFile([
        { amount: '518.00', reference: 'T-1', remittance: `${a}` },
        { amount: '518.00', reference: 'T-2', remittance: `${b}` },
      ]));
      expect(res.status).toBe(500);
      expect(await stored(app)).toEqual(before);
      expect((await caseOf(app, a)).payment.transfers).toEqual([]);
    } finally {
      await sql`DROP TRIGGER refuse_transfer ON case_events; DROP FUNCTION refuse_transfer();`.execute(app.db);
    }
    // The same file once the database is well again: all of it.
    const retry = statementImportResponse.parse((await xml(app, camtFile([
      { amount: '518.00', reference: 'T-1', remittance: `${a}` },
      { amount: '518.00', reference: 'T-2', remittance: `${b}` },
    ]))).body);
    expect(retry.counts).toMatchObject({ new: 2, matched: 2 });
  });
});

/** A second app: confirmations without a person, and a bank client that may only import. */
const BANK_TOKEN = 'bank-token-0123456789abcdef';
const strict = await startTestApp({
  now: '2026-12-04 15:00',
  env: { PAYMENTS_AUTO_CONFIRM: 'exact', API_TOKENS: `portal=${API_TOKEN},bank=${BANK_TOKEN}`, API_SCOPES: 'portal:cases.read+cases.write;bank:payments.write' },
});
const exact = await caseViaApi(strict, { patient: { name: 'Maria Rossi', birthDate: '1961-04-02' }, applicant: { type: 'patient', name: 'Maria Rossi' } });
const relative = await caseViaApi(strict, { patient: { name: 'Luca Verdi', birthDate: '2015-05-05' }, applicant: { type: 'representative', name: 'Anna Verdi' } });

describe('PAYMENTS_AUTO_CONFIRM=exact and the payments.write scope', () => {
  it('a client without payments.write is refused with a 403 naming the scope, before anything is read or stored', async () => {
    const res = await post(strict, camtFile(STATEMENT), 'application/xml', {}, API_TOKEN);
    expect(res.status).toBe(403);
    expect(res.body.error).toMatch(/payments\.write/);
    expect((await stored(strict)).transfers).toBe(0);
  });

  it('confirms by itself, as system:bank-statement, a credit whose amount, payer and reason all agree; not one that only fits', async () => {
    const res = await post(
      strict,
      camtFile([
        { amount: '518.00', reference: 'E-1', payer: 'ROSSI MARIA', remittance: 'Maria Rossi - CNAO Second Opinion' },
        { amount: '518.00', reference: 'E-2', payer: 'Verdi Anna', remittance: 'CNAO Second Opinion' },
      ]),
      'application/xml',
      {},
      BANK_TOKEN,
    );
    const answer = statementImportResponse.parse(res.body);
    expect(answer.entries.map((e) => [e.caseReference, e.outcome, e.confirmed])).toEqual([
      [exact, 'matched', true],
      [relative, 'matched', false],
    ]);
    const paid = await caseOf(strict, exact);
    expect(paid.payment).toMatchObject({ state: 'confirmed', receivedCents: 51_800, transfers: [{ bankReference: 'E-1', confirmed: true }] });
    expect((await caseOf(strict, relative)).payment.state).toBe('pending');
    const history = await strict.cases.history(exact);
    expect(history.filter((e) => e.data.type === 'payment_confirmed' || e.data.type === 'transfer_matched').map((e) => [e.data.type, e.actor])).toEqual([
      ['transfer_matched', 'system:bank-statement'],
      ['payment_confirmed', 'system:bank-statement'],
    ]);
  });
});
