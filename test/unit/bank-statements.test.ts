import { describe, expect, it } from 'vitest';
import { entryKey, skipReason, type StatementEntry } from '../../src/domain/bank-statement.js';
import { parseStatement, type CsvColumns, type StatementParse } from '../../src/statements/parse.js';
import { camtFile, csvFile, type FixtureEntry } from '../support/statements.js';

const COLUMNS: CsvColumns = {
  bookingDate: 'booking_date',
  valueDate: 'value_date',
  amount: 'amount',
  currency: 'currency',
  reference: 'reference',
  counterparty: 'counterparty',
  description: 'description',
};

const bytes = (text: string) => new TextEncoder().encode(text);
const read = (text: string, kind: 'camt' | 'csv' | null = null, columns = COLUMNS) => parseStatement(bytes(text), kind, columns);
function entries(parse: StatementParse): StatementEntry[] {
  if (!parse.ok) throw new Error(`expected a statement, got ${JSON.stringify(parse.problem)}`);
  return parse.statement.entries;
}
function problem(parse: StatementParse) {
  if (parse.ok) throw new Error('expected a problem');
  return parse.problem;
}

const PAYMENT: FixtureEntry = {
  amount: '518.00',
  reference: '2026120300001',
  payer: 'ROSSI MARIA',
  remittance: 'Maria Rossi - CNAO Second Opinion',
  valueDate: '2026-12-03',
  bookingDate: '2026-12-04',
};

describe('camt.053 and camt.054, every version from .001.02 to .001.08', () => {
  const versions = ['001.02', '001.03', '001.04', '001.05', '001.06', '001.07', '001.08'];
  for (const message of ['053', '054'] as const) {
    for (const version of versions) {
      it(`reads a booked credit of camt.${message}.${version}: amount, dates, reference, payer and reason`, () => {
        const parse = read(camtFile([PAYMENT], { message, version }));
        expect(parse.ok && parse.statement.format).toBe(`camt.${message}.${version}`);
        expect(entries(parse)).toEqual([
          {
            position: 1,
            bankReference: '2026120300001',
            bookingDate: '2026-12-04',
            valueDate: '2026-12-03',
            amountCents: 51_800,
            currency: 'EUR',
            direction: 'credit',
            status: 'booked',
            reversal: false,
            payerName: 'ROSSI MARIA',
            remittance: 'Maria Rossi - CNAO Second Opinion',
          },
        ]);
      });
    }
  }

  it('reads .08 status as <Sts><Cd>BOOK</Cd></Sts> and .02 status as <Sts>BOOK</Sts>', () => {
    const v8 = camtFile([PAYMENT, { ...PAYMENT, reference: 'P', status: 'PDNG' }], { version: '001.08' });
    const v2 = camtFile([PAYMENT, { ...PAYMENT, reference: 'P', status: 'PDNG' }], { version: '001.02' });
    expect(v8).toContain('<Sts><Cd>BOOK</Cd></Sts>');
    expect(v2).toContain('<Sts>BOOK</Sts>');
    for (const file of [v8, v2]) expect(entries(read(file)).map((e) => e.status)).toEqual(['booked', 'pending']);
  });

  it('reads elements with a namespace prefix', () => {
    const file = camtFile([PAYMENT], { prefix: 'ns2' });
    expect(file).toContain('<ns2:Ntry>');
    expect(entries(read(file))[0]?.amountCents).toBe(51_800);
  });

  it('keeps a reference as written (leading zeros), decodes entities, and has no reference when the bank gives none', () => {
    const [a, b] = entries(read(camtFile([{ ...PAYMENT, reference: '000123', payer: 'Rossi & Figli' }, { ...PAYMENT, reference: null }])));
    expect(a?.bankReference).toBe('000123');
    expect(a?.payerName).toBe('Rossi & Figli');
    expect(b?.bankReference).toBeNull();
  });

  it('splits a batch booking into its transactions, each with its own amount and reference', () => {
    const xml = camtFile([PAYMENT]).replace(
      /<NtryDtls>.*<\/NtryDtls>/s,
      '<NtryDtls><TxDtls><Refs><AcctSvcrRef>T1</AcctSvcrRef></Refs><Amt Ccy="EUR">518.00</Amt><RmtInf><Ustrd>Anna Bianchi second opinion</Ustrd></RmtInf></TxDtls>' +
        '<TxDtls><Amt Ccy="EUR">668.00</Amt><RmtInf><Ustrd>Luca Verdi</Ustrd><Ustrd>CNAO Second Opinion</Ustrd></RmtInf></TxDtls></NtryDtls>',
    );
    const list = entries(read(xml));
    expect(list.map((e) => [e.bankReference, e.amountCents, e.remittance])).toEqual([
      ['T1', 51_800, 'Anna Bianchi second opinion'],
      ['2026120300001/2', 66_800, 'Luca Verdi CNAO Second Opinion'],
    ]);
  });
});

describe('which entries can pay a case', () => {
  it('takes booked euro credits and skips debits, pending entries, other currencies and reversals', () => {
    const list = entries(
      read(
        camtFile([
          PAYMENT,
          { ...PAYMENT, reference: 'D', credit: false },
          { ...PAYMENT, reference: 'P', status: 'PDNG' },
          { ...PAYMENT, reference: 'C', currency: 'CHF' },
        ]),
      ),
    );
    expect(list.map(skipReason)).toEqual([null, 'debit', 'not_booked', 'currency']);
    const reversal = { ...list[0]!, reversal: true };
    expect(skipReason(reversal)).toBe('reversal');
  });

  it('knows an entry by its bank reference, else by its date, amount, counterparty and description', () => {
    const [a] = entries(read(camtFile([PAYMENT])));
    const [b] = entries(read(csvFile([{ ...PAYMENT, bookingDate: '2026-12-09' }])));
    // The same bank reference: the same entry, whatever else the file says.
    expect(entryKey(a!)).toBe(entryKey(b!));
    const noRef = { ...a!, bankReference: null };
    expect(entryKey(noRef)).toBe(entryKey({ ...noRef, position: 7, payerName: 'ROSSI  MARIA ' }));
    expect(entryKey(noRef)).not.toBe(entryKey({ ...noRef, amountCents: 51_801 }));
    expect(entryKey(noRef)).not.toBe(entryKey({ ...noRef, remittance: 'Maria Rossi - CNAO Second Opinion 2' }));
    expect(entryKey(noRef)).not.toBe(entryKey(a!));
  });
});

describe('CSV exports', () => {
  it('reads `,` and a decimal point, and `;` and a decimal comma, with thousands grouped', () => {
    const rows: FixtureEntry[] = [PAYMENT, { ...PAYMENT, reference: 'X2', amount: '1518.00' }, { ...PAYMENT, reference: 'X3', amount: '25.50', credit: false }];
    const english = entries(read(csvFile(rows)));
    const italian = entries(read(csvFile(rows, { italian: true })));
    expect(english.map((e) => [e.amountCents, e.direction])).toEqual([
      [51_800, 'credit'],
      [151_800, 'credit'],
      [2_550, 'debit'],
    ]);
    expect(italian).toEqual(english);
    const grouped = read('data;valuta;importo;divisa;rif;ordinante;causale\n03/12/2026;03.12.2026;1.518,00;EUR;R1;Rossi;SO-2026-0001\n', null, {
      bookingDate: 'data',
      valueDate: 'valuta',
      amount: 'importo',
      currency: 'divisa',
      reference: 'rif',
      counterparty: 'ordinante',
      description: 'causale',
    });
    expect(entries(grouped)[0]).toMatchObject({ amountCents: 151_800, bookingDate: '2026-12-03', valueDate: '2026-12-03', position: 2 });
  });

  it('finds the columns by their names in any order and case, and quoted cells keep their separators', () => {
    const csv = 'Description,AMOUNT,Currency,Value_Date,Booking_Date,Reference,Counterparty\n"Rossi, Maria - CNAO Second Opinion",518.00,EUR,2026-12-03,2026-12-03,R9,"Rossi, Maria"\n';
    expect(entries(read(csv))[0]).toMatchObject({ remittance: 'Rossi, Maria - CNAO Second Opinion', payerName: 'Rossi, Maria', amountCents: 51_800, bankReference: 'R9' });
  });

  it('a missing optional column (reference, counterparty) is not a problem; a missing needed one is named', () => {
    const bare = 'value_date,amount,currency,description\n2026-12-03,518.00,EUR,Maria Rossi second opinion\n';
    expect(entries(read(bare))[0]).toMatchObject({ bankReference: null, payerName: null, bookingDate: null, valueDate: '2026-12-03' });
    expect(problem(read('value_date,amount,description\n2026-12-03,518.00,x\n'))).toEqual({ key: 'csv_columns', missing: ['currency'] });
    expect(problem(read('when,how much\n2026-12-03,518.00\n'))).toEqual({ key: 'csv_columns', missing: ['amount', 'currency', 'description', 'value_date'] });
  });
});

describe('bad files are refused, naming the problem', () => {
  it('malformed XML names the line', () => {
    const p = problem(read(camtFile([PAYMENT]).replace('</Ntry>', '</Entry>')));
    expect(p.key).toBe('malformed_xml');
    expect(p).toMatchObject({ line: expect.any(Number) });
  });
  it('a DOCTYPE (entity expansion) is refused before anything is parsed', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><x>&lol2;</x></Document>`;
    expect(problem(read(bomb))).toEqual({ key: 'doctype' });
  });
  it('a camt message other than 053 or 054, an unknown version, a file that is not ISO 20022', () => {
    expect(problem(read(camtFile([PAYMENT]).replace('camt.053.001.08', 'camt.052.001.08')))).toEqual({ key: 'not_camt', message: 'camt.052.001.08' });
    expect(problem(read(camtFile([PAYMENT]).replace('camt.053.001.08', 'pain.001.001.09')))).toEqual({ key: 'not_camt', message: 'pain.001.001.09' });
    expect(problem(read(camtFile([PAYMENT]).replace('camt.053.001.08', 'camt.053.001.09')))).toEqual({ key: 'camt_version', message: 'camt.053.001.09' });
    expect(problem(read(camtFile([PAYMENT]).replace('camt.053.001.08', 'camt.053.001.01')))).toEqual({ key: 'camt_version', message: 'camt.053.001.01' });
    expect(problem(read('<?xml version="1.0"?><Document><x/></Document>'))).toEqual({ key: 'not_iso20022' });
  });
  it('a camt.054 namespace with a camt.053 body is refused', () => {
    const p = problem(read(camtFile([PAYMENT]).replace('camt.053.001.08', 'camt.054.001.08')));
    expect(p).toEqual({ key: 'unexpected_content', path: 'Document.BkToCstmrDbtCdtNtfctn', detail: 'missing' });
  });
  it('an amount that is not a number names its entry, in camt and in CSV', () => {
    expect(problem(read(camtFile([PAYMENT, { ...PAYMENT, reference: 'B', amount: 'five hundred' }])))).toEqual({ key: 'bad_amount', at: { entry: 2 }, field: 'Amt' });
    expect(problem(read(camtFile([{ ...PAYMENT, amount: '518.001' }])))).toEqual({ key: 'bad_amount', at: { entry: 1 }, field: 'Amt' });
    expect(problem(read(csvFile([PAYMENT, { ...PAYMENT, amount: '5l8.00' }])))).toEqual({ key: 'bad_amount', at: { line: 3 }, field: 'amount' });
  });
  it('a date that is not a date names its entry', () => {
    expect(problem(read(camtFile([{ ...PAYMENT, valueDate: '2026-02-30' }])))).toEqual({ key: 'bad_date', at: { entry: 1 }, field: 'ValDt' });
    expect(problem(read(csvFile([{ ...PAYMENT, valueDate: 'tomorrow' }])))).toEqual({ key: 'bad_date', at: { line: 2 }, field: 'value_date' });
  });
  it('an entry missing what every entry has (its amount) names the place', () => {
    const p = problem(read(camtFile([PAYMENT]).replace(/<Amt Ccy="EUR">518.00<\/Amt><CdtDbtInd>/, '<CdtDbtInd>')));
    expect(p).toMatchObject({ key: 'unexpected_content', path: 'Document.BkToCstmrStmt.Stmt.0.Ntry.0.Amt' });
  });
  it('a CSV mixing decimal comma and point, a CSV with a broken quote, a file that is not UTF-8, an empty file', () => {
    expect(problem(read('amount,currency,value_date,description\n518.00,EUR,2026-12-03,a\n"518,50",EUR,2026-12-03,b\n'))).toEqual({ key: 'csv_decimal_mixed' });
    expect(problem(read('amount,currency,value_date,description\n518.00,EUR,2026-12-03,"open\n'))).toMatchObject({ key: 'csv_syntax' });
    expect(problem(parseStatement(new Uint8Array([0x61, 0xff, 0xfe, 0x0a]), 'csv', COLUMNS))).toEqual({ key: 'not_text' });
    expect(problem(read('  \n'))).toEqual({ key: 'empty' });
  });
});
