import type { ConsultState } from './board.js';
import type { CaseStatus } from './case.js';
import type { Principal } from './permissions.js';
import type { FieldProblem } from './text-rules.js';

/**
 * Refusals as data: why a command changed nothing. A leaf of the domain (it imports only types), so
 * the action table, the commands and the catalogue that words them all sit above it.
 */

/** Why a command changed nothing. Handlers turn it into a 4xx answer or an ephemeral message. */
export type RefusalCode = 'forbidden' | 'invalid_state' | 'invalid_input' | 'already_claimed' | 'not_found' | 'conflict';

/** What was wrong, as data: the message catalogue words it in the reader's language. */
export type RefusalReason =
  | { key: 'needs_role'; roles: readonly Principal[] }
  | { key: 'holder_only' }
  | { key: 'already_held'; holder: string }
  | { key: 'wrong_state'; status: CaseStatus }
  | { key: 'required'; what: 'reason' | 'question' | 'bank_reference' }
  | { key: 'invalid_instant' }
  | { key: 'future_instant' }
  | { key: 'too_early_instant' }
  | { key: 'bad_text'; problem: FieldProblem }
  | { key: 'unknown_item'; item: string }
  | { key: 'duplicate_item'; item: string }
  | { key: 'docs_complete' }
  | { key: 'payment_already_confirmed' }
  | { key: 'invalid_amount' }
  | { key: 'invalid_value_date' }
  | { key: 'payment_mismatch'; mismatch: 'underpaid' | 'overpaid'; expectedCents: number }
  | { key: 'not_a_doctor' }
  | { key: 'info_before_request' }
  | { key: 'unpaid_delivery' }
  | { key: 'delivered_too_early' }
  | { key: 'not_found'; reference: string }
  | { key: 'idempotency_conflict' }
  | { key: 'erased_case_request' }
  | { key: 'role_not_held'; role: string }
  | { key: 'unknown_staff_area'; area: string; areas: readonly string[] }
  | { key: 'absence_range' }
  | { key: 'absence_over' }
  /** A snooze on a reminder whose case has moved on (claimed, delivered, answered, resumed). */
  | { key: 'reminder_over' }
  /** An item of the coordinators' inbox another coordinator already handled (or one that never was). */
  | { key: 'inbox_item_gone' }
  | { key: 'self_cover' }
  | { key: 'cover_not_staff' }
  | { key: 'own_absence_only' }
  | { key: 'unknown_consult' }
  | { key: 'consult_closed'; area: string; state: ConsultState }
  | { key: 'too_long'; max: number }
  | { key: 'consult_before_documents' }
  | { key: 'consult_deadline_past' }
  | { key: 'consult_after_case_due' }
  | { key: 'consult_held'; area: string; holder: string }
  | { key: 'not_in_area'; area: string }
  | { key: 'consult_unclaimed'; area: string }
  | { key: 'consult_pending'; area: string; state: ConsultState };

export interface RefusalDetails {
  needs?: readonly Principal[];
  holder?: string | null;
  field?: string;
}

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    readonly reason: RefusalReason,
    readonly details: RefusalDetails = {},
  ) {
    super(reason.key);
    this.name = 'Refusal';
  }
}

/** The action table's answer to "may this person do this now". */
export type Verdict =
  | { allowed: true }
  | {
      allowed: false;
      code: RefusalCode;
      reason: RefusalReason;
      details: { needs?: readonly Principal[]; holder?: string | null };
    };

/** Throws the refusal a negative verdict carries. */
export function refuse(verdict: Verdict): void {
  if (!verdict.allowed) throw new Refusal(verdict.code, verdict.reason, verdict.details);
}
