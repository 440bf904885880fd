import type { Locale } from '../i18n/locale.js';
import { messages } from '../i18n/messages.js';
import type { EntryReason, ImportResult } from '../services/statement-import.js';

/** Why an entry ended as it did, in words (never a name or the remittance text). */
export function entryReasonText(reason: EntryReason, locale: Locale): string {
  const m = messages(locale).bank;
  if (reason.key === 'skipped') return m.skipped[reason.why];
  if (reason.key === 'duplicate') return m.duplicate;
  return m.reason(reason);
}

/** The answer of an import (SPEC section 11): counts, and per entry its reference, outcome and case. */
export function statementJson(result: ImportResult, locale: Locale) {
  return {
    statementId: result.statementId,
    format: result.format,
    counts: result.counts,
    entries: result.entries.map((e) => ({
      position: e.position,
      bankReference: e.bankReference,
      amountCents: e.amountCents,
      valueDate: e.valueDate,
      outcome: e.outcome,
      caseReference: e.caseReference,
      reason: entryReasonText(e.reason, locale),
      confirmed: e.confirmed,
    })),
  };
}
