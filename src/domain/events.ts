import type { ApplicantType, ChecklistItemId } from './checklist.js';
import type { DeliveryChannel, PaymentMismatch } from './payment.js';

/**
 * The events of a case history: the envelope and the unions of what can happen. A leaf of the
 * domain (it imports only types), so the case fold, the board's consults and the stored-event
 * schemas all sit above it.
 */

export type Language = 'it' | 'en';

/**
 * Why a case was cancelled, as the applicant is told it (SPEC section 10: "a fixed reason category,
 * never the free text"); the free-text reason stays with the staff.
 */
export const CANCEL_CATEGORIES = ['withdrawn', 'documentation_incomplete', 'payment_missing', 'not_eligible', 'duplicate', 'other'] as const;
export type CancelCategory = (typeof CANCEL_CATEGORIES)[number];

export interface CaseFacts {
  applicantType: ApplicantType;
  pathologyArea: string;
  language: Language;
  imageReview: boolean;
  deliveryChannel: DeliveryChannel;
  expectedCents: number;
}

export type CaseEventData =
  | ({ type: 'case_created' } & CaseFacts)
  | { type: 'document_received'; item: ChecklistItemId }
  | { type: 'document_rejected'; item: ChecklistItemId }
  | {
      type: 'payment_confirmed';
      receivedCents: number;
      valueDate: string;
      bankReference: string;
      mismatch: PaymentMismatch;
    }
  /** A correction of the amount expected (a price rule changed while the payment was pending). */
  | { type: 'expected_amount_changed'; expectedCents: number }
  /**
   * A credit of a bank statement found to pay this case (SPEC section 11), by the import or by a
   * coordinator's "Match to case…": what the Confirm payment modal is filled in with. The payer and
   * the remittance text stay with the transfer (personal data), never in the history.
   */
  | { type: 'transfer_matched'; transferId: number; bankReference: string; amountCents: number; valueDate: string }
  /** `emailApplicant`: the question also goes to the applicant by e-mail (SPEC section 10). */
  | { type: 'info_requested'; question: string; emailApplicant?: boolean }
  | { type: 'info_received' }
  | { type: 'assigned'; assignee: string }
  | { type: 'claimed'; assignee: string }
  | { type: 'released'; previousAssignee: string }
  /** `courierTracking`: the courier's tracking number of the report sent to the patient, when given. */
  | { type: 'delivered'; courierTracking?: string }
  /** `category`: what the applicant is told (absent on cases cancelled before categories existed). */
  | { type: 'cancelled'; category?: CancelCategory }
  | { type: 'details_viewed' }
  | ConsultEventData
  /** Retention (SPEC section 9): the personal data are gone; workflow and figures stay, anonymous. */
  | { type: 'personal_data_erased' };

export type CaseEventType = CaseEventData['type'];

/** An event as decided by the domain; storage adds ids. */
export interface NewCaseEvent {
  /** Who did it: a Slack user id, or `api:<client>` for the integration API. */
  actor: string;
  effectiveAtMs: number;
  recordedAtMs: number;
  reason: string | null;
  data: CaseEventData;
}

export type ConsultEventData =
  | {
      type: 'consult_requested';
      consult: number;
      area: string;
      /** Kept in the history only: never shown in a channel, thread or DM. */
      question: string | null;
      /**
       * The deadline as working time elapsed on the case's SLA clock, so that a pause moves it with
       * the case's due instant; never more than the SLA target.
       */
      dueElapsedMs: number;
      imageReview: boolean;
    }
  | { type: 'consult_claimed'; consult: number; consultant: string }
  | { type: 'consult_assigned'; consult: number; consultant: string }
  | { type: 'consult_answered'; consult: number }
  | { type: 'consult_withdrawn'; consult: number };

export type ConsultEventType = ConsultEventData['type'];
export const CONSULT_EVENT_TYPES: readonly ConsultEventType[] = [
  'consult_requested',
  'consult_claimed',
  'consult_assigned',
  'consult_answered',
  'consult_withdrawn',
];

export function isConsultEvent(data: { type: string }): data is ConsultEventData {
  return (CONSULT_EVENT_TYPES as readonly string[]).includes(data.type);
}

