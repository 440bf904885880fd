/**
 * CSV as RFC 4180 (CRLF, quotes doubled) that spreadsheets open safely: a cell starting with
 * = + - @ or a tab is prefixed with an apostrophe, so free text (a reason) is never run as a formula.
 */
export type CsvCell = string | number | boolean | null;

/**
 * How the file is written: for programs (`,` and a decimal point, the API's `format=csv`), or for a
 * spreadsheet in the reader's locale (`;` and a decimal comma under `LOCALE=it`, so that an Italian
 * spreadsheet opens it in columns and reads 0,75 as a number).
 */
export interface CsvDialect {
  separator: ',' | ';';
  decimalComma: boolean;
}
export const PROGRAM_CSV: CsvDialect = { separator: ',', decimalComma: false };

function cell(value: CsvCell, dialect: CsvDialect): string {
  if (value === null) return '';
  let text = typeof value === 'number' && dialect.decimalComma ? String(value).replace('.', ',') : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  const special = dialect.separator === ';' ? /[";\r\n]/ : /[",\r\n]/;
  return special.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[], dialect: CsvDialect = PROGRAM_CSV): string {
  return [header, ...rows].map((r) => r.map((v) => cell(v, dialect)).join(dialect.separator)).join('\r\n') + '\r\n';
}
