import { DateTime } from 'luxon';
import type { MailFacts } from '../domain/mail.js';
import { expectedTransferReason } from '../domain/payment.js';
import type { MailBlock, MailText } from '../i18n/mail-en.js';
import { messages } from '../i18n/messages.js';
import { bcp47, type Locale } from '../i18n/locale.js';

/** What an e-mail needs besides its facts: whose case, in which language, the centre's bank details. */
export interface MailContext {
  reference: string;
  locale: Locale;
  timeZone: string;
  /** For the transfer reason the bank statement is matched by. */
  patientName: string;
  iban: string;
  beneficiary: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** "Tuesday 15 December 2026, 16:00" in the calendar's zone. */
export function mailInstant(ms: number, locale: Locale, zone: string): string {
  return DateTime.fromMillis(ms, { zone, locale: bcp47(locale) }).toFormat(locale === 'it' ? "cccc d LLLL yyyy', ore' HH:mm" : 'cccc d LLLL yyyy, HH:mm');
}

export function mailDate(isoDate: string, locale: Locale): string {
  return DateTime.fromISO(isoDate, { locale: bcp47(locale) }).toFormat('d LLLL yyyy');
}

function wording(facts: MailFacts, c: MailContext): MailText {
  const m = messages(c.locale);
  const t = m.mail;
  const at = (ms: number) => mailInstant(ms, c.locale, c.timeZone);
  const items = (ids: readonly string[]) => ids.map((i) => m.items[i as keyof typeof m.items] ?? i);
  switch (facts.kind) {
    case 'request_received':
      return t.requestReceived({
        reference: c.reference,
        received: items(facts.received),
        missing: items(facts.missing),
        amount: m.euro(facts.expectedCents),
        iban: c.iban,
        beneficiary: c.beneficiary,
        transferReason: expectedTransferReason(c.patientName),
      });
    case 'documentation_complete':
      return t.documentationComplete({ completedAt: at(facts.completedAtMs), due: at(facts.dueAtMs), corrected: facts.corrected });
    case 'documents_missing':
      return t.documentsMissing({ missing: items(facts.missing), since: mailInstant(facts.createdAtMs, c.locale, c.timeZone) });
    case 'information_request':
      return t.informationRequest({ question: facts.question, reminder: facts.reminder });
    case 'document_rejected':
      return t.documentRejected({ item: items([facts.item])[0]!, reason: m.rejectionReason(facts.item, facts.reason) });
    case 'payment':
      return facts.mismatch === null
        ? t.paymentConfirmed({ amount: m.euro(facts.receivedCents), valueDate: mailDate(facts.valueDate, c.locale) })
        : t.paymentMismatch({
            expected: m.euro(facts.expectedCents),
            received: m.euro(facts.receivedCents),
            underpaid: facts.mismatch === 'underpaid',
            difference: m.euro(Math.abs(facts.expectedCents - facts.receivedCents)),
            valueDate: mailDate(facts.valueDate, c.locale),
          });
    case 'opinion_sent':
      return t.opinionSent({ deliveredAt: mailDate(DateTime.fromMillis(facts.deliveredAtMs, { zone: c.timeZone }).toISODate()!, c.locale), courierTracking: facts.courierTracking });
    case 'cancelled':
      return t.cancelled({ category: facts.category });
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** Plain text with an HTML alternative; the subject starts with the reference in brackets. */
export function renderMail(facts: MailFacts, c: MailContext): RenderedMail {
  const w = wording(facts, c);
  const t = messages(c.locale).mail;
  const blocks: MailBlock[] = [t.greeting, ...w.body, t.replyHint(c.reference)];
  const text = [
    ...blocks.map((b) => (typeof b === 'string' ? b : b.list.map((i) => `- ${i}`).join('\n'))),
    t.signature.join('\n'),
  ].join('\n\n');
  const html = [
    '<!doctype html><html><body>',
    ...blocks.map((b) =>
      typeof b === 'string'
        ? `<p>${escapeHtml(b).replace(/\n/g, '<br>')}</p>`
        : `<ul>${b.list.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    ),
    `<p>${t.signature.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: `[${c.reference}] ${w.subject}`, text: `${text}\n`, html };
}
