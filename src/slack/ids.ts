/**
 * The ids of the interactive elements that are not a case action's button, of the forms that are not
 * a case action's, and of every input block. A case action's button and form ids are in its module
 * (`slack/actions/`); `slack/actions/registry.ts` finds them by action.
 */
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
  /** A reminder DM's Snooze menu; each option's value is `snoozeValue(choice, notification id)`. */
  snooze: 'reminder_snooze',
} as const;

/** A Snooze option names how long and the reminder (its notification row): `working_hour|1234`. */
export const snoozeValue = (choice: string, notificationId: number) => `${choice}|${notificationId}`;

/** An overflow option names the action and the case: `case_release|SO-2026-0001`. */
export const overflowValue = (actionId: string, reference: string) => `${actionId}|${reference}`;
export function parseOverflowValue(value: string): { actionId: string; reference: string } | null {
  const [actionId, reference, ...rest] = value.split('|');
  return actionId && reference && rest.length === 0 ? { actionId, reference } : null;
}

/** What a consult's button carries: the case and the consult number. */
export const consultButtonValue = (reference: string, consult: number) => `${reference}#${consult}`;

/** Forms that are not one case action's (those are in each action's module, `slack/actions/`). */
export const CALLBACKS = {
  newCase: 'new_case',
  createFromMessage: 'create_case_from_message',
  reassignAll: 'reassign_all',
  recordAbsence: 'record_absence',
  /** The coordinators' inbox: an e-mail without a case attached to one, or a new case made for it; a credit matched. */
  attachMail: 'attach_mail',
  newCaseFromMail: 'new_case_from_mail',
  matchTransfer: 'match_transfer',
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
  /** Cancel: the fixed reason category the applicant is told (SPEC section 10). */
  cancelCategory: 'cancel_category',
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
  /** Attach an e-mail: the reference of the case it belongs to. */
  caseReference: 'case_reference',
  /** Match a transfer: the case whose payment it is. */
  caseChoice: 'case_choice',
} as const;

/** App Home buttons of absence cover; "Reassign all" carries the absent doctor's user id. */
export const HOME_ACTIONS = {
  recordAbsence: 'home_record_absence',
  back: 'home_back',
  reassignAll: 'home_reassign_all',
} as const;

/**
 * The coordinators' inbox in App Home (SPEC sections 10 and 11); each button carries the id of its
 * e-mail (`mail_inbound`) or credit (`bank_transfers`).
 */
export const INBOX_ACTIONS = {
  mailHandled: 'inbox_mail_handled',
  attachMail: 'inbox_attach_mail',
  newCaseFromMail: 'inbox_new_case_from_mail',
  matchTransfer: 'inbox_match_transfer',
  dismissTransfer: 'inbox_dismiss_transfer',
} as const;

/** Each input block holds one element; its action id is the block id with this suffix. */
export const inputAction = (block: string) => `${block}_input`;
