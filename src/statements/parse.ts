import { parseCamt } from './camt.js';
import { parseCsvStatement, type CsvColumns } from './csv.js';
import { failed, type StatementParse } from './problems.js';

export type { CsvColumns } from './csv.js';
export type { StatementParse, StatementProblem } from './problems.js';

export type StatementKind = 'camt' | 'csv';

/**
 * A statement file's bytes, read as UTF-8 (camt files are UTF-8; a CSV in another encoding is refused
 * rather than read with wrong letters in its names). `kind` comes from the Content-Type; the CLI
 * passes null and the content decides (XML starts with `<`).
 */
export function parseStatement(bytes: Uint8Array, kind: StatementKind | null, columns: CsvColumns): StatementParse {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return failed({ key: 'not_text' });
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') return failed({ key: 'empty' });
  const actual = kind ?? (text.trimStart().startsWith('<') ? 'camt' : 'csv');
  return actual === 'camt' ? parseCamt(text) : parseCsvStatement(text, columns);
}
