import { isoDateString, parseIsoDate } from '../domain/local-time.js';

/** Amounts and dates as banks write them, read into cents and ISO dates (null: not one). */

/** An ISO 20022 amount (`518.00`, `518`, `518.5`): decimal point, no sign, whole cents. */
export function camtAmountCents(text: string): number | null {
  const m = /^(\d{1,13})(?:\.(\d{1,5}))?$/.exec(text.trim());
  if (!m) return null;
  return wholeCents(m[1] ?? '', m[2] ?? '');
}

function wholeCents(units: string, fraction: string): number | null {
  // More than two decimals only when they are zeros: a euro amount is in whole cents.
  if (/[1-9]/.test(fraction.slice(2))) return null;
  const cents = Number(units) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

export type DecimalSeparator = ',' | '.';

/**
 * The decimal separator of a file's amounts, read from the amounts themselves: a separator followed
 * by one or two digits at the end is decimal ("518,00", "1.518,00", "518.5"). Null when the file says
 * both (a file is written one way), or neither (whole amounts: either reads them the same).
 */
export function decimalSeparatorOf(amounts: readonly string[]): DecimalSeparator | 'mixed' | null {
  let comma = false;
  let point = false;
  for (const a of amounts) {
    const t = a.trim();
    if (/,\d{1,2}$/.test(t)) comma = true;
    else if (/\.\d{1,2}$/.test(t)) point = true;
  }
  if (comma && point) return 'mixed';
  return comma ? ',' : point ? '.' : null;
}

/**
 * A signed amount in a CSV file ("-1.518,00", "+518.00", "518", "1 518,00"), thousands grouped by the
 * other separator, a space or an apostrophe; a debit is negative. Null when it is not a number.
 */
export function csvAmountCents(text: string, decimal: DecimalSeparator): number | null {
  const t = text.trim().replace(/^€\s*|\s*(€|EUR)$/gi, '');
  const group = decimal === ',' ? '.' : ',';
  const escaped = (c: string) => (c === '.' ? '\\.' : c);
  const pattern = new RegExp(
    `^([+-]?)(\\d{1,3}(?:[${escaped(group)} '\\u00a0\\u202f]\\d{3})+|\\d+)(?:${escaped(decimal)}(\\d{1,5}))?$`,
  );
  const m = pattern.exec(t);
  if (!m) return null;
  const cents = wholeCents((m[2] ?? '').replace(/\D/g, ''), m[3] ?? '');
  if (cents === null) return null;
  return m[1] === '-' ? -cents : cents;
}

/**
 * A bank's date: `2026-12-03` (or a date-time starting so, as camt's `DtTm`), `03/12/2026`,
 * `03.12.2026`, `03-12-2026` (day first, as European banks write it). Null when not a calendar date.
 */
export function bankDate(text: string): string | null {
  const t = text.trim();
  const iso = /^(\d{4}-\d{2}-\d{2})(?:T.*)?$/.exec(t);
  if (iso) {
    const d = parseIsoDate(iso[1] ?? '');
    return d ? isoDateString(d) : null;
  }
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (!dmy) return null;
  const d = parseIsoDate(`${dmy[3]}-${(dmy[2] ?? '').padStart(2, '0')}-${(dmy[1] ?? '').padStart(2, '0')}`);
  return d ? isoDateString(d) : null;
}
