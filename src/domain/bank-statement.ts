import { createHash } from 'node:crypto';

/**
 * A bank statement's entries as the app reads them, whatever the file (camt.053, camt.054, CSV):
 * SPEC section 11. Only booked credits in euro can pay a case; every other entry is skipped, and
 * counted as such.
 */

export interface StatementEntry {
  /** Where the entry is in its file (1-based: entry number in camt, line number in CSV), to name it in a problem. */
  position: number;
  /** The bank's own reference of the entry (`AcctSvcrRef`), when the file has one. */
  bankReference: string | null;
  bookingDate: string | null;
  /** The date the money counts from (ISO date); the booking date when the file gives no value date. */
  valueDate: string;
  /** Always positive: `direction` says which way the money went. */
  amountCents: number;
  currency: string;
  direction: 'credit' | 'debit';
  status: 'booked' | 'pending' | 'other';
  /** A reversal of an earlier entry (`RvslInd`): never a payment. */
  reversal: boolean;
  /** Personal data: shown only in the match modal and the case details. */
  payerName: string | null;
  /** Personal data (the transfer reason): shown only in the match modal and the case details. */
  remittance: string | null;
}

export interface ParsedStatement {
  /** `camt.053.001.08`, `camt.054.001.02`, `csv`. */
  format: string;
  entries: StatementEntry[];
}

export type SkipReason = 'debit' | 'not_booked' | 'currency' | 'reversal';

/** Why an entry cannot pay a case, or null for a booked euro credit. */
export function skipReason(entry: StatementEntry): SkipReason | null {
  if (entry.direction !== 'credit') return 'debit';
  if (entry.reversal) return 'reversal';
  if (entry.status !== 'booked') return 'not_booked';
  if (entry.currency.toUpperCase() !== 'EUR') return 'currency';
  return null;
}

/**
 * What makes an entry the same entry in another file (the same statement imported again, or an
 * overlapping one): the bank's reference, else a hash of its date, amount, counterparty and
 * description. Stored as a hash either way, so it outlives the erasure of the texts it was taken from.
 */
export function entryKey(entry: StatementEntry): string {
  const squeeze = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
  const source = entry.bankReference
    ? ['ref', entry.bankReference.trim()]
    : ['fields', entry.bookingDate ?? entry.valueDate, String(entry.amountCents), entry.currency.toUpperCase(), squeeze(entry.payerName), squeeze(entry.remittance)];
  return createHash('sha256').update(JSON.stringify(source)).digest('hex');
}
