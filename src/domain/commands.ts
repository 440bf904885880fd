import { authorise, judge } from './actions.js';
import { foldCase, type CaseState } from './case.js';
import type { CancelCategory, CaseFacts, NewCaseEvent } from './events.js';
import { CHECKLIST_ITEMS, completionInstant, isRejectionReason, type ChecklistItemId, type RejectionReason } from './checklist.js';
import {
  decideConsult,
  type BoardContext,
  type ConsultCommand,
} from './consult-commands.js';
import { paymentMismatch } from './payment.js';
import type { Actor, Role } from './permissions.js';
import { Refusal, refuse } from './refusal.js';
import { isoDateString, localIsoDate, parseIsoDate } from './local-time.js';
import { recordedInstantProblem } from './plausible-instants.js';
import { TEXT_LIMITS, textProblem } from './text-rules.js';

export interface DocumentReceipt {
  item: ChecklistItemId;
  receivedAtMs: number;
}

export type CaseCommand =
  | { type: 'record_documents'; documents: readonly DocumentReceipt[] }
  | { type: 'reject_document'; item: ChecklistItemId; reason: RejectionReason }
  | { type: 'confirm_payment'; receivedCents: number; valueDate: string; bankReference: string; reason: string | null }
  /** A bank credit found to pay the case (SPEC section 11): by the statement import, or a coordinator's "Match to case…". */
  | { type: 'record_transfer'; transferId: number; bankReference: string | null; amountCents: number; valueDate: string }
  | { type: 'assign'; assignee: string; assigneeRoles: ReadonlySet<Role> }
  | { type: 'claim' }
  | { type: 'release' }
  /** `emailApplicant`: send the question to the applicant as written (SPEC section 10). */
  | { type: 'request_info'; question: string; emailApplicant?: boolean }
  | { type: 'info_received'; receivedAtMs: number | null }
  /** `deliveredAtMs`: when the opinion left, now or earlier (null: now); `courierTracking`: optional. */
  | { type: 'deliver'; deliveredAtMs?: number | null; courierTracking?: string | null }
  /** `category`: the fixed reason the applicant is told; `reason`: the staff's own words, never sent. */
  | { type: 'cancel'; reason: string; category?: CancelCategory | null }
  | { type: 'view_details' }
  | ConsultCommand
  | { type: 'erase_personal_data'; reason: string };

const CONSULT_COMMANDS: readonly CaseCommand['type'][] = [
  'request_consult',
  'claim_consult',
  'assign_consult',
  'answer_consult',
  'withdraw_consult',
];
const isConsultCommand = (c: CaseCommand): c is ConsultCommand => CONSULT_COMMANDS.includes(c.type);


/**
 * A plausible past instant of a case created at `createdAtMs` (SPEC section 3), or now when it is
 * "in the future" only by clock skew.
 */
export function pastInstant(requestedMs: number, nowMs: number, field: string, createdAtMs: number = nowMs): number {
  const problem = recordedInstantProblem(requestedMs, createdAtMs, nowMs);
  if (problem === 'invalid') throw new Refusal('invalid_input', { key: 'invalid_instant' }, { field });
  if (problem === 'future') throw new Refusal('invalid_input', { key: 'future_instant' }, { field });
  if (problem === 'too_early') throw new Refusal('invalid_input', { key: 'too_early_instant' }, { field });
  return Math.min(requestedMs, nowMs);
}

const TEXT_MAX: Record<'reason' | 'question' | 'bank_reference', number> = {
  reason: TEXT_LIMITS.reason,
  question: TEXT_LIMITS.question,
  bank_reference: TEXT_LIMITS.bankReference,
};

/** A required free text: not blank, no control characters, within the limit shared with the modals. */
function requireText(value: string, what: 'reason' | 'question' | 'bank_reference'): string {
  const problem = textProblem(value, TEXT_MAX[what]);
  if (problem) throw new Refusal('invalid_input', { key: 'bad_text', problem }, { field: what });
  const trimmed = value.trim();
  if (!trimmed) throw new Refusal('invalid_input', { key: 'required', what }, { field: what });
  return trimmed;
}

/** The first events of a new case. */
export function decideCreate(
  facts: CaseFacts,
  initialDocuments: readonly DocumentReceipt[],
  actor: Actor,
  nowMs: number,
): NewCaseEvent[] {
  authorise(actor, 'create_case');
  const created: NewCaseEvent = {
    actor: actor.id,
    effectiveAtMs: nowMs,
    recordedAtMs: nowMs,
    reason: null,
    data: { type: 'case_created', ...facts },
  };
  return [created, ...receiptEvents(foldCase([created]), initialDocuments, actor, nowMs)];
}

function receiptEvents(
  state: CaseState,
  documents: readonly DocumentReceipt[],
  actor: Actor,
  nowMs: number,
): NewCaseEvent[] {
  const seen = new Set<ChecklistItemId>();
  const events: NewCaseEvent[] = [];
  documents.forEach((doc, i) => {
    if (!CHECKLIST_ITEMS.includes(doc.item)) {
      throw new Refusal('invalid_input', { key: 'unknown_item', item: String(doc.item) }, { field: `documents.${i}.item` });
    }
    if (seen.has(doc.item)) {
      throw new Refusal('invalid_input', { key: 'duplicate_item', item: doc.item }, { field: `documents.${i}.item` });
    }
    seen.add(doc.item);
    const at = pastInstant(doc.receivedAtMs, nowMs, `documents.${i}.receivedAt`, state.createdAtMs);
    const current = state.checklist.find((e) => e.item === doc.item)?.status;
    // Recording the same receipt again (a retried request, a double click) changes nothing.
    if (current?.state === 'received' && current.receivedAtMs === at) return;
    events.push({
      actor: actor.id,
      effectiveAtMs: at,
      recordedAtMs: nowMs,
      reason: null,
      data: { type: 'document_received', item: doc.item },
    });
  });
  return events;
}

/**
 * Decides a command against the current state: the events to append, an empty list when the
 * command would change nothing (a repeated click), or a Refusal.
 */
export function decide(
  state: CaseState,
  command: CaseCommand,
  actor: Actor,
  nowMs: number,
  timeZone: string,
  board: BoardContext | null = null,
): NewCaseEvent[] {
  if (isConsultCommand(command)) {
    if (!board) throw new Error('consult commands need the board context');
    // Who may act on a consult depends on the consult too (its consultant): the board module asks the table.
    return decideConsult(state, command, actor, nowMs, board);
  }
  const verdict = judge(actor, command.type, state);
  // A repeated claim by the doctor who already holds the case changes nothing.
  if (!verdict.allowed && verdict.reason.key === 'already_held' && verdict.reason.holder === actor.id) return [];
  refuse(verdict);
  const event = (data: NewCaseEvent['data'], reason: string | null = null, effectiveAtMs = nowMs): NewCaseEvent[] => [
    { actor: actor.id, effectiveAtMs, recordedAtMs: nowMs, reason, data },
  ];

  switch (command.type) {
    case 'record_documents':
      if (state.status !== 'intake') {
        const received = new Set(state.checklist.filter((e) => e.status.state === 'received').map((e) => e.item));
        if (command.documents.some((d) => !received.has(d.item))) {
          throw new Refusal('invalid_state', { key: 'docs_complete' }, { field: 'documents' });
        }
      }
      return receiptEvents(state, command.documents, actor, nowMs);

    case 'reject_document': {
      // A key of the domain's list, never free text: the reason is shown in channels.
      if (!isRejectionReason(command.reason)) throw new Refusal('invalid_input', { key: 'required', what: 'reason' }, { field: 'reason' });
      const reason = command.reason;
      const current = state.checklist.find((e) => e.item === command.item)?.status;
      if (current?.state === 'rejected' && current.reason === reason) return [];
      return event({ type: 'document_rejected', item: command.item }, reason);
    }

    case 'confirm_payment': {
      if (!Number.isInteger(command.receivedCents) || command.receivedCents <= 0) {
        throw new Refusal('invalid_input', { key: 'invalid_amount' }, { field: 'amount' });
      }
      // The bank's value date is a date of the calendar's zone: compare it with today there, not in UTC.
      const valueDate = parseIsoDate(command.valueDate);
      if (!valueDate || isoDateString(valueDate) > localIsoDate(nowMs, timeZone)) {
        throw new Refusal('invalid_input', { key: 'invalid_value_date' }, { field: 'value_date' });
      }
      const bankReference = requireText(command.bankReference, 'bank_reference');
      const mismatch = paymentMismatch(state.expectedCents, command.receivedCents);
      const reasonProblem = command.reason === null ? null : textProblem(command.reason, TEXT_LIMITS.reason);
      if (reasonProblem) throw new Refusal('invalid_input', { key: 'bad_text', problem: reasonProblem }, { field: 'reason' });
      const reason = command.reason?.trim() || null;
      if (mismatch && !reason) {
        throw new Refusal(
          'invalid_input',
          { key: 'payment_mismatch', mismatch, expectedCents: state.expectedCents },
          { field: 'reason' },
        );
      }
      return event(
        { type: 'payment_confirmed', receivedCents: command.receivedCents, valueDate: command.valueDate, bankReference, mismatch },
        reason,
      );
    }

    case 'record_transfer': {
      // The same credit found again (a retried match) changes nothing.
      if (state.transfers.some((t) => t.transferId === command.transferId)) return [];
      if (!Number.isInteger(command.amountCents) || command.amountCents <= 0) {
        throw new Refusal('invalid_input', { key: 'invalid_amount' }, { field: 'amount' });
      }
      if (!parseIsoDate(command.valueDate)) throw new Refusal('invalid_input', { key: 'invalid_value_date' }, { field: 'value_date' });
      return event({
        type: 'transfer_matched',
        transferId: command.transferId,
        bankReference: command.bankReference?.trim() ?? '',
        amountCents: command.amountCents,
        valueDate: command.valueDate,
      });
    }

    case 'assign':
      if (!command.assigneeRoles.has('doctor')) {
        throw new Refusal('invalid_input', { key: 'not_a_doctor' }, { field: 'assignee' });
      }
      if (state.assignee === command.assignee) return [];
      return event({ type: 'assigned', assignee: command.assignee });

    case 'claim':
      return event({ type: 'claimed', assignee: actor.id });

    case 'release':
      return event({ type: 'released', previousAssignee: state.assignee ?? '' });

    case 'request_info':
      return event({
        type: 'info_requested',
        question: requireText(command.question, 'question'),
        ...(command.emailApplicant ? { emailApplicant: true } : {}),
      });

    case 'info_received': {
      const pause = state.pauses[state.pauses.length - 1];
      const at = command.receivedAtMs === null ? nowMs : pastInstant(command.receivedAtMs, nowMs, 'received_at', state.createdAtMs);
      if (pause && at < pause.fromMs) {
        throw new Refusal('invalid_input', { key: 'info_before_request' }, { field: 'received_at' });
      }
      return event({ type: 'info_received' }, null, at);
    }

    case 'deliver': {
      const at = command.deliveredAtMs == null ? nowMs : pastInstant(command.deliveredAtMs, nowMs, 'delivered_at', state.createdAtMs);
      // Not before the answer was owed (the documentation complete), nor inside the last wait for information.
      const start = completionInstant(state.checklist);
      const resumed = state.lastPause?.toMs ?? null;
      if ((start !== null && at < start) || (resumed !== null && at < resumed)) {
        throw new Refusal('invalid_input', { key: 'delivered_too_early' }, { field: 'delivered_at' });
      }
      const tracking = command.courierTracking?.trim() || null;
      const trackingProblem = tracking === null ? null : textProblem(tracking, TEXT_LIMITS.courierTracking);
      if (trackingProblem) throw new Refusal('invalid_input', { key: 'bad_text', problem: trackingProblem }, { field: 'courier_tracking' });
      return event({ type: 'delivered', ...(tracking ? { courierTracking: tracking } : {}) }, null, at);
    }

    case 'cancel':
      // The category is parsed where it comes in (a choice of the modal); the reason is the staff's.
      return event({ type: 'cancelled', ...(command.category ? { category: command.category } : {}) }, requireText(command.reason, 'reason'));

    case 'view_details':
      // Once erased there is nothing personal left to view, so nothing to record as viewed.
      if (state.personalDataErasedAtMs !== null) return [];
      return event({ type: 'details_viewed' });

    case 'erase_personal_data':
      if (state.personalDataErasedAtMs !== null) return [];
      return event({ type: 'personal_data_erased' }, requireText(command.reason, 'reason'));
  }
}
