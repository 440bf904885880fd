import { DateTime } from 'luxon';
import type { Messages } from '../../i18n/messages.js';

/** A bank credit as staff read it (SPEC section 11): "Transfer found: €518.00, value date 03/12/2026". Never the payer or the reason. */
export function transferFoundText(m: Messages, t: { amountCents: number; valueDate: string }): string {
  return m.bank.found(m.euro(t.amountCents), valueDateText(m, t.valueDate));
}

export function valueDateText(m: Messages, isoDate: string): string {
  return DateTime.fromISO(isoDate).toFormat(m.bank.valueDateFormat);
}
