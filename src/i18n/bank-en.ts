import type { SkipReason } from '../domain/bank-statement.js';
import type { MatchReason } from '../domain/transfer-matching.js';
import type { StatementProblem } from '../statements/problems.js';
import { numbers } from './numbers.js';

/** English texts of bank statements and transfers (SPEC section 11). */

/** `plain`: an amount as the bank writes it, "500.00". */
const { euro, plainAmount: plain, plural } = numbers('en');
const place = (at: { entry: number } | { line: number }) => ('entry' in at ? `entry ${at.entry}` : `line ${at.line}`);

export const bankEn = {
  /** The bank statement as the actor of a change (`system:bank-statement`). */
  actor: 'The bank statement',
  /** A value date, as "03/12/2026". */
  valueDateFormat: 'dd/MM/yyyy',
  found: (amount: string, valueDate: string) => `Transfer found: ${amount}, value date ${valueDate}`,
  matchedBy: (by: string, amount: string, valueDate: string) => `${by} matched a transfer to this case: ${amount}, value date ${valueDate}`,
  reason: (match: MatchReason): string => {
    const r = match;
    switch (r.key) {
      case 'fits': {
        const how = r.by === 'reference' ? 'the reason names the case' : r.by === 'name' ? "the reason names the patient and the second opinion" : "the payer is the patient or the applicant";
        return r.amountCents === r.expectedCents ? `amount as expected, ${how}` : `amount ${plain(r.amountCents)} within the tolerance of ${plain(r.expectedCents)}, ${how}`;
      }
      case 'several_fit':
        return `${r.references.length} cases fit: ${r.references.join(', ')}`;
      case 'names_no_case':
        return 'the reason names no case';
      case 'amount_differs':
        return `amount ${plain(r.amountCents)}, expected ${plain(r.expectedCents)} (${r.reference})`;
      case 'not_second_opinion':
        return `names the patient of ${r.reference} but not a second opinion`;
      case 'already_paid':
        return `the payment of ${r.reference} is already confirmed`;
      case 'case_closed':
        return `${r.reference} is closed`;
    }
  },
  skipped: { debit: 'a debit', not_booked: 'not booked', currency: 'not in euro', reversal: 'a reversal' } satisfies Record<SkipReason, string>,
  duplicate: 'already imported',
  problem: (problem: StatementProblem): string => {
    const p = problem;
    switch (p.key) {
      case 'empty':
        return 'The file is empty.';
      case 'not_text':
        return 'The file is not UTF-8 text.';
      case 'doctype':
        return 'The XML declares a DOCTYPE, which a camt file never does: refused.';
      case 'malformed_xml':
        return `The XML is malformed${p.line === null ? '' : ` at line ${p.line}`}: ${p.detail}`;
      case 'not_iso20022':
        return 'The XML is not an ISO 20022 message (no urn:iso:std:iso:20022 namespace): send a camt.053 or camt.054 file.';
      case 'not_camt':
        return `${p.message} is not a bank statement: send a camt.053 or camt.054 file.`;
      case 'camt_version':
        return `${p.message} is not a version this app reads: camt.053 and camt.054, versions .001.02 to .001.08.`;
      case 'unexpected_content':
        return `Unexpected content at ${p.path}: ${p.detail}.`;
      case 'bad_amount':
        return `${place(p.at)}: the amount (${p.field}) is not a number of euro and cents.`;
      case 'bad_date':
        return `${place(p.at)}: the date (${p.field}) is not a date such as 2026-12-03 or 03/12/2026.`;
      case 'bad_indicator':
        return `${place(p.at)}: ${p.field} is neither CRDT nor DBIT.`;
      case 'csv_syntax':
        return `The CSV cannot be read${p.line === null ? '' : ` at line ${p.line}`}: check its quotes and its number of columns.`;
      case 'csv_columns':
        return `The CSV has no column ${p.missing.map((c) => `"${c}"`).join(', ')} (BANK_CSV_COLUMNS names the columns).`;
      case 'csv_decimal_mixed':
        return 'The CSV writes its amounts with a decimal comma and with a decimal point: one file, one convention.';
      case 'too_many_entries':
        return `More than ${p.max} entries in one file: split it.`;
    }
  },
  tooLarge: (max: number) => `The statement is larger than ${max} bytes once decompressed (BANK_STATEMENT_LIMIT_BYTES).`,
  unsupportedType: 'Send a camt.053 or camt.054 file as application/xml, or a CSV file as text/csv.',
  /** `npm run cli -- payments import`: the summary printed after the answer's entries. */
  cliSummary: (counts: { entries: number; credits: number; new: number; duplicates: number; matched: number; ambiguous: number; unmatched: number; skipped: number }) => {
    const n = (k: number, one: string, many: string) => `${k} ${plural(k, one, many)}`;
    return (
      `${n(counts.entries, 'entry', 'entries')}: ${n(counts.credits, 'credit', 'credits')} (${counts.new} new, ${counts.duplicates} already imported; ` +
      `${counts.matched} matched, ${counts.ambiguous} ambiguous, ${counts.unmatched} unmatched), ${counts.skipped} skipped.`
    );
  },
  autoConfirmed: 'payment confirmed',
  /** Coordinators' App Home: the credits no statement could place, and the match modal. */
  queue: {
    title: 'Bank transfers to match',
    line: (amount: string, valueDate: string, reason: string) => `${amount} on ${valueDate}: ${reason}`,
    match: 'Match to case…',
    notOurs: 'Not ours',
    modalTitle: 'Match a transfer',
    facts: (amount: string, valueDate: string, bankReference: string | null) =>
      `*${amount}*, value date ${valueDate}${bankReference ? `, bank reference ${bankReference}` : ''}`,
    payer: 'Payer',
    remittance: 'Transfer reason',
    why: 'Why it was not placed',
    none: '(none)',
    privateNote: 'The payer and the transfer reason are personal data: shown only here and in Details.',
    caseChoice: 'Case whose payment is pending',
    caseOption: (reference: string, area: string, expected: string, fits: boolean) => `${reference} · ${area} · expects ${expected}${fits ? ' · fits' : ''}`,
    noPendingCase: 'No open case is waiting for its payment: nothing to match this transfer to.',
    notice: (n: number) => `${n} bank ${plural(n, 'transfer', 'transfers')} from the statement could not be placed on a case: ${n === 1 ? 'it is' : 'they are'} in App Home, to match or to dismiss.`,
  },
  euro,
};
