/**
 * The languages the staff read, and how each is named to Intl and luxon. A leaf: the catalogues,
 * the formatters (`numbers.ts`, `format.ts`), the area labels, the mail and chart renderers and the
 * calendar (weekday names) all import it, and it imports nothing.
 */
export const LOCALES = ['en', 'it'] as const;
export type Locale = (typeof LOCALES)[number];

/** The one locale → BCP 47 mapping (dates, numbers, plural rules, weekday names). */
const BCP47: Record<Locale, string> = { en: 'en-GB', it: 'it-IT' };

export function bcp47(locale: Locale): string {
  return BCP47[locale];
}
