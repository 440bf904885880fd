import { z } from 'zod';
import { CANCEL_CATEGORIES, type CaseEventData, type CaseEventType, type NewCaseEvent } from '../domain/events.js';
import { CHECKLIST_ITEMS } from '../domain/checklist.js';
import { DELIVERY_CHANNELS } from '../domain/payment.js';

/**
 * The stored form of each event's `data`, parsed when a history is read: a stored row is input from
 * outside like any other (written by an older release, or by hand). Each event type has its own
 * version, written as `v`; rows written before versions existed have none and read as version 1.
 * A change to an event's shape adds a version here, with an upgrade of the older ones to it.
 */

const checklistItem = z.enum(CHECKLIST_ITEMS);
const userId = z.string().min(1);
const consultNumber = z.number().int().positive();

/** The current schema of each event type (its `type` is checked by the table's key). */
const CURRENT = {
  case_created: z.object({
    applicantType: z.enum(['patient', 'representative']),
    pathologyArea: z.string().min(1),
    language: z.enum(['it', 'en']),
    imageReview: z.boolean(),
    deliveryChannel: z.enum(DELIVERY_CHANNELS),
    expectedCents: z.number().int().nonnegative(),
  }),
  document_received: z.object({ item: checklistItem }),
  document_rejected: z.object({ item: checklistItem }),
  payment_confirmed: z.object({
    receivedCents: z.number().int().positive(),
    valueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    bankReference: z.string(),
    mismatch: z.enum(['underpaid', 'overpaid']).nullable(),
  }),
  expected_amount_changed: z.object({ expectedCents: z.number().int().nonnegative() }),
  transfer_matched: z.object({
    transferId: z.number().int().positive(),
    bankReference: z.string(),
    amountCents: z.number().int().positive(),
    valueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  }),
  // `emailApplicant` was added without a new version: an optional field older rows lack (read as not e-mailed).
  info_requested: z.object({ question: z.string(), emailApplicant: z.boolean().optional() }),
  info_received: z.object({}),
  assigned: z.object({ assignee: userId }),
  claimed: z.object({ assignee: userId }),
  released: z.object({ previousAssignee: z.string() }),
  // `courierTracking` was added without a new version: an optional field older rows lack.
  delivered: z.object({ courierTracking: z.string().optional() }),
  // `category` was added without a new version: an optional field older rows lack.
  cancelled: z.object({ category: z.enum(CANCEL_CATEGORIES).optional() }),
  details_viewed: z.object({}),
  // The board (SPEC section 8): consults are numbered within their case.
  consult_requested: z.object({
    consult: consultNumber,
    area: z.string().min(1),
    question: z.string().nullable(),
    dueElapsedMs: z.number().int().nonnegative(),
    imageReview: z.boolean(),
  }),
  consult_claimed: z.object({ consult: consultNumber, consultant: userId }),
  consult_assigned: z.object({ consult: consultNumber, consultant: userId }),
  consult_answered: z.object({ consult: consultNumber }),
  consult_withdrawn: z.object({ consult: consultNumber }),
  personal_data_erased: z.object({}),
} satisfies { [T in CaseEventType]: z.ZodType<Omit<Extract<CaseEventData, { type: T }>, 'type'>> };

/** The version each event type is written with today. */
export const EVENT_VERSIONS: { [T in CaseEventType]: number } = {
  case_created: 1,
  document_received: 1,
  document_rejected: 1,
  payment_confirmed: 1,
  expected_amount_changed: 1,
  transfer_matched: 1,
  info_requested: 1,
  info_received: 1,
  assigned: 1,
  claimed: 1,
  released: 1,
  delivered: 1,
  cancelled: 1,
  details_viewed: 1,
  consult_requested: 1,
  consult_claimed: 1,
  consult_assigned: 1,
  consult_answered: 1,
  consult_withdrawn: 1,
  personal_data_erased: 1,
};

const envelope = z.object({
  type: z.enum(Object.keys(CURRENT) as [CaseEventType, ...CaseEventType[]]),
  v: z.number().int().positive().default(1),
});

/** A stored event that cannot be read: names its case and event, so one bad row is found and fixed. */
export class StoredEventError extends Error {
  constructor(
    readonly caseId: number,
    readonly eventId: number,
    readonly problem: string,
  ) {
    super(`case ${caseId}: stored event ${eventId} cannot be read (${problem})`);
    this.name = 'StoredEventError';
  }
}

export interface StoredEventRow {
  id: number;
  case_id: number;
  actor: string;
  effective_at: Date;
  recorded_at: Date;
  reason: string | null;
  data: unknown;
}

/** The `data` column of a new event: its fields, type and version. */
export function storedEventData(data: CaseEventData): string {
  return JSON.stringify({ ...data, v: EVENT_VERSIONS[data.type] });
}

/** Parses one stored event, or throws a StoredEventError naming it. */
export function parseStoredEvent(row: StoredEventRow): NewCaseEvent {
  const fail = (problem: string) => new StoredEventError(row.case_id, row.id, problem);
  const head = envelope.safeParse(row.data);
  if (!head.success) throw fail(z.prettifyError(head.error).replaceAll('\n', ' '));
  const { type, v } = head.data;
  if (v !== EVENT_VERSIONS[type]) throw fail(`${type} has no version ${v}`);
  const body = CURRENT[type].safeParse(row.data);
  if (!body.success) throw fail(`${type} v${v}: ${z.prettifyError(body.error).replaceAll('\n', ' ')}`);
  return {
    actor: row.actor,
    effectiveAtMs: row.effective_at.getTime(),
    recordedAtMs: row.recorded_at.getTime(),
    reason: row.reason,
    // The schema of `type` has just accepted these fields; TypeScript cannot pair the two by itself.
    data: { type, ...body.data } as CaseEventData,
  };
}
