import type { DEFAULT_PATHOLOGY_AREAS } from '../config.js';
import type { CaseStatus } from '../domain/case.js';
import type { ApplicantType, ChecklistItemId, RejectionReason } from '../domain/checklist.js';
import type { Language } from '../domain/events.js';
import type { DeliveryChannel, PaymentState } from '../domain/payment.js';
import type { RefusalReason } from '../domain/refusal.js';
import type { CaseAction } from '../domain/actions.js';
import type { SnoozeChoice } from '../domain/notification-policy.js';
import type { ListFilter } from '../db/repositories/case-lists.js';
import type { FieldProblem } from '../domain/text-rules.js';
import { boardEn } from './board-en.js';
// Correspondence with the applicant (SPEC section 10): its own file, like the board's.
import { mailEn } from './mail-en.js';
import { ROLES, type Principal } from '../domain/permissions.js';
import { typedWord, type CatalogueAreaLabels } from './area-labels.js';
import { bankEn } from './bank-en.js';
import { cliEn } from './cli-en.js';
import { configEn } from './config-en.js';
import { myWorkEn } from './my-work-en.js';
import { numbers } from './numbers.js';

/** A button's words (a consult's take its area's name) and who may take the action. */
export interface ActionWords {
  label: string | ((area: string) => string);
  who: string;
}

/** English texts. `it.ts` must provide exactly the same keys (the type checker enforces it). */

const { euro, decimal, percent, plural, plainAmount } = numbers('en');

type DefaultPathologyArea = (typeof DEFAULT_PATHOLOGY_AREAS)[number];

const roleNames = { coordinator: 'coordinator', doctor: 'doctor', manager: 'manager', admin: 'admin', integration: 'the web form' } satisfies Record<Principal, string>;

/** A case's status as it reads after "while the case is …". */
const statePhrase = {
  intake: 'in intake, waiting for documents',
  ready: 'waiting for a reviewer',
  in_review: 'in review',
  awaiting_info: 'waiting for information',
  delivered: 'delivered',
  cancelled: 'cancelled',
} satisfies Record<CaseStatus, string>;

/** The pathology areas the configuration starts with: the catalogue labels every one of them. */
const pathologyAreas: CatalogueAreaLabels = {
  head_and_neck: 'Head and neck',
  brain_and_spine: 'Brain and spine',
  sarcoma: 'Sarcoma',
  prostate: 'Prostate',
  pancreas: 'Pancreas',
  eye: 'Eye',
  paediatric: 'Paediatric',
  other: 'Other',
} satisfies Record<DefaultPathologyArea, string>;

/**
 * Closures the catalogue names otherwise, by the name configuration or the holiday rules give them;
 * any other closure is shown by that name.
 */
type ClosureNames = Readonly<Partial<Record<string, string>>>;
const closures: ClosureNames = { 'San Siro': 'San Siro (patron saint of Pavia)' };

/** A role by its name; a string that names no role, as given. */
const roleName = (role: string) => {
  const known = ROLES.find((r) => r === role);
  return known ? roleNames[known] : role;
};

/** Roles a person can be given, in words: the web form's pseudo-role is not one of them. */
const peopleRoles = (roles: readonly Principal[]) => roles.filter((x) => x !== 'integration').map((x) => roleNames[x]);

export const en = {
  euro,
  percent,
  board: boardEn,
  mail: mailEn,
  /** Bank statements and transfers (SPEC section 11). */
  bank: bankEn,
  cli: cliEn,
  config: configEn,
  /** The morning DM and the pinned Today message (SPEC section 5). */
  myWork: myWorkEn,
  /** An amount as a person would type it back into the payment modal. */
  amountInput: plainAmount,
  decimal,
  /** A calendar date alone (birth date, value date). */
  dateFormat: 'd MMM yyyy',
  duration: {
    days: (n: number) => `${n} working ${plural(n, 'day', 'days')}`,
    hours: (n: number) => `${n} h`,
    minutes: (n: number) => `${n} min`,
    /** Hours or minutes with no days before them: "working" is said wherever working time is counted. */
    workingHours: (n: number) => `${n} working h`,
    workingMinutes: (n: number) => `${n} working min`,
  },
  explain: {
    start: (at: string) => `Documentation complete: ${at}; counting starts at once.`,
    startLater: (at: string, from: string) => `Documentation complete: ${at}; counting starts at the next opening, ${from}.`,
    closedDay: (date: string, reason: string) => `Closed, not counted: ${date} (${reason}).`,
    pause: (from: string, to: string | null, excluded: string) =>
      to === null
        ? `Paused since ${from}, waiting for information (${excluded} so far).`
        : `Paused from ${from} to ${to}: ${excluded} not counted.`,
    stop: (at: string) => `Opinion delivered: ${at}.`,
    due: (at: string, target: string) => `Answer due by ${at} (target: ${target}).`,
  },
  roles: roleNames,
  /** Labels of the pathology areas; a configured area missing here is shown by its words, never by its id. */
  areas: pathologyAreas,
  closures,
  status: {
    intake: 'Intake',
    ready: 'Ready',
    in_review: 'In review',
    awaiting_info: 'Awaiting information',
    delivered: 'Delivered',
    cancelled: 'Cancelled',
  } satisfies Record<CaseStatus, string>,
  statusPaymentPending: (status: string) => `${status} · payment pending`,
  applicant: { patient: 'Patient', representative: 'Representative' } satisfies Record<ApplicantType, string>,
  language: { it: 'Italian', en: 'English' } satisfies Record<Language, string>,
  deliveryChannel: { email: 'E-mail', pec: 'Certified e-mail (PEC)', courier: 'Courier / post', hand: 'By hand' } satisfies Record<DeliveryChannel, string>,
  items: {
    request_form: 'Signed request form',
    privacy_consent: 'Privacy consent (countersigned)',
    patient_identity_card: "Patient's identity card",
    patient_health_card: "Patient's health card",
    clinical_documentation: 'Full clinical documentation',
    referring_physician_report: "Referring physician's report",
    bank_transfer_copy: 'Copy of the bank transfer',
    representative_identity_card: "Representative's identity card",
    legal_representation_proof: 'Proof of legal representation',
    diagnostic_images: 'Latest diagnostic images (MRI, CT, PET)',
  } satisfies Record<ChecklistItemId, string>,
  rejectionReasons: {
    illegible: 'illegible',
    wrong_language: 'wrong language (Italian or English needed)',
    not_countersigned: 'not countersigned',
    incomplete: 'incomplete',
    expired: 'expired',
    wrong_document: 'wrong document',
    other: 'other reason (recorded in the history)',
  } satisfies Record<RejectionReason, string>,
  /** A rejection reason said of one document (Italian makes it agree: "tessera … scaduta"). */
  rejectionReason: (_item: ChecklistItemId, reason: RejectionReason): string => en.rejectionReasons[reason],
  payment: {
    pending: (expected: number) => `Payment pending (${euro(expected)} expected)`,
    confirmed: (received: number) => `Paid ${euro(received)}`,
    mismatch_accepted: (received: number, expected: number) => `Paid ${euro(received)} of ${euro(expected)} (difference accepted)`,
  } satisfies Record<PaymentState, (...amounts: never[]) => string>,
  sla: {
    notStarted: 'Waiting for documents: SLA not started',
    running: (due: string, remaining: string) => `${remaining} left · due ${due}`,
    dueSoon: (due: string, remaining: string) => `Due soon: ${remaining} left · due ${due}`,
    paused: (due: string, remaining: string) => `Paused, waiting for information · ${remaining} left (due ${due} before the pause)`,
    breached: (due: string, overdue: string) => `Breached by ${overdue} · was due ${due}`,
    dueNow: (due: string) => `Breached: due now, ${due}`,
    stoppedMet: (at: string) => `Delivered ${at}: on time`,
    stoppedBreached: (at: string, overdue: string) => `Delivered ${at}: late by ${overdue}`,
    met: (turnaround: string, target: string) => `Met: delivered in ${turnaround} (target ${target})`,
    late: (turnaround: string, target: string) => `Breached: delivered in ${turnaround} (target ${target})`,
    cancelled: 'Cancelled: SLA stopped',
  },
  card: {
    title: (reference: string) => `Second opinion ${reference}`,
    fallback: (reference: string, status: string) => `${reference}: ${status}`,
    holder: (user: string) => `held by ${user}`,
    nobody: 'no reviewer yet',
    imageReview: 'image review',
    documents: (received: number, required: number) => `Documents: ${received}/${required} received`,
    missing: 'Missing',
    rejected: (item: ChecklistItemId, reason: string) => `${en.items[item]} (rejected: ${reason})`,
    complete: 'Documentation complete',
    more: 'More',
    workingDays: (n: number) => `${decimal(n, Number.isInteger(n) ? 0 : 1)} working ${plural(n, 'day', 'days')}`,
  },
  /**
   * Each action of the domain's table, by its id: the words of its button (a consult's name its area)
   * and who does it, for a refusal that says so. Typed by the table: a new action without its words
   * does not compile.
   */
  actions: {
    claim: { label: 'Claim', who: 'Doctors claim cases' },
    deliver: { label: 'Opinion delivered', who: 'The doctor who holds the case marks the opinion delivered' },
    info_received: { label: 'Information received', who: 'The doctor who holds the case, or a coordinator, records the information' },
    request_info: { label: 'Request information', who: 'The doctor who holds the case, or a coordinator, asks for information' },
    assign: { label: 'Assign', who: 'Coordinators assign cases' },
    record_documents: { label: 'Documents', who: 'Coordinators record documents' },
    reject_document: { label: 'Reject a document', who: 'Coordinators reject documents' },
    confirm_payment: { label: 'Confirm payment', who: 'Coordinators confirm payments' },
    record_transfer: { label: 'Match to case', who: 'Coordinators match bank transfers to cases' },
    release: { label: 'Release', who: 'The doctor who holds the case, or a coordinator, releases it' },
    request_consult: { label: 'Request consult', who: 'The lead doctor, or a coordinator, asks for a consult' },
    view_details: { label: 'Details', who: 'Coordinators, doctors, managers and admins see the details' },
    cancel: { label: 'Cancel case', who: 'Coordinators cancel cases' },
    claim_consult: { label: (area: string) => `Claim ${area} consult`, who: "Doctors of the consult's area claim it" },
    assign_consult: { label: (area: string) => `Assign ${area} consult`, who: 'The lead doctor, or a coordinator, assigns a consult' },
    answer_consult: { label: (area: string) => `Record ${area} answer`, who: 'The consultant, or a coordinator for them, records the answer' },
    withdraw_consult: { label: (area: string) => `Withdraw ${area} consult`, who: 'The lead doctor, or a coordinator, withdraws a consult' },
    erase_personal_data: { label: 'Erase personal data', who: 'Personal data are erased by the retention job or an administrator' },
  } satisfies Record<CaseAction, ActionWords>,
  buttons: {
    openCase: 'Open case',
    newCase: 'New case',
  },
  more: (n: number) => `… and ${n} more`,
  thread: {
    created: (by: string) => `${by} created the case.`,
    documentsReceived: (by: string, items: string) => `${by} recorded as received: ${items}.`,
    documentsReceivedAt: (by: string, items: string, at: string) => `${by} recorded as received: ${items} (they arrived ${at}).`,
    documentRejected: (by: string, item: ChecklistItemId, reason: string) => `${by} rejected ${en.items[item]}: ${reason}.`,
    complete: (due: string) => `The documentation is complete: the SLA clock runs, the answer is due by ${due}.`,
    dueMoved: (due: string) => `The answer is now due by ${due}.`,
    paymentConfirmed: (by: string, amount: string) => `${by} confirmed the payment of ${amount}.`,
    paymentMismatch: (by: string, amount: string, expected: string) =>
      `${by} accepted a payment of ${amount} instead of ${expected} (the reason is in Details).`,
    ready: 'Ready for review: waiting for a doctor.',
    claimed: (by: string) => `${by} claimed the case.`,
    assigned: (by: string, to: string) => `${by} assigned the case to ${to}.`,
    released: (by: string) => `${by} released the case: it is waiting for a doctor again.`,
    infoRequested: (by: string) => `${by} asked for more information: the SLA clock is paused.`,
    infoReceived: (by: string, due: string) => `${by} recorded the information as received: the SLA clock runs again, due ${due}.`,
    infoReceivedAt: (by: string, at: string, due: string) =>
      `${by} recorded the information as received (it arrived ${at}): the SLA clock runs again, due ${due}.`,
    delivered: (by: string, outcome: string) => `${by} marked the opinion delivered (${outcome}).`,
    deliveredAt: (by: string, at: string, outcome: string) => `${by} marked the opinion delivered on ${at} (${outcome}).`,
    cancelled: (by: string) => `${by} cancelled the case (the reason is in Details).`,
    detailsViewed: (by: string) => `${by} viewed the personal data.`,
    onTime: 'on time',
    late: 'late',
    integration: 'The web form',
  },
  modals: {
    submit: 'Save',
    close: 'Close',
    /** The first line of every modal about a case: which case it is. */
    caseHeading: (reference: string, area: string, status: string) => `*${reference}* · ${area} · ${status}`,
    newCase: {
      title: 'New case',
      submit: 'Create',
      applicantType: 'Applicant',
      applicantName: 'Applicant name',
      applicantEmail: 'Applicant e-mail',
      patientName: 'Patient name',
      birthDate: 'Patient date of birth',
      taxCode: 'Patient tax code',
      area: 'Pathology area',
      language: 'Documentation language',
      imageReview: 'Options',
      imageReviewOption: 'Review and new report of the diagnostic images (surcharge)',
      deliveryChannel: 'Documents arrived by',
      notes: 'Notes',
    },
    documents: {
      title: 'Documents',
      state: 'Checklist',
      missingItem: (item: ChecklistItemId) => `:white_circle: ${en.items[item]}: missing`,
      receivedItem: (item: ChecklistItemId, at: string) => `:white_check_mark: ${en.items[item]}: received ${at}`,
      rejectedItem: (item: ChecklistItemId, reason: string) => `:x: ${en.items[item]}: rejected (${reason})`,
      received: 'Mark as received',
      receivedAt: 'Received at',
      receivedAtHint: 'When the documents arrived; may be earlier than now (a parcel opened today).',
      reject: 'Reject documents',
      rejectReason: 'Reason for rejecting',
      nothing: 'Tick a received document or choose one to reject.',
      reasonNeeded: 'Say why the documents are rejected.',
      correct: 'Correct the arrival time of',
      allReceived: 'Every required document is received.',
    },
    payment: {
      title: 'Confirm payment',
      expected: (amount: string, reason: string) => `Expected *${amount}*, transfer reason "${reason}".`,
      amount: 'Amount received (€)',
      valueDate: 'Value date',
      bankReference: 'Bank reference (CRO/TRN)',
      reason: 'Reason to accept a different amount',
      badAmount: 'Write an amount such as 668, 668.00 or € 668',
      showDetails: 'Show the patient name',
    },
    requestInfo: { title: 'Request information', question: 'What is needed', hint: 'Pauses the SLA until it arrives.' },
    infoReceived: {
      title: 'Information received',
      at: 'Received at',
      hint: 'Resumes the SLA clock from this time.',
      question: (by: string, since: string) => `*Asked by ${by} on ${since}:*`,
    },
    assign: {
      title: 'Assign reviewer',
      doctor: 'Doctor',
      noDoctors: 'No doctors yet: an admin adds them with /so staff add @user doctor.',
      option: (name: string, open: number, suggested: boolean) => `${name} · ${open} open ${plural(open, 'case', 'cases')}${suggested ? ' · suggested' : ''}`,
      unnamed: (n: number) => `Doctor ${n} (no name recorded)`,
    },
    deliver: {
      title: 'Opinion delivered',
      submit: 'Confirm',
      confirm: (reference: string) => `Mark the opinion for ${reference} as delivered? This stops the SLA clock.`,
    },
    release: {
      title: 'Release case',
      submit: 'Release',
      confirm: (reference: string) => `Release ${reference}? It goes back to waiting for a doctor; the SLA clock keeps running.`,
    },
    cancel: { title: 'Cancel case', submit: 'Cancel case', reason: 'Reason', confirm: (reference: string) => `Cancel ${reference}? This cannot be undone.` },
    details: {
      title: 'Case details',
      recorded: 'This view is recorded in the case history.',
      applicant: 'Applicant',
      patient: 'Patient',
      birthDate: 'Date of birth',
      taxCode: 'Tax code',
      contacts: 'Contacts',
      notes: 'Notes',
      transferReason: 'Expected transfer reason',
      transferReasonPattern: '<patient name> - CNAO Second Opinion (name in Details)',
      pendingQuestion: 'Question waiting for an answer',
      askedBy: (by: string, at: string) => `asked by ${by} on ${at}`,
      cancelReason: 'Reason for cancelling',
      payment: 'Payment',
      paymentLine: (amount: string, valueDate: string, reference: string) => `${amount}, value date ${valueDate}, bank reference ${reference}`,
      mismatchReason: 'Reason the amount was accepted',
      none: '—',
    },
  },
  /**
   * Modals guide (SPEC section 5, issue 18): an example in every free-text field's placeholder; Slack's
   * date-time picker takes no placeholder, so its hint carries the example. Slack adds "(optional)" itself.
   */
  guide: {
    choose: 'Choose…',
    applicantName: 'e.g. Giulia Verdi',
    applicantEmail: 'e.g. giulia.verdi@example.org',
    patientName: 'e.g. Paolo Verdi',
    birthDate: 'e.g. 14 Mar 1958',
    taxCode: 'e.g. VRDPLA58C14G388X',
    notes: 'e.g. Asks about the proposed radiotherapy; referred by Dr Rossi',
    amount: 'e.g. 518.00',
    bankReference: 'e.g. CRO 0123456789012',
    mismatchReason: 'e.g. The bank kept a €2.00 fee',
    question: 'e.g. The report of the latest MRI (October 2026) and the histology',
    cancelReason: 'e.g. Duplicate of SO-2026-0012',
    consultQuestion: 'e.g. Is the skull-base lesion in the field of the previous treatment?',
    withdrawReason: 'e.g. Answered at the board meeting',
    courierTracking: 'e.g. 1Z999AA10123456784',
    cover: 'A colleague, or nobody',
    date: 'e.g. 14 Dec 2026',
    deliveredAt: 'Delivered at',
    deliveredAtHint: 'When the opinion left for the patient, e.g. yesterday 17:00 by courier: now or earlier, never before the documentation was complete.',
    courierTrackingLabel: 'Courier tracking number',
    courierTrackingHint: 'Recorded with the delivery and shown in Details, never in a channel.',
    /** The Assign picker: who covers the case's area, who is away. */
    covers: (area: string, present: string, away: string) =>
      `${present ? `${area} is covered by ${present}.` : `Nobody present covers ${area}: choose a doctor of another area.`}${away ? ` Away: ${away}.` : ''}`,
    doctorOption: (name: string, areas: string, open: number, consultsHeld: number, away: boolean) =>
      `${name} · ${areas} · ${open} open ${plural(open, 'case', 'cases')}${consultsHeld > 0 ? ` · ${consultsHeld} ${plural(consultsHeld, 'consult', 'consults')}` : ''}${away ? ' · away' : ''}`,
    noArea: 'no area',
  },
  commands: {
    /** `/so help`: a line per subcommand; each asker sees only those their roles may use. */
    help: {
      title: '*/so* commands:',
      new: '• `/so new`: open the new-case form',
      status: '• `/so status SO-2026-0001`: where a case stands',
      list: '• `/so list [mine|unassigned|due|breached|paused|intake]`: open cases',
      when: '• `/so when [2026-12-04 16:00]`: if the documentation is complete then, when is the answer due?',
      digest: '• `/so digest`: the SLA digest now',
      report: '• `/so report [2026-11 | 2026-11-01 2026-11-30]`: the SLA report for a period, with a CSV and a chart',
      away: '• `/so away 2026-12-14 2026-12-18 [@cover]`, `/so back`: record an absence (both days included), end it',
      staff:
        '• `/so staff add @user <coordinator|doctor|manager|admin> [areas]`, `/so staff remove @user <role>`, `/so staff list`: who does what; areas as `head-and-neck`, `radiology`',
      help: '• `/so help`: this text',
      otherWords: 'Italian words work too (`/so stato`, `/so elenco miei`, …).',
      noRole: 'You have no role in opinion-desk yet: an admin gives you one with `/so staff add`.',
    },
    /** Words a person may type for each subcommand and list filter (the English ones always work). */
    words: {
      new: ['new'],
      status: ['status'],
      list: ['list'],
      digest: ['digest'],
      report: ['report'],
      when: ['when'],
      away: ['away'],
      back: ['back'],
      staff: ['staff'],
      help: ['help'],
    } satisfies Record<string, string[]>,
    filterWords: {
      all: ['all'],
      mine: ['mine'],
      unassigned: ['unassigned'],
      due: ['due'],
      breached: ['breached'],
      paused: ['paused'],
      intake: ['intake'],
    } satisfies Record<ListFilter, string[]>,
    unknownCommand: (typed: string, suggestion: string | null) =>
      `Unknown command \`${typed}\`${suggestion ? `: did you mean \`/so ${suggestion}\`?` : '.'}`,
    unknownFilter: (typed: string, suggestion: string | null, all: string) =>
      `Unknown list filter \`${typed}\`${suggestion ? `: did you mean \`${suggestion}\`?` : '.'} Filters: ${all}.`,
    unknownCase: (reference: string) => `There is no case ${reference}.`,
    statusUsage: 'Name the case: `/so status SO-2026-0001`.',
    listTitle: (filter: string, n: number) => `*${n} open ${plural(n, 'case', 'cases')}* (${filter})`,
    listEmpty: (filter: string) => `No open cases (${filter}).`,
    filters: {
      all: 'all',
      mine: 'mine',
      unassigned: 'unassigned',
      due: 'due within 1 working day',
      breached: 'breached',
      paused: 'paused',
      intake: 'in intake',
    } satisfies Record<ListFilter, string>,
    when: (complete: string, due: string) => `Documentation complete ${complete} → answer due by *${due}*.`,
    whenCountsFrom: (from: string) => `Counting starts at the next opening, ${from}.`,
    whenClosures: 'Closed days on the way (besides weekends):',
    whenNoClosures: 'No holidays on the way; weekends are not counted.',
    whenTarget: (target: string) => `Target: ${target}.`,
    badWhen: 'Write the date and time as YYYY-MM-DD HH:mm (or a date alone), e.g. `/so when 2026-12-04 16:00`.',
    whenOutOfRange: 'Give a date within two years of today, e.g. `/so when 2026-12-04 16:00`.',
    staffAdded: (user: string, role: string, areas: string) => `${user} is now ${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}${areas ? ` (${areas})` : ''}.`,
    staffRemoved: (user: string, role: string) => `${user} is no longer ${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}.`,
    staffUsage: 'Use `/so staff add @user <role> [areas]`, `/so staff remove @user <role>` or `/so staff list`.',
    /** The verbs of `/so staff`, as typed. */
    staffVerbs: { add: ['add'], remove: ['remove'], list: ['list'] } satisfies Record<'add' | 'remove' | 'list', string[]>,
    staffEmpty: 'No staff yet.',
    staffLine: (user: string, role: string, areas: string) => `• ${user}: ${role}${areas ? ` (${areas})` : ''}`,
  },
  digest: {
    title: (date: string) => `SLA digest · ${date}`,
    fallback: (breached: number, dueSoon: number) => `SLA digest: ${breached} breached, ${dueSoon} due within 1 working day`,
    breached: 'Breached',
    dueSoon: 'Due within 1 working day',
    unassigned: 'Ready, waiting for a reviewer',
    pausedLongest: 'Paused longest',
    pausedSince: (since: string) => `paused since ${since}`,
    since: (from: string, created: number, delivered: number) => `Since the previous digest (${from}): ${created} new, ${delivered} delivered.`,
    paymentPending: (n: number) => `${n} ${plural(n, 'case', 'cases')} in review or ready with the payment pending (no delivery until it is confirmed)`,
    last30: (delivered: number, rate: string, median: string) =>
      `Last 30 days: ${delivered} delivered · on time ${rate} · median turnaround ${median}.`,
    perDoctor: 'Open cases per doctor',
    none: 'None.',
    notAvailable: 'n/a',
    workingDays: (n: number) => `${decimal(n, 1)} working days`,
  },
  report: {
    title: (from: string, to: string) => `SLA report · ${from} – ${to}`,
    fallback: (from: string, to: string, delivered: number, rate: string) => `SLA report ${from} – ${to}: ${delivered} delivered, on time ${rate}`,
    delivered: (n: number, rate: string) => `*${n}* delivered · on time *${rate}*`,
    turnaround: (median: string, p90: string) => `Turnaround on the SLA clock: median ${median} · 90th percentile ${p90}`,
    paused: (n: number, hours: string) => `Paused: ${n} ${plural(n, 'time', 'times')}, ${hours} working hours`,
    openNow: (open: number, breached: number) => `Open now: ${open} · breached now: ${breached}`,
    byArea: 'By pathology area',
    byDoctor: 'By doctor',
    line: (name: string, delivered: number, rate: string, median: string, open: number, breached: number) =>
      `${name}: ${delivered} delivered, on time ${rate}, median ${median} · open ${open}, breached ${breached}`,
    none: 'Nothing to report.',
    notAvailable: 'n/a',
    workingDays: (n: number) => `${decimal(n, 1)} working days`,
    hours: (n: number) => decimal(n, 1),
    files: 'The CSV and the chart of the last 12 weeks follow in a moment.',
    filesDm: 'The CSV and the chart of the last 12 weeks come to you by direct message.',
    csvComment: (from: string, to: string) => `SLA report ${from} – ${to} (CSV: one row for the period, per area and per doctor)`,
    csvFilename: (fromIso: string, toIso: string) => `sla-report-${fromIso}-${toIso}.csv`,
    usage: 'Use `/so report` (this month), `/so report 2026-11` or `/so report 2026-11-01 2026-11-30`.',
    periodProblems: {
      bad_month: 'A month looks like 2026-11.',
      bad_date: 'Dates look like 2026-11-30.',
      only_one_bound: 'Give a month, or two dates (from and to).',
      ends_before_start: 'The period ends before it starts.',
      too_long: 'A report covers at most three years.',
    },
  },
  chart: {
    title: (from: string, to: string) => `Last 12 weeks · ${from} – ${to}`,
    subtitle: 'Bars: opinions delivered per week · line: open cases at week end · dots: on-time rate',
    week: 'Week starting (Monday)',
    cases: 'Cases',
    onTimeRate: 'On time (%)',
    delivered: 'Delivered',
    openAtEnd: 'Open at week end',
    onTime: 'On time',
    comment: (from: string, to: string) => `SLA over the last 12 weeks (${from} – ${to})`,
    /** The file name keeps the sortable ISO date. */
    filename: (toDate: string) => `sla-last-12-weeks-${toDate}.png`,
  },
  retention: {
    threadLine: 'Personal data erased (retention): the workflow and figures of this case remain.',
    erased: (at: string) => `The personal data of this case were erased on ${at} (retention). Its workflow and figures remain.`,
  },
  // Who acted at the operator's command line (issue 16): the operator's login, and whom they acted for.
  commandLine: {
    actingFor: (user: string, login: string) => `${user} (command line, operator ${login})`,
    operator: (login: string) => `The command line (operator ${login})`,
  },
  // A member of staff whose role was removed while they still hold cases (issue 16).
  staffGone: {
    stillHolds: (user: string, count: number) =>
      `${user} still holds ${count} open ${plural(count, 'case', 'cases')}: reassign ${plural(count, 'it', 'them')}; until then their reminders go to the coordinators.`,
    reminder: (user: string, text: string) => `${text} (for ${user}, who no longer has the doctor role: reassign the case)`,
  },
  errors: {
    unexpected: 'Something went wrong: please try again shortly.',
    // A form's change failed to be written (one transaction): say that none of it was applied.
    notSaved: 'The form could not be saved: nothing was changed. Please try again shortly; if it keeps failing, tell the IT team.',
    formDidNotOpen: 'The form did not open: Slack did not answer in time. Nothing was changed; please try again.',
  },
  /** Reaching the people who act (SPEC section 5): what asks someone to act, worded for them. */
  /** Snooze on a reminder DM (SPEC section 5): the menu, its choices, and the DM once snoozed. */
  snooze: {
    menu: 'Snooze',
    choices: { working_hour: 'Snooze 1 working hour', next_opening: 'Snooze until the next opening' } satisfies Record<SnoozeChoice, string>,
    snoozed: (until: string) => `:zzz: Snoozed until ${until}: you will be reminded then.`,
    untilDue: (until: string) => `:zzz: Snoozed until ${until}, when it falls due: you will be reminded then.`,
  },
  reach: {
    consultQuestion: 'The question',
    consultRequested: (ref: string, area: string, due: string) =>
      `:stethoscope: ${ref}: a ${area} consult has been requested, due ${due}. Claim it to see the question (in App Home and in the answer form).`,
    /** The image-review consult has no typed question: what it asks for is said instead. */
    imageReviewRequested: (ref: string, area: string, due: string) => `:stethoscope: ${ref}: a ${area} consult for the new report on the images (image review) has been requested, due ${due}.`,
    imageReviewQuestion: 'A new report on the diagnostic images (image review).',
    /** The DM that offered Claim, rewritten once the consult is someone's (or withdrawn): no button left. */
    consultClaimedBy: (ref: string, area: string, by: string) => `:stethoscope: ${ref}: the ${area} consult has been claimed by ${by}.`,
    consultAssignedTo: (ref: string, area: string, to: string) => `:stethoscope: ${ref}: the ${area} consult has been assigned to ${to}.`,
    consultWithdrawn: (ref: string, area: string) => `:stethoscope: ${ref}: the ${area} consult has been withdrawn.`,
    /** One DM for several of a person's cases at the same threshold: its first line, then one line per case. */
    grouped: (n: number, what: string) => `${n} of your cases at the same deadline${what ? `: ${what}` : ':'}`,
    /** Managers' alerts: who holds the case and what holds it back. */
    cause: {
      heldBy: (name: string) => `held by ${name}`,
      nobody: 'no reviewer yet',
      awaitingInfo: (since: string) => `blocked: waiting for information since ${since}`,
      consult: (area: string) => `waiting for the ${area} consult`,
      paymentSince: (since: string) => `blocked: payment unconfirmed since ${since}`,
      payment: 'blocked: payment unconfirmed',
      documents: 'blocked: documents missing',
    },
    sla: {
      imminent: (due: string, remaining: string) => `Due very soon: ${remaining} left · due ${due}`,
    },
    /** The card's first line: the state in a few words, between the reference and the holder. */
    headline: {
      notStarted: 'waiting for documents',
      running: (left: string) => `${left} left`,
      dueSoon: (left: string) => `due soon: ${left} left`,
      imminent: (left: string) => `due very soon: ${left} left`,
      breached: (overdue: string) => `breached by ${overdue}`,
      dueNow: 'breached: due now',
      paused: (left: string) => `paused, ${left} left`,
      met: 'delivered on time',
      late: 'delivered late',
      cancelled: 'cancelled',
    },
    infoRequested: (ref: string, by: string) =>
      `:telephone_receiver: ${ref}: ${by} asked for more information, and the SLA clock is paused until it arrives. Please contact the applicant (the question is in Details).`,
  },
  notify: {
    unclaimed: (ref: string, since: string) => `:hourglass: ${ref} has been waiting for a reviewer since ${since}: claim it, or a coordinator can assign it.`,
    unclaimedEscalation: (ref: string, since: string, due: string) => `:warning: ${ref} has had no reviewer since ${since}; the answer is due ${due}.`,
    unclaimedEscalationOverdue: (ref: string, since: string, due: string, overdue: string) =>
      `:warning: ${ref} has had no reviewer since ${since}; the answer was due ${due}: breached by ${overdue}.`,
    dueSoon: (ref: string, due: string, left: string) => `:alarm_clock: ${ref} is due ${due} (${left} left).`,
    dueImminent: (ref: string, due: string, left: string) => `:alarm_clock: ${ref} is due very soon: ${due} (${left} left).`,
    breached: (ref: string, due: string, overdue: string) => `:rotating_light: ${ref} is breached by ${overdue} (it was due ${due}).`,
    awaitingInfo: (ref: string, since: string, by: string, waited: string) =>
      `:mailbox_with_no_mail: ${ref} has been waiting ${waited} (since ${since}) for the information ${by} asked for: please chase the applicant (the question is in Details).`,
    intakeStale: (ref: string, missing: number, age: string) =>
      `:file_folder: ${ref} still has ${missing} required ${plural(missing, 'document', 'documents')} missing, ${age} after it was created.`,
    paymentPending: (ref: string, since: string, waited: string, reviewUnderWay: boolean) =>
      `:bank: ${ref}: the payment is still unconfirmed ${waited} after the copy of the transfer arrived (${since})${reviewUnderWay ? '; the opinion cannot be delivered until it is' : ''}.`,
    holder: (user: string) => `held by ${user}`,
  },
  home: {
    title: 'Second opinions',
    noRole: 'You have no role in opinion-desk yet: ask an admin (`/so staff add`).',
    doctorHeader: 'My cases, soonest due first',
    doctorEmpty: 'No cases assigned to you.',
    claimable: 'Waiting for a reviewer in my areas',
    claimableEmpty: 'No case in your areas is waiting for a reviewer.',
    pendingQuestion: (question: string) => `Your question: _${question}_`,
    intake: 'Intake: waiting for documents',
    waitingDocuments: 'Waiting for documents',
    waitingPayment: 'Payment pending',
    waitingAssignment: 'Waiting for a reviewer',
    toChase: 'To chase: waiting for information',
    chaseLine: (since: string, by: string) => `waiting since ${since}, asked by ${by}`,
    none: 'None.',
    managerHeader: 'SLA summary',
    breached: 'Breached',
    dueSoon: 'Due within 1 working day',
    counts: (open: number, breached: number, dueSoon: number, paused: number) =>
      `${open} open · ${breached} breached · ${dueSoon} due within 1 working day · ${paused} paused`,
    caseLine: (reference: string, area: string, status: string, sla: string) => `${reference} · ${area} · ${status} · ${sla}`,
    holder: (user: string) => `held by ${user}`,
    unassigned: 'no reviewer',
  },
  /** What would work instead of a refused action (see slack/views/refusal-hint.ts). */
  hints: {
    use: (button: string) => `use ${button}`,
    instead: (use: string) => `You can ${use}.`,
  },
  fieldProblem: (p: FieldProblem): string => {
    switch (p.key) {
      case 'required':
        return 'This field is required.';
      case 'too_long':
        return `At most ${p.max} characters.`;
      case 'control_characters':
        return 'Contains control characters (such as NUL); remove them.';
      case 'invalid_email':
        return 'Not a valid e-mail address.';
      case 'invalid_choice':
        return `Expected one of ${p.options.join(', ')}.`;
      case 'unknown_field':
        return `Unknown field ${p.fields.join(', ')}.`;
      case 'unknown_area':
        return `Unknown pathology area; expected one of ${p.areas.join(', ')}.`;
      case 'invalid_birth_date':
        return 'The birth date must be a real date in the past.';
      case 'invalid_instant':
        return 'Not a date-time such as 2026-12-04T16:00:00+01:00 (without an offset: the calendar\'s time zone).';
      case 'invalid':
        return 'Not a valid value.';
      case 'not_an_object':
        return 'The body must be a JSON object.';
    }
  },
  /** `area` names a specialist area by its label (configured areas carry their own: see area-labels.ts). */
  refusal: (r: RefusalReason, area: (id: string) => string): string => {
    switch (r.key) {
      case 'needs_role':
        return `This needs the role ${peopleRoles(r.roles).join(' or ')}.`;
      case 'holder_only':
        return 'Only the doctor who holds this case, or a coordinator, can do this.';
      case 'already_held':
        return `This case is already held by <@${r.holder}>.`;
      case 'wrong_state':
        return `Not possible while the case is ${statePhrase[r.status]}.`;
      case 'required':
        return { reason: 'A reason is required.', question: 'Write what is needed.', bank_reference: 'The bank reference is required.' }[r.what];
      case 'invalid_instant':
        return 'Not a valid date and time.';
      case 'future_instant':
        return 'This cannot be in the future.';
      case 'bad_text':
        return en.fieldProblem(r.problem);
      case 'too_early_instant':
        return 'This is more than a year before the case was created.';
      case 'unknown_item':
        return `Unknown checklist item ${r.item}.`;
      case 'duplicate_item':
        return `Item ${r.item} is listed twice.`;
      case 'docs_complete':
        return 'The documentation is complete: only the arrival time of a received document can be corrected.';
      case 'payment_already_confirmed':
        return 'The payment is already confirmed.';
      case 'invalid_amount':
        return 'The amount must be positive.';
      case 'invalid_value_date':
        return 'The value date cannot be in the future.';
      case 'payment_mismatch':
        return `The amount is ${r.mismatch === 'underpaid' ? 'less' : 'more'} than the expected ${euro(r.expectedCents)}: write why it is accepted.`;
      case 'not_a_doctor':
        return 'Cases can only be assigned to doctors.';
      case 'info_before_request':
        return 'The information cannot arrive before it was requested.';
      case 'unpaid_delivery':
        return 'The opinion cannot be delivered before the payment is confirmed.';
      case 'delivered_too_early':
        return 'The opinion cannot have been delivered before the documentation was complete, nor before the information asked for arrived.';
      case 'not_found':
        return `No case ${r.reference}.`;
      case 'idempotency_conflict':
        return 'This idempotency key or externalId was already used for a different request.';
      case 'erased_case_request':
        return 'This idempotency key or externalId belongs to a case whose personal data were erased: it cannot be used again.';
      case 'role_not_held':
        return `That person does not have the role ${roleName(r.role)}.`;
      case 'unknown_staff_area':
        return `Unknown area ${r.area}; expected one of ${r.areas.map((a) => typedWord(area(a))).join(', ')}.`;
      case 'absence_range':
        return 'An absence ends after it starts, and lasts less than a year.';
      case 'reminder_over':
        return 'Nothing left to snooze: the case has moved on since this reminder.';
      case 'inbox_item_gone':
        return 'Already handled (by you or another coordinator): nothing left to do.';
      case 'absence_over':
        return 'That absence is already over.';
      case 'cover_not_staff':
        return 'The cover must be a member of staff (a doctor or a coordinator).';
      case 'own_absence_only':
        return 'A doctor records their own absences; a coordinator can record one for a colleague.';
      case 'unknown_consult':
        return 'No such consult on this case.';
      case 'consult_closed':
        return `The ${area(r.area)} consult is already ${boardEn.consultState[r.state]}.`;
      case 'too_long':
        return `Too long: at most ${r.max} characters.`;
      case 'consult_before_documents':
        return 'A consult can be requested once the documentation is complete (the SLA runs).';
      case 'consult_deadline_past':
        return 'The deadline must be in the future.';
      case 'consult_after_case_due':
        return 'A consult cannot be due after the case itself is due.';
      case 'consult_held':
        return `The ${area(r.area)} consult is already held by <@${r.holder}>.`;
      case 'not_in_area':
        return `Only a doctor of the ${area(r.area)} area can take this consult.`;
      case 'consult_unclaimed':
        return `The ${area(r.area)} consult has no consultant yet: claim or assign it first.`;
      case 'consult_pending':
        return `The opinion cannot be delivered while the ${area(r.area)} consult is ${boardEn.consultState[r.state]}: wait for its answer or withdraw it (with a reason).`;
      case 'self_cover':
        return 'Nobody can cover their own absence: name a colleague, or nobody (the coordinators cover).';
    }
  },
};
