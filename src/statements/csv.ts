import { parse } from 'csv-parse/sync';
import type { StatementEntry } from '../domain/bank-statement.js';
import { failed, MAX_ENTRIES, type StatementParse } from './problems.js';
import { bankDate, csvAmountCents, decimalSeparatorOf, type DecimalSeparator } from './values.js';

/**
 * A bank's CSV export: a header row, then one booked movement per row (a bank exports what it
 * booked). The columns are found by their names in the header (`BANK_CSV_COLUMNS`), in any order;
 * the separator (`,` or `;`) is read from the header row and the decimal separator from the amounts.
 * A negative amount is a debit. Pure: text in, entries out.
 */

export const CSV_FIELDS = ['bookingDate', 'valueDate', 'amount', 'currency', 'reference', 'counterparty', 'description'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

/** The header name of each field in the bank's file; null: the file has no such column. */
export type CsvColumns = Record<CsvField, string | null>;

/** The columns an import cannot do without; a date is the value date, else the booking date. */
const REQUIRED: readonly CsvField[] = ['amount', 'currency', 'description'];

const normalHeader = (name: string) => name.replace(/^\uFEFF/, '').trim().toLowerCase();

/** `,` or `;`: whichever the header row uses (outside quotes). */
function delimiterOf(headerLine: string): ',' | ';' {
  const outside = headerLine.replace(/"[^"]*"/g, '');
  return (outside.match(/;/g)?.length ?? 0) > (outside.match(/,/g)?.length ?? 0) ? ';' : ',';
}

export function parseCsvStatement(text: string, columns: CsvColumns): StatementParse {
  const body = text.replace(/^\uFEFF/, '');
  const headerLine = body.split(/\r?\n/, 1)[0] ?? '';
  const delimiter = delimiterOf(headerLine);
  let rows: string[][];
  try {
    rows = parse(body, { delimiter, skip_empty_lines: true, trim: true, relax_column_count: false }) as string[][];
  } catch (err) {
    const line = (err as { lines?: unknown }).lines;
    return failed({ key: 'csv_syntax', line: typeof line === 'number' ? line : null });
  }
  const [header, ...data] = rows;
  if (!header) return failed({ key: 'empty' });
  if (data.length > MAX_ENTRIES) return failed({ key: 'too_many_entries', max: MAX_ENTRIES });

  const names = header.map(normalHeader);
  const index = {} as Record<CsvField, number>;
  for (const field of CSV_FIELDS) {
    const wanted = columns[field];
    index[field] = wanted === null ? -1 : names.indexOf(normalHeader(wanted));
  }
  const missing = REQUIRED.filter((f) => index[f] < 0).map((f) => columns[f] ?? f);
  if (index.valueDate < 0 && index.bookingDate < 0) missing.push(columns.valueDate ?? 'valueDate');
  if (missing.length > 0) return failed({ key: 'csv_columns', missing });

  const cell = (row: string[], field: CsvField) => (index[field] < 0 ? '' : (row[index[field]] ?? ''));
  const separator = decimalSeparatorOf(data.map((r) => cell(r, 'amount')));
  if (separator === 'mixed') return failed({ key: 'csv_decimal_mixed' });
  // Whole amounts only: the file's convention follows its separator (Italian files use `;` and a decimal comma).
  const decimal: DecimalSeparator = separator ?? (delimiter === ';' ? ',' : '.');

  const entries: StatementEntry[] = [];
  for (const [i, row] of data.entries()) {
    // The header is line 1; the data start on line 2 (skipped blank lines aside).
    const line = i + 2;
    const signed = csvAmountCents(cell(row, 'amount'), decimal);
    if (signed === null || signed === 0) return failed({ key: 'bad_amount', at: { line }, field: columns.amount ?? 'amount' });
    const booking = cell(row, 'bookingDate');
    const bookingDate = booking === '' ? null : bankDate(booking);
    if (booking !== '' && bookingDate === null) return failed({ key: 'bad_date', at: { line }, field: columns.bookingDate ?? 'bookingDate' });
    const value = cell(row, 'valueDate');
    const valueDate = value === '' ? bookingDate : bankDate(value);
    if (valueDate === null) return failed({ key: 'bad_date', at: { line }, field: columns.valueDate ?? columns.bookingDate ?? 'valueDate' });
    entries.push({
      position: line,
      bankReference: cell(row, 'reference') || null,
      bookingDate,
      valueDate,
      amountCents: Math.abs(signed),
      currency: cell(row, 'currency').toUpperCase(),
      direction: signed > 0 ? 'credit' : 'debit',
      status: 'booked',
      reversal: false,
      payerName: cell(row, 'counterparty') || null,
      remittance: cell(row, 'description') || null,
    });
  }
  return { ok: true, statement: { format: 'csv', entries } };
}
