import { en } from './en.js';
import { it } from './it.js';

import type { Locale } from './locale.js';
export type Messages = typeof en;

const catalogues: Record<Locale, Messages> = { en, it };

/** The one message catalogue: every text the staff read comes from here. */
export function messages(locale: Locale): Messages {
  return catalogues[locale];
}
