import type { CancelCategory } from '../domain/events.js';
import { numbers } from './numbers.js';

/**
 * English texts of the correspondence with the applicant (SPEC section 10): the eight e-mails, and
 * what the staff read about them in Slack (never an address, a subject, a body or a name).
 * `mail-it.ts` must provide exactly the same keys.
 */

/** A block of an e-mail's body: a paragraph, or a bulleted list. */
export type MailBlock = string | { list: readonly string[] };
export interface MailText {
  subject: string;
  body: MailBlock[];
}

const list = (items: readonly string[]): MailBlock => ({ list: items });
const { plural } = numbers('en');

export const mailEn = {
  greeting: 'Dear applicant,',
  signature: ['Kind regards,', 'The Second Opinion service'],
  replyHint: (reference: string) => `Please reply to this e-mail, keeping ${reference} in the subject.`,

  requestReceived: (f: { reference: string; received: string[]; missing: string[]; amount: string; iban: string; beneficiary: string; transferReason: string }): MailText => ({
    subject: 'We have received your request for a second opinion',
    body: [
      `We have received your request for a second opinion. Its reference is ${f.reference}: please quote it whenever you write to us.`,
      ...(f.received.length > 0 ? ['Documents received so far:', list(f.received)] : []),
      ...(f.missing.length > 0 ? ['Documents still missing:', list(f.missing)] : ['Your documentation is complete.']),
      `Amount to pay: ${f.amount}, by bank transfer to:`,
      list([`IBAN: ${f.iban}`, `Beneficiary: ${f.beneficiary}`, `Reason (please write it exactly so): ${f.transferReason}`]),
      'The board of specialists answers within 5 working days from the day your documentation is complete.',
      'Without the privacy consent form, duly countersigned, your request cannot be evaluated at all.',
    ],
  }),

  documentationComplete: (f: { completedAt: string; due: string; corrected: boolean }): MailText => ({
    subject: f.corrected ? 'Correction: the date of your answer' : 'Your documentation is complete',
    body: [
      ...(f.corrected ? ['We are writing again because the date we gave you has changed.'] : []),
      `Your documentation was complete on ${f.completedAt}.`,
      `You will receive the answer of the board of specialists by ${f.due}.`,
    ],
  }),

  documentsMissing: (f: { missing: string[]; since: string }): MailText => ({
    subject: 'Documents still missing',
    body: [
      `We received your request on ${f.since}, but these documents are still missing:`,
      list(f.missing),
      'The 5 working days of the answer start only when the documentation is complete. You can send the documents by replying to this e-mail.',
    ],
  }),

  informationRequest: (f: { question: string; reminder: number }): MailText => ({
    subject: f.reminder > 0 ? 'Reminder: the board of specialists needs more information' : 'The board of specialists needs more information',
    body: [
      ...(f.reminder > 0 ? ['We have not received an answer to our question yet.'] : []),
      'To evaluate your case the board of specialists asks:',
      f.question,
      'The count of the 5 working days is paused until we receive your answer.',
    ],
  }),

  documentRejected: (f: { item: string; reason: string }): MailText => ({
    subject: `Document to send again: ${f.item}`,
    body: [
      `We could not accept this document: ${f.item}.`,
      `Reason: ${f.reason}.`,
      'Please send it again by replying to this e-mail (a clear scan or photo, in Italian or English).',
    ],
  }),

  paymentConfirmed: (f: { amount: string; valueDate: string }): MailText => ({
    subject: 'Payment received',
    body: [`We have received your payment of ${f.amount} (value date ${f.valueDate}). Thank you.`],
  }),

  paymentMismatch: (f: { expected: string; received: string; underpaid: boolean; difference: string; valueDate: string }): MailText => ({
    subject: 'Payment received: the amount differs',
    body: [
      `We have received a payment of ${f.received} (value date ${f.valueDate}); the amount due is ${f.expected}.`,
      f.underpaid
        ? `Please transfer the difference of ${f.difference}, with the same reason, or reply to this e-mail if you think this is a mistake.`
        : `You paid ${f.difference} more than due: reply to this e-mail with the IBAN to refund it to.`,
    ],
  }),

  opinionSent: (f: { deliveredAt: string; courierTracking: string | null }): MailText => ({
    subject: 'Your second opinion has been sent',
    body: [
      `The board of specialists completed its second opinion, which was sent on ${f.deliveredAt}.`,
      'The written report reaches you by courier at the address you gave us.',
      ...(f.courierTracking ? [`The courier's tracking number is ${f.courierTracking}.`] : []),
    ],
  }),

  /** `category` null: a case cancelled before categories existed; the e-mail then claims no reason. */
  cancelled: (f: { category: CancelCategory | null }): MailText => ({
    subject: 'Your request has been closed',
    body: [
      f.category === null || f.category === 'other'
        ? 'Your request for a second opinion has been closed.'
        : {
            withdrawn: 'As you asked us, your request for a second opinion has been withdrawn and closed.',
            documentation_incomplete: 'Your request for a second opinion has been closed because the documentation needed to evaluate it was not completed.',
            payment_missing: 'Your request for a second opinion has been closed because we did not receive the payment.',
            not_eligible: 'Your request for a second opinion has been closed because it is not among the cases the service can evaluate.',
            duplicate: 'This request for a second opinion has been closed because it repeats another request of yours, which goes on as before.',
          }[f.category],
      'No opinion will be given under this reference. If you have a question, please reply to this e-mail or call us.',
    ],
  }),

  /** What staff read in Slack about the correspondence. */
  slack: {
    kinds: {
      request_received: 'request received',
      documentation_complete: 'documentation complete',
      documents_missing: 'documents still missing',
      information_request: 'request for information',
      document_rejected: 'document rejected',
      payment: 'payment',
      opinion_sent: 'opinion sent',
      cancelled: 'case closed',
    },
    status: { pending: 'queued', sent: 'sent', failed: 'not delivered', cancelled: 'not needed any more', confirmed: 'delivery confirmed (PEC)' },
    sentLine: (kind: string) => `E-mail to the applicant: ${kind}.`,
    failedLine: (kind: string, code: string) => `The e-mail to the applicant could not be delivered: ${code} (${kind}).`,
    retry: 'Send the e-mail again',
    retried: (by: string, kind: string) => `${by} sent the e-mail to the applicant again (${kind}).`,
    noAddress: 'No e-mail address: write by post or phone',
    cancelCategory: 'Reason the applicant is told',
    cancelCategoryHint: 'The e-mail to the applicant says this; the reason below stays with the staff.',
    cancelCategories: {
      withdrawn: 'Withdrawn by the applicant',
      documentation_incomplete: 'Documentation never completed',
      payment_missing: 'Payment never received',
      not_eligible: 'Not a case the service evaluates',
      duplicate: 'Duplicate of another request',
      other: 'Other (the e-mail gives no reason)',
    } satisfies Record<CancelCategory, string>,
    applicantLanguage: 'Write to the applicant in (default: the documentation language)',
    modalSendEmail: 'Send to the applicant by e-mail',
    modalSendEmailHint: 'The text is sent as written.',
    modalNoAddress: 'This case has no e-mail address: the applicant must be told by post or phone.',
    correspondence: 'Correspondence',
    correspondenceLine: (kind: string, at: string, status: string) => `${kind} · ${at} · ${status}`,
    inboundLine: (at: string, attachments: string) => `reply received · ${at} · ${attachments}`,
    replied: (attachments: string) => `The applicant replied: ${attachments}.`,
    attachments: (n: number, byType: string, size: string) =>
      n === 0 ? 'no attachments' : `${n} ${plural(n, 'attachment', 'attachments')} (${byType}, ${size})`,
    homeReplies: 'E-mails from applicants to handle',
    homeReply: (link: string, at: string, attachments: string) => `${link} · replied ${at} · ${attachments}`,
    homeUnmatched: 'E-mails without a case',
    homeUnmatchedLine: (at: string, attachments: string) => `Received ${at} · ${attachments}`,
    markHandled: 'Handled',
    attach: 'Attach to case…',
    newCase: 'New case',
    attachTitle: 'Attach e-mail',
    attachCase: 'Case reference',
    attachPlaceholder: 'SO-2026-0012',
    attached: (by: string, at: string) => `${by} attached an e-mail received ${at} to this case.`,
    noSuchCase: 'There is no case with this reference',
    unmatchedAlert: (at: string) => `An e-mail without a case arrived (${at}): it is in App Home.`,
  },
};
