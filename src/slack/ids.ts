import type { CaseAction } from '../domain/actions.js';

/**
 * Every action, callback and block id, shared by the Block Kit builders, the listeners and the tests.
 * A button's value is always the case reference.
 */
export const ACTIONS = {
  documents: 'case_documents',
  payment: 'case_payment',
  claim: 'case_claim',
  assign: 'case_assign',
  release: 'case_release',
  requestInfo: 'case_request_info',
  infoReceived: 'case_info_received',
  deliver: 'case_deliver',
  cancel: 'case_cancel',
  details: 'case_details',
  requestConsult: 'case_request_consult',
} as const;
export type CaseActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

/** Other interactive elements: not a case action of their own. */
export const ELEMENTS = {
  /** The card's overflow menu; each option's value is `overflowValue(action, reference)`. */
  more: 'case_more',
  /** A link button to the card (Slack still sends the click; it is only acknowledged). */
  openCase: 'case_open',
  /** App Home: the new-case form. */
  newCase: 'home_new_case',
  /** A consult's overflow menu (Withdraw); each option's value is `overflowValue(action, '<reference>#<consult>')`. */
  consultMore: 'consult_more',
  /** In the payment modal: the details on top (`views.push`). */
  paymentDetails: 'payment_show_details',
} as const;

/** An overflow option names the action and the case: `case_release|SO-2026-0001`. */
export const overflowValue = (actionId: string, reference: string) => `${actionId}|${reference}`;
export function parseOverflowValue(value: string): { actionId: string; reference: string } | null {
  const [actionId, reference, ...rest] = value.split('|');
  return actionId && reference && rest.length === 0 ? { actionId, reference } : null;
}

/** Actions of the domain's table taken with a button of their own (a rejection is made in the documents modal). */
export type ButtonAction = Exclude<CaseAction, 'reject_document' | 'erase_personal_data' | 'record_transfer' | ConsultAction>;

/** Actions on one consult of a case: their buttons carry the consult (see `CONSULT_BUTTON_IDS`). */
export type ConsultAction = 'claim_consult' | 'assign_consult' | 'answer_consult' | 'withdraw_consult';

/** The button of each action; the listeners read it backwards to learn which action was clicked. */
export const BUTTON_IDS = {
  record_documents: ACTIONS.documents,
  confirm_payment: ACTIONS.payment,
  claim: ACTIONS.claim,
  assign: ACTIONS.assign,
  release: ACTIONS.release,
  request_info: ACTIONS.requestInfo,
  info_received: ACTIONS.infoReceived,
  deliver: ACTIONS.deliver,
  cancel: ACTIONS.cancel,
  view_details: ACTIONS.details,
  request_consult: ACTIONS.requestConsult,
} as const satisfies Record<ButtonAction, CaseActionId>;

/** Buttons on one consult; their value is `<reference>#<consult number>`. */
export const CONSULT_BUTTON_IDS = {
  claim_consult: 'consult_claim',
  assign_consult: 'consult_assign',
  answer_consult: 'consult_answer',
  withdraw_consult: 'consult_withdraw',
} as const satisfies Record<ConsultAction, string>;

export const CALLBACKS = {
  newCase: 'new_case',
  documents: 'documents',
  payment: 'payment',
  requestInfo: 'request_info',
  infoReceived: 'info_received',
  assign: 'assign',
  deliver: 'deliver',
  cancel: 'cancel',
  release: 'release',
  details: 'details',
  createFromMessage: 'create_case_from_message',
  requestConsult: 'request_consult',
  assignConsult: 'assign_consult',
  answerConsult: 'answer_consult',
  withdrawConsult: 'withdraw_consult',
  reassignAll: 'reassign_all',
  recordAbsence: 'record_absence',
} as const;

/** Input blocks: the keys of `view.state.values` and of field errors in `response_action: errors`. */
export const BLOCKS = {
  applicantType: 'applicant_type',
  applicantName: 'applicant_name',
  applicantEmail: 'applicant_email',
  patientName: 'patient_name',
  birthDate: 'birth_date',
  taxCode: 'tax_code',
  area: 'pathology_area',
  language: 'language',
  imageReview: 'image_review',
  deliveryChannel: 'delivery_channel',
  notes: 'notes',
  receivedItems: 'received_items',
  correctItems: 'correct_items',
  receivedAt: 'received_at',
  rejectItem: 'reject_item',
  rejectReason: 'reject_reason',
  amount: 'amount',
  valueDate: 'value_date',
  bankReference: 'bank_reference',
  reason: 'reason',
  question: 'question',
  /** Request information: send the question to the applicant by e-mail (SPEC section 10). */
  emailApplicant: 'email_applicant',
  /** New case: the language the applicant is written to. */
  applicantLanguage: 'applicant_language',
  doctor: 'doctor',
  consultArea: 'consult_area',
  consultDueAt: 'consult_due_at',
  absentUser: 'absent_user',
  absenceFrom: 'absence_from',
  absenceTo: 'absence_to',
  cover: 'cover',
  deliveredAt: 'delivered_at',
  courierTracking: 'courier_tracking',
} as const;

/** App Home buttons of absence cover; "Reassign all" carries the absent doctor's user id. */
export const HOME_ACTIONS = {
  recordAbsence: 'home_record_absence',
  back: 'home_back',
  reassignAll: 'home_reassign_all',
} as const;

/** Each input block holds one element; its action id is the block id with this suffix. */
export const inputAction = (block: string) => `${block}_input`;
