import { buildChecklist, completionInstant, type ChecklistEntry, type ChecklistItemId, type ItemState } from './checklist.js';
import { foldConsults, type Consult } from './board.js';
import type { CaseFacts, NewCaseEvent } from './events.js';
import type { PaymentMismatch, PaymentState } from './payment.js';
import type { Pause, SlaTimeline } from './sla.js';

/**
 * A case is the fold of its append-only history. Commands are decided against the folded state and
 * answer new events (or a refusal); nothing here performs I/O.
 */

export const CASE_STATUSES = ['intake', 'ready', 'in_review', 'awaiting_info', 'delivered', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
export const OPEN_STATUSES = ['intake', 'ready', 'in_review', 'awaiting_info'] as const satisfies readonly CaseStatus[];
export type OpenStatus = (typeof OPEN_STATUSES)[number];

export interface PaymentRecord {
  state: PaymentState;
  expectedCents: number;
  receivedCents: number | null;
  valueDate: string | null;
  bankReference: string | null;
  mismatch: PaymentMismatch;
  reason: string | null;
}

/** A bank credit found for the case; `bankReference` is '' when the bank gave none (or once erased). */
export interface FoundTransfer {
  transferId: number;
  bankReference: string;
  amountCents: number;
  valueDate: string;
  foundAtMs: number;
  /** The import (`system:bank-statement`) or the coordinator who matched it by hand. */
  foundBy: string;
}

export interface CaseState extends CaseFacts {
  status: CaseStatus;
  createdAtMs: number;
  checklist: ChecklistEntry[];
  payment: PaymentRecord;
  assignee: string | null;
  pauses: Pause[];
  /** The latest pause, open (waiting for information) or closed; null when there was none. */
  lastPause: Pause | null;
  /** The question of the open pause. */
  pendingQuestion: string | null;
  /** Whether the open pause's question was e-mailed to the applicant (its reminders follow it). */
  pendingQuestionEmailed: boolean;
  /** Who asked for the information of the latest pause. */
  infoRequestedBy: string | null;
  /** How many times a doctor let the case go: each release starts a new wait for a reviewer. */
  releases: number;
  /** While ready: since when it waits for a reviewer (documentation complete, or its last release). */
  waitingForReviewerSinceMs: number | null;
  deliveredAtMs: number | null;
  /** The courier's tracking number recorded with the delivery (shown in Details only). */
  courierTracking: string | null;
  cancelledAtMs: number | null;
  cancelReason: string | null;
  /** The board's consults; the lead is the assignee. */
  consults: Consult[];
  /** Bank credits found for the case, oldest first. */
  transfers: FoundTransfer[];
  personalDataErasedAtMs: number | null;
}

export function foldCase(events: readonly NewCaseEvent[]): CaseState {
  const first = events[0];
  if (!first || first.data.type !== 'case_created') throw new Error('a case history starts with case_created');
  const { type: _type, ...facts } = first.data;
  const items = new Map<ChecklistItemId, ItemState>();
  const payment: PaymentRecord = {
    state: 'pending',
    expectedCents: facts.expectedCents,
    receivedCents: null,
    valueDate: null,
    bankReference: null,
    mismatch: null,
    reason: null,
  };
  let assignee: string | null = null;
  const pauses: Pause[] = [];
  let pendingQuestion: string | null = null;
  let pendingQuestionEmailed = false;
  let infoRequestedBy: string | null = null;
  let releases = 0;
  let lastReleasedAtMs = -Infinity;
  let deliveredAtMs: number | null = null;
  let courierTracking: string | null = null;
  let cancelledAtMs: number | null = null;
  let cancelReason: string | null = null;
  let personalDataErasedAtMs: number | null = null;
  const transfers: FoundTransfer[] = [];

  for (const e of events.slice(1)) {
    const d = e.data;
    switch (d.type) {
      case 'document_received':
        items.set(d.item, { state: 'received', receivedAtMs: e.effectiveAtMs });
        break;
      case 'document_rejected':
        items.set(d.item, { state: 'rejected', reason: e.reason ?? '' });
        break;
      case 'payment_confirmed':
        Object.assign(payment, {
          state: d.mismatch ? 'mismatch_accepted' : 'confirmed',
          receivedCents: d.receivedCents,
          valueDate: d.valueDate,
          bankReference: d.bankReference,
          mismatch: d.mismatch,
          reason: e.reason,
        });
        break;
      case 'transfer_matched':
        transfers.push({ transferId: d.transferId, bankReference: d.bankReference, amountCents: d.amountCents, valueDate: d.valueDate, foundAtMs: e.effectiveAtMs, foundBy: e.actor });
        break;
      case 'expected_amount_changed':
        facts.expectedCents = d.expectedCents;
        payment.expectedCents = d.expectedCents;
        break;
      case 'info_requested':
        pauses.push({ fromMs: e.effectiveAtMs, toMs: null });
        pendingQuestion = d.question;
        pendingQuestionEmailed = d.emailApplicant === true;
        infoRequestedBy = e.actor;
        break;
      case 'info_received': {
        const open = pauses[pauses.length - 1];
        if (open && open.toMs === null) open.toMs = e.effectiveAtMs;
        pendingQuestion = null;
        pendingQuestionEmailed = false;
        break;
      }
      case 'assigned':
      case 'claimed':
        assignee = d.assignee;
        break;
      case 'released':
        assignee = null;
        releases++;
        lastReleasedAtMs = Math.max(lastReleasedAtMs, e.effectiveAtMs);
        break;
      case 'delivered':
        deliveredAtMs = e.effectiveAtMs;
        courierTracking = d.courierTracking ?? null;
        break;
      case 'cancelled':
        cancelledAtMs = e.effectiveAtMs;
        cancelReason = e.reason;
        break;
      case 'personal_data_erased':
        personalDataErasedAtMs ??= e.effectiveAtMs;
        break;
      case 'case_created':
      case 'details_viewed':
        break;
      // Consult events: folded apart by the board module (`foldConsults`).
      case 'consult_requested':
      case 'consult_claimed':
      case 'consult_assigned':
      case 'consult_answered':
      case 'consult_withdrawn':
        break;
      default: {
        // A new event type must be folded (or named above): this stops compiling until it is.
        const unhandled: never = d;
        throw new Error(`unhandled event type ${(unhandled as { type: string }).type}`);
      }
    }
  }

  const checklist = buildChecklist(facts.applicantType, facts.imageReview, items);
  const state: CaseState = {
    ...facts,
    status: 'intake',
    createdAtMs: first.effectiveAtMs,
    checklist,
    payment,
    assignee,
    pauses,
    lastPause: pauses.at(-1) ?? null,
    pendingQuestion,
    pendingQuestionEmailed,
    infoRequestedBy,
    releases,
    waitingForReviewerSinceMs: null,
    deliveredAtMs,
    courierTracking,
    cancelledAtMs,
    cancelReason,
    consults: foldConsults(events),
    transfers,
    personalDataErasedAtMs,
  };
  state.status = deriveStatus(state);
  const completedAtMs = completionInstant(checklist);
  if (state.status === 'ready' && completedAtMs !== null) {
    state.waitingForReviewerSinceMs = Math.max(completedAtMs, lastReleasedAtMs);
  }
  return state;
}

/**
 * Status follows from the facts. A case leaves intake as soon as the documentation is complete: the
 * SLA runs from then, so doctors can claim and review it at once. The payment is confirmed beside
 * the review (a bank statement can take days); only delivery waits for it (SPEC section 2).
 */
function deriveStatus(s: Omit<CaseState, 'status'>): CaseStatus {
  if (s.cancelledAtMs !== null) return 'cancelled';
  if (s.deliveredAtMs !== null) return 'delivered';
  if (s.lastPause && s.lastPause.toMs === null) return 'awaiting_info';
  if (s.assignee !== null) return 'in_review';
  if (completionInstant(s.checklist) !== null) return 'ready';
  return 'intake';
}

export function isOpen(status: CaseStatus): boolean {
  return (OPEN_STATUSES as readonly CaseStatus[]).includes(status);
}

/** A case past intake (claimable, in review or paused) whose payment is not confirmed yet: delivery waits for it. */
export function paymentPendingBesideReview(state: Pick<CaseState, 'status' | 'payment'>): boolean {
  return isOpen(state.status) && state.status !== 'intake' && state.payment.state === 'pending';
}

/** The credit the Confirm payment modal is filled in with: the latest found while the payment is pending. */
export function transferToConfirm(state: Pick<CaseState, 'payment' | 'transfers'>): FoundTransfer | null {
  return state.payment.state === 'pending' ? (state.transfers.at(-1) ?? null) : null;
}

export function slaTimeline(state: CaseState): SlaTimeline {
  return {
    startMs: completionInstant(state.checklist),
    pauses: state.pauses,
    stopMs: state.deliveredAtMs ?? state.cancelledAtMs,
  };
}

