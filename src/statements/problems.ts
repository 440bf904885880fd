import type { ParsedStatement } from '../domain/bank-statement.js';

/**
 * Why a statement file cannot be imported, as data: the catalogue words it (`bank.problem`). A problem
 * names the place (line, entry, column) and never repeats the file's content: a misaligned column
 * could hold a payer's name.
 */
/** Where in the file: a camt entry (numbered from 1 across the file) or a CSV line. */
export type Place = { entry: number } | { line: number };

export type StatementProblem =
  | { key: 'empty' }
  | { key: 'not_text' }
  | { key: 'doctype' }
  | { key: 'malformed_xml'; line: number | null; detail: string }
  | { key: 'not_iso20022' }
  | { key: 'not_camt'; message: string }
  | { key: 'camt_version'; message: string }
  | { key: 'unexpected_content'; path: string; detail: string }
  | { key: 'bad_amount'; at: Place; field: string }
  | { key: 'bad_date'; at: Place; field: string }
  | { key: 'bad_indicator'; at: Place; field: string }
  | { key: 'csv_syntax'; line: number | null }
  | { key: 'csv_columns'; missing: string[] }
  | { key: 'csv_decimal_mixed' }
  | { key: 'too_many_entries'; max: number };

export type StatementParse = { ok: true; statement: ParsedStatement } | { ok: false; problem: StatementProblem };

export const failed = (problem: StatementProblem): StatementParse => ({ ok: false, problem });

/** A file is refused past this many entries (ten times the largest statement the benchmark imports). */
export const MAX_ENTRIES = 100_000;
