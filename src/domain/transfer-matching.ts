import { mentionsSecondOpinion, referencesIn, sameName, textNames } from './transfer-text.js';

/**
 * Which case a bank credit pays (SPEC section 11). A case fits a credit when its payment is pending,
 * the amount is the expected one (within the tolerance), and the remittance text names the case's
 * reference, or names the patient and says "second opinion"; the payer's name may stand for the
 * patient's, and the applicant (a relative who applied for the patient) counts as the patient.
 * Exactly one fitting case: matched; several: ambiguous; none: unmatched. Every outcome has a
 * reason, as data the catalogue words; a reason never carries a name or the remittance text.
 */

export interface CreditToMatch {
  amountCents: number;
  payerName: string | null;
  remittance: string | null;
}

/** A case the credit may be about: the database finds them by the reference or the names the credit contains. */
export interface CandidateCase {
  reference: string;
  expectedCents: number;
  /** Open, with its payment still to confirm. */
  paymentPending: boolean;
  open: boolean;
  /** Null once erased. */
  patientName: string | null;
  /** Who applied: the patient, or a representative (a relative) who may pay in their own name. */
  applicantName: string | null;
}

/** How the credit names the case. */
export type MatchedBy = 'reference' | 'name' | 'payer';

export type MatchReason =
  | { key: 'fits'; by: MatchedBy; amountCents: number; expectedCents: number }
  | { key: 'several_fit'; references: string[] }
  | { key: 'names_no_case' }
  | { key: 'amount_differs'; reference: string; amountCents: number; expectedCents: number }
  | { key: 'not_second_opinion'; reference: string }
  | { key: 'already_paid'; reference: string }
  | { key: 'case_closed'; reference: string };

export type MatchOutcome = 'matched' | 'ambiguous' | 'unmatched';

export interface MatchResult {
  outcome: MatchOutcome;
  /** The matched case. */
  reference: string | null;
  /** The cases that fit (one when matched, several when ambiguous). */
  fitting: string[];
  /** Amount, name and reason all agree: what `PAYMENTS_AUTO_CONFIRM=exact` confirms without a person. */
  exact: boolean;
  reason: MatchReason;
}

interface Evidence {
  candidate: CandidateCase;
  byReference: boolean;
  /** The remittance names the patient or the applicant. */
  nameInText: boolean;
  /** The payer is the patient or the applicant. */
  payerIsPerson: boolean;
  amountFits: boolean;
}

function evidenceFor(credit: CreditToMatch, c: CandidateCase, references: ReadonlySet<string>, toleranceCents: number): Evidence {
  const text = credit.remittance ?? '';
  const people = [c.patientName, c.applicantName].filter((n): n is string => n !== null && n.trim() !== '');
  return {
    candidate: c,
    byReference: references.has(c.reference),
    nameInText: people.some((n) => textNames(text, n)),
    payerIsPerson: credit.payerName !== null && people.some((n) => sameName(credit.payerName ?? '', n)),
    amountFits: Math.abs(credit.amountCents - c.expectedCents) <= toleranceCents,
  };
}

export function matchCredit(credit: CreditToMatch, candidates: readonly CandidateCase[], toleranceCents: number): MatchResult {
  const text = credit.remittance ?? '';
  const references = new Set(referencesIn(text));
  const secondOpinion = mentionsSecondOpinion(text);
  const evidence = [...candidates]
    .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0))
    .map((c) => evidenceFor(credit, c, references, toleranceCents));
  const identified = (e: Evidence) => e.byReference || (secondOpinion && (e.nameInText || e.payerIsPerson));

  const fitting = evidence.filter((e) => identified(e) && e.amountFits && e.candidate.paymentPending);
  // A reference is worth more than a name: namesakes are told apart by it.
  const named = fitting.some((e) => e.byReference) ? fitting.filter((e) => e.byReference) : fitting;
  const [only] = named;
  if (only && named.length === 1) {
    const c = only.candidate;
    const by: MatchedBy = only.byReference ? 'reference' : only.nameInText ? 'name' : 'payer';
    const exact = credit.amountCents === c.expectedCents && (only.byReference || (secondOpinion && only.nameInText)) && only.payerIsPerson;
    return {
      outcome: 'matched',
      reference: c.reference,
      fitting: [c.reference],
      exact,
      reason: { key: 'fits', by, amountCents: credit.amountCents, expectedCents: c.expectedCents },
    };
  }
  if (named.length > 1) {
    const refs = named.map((e) => e.candidate.reference);
    return { outcome: 'ambiguous', reference: null, fitting: refs, exact: false, reason: { key: 'several_fit', references: refs } };
  }
  return { outcome: 'unmatched', reference: null, fitting: [], exact: false, reason: whyNoCase(credit, evidence, identified) };
}

/** The most telling reason no case fits: the case the text names, and what is wrong with it. */
function whyNoCase(credit: CreditToMatch, evidence: readonly Evidence[], identified: (e: Evidence) => boolean): MatchReason {
  const pendingWrongAmount = evidence.find((e) => identified(e) && e.candidate.paymentPending && !e.amountFits);
  if (pendingWrongAmount) {
    const c = pendingWrongAmount.candidate;
    return { key: 'amount_differs', reference: c.reference, amountCents: credit.amountCents, expectedCents: c.expectedCents };
  }
  const settled = evidence.find((e) => identified(e) && !e.candidate.paymentPending);
  if (settled) {
    const c = settled.candidate;
    return c.open ? { key: 'already_paid', reference: c.reference } : { key: 'case_closed', reference: c.reference };
  }
  const nameWithoutService = evidence.find((e) => e.candidate.paymentPending && (e.nameInText || e.payerIsPerson));
  if (nameWithoutService) return { key: 'not_second_opinion', reference: nameWithoutService.candidate.reference };
  return { key: 'names_no_case' };
}
