import { bcp47, type Locale } from './locale.js';

/**
 * Numbers as a reader of each language writes them, by Intl (CLDR) rather than by hand: one set of
 * formatters and plural rules per locale, built once (an Intl object costs far more to build than to
 * use, and a card or a report formats dozens of numbers).
 */
export interface LocaleNumbers {
  /** An amount in euro, grouped as the language groups: "€1,234.00"; "1234,00 €", "12.345,00 €". */
  euro(cents: number): string;
  /** An amount as a person types it into a form, or as a bank writes it: "1234.00", "1234,00". */
  plainAmount(cents: number): string;
  /** A number with this many decimals: "2.5", "2,5". */
  decimal(n: number, digits?: number): string;
  /** A rate as a whole percentage: 0.75 → "75%". */
  percent(rate: number): string;
  /** The form of a word for `n` by the language's plural rules (`one` is the singular). */
  plural<T>(n: number, one: T, other: T): T;
}

// ICU separates the amount from "€" (and, in some languages, groups) with no-break spaces; the texts
// keep the plain space they have always shown, which people copy and type back into the forms.
const plainSpaces = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function localeNumbers(locale: Locale): LocaleNumbers {
  const tag = bcp47(locale);
  const currency = new Intl.NumberFormat(tag, { style: 'currency', currency: 'EUR' });
  const amount = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: false });
  // One formatter per number of decimals, made the first time it is asked for.
  const decimals = new Map<number, Intl.NumberFormat>();
  const withDecimals = (digits: number) => {
    let f = decimals.get(digits);
    if (!f) decimals.set(digits, (f = new Intl.NumberFormat(tag, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
    return f;
  };
  const percent = new Intl.NumberFormat(tag, { style: 'percent', maximumFractionDigits: 0 });
  const rules = new Intl.PluralRules(tag);
  return {
    euro: (cents) => plainSpaces(currency.format(cents / 100)),
    plainAmount: (cents) => amount.format(cents / 100),
    decimal: (n, digits = 1) => withDecimals(digits).format(n),
    percent: (rate) => plainSpaces(percent.format(rate)),
    plural: (n, one, other) => (rules.select(n) === 'one' ? one : other),
  };
}

const NUMBERS: Record<Locale, LocaleNumbers> = { en: localeNumbers('en'), it: localeNumbers('it') };

export function numbers(locale: Locale): LocaleNumbers {
  return NUMBERS[locale];
}
