import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchCredit, type CandidateCase, type CreditToMatch } from '../../src/domain/transfer-matching.js';
import { mentionsSecondOpinion, nameKey, referencesIn, sameName, textNameKeys, textNames, TITLES, words } from '../../src/domain/transfer-text.js';

const pending = (reference: string, patientName: string, overrides: Partial<CandidateCase> = {}): CandidateCase => ({
  reference,
  expectedCents: 51_800,
  paymentPending: true,
  open: true,
  patientName,
  applicantName: null,
  ...overrides,
});
const credit = (remittance: string | null, overrides: Partial<CreditToMatch> = {}): CreditToMatch => ({
  amountCents: 51_800,
  payerName: null,
  remittance,
  ...overrides,
});

describe('names and reasons read alike whatever the bank did to them', () => {
  it('ignores case, accents, punctuation and word order', () => {
    expect(words("ROSSI, Mària - D'Angelo")).toEqual(['rossi', 'maria', 'dangelo']);
    expect(sameName('Maria Rossi', 'ROSSI MARIA')).toBe(true);
    expect(sameName('Nicolò Bianchi', 'BIANCHI NICOLO')).toBe(true);
    expect(sameName('Sig. Rossi Maria', 'Maria Rossi')).toBe(true);
    expect(sameName('Maria Rossi', 'Mario Rossi')).toBe(false);
    expect(textNames('Bonifico: ROSSI MARIA - cnao second opinion', 'Maria Rossi')).toBe(true);
    expect(textNames('Rossi Anna Maria second opinion', 'Maria Rossi')).toBe(false);
  });

  it('finds "second opinion" in English and Italian', () => {
    expect(mentionsSecondOpinion('Maria Rossi - CNAO SECOND OPINION')).toBe(true);
    expect(mentionsSecondOpinion('seconda opinione Rossi')).toBe(true);
    expect(mentionsSecondOpinion('Rossi secondo parere')).toBe(true);
    expect(mentionsSecondOpinion('Maria Rossi CNAO')).toBe(false);
  });

  it('reads a case reference with any separators, or none', () => {
    expect(referencesIn('pagamento SO-2026-0007')).toContain('SO-2026-0007');
    expect(referencesIn('so 2026 0007')).toContain('SO-2026-0007');
    expect(referencesIn('SO2026/7 saldo')).toContain('SO-2026-0007');
    expect(referencesIn('rif. SO_2026_12345')).toContain('SO-2026-12345');
    expect(referencesIn('ALSO 2026 0007')).toEqual([]);
    expect(referencesIn('SO-2026-0000')).toEqual([]);
  });

  it('property: a name is named by a text that contains its words together, in any order, with any case, accents and punctuation', () => {
    // A courtesy title is not part of a name (the matcher leaves it out by design), so a name made of one is no name.
    const word = fc.stringMatching(/^[a-z]{2,9}$/).filter((w) => !TITLES.has(w));
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 4 }), fc.array(word, { maxLength: 5 }), fc.array(word, { maxLength: 5 }), fc.nat(), (name, before, after, seed) => {
        const shuffled = [...name].sort((a, b) => ((a.charCodeAt(0) * 31 + seed) % 7) - ((b.charCodeAt(0) * 31 + seed) % 7));
        const written = shuffled.map((w, i) => (i % 2 ? w.toUpperCase() : `${w.charAt(0).toUpperCase()}${w.slice(1)}`)).join(seed % 2 ? ', ' : ' - ');
        const text = [...before, written, ...after].join(' ');
        expect(textNames(text, name.join(' '))).toBe(true);
        // What the database looks cases up by contains the name's key: matching never misses a case it would accept.
        expect(textNameKeys(text)).toContain(nameKey(name.join(' ')));
      }),
    );
  });

  it('property: the database look-up is never narrower than the comparison (textNames implies a key in common)', () => {
    const word = fc.constantFrom('maria', 'rossi', 'mario', 'anna', 'bianchi', 'second', 'opinion', 'cnao', 'de', 'luca');
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 3 }), fc.array(word, { maxLength: 10 }), (name, text) => {
        const n = name.join(' ');
        const t = text.join(' ');
        if (textNames(t, n)) expect(textNameKeys(t)).toContain(nameKey(n));
      }),
    );
  });
});

describe('matching a credit to the case it pays (SPEC section 11)', () => {
  it('matches the one case whose amount is expected and whose patient the reason names with "second opinion"', () => {
    const result = matchCredit(credit('ROSSI MARIA - CNAO second opinion'), [pending('SO-2026-0001', 'Maria Rossi'), pending('SO-2026-0002', 'Anna Bianchi')], 0);
    expect(result).toMatchObject({ outcome: 'matched', reference: 'SO-2026-0001', reason: { key: 'fits', by: 'name' } });
  });

  it('matches by the reference alone, and prefers it to namesakes', () => {
    const namesakes = [pending('SO-2026-0001', 'Maria Rossi'), pending('SO-2026-0002', 'Maria Rossi')];
    expect(matchCredit(credit('Maria Rossi second opinion'), namesakes, 0)).toMatchObject({
      outcome: 'ambiguous',
      fitting: ['SO-2026-0001', 'SO-2026-0002'],
      reason: { key: 'several_fit', references: ['SO-2026-0001', 'SO-2026-0002'] },
    });
    expect(matchCredit(credit('Maria Rossi second opinion SO-2026-0002'), namesakes, 0)).toMatchObject({
      outcome: 'matched',
      reference: 'SO-2026-0002',
      reason: { key: 'fits', by: 'reference' },
    });
    expect(matchCredit(credit('saldo so 2026 1'), namesakes, 0)).toMatchObject({ outcome: 'matched', reference: 'SO-2026-0001' });
  });

  it('the payer stands for the patient: a relative who applied pays in their own name', () => {
    const child = pending('SO-2026-0003', 'Luca Verdi', { applicantName: 'Anna Verdi' });
    expect(matchCredit(credit('CNAO Second Opinion', { payerName: 'VERDI ANNA' }), [child], 0)).toMatchObject({ outcome: 'matched', reason: { by: 'payer' } });
    expect(matchCredit(credit('Anna Verdi - CNAO Second Opinion', { payerName: 'Banca X' }), [child], 0)).toMatchObject({ outcome: 'matched', reason: { by: 'name' } });
    expect(matchCredit(credit('CNAO Second Opinion', { payerName: 'Paolo Neri' }), [child], 0)).toMatchObject({
      outcome: 'unmatched',
      reason: { key: 'names_no_case' },
    });
  });

  it('says why nothing fits: the amount, the payment already confirmed, the case closed, no "second opinion", no case named', () => {
    const rossi = pending('SO-2026-0001', 'Maria Rossi');
    expect(matchCredit(credit('Maria Rossi second opinion', { amountCents: 50_000 }), [rossi], 0).reason).toEqual({
      key: 'amount_differs',
      reference: 'SO-2026-0001',
      amountCents: 50_000,
      expectedCents: 51_800,
    });
    expect(matchCredit(credit('SO-2026-0001'), [{ ...rossi, paymentPending: false }], 0).reason).toEqual({ key: 'already_paid', reference: 'SO-2026-0001' });
    expect(matchCredit(credit('SO-2026-0001'), [{ ...rossi, paymentPending: false, open: false }], 0).reason).toEqual({ key: 'case_closed', reference: 'SO-2026-0001' });
    expect(matchCredit(credit('Maria Rossi rata condominio'), [rossi], 0).reason).toEqual({ key: 'not_second_opinion', reference: 'SO-2026-0001' });
    expect(matchCredit(credit('Affitto dicembre'), [rossi], 0)).toEqual({ outcome: 'unmatched', reference: null, fitting: [], exact: false, reason: { key: 'names_no_case' } });
    expect(matchCredit(credit(null), [], 0).reason).toEqual({ key: 'names_no_case' });
  });

  it('accepts an amount within the tolerance, but only an exact one with the payer, the name and the reason agreeing is exact', () => {
    const rossi = pending('SO-2026-0001', 'Maria Rossi');
    const close = matchCredit(credit('Maria Rossi second opinion', { amountCents: 51_750, payerName: 'Maria Rossi' }), [rossi], 100);
    expect(close).toMatchObject({ outcome: 'matched', exact: false, reason: { amountCents: 51_750, expectedCents: 51_800 } });
    expect(matchCredit(credit('Maria Rossi second opinion', { amountCents: 51_750 }), [rossi], 0).outcome).toBe('unmatched');
    expect(matchCredit(credit('Maria Rossi - CNAO Second Opinion', { payerName: 'ROSSI MARIA' }), [rossi], 0).exact).toBe(true);
    expect(matchCredit(credit('SO-2026-0001', { payerName: 'ROSSI MARIA' }), [rossi], 0).exact).toBe(true);
    // The payer is somebody else, or the name comes only from the payer: a person confirms.
    expect(matchCredit(credit('Maria Rossi - CNAO Second Opinion', { payerName: 'Giorgio Neri' }), [rossi], 0).exact).toBe(false);
    expect(matchCredit(credit('CNAO Second Opinion', { payerName: 'Maria Rossi' }), [rossi], 0).exact).toBe(false);
  });

  it('property: the outcome follows the number of fitting cases, and a matched case always fits', () => {
    const names = ['Maria Rossi', 'Anna Bianchi', 'Luca Verdi', 'Mario Rossi'];
    const candidate = fc.record({
      n: fc.integer({ min: 1, max: 30 }),
      name: fc.constantFrom(...names),
      expectedCents: fc.constantFrom(51_800, 66_800),
      paymentPending: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.uniqueArray(candidate, { selector: (c) => c.n, maxLength: 6 }), fc.constantFrom(...names), fc.constantFrom(51_800, 66_800), (cs, named, amount) => {
        const candidates = cs.map((c) => pending(`SO-2026-${String(c.n).padStart(4, '0')}`, c.name, { expectedCents: c.expectedCents, paymentPending: c.paymentPending }));
        const result = matchCredit(credit(`${named} CNAO second opinion`, { amountCents: amount }), candidates, 0);
        const fits = candidates.filter((c) => c.paymentPending && c.expectedCents === amount && c.patientName === named);
        expect(result.outcome).toBe(fits.length === 0 ? 'unmatched' : fits.length === 1 ? 'matched' : 'ambiguous');
        expect(result.fitting.sort()).toEqual(fits.map((c) => c.reference).sort());
        // Never a name or the reason in the reason.
        expect(JSON.stringify(result.reason)).not.toMatch(/rossi|bianchi|verdi|maria|anna|luca|opinion/i);
      }),
    );
  });
});
