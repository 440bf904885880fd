import type { Insertable } from 'kysely';
import type { Consult } from '../../domain/board.js';
import type { CaseState, PaymentRecord } from '../../domain/case.js';
import type { ChecklistEntry } from '../../domain/checklist.js';
import type { NewCaseInput } from '../../domain/new-case.js';
import type { SlaStatus } from '../../domain/sla.js';
import type { CaseConsultsTable, CasePersonalDataTable, CasesTable, ChecklistItemsTable, PaymentsTable } from '../types.js';

/**
 * How a case's state is laid out in columns: the one place that knows both the domain's objects and
 * the tables' snake_case columns. The cases repository writes with it; the services hand it domain
 * objects only.
 */

/** What the case row keeps of a case for indexing, all of it derived from the events. */
export interface DerivedCase {
  state: CaseState;
  sla: SlaStatus;
  /** Working time the case has spent waiting for information so far (the report's "time paused"). */
  pausedMs: number;
  /** When it was derived: the row's `updated_at`. */
  atMs: number;
}

/** The rows beside the case row: its checklist, its consults with their deadlines, its payment. */
export interface CaseDetails {
  checklist: readonly ChecklistEntry[];
  consults: readonly { consult: Consult; dueAtMs: number | null }[];
  payment: PaymentRecord;
}

/** Where a new case stands in the year's numbering. */
export interface CaseNumber {
  reference: string;
  year: number;
  seq: number;
}

/** The personal data a new case brings (SPEC section 2): kept apart, erased on schedule. */
export type NewPersonalData = Pick<NewCaseInput, 'applicant' | 'patient' | 'notes'>;

/**
 * The derived columns kept on the case row; always recomputed from the events. The SLA columns are
 * exact for running and stopped cases: `sla_due_at` moves only with events, and a running case is
 * breached exactly when its due instant has passed.
 */
export function projectionColumns({ state, sla, pausedMs, atMs }: DerivedCase) {
  const openPause = state.pauses.at(-1);
  const closedAt = state.deliveredAtMs ?? state.cancelledAtMs;
  return {
    sla_elapsed_seconds: Math.round(sla.elapsedWorkingMs / 1000),
    paused_since: state.status === 'awaiting_info' && openPause ? new Date(openPause.fromMs) : null,
    closed_at: closedAt === null ? null : new Date(closedAt),
    personal_data_erased_at: state.personalDataErasedAtMs === null ? null : new Date(state.personalDataErasedAtMs),
    sla_paused_seconds: Math.round(pausedMs / 1000),
    pause_count: state.pauses.length,
    status: state.status,
    assignee: state.assignee,
    payment_state: state.payment.state,
    docs_completed_at: sla.startedAtMs === null ? null : new Date(sla.startedAtMs),
    sla_state: sla.state,
    sla_due_at: sla.dueAtMs === null ? null : new Date(sla.dueAtMs),
    sla_breached: sla.breached,
    updated_at: new Date(atMs),
  } satisfies Partial<Insertable<CasesTable>>;
}

/** A new case's row: its number, the facts it was created with, and the derived columns. */
export function newCaseColumns(number: CaseNumber, externalId: string | null, derived: DerivedCase): Insertable<CasesTable> {
  const { state } = derived;
  return {
    reference: number.reference,
    year: number.year,
    seq: number.seq,
    external_id: externalId,
    applicant_type: state.applicantType,
    pathology_area: state.pathologyArea,
    language: state.language,
    image_review: state.imageReview,
    delivery_channel: state.deliveryChannel,
    expected_cents: state.expectedCents,
    created_at: new Date(state.createdAtMs),
    ...projectionColumns(derived),
  };
}

export function personalDataColumns(caseId: number, { applicant, patient, notes }: NewPersonalData): Omit<Insertable<CasePersonalDataTable>, 'name_keys'> {
  return {
    case_id: caseId,
    applicant_name: applicant.name,
    applicant_email: applicant.email,
    applicant_phone: applicant.phone,
    applicant_language: applicant.language,
    patient_name: patient.name,
    patient_birth_date: patient.birthDate,
    patient_tax_code: patient.taxCode,
    patient_email: patient.email,
    patient_phone: patient.phone,
    notes,
  };
}

export type ChecklistRow = Omit<Insertable<ChecklistItemsTable>, 'case_id'>;
export type ConsultRow = Omit<Insertable<CaseConsultsTable>, 'case_id'>;
export type PaymentRow = Omit<Insertable<PaymentsTable>, 'case_id'>;

export function detailRows(details: CaseDetails): { checklist: ChecklistRow[]; consults: ConsultRow[]; payment: PaymentRow } {
  const p = details.payment;
  return {
    checklist: details.checklist.map((e) => ({
      item: e.item,
      required: e.required,
      state: e.status.state,
      received_at: e.status.state === 'received' ? new Date(e.status.receivedAtMs) : null,
      reason: e.status.state === 'rejected' ? e.status.reason : null,
    })),
    consults: details.consults.map(({ consult: c, dueAtMs }) => ({
      consult: c.id,
      area: c.area,
      state: c.state,
      assignee: c.assignee,
      due_at: dueAtMs === null ? null : new Date(dueAtMs),
      image_review: c.imageReview,
    })),
    payment: {
      expected_cents: p.expectedCents,
      state: p.state,
      received_cents: p.receivedCents,
      value_date: p.valueDate,
      bank_reference: p.bankReference,
      mismatch: p.mismatch,
      reason: p.reason,
    },
  };
}
